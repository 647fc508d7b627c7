"""The command line as a user meets it: exit codes, one-line errors, files written.

Each test runs `claimcheck.cli.main` in-process with a fresh working directory, and
checks the exit code and what reached stdout and stderr.
"""

from __future__ import annotations

import json
import re
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
    # the README promises the notice on stderr too: a CI log shows it even when the
    # report goes to a file
    assert err == f"claimcheck: latin.txt: {notices[0]['message']}\n"


def test_json_follows_the_contract(run: Run) -> None:
    code, out, _ = run("audit", write("copy.md", "# Sleep\n\n" + ERROR_TEXT), "-f", "json")
    report = json.loads(out)
    assert code == 1
    assert set(report) == {"version", "files", "summary"}
    assert report["version"] == "1.5"
    assert set(report["summary"]) == {"files", "sentences", "findings", "by_verdict", "by_severity"}
    finding = report["files"][0]["findings"][0]
    assert set(finding) == {
        "path", "line", "column", "end_line", "end_column", "sentence", "claim_id", "claim",
        "verdict", "strength", "stance", "overstated", "severity", "code", "fingerprint",
        "match_score", "message", "suggestion", "citations", "claim_span", "study_check",
    }  # fmt: skip
    assert finding["study_check"] is None  # set on misreported-study findings only
    assert (finding["line"], finding["column"], finding["end_column"]) == (3, 1, 22)
    assert finding["citations"][0]["pmid"] == "25197619"
    span = finding["claim_span"]
    assert finding["sentence"][span["start"] : span["end"]] == "sleep"


