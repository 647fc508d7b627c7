"""The compiled-pack cache: an engine built once, then loaded in milliseconds.

Reading and validating the pack, indexing its claims and compiling the lexicons costs
most of a short run's start-up; the result depends only on the pack files, the lexicons
and the code. So the CLI keeps it, pickled, in the user's cache directory
(`$CLAIMCHECK_CACHE_DIR`, else `$XDG_CACHE_HOME/claimcheck`, else `~/.cache/claimcheck`),
one file per key. The key hashes every pack file's bytes, the pack directories, claimcheck's
version and its code files (size and modification time), and the Python version: an edited
pack, a new release or another interpreter never reads a stale engine. (The pack installed
inside claimcheck is keyed like its code, by its files' sizes and modification times.)

Beside the engines, the console script keeps one start-up file per code key: the patterns
claimcheck compiles as it imports and runs, and its dataclasses' methods (`classcode`),
so that a run compiles (almost) nothing. Each run adds what it compiled that was missing.

The cache is only ever a shortcut. A missing, unreadable, corrupt or foreign file is
rebuilt; a directory that cannot be written is left alone; nothing here raises. A file is
written to a temporary name and renamed into place, so readers see all of it or none.
Deleting the directory is always safe. Like any file in the user's own cache directory,
it is trusted as the user's own.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import pickle
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimcheck import __version__, classcode, digests, lexicons, regexcache
from claimcheck.files import read_bounded

if TYPE_CHECKING:
    from claimcheck.pipeline import Engine

__all__ = ["CACHE_ENV", "cache_dir", "engine_key", "load_engine", "preload_startup", "save_startup"]

CACHE_ENV = "CLAIMCHECK_CACHE_DIR"
FORMAT = b"claimcheck-engine-cache 3"  # bump when the file's layout changes
KEEP_FILES = 8  # older engines (other packs, other versions) are pruned beyond this
_PACK_FILES = ("substances.yaml", "concepts.yaml", "sources.yaml")
_PACK_GLOBS = (("studies", "*.y*ml"), ("claims", "*.y*ml"))
_PACKAGE = Path(__file__).resolve().parent
_SHIPPED_PACK = _PACKAGE / "pack"  # in a wheel; a source checkout's pack is keyed by its bytes
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
_loaded: dict[str, Engine] = {}
_MAX_PACK_FILE_BYTES = 1_000_000  # pack.MAX_PACK_FILE_BYTES; a test keeps them equal
_code_keys: dict[str, str] = {}  # claimcheck's version -> `code_key`


def cache_dir() -> Path:
    """Where compiled engines are kept."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimcheck"


def load_engine(directories: Sequence[Path] | None = None) -> Engine:
    """The engine for these pack directories, from the cache when it is fresh.

    The loaded objects are frozen out of the garbage collector's full passes: they live
    as long as the process.
    """
    try:
        return _engine(directories)
    finally:
        _resume_collector()


def _engine(directories: Sequence[Path] | None) -> Engine:
    from claimcheck.pack import default_pack_dir, load_pack
    from claimcheck.pipeline import build_engine

    if _startup.key and not _startup.at_engine_load:
        # NOTE: the modules' own patterns, copied before building an engine pushes them out
        # of `re`'s cache (it keeps 512): `save_startup` stores them.
        _startup.at_engine_load = regexcache.in_re()
    dirs = list(directories) if directories else [default_pack_dir()]
    key = engine_key(dirs)
    if key is None:
        return build_engine(load_pack(dirs))
    if key in _loaded:  # a second run in the same process (tests, the Python API)
        return _loaded[key]
    path = cache_dir() / f"engine-{key[:40]}.pickle"
    engine = _read(path, key)
    if engine is None:
        engine = build_engine(load_pack(dirs))
        _compile_lexicons()
        _store_engine(path, key, engine)
        # What building compiled: stored with the engine, or needed only to build one. Not
        # so what was compiled at import (needed before the engine file is read).
        built = [*regexcache.compiled(), *regexcache.in_re().values()]
        _startup.built = {id(p) for p in built} - {id(p) for p in _startup.at_engine_load.values()}
    _loaded[key] = engine
    gc.freeze()
    return engine


def _resume_collector() -> None:
    """Turn the garbage collector back on if `preload_startup` paused it."""
    if _startup.collector_paused:
        _startup.collector_paused = False
        gc.enable()


