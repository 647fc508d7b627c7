"""The text report as a reader meets it: claims grouped, sentences whole, sources linked.

Reports are built by hand (precise cases) and from the seed articles (the product target:
the report of seed 003 is short, yet holds every sentence, wording and source).
"""

from __future__ import annotations

import re
from functools import cache
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from claimcheck.findings import Citation, FileResult, Finding, Report, Severity, Span, hide_below
from claimcheck.pipeline import audit_document
from claimcheck.report import Format, RenderOptions, render
from claimcheck.report.markdown import flatten
from claimcheck.report.text import (
    LEGEND,
    MARK_CLOSE,
    MARK_OPEN,
    claimed_words,
    flatten_fast,
    wording,
    write_plain,
    write_rich,
    write_text,
)
from claimcheck.sources import read_document
from tests.conftest import Run, write

OPTIONS = RenderOptions(color=False, width=100)
RAT = Citation(study_id="rat-2017", citation="Amino Acids 2017", doi="10.1007/s00726-017-2448-8")
TRIAL = Citation(
    study_id="fridman-2019",
    citation="Fridman et al. 2019, Neurology 92(4):e359-e370",
    pmid="30626650",
    doi="10.1212/WNL.0000000000006811",
    nct="NCT01733407",
)
UNLINKED = Citation(study_id="case-2017", citation="Auranen et al. 2017")


def finding(sentence: str, line: int, **overrides: Any) -> Finding:
    data: dict[str, Any] = {
        "path": "copy.md",
        "line": line,
        "column": 1,
        "end_line": line,
        "end_column": len(sentence) + 1,
        "sentence": sentence,
        "claim_id": "l-serine-improves-mood",
        "claim": "L-serine improves mood.",
        "verdict": "animal-only",
        "strength": "hedged",
        "stance": "asserts",
        "overstated": True,
        "severity": "error",
        "code": "overstated",
        "fingerprint": f"{line:032d}",
        "match_score": 80,
        "message": "animal-only evidence (1 rat study), yet stated as a possibility",
        "suggestion": "In rats, L-serine reduced depression-like behaviour.",
        "citations": [RAT.model_dump()],
    }
    data.update(overrides)
    return Finding.model_validate(data)


def text_of(*findings: Finding, sentences: int = 10) -> str:
    result = FileResult(path="copy.md", sentences=sentences, findings=findings)
    return render(Report(files=(result,)), Format.TEXT, OPTIONS)


MOOD = [
    finding("L-serine may lift your mood.", 3, claim_span=Span(start=23, end=27)),
    finding("It could ease low mood, too.", 7),
    finding("Mood support you can count on.", 12, strength="causal"),
]


# --- one claim, many sentences -------------------------------------------------------------


def test_a_claim_made_in_many_sentences_is_one_group() -> None:
    output = text_of(*MOOD)
    assert output.count("l-serine-improves-mood") == 1
    assert "l-serine-improves-mood · animal-only · 3 sentences, lines 3, 7 and 12" in output


def test_the_accurate_wording_is_given_once_per_claim() -> None:
    output = text_of(*MOOD)
    assert output.count("In rats, L-serine reduced depression-like behaviour.") == 1


def test_sentences_are_listed_under_each_way_they_were_judged() -> None:
    stronger = MOOD[2].model_copy(
        update={"message": "animal-only evidence (1 rat study), yet stated as a human benefit"}
    )
    lines = text_of(MOOD[0], MOOD[1], stronger).splitlines()
    possibility = lines.index(
        "  error overstated: animal-only evidence (1 rat study), yet stated as a possibility"
    )
    benefit = lines.index(
        "  error overstated: animal-only evidence (1 rat study), yet stated as a human benefit"
    )
    assert lines[possibility + 1].startswith("    3:1 hedged “")
    assert lines[possibility + 2].startswith("    7:1 hedged “")
    assert lines[benefit + 1].startswith("    12:1 causal “")


