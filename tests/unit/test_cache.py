"""The compiled-pack cache: a shortcut that is never stale and never breaks a run."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claimcheck import cache, regexcache
from claimcheck.cache import CACHE_ENV, engine_key
from claimcheck.pack import default_pack_dir
from claimcheck.pipeline import audit_document, default_engine
from claimcheck.sources import document_from_text
from tests.conftest import Run, console_script

COPY = (
    "L-serine cures insomnia overnight. In mice, serine kept nerves healthy.\n\n"
    "Our capsules may support deep sleep and calm."
)


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(home))
    monkeypatch.setattr(cache, "_loaded", {})  # as in a new process
    return home


def copied_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    source = default_pack_dir()
    pack.mkdir()
    for name in ("substances.yaml", "concepts.yaml", "sources.yaml"):
        shutil.copy(source / name, pack / name)
    shutil.copytree(source / "studies", pack / "studies")
    shutil.copytree(source / "claims", pack / "claims")
    return pack


def findings_of(engine: cache.Engine) -> list[str]:
    document = document_from_text(COPY, path="copy.txt")
    return [f.model_dump_json() for f in audit_document(document, engine).findings]


def stored(home: Path) -> list[Path]:
    return sorted(home.glob("engine-*.pickle"))


def test_a_cached_engine_audits_exactly_like_a_fresh_one(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = cache.load_engine()
    assert len(stored(cache_home)) == 1
    monkeypatch.setattr(cache, "_loaded", {})
    loaded = cache.load_engine()
    assert loaded is not built  # read back from the file
    assert findings_of(loaded) == findings_of(built) == findings_of(default_engine())


def test_a_corrupt_or_foreign_cache_file_is_rebuilt(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.load_engine()
    (path,) = stored(cache_home)
    for junk in (b"", b"garbage", cache.FORMAT + b"\nnot a pickle", path.read_bytes()[:500]):
        path.write_bytes(junk)
        monkeypatch.setattr(cache, "_loaded", {})
        assert findings_of(cache.load_engine()) == findings_of(default_engine())
        assert path.read_bytes().startswith(cache.FORMAT)  # written again, whole


def test_the_key_changes_with_a_pack_file_and_with_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = copied_pack(tmp_path)
    before = engine_key([pack])
    assert before == engine_key([pack])
    claims = next((pack / "claims").glob("*.yaml"))
    claims.write_text(claims.read_text() + "\n# a curator's note\n")
    edited = engine_key([pack])
    assert edited != before
    monkeypatch.setattr(cache, "__version__", "99.0")
    assert engine_key([pack]) != edited


def test_a_pack_file_that_is_not_plain_is_not_cached(tmp_path: Path) -> None:
    pack = copied_pack(tmp_path)
    (pack / "studies" / "huge.yaml").write_bytes(b"#" * 1_000_001)
    assert engine_key([pack]) is None  # load_pack reports it; nothing is stored


def test_an_unwritable_cache_directory_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    monkeypatch.setattr(cache, "_loaded", {})
    assert findings_of(cache.load_engine()) == findings_of(default_engine())


def test_old_engines_are_pruned_and_no_temporary_file_is_left(
    cache_home: Path, tmp_path: Path
) -> None:
    cache_home.mkdir()
    for n in range(cache.KEEP_FILES + 3):
        (cache_home / f"engine-old{n}.pickle").write_bytes(b"old")
    cache.load_engine()
    assert len(stored(cache_home)) == cache.KEEP_FILES
    kinds = {p.name.split("-", 1)[0] for p in cache_home.iterdir()}
    assert kinds <= {"engine", "patterns"}  # no temporary file left


def test_the_cli_works_from_a_warm_cache(run: Run, cache_home: Path) -> None:
    first = run("check", "L-serine cures insomnia.")
    cache._loaded.clear()
    assert stored(cache_home)
    assert run("check", "L-serine cures insomnia.") == first


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        (r"(?<!\w)(?:sleep|deep sleep)(?:s|es)?(?!\w)", re.IGNORECASE),
        (r"(?P<dose>\d+)\s*(?:mg|g)\b", 0),
        (r"caf[eé]", re.IGNORECASE | re.MULTILINE),
    ],
)
def test_a_stored_pattern_is_the_same_pattern(pattern: str, flags: int) -> None:
    compiled = re.compile(pattern, flags)
    parts = regexcache.parts_of(compiled)
    assert parts is not None
    rebuilt = regexcache.rebuild(parts)
    assert rebuilt == compiled
    assert rebuilt.groupindex == compiled.groupindex
    text = "Deep SLEEPs and 20 mg CAFÉ"
    assert [m.span() for m in rebuilt.finditer(text)] == [m.span() for m in compiled.finditer(text)]


def test_refused_code_words_fall_back_to_compiling() -> None:
    compiled = re.compile("abc")
    parts = regexcache.parts_of(compiled)
    assert parts is not None
    broken = (parts[0], parts[1], b"\xff\xff\xff\xff" * 3, *parts[3:])
    assert regexcache.rebuild(broken) == compiled  # type: ignore[arg-type]


COUNT_COMPILES = """
import re, sys
from re import _compiler
compiled = []
original = _compiler.compile
def counting(*args, **kwargs):
    compiled.append(args[0])
    return original(*args, **kwargs)
