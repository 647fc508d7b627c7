"""A file read in parts by several workers gives exactly the serial result.

`audit_parts` joins what `audit_part` found in each part; it must equal `audit_document` on
every input the identity test covers, however the text is cut: at paragraph breaks (as
`batch` cuts it), at arbitrary sentence starts, into many small parts.
"""

from __future__ import annotations

import random
from itertools import pairwise
from pathlib import Path

import pytest
from benchmarks import identity

from claimcheck import batch
from claimcheck.batch import BatchJob, audit_files, split_into_parts
from claimcheck.cache import load_engine
from claimcheck.pack import default_pack_dir
from claimcheck.pipeline import (
    MAX_SENTENCE_CHARS,
    AuditOptions,
    Engine,
    Part,
    audit_document,
    audit_part,
    audit_parts,
    audited_text,
)
from claimcheck.segment import segment_text, split_overlong
from claimcheck.sources import Document, document_from_text, read_document

OPTIONS = AuditOptions(report_unused_suppressions=True)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return load_engine()


def _documents(tmp: Path) -> list[Document]:
    inputs = [*identity.seed_inputs(), *identity.repo_inputs()]
    for item in inputs:
        item.write(tmp)
    return [read_document(str(tmp / item.name)) for item in inputs]


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[Document]:
    return _documents(tmp_path_factory.mktemp("inputs"))


@pytest.fixture(scope="module")
def serial(documents: list[Document], engine: Engine) -> dict[str, object]:
    """Each input's result in one piece."""
    return {d.path: audit_document(d, engine, OPTIONS) for d in documents}


def _cut_at(text: str, cuts: list[int]) -> list[Part]:
    bounds = [0, *cuts, len(text)]
    return [Part(a, b, first=a == 0) for a, b in pairwise(bounds) if a < b]


def _sentence_starts(document: Document) -> list[int]:
    text = audited_text(document).text
    return [s.start for s in split_overlong(segment_text(text), MAX_SENTENCE_CHARS)]


def _in_parts(document: Document, engine: Engine, parts: list[Part]) -> object:
    read = [audit_part(document, engine, OPTIONS, part) for part in parts]
    return audit_parts(document, read, OPTIONS)


def test_parts_cut_at_paragraph_breaks_give_the_serial_result(
    documents: list[Document], engine: Engine, serial: dict[str, object]
) -> None:
    split = 0
    for document in documents:
        text = audited_text(document).text
        parts = split_into_parts(text, 3)
        split += len(parts) > 1
        assert _in_parts(document, engine, parts) == serial[document.path], document.path
    assert split >= len(documents) // 2  # most inputs have paragraphs to cut at


def test_parts_cut_anywhere_give_the_serial_result(
    documents: list[Document], engine: Engine, serial: dict[str, object]
) -> None:
    """Cut inside paragraphs, between any sentences, or mid-sentence: still exact."""
    chooser = random.Random(12)
    for document in documents[::2]:  # NOTE: half the inputs keep the suite quick
        starts = _sentence_starts(document)
        text = audited_text(document).text
        if len(starts) < 4:
            continue
        cuts = sorted(set(chooser.sample(starts[1:], min(6, len(starts) - 1))))
        cuts = sorted({*cuts, chooser.randrange(1, len(text))})  # one inside a sentence
        parts = _cut_at(text, cuts)
        assert _in_parts(document, engine, parts) == serial[document.path], document.path


def test_one_part_per_sentence_gives_the_serial_result(
    documents: list[Document], engine: Engine, serial: dict[str, object]
) -> None:
    for document in documents[:3]:  # seeds: claim-dense, studies named across sentences
        starts = _sentence_starts(document)
        parts = _cut_at(audited_text(document).text, starts[1:])
        assert _in_parts(document, engine, parts) == serial[document.path], document.path


def test_a_part_starting_mid_paragraph_knows_the_study_named_before_it(engine: Engine) -> None:
    """ "The trial was randomized" goes on about the trial the sentence before named."""
    text = (
        "Intro line here.\n\nThe NCT03580616 trial tested L-serine in ALS. "
        "The trial was randomized and placebo-controlled.\n"
    )
    document = document_from_text(text, path="copy.txt")
    serial = audit_document(document, engine, OPTIONS)
    assert {f.claim_id for f in serial.findings} >= {
        "nct03580616-als-phase2a#randomized",
        "nct03580616-als-phase2a#placebo",
    }
    cut = text.index("The trial")
    assert _in_parts(document, engine, _cut_at(text, [cut])) == serial


def test_split_into_parts_cuts_at_blank_lines_and_covers_the_text() -> None:
    text = "One. Two.\n\nThree.\n\nFour. Five.\n\nSix.\n"
    parts = split_into_parts(text, 3)
    assert parts[0].first
    assert parts[0].start == 0 and parts[-1].end == len(text)
    assert all(a.end == b.start for a, b in pairwise(parts))
    assert all(text[p.start : p.start + 2] == "\n\n" for p in parts[1:])
    assert not any(p.first for p in parts[1:])
    assert len(split_into_parts("no blank lines here. at all.", 4)) == 1
    windows = text.replace("\n", "\r\n")
    assert len(split_into_parts(windows, 3)) == 3
    assert len(split_into_parts(text, 1)) == 1


def test_a_batch_splits_a_long_file_across_workers_with_the_serial_result(
    tmp_path: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = sorted(identity.SEEDS.glob("*.txt"))
    if not seeds:
        pytest.skip("the seed articles (../shared/seeds) are absent")
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join(p.read_text(encoding="utf-8") for p in seeds), encoding="utf-8")
    job = BatchJob((str(default_pack_dir()),), OPTIONS)
    serial = audit_files([str(path)], engine, job, jobs=1)
    monkeypatch.setattr(batch, "SPLIT_MIN_CHARS", 1_000)
    done: list[str] = []
    parallel = audit_files([str(path)], engine, job, jobs=3, progress=done.append)
    assert parallel == serial
    assert done == [str(path)]
    assert serial[0].findings  # a test of something
