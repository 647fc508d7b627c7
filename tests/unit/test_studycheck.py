"""What copy says about a study, against a small registry made up for the tests.

Each field is checked both ways (a slip is an error, a correct or tolerably rounded report
is silent), and references resolve by identifier, by author and year, by description, and
not at all when they are ambiguous. The registry is invented: these records are test
fixtures, not studies.
"""

from __future__ import annotations

from typing import Any

import pytest

from claimcheck.model import Concept, Study
from claimcheck.studycheck import check_study
from claimcheck.studyrefs import Reference, StudyIndex, build_study_index, find_reference

CONCEPTS = {
    "als": Concept(id="als", name="ALS", disease=True, terms=("ALS", "motor neuron disease")),
    "hsan1": Concept(id="hsan1", name="HSAN1", disease=True, terms=("HSAN1",)),
    "autism": Concept(id="autism", name="autism", disease=True, terms=("autism", "autistic")),
}


def record(study_id: str, **fields: Any) -> Study:
    base: dict[str, Any] = {
        "id": study_id,
        "title": f"Record {study_id}",
        "year": 2019,
        "journal": "J Test 1:1-2",
        "substance": "l-serine",
        "design": "rct",
        "status": "completed",
        "population": {"species": "human", "condition": "adults with HSAN1", "n": 18},
        "reviewed": "2026-12-04",
        "authors": ["Quill A", "Rowan B"],
        "identifiers": {"pmid": "11111111"},
    }
    base.update(fields)
    return Study.model_validate(base)


REGISTRY = {
    s.id: s
    for s in (
        record(
            "quill-2019-hsan1",
            protocol={
                "randomized": True,
                "control": "placebo",
                "blinding": "double-blind",
                "arms": 2,
                "crossover": False,
                "n_completed": 16,
                "doses": [{"amount": 400, "unit": "mg/kg"}],
                "duration": {"value": 1, "unit": "year"},
                "conditions": ["hsan1"],
                "places": ["Japan"],
                "figures": [{"value": 59, "unit": "%", "about": "fall in a toxic lipid"}],
            },
        ),
        record(
            "marsh-2018-als-phase2a",
            authors=["Marsh C"],
            year=2018,
            status="terminated",
            design="uncontrolled-trial",
            journal="ClinicalTrials.gov registry record",
            identifiers={"nct": "NCT09999999"},
            population={"species": "human", "condition": "adults with ALS", "n": 43},
            protocol={
                "phase": "IIa",
                "randomized": False,
                "control": "none",
                "blinding": "open-label",
                "arms": 1,
                "doses": [{"amount": 15, "unit": "g", "times_daily": 2}],
                "duration": {"value": 6, "unit": "month"},
                "conditions": ["als"],
                "places": ["Dartmouth-Hitchcock"],
            },
        ),
        record(
            "marsh-2017-als-phase1",
            authors=["Marsh C", "Quill A"],
            year=2017,
            journal="J Test 2:3-4 (online 2016)",
            design="uncontrolled-trial",
            identifiers={"doi": "10.1000/test.2017.1"},
            population={"species": "human", "condition": "adults with ALS", "n": 20},
            protocol={
                "phase": "I",
                "randomized": True,
                "control": "historical",
                "arms": 4,
                "doses": [
                    {"amount": amount, "unit": "g", "times_daily": 2}
                    for amount in (0.5, 2.5, 7.5, 15)
                ],
                "duration": {"value": 6, "unit": "month"},
                "conditions": ["als"],
            },
        ),
        record(
            "wren-2025-autism",
            authors=["Wren D"],
            year=2025,
            identifiers={"pmid": "22222222"},
            population={
                "species": "human",
                "condition": "children aged 2-11 with autism",
                "n": 151,
            },
            protocol={
                "phase": "II",
                "arms": 3,
                "conditions": ["autism"],
                "places": ["South Korea"],
            },
        ),
        record(
            "finch-2017-rats",
            authors=["Finch E"],
            year=2017,
            design="animal",
            identifiers={"doi": "10.1000/test.2017.2"},
            population={"species": "rat", "condition": "rats in a swim test"},
            protocol={
                "doses": [{"amount": 6, "unit": "mmol/kg"}, {"amount": 2, "unit": "%"}],
                "duration": {"value": 28, "unit": "day"},
            },
        ),
    )
}
INDEX: StudyIndex = build_study_index(REGISTRY, CONCEPTS)