def test_stdin_is_audited(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    fake = io.TextIOWrapper(io.BytesIO(ERROR_TEXT.encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    code, out, _ = run("audit", "-", "--format", "json")
    assert code == 1
    assert json.loads(out)["files"][0]["path"] == "<stdin>"


def highlighted(page: str) -> list[str]:
    """The text of every highlight in an HTML report."""
    return re.findall(r'<mark class="hl"[^>]*><a [^>]*>(.*?)</a></mark>', page, re.DOTALL)


def test_html_report_shows_each_file_with_its_findings(run: Run) -> None:
    first = write("site/a.md", f"# Sleep\n\n<b>{ERROR_TEXT.strip()}</b> {WARNING_TEXT}")
    second = write("site/b.html", f"<p>{INFO_TEXT.strip()}</p>\n<script>x()</script>")
    code, _, _ = run("audit", "site", "-f", "html", "-o", "report.html")
    assert code == 1
    page = Path("report.html").read_text(encoding="utf-8")
    assert f'<a href="#file-1">{first}</a>' in page and f'<a href="#file-2">{second}</a>' in page
    # the copy as it is in the file, markup shown as text
    assert highlighted(page) == [
        ERROR_TEXT.strip(),
        WARNING_TEXT.strip(),
        INFO_TEXT.strip(),
    ]
    assert "&lt;b&gt;" in page and "&lt;script&gt;x()&lt;/script&gt;" in page


def test_html_report_of_stdin_shows_the_copy(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    fake = io.TextIOWrapper(io.BytesIO(("Intro.\n" + ERROR_TEXT).encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    code, out, _ = run("audit", "-", "--format", "html")
    assert code == 1
    assert highlighted(out) == [ERROR_TEXT.strip()]
    assert '<h2 id="file-1-h">&lt;stdin&gt;</h2>' in out


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


MIXED_TEXT = ERROR_TEXT + WARNING_TEXT + INFO_TEXT


def unmarked(report: str) -> str:
    """The text report without the marks around claimed words, to find sentences in it."""
    return report.replace("»", "").replace("«", "")


def test_every_finding_is_shown_by_default(run: Run) -> None:
    _, out, err = run("audit", write("copy.txt", MIXED_TEXT))
    out = unmarked(out)
    for sentence in MIXED_TEXT.splitlines():
        assert sentence in out
    assert "hidden" not in err


def test_min_severity_hides_the_findings_below_it_and_says_how_many(run: Run) -> None:
    code, out, err = run("audit", write("copy.txt", MIXED_TEXT), "--min-severity", "warning")
    out = unmarked(out)
    assert ERROR_TEXT.strip() in out and WARNING_TEXT.strip() in out
    assert INFO_TEXT.strip() not in out
    assert err == "claimcheck: 1 finding below warning hidden\n"
    assert code == 1  # the error still fails the run


def test_min_severity_comes_from_the_config_file_too(run: Run) -> None:
    write(".claimcheck.yaml", "min-severity: error\n")
    source = write("copy.txt", WARNING_TEXT + INFO_TEXT)
    code, out, err = run("audit", source, "--fail-on", "info")
    out = unmarked(out)
    assert WARNING_TEXT.strip() not in out and INFO_TEXT.strip() not in out
    assert "2 findings below error hidden" in err
    assert code == 0  # hidden findings do not fail the run, as with a baseline
    _, out, _ = run("audit", source, "--min-severity", "info")  # the flag wins
    assert WARNING_TEXT.strip() in unmarked(out)


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
    assert re.fullmatch(r"ok: \d+ substances, \d+ studies, \d+ claims in 1 pack\n", out)
    write("pack/studies/x.yaml", "id: x\n")
    code, _, err = run("validate", "pack")
    assert code == 1
    assert "pack/studies/x.yaml:1: id: String should have at least 2 characters" in err
    assert err.endswith("\n7 problems found.\n")
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


def test_claims_can_be_searched_by_the_words_of_the_copy(run: Run) -> None:
    code, out, _ = run("claims", "list", "--search", "Lou Gehrig", "--format", "json")
    found = {c["id"] for c in json.loads(out)}
    assert code == 0
    assert "l-serine-slows-als" in found
    assert all("als" in claim_id or "neuro" in claim_id for claim_id in found)
    code, out, _ = run("claims", "list", "-q", "diabetic neuropathy", "--format", "json")
    assert [c["id"] for c in json.loads(out)] == ["l-serine-helps-diabetic-neuropathy"]


def test_claims_show_prints_citations_a_reviewer_can_paste(run: Run) -> None:
    code, out, _ = run("claims", "show", "l-serine-treats-hsan1")
    assert code == 0
    lines = [line.strip() for line in out.splitlines()]
    assert "https://pubmed.ncbi.nlm.nih.gov/30626650/" in lines  # whole, on a line of its own
    assert "https://doi.org/10.1212/WNL.0000000000006811" in lines


def test_check_one_sentence(run: Run) -> None:
    code, out, _ = run("check", "L-serine cures cancer.", "--format", "json")
    assert code == 1
    match = json.loads(out)["matches"][0]
    assert match["finding"]["verdict"] == "contradicted"
    assert match["evidence"]
    code, out, _ = run("check", "It helps you fall asleep faster.")
    assert code == 1
    assert "  accurate: " in out
    code, out, _ = run("check", "The weather was fine.")
    assert (code, "No claim in the pack matched" in out) == (0, True)


MOOD_SOURCE = (
    "    Amino Acids 2017 (amino-acids-2017-rat-forced-swim): doi:10.1007/s00726-017-2448-8 "
    "https://doi.org/10.1007/s00726-017-2448-8"
)


def test_check_is_compact_one_fact_per_line(run: Run) -> None:
    code, out, _ = run("check", "L-serine boosts your mood")
    assert code == 1
    assert out.splitlines() == [
        "l-serine-improves-mood · animal-only · matched on »mood«",
        "  claim: L-serine improves mood and relieves depression.",
        "  why: error overstated: animal-only evidence (1 rat study), "
        "yet stated as a human benefit",
        "  wording: causal, asserts (cues: boosts)",
        "  accurate: In rats, single and 28-day doses of L-serine reduced depression-like "
        "behaviour in the forced swim test; no trial of L-serine for mood or depression in "
        "people was found.",
        "  sources:",
        MOOD_SOURCE,
    ]


def test_check_never_splits_an_identifier_or_a_link(run: Run) -> None:
    _, out, _ = run("check", "L-serine cures cancer and is safe for long-term use.", "-v")
    _, as_json, _ = run(
        "check", "L-serine cures cancer and is safe for long-term use.", "-f", "json"
    )
    lines = out.splitlines()
    assert not set("│┃╭") & set(out)  # no boxes, no table cells
    citations = [c for m in json.loads(as_json)["matches"] for c in m["finding"]["citations"]]
    assert len(citations) > 3
    for citation in citations:
        line = next(line for line in lines if f"({citation['study_id']})" in line)
        for key, link in (
            ("pmid", "https://pubmed.ncbi.nlm.nih.gov/{}/"),
            ("doi", "https://doi.org/{}"),
        ):
            if citation[key]:
                assert citation[key] in line and link.format(citation[key]) in line
        if citation["nct"]:
            assert f"https://clinicaltrials.gov/study/{citation['nct']}" in line


def test_check_verbose_adds_how_it_read_the_sentence_and_each_study(run: Run) -> None:
    _, compact, _ = run("check", "L-serine boosts your mood")
    code, out, _ = run("check", "L-serine boosts your mood", "--verbose")
    assert code == 1
    assert "  read as: population not named, reports no study, match score" in out
    assert "  evidence:" in out and "evidence:" not in compact
    assert (
        "    amino-acids-2017-rat-forced-swim · supports · animal tier · animal · "
        "rat: Wistar and Wistar-Kyoto rats · completed"
    ) in out.splitlines()
    assert MOOD_SOURCE in out.splitlines()


def test_studies_list_keeps_every_identifier_whole(run: Run) -> None:
    _, out, _ = run("studies", "list")
    _, as_json, _ = run("studies", "list", "--format", "json")
    for study in json.loads(as_json):
        doi = study["identifiers"]["doi"]
        if doi and not study["identifiers"]["pmid"]:
            assert f"doi:{doi}" in out, study["id"]
        assert study["id"] in out


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


def test_audit_warns_when_the_copy_holds_bidi_controls(run: Run) -> None:
    # "sruoh 8" displays as "8 hours": what a reviewer sees is not what is stored.
    text = "# Sleep\n\nL-serine adds \u202esruoh 8\u202c of sleep.\n"
    code, out, _ = run("audit", write("copy.md", text), "-f", "json", "--fail-on", "warning")
    (notice,) = [n for n in json.loads(out)["files"][0]["notices"] if n["code"] == "bidi-control"]
    assert (notice["line"], notice["column"], notice["severity"]) == (3, 15, "warning")
    assert "2 bidirectional control characters (U+202E, U+202C)" in notice["message"]
    assert code == 1
    marks_only = "L-serine is an amino acid\u200f.\n"  # a mark: it only sets a direction
    code, out, _ = run("audit", write("marks.txt", marks_only), "-f", "json")
    (notice,) = [n for n in json.loads(out)["files"][0]["notices"] if n["code"] == "bidi-control"]
    assert notice["severity"] == "info"
    code, out, _ = run("audit", write("plain.txt", INFO_TEXT), "-f", "json")
    assert json.loads(out)["files"][0]["notices"] == []


def test_version(run: Run) -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert out.startswith("claimcheck ")


def test_missing_pack_names_the_directory_without_a_line(run: Run) -> None:
    code, _, err = run("audit", write("copy.txt", ERROR_TEXT), "--pack", "nowhere")
    assert code == 2
    one_line_error(err)
    assert err.rstrip().endswith("nowhere: pack directory does not exist")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"version": 1, "fingerprints": {}}'.encode("utf-16"), "is UTF-16 text"),
        (b'{"version": ' + b"9" * 5000 + b', "fingerprints": {}}', "is not usable JSON"),
    ],
    ids=["utf-16", "5000-digit-version"],
)
def test_unreadable_baseline_is_one_line_naming_the_file(
    run: Run, content: bytes, message: str
) -> None:
    baseline = write("baseline.json", content)
    code, _, err = run("audit", write("copy.txt", ERROR_TEXT), "--baseline", baseline)
    assert code == 2
    one_line_error(err)
    assert f"claimcheck: {baseline}: baseline {message}" in err


def test_unwritable_step_summary_warns_and_keeps_the_exit_code(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(Path("no-such-dir/summary.md").resolve()))
    code, out, err = run("audit", write("copy.txt", ERROR_TEXT), "-f", "github")
    assert code == 1
    assert out.startswith("::error file=copy.txt")
    one_line_error(err)
    assert "warning: cannot write the job summary" in err
    assert "no-such-dir/summary.md" in err
    code, _, _ = run("audit", write("clean.txt", CLEAN_TEXT), "-f", "github")
    assert code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "xml"), "--format: 'xml' is not one of 'text', 'json'"),
        (("--jobs", "-1"), "--jobs: -1 is not in the range x>=0"),
        (("--pack", "copy.txt"), "--pack: 'copy.txt' is a file, not a directory"),
        (("--baseline", "."), "--baseline: '.' is a directory, not a file"),
        (("-o", ""), "--output: the path is empty"),
        (("-o", "."), "--output: '.' is a directory, not a file"),
        (("--formt", "json"), "no such option: --formt"),
    ],
    ids=["format", "jobs", "pack-file", "baseline-dir", "empty-output", "dir-output", "typo"],
)
def test_usage_errors_are_one_line_with_exit_2(
    run: Run, args: tuple[str, ...], message: str
) -> None:
    code, out, err = run("audit", write("copy.txt", ERROR_TEXT), *args)
    assert (code, out) == (2, "")
    one_line_error(err)
    assert err.startswith(f"claimcheck: error: {message}")
    assert err.rstrip().endswith("(see 'claimcheck audit --help')")


