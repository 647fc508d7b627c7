"""Pipeline behaviour that spans sentences or stages: subjects, context, retractions."""

from __future__ import annotations

from claimcheck.findings import Finding
from claimcheck.pipeline import audit_text
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
