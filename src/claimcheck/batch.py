"""Batches: audit many files, in parallel processes, with results in input order.

Maps the pipeline over files; composes nothing itself. One unreadable file becomes a
`FileResult` with `error` set, and the others are still audited. Workers build their own
engine from the pack directories once (an engine does not cross process boundaries).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from claimcheck import cache
from claimcheck.errors import ClaimcheckError
from claimcheck.findings import FileResult
from claimcheck.pipeline import AuditOptions, Engine, audit_document
from claimcheck.sources import Document, read_document

__all__ = ["BatchJob", "audit_files", "default_jobs"]

# Below this many files a process pool costs more (engine start-up per worker) than it saves.
PARALLEL_MIN_FILES = 4

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


def _start_worker(job: BatchJob) -> None:
    global _worker_engine, _worker_options  # one engine per worker process
    _worker_engine = cache.load_engine([Path(p) for p in job.pack_dirs])
    _worker_options = job.options


def _work(path: str) -> FileResult:
    assert _worker_engine is not None and _worker_options is not None
    return audit_one(path, _worker_engine, _worker_options)


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
    if jobs > 1 and len(on_disk) >= PARALLEL_MIN_FILES:
        workers = min(jobs, len(on_disk))
        with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(job,)) as pool:
            for path, result in zip(on_disk, pool.map(_work, on_disk, chunksize=4), strict=True):
                results[path] = result
                if progress:
                    progress(path)
    else:
        for path in on_disk:
            results[path] = audit_one(path, engine, job.options)
            if progress:
                progress(path)
    return [results[p] for p in paths]