def test_a_claim_judged_one_way_says_so_in_its_heading() -> None:
    (heading, *_) = text_of(MOOD[0]).split("copy.md\n", 1)[1].splitlines()
    assert heading == (
        "l-serine-improves-mood · animal-only · error overstated: animal-only evidence "
        "(1 rat study), yet stated as a possibility · sources [1]"
    )


def test_a_denial_is_marked_as_one() -> None:
    denial = finding("No study shows L-serine lifts mood.", 4, stance="denies", severity="info")
    assert "  4:1 hedged, denies “No study shows L-serine lifts mood.”" in text_of(denial)


def test_info_findings_carry_no_accurate_wording() -> None:
    within = finding("In rats, L-serine lowered immobility.", 2, severity="info")
    assert "accurate:" not in text_of(within)


# --- sentences, whole and marked -----------------------------------------------------------


def test_the_claimed_words_are_marked_in_the_sentence() -> None:
    assert f"“L-serine may lift your {MARK_OPEN}mood{MARK_CLOSE}.”" in text_of(MOOD[0])


def test_a_sentence_without_known_claimed_words_is_quoted_whole_and_unmarked() -> None:
    output = text_of(MOOD[1])
    assert "“It could ease low mood, too.”" in output
    assert MARK_OPEN not in output.replace(LEGEND, "")


def test_long_sentences_are_never_cut() -> None:
    long = "L-serine may lift your mood " + "and keep it lifted " * 30 + "all year."
    output = text_of(finding(long, 1, claim_span=Span(start=23, end=27)))
    assert "…" not in output
    assert f"“L-serine may lift your {MARK_OPEN}mood{MARK_CLOSE}" in output
    assert "and keep it lifted all year.”" in output


def test_a_mark_keeps_the_copy_on_one_line() -> None:
    sentence = "L-serine may lift\nyour\tmood\u202e today."
    output = text_of(finding(sentence, 1, claim_span=Span(start=23, end=27)))
    assert f"“L-serine may lift your {MARK_OPEN}mood{MARK_CLOSE}<U+202E> today.”" in output


def test_a_span_that_does_not_fit_the_sentence_is_ignored() -> None:
    output = text_of(finding("Lifts mood.", 1, claim_span=Span(start=6, end=99)))
    assert "“Lifts mood.”" in output


# --- sources -------------------------------------------------------------------------------


def test_every_source_shows_its_identifiers_and_links_once() -> None:
    trial = finding("L-serine is safe.", 9, claim_id="l-serine-safe", citations=[TRIAL])
    output = text_of(*MOOD, trial)
    assert output.count("Amino Acids 2017") == 1
    assert (
        "[1] Amino Acids 2017 (rat-2017): doi:10.1007/s00726-017-2448-8 "
        "https://doi.org/10.1007/s00726-017-2448-8"
    ) in output
    assert (
        "[2] Fridman et al. 2019, Neurology 92(4):e359-e370 (fridman-2019): "
        "PMID 30626650 https://pubmed.ncbi.nlm.nih.gov/30626650/ · "
        "doi:10.1212/WNL.0000000000006811 https://doi.org/10.1212/WNL.0000000000006811 · "
        "NCT01733407 https://clinicaltrials.gov/study/NCT01733407"
    ) in output
    assert "l-serine-safe · animal-only · error overstated:" in output
    assert output.splitlines()[-3].startswith("  [2]")


def test_a_source_without_identifiers_says_where_to_find_out_why() -> None:
    bare = finding("L-serine lifts mood.", 1, citations=[UNLINKED])
    expected = (
        "[1] Auranen et al. 2017 (case-2017): no identifier recorded "
        "(`claimcheck studies show case-2017` says why)"
    )
    assert expected in text_of(bare)


def test_sources_are_numbered_in_the_order_they_are_first_cited() -> None:
    many = finding("L-serine is safe.", 2, claim_id="l-serine-safe", citations=[TRIAL, RAT])
    output = text_of(many, *MOOD)
    assert "l-serine-safe · animal-only · error overstated:" in output
    assert "· sources [1-2]" in output and "· sources [2]" in output
    assert "[1] Fridman" in output and "[2] Amino Acids" in output