def mismatches(sentence: str) -> dict[str, tuple[str, str]]:
    """field -> (copy, record) for every slip, or {} when the sentence names no one study."""
    reference = find_reference(sentence, INDEX, ["l-serine"])
    if reference is None:
        return {}
    found = check_study(sentence, REGISTRY[reference.study_id], INDEX)
    return {m.field: (m.copy, m.record) for m in found}


def resolved(sentence: str) -> Reference | None:
    return find_reference(sentence, INDEX, ["l-serine"])


# --- references ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "study", "how"),
    [
        ("NCT09999999 tested L-serine in ALS.", "marsh-2018-als-phase2a", "id"),
        ("PMID: 11111111 reports the trial.", "quill-2019-hsan1", "id"),
        ("See doi:10.1000/test.2017.1 for details.", "marsh-2017-als-phase1", "id"),
        ("Quill et al. (2019) gave L-serine to patients.", "quill-2019-hsan1", "author-year"),
        ("Marsh and colleagues (2018) ran the follow-up.", "marsh-2018-als-phase2a", "author-year"),
        ("Wren et al. tested a syrup.", "wren-2025-autism", "author"),
        ("A 2019 trial in people with HSAN1 used L-serine.", "quill-2019-hsan1", "description"),
        (
            "The phase IIa ALS trial of L-serine ran in 2018.",
            "marsh-2018-als-phase2a",
            "description",
        ),
        (
            "Rats given 6 mmol/kg of L-serine swam longer in a study.",
            "finch-2017-rats",
            "description",
        ),
    ],
)
def test_references_resolve(sentence: str, study: str, how: str) -> None:
    reference = resolved(sentence)
    assert reference is not None
    assert (reference.study_id, reference.how) == (study, how)


@pytest.mark.parametrize(
    "sentence",
    [
        "An ALS trial of L-serine was stopped.",  # two ALS trials fit
        "Marsh et al. tested L-serine in ALS.",  # two Marsh records, no year to choose
        "A 2017 study looked at L-serine.",  # a rat study and an ALS trial that year
        "NCT01234567 is a trial we do not hold.",  # not in the registry: nothing to check
        "No phase III trial of L-serine has been completed.",  # describes no study
        "L-serine is an amino acid.",  # no study at all
    ],
)
def test_ambiguous_or_unknown_references_resolve_to_nothing(sentence: str) -> None:
    assert resolved(sentence) is None


# --- each field, wrong and right ------------------------------------------------------------

SLIPS = [
    (
        "n",
        "A 2019 trial of 500 HSAN1 patients found L-serine helped.",
        "18 randomized; 16 completed",
    ),
    ("n", "Quill et al. (2019) studied more than 100 patients.", "18 randomized; 16 completed"),
    ("n", "Quill et al. (2019) studied hundreds of patients.", "18 randomized; 16 completed"),
    ("year", "NCT09999999, a trial that began in 2020, tested L-serine.", "2018"),
    ("phase", "Marsh et al. (2017) ran a phase II trial.", "phase I"),
    ("randomized", "NCT09999999 was a randomized trial.", "not randomized"),
    ("placebo", "NCT09999999 compared L-serine with placebo.", "no control group"),
    ("placebo", "Marsh et al. (2017) was placebo-controlled.", "compared with historical"),
    ("placebo", "Quill et al. (2019) was an uncontrolled study.", "placebo-controlled"),
    ("blinding", "NCT09999999 was a double-blind study.", "open-label"),
    ("blinding", "Quill et al. (2019) was open-label.", "double-blind"),
    ("arms", "NCT09999999 had two arms.", "single arm"),
    ("arms", "In Marsh et al. (2017) every patient took the same dose.", "4 arms"),
    ("crossover", "Quill et al. (2019) used a crossover design.", "parallel groups"),
    ("status", "NCT09999999 was completed on schedule.", "terminated"),
    ("status", "NCT09999999 has published its results.", "no published results"),
    ("status", "Quill et al. (2019) is still recruiting.", "completed"),
    ("dose", "Quill et al. (2019) gave 40 mg/kg a day.", "400 mg/kg"),
    ("dose", "NCT09999999 gave 15 g a day.", "15 g twice daily"),
    ("dose", "NCT09999999 gave 5 g twice daily.", "15 g twice daily"),
    ("duration", "Quill et al. (2019) followed patients for six months.", "1 year"),
    ("duration", "NCT09999999 lasted two years.", "6 months"),
    ("species", "Finch et al. (2017) was a study in mice.", "rat"),
    ("species", "Quill et al. (2019) was a study in mice.", "humans"),
    ("population", "NCT09999999 enrolled patients with HSAN1.", "ALS"),
    ("population", "Quill et al. (2019) enrolled healthy volunteers.", "adults with HSAN1"),
    ("population", "PMID 22222222 tested L-serine in autistic adults.", "children aged 2-11"),
    ("place", "Quill et al. (2019) was a French study.", "Japan"),
    ("place", "NCT09999999 was run at the University of Hawaii.", "Dartmouth-Hitchcock"),
    ("result", "Quill et al. (2019) saw the lipid fall by 80%.", "59% fall in a toxic lipid"),
]


