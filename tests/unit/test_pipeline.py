"""Pipeline behaviour that spans sentences or stages: subjects, context, retractions."""

from __future__ import annotations

import pytest

from claimcheck.findings import Finding
from claimcheck.pipeline import audit_text, collapse_whitespace, span_after_collapsing
from claimcheck.sources import SourceFormat


def claims(text: str) -> dict[str, Finding]:
    return {f.claim_id: f for f in audit_text(text)}


def test_it_follows_the_substance_the_previous_sentence_named() -> None:
    text = (
        "L-serine is an amino acid. D-serine acts on NMDA receptors in the brain. "
        "It may work as a treatment for schizophrenia."
    )
    found = claims(text)
    assert "d-serine-helps-schizophrenia" in found
    assert "l-serine-helps-schizophrenia" not in found


def test_a_continuing_report_inherits_the_animal_population() -> None:
    text = (
        "In mice bred to develop diabetes, L-serine lowered how many became diabetic. "
        "It also reduced their blood glucose."
    )
    sugar = claims(text)["l-serine-lowers-blood-sugar"]
    assert (sugar.severity.value, sugar.overstated) == ("info", False)
    alone = claims("L-serine reduced blood glucose.")["l-serine-lowers-blood-sugar"]
    assert alone.severity.value == "error"


def test_a_retracted_claim_is_read_as_denied() -> None:
    text = "L-serine is said to improve memory and focus, but there is little evidence for this."
    assert claims(text)["l-serine-boosts-memory-focus"].stance.value == "denies"


def test_advice_conditions_are_not_claims() -> None:
    kidney = "People with kidney disease should talk to their doctor before taking L-serine."
    assert claims(kidney) == {}
    assert claims("If you are pregnant, ask your doctor before using L-serine.") == {}


def test_a_topic_heading_claims_nothing_but_a_benefit_heading_does() -> None:
    assert claims("# Safety and dosage of L-serine\n") == {}
    assert claims("# L-serine fights cancer\n")["l-serine-fights-cancer"].severity.value == "error"


def test_other_substances_keep_claimcheck_quiet() -> None:
    text = "L-serine is an amino acid. Melatonin helps you fall asleep faster."
    assert not any(c.startswith("l-serine-helps-fall") for c in claims(text))


def test_a_specific_claim_replaces_the_general_one_it_narrows() -> None:
    text = "Researchers believe the serine-rich diet of Ogimi may offer neuroprotection."
    found = claims(text)
    assert "l-serine-ogimi-diet-neuroprotection" in found
    assert "l-serine-neuroprotective" not in found


def test_positions_point_into_the_original_markup() -> None:
    text = "<p>Intro.</p>\n<p>Some say <b>L-serine</b> cures cancer &amp; more.</p>\n"
    finding = next(iter(audit_text(text, source_format=_html())))
    assert (finding.line, finding.column) == (2, 4)
    assert text.splitlines()[1][finding.column - 1 :].startswith("Some say")


def _html() -> SourceFormat:
    return SourceFormat.HTML


def claimed_words(finding: Finding) -> str | None:
    span = finding.claim_span
    return None if span is None else finding.sentence[span.start : span.end]


def test_a_finding_marks_the_words_that_tie_it_to_its_claim() -> None:
    found = claims("L-serine protects neurons and cures insomnia.")
    assert claimed_words(found["l-serine-treats-insomnia"]) == "insomnia"
    assert claimed_words(found["l-serine-neuroprotective"]) == "protects neurons"


def test_the_claimed_words_survive_line_breaks_in_the_copy() -> None:
    (finding,) = audit_text("Our   blend,\n  taken nightly,\nL-serine cures\n   insomnia.")
    assert finding.sentence == "Our blend, taken nightly, L-serine cures insomnia."
    assert claimed_words(finding) == "insomnia"


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("a  b\n c", (6, 7), "c"),
        ("  lead\tterm  end", (7, 11), "term"),
        ("x\n\n  long \n term y", (5, 16), "long term"),
        ("abc", (1, 1), None),
        ("abc", (2, 9), None),
    ],
)
def test_spans_follow_the_sentence_onto_one_line(
    text: str, span: tuple[int, int], expected: str | None
) -> None:
    moved = span_after_collapsing(text, span)
    flat = collapse_whitespace(text)
    assert (None if moved is None else flat[moved.start : moved.end]) == expected