# --- the frame -----------------------------------------------------------------------------


def test_the_key_explains_verdict_wording_and_marks() -> None:
    first = text_of(*MOOD).splitlines()[0]
    assert first == LEGEND
    for word in ("verdict", "hedged < associative < causal < absolute", "denies", MARK_OPEN):
        assert word in first


def test_a_clean_report_has_no_key_and_no_sources() -> None:
    output = text_of(sentences=1)
    assert output == "1 file, 1 sentence checked: 0 errors, 0 warnings, 0 info\n"


# --- one sentence, many claims --------------------------------------------------------------

SLEEP_AND_MOOD = "L-serine lifts your mood and helps you sleep."
SLEEP = {
    "claim_id": "l-serine-improves-sleep",
    "verdict": "preliminary",
    "message": "preliminary evidence (1 randomized trial), yet stated as an established fact",
    "suggestion": "One small trial suggests L-serine may help sleep.",
    "citations": [TRIAL],
    "strength": "causal",
}


def test_a_sentence_is_quoted_once_and_named_by_the_next_claim_it_makes() -> None:
    mood = finding(SLEEP_AND_MOOD, 2, strength="causal", claim_span=Span(start=20, end=24))
    sleep = finding(SLEEP_AND_MOOD, 2, claim_span=Span(start=39, end=44), **SLEEP)
    lines = text_of(mood, sleep).splitlines()
    assert (
        lines.count(
            f"  2:1 causal “L-serine lifts your {MARK_OPEN}mood{MARK_CLOSE} and helps you sleep.”"
        )
        == 1
    )
    heading = next(line for line in lines if line.startswith("l-serine-improves-sleep · "))
    assert heading.endswith(
        f" · sources [2] · quoted above: 2:1 causal {MARK_OPEN}sleep{MARK_CLOSE}"
    )
    assert "  accurate: One small trial suggests L-serine may help sleep." in lines
    assert sum(SLEEP_AND_MOOD[:10] in line for line in lines) == 1


def test_references_share_their_judgement_line() -> None:
    first = finding("L-serine lifts mood.", 1, strength="causal", claim_span=Span(start=15, end=19))
    second = finding("Mood, sorted.", 2, strength="causal", claim_span=Span(start=0, end=4))
    again = [
        finding(f.sentence, f.line, **{**SLEEP, "claim_span": Span(start=0, end=8)})
        for f in (first, second)
    ]
    lines = text_of(first, second, *again).splitlines()
    heading = next(line for line in lines if line.startswith("l-serine-improves-sleep · "))
    assert heading.endswith(
        f" · quoted above: 1:1 causal {MARK_OPEN}L-serine{MARK_CLOSE}; "
        f"2:1 causal {MARK_OPEN}Mood, so{MARK_CLOSE}"
    )


def test_a_reference_without_known_words_names_the_position_and_wording() -> None:
    mood = finding(SLEEP_AND_MOOD, 2)
    sleep = finding(SLEEP_AND_MOOD, 2, **{**SLEEP, "strength": "hedged", "stance": "denies"})
    heading = next(line for line in text_of(mood, sleep).splitlines() if "improves-sleep" in line)
    assert heading.endswith(" · sources [2] · quoted above: 2:1 hedged, denies")


def test_a_claim_judged_several_ways_names_earlier_sentences_under_each_judgement() -> None:
    mood = finding(SLEEP_AND_MOOD, 2, claim_span=Span(start=20, end=24))
    hedged = finding(SLEEP_AND_MOOD, 2, claim_span=Span(start=39, end=44), **SLEEP)
    new = finding("L-serine may help you sleep.", 4, **{**SLEEP, "strength": "hedged"})
    new = new.model_copy(update={"message": "preliminary evidence (1 randomized trial)"})
    lines = text_of(mood, hedged, new).splitlines()
    judgement = next(line for line in lines if "yet stated as an established fact" in line)
    assert judgement.startswith("  error overstated: ")
    assert judgement.endswith(f"· quoted above: 2:1 causal {MARK_OPEN}sleep{MARK_CLOSE}")
    assert lines[lines.index(judgement) + 2] == "    4:1 hedged “L-serine may help you sleep.”"


