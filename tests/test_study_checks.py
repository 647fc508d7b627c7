"""Study descriptions checked against the shipped registry, as an editor meets them.

The "Done when" of issue 9: a wrong head count names the record's, a trial called
randomized and placebo-controlled that was neither names its real design, and a correct
description of the same trial gives no error, through `check`, `audit` and the formats.
"""

from __future__ import annotations

import json

import pytest
from benchmarks.studyrefs import VOCABULARY

from claimcheck.pipeline import audit_text
from claimcheck.studycheck import FIELDS
from tests.conftest import Run, write
from tests.test_formats import SARIF_SCHEMA_FILE

WRONG_SIZE = "A 2019 trial of 500 HSAN1 patients found that L-serine improved neuropathy scores."
WRONG_DESIGN = "The NCT03580616 trial was randomized and placebo-controlled."
RIGHT = (
    "In a 2019 randomized trial, 18 people with HSAN1 took 400 mg/kg of L-serine a day or "
    "placebo for a year, and their neuropathy scores worsened less."
)


def study_slips(text: str) -> dict[str, tuple[str, str, str]]:
    return {
        f.study_check.field: (
            f.study_check.study,
            f.study_check.copy_text,
            f.study_check.record_text,
        )
        for f in audit_text(text)
        if f.study_check is not None
    }


def test_a_wrong_head_count_names_the_record() -> None:
    slips = study_slips(WRONG_SIZE)
    assert set(slips) == {"n"}
    study, copy, record = slips["n"]
    assert study == "fridman-2019-hsan1-rct"
    assert "500" in copy
    assert record.startswith("18 randomized")


def test_a_trial_called_randomized_and_controlled_gets_its_real_design() -> None:
    slips = study_slips(WRONG_DESIGN)
    assert set(slips) == {"randomized", "placebo"}
    assert slips["randomized"][2] == "not randomized"
    assert "open-label" in slips["placebo"][2] and "single arm" in slips["placebo"][2]


def test_a_correct_description_gives_no_error() -> None:
    assert study_slips(RIGHT) == {}
    assert all(f.severity.value != "error" for f in audit_text(RIGHT))


def test_check_shows_field_copy_and_record(run: Run) -> None:
    code, out, _ = run("check", WRONG_SIZE)
    assert code == 1
    assert "fridman-2019-hsan1-rct · misreported study · recognised from its description" in out
    table = [line.split() for line in out.splitlines() if line.startswith("    size ")]
    assert table, out
    assert table[0][:4] == ["size", "500", "HSAN1", "patients"]
    assert "18 randomized; 16 completed" in out
    assert "PMID 30626650 https://pubmed.ncbi.nlm.nih.gov/30626650/" in out


def test_check_json_lists_the_misreported_study(run: Run) -> None:
    code, out, _ = run("check", WRONG_DESIGN, "--format", "json")
    assert code == 1
    data = json.loads(out)
    fields = {f["study_check"]["field"] for f in data["misreported_studies"]}
    assert fields == {"randomized", "placebo"}


def test_audit_reports_the_slip_in_every_format(run: Run) -> None:
    path = write("trial.md", f"# The trials\n\n{WRONG_DESIGN}\n")
    code, out, _ = run("audit", path, "--format", "json")
    assert code == 1
    findings = json.loads(out)["files"][0]["findings"]
    slips = [f for f in findings if f["code"] == "misreported-study"]
    assert {f["claim_id"] for f in slips} == {
        "nct03580616-als-phase2a#randomized",
        "nct03580616-als-phase2a#placebo",
    }
    assert all(f["severity"] == "error" and f["study_check"]["reference"] == "id" for f in slips)
    _, sarif, _ = run("audit", path, "--format", "sarif")
    rules = {r["id"] for r in json.loads(sarif)["runs"][0]["tool"]["driver"]["rules"]}
    assert "misreported-study" in rules
    _, reviews, _ = run("audit", path, "--format", "claimreview")
    ratings = {r["reviewRating"]["alternateName"] for r in json.loads(reviews)}
    assert ratings == {"Misreported study"}
    _, text, _ = run("audit", path)
    assert "misreported-study: randomization: the copy says “randomized”" in text
    assert "NCT03580616 https://clinicaltrials.gov/study/NCT03580616" in text


def test_a_slip_can_be_suppressed_like_any_finding(run: Run) -> None:
    directive = (
        '<!-- claimcheck-disable-next-line nct03580616-als-phase2a#randomized reason="x" -->'
    )
    copy = f"{directive}\n{WRONG_DESIGN}\n"
    path = write("trial.md", copy)
    _, out, _ = run("audit", path, "--format", "json")
    ids = {f["claim_id"] for f in json.loads(out)["files"][0]["findings"]}
    assert "nct03580616-als-phase2a#randomized" not in ids
    assert "nct03580616-als-phase2a#placebo" in ids


def test_fields_are_the_vocabulary_the_benchmark_labels_use() -> None:
    assert set(FIELDS) == VOCABULARY and len(FIELDS) == len(VOCABULARY) == 15


def test_sarif_with_a_misreported_study_validates(run: Run) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not SARIF_SCHEMA_FILE.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA_FILE}")
    path = write("trial.md", f"{WRONG_DESIGN}\n\n{WRONG_SIZE}\n")
    _, out, _ = run("audit", path, "--format", "sarif")
    log = json.loads(out)
    schema = json.loads(SARIF_SCHEMA_FILE.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(log))
    assert not errors, errors[:3]
    results = [r for r in log["runs"][0]["results"] if r["ruleId"] == "misreported-study"]
    assert len(results) == 3 and all(r["level"] == "error" for r in results)


def test_studies_show_prints_what_copy_is_checked_against(run: Run) -> None:
    code, out, _ = run("studies", "show", "nct03580616-als-phase2a")
    assert code == 0
    flat = " ".join(line.strip("│ ") for line in out.splitlines())
    assert "protocol: phase IIa · not randomized · control: none · open-label · 1 arm" in flat