def test_audit_without_paths_is_a_one_line_usage_error(run: Run) -> None:
    code, _, err = run("audit")
    assert code == 2
    one_line_error(err)
    assert "missing argument 'PATH...'" in err


def test_help_is_still_shown(run: Run) -> None:
    code, out, _ = run("audit", "--help")
    assert code == 0
    assert "--fail-on" in out
    code, out, _ = run()
    assert code == 2  # no command: the help, as Click does with no_args_is_help
    assert "audit" in out


def test_a_pack_directory_without_pack_files_is_refused(run: Run) -> None:
    Path("empty-pack").mkdir()
    code, _, err = run("audit", write("copy.txt", ERROR_TEXT), "--pack", "empty-pack")
    assert code == 2
    one_line_error(err)
    assert "empty-pack: not a knowledge pack: no substances.yaml" in err
    code, _, err = run("validate", "copy.txt")
    assert code == 2
    one_line_error(err)
    assert "copy.txt: not a directory" in err


def test_plain_text_directive_line_stands_on_its_own(run: Run) -> None:
    # A hard-wrapped .txt paragraph: the directive line starts in lower case and has no
    # final punctuation, so as text it would join the sentences above and below it.
    text = (
        "Our evening blend pairs L-serine with magnesium and a little lemon balm,\n"
        "for a calmer wind-down routine before bed, every single night of the week.\n"
        'claimcheck-disable-next-line l-serine-treats-insomnia reason="legal, 2026-03"\n'
        "L-serine cures insomnia in most adults within a week, say our customers.\n"
        "We ship it in recyclable glass jars, and the taste is gently citrus.\n"
    )
    _, out, _ = run("audit", write("copy.txt", text), "-f", "json", "--report-unused-suppressions")
    result = json.loads(out)["files"][0]
    assert "l-serine-treats-insomnia" not in [f["claim_id"] for f in result["findings"]]
    assert all("claimcheck-disable" not in f["sentence"] for f in result["findings"])
    assert not result["notices"]  # the suppression was used, and is valid


def test_a_config_file_other_users_can_write_is_skipped_with_a_warning(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    Path(".git").mkdir()
    planted = Path(write(".claimcheck.yaml", "fail-on: never\n"))
    planted.chmod(0o666)
    monkeypatch.setattr(os, "getuid", lambda: planted.stat().st_uid + 1)
    code, _, err = run("audit", write("copy.txt", ERROR_TEXT))
    assert code == 1  # the planted `fail-on: never` did not apply
    one_line_error(err)
    assert err.startswith("claimcheck: warning: .claimcheck.yaml: not used: other users can")


def test_the_cli_reads_like_a_table_of_contents() -> None:
    """Issue 10: no function in cli.py runs past 40 lines (option handling, discovery,
    running and rendering are each their own step)."""
    import ast

    import claimcheck.cli

    source = Path(claimcheck.cli.__file__).read_text(encoding="utf-8")
    lengths = {
        node.name: node.end_lineno - node.lineno + 1  # type: ignore[operator]
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef)
    }
    assert {name: n for name, n in lengths.items() if n > 40} == {}