def test_each_file_quotes_its_own_sentences() -> None:
    mood = finding(SLEEP_AND_MOOD, 2, claim_span=Span(start=20, end=24))
    other = mood.model_copy(update={"path": "other.md"})
    sleep = finding(SLEEP_AND_MOOD, 2, path="other.md", **SLEEP)
    files = (
        FileResult(path="copy.md", sentences=2, findings=(mood,)),
        FileResult(path="other.md", sentences=2, findings=(other, sleep)),
    )
    output = render(Report(files=files), Format.TEXT, OPTIONS)
    assert output.count(f"“L-serine lifts your {MARK_OPEN}mood{MARK_CLOSE}") == 2
    assert output.count("quoted above: 2:1 causal") == 1


# --- order and odd findings ----------------------------------------------------------------


def test_claims_with_errors_come_first_then_warnings_then_info_in_document_order() -> None:
    info = finding("In rats, L-serine helped.", 1, claim_id="a-info", severity="info")
    warning = finding("L-serine is popular.", 2, claim_id="b-warning", severity="warning")
    late_error = finding("L-serine cures.", 9, claim_id="c-error")
    early_error = finding("L-serine heals.", 3, claim_id="d-error")
    headings = [
        line.split(" · ")[0]
        for line in text_of(info, warning, early_error, late_error).splitlines()
        if " · " in line and not line.startswith((" ", "Key"))
    ]
    assert headings == ["d-error", "c-error", "b-warning", "a-info"]


def test_an_info_claim_whose_sentences_were_quoted_is_one_line() -> None:
    mood = finding(SLEEP_AND_MOOD, 2, claim_span=Span(start=20, end=24))
    within = finding(SLEEP_AND_MOOD, 2, claim_id="l-serine-is-an-amino-acid", severity="info")
    output = text_of(mood, within)
    (line,) = [line for line in output.splitlines() if "l-serine-is-an-amino-acid" in line]
    assert line.endswith("· sources [1] · quoted above: 2:1 hedged")
    assert output.split(line)[1].startswith("\n\n")


def test_a_finding_without_accurate_wording_has_no_accurate_line() -> None:
    study = finding("A 2024 trial proved it.", 5, claim_id="misreported-study", suggestion="")
    output = text_of(study)
    assert "accurate:" not in output
    assert "misreported-study · animal-only · error overstated:" in output


def test_different_accurate_wordings_of_one_claim_are_each_given_once() -> None:
    one = finding("It lifts mood.", 1)
    two = finding("It lifts moods.", 2, suggestion="Another careful wording.")
    output = text_of(one, two, finding("It lifts mood a lot.", 3))
    assert output.count("  accurate: In rats, L-serine reduced depression-like behaviour.") == 1
    assert output.count("  accurate: Another careful wording.") == 1


def test_an_unknown_verdict_style_is_no_error() -> None:
    heading = claim_heading_of(finding("It lifts mood.", 1, verdict="mixed"))
    assert heading.startswith("l-serine-improves-mood · mixed · ")


def claim_heading_of(found: Finding) -> str:
    return text_of(found).split("copy.md\n", 1)[1].splitlines()[0]


# --- seed 003: short, yet complete ---------------------------------------------------------

SEED_003 = "003_aa76d7ce0544b035.txt"
LINES_BEFORE_ISSUE_10 = 440  # the report of seed 003 when grouping was added
HEADING = re.compile(r"^\S+ · ")
JUDGEMENT = re.compile(r"^  (error|warning|info) ")


@cache
def seed_report(seeds: Path) -> Report:
    result = audit_document(read_document(seeds / SEED_003))
    return Report(files=(result,))


