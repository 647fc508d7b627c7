"""Frozen records: validation through pydantic at the edges, dumps, copies, and no pydantic
import on a run that validates nothing."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import pytest
from pydantic import ValidationError

from claimcheck.findings import Citation, Code, Finding, Severity, Span, Stance, Strength
from claimcheck.model import Study, Verdict
from claimcheck.records import Checked, Limits, Record

STUDY = {
    "id": "rat-study",
    "title": "A rat study",
    "authors": ["Doe J"],
    "year": 2020,
    "journal": "J Rats 1:1",
    "identifiers": {"pmid": "123"},
    "substance": "l-serine",
    "design": "animal",
    "population": {"species": "rat", "n": 12},
    "status": "completed",
    "reviewed": "2026-01-02",
    "protocol": {"doses": [{"amount": 400, "unit": "mg/kg"}]},
}


def _finding(**overrides: object) -> Finding:
    fields: dict[str, object] = {
        "path": "a.md",
        "line": 1,
        "column": 1,
        "end_line": 1,
        "end_column": 20,
        "sentence": "Serine cures naps.",
        "claim_id": "c",
        "claim": "Serine cures naps.",
        "verdict": Verdict.PRELIMINARY,
        "strength": Strength.ABSOLUTE,
        "stance": Stance.ASSERTS,
        "overstated": True,
        "severity": Severity.ERROR,
        "code": Code.OVERSTATED,
        "fingerprint": "f",
        "match_score": 90,
        "message": "m",
        "suggestion": "s",
        "citations": (Citation(study_id="x", citation="Doe 2020", pmid="1"),),
        "claim_span": Span(start=7, end=12),
    }
    return Finding(**{**fields, **overrides})  # type: ignore[arg-type]


def test_validation_converts_types_and_applies_constraints() -> None:
    study = Study.model_validate(STUDY)
    assert study.reviewed == date(2026, 1, 2)
    assert study.authors == ("Doe J",)
    assert study.population.species.value == "rat"
    assert study.protocol.doses[0].amount == 400.0
    assert isinstance(study.protocol.doses[0].amount, float)


@pytest.mark.parametrize(
    ("change", "loc", "message"),
    [
        ({"year": 1700}, ("year",), "greater than or equal to 1800"),
        ({"id": "Not A Slug"}, ("id",), "should match pattern"),
        ({"identifiers": {"pmid": "0x1"}}, ("identifiers", "pmid"), "PMID must be 1-9 digits"),
        ({"population": {"species": "rat", "n": -1}}, ("population", "n"), "greater than"),
        ({"funding": "none"}, ("funding",), "nexpected"),
        ({"identifiers": {}}, (), "no pmid, doi, pmc, nct or url"),
    ],
)
def test_validation_errors_name_the_field(
    change: dict[str, object], loc: tuple[str, ...], message: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        Study.model_validate({**STUDY, **change})
    (error,) = raised.value.errors()
    assert tuple(error["loc"]) == loc
    assert message in error["msg"]


def test_records_are_frozen_and_copies_are_not_checked_again() -> None:
    study = Study.model_validate(STUDY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        study.year = 2021  # type: ignore[misc]
    copied = study.model_copy(update={"year": 2021})
    assert (copied.year, study.year) == (2021, 2020)
    # a copy may break an invariant on purpose (tests do), as pydantic's copies may
    bare = study.model_copy(
        update={"identifiers": study.identifiers.model_copy(update={"pmid": None})}
    )
    assert not bare.identifiers.any()


def test_json_dump_has_only_json_types_in_field_order() -> None:
    data = _finding().model_dump(mode="json")
    assert list(data)[:3] == ["path", "line", "column"]
    assert data["verdict"] == "preliminary"
    assert data["citations"] == [
        {
            "study_id": "x",
            "citation": "Doe 2020",
            "pmid": "1",
            "doi": None,
            "nct": None,
            "url": None,
        }
    ]
    assert data["claim_span"] == {"start": 7, "end": 12}
    assert data["study_check"] is None
    assert json.loads(json.dumps(data)) == data


def test_python_dump_keeps_enums_and_tuples_and_round_trips() -> None:
    finding = _finding()
    data = finding.model_dump()
    assert data["verdict"] is Verdict.PRELIMINARY
    assert isinstance(data["citations"], tuple)
    assert Finding.model_validate(data) == finding
    assert Finding.model_validate_json(finding.model_dump_json()) == finding


def test_dump_excludes_fields_and_nones() -> None:
    study = Study.model_validate(STUDY)
    assert "curation" not in study.model_dump(mode="json", exclude={"curation"})
    citation = Citation(study_id="x", citation="Doe 2020", pmid="1")
    assert citation.model_dump(mode="json", exclude_none=True) == {
        "study_id": "x",
        "citation": "Doe 2020",
        "pmid": "1",
    }
    assert study.model_dump(mode="json")["reviewed"] == "2026-01-02"


def _even(value: int) -> int:
    if value % 2:
        raise ValueError("must be even")
    return value


@dataclasses.dataclass(frozen=True, kw_only=True)
class Pair(Record):
    left: Annotated[int, Limits(ge=0), Checked(_even)]


def test_markers_work_on_a_record_of_any_module() -> None:
    assert Pair.model_validate({"left": 4}).left == 4
    with pytest.raises(ValidationError, match="must be even"):
        Pair.model_validate({"left": 3})
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        Pair.model_validate({"left": -2})


def test_a_cached_audit_never_imports_pydantic(tmp_path: Path) -> None:
    script = """
import sys
from claimcheck.cache import load_engine
from claimcheck.pipeline import audit_document
from claimcheck.report import Format, RenderOptions, render
from claimcheck.sources import document_from_text
from claimcheck.findings import Report

engine = load_engine()
result = audit_document(document_from_text("L-serine cures ALS.", path="a.txt"), engine)
for fmt in (Format.JSON, Format.SARIF, Format.TEXT):
    render(Report(files=(result,)), fmt, RenderOptions())
print(sorted(m for m in sys.modules if m.startswith("pydantic")))
"""
    env = {"CLAIMCHECK_CACHE_DIR": str(tmp_path), "PATH": ""}
    run = [sys.executable, "-c", script]
    subprocess.run(run, env=env, check=True, capture_output=True)  # builds the cache
    warm = subprocess.run(run, env=env, check=True, capture_output=True, text=True)
    assert warm.stdout.strip() == "[]"


def test_a_warm_audit_from_the_command_line_never_imports_pydantic(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_text("L-serine cures ALS.\n", encoding="utf-8")
    script = f"""
import sys
from claimcheck.cli import main
main(["audit", {str(copy)!r}, "--format", "json", "--fail-on", "never"])
sys.stderr.write(repr(sorted(m for m in sys.modules if m.startswith("pydantic"))))
"""
    env = {"CLAIMCHECK_CACHE_DIR": str(tmp_path / "cache"), "PATH": ""}
    run = [sys.executable, "-c", script]
    subprocess.run(run, env=env, check=True, capture_output=True)  # builds the cache
    warm = subprocess.run(run, env=env, check=True, capture_output=True, text=True)
    assert '"claim_id"' in warm.stdout
    assert warm.stderr.strip() == "[]"