class _Startup:
    """What `preload_startup` read, for `save_startup` to add to."""

    def __init__(self) -> None:
        self.key = ""  # the code key, once preload_startup has run
        self.patterns: dict[tuple[str, int], regexcache.RegexParts] = {}
        self.at_engine_load: dict[Any, Any] = {}  # `re`'s cache, copied
        self.built: set[int] = set()  # ids of the patterns only an engine build compiled
        self.collector_paused = False  # until the engine is loaded


_startup = _Startup()
MAX_STARTUP_PATTERNS = 2_000  # beyond this (user globs, say), a file keeps only one run's


def preload_startup() -> None:
    """Hand over what claimcheck compiles as it starts and runs, as earlier runs stored it.

    The patterns its modules compile go to `re`'s cache, and the dataclass methods they
    define are compiled through `classcode` (which from now on records what it compiles).
    The console script calls it first thing, before the modules are imported, and
    `save_startup` when the command is done; a missing or stale file costs nothing.
    """
    # NOTE: until the engine is loaded, start-up only makes objects that live as long as
    # the process (modules, classes, patterns): collecting garbage among them is wasted
    # work, about 3.5% of a one-sentence check's instructions.
    if gc.isenabled():
        gc.disable()
        _startup.collector_paused = True
    classcode.record()
    _startup.key = code_key()
    stored = _read_stored(_startup_path(_startup.key), _startup.key)
    if not (isinstance(stored, tuple) and len(stored) == 2 and isinstance(stored[0], dict)):
        return
    patterns, code = stored
    regexcache.install_in_re(patterns)
    classcode.install(code)
    _startup.patterns = patterns


def save_startup() -> None:
    """Store the patterns and methods this run compiled that the start-up file lacked.

    Runs at the end of the console script's command. Nothing is written when nothing is
    new, which after the first run of each command is always: the check itself costs a
    walk over `re`'s cache (at most 512 entries).
    """
    _resume_collector()  # for a command that loaded no engine
    if not _startup.key:
        return
    built = _startup.built
    seen = {**_startup.at_engine_load, **regexcache.in_re()}
    fresh = {
        key: compiled
        for key, compiled in seen.items()
        if id(compiled) not in built and isinstance(key, tuple) and key[1:] not in _startup.patterns
    }
    added = regexcache.recorded_in_re(fresh)
    if not added and not classcode.fresh():
        return
    patterns = {**_startup.patterns, **added}
    if len(patterns) > MAX_STARTUP_PATTERNS:
        patterns = regexcache.recorded_in_re({k: p for k, p in seen.items() if id(p) not in built})
    _write(_startup_path(_startup.key), (_startup.key, (patterns, classcode.recorded())))
    _startup.patterns = patterns


def _startup_path(key: str) -> Path:
    return cache_dir() / f"startup-{key[:40]}.pickle"


def _compile_lexicons() -> None:
    """Compile the lexicons every audit uses, so their patterns are stored with the engine."""
    from claimcheck.match import subject_cues
    from claimcheck.wording import load_lexicon

    subject_cues()
    load_lexicon()


def code_key() -> str:
    """What stored code words depend on: claimcheck's version and code, and the Python.

    Worked out once per process (and version): the start-up file and the engine both need
    it, and the code a process runs is the code it imported, whatever changes on disk.
    """
    key = _code_keys.get(__version__)
    if key is None:
        digest = digests.blake2b(FORMAT, digest_size=32)
        for part in (__version__, sys.version, sys.implementation.cache_tag or ""):
            digest.update(part.encode() + b"\0")
        for entry in _code_files():
            digest.update(entry.encode("utf-8", "surrogateescape") + b"\0")
        key = _code_keys[__version__] = digest.hexdigest()
    return key


def engine_key(directories: Sequence[Path]) -> str | None:
    """The cache key of an engine for these packs; None when a pack file is not plain.

    (A pack file that is a FIFO, a device or too large is for `load_pack` to report.)
    """
    digest = digests.blake2b(FORMAT, digest_size=32)
    digest.update(code_key().encode())
    for directory in directories:
        where = f"pack {directory}\0{Path(directory).absolute()}\0"
        digest.update(where.encode("utf-8", "surrogateescape"))
        # NOTE: the pack installed with claimcheck is keyed like its code, by size and
        # modification time: it changes only with a reinstall. Reading its 80 files to
        # hash them was the largest part of loading a cached engine after unpickling it.
        shipped = Path(directory).resolve() == _SHIPPED_PACK
        for path in _pack_files(directory):
            entry = _file_stamp(path) if shipped else _pack_bytes(path)
            if entry is None:
                return None
            digest.update(f"{path.name}\0{len(entry)}\0".encode("utf-8", "surrogateescape"))
            digest.update(entry)
    return digest.hexdigest()


