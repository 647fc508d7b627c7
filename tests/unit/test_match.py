"""Claim detection by meaning (issue 7): sentences that must fire and must stay quiet.

Every case is a sentence written for this file, judged with the shipped pack the way
`claimcheck check` reads it (a sentence that names no substance is about L-serine). No case
depends on the seed articles.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Iterator

import pytest

from claimcheck import match
from claimcheck.findings import Finding, Severity
from claimcheck.pipeline import AuditOptions, audit_document, default_engine, explain_document
from claimcheck.sources import document_from_text

CHECK = AuditOptions(substance="l-serine")


def findings(sentence: str) -> list[Finding]:
    document = document_from_text(sentence, path="<sentence>")
    return list(audit_document(document, options=CHECK).findings)


def errors(sentence: str) -> set[str]:
    return {f.claim_id for f in findings(sentence) if f.severity is Severity.ERROR}


# --- plain overclaims at any length get an error, through lay words and idioms ----------


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        ("L-serine cures ALS.", "l-serine-slows-als"),
        ("L-serine treats ALS.", "l-serine-slows-als"),
        ("L-serine boosts your mood", "l-serine-improves-mood"),  # the README's example
        ("L-serine raises serotonin levels.", "l-serine-raises-serotonin"),
        ("L-serine is an FDA-approved treatment for ALS.", "l-serine-fda-approved-drug"),
        ("L-serine builds lean muscle.", "l-serine-builds-muscle"),
        ("L-serine is clinically proven to improve memory.", "l-serine-boosts-memory-focus"),
        ("L-serine puts the brakes on Lou Gehrig's disease.", "l-serine-slows-als"),
        ("A daily scoop of L-serine melts away stress.", "l-serine-relieves-stress"),
        ("L-serine shrinks tumours.", "l-serine-fights-cancer"),
        ("L-serine keeps your brain cells from dying.", "l-serine-supports-brain-health"),
        ("With L-serine you'll drift off faster.", "l-serine-helps-fall-asleep"),
        ("Taking L-serine may help you shed a few pounds.", "l-serine-reduces-body-weight"),
        ("It protects your brain as you age", "l-serine-supports-brain-health"),  # a bullet
        ("Keeps brain cells from dying under stress", "l-serine-neuroprotective"),  # no subject
        ("L-serine protects the human brain against toxins.", "l-serine-protects-against-bmaa"),
        ("Since I started L-serine, I fall asleep in minutes.", "l-serine-helps-fall-asleep"),
        ("Take it and you could be dodging dementia.", "l-serine-prevents-dementia"),
        ("It brought my fasting blood sugar down.", "l-serine-lowers-blood-sugar"),
    ],
)
def test_plain_overclaims_get_an_error(sentence: str, claim: str) -> None:
    assert claim in errors(sentence)


# --- what is not a claim gives no error -------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Does L-serine cure ALS?",  # a question asks; the accurate wording answers it
        "Can L-serine help you sleep?",
        "Consider starting with a lower dose of L-serine.",  # advice to the reader
        "Talk to your doctor before taking L-serine if you have kidney disease.",
        "If you have cancer, talk to your oncologist before adding any amino acid supplement.",
        "If kidney function declines, consider a lower dose of L-serine.",
        "L-serine is most often taken for memory support.",  # a report of use
        "L-serine plays a role in brain health.",  # biochemistry, not a promise
        "L-serine has generated interest in neuroprotective applications.",
        "ALS destroys the motor neurons that control movement.",  # a fact about the disease
        "Alzheimer's disease is the most common cause of dementia.",
        "Whether L-serine helps Alzheimer's is not yet known.",  # an open question
        "It is unclear whether L-serine improves sleep.",
        "Kidney damage has been seen with D-serine in rats, not with L-serine.",
        "Ito Y, Takahashi S (2014). Effects of L-serine ingestion on human sleep. "
        "SpringerPlus 3:456.",  # a reference-list entry
        "See https://example.org/l-serine-cures-everything for more.",
        "Magnesium may help some people sleep.",  # another supplement
        "Creatine remains the most researched supplement for strength.",
        "Alzheimer's disease affects six million Americans, and no drug reverses it.",
        "MORE FROM US: Walking after meals and blood sugar | New sensors approved | Sleep tips",
        "Most of our patients have tried an over-the-counter sleep aid before they see us.",
        "This picture depicts serine molecules beside the brain chemicals they interact with.",
        "L-serine is sold as a dietary supplement and is not an approved treatment for ALS.",
        "There is no published trial of L-serine for diabetic neuropathy.",  # evidence talk
    ],
)
def test_what_is_not_a_claim_gets_no_error(sentence: str) -> None:
    assert errors(sentence) == set()


def test_a_supplement_named_as_a_comparison_is_not_the_subject() -> None:
    assert "l-serine-raises-melatonin" in {
        f.claim_id for f in findings("Unlike melatonin pills, it gently raises your own melatonin.")
    }


def test_evidence_talk_about_a_benefit_is_a_denial_not_silence() -> None:
    (finding,) = [
        f
        for f in findings("No study has tested L-serine for muscle growth.")
        if f.claim_id == "l-serine-builds-muscle"
    ]
    assert (finding.stance.value, finding.severity) == ("denies", Severity.INFO)


def test_two_substances_in_one_sentence_get_one_reading_each() -> None:
    text = (
        "Unlike D-serine, which damaged the kidneys of rats at high doses, L-serine caused no "
        "kidney changes in rats fed large amounts for 13 weeks."
    )
    claims = {f.claim_id: f for f in findings(text)}
    assert claims["d-serine-kidney-toxicity"].severity is Severity.INFO
    assert claims["l-serine-nephrotoxic"].stance.value == "denies"


def test_a_question_still_shows_the_evidence() -> None:
    (finding,) = [f for f in findings("Does L-serine cure ALS?") if f.claim_id.endswith("als")]
    assert finding.severity is Severity.INFO
    assert "question" in finding.message


def test_reference_sections_are_skipped_but_the_article_is_not() -> None:
    text = (
        "L-serine cures insomnia.\n\n## Sources\n\n"
        "1. Ito Y et al. L-serine improves sleep in adults. SpringerPlus, 2014.\n"
    )
    found = audit_document(document_from_text(text, path="a.md"), options=CHECK).findings
    assert [f.line for f in found if f.severity is Severity.ERROR] == [1]


# --- reports of studies read as reports; spin on animal results does not ----------------


@pytest.mark.parametrize(
    "sentence",
    [
        "In vervets that also received L-serine, tangles were reduced.",
        "The researchers found that L-serine reduced tangles in the monkeys' brains.",
        "He theorizes that L-serine could protect people from ALS.",
        "Cox suspects that L-serine shields neurons from the toxin.",
        "L-serine may one day help people with Alzheimer's, the authors wrote.",
    ],
)
def test_accurate_reports_are_not_errors(sentence: str) -> None:
    assert findings(sentence), "the report should still be matched"
    assert errors(sentence) == set()


@pytest.mark.parametrize(
    "sentence",
    [
        "L-serine protects neurons from toxins.",
        "L-serine may help people with Alzheimer's.",
    ],
)
def test_human_spin_on_animal_results_is_an_error(sentence: str) -> None:
    assert errors(sentence)


# --- the right claim among candidates ---------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "claim", "not_claim"),
    [
        # a specific claim (its own terms, its `requires` met) beats the general one
        (
            "L-serine lowers blood sugar.",
            "l-serine-lowers-blood-sugar",
            "l-serine-helps-type-2-diabetes",
        ),
        (
            "L-serine slowed nerve damage in people with HSAN1.",
            "l-serine-treats-hsan1",
            "l-serine-helps-peripheral-neuropathy",
        ),
        (
            "L-serine is not approved by the FDA to treat ALS.",
            "l-serine-fda-approved-drug",
            "l-serine-slows-als",
        ),
    ],
)
def test_the_most_specific_claim_wins(sentence: str, claim: str, not_claim: str) -> None:
    claims = {f.claim_id for f in findings(sentence)}
    assert claim in claims
    assert not_claim not in claims


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        # the direction of the effect decides: more serine against cancer, or less of it
        ("Extra serine starves cancer cells.", "l-serine-fights-cancer"),
        ("Eating more serine every day will stop tumours from growing.", "l-serine-fights-cancer"),
        ("Serine-free diets could starve certain tumours.", "l-serine-may-feed-tumours"),
        ("Taking serine out of the diet slowed tumours in mice.", "l-serine-may-feed-tumours"),
    ],
)
def test_excludes_tell_opposite_claims_apart(sentence: str, claim: str) -> None:
    assert claim in {f.claim_id for f in findings(sentence)}


def test_one_sentence_never_reads_as_error_and_fine_for_the_same_words() -> None:
    text = "Serine is needed to make tryptophan and serotonin."
    by_severity: dict[str, set[Severity]] = {}
    for finding in findings(text):
        by_severity.setdefault(finding.sentence, set()).add(finding.severity)
    assert all(len(severities) == 1 for severities in by_severity.values())


def test_a_predicate_built_around_the_outcome_word_makes_the_claim_clear() -> None:
    # "reported nausea" is a harm cue containing the claim's own word; with no substance
    # named, only a clear claim is read as being about L-serine.
    found = findings("At those doses, a few of the volunteers reported nausea.")
    assert [f.claim_id for f in found] == ["l-serine-gi-side-effects"]


def test_a_clear_claim_needs_no_subject_in_an_article_about_the_substance() -> None:
    text = "L-serine Capsules\n\nShoppers tell us their stress melts away by the weekend."
    found = audit_document(document_from_text(text, path="a.md")).findings
    assert [(f.line, f.claim_id) for f in found] == [(3, "l-serine-relieves-stress")]


def test_approved_before_a_plural_names_other_products() -> None:
    text = "Any use alongside approved ALS therapies should be supervised by a neurologist."
    assert "l-serine-fda-approved-drug" not in {f.claim_id for f in findings(text)}
    assert "l-serine-fda-approved-drug" in errors("L-serine is an approved ALS drug.")


def test_a_users_verdict_that_it_does_nothing_is_a_denial() -> None:
    found = findings("L-serine does nothing for anxiety, I tried it for a month.")
    assert [f.claim_id for f in found] == ["l-serine-reduces-anxiety"]
    assert found[0].severity is Severity.INFO


def test_each_substance_gets_its_own_reading_of_the_same_words() -> None:
    found = findings("High doses of D-serine have harmed the kidneys of rats, unlike L-serine.")
    assert {f.claim_id for f in found} >= {"d-serine-kidney-toxicity", "l-serine-nephrotoxic"}
    assert all(f.severity is not Severity.ERROR for f in found)


def test_a_general_outcome_in_copy_about_a_specific_condition_is_that_conditions_claim() -> None:
    text = (
        "A small trial tested L-serine in people with HSAN1, a rare inherited nerve disease.\n"
        "After a year, neuropathy scores had worsened less on L-serine than on placebo."
    )
    found = audit_document(document_from_text(text, path="a.txt"), options=CHECK).findings
    assert [(f.line, f.claim_id) for f in found if f.line == 2] == [(2, "l-serine-treats-hsan1")]
    assert all(f.severity is Severity.INFO for f in found)


@pytest.mark.parametrize(
    "copy",
    [
        "L-serine cures in\u200bsomnia.",
        "L-serine cures in\u00adsomnia.",
        "L-serine cures in\u202esomnia.",
        "L-serine \u0441ur\u0435s insomnia.",
        "L-serine cures \uff49\uff4e\uff53\uff4f\uff4d\uff4e\uff49\uff41.",
    ],
)
def test_invisible_characters_and_look_alikes_do_not_hide_a_claim(copy: str) -> None:
    found = findings(copy)
    assert [(f.claim_id, f.severity) for f in found] == [
        ("l-serine-treats-insomnia", Severity.ERROR)
    ]
    assert (found[0].column, found[0].end_column) == (1, len(copy) + 1)


def test_the_disease_stands_for_the_condition_named_before() -> None:
    text = "ALS is a fatal disease of motor neurons.\n\nTaking L-serine daily halts the disease."
    found = audit_document(document_from_text(text, path="a.txt"), options=CHECK).findings
    assert [(f.line, f.claim_id) for f in found] == [(3, "l-serine-slows-als")]


# --- what is outside the pack is said, not silently passed -------------------------------


def test_outside_the_pack_gets_a_notice() -> None:
    text = "Magnesium and ashwagandha help you unwind. Creatine builds muscle."
    result = audit_document(document_from_text(text, path="x.txt"))
    assert not result.findings
    (notice,) = result.notices
    assert notice.code.value == "outside-pack"
    assert "magnesium, ashwagandha, creatine" in notice.message


def test_no_notice_when_the_copy_is_about_the_pack() -> None:
    text = "L-serine may help sleep. Take it before bed."
    assert not audit_document(document_from_text(text, path="x.txt")).notices


def test_explain_document_reports_what_it_did_not_check() -> None:
    result = explain_document(document_from_text("Zinc boosts immunity.", path="z.txt"))
    assert [n.code.value for n in result.notices] == ["outside-pack"]


# --- cost per mention stays constant in a long clause (issue 11) -------------------------


class _CountingPattern:
    """A compiled pattern that counts the matches a caller walks through."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.walked = pattern, 0

    def finditer(
        self, text: str, start: int = 0, end: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        for found in self.pattern.finditer(text, start, end):
            self.walked += 1
            yield found


def test_the_clear_claim_check_looks_only_near_the_claims_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cues = match.subject_cues()
    counting = {name: _CountingPattern(p) for name, p in cues.predicates.items()}
    says = tuple(_CountingPattern(p) for p in cues.says_benefit)
    monkeypatch.setattr(
        match,
        "subject_cues",
        lambda: dataclasses.replace(cues, predicates=counting, says_benefit=says),
    )
    index = default_engine().index
    claim = index.claims["l-serine-improves-sleep"]
    # One clause of 4,000 benefit words ("helps helps ..."), the claim's word in the middle.
    sentence = "L-serine " + "helps " * 2000 + "sleep " + "helps " * 2000
    focus = (sentence.index("sleep"), sentence.index("sleep") + len("sleep"))
    match.clear_claim(sentence, focus, claim)
    walked = sum(p.walked for p in (*counting.values(), *says))
    assert walked < 200  # cues within a few words of "sleep", not all 4,000
