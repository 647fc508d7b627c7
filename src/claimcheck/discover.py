"""Input discovery: turn the paths, directories and globs a user typed into files to audit.

Reads only directory listings, never file contents (that is `sources.py`). Order is
deterministic: each argument's files sorted, arguments in the order given, duplicates
dropped.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

__all__ = ["DEFAULT_INCLUDE", "STDIN", "Discovery", "discover_inputs"]

DEFAULT_INCLUDE: tuple[str, ...] = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm")
STDIN = "-"
# Directories no one wants audited: VCS data, dependencies, build output, caches.
SKIPPED_DIRECTORIES = frozenset(
    {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox"}
)
GLOB_CHARACTERS = frozenset("*?[")


@dataclass(frozen=True)
class Discovery:
    """Files to audit, in order, and the arguments that named nothing readable."""

    files: tuple[str, ...]
    errors: tuple[tuple[str, str], ...]  # (argument, one-line reason)


def _excluded(path: Path, root: Path, patterns: Sequence[str]) -> bool:
    """Whether a file matches an exclude pattern, gitignore-style.

    A pattern may match the path relative to `root`, any trailing part of it ("drafts/*"
    matches "site/drafts/a.md"), or any one directory name ("drafts").
    """
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = path.parts
    tails = ["/".join(parts[i:]) for i in range(len(parts))]
    return any(fnmatch(text, p) for p in patterns for text in (*tails, *parts[:-1]))


def _included(path: Path, patterns: Sequence[str]) -> bool:
    return any(fnmatch(path.name.lower(), p.lower()) for p in patterns)


def _walk(directory: Path) -> Iterable[Path]:
    """Files under a directory, sorted, skipping hidden and vendor directories."""
    for child in sorted(directory.iterdir(), key=lambda p: p.name):
        if child.is_dir():
            if child.name not in SKIPPED_DIRECTORIES and not child.name.startswith("."):
                yield from _walk(child)
        elif child.is_file():
            yield child


def _expand(argument: str, include: Sequence[str]) -> tuple[list[Path], str | None]:
    """The files one argument names, or why it names none."""
    path = Path(argument)
    if path.is_dir():
        return [p for p in _walk(path) if _included(p, include)], None
    if path.exists():
        return [path], None
    if GLOB_CHARACTERS & set(argument):
        # NOTE: Path.glob takes no absolute or "../" patterns; a user may type either.
        matches = sorted(Path(p) for p in glob.glob(argument, recursive=True))  # noqa: PTH207
        files = [p for p in matches if p.is_file()]
        return files, (None if files else "no files match this pattern")
    return [], "no such file or directory"


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
    """
    root = root or Path.cwd()
    files: list[str] = []
    errors: list[tuple[str, str]] = []
    seen: set[str] = set()
    for argument in arguments:
        if argument == STDIN:
            files.append(STDIN)
            continue
        found, problem = _expand(argument, include)
        if problem is not None:
            errors.append((argument, problem))
        for path in found:
            key = str(path.resolve())
            if key not in seen and not _excluded(path.resolve(), root.resolve(), exclude):
                seen.add(key)
                files.append(str(path))
    return Discovery(tuple(files), tuple(errors))
