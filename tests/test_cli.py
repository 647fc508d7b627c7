"""The command line as a user meets it: exit codes, one-line errors, files written.

Each test runs `claimcheck.cli.main` in-process with a fresh working directory, and
checks the exit code and what reached stdout and stderr.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, one_line_error, write

ERROR_TEXT = "L-serine helps sleep.\n"  # preliminary evidence stated as fact: an error
WARNING_TEXT = "Some people report frequent urination as a side effect of L-serine.\n"
INFO_TEXT = "L-serine is an amino acid the body can make itself.\n"
CLEAN_TEXT = "Magnesium is a mineral found in leafy greens.\n"


@pytest.mark.parametrize(
    ("content", "args", "code"),
    [
        (CLEAN_TEXT, (), 0),
        (INFO_TEXT, (), 0),
        (WARNING_TEXT, (), 0),
        (WARNING_TEXT, ("--fail-on", "warning"), 1),
        (INFO_TEXT, ("--fail-on", "info"), 1),
        (ERROR_TEXT, (), 1),
        (ERROR_TEXT, ("--fail-on", "never"), 0),
    ],
    ids=["clean", "info", "warning-below", "warning-at", "info-at", "error", "never"],
)
def test_exit_code_follows_fail_on(
    run: Run, content: str, args: tuple[str, ...], code: int
) -> None:
    path = write("copy.txt", content)
    assert run("audit", path, *args)[0] == code


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: "missing.txt", "no such file or directory"),
        (lambda: write("empty.txt", ""), "is empty"),
        (lambda: write("blank.md", "  \n\n"), "contains only whitespace"),
        (lambda: write("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary"),
        (lambda: write("huge.txt", "L-serine helps sleep. " * 500_000), "10 MiB"),
    ],
    ids=["missing", "empty", "blank", "binary", "huge"],
)
def test_bad_input_is_one_line_and_exit_2(run: Run, make: Callable[[], str], message: str) -> None:
    code, _, err = run("audit", make())
    assert code == 2
    one_line_error(err)
    assert message in err


def test_directory_given_as_output_or_bad_option_is_usage_error(run: Run) -> None:
    code, _, err = run("audit", write("a.txt", INFO_TEXT), "--format", "pdf")
    assert code == 2
    assert "Traceback" not in err


def test_unreadable_file_does_not_stop_the_others(run: Run) -> None:
    good = write("good.txt", ERROR_TEXT)
    code, out, err = run("audit", "missing.txt", good, "--format", "json")
    assert code == 2  # an input error wins over findings
    report = json.loads(out)
    assert [f["path"] for f in report["files"]] == [good]
    assert report["files"][0]["findings"]
    assert "missing.txt: no such file or directory" in err


def test_non_utf8_is_decoded_with_a_notice(run: Run) -> None:
    path = write("latin.txt", ("Caf\u00e9 notes.\n" + ERROR_TEXT).encode("cp1252"))
    code, out, err = run("audit", path, "--format", "json")
    assert "Traceback" not in err
    assert code == 1
    notices = json.loads(out)["files"][0]["notices"]
    assert [n["code"] for n in notices] == ["decoding-fallback"]
    assert "cp1252" in notices[0]["message"]


def test_json_follows_the_contract(run: Run) -> None:
    code, out, _ = run("audit", write("copy.md", "# Sleep\n\n" + ERROR_TEXT), "-f", "json")
    report = json.loads(out)
    assert code == 1
    assert set(report) == {"version", "files", "summary"}
    assert report["version"] == "1.2"
    assert set(report["summary"]) == {"files", "sentences", "findings", "by_verdict", "by_severity"}
    finding = report["files"][0]["findings"][0]
    assert set(finding) == {
        "path", "line", "column", "end_line", "end_column", "sentence", "claim_id", "claim",
        "verdict", "strength", "stance", "overstated", "severity", "code", "fingerprint",
        "match_score", "message", "suggestion", "citations",
    }  # fmt: skip
    assert (finding["line"], finding["column"], finding["end_column"]) == (3, 1, 22)
    assert finding["citations"][0]["pmid"] == "25197619"


def test_stdin_is_audited(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    fake = io.TextIOWrapper(io.BytesIO(ERROR_TEXT.encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    code, out, _ = run("audit", "-", "--format", "json")
    assert code == 1
    assert json.loads(out)["files"][0]["path"] == "<stdin>"


def test_output_is_written_atomically_and_never_over_a_file_without_force(run: Run) -> None:
    source = write("copy.txt", ERROR_TEXT)
    assert run("audit", source, "-o", "report.json", "-f", "json")[0] == 1
    assert json.loads(Path("report.json").read_text())["summary"]["findings"] == 1
    code, _, err = run("audit", source, "-o", "report.json")
    assert code == 2
    assert "file exists; pass --force" in err
    assert run("audit", source, "-o", "report.json", "--force")[0] == 1
    assert not list(Path().glob(".*claimcheck-tmp"))
    code, _, err = run("audit", source, "-o", source, "--force")
    assert code == 2
    assert source in err
    assert Path(source).read_text() == ERROR_TEXT


def test_directories_globs_include_and_exclude(run: Run) -> None:
    write("site/a.md", ERROR_TEXT)
    write("site/deep/b.html", f"<p>{ERROR_TEXT}</p>")
    write("site/notes.rst", ERROR_TEXT)
    write("site/drafts/c.txt", ERROR_TEXT)
    _, out, _ = run("audit", "site", "-f", "json", "--exclude", "drafts/*")
    assert [f["path"] for f in json.loads(out)["files"]] == ["site/a.md", "site/deep/b.html"]
    _, out, _ = run("audit", "site/**/*.html", "-f", "json")
    assert [f["path"] for f in json.loads(out)["files"]] == ["site/deep/b.html"]


def test_parallel_output_is_identical_to_serial(run: Run, seeds_dir: Path) -> None:
    for seed in sorted(seeds_dir.glob("*.txt")):
        write(f"seeds/{seed.name}", seed.read_bytes())
    serial = run("audit", "seeds", "-f", "json", "--jobs", "1")
    parallel = run("audit", "seeds", "-f", "json", "--jobs", "2")
    assert serial == parallel
    assert json.loads(serial[1])["summary"]["files"] == 5


def test_baseline_round_trip(run: Run) -> None:
    source = write("copy.txt", ERROR_TEXT)
    code, out, err = run("audit", source, "--write-baseline", "baseline.json")
    assert (code, out) == (0, "")
    assert "recorded 1 finding" in err
    assert run("audit", source, "--baseline", "baseline.json")[0] == 0
    write("copy.txt", ERROR_TEXT + "L-serine cures cancer.\n")
    code, out, _ = run("audit", source, "--baseline", "baseline.json", "-f", "json")
    assert code == 1
    assert [f["claim_id"] for f in json.loads(out)["files"][0]["findings"]] == [
        "l-serine-fights-cancer"
    ]


def test_suppressions_with_reason_expiry_and_unused(run: Run) -> None:
    text = (
        '<!-- claimcheck-disable-next-line reason="legal approved 2026-03" -->\n'
        + ERROR_TEXT
        + "\n<!-- claimcheck-disable-next-line -->\n"
        + "L-serine cures cancer.\n"
        + '\n<!-- claimcheck-disable-next-line reason="old" until=2020-01-01 -->\n'
        + "L-serine fights cancer.\n"
        + '\n<!-- claimcheck-disable-next-line reason="nothing here" -->\n'
        + CLEAN_TEXT
    )
    source = write("copy.md", text)
    code, out, _ = run("audit", source, "-f", "json", "--report-unused-suppressions")
    result = json.loads(out)["files"][0]
    assert [f["line"] for f in result["findings"]] == [8]
    assert sorted(n["code"] for n in result["notices"]) == [
        "outside-pack",  # CLEAN_TEXT is about magnesium, which no pack covers
        "suppression-expired",
        "suppression-unused",
        "suppression-without-reason",
    ]
    assert code == 1


def test_config_file_and_flag_precedence(run: Run) -> None:
    source = write("copy.txt", ERROR_TEXT)
    write(".claimcheck.yaml", "fail-on: never\nformat: json\n")
    code, out, _ = run("audit", source)
    assert code == 0
    assert json.loads(out)["summary"]["findings"] == 1
    assert run("audit", source, "--fail-on", "error")[0] == 1
    code, out, _ = run("config")
    assert code == 0
    assert "fail-on" in out
    assert ".claimcheck.yaml" in out


def test_bad_config_is_a_usage_error(run: Run) -> None:
    write(".claimcheck.yaml", "fail_on: never\n")
    code, _, err = run("audit", write("copy.txt", ERROR_TEXT))
    assert code == 2
    one_line_error(err)
    assert "unknown key 'fail_on'" in err
    assert ".claimcheck.yaml:1" in err


def test_broken_extra_pack_is_exit_2(run: Run) -> None:
    write("pack/claims/bad.yaml", "claims:\n  - id: x\n")
    code, _, err = run("audit", write("copy.txt", ERROR_TEXT), "--pack", "pack")
    assert code == 2
    one_line_error(err)
    assert "pack/claims/bad.yaml:2" in err


def test_github_format_writes_step_summary(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(Path("summary.md").resolve()))
    code, out, _ = run("audit", write("copy.txt", ERROR_TEXT), "-f", "github")
    assert code == 1
    assert out.startswith("::error file=copy.txt,line=1")
    assert "l-serine-improves-sleep" in Path("summary.md").read_text()


def test_validate_commands(run: Run) -> None:
    code, out, _ = run("validate")
    assert code == 0
    assert out.startswith("ok: ")
    write("pack/studies/x.yaml", "id: x\n")
    code, _, err = run("validate", "pack")
    assert code == 1
    assert "pack/studies/x.yaml:1: id: String should have at least 2 characters" in err
    assert run("validate", "nowhere")[0] == 2


def test_browse_commands(run: Run) -> None:
    code, out, _ = run("claims", "list", "--format", "json")
    assert code == 0
    assert any(c["id"] == "l-serine-improves-sleep" for c in json.loads(out))
    code, out, _ = run("claims", "show", "l-serine-fights-cancer")
    assert code == 0
    assert "contradicted" in out
    code, _, err = run("claims", "show", "l-serine-cures-everything")
    assert code == 2
    one_line_error(err)
    code, out, _ = run("studies", "show", "fridman-2019-hsan1-rct", "--format", "json")
    assert json.loads(out)["identifiers"]["pmid"] == "30626650"
    assert run("studies", "show", "nope")[0] == 2


def test_studies_show_a_clean_summary_and_keep_curation_notes_for_verbose(run: Run) -> None:
    code, out, _ = run("studies", "show", "ito-2014-sleep")
    assert code == 0
    assert "https://pubmed.ncbi.nlm.nih.gov/25197619/" in out.replace("\n", "")
    assert "reviewed against its source: 2026-12-04" in out
    assert "curation" not in out and "researcher.life" not in out
    code, out, _ = run("studies", "show", "ito-2014-sleep", "--verbose")
    assert "curation:" in out and "other way round" in " ".join(out.split())
    code, out, _ = run("studies", "show", "ito-2014-sleep", "--format", "json")
    assert "curation" not in json.loads(out)


def test_studies_list_json_shows_when_each_study_was_reviewed(run: Run) -> None:
    code, out, _ = run("studies", "list", "--format", "json")
    studies = json.loads(out)
    assert code == 0
    assert all(study["reviewed"] for study in studies)
    assert all("curation" not in study for study in studies)
    fridman = next(s for s in studies if s["id"] == "fridman-2019-hsan1-rct")
    assert {"label": "NCT01733407", "url": "https://clinicaltrials.gov/study/NCT01733407"} in (
        fridman["links"]
    )


def test_check_one_sentence(run: Run) -> None:
    code, out, _ = run("check", "L-serine cures cancer.", "--format", "json")
    assert code == 1
    match = json.loads(out)["matches"][0]
    assert match["finding"]["verdict"] == "contradicted"
    assert match["evidence"]
    code, out, _ = run("check", "It helps you fall asleep faster.")
    assert code == 1
    assert "Accurate wording" in out
    code, out, _ = run("check", "The weather was fine.")
    assert (code, "No claim in the pack matched" in out) == (0, True)


def test_check_says_what_it_assumed_or_could_not_check(run: Run) -> None:
    code, out, _ = run("check", "It helps you fall asleep faster.", "--format", "json")
    assert json.loads(out)["notes"] == [
        "the sentence names no substance: read as about L-serine (the pack's main "
        "substance; choose another with --substance)"
    ]
    code, out, _ = run("check", "L-serine helps you fall asleep.", "--format", "json")
    assert json.loads(out)["notes"] == []
    code, out, _ = run("check", "Ashwagandha melts away stress.")
    assert code == 0
    assert "no knowledge pack covers: ashwagandha" in " ".join(out.split())


def test_audit_names_supplements_outside_the_pack(run: Run) -> None:
    source = write("copy.md", "Creatine builds muscle and melatonin helps you sleep.\n")
    code, out, _ = run("audit", source, "-f", "json")
    (notice,) = json.loads(out)["files"][0]["notices"]
    assert (code, notice["code"], notice["line"]) == (0, "outside-pack", 1)
    assert "creatine, melatonin" in notice["message"]


def test_version(run: Run) -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert out.startswith("claimcheck ")
