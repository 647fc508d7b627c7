"""Input discovery: turn the paths, directories and globs a user typed into files to audit.

Reads only directory listings and file types, never file contents (that is `sources.py`).
Order is deterministic: each argument's files sorted, arguments in the order given,
duplicates dropped.

Walks always end: each real directory is listed once however many links lead to it, and
a link back to a directory being walked (a loop) is reported as a warning and not
followed. A directory that cannot be listed is an error for that path alone.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import re
import stat
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claimcheck.files import file_kind

__all__ = ["DEFAULT_INCLUDE", "STDIN", "Discovery", "discover_inputs"]

DEFAULT_INCLUDE: tuple[str, ...] = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm")
STDIN = "-"
# Directories no one wants audited: VCS data, dependencies, build output, caches.
SKIPPED_DIRECTORIES = frozenset(
    {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox"}
)
GLOB_CHARACTERS = frozenset("*?[")
_SEPARATORS = re.escape(os.sep + (os.altsep or ""))
# `**` as a whole path component: the recursive part of a glob.
_RECURSIVE_COMPONENT = re.compile(rf"(?:^|(?<=[{_SEPARATORS}]))\*\*(?:[{_SEPARATORS}]|$)")


@dataclass(frozen=True)
class Discovery:
    """Files to audit, in order, and the paths that could not be (fully) searched."""

    files: tuple[str, ...]
    errors: tuple[tuple[str, str], ...]  # (path, one-line reason): the run fails
    warnings: tuple[tuple[str, str], ...] = ()  # (path, one-line reason): reported only


@dataclass
class _Problems:
    """What went wrong while searching, collected so the rest can still be searched."""

    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)


class _PatternSet:
    """Glob patterns (fnmatch syntax) matched against many paths, fast for long lists.

    Calling `fnmatch` per pattern costs a regex compile for each of thousands of patterns
    (its cache holds 32768), again for every path. Here patterns without wildcards are a
    set lookup, and the rest are grouped by the literal text before their first wildcard,
    so a path is tried only against patterns whose prefix it starts with; each of those
    is compiled once, when first needed.
    """

    def __init__(self, patterns: Iterable[str]) -> None:
        self._literals: set[str] = set()
        self._by_prefix: dict[str, list[str]] = defaultdict(list)
        self._compiled: dict[str, Callable[[str], object]] = {}
        for pattern in map(os.path.normcase, patterns):
            prefix = _literal_prefix(pattern)
            if prefix == pattern:
                self._literals.add(pattern)
            else:
                self._by_prefix[prefix].append(pattern)
        self._prefix_lengths = sorted({len(prefix) for prefix in self._by_prefix})

    def matches(self, text: str) -> bool:
        """Whether `text` matches any pattern, as `fnmatch.fnmatch` would decide."""
        text = os.path.normcase(text)
        if text in self._literals:
            return True
        for length in self._prefix_lengths:
            if length > len(text):
                break
            for pattern in self._by_prefix.get(text[:length], ()):
                if self._matcher(pattern)(text):
                    return True
        return False

    def _matcher(self, pattern: str) -> Callable[[str], object]:
        matcher = self._compiled.get(pattern)
        if matcher is None:
            matcher = self._compiled[pattern] = re.compile(fnmatch.translate(pattern)).match
        return matcher


def _literal_prefix(pattern: str) -> str:
    """The text before the first wildcard: every match starts with it."""
    wildcard = next((i for i, char in enumerate(pattern) if char in GLOB_CHARACTERS), None)
    return pattern if wildcard is None else pattern[:wildcard]


def _excluded(path: Path, root: Path, patterns: _PatternSet) -> bool:
    """Whether a file matches an exclude pattern, gitignore-style.

    A pattern may match the path relative to `root`, any trailing part of it ("drafts/*"
    matches "site/drafts/a.md"), or any one directory name ("drafts").
    """
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = path.parts
    tails = ["/".join(parts[i:]) for i in range(len(parts))]
    return any(patterns.matches(text) for text in (*tails, *parts[:-1]))


def _included(path: str, patterns: Sequence[str]) -> bool:
    name = Path(path).name.lower()
    return any(fnmatch.fnmatch(name, p.lower()) for p in patterns)


# --- walking directories ----------------------------------------------------------------

_DirectoryKey = tuple[int, int]  # (device, inode): one real directory, however reached
_Ancestors = tuple[tuple[_DirectoryKey, str], ...]  # the directories above, outermost first


@dataclass
class _Listing:
    """A directory being walked: where it is, what is above it, the entries still to visit."""

    path: str
    ancestors: _Ancestors
    entries: Iterator[os.DirEntry[str]]


def _walk(
    top: str, descend: Callable[[str], bool], problems: _Problems
) -> Iterator[tuple[str, bool]]:
    """`(path, is_directory)` for `top` and every directory and regular file under it.

    Depth first, sorted by name; paths are `top` joined with the names below it. Follows
    links to directories; enters a subdirectory only when `descend(name)`. Each real
    directory is listed once: a link back to one being walked is warned about, a second
    way to one already listed is skipped silently.
    """
    listed: set[_DirectoryKey] = set()
    first = _list_directory(top, (), listed, problems)
    if first is None:
        return
    yield top, True
    stack = [first]
    while stack:
        listing = stack[-1]
        entry = next(listing.entries, None)
        if entry is None:
            stack.pop()
            continue
        path = os.path.join(listing.path, entry.name)  # noqa: PTH118 - keeps the path as typed
        if _is_directory(entry):
            if descend(entry.name):
                child = _list_directory(path, listing.ancestors, listed, problems)
                if child is not None:
                    yield path, True
                    stack.append(child)
        elif _is_regular_file(entry):
            yield path, False


def _list_directory(
    path: str, ancestors: _Ancestors, listed: set[_DirectoryKey], problems: _Problems
) -> _Listing | None:
    """A directory not listed before, with its entries sorted; None (and why) otherwise."""
    shown = path or os.curdir
    try:
        status = Path(shown).stat()
        key = (status.st_dev, status.st_ino)
        loop_start = next((where for seen, where in ancestors if seen == key), None)
        if loop_start is not None:
            problems.warnings.append((path, f"directory loop (leads back to {loop_start})"))
            return None
        if key in listed:
            return None
        listed.add(key)
        with os.scandir(shown) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except PermissionError:
        problems.errors.append((shown, "permission denied; the rest was audited"))
        return None
    except OSError as error:
        problems.errors.append((shown, f"cannot list directory: {error.strerror or error}"))
        return None
    return _Listing(path, (*ancestors, (key, os.path.normpath(shown))), iter(entries))


def _is_directory(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # vanished or unreadable since the listing: nothing to search
        return False


def _is_regular_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _walk_files(directory: str, problems: _Problems) -> Iterator[str]:
    """Files under a directory, skipping hidden and vendor directories."""

    def descend(name: str) -> bool:
        return name not in SKIPPED_DIRECTORIES and not name.startswith(".")

    return (path for path, is_dir in _walk(directory, descend, problems) if not is_dir)


# --- globs ------------------------------------------------------------------------------


def _glob(pattern: str, problems: _Problems) -> list[str]:
    """`glob.glob(pattern, recursive=True)`, except that `**` walks each directory once.

    `glob` follows links inside `**` without noticing loops, so two links to "." make
    it run for ever. Here the part before the first `**` is globbed as usual, `**` is
    expanded by `_walk` (into non-hidden directories, as `glob` does), and the rest is
    globbed again below each directory found.
    """
    recursive = _RECURSIVE_COMPONENT.search(pattern)
    if recursive is None:
        return _plain_glob(pattern)
    head, tail = pattern[: recursive.start()], pattern[recursive.end() :] or "*"
    matches: list[str] = []
    for base in _plain_glob(head) if head else [""]:
        for path, is_dir in _walk(base, lambda name: not name.startswith("."), problems):
            if is_dir:
                below = os.path.join(glob.escape(path), tail)  # noqa: PTH118 - as above
                matches.extend(_glob(below, problems))
    return matches


def _plain_glob(pattern: str) -> list[str]:
    """`glob.glob` of a pattern without `**`: as deep as its components, loops or not."""
    # NOTE: Path.glob takes no absolute or "../" patterns; a user may type either.
    return glob.glob(pattern)  # noqa: PTH207


# --- arguments --------------------------------------------------------------------------


def _expand(argument: str, include: Sequence[str], problems: _Problems) -> list[Path]:
    """The files one argument names; why it names none goes to `problems`."""
    path = Path(argument)
    if path.is_dir():
        top = "" if path == Path(os.curdir) else str(path)  # "a.md", not "./a.md", as before
        found = [Path(p) for p in _walk_files(top, problems) if _included(p, include)]
        if not found:
            patterns = ", ".join(include)
            problems.errors.append((argument, f"no files to audit here (looked for {patterns})"))
        return found
    try:
        mode: int | None = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    except OSError as error:
        problems.errors.append((argument, f"cannot read: {error.strerror or error}"))
        return []
    if mode is not None:
        if stat.S_ISREG(mode):
            return [path]
        problems.errors.append((argument, _not_regular_message(mode)))
        return []
    if GLOB_CHARACTERS & set(argument):
        files = [p for p in sorted(map(Path, _glob(argument, problems))) if p.is_file()]
        if not files:
            problems.errors.append((argument, "no files match this pattern"))
        return files
    problems.errors.append((argument, "no such file or directory"))
    return []


def _not_regular_message(mode: int) -> str:
    message = f"is a {file_kind(mode)}, not a regular file; not opened"
    return message + " (to audit piped text, use -)" if stat.S_ISFIFO(mode) else message


def discover_inputs(
    arguments: Sequence[str],
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    root: Path | None = None,
) -> Discovery:
    """Expand arguments (files, directories recursively, globs, `-`) into files to audit.

    Files named explicitly are audited whatever their extension; directory walks keep only
    files matching `include`. `exclude` patterns apply to everything, matched against the
    path relative to `root` (default: the working directory) and against the file name.
    A directory with no file to audit is an error, as is a glob that matches nothing.
    """
    root = (root or Path.cwd()).resolve()
    excluded = _PatternSet(exclude)
    files: list[str] = []
    problems = _Problems()
    seen: set[str] = set()
    for argument in arguments:
        if argument == STDIN:
            files.append(STDIN)
            continue
        for path in _expand(argument, include, problems):
            real = path.resolve()
            if str(real) not in seen and not _excluded(real, root, excluded):
                seen.add(str(real))
                files.append(str(path))
    return Discovery(tuple(files), tuple(problems.errors), tuple(problems.warnings))
