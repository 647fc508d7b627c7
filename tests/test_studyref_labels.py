"""The study-reference benchmark's labels stay consistent with the registry.

Structure only: every split (dev, test and the second development batch dev2) loads, ids are
unique, every labelled study is in `studies/`, every field is in the vocabulary. No engine
output is checked here, and nothing here may be used to tune on the test split.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from benchmarks.studyrefs import REFERENCES, SPLITS, VOCABULARY, load_entries

STUDIES = Path(__file__).resolve().parents[1] / "studies"
KEYS = {"id", "text", "reference", "study", "mismatches", "unchecked", "note"}
IDENTIFIER = re.compile(r"\bNCT\d{8}\b|\bPMC\d+\b|\bPMID \d+|\b10\.\d{4,}/\S+[^\s.,;)]")


def _registry() -> dict[str, dict[str, Any]]:
    records = (yaml.safe_load(p.read_text(encoding="utf-8")) for p in STUDIES.glob("*.yaml"))
    return {record["id"]: record for record in records}


REGISTRY = _registry()
ENTRIES = {split: load_entries(split) for split in SPLITS}
ALL = [entry for entries in ENTRIES.values() for entry in entries]
ORIGINAL = ENTRIES["dev"] + ENTRIES["test"]  # the first, 100-sentence set


@pytest.mark.parametrize("split", SPLITS)
def test_entries_are_well_formed(split: str) -> None:
    for entry in ENTRIES[split]:
        assert set(entry) <= KEYS and set(entry) >= KEYS - {"note"}, entry
        assert entry["id"].startswith(f"{split}-"), entry["id"]
        assert entry["reference"] in REFERENCES, entry["id"]
        fields = [m["field"] for m in entry["mismatches"]]
        assert set(fields) <= VOCABULARY, entry["id"]
        assert set(entry["unchecked"]) <= VOCABULARY, entry["id"]
        assert len(fields) == len(set(fields)), entry["id"]
        assert not set(fields) & set(entry["unchecked"]), entry["id"]
        for mismatch in entry["mismatches"]:
            assert mismatch["copy"] and mismatch["record"], entry["id"]


def test_ids_and_texts_are_unique() -> None:
    assert len({e["id"] for e in ALL}) == len(ALL)
    assert len({e["text"] for e in ALL}) == len(ALL)


def test_every_study_is_in_the_registry() -> None:
    for entry in ALL:
        unresolvable = entry["reference"] in ("ambiguous", "none")
        assert (entry["study"] is None) == unresolvable, entry["id"]
        if entry["study"] is None:
            assert not entry["mismatches"] and not entry["unchecked"], entry["id"]
        else:
            assert entry["study"] in REGISTRY, entry["id"]


def test_identifiers_are_copied_from_the_labelled_record() -> None:
    """An id reference names one of its study's identifiers, spelled as the record has it."""
    for entry in ALL:
        if entry["reference"] != "id":
            continue
        ids = {str(v) for v in (REGISTRY[entry["study"]].get("identifiers") or {}).values()}
        found = {m.removeprefix("PMID ") for m in IDENTIFIER.findall(entry["text"])}
        assert found, entry["id"]
        assert found <= ids, (entry["id"], found - ids)


def test_mix_and_field_coverage() -> None:
    """About 100 sentences; every field is misreported at least three times."""
    assert len(ORIGINAL) >= 100
    references = Counter(e["reference"] for e in ORIGINAL)
    assert references["id"] >= 20 and references["author-year"] >= 20
    assert references["description"] >= 30
    assert references["ambiguous"] + references["none"] >= 8
    mismatched = Counter(m["field"] for e in ORIGINAL for m in e["mismatches"])
    assert all(mismatched[field] >= 3 for field in VOCABULARY), mismatched


def test_dev2_mix_and_field_coverage() -> None:
    """45 sentences over at least 20 studies: about 40% correct, 50% with one or two slips,
    10% unresolvable; every field misreported at least twice; every reference kind used."""
    entries = ENTRIES["dev2"]
    assert len(entries) == 45
    assert [e["id"] for e in entries] == [f"dev2-{i:03d}" for i in range(1, 46)]
    assert len({e["study"] for e in entries if e["study"]}) >= 20
    unresolvable = [e for e in entries if e["study"] is None]
    correct = [e for e in entries if e["study"] and not e["mismatches"]]
    slipped = [e for e in entries if e["mismatches"]]
    assert 3 <= len(unresolvable) <= 6, len(unresolvable)
    assert 15 <= len(correct) <= 21, len(correct)
    assert 20 <= len(slipped) <= 26, len(slipped)
    assert all(1 <= len(e["mismatches"]) <= 2 for e in slipped)
    references = Counter(e["reference"] for e in entries)
    assert all(references[kind] >= 5 for kind in ("id", "author-year", "description"))
    mismatched = Counter(m["field"] for e in entries for m in e["mismatches"])
    assert all(mismatched[field] >= 2 for field in VOCABULARY), mismatched