def without_marks(text: str) -> str:
    return text.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def claim_groups(output: str) -> dict[str, list[str]]:
    """Claim id -> the lines of its group (single-file report)."""
    groups: dict[str, list[str]] = {}
    current: list[str] = []
    for line in output.split("\n\n")[1].splitlines()[1:]:
        if HEADING.match(line):
            current = groups.setdefault(line.split(" · ")[0], [])
        current.append(line)
    return groups


def judgement_block(group: list[str], found: Finding) -> list[str]:
    """The lines of a group under the finding's judgement: its line, up to the next one."""
    label = f"{found.severity.value} {found.code.value}: {found.message}"
    start = next(index for index, line in enumerate(group) if label in line)
    rest = group[start + 1 :]
    end = next((index for index, line in enumerate(rest) if JUDGEMENT.match(line)), len(rest))
    return group[start : start + 1 + end]


def source_number(output: str, study_id: str) -> int:
    """The number of a study in the Sources list, which names it once."""
    (number,) = re.findall(rf"^  \[(\d+)\] .*\({re.escape(study_id)}\)", output, re.MULTILINE)
    return int(number)


def cited_numbers(heading: str) -> set[int]:
    found = re.search(r" · sources \[([^\]]+)\]", heading)
    numbers: set[int] = set()
    for part in found.group(1).split(", ") if found else []:
        low, _, high = part.partition("-")
        numbers.update(range(int(low), int(high or low) + 1))
    return numbers


def assert_nothing_lost(report: Report, output: str) -> None:
    """Every finding's position, claim, verdict, wording, judgement, accurate wording,
    claimed words and sources can be read back from the report, and every sentence is
    quoted whole exactly once."""
    groups, plain = claim_groups(output), without_marks(output)
    for found in report.findings:
        group = groups[found.claim_id]
        assert group[0].startswith(f"{found.claim_id} · {found.verdict.value}")
        block = "\n".join(judgement_block(group, found))
        where, sentence = f"{found.line}:{found.column}", " ".join(found.sentence.split())
        quoted = re.findall(rf"^ +{where} [a-z, ]+ “{re.escape(sentence)}”$", plain, re.MULTILINE)
        assert len(quoted) == 1, found.sentence
        words = claimed_words(found)
        marked = f" {MARK_OPEN}{words}{MARK_CLOSE}" if words else ""
        full = re.compile(rf"^ +{where} {wording(found)} “.*{re.escape(marked[1:])}.*”$", re.M)
        reference = f"{where} {wording(found)}{marked}"
        assert full.search(block) or reference in block.split("\n")[0], (found.claim_id, where)
        if found.severity.value != "info":
            assert output.count(f"  accurate: {found.suggestion}\n") == 1
        cited = {source_number(output, citation.study_id) for citation in found.citations}
        assert cited <= cited_numbers(group[0])
    assert "more)" not in output  # no source hides behind "(+6 more)"


def test_seed_003_report_is_under_half_as_long(seeds_dir: Path) -> None:
    output = render(seed_report(seeds_dir), Format.TEXT, OPTIONS)
    assert len(output.splitlines()) <= 0.5 * LINES_BEFORE_ISSUE_10


def test_seed_003_report_loses_nothing(seeds_dir: Path) -> None:
    report = seed_report(seeds_dir)
    assert_nothing_lost(report, render(report, Format.TEXT, OPTIONS))


def test_seed_003_report_of_warnings_and_errors_loses_nothing(seeds_dir: Path) -> None:
    report, hidden = hide_below(seed_report(seeds_dir), Severity.WARNING)
    assert hidden
    assert_nothing_lost(report, render(report, Format.TEXT, OPTIONS))


def test_seed_003_quotes_each_sentence_once(seeds_dir: Path) -> None:
    report = seed_report(seeds_dir)
    output = without_marks(render(report, Format.TEXT, OPTIONS))
    quoted = re.findall(r"^ +\d+:\d+ [a-z, ]+ “", output, re.MULTILINE)
    assert len(quoted) == len({(f.line, f.column) for f in report.findings})


