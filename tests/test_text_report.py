"""The text report as a reader meets it: claims grouped, sentences whole, sources linked.

Reports are built by hand (precise cases) and from the seed articles (the product target:
the report of seed 003 is short, yet holds every sentence, wording and source).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from claimcheck.findings import Citation, FileResult, Finding, Report, Span
from claimcheck.pipeline import audit_document
from claimcheck.report import Format, RenderOptions, render
from claimcheck.report.text import LEGEND, MARK_CLOSE, MARK_OPEN
from claimcheck.sources import read_document

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


# --- seed 003: short, yet complete ---------------------------------------------------------

SEED_003 = "003_aa76d7ce0544b035.txt"
LINES_BEFORE_ISSUE_10 = 440  # the report of seed 003 when grouping was added


@cache
def seed_report(seeds: Path) -> Report:
    result = audit_document(read_document(seeds / SEED_003))
    return Report(files=(result,))


def without_marks(text: str) -> str:
    return text.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def test_seed_003_report_is_little_more_than_half_as_long(seeds_dir: Path) -> None:
    output = render(seed_report(seeds_dir), Format.TEXT, OPTIONS)
    assert len(output.splitlines()) <= 0.55 * LINES_BEFORE_ISSUE_10


def test_seed_003_report_loses_nothing(seeds_dir: Path) -> None:
    report = seed_report(seeds_dir)
    output = render(report, Format.TEXT, OPTIONS)
    plain = without_marks(output)
    for found in report.findings:
        sentence = " ".join(found.sentence.split())
        assert re.search(
            rf"^ +{found.line}:{found.column} {found.strength.value}\b.*“{re.escape(sentence)}”$",
            plain,
            re.MULTILINE,
        ), found.sentence
        assert found.message in output and found.claim_id in output
        if found.severity.value != "info":
            assert output.count(found.suggestion) == 1
        for citation in found.citations:
            assert output.count(f"({citation.study_id})") == 1
            for identifier in filter(None, (citation.pmid, citation.doi, citation.nct)):
                assert identifier in output
    assert "more)" not in output  # no source hides behind "(+6 more)"


def test_colour_changes_no_word_and_highlights_only_the_claimed_words() -> None:
    result = FileResult(path="copy.md", sentences=3, findings=tuple(MOOD))
    plain = render(Report(files=(result,)), Format.TEXT, OPTIONS)
    coloured = render(Report(files=(result,)), Format.TEXT, RenderOptions(color=True, width=100))
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    sentence_line = next(line for line in coloured.splitlines() if "lift your" in line)
    assert sentence_line.endswith(
        f"“L-serine may lift your \x1b[1;4m{MARK_OPEN}mood{MARK_CLOSE}\x1b[0m.”"
    )
