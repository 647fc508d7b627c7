"""The generalisation benchmark's labels stay usable as the pack changes.

Structure only: every labelled sentence is found once in its article, every claim id it
names is still in the pack, every verdict is a verdict. No engine output is checked here
(the benchmark script scores that; nobody tunes on the test split).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from claimcheck.model import Verdict
from claimcheck.pack import Pack
from claimcheck.studycheck import FIELDS

DATA = Path(__file__).resolve().parents[1] / "benchmarks" / "generalisation"
LABEL_FILES = sorted(DATA.glob("*/[0-9]*.yaml"))
SPOT_FILES = sorted(DATA.glob("*/spot-checks-*.yaml"))
VERDICTS = {v.value for v in Verdict}


def _article(label_file: Path) -> str:
    (article,) = [p for p in label_file.parent.glob(label_file.stem + ".*") if p != label_file]
    return article.read_text(encoding="utf-8")


def _check_claim(entry: dict[str, Any], pack: Pack) -> None:
    for claim_id in [entry.get("claim"), *(entry.get("also") or [])]:
        study, _, field = (claim_id or "").partition("#")
        if field:  # a misreported study: STUDY-ID#FIELD (issue 9)
            assert study in pack.studies and field in FIELDS, claim_id
            assert entry["verdict"] == "contradicted", claim_id
            continue
        assert claim_id is None or claim_id in pack.claims, claim_id
    assert entry.get("claim") or entry.get("proposed"), entry["text"]
    assert entry["verdict"] in VERDICTS
    assert isinstance(entry["overstated"], bool)


@pytest.mark.parametrize("label_file", LABEL_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_article_labels_point_into_the_article(label_file: Path, shipped_pack: Pack) -> None:
    article = _article(label_file)
    for entry in yaml.safe_load(label_file.read_text(encoding="utf-8"))["sentences"]:
        assert article.count(entry["text"]) == 1, entry["text"]
        if not entry.get("silent"):
            _check_claim(entry, shipped_pack)


@pytest.mark.parametrize("spot_file", SPOT_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_spot_checks_are_typed(spot_file: Path, shipped_pack: Pack) -> None:
    for entry in yaml.safe_load(spot_file.read_text(encoding="utf-8")):
        assert entry["type"] in ("overclaim", "accurate", "silent")
        if entry["type"] != "silent":
            _check_claim(entry, shipped_pack)


def test_the_benchmark_is_as_large_as_promised() -> None:
    """Issue 7: >= 20 articles, >= 250 labelled claim sentences, >= 80 spot checks."""
    claims = sum(
        not entry.get("silent")
        for label_file in LABEL_FILES
        for entry in yaml.safe_load(label_file.read_text(encoding="utf-8"))["sentences"]
    )
    spots = sum(len(yaml.safe_load(p.read_text(encoding="utf-8"))) for p in SPOT_FILES)
    assert (len(LABEL_FILES) >= 20, claims >= 250, spots >= 80) == (True, True, True)