_compiler.compile = counting
if sys.argv[1] == "console":  # the console script: it hands the patterns over itself
    import io, contextlib
    from claimcheck.launch import main
    sys.argv = ["claimcheck", *sys.argv[2:]]  # as the script runs it
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            main()
        except SystemExit:
            pass
else:
    if sys.argv[1] == "preload":
        from claimcheck.cache import preload_startup
        preload_startup()
    import claimcheck.pipeline, claimcheck.report.explain
    from claimcheck.cache import load_engine
    load_engine()
print(len(compiled))
"""
CHECK = ("check", "L-serine improves sleep.")


def _compiles(home: Path, how: str, *command: str) -> int:
    env = {**os.environ, CACHE_ENV: str(home)}
    run = [sys.executable, "-c", COUNT_COMPILES, how, *command]
    return int(subprocess.run(run, env=env, check=True, capture_output=True, text=True).stdout)


def test_the_console_script_stores_what_it_compiled_and_later_runs_do_not_compile_it(
    cache_home: Path,
) -> None:
    # the first run builds the engine, which compiles far more patterns than `re` keeps:
    # the file must still hold the modules' own (a first `check` once stored the wrong ones)
    _compiles(cache_home, "console", *CHECK)
    assert list(cache_home.glob("startup-*.pickle"))
    console = _compiles(cache_home, "console", *CHECK)
    preloaded = _compiles(cache_home, "preload")  # the Python API, handed the file
    without = _compiles(cache_home, "no-preload")  # the modules' own patterns
    assert without > 100
    assert preloaded < without // 10
    assert console < 15  # a handful of the standard library's, before the file is read


def test_patterns_an_audit_compiles_as_it_runs_are_stored_too(cache_home: Path) -> None:
    article = Path(__file__).resolve().parents[2] / "examples" / "l-serine-evidence-review.md"
    audit = ("audit", "--jobs", "1", str(article))
    _compiles(cache_home, "console", *CHECK)  # a check stores what checking compiles
    first = _compiles(cache_home, "console", *audit)  # study and wording cues, on first use
    assert first > 30
    assert _compiles(cache_home, "console", *audit) < 15


def test_the_python_api_writes_no_start_up_file(cache_home: Path) -> None:
    _compiles(cache_home, "no-preload")
    _compiles(cache_home, "preload")
    assert list(cache_home.glob("engine-*.pickle"))
    assert not list(cache_home.glob("startup-*.pickle"))


def test_a_broken_start_up_file_is_ignored_and_written_again(cache_home: Path) -> None:
    _compiles(cache_home, "console", *CHECK)
    without = _compiles(cache_home, "no-preload")
    for path in cache_home.glob("startup-*.pickle"):
        path.write_bytes(cache.FORMAT + b"\nnot a pickle")
    assert _compiles(cache_home, "preload") >= without
    _compiles(cache_home, "console", *CHECK)
    assert _compiles(cache_home, "preload") < without // 10


def test_the_cache_refuses_the_pack_files_load_pack_refuses() -> None:
    from claimcheck.pack import MAX_PACK_FILE_BYTES

    assert cache._MAX_PACK_FILE_BYTES == MAX_PACK_FILE_BYTES


def test_the_console_script_compiles_no_dataclass_method_twice(cache_home: Path) -> None:
    env = {**os.environ, CACHE_ENV: str(cache_home)}
    run = [sys.executable, "-c", COUNT_DATACLASS_TEXTS]
    first, second = (
        int(subprocess.run(run, env=env, check=True, capture_output=True, text=True).stdout)
        for _ in range(2)
    )
    assert first > 300  # every record's methods, compiled and stored
    assert second == 0


COUNT_DATACLASS_TEXTS = console_script(
    ["check", "L-serine improves sleep."],
    "from claimcheck import classcode\nprint(len(classcode._fresh))\n",
)


def test_the_shipped_pack_is_keyed_by_its_files_stamps_without_reading_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = copied_pack(tmp_path)
    monkeypatch.setattr(cache, "_SHIPPED_PACK", pack.resolve())

    def no_reading(path: Path) -> bytes:
        raise AssertionError(f"read {path}")

    monkeypatch.setattr(cache, "_pack_bytes", no_reading)
    before = engine_key([pack])
    assert before == engine_key([pack])
    claims = next((pack / "claims").glob("*.yaml"))
    stamp = claims.stat()
    os.utime(claims, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000))
    touched = engine_key([pack])
    assert touched != before
    claims.write_text(claims.read_text() + "\n# a curator's note\n")
    assert engine_key([pack]) not in (before, touched)
    claims.unlink()
    claims.mkdir()  # not a plain file: load_pack reports it, nothing is stored
    assert engine_key([pack]) is None


COLLECTOR = """
import gc, sys
from claimcheck import cache
cache.preload_startup()
paused = not gc.isenabled()
if sys.argv[1] == "engine":
    cache.load_engine()
else:  # a command that loads no engine
    cache.save_startup()
print(paused, gc.isenabled())
"""


@pytest.mark.parametrize("how", ["engine", "no-engine"])
def test_the_collector_pauses_for_start_up_only(cache_home: Path, how: str) -> None:
    env = {**os.environ, CACHE_ENV: str(cache_home)}
    run = [sys.executable, "-c", COLLECTOR, how]
    done = subprocess.run(run, env=env, check=True, capture_output=True, text=True)
    assert done.stdout.split() == ["True", "True"]
