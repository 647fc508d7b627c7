"""Hostile input within the documented limits finishes (issue 11).

Each case is an input that once took quadratic time. The sizes are small enough for CI and
large enough that the old algorithms ran for minutes; a generous alarm, not a timing
assertion, turns a regression into a failure instead of a hung CI job.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from claimcheck.pipeline import audit_document
from claimcheck.sources import SourceFormat, document_from_text

ALARM_SECONDS = 90


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s: a quadratic path is back")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


needs_alarm = pytest.mark.skipif(sys.platform == "win32", reason="SIGALRM is POSIX only")

CASES = {
    # One 300 KB sentence: the clause focus once rescanned the clause for every mention.
    "long-sentence": (("L-serine cures insomnia and " * 12000)[:300_000], SourceFormat.TEXT),
    # Mentions with no full stop between them.
    "dense-mentions": (
        ("L-serine, ALS, sleep, mood, cancer; " * 9000)[:300_000],
        SourceFormat.TEXT,
    ),
    # A Markdown table whose rows have 150 claim-bearing cells.
    "wide-table": (
        "| "
        + " | ".join(f"h{i}" for i in range(150))
        + " |\n|"
        + "---|" * 150
        + "\n"
        + "".join(
            "| " + " | ".join(f"L-serine helps sleep {r}-{i}" for i in range(150)) + " |\n"
            for r in range(60)
        ),
        SourceFormat.MARKDOWN,
    ),
}


@needs_alarm
@pytest.mark.parametrize("kind", sorted(CASES))
def test_hostile_input_finishes(kind: str) -> None:
    text, format = CASES[kind]
    document = document_from_text(text, f"hostile.{format}", format)
    with deadline(ALARM_SECONDS):
        result = audit_document(document)
    assert result.sentences >= 1
    if kind != "wide-table":  # rows stay short enough; the run-on text does not
        assert "long-sentence" in {notice.code for notice in result.notices}
