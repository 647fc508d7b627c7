"""The sentence table: each case must fire its claim (or stay quiet), with exact judgement.

Cases live in tests/cases/*.yaml, one file per claims file. A meta-test checks that
every claim in the pack has a sentence that must match it and a near miss that must not
(proselint's habit), and that no case names a missing claim.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimcheck.findings import Finding
from claimcheck.pack import Pack, load_pack
from claimcheck.pipeline import audit_text

CASES_DIR = Path(__file__).parent / "cases"
CHECKED = ("verdict", "strength", "stance", "overstated")


def load_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            cases.append({**case, "file": path.name})
    return cases


CASES = load_cases()


def findings_for(text: str) -> list[Finding]:
    return audit_text(text)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    findings = findings_for(case["text"])
    found = {f.claim_id: f for f in findings}
    if "not_claim" in case:
        assert case["not_claim"] not in found, f"near miss matched: {found[case['not_claim']]}"
        return
    assert case["claim"] in found, f"expected {case['claim']}, got {sorted(found)}"
    finding = found[case["claim"]]
    actual = {key: getattr(finding, key) for key in CHECKED}
    expected = {key: case[key] for key in CHECKED if key in case}
    assert {k: str(v).lower() for k, v in actual.items() if k in expected} == {
        k: str(v).lower() for k, v in expected.items()
    }


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack()


def test_case_ids_are_unique() -> None:
    duplicates = [i for i, n in Counter(c["id"] for c in CASES).items() if n > 1]
    assert duplicates == []


def test_cases_name_existing_claims(pack: Pack) -> None:
    missing = {c.get("claim") or c.get("not_claim") for c in CASES} - set(pack.claims)
    assert missing == set()


def test_every_claim_has_a_firing_case_and_a_near_miss(pack: Pack) -> None:
    fires = {c["claim"] for c in CASES if "claim" in c}
    quiet = {c["not_claim"] for c in CASES if "not_claim" in c}
    assert sorted(set(pack.claims) - fires) == []
    assert sorted(set(pack.claims) - quiet) == []