def _file_stamp(path: Path) -> bytes | None:
    """Size and modification time of a file of the shipped pack; None if it is not plain."""
    try:
        info = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return f"{info.st_size}:{info.st_mtime_ns}".encode()


def _code_files() -> Iterator[str]:
    """Name, size and modification time of every code and lexicon file of claimcheck."""
    for root, dirs, files in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d not in ("pack", "__pycache__"))
        for name in sorted(files):
            if name.endswith((".py", ".yaml")):
                path = Path(root, name)
                with contextlib.suppress(OSError):
                    info = path.stat()
                    yield f"{path.relative_to(_PACKAGE)}:{info.st_size}:{info.st_mtime_ns}"


def _pack_files(directory: Path) -> Iterator[Path]:
    """The files `load_pack` reads from one directory, in its order."""
    for name in _PACK_FILES:
        path = directory / name
        if path.exists() or path.is_symlink():
            yield path
    for sub, pattern in _PACK_GLOBS:
        yield from sorted((directory / sub).glob(pattern))


def _pack_bytes(path: Path) -> bytes | None:
    """A regular pack file's bytes; None for anything `load_pack` should judge instead."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_PACK_FILE_BYTES:
            return None
        return read_bounded(descriptor, _MAX_PACK_FILE_BYTES)
    except OSError:
        return None
    finally:
        os.close(descriptor)


class _Pickler(pickle.Pickler):
    """Stores compiled patterns with their code words, so loading need not compile them."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, re.Pattern) and (parts := regexcache.parts_of(obj)) is not None:
            return regexcache.rebuild, (parts,)
        return NotImplemented


def _read(path: Path, key: str) -> Engine | None:
    """The engine stored under `key`, or None if the file is missing or not one of ours."""
    from claimcheck.pipeline import Engine
    from claimcheck.wording import install_lexicon

    stored = _read_stored(path, key)
    if not (isinstance(stored, tuple) and len(stored) == 4):
        return None
    engine, patterns, parsed, wording_lexicon = stored
    if not isinstance(engine, Engine):
        return None
    regexcache.install(patterns)
    lexicons.install(parsed)
    install_lexicon(wording_lexicon)
    return engine


def _read_stored(path: Path, key: str) -> Any:
    """What a cache file holds under `key`; None if it is missing or not one of ours."""
    enabled = gc.isenabled()
    gc.disable()  # NOTE: unpickling creates many objects; collections then are wasted work
    try:
        # NOTE: unpickled from the file, not from its bytes read whole: a copy of a 3.5 MB
        # file costs page faults, a tenth of a one-sentence check's
        with path.open("rb") as stream:
            if stream.read(len(FORMAT) + 1) != FORMAT + b"\n":
                return None
            stored = pickle.load(stream)  # the user's own cache
    except Exception:  # missing, unreadable, corrupt, or written by other code: rebuild it
        return None
    finally:
        if enabled:
            gc.enable()
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key):
        return None
    return stored[1]


def _store_engine(path: Path, key: str, engine: Engine) -> None:
    from claimcheck.wording import load_lexicon

    stored = (engine, regexcache.recorded(), lexicons.loaded(), load_lexicon())
    _write(path, (key, stored))


def _write(path: Path, payload: tuple[str, Any]) -> None:
    """Store (key, what) atomically; a cache that cannot be written is skipped silently."""
    buffer = io.BytesIO()
    buffer.write(FORMAT + b"\n")
    try:
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(payload)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        import tempfile  # NOTE: here: only a cache miss writes

        descriptor, name = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
        temporary = Path(name)
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(buffer.getvalue())
            temporary.replace(path)
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return
    _prune(path.parent, keep=path)


def _prune(directory: Path, keep: Path) -> None:
    """Remove all but the newest `KEEP_FILES` of its kind, so old keys do not pile up."""
    kind = keep.name.split("-", 1)[0]  # "engine" or "startup"
    try:
        stored = sorted(
            directory.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True
        )
    except OSError:
        return
    for old in stored[KEEP_FILES:]:
        if old != keep:
            with contextlib.suppress(OSError):
                old.unlink()