@pytest.mark.parametrize(("field", "sentence", "record_words"), SLIPS)
def test_each_slip_is_named_with_the_record(field: str, sentence: str, record_words: str) -> None:
    found = mismatches(sentence)
    assert field in found, (sentence, found)
    assert record_words in found[field][1]


CORRECT = [
    "A 2019 trial randomized 18 people with HSAN1 to L-serine or placebo.",
    "Quill et al. (2019): eighteen adults, double-blind, 400 mg/kg/day for one year.",
    "Quill et al. (2019) randomized about 20 patients, and 16 completed the trial.",
    "Quill et al. (2019) studied fewer than 25 patients in Japan.",
    "In Quill et al. (2019) the lipid fell by 59%.",
    "NCT09999999 was an open-label, single-arm phase IIa in 43 people with ALS.",
    "NCT09999999 gave 15 g twice daily, 30 g a day, for six months.",
    "NCT09999999 gave 15,000 mg twice a day and was terminated.",
    "NCT09999999 was run at Dartmouth-Hitchcock and never published results.",
    "Marsh et al. (2017) randomized 20 patients to 0.5 to 15 g twice daily.",
    "Marsh et al. (2017) compared patients with historical controls over 26 weeks.",
    "In Marsh et al. (2016) the phase 1 trial had four dose arms.",  # online a year early
    "Finch et al. (2017) gave rats a 2% L-serine solution for four weeks.",
    "PMID 22222222, a phase 2 Korean trial, tested three arms in children with autism.",
    "PMID 22222222 enrolled more than 100 children.",
]


@pytest.mark.parametrize("sentence", CORRECT)
def test_a_correct_report_stays_silent(sentence: str) -> None:
    assert resolved(sentence) is not None, "the test needs a sentence that names its study"
    assert mismatches(sentence) == {}


@pytest.mark.parametrize(
    "sentence",
    [
        # the record holds no dose, no length and no blinding for this study: unchecked
        "PMID 22222222 gave 2 g a day for a year in a double-blind design.",
        # a planned size and a prevalence are not the study's size
        "NCT09999999 aimed for a planned 60 patients; ALS affects 2 in 100,000 people.",
    ],
)
def test_what_the_record_cannot_check_stays_silent(sentence: str) -> None:
    assert resolved(sentence) is not None
    assert mismatches(sentence) == {}


def test_records_of_one_trial_share_their_figures() -> None:
    paper = REGISTRY["marsh-2017-als-phase1"]
    abstract = record(
        "marsh-2017-abstract",
        authors=["Marsh C"],
        year=2017,
        identifiers={"doi": "10.1000/test.2017.9"},
        population={"species": "human", "condition": "adults with ALS", "n": 20},
        protocol={
            "same_trial_as": paper.id,
            "conditions": ["als"],
            "figures": [{"value": 34, "unit": "%", "about": "slower decline"}],
        },
    )
    registry = {**REGISTRY, abstract.id: abstract}
    index = build_study_index(registry, CONCEPTS)
    trial = "The phase I ALS trial reported a 34% slower decline."
    assert check_study(trial, paper, index, whole_trial=True) == []
    slip = check_study(
        "The phase I ALS trial saw a 50% slower decline.", paper, index, whole_trial=True
    )
    assert [m.field for m in slip] == ["result"]
    # citing the paper for a number only its abstract gives misattributes the number
    cited = check_study("Marsh et al. (2017) reported a 34% slower decline.", paper, index)
    assert [m.field for m in cited] == ["result"]