def test_colour_changes_no_word_and_highlights_only_the_claimed_words() -> None:
    result = FileResult(path="copy.md", sentences=3, findings=tuple(MOOD))
    plain = render(Report(files=(result,)), Format.TEXT, OPTIONS)
    coloured = render(Report(files=(result,)), Format.TEXT, RenderOptions(color=True, width=100))
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    sentence_line = next(line for line in coloured.splitlines() if "lift your" in line)
    assert sentence_line.endswith(
        f"“L-serine may lift your \x1b[1;4m{MARK_OPEN}mood{MARK_CLOSE}\x1b[0m.”"
    )


# --- plain and streamed when piped ---------------------------------------------------------

GOLDEN_INPUT = Path(__file__).parent / "golden" / "input.json"


def golden_report() -> Report:
    return Report.model_validate_json(GOLDEN_INPUT.read_text(encoding="utf-8"))


def both_ways(report: Report) -> tuple[str, str]:
    """The report written plain, and through rich as it prints to a non-terminal."""
    plain, styled = StringIO(), StringIO()
    write_plain(report, plain)
    write_rich(report, OPTIONS, styled)
    return plain.getvalue(), styled.getvalue()


def test_plain_output_is_what_rich_prints_to_a_non_terminal() -> None:
    plain, styled = both_ways(golden_report())
    assert plain == styled
    assert plain == render(golden_report(), Format.TEXT, OPTIONS)


def test_plain_output_is_what_rich_prints_for_seed_003(seeds_dir: Path) -> None:
    plain, styled = both_ways(seed_report(seeds_dir))
    assert plain == styled


def test_plain_output_is_what_rich_prints_for_marked_and_hostile_copy() -> None:
    hostile = "L-serine [bold]lifts[/bold] \x1b[31m:smile: mood\u202e\ttoday\u2028now."
    findings = [
        *MOOD,
        finding(hostile, 20, claim_span=Span(start=9, end=24)),
        finding(hostile, 20, claim_id="x", claim_span=Span(start=40, end=44), severity="info"),
        finding(" ", 30, claim_span=Span(start=0, end=1), citations=[UNLINKED, TRIAL]),
    ]
    report = Report(files=(FileResult(path="a [b].md", sentences=9, findings=tuple(findings)),))
    plain, styled = both_ways(report)
    assert plain == styled


@given(st.text(max_size=40))
def test_the_fast_flatten_is_flatten(text: str) -> None:
    assert flatten_fast(text) == flatten(text)


def test_plain_output_builds_no_rich_object(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("rich used for plain output")

    monkeypatch.setattr(Text, "__init__", refuse)
    monkeypatch.setattr(Console, "__init__", refuse)
    assert render(golden_report(), Format.TEXT, OPTIONS).endswith("1 unreadable\n")


class Writes(StringIO):
    """Records each write, to see the report arrive in pieces."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def write(self, text: str) -> int:
        self.writes.append(text)
        return super().write(text)


def test_the_report_is_written_claim_group_by_claim_group() -> None:
    out = Writes()
    sleep = finding("L-serine helps you sleep.", 9, **SLEEP)
    result = FileResult(path="copy.md", sentences=10, findings=(*MOOD, sleep))
    write_text(Report(files=(result,)), OPTIONS, out)
    assert out.writes[0] == f"{LEGEND}\n"
    assert out.writes[3].startswith("l-serine-improves-mood · ")
    assert out.writes[4].startswith("l-serine-improves-sleep · ")
    assert "".join(out.writes) == out.getvalue() == text_of(*MOOD, sleep)


def test_audit_streams_the_plain_report_to_stdout(run: Run) -> None:
    path = write("mood.md", "L-serine lifts your mood.\nIn rats, L-serine lifted mood.\n")
    code, out, _ = run("audit", path)
    assert code == 1
    assert "\x1b[" not in out
    assert out.startswith(f"{LEGEND}\n\nmood.md\nl-serine-improves-mood · animal-only · ")
