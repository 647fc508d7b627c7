"""Batches: audit many files, in parallel processes, with results in input order.

Maps the pipeline over files; composes nothing itself. One unreadable file becomes a
`FileResult` with `error` set, and the others are still audited. Workers build their own
engine from the pack directories once (an engine does not cross process boundaries).

A large file is read in parts by several workers (`pipeline.Part`), cut at paragraph
breaks; each part's findings are exactly those of a whole run there, so the joined result
is byte-for-byte the serial one.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimcheck import cache
from claimcheck.errors import ClaimcheckError
from claimcheck.findings import FileResult
from claimcheck.pipeline import (
    AuditOptions,
    Engine,
    Part,
    PartFindings,
    audit_document,
    audit_part,
    audit_parts,
    audited_text,
)
from claimcheck.sources import Document, read_document

__all__ = ["BatchJob", "audit_files", "default_jobs"]

# Below this many files a process pool costs more (engine start-up per worker) than it saves.
PARALLEL_MIN_FILES = 4
# A file this long (in characters of copy) is worth reading in parts, one per worker:
# each part costs a worker the reading of the text before it, a small share of the work.
SPLIT_MIN_CHARS = 200_000
_BLANK_LINE = re.compile(r"\n\r?\n")  # LF or CRLF line ends

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BatchJob:
    """Everything a worker needs to audit files: picklable, no engine."""

    pack_dirs: tuple[str, ...]
    options: AuditOptions


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def audit_one(path: str, engine: Engine, options: AuditOptions) -> FileResult:
    """Audit one file; a read error becomes the result's `error`."""
    try:
        document = read_document(path)
    except ClaimcheckError as error:
        return FileResult(path=path, error=error.message)
    return audit_document(document, engine, options)


_worker_engine: Engine | None = None
_worker_options: AuditOptions | None = None

# What a worker is given: a file to read; or a part of a file the parent read, with the
# document itself, so that every part reads the same text.
Unit = tuple[str, Part | None, Document | None]


def _start_worker(job: BatchJob) -> None:
    global _worker_engine, _worker_options  # one engine per worker process
    _worker_engine = cache.load_engine([Path(p) for p in job.pack_dirs])
    _worker_options = job.options


def _work(unit: Unit) -> FileResult | PartFindings:
    assert _worker_engine is not None and _worker_options is not None
    path, part, document = unit
    if part is None or document is None:
        return audit_one(path, _worker_engine, _worker_options)
    return audit_part(document, _worker_engine, _worker_options, part)


def split_into_parts(text: str, count: int) -> list[Part]:
    """Up to `count` parts of about equal length, cut at paragraph breaks (blank lines)."""
    cuts = [0]
    for number in range(1, count):
        blank = _BLANK_LINE.search(text, max(cuts[-1] + 1, len(text) * number // count))
        if blank is None:
            break
        cuts.append(blank.start())
    ends = [*cuts[1:], len(text)]
    return [Part(start, end, first=start == 0) for start, end in zip(cuts, ends, strict=True)]


def _plan(path: str, jobs: int) -> tuple[Document, list[Part]] | None:
    """The file and its parts, when it is long enough to share out; else None."""
    if jobs < 2 or _size(path) < SPLIT_MIN_CHARS:  # NOTE: a character takes a byte or more
        return None
    try:
        document = read_document(path)
    except ClaimcheckError:
        return None  # the worker reports it
    text = audited_text(document).text
    if len(text) < SPLIT_MIN_CHARS:
        return None
    parts = split_into_parts(text, jobs)
    return (document, parts) if len(parts) > 1 else None


def _size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0  # the worker reports it


def audit_files(
    paths: Sequence[str],
    engine: Engine,
    job: BatchJob,
    *,
    jobs: int = 1,
    progress: Progress | None = None,
    documents: dict[str, Document] | None = None,
) -> list[FileResult]:
    """Audit files in order; in `jobs` processes when there are enough of them.

    `documents` holds inputs already read (stdin), audited in this process.
    """
    documents = documents or {}
    on_disk = [p for p in paths if p not in documents]
    results: dict[str, FileResult] = {
        key: audit_document(doc, engine, job.options) for key, doc in documents.items()
    }
    plans = {p: plan for p in on_disk if (plan := _plan(p, jobs)) is not None}
    units: list[Unit] = [
        (path, part, plans[path][0]) if path in plans else (path, None, None)
        for path in on_disk
        for part in (plans[path][1] if path in plans else [None])
    ]
    if jobs > 1 and (plans or len(on_disk) >= PARALLEL_MIN_FILES):
        workers = min(jobs, len(units))
        chunks = 1 if plans else 4  # NOTE: parts are few and long; files many and short
        remaining = Counter(path for path, _, _ in units)
        pieces: dict[str, list[PartFindings]] = {}
        # NOTE: imported here: with multiprocessing it costs ~10 ms, which a serial run saves
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(job,)) as pool:
            done = pool.map(_work, units, chunksize=chunks)
            for (path, _, _), result in zip(units, done, strict=True):
                if isinstance(result, PartFindings):
                    pieces.setdefault(path, []).append(result)
                else:
                    results[path] = result
                remaining[path] -= 1
                if remaining[path] == 0:
                    if path not in results:  # a split file: join its parts
                        document, _ = plans[path]
                        results[path] = audit_parts(document, pieces.pop(path), job.options)
                    if progress:
                        progress(path)
    else:
        for path in on_disk:
            results[path] = audit_one(path, engine, job.options)
            if progress:
                progress(path)
    return [results[p] for p in paths]
