"""Wording: stance, strength, population and report framing of one sentence.

The table below is the specification by example (proselint style): every sentence was
written for this file. A case names the words of the claim (the focus) when the sentence
holds more than one statement; `None` judges the whole sentence.
"""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

import pytest
from pydantic import ValidationError

from claimcheck.findings import Stance, Strength
from claimcheck.wording import (
    PopulationKind,
    Wording,
    assess_wording,
    cue_pattern,
    load_lexicon,
)

ASSERTS, DENIES = Stance.ASSERTS, Stance.DENIES
HEDGED, ASSOCIATIVE = Strength.HEDGED, Strength.ASSOCIATIVE
CAUSAL, ABSOLUTE = Strength.CAUSAL, Strength.ABSOLUTE
HUMAN, ANIMAL, CELLS = PopulationKind.HUMAN, PopulationKind.ANIMAL, PopulationKind.CELLS


class Case(NamedTuple):
    sentence: str
    focus: str | None  # the claim's words, first occurrence; None: the whole sentence
    stance: Stance
    strength: Strength
    population: PopulationKind | None = None
    reports_study: bool = False


CASES: dict[str, Case] = {
    # --- hedged cues -----------------------------------------------------------------
    "may": Case("L-serine may ease occasional sleeplessness.", None, ASSERTS, HEDGED),
    "might": Case(
        "This amino acid might sharpen memory in older adults.", "memory", ASSERTS, HEDGED, HUMAN
    ),
    "could": Case("A daily scoop could lift your mood.", "mood", ASSERTS, HEDGED),
    "possibly": Case("The powder possibly supports nerve health.", None, ASSERTS, HEDGED),
    "potential": Case("Serine is a potential therapy for neuropathy.", None, ASSERTS, HEDGED),
    "perhaps": Case("Perhaps the amino acid steadies blood sugar.", None, ASSERTS, HEDGED),
    "preliminary": Case("Preliminary data hint at slower decline in ALS.", "ALS", ASSERTS, HEDGED),
    "early research": Case(
        "Early research points to a role in nerve repair.", "nerve repair", ASSERTS, HEDGED
    ),
    "emerging": Case("Emerging work ties serine to retinal health.", None, ASSERTS, HEDGED),
    "promising + report": Case(
        "Promising findings suggest a benefit for neuropathy.", None, ASSERTS, HEDGED, None, True
    ),
    "being studied": Case(
        "L-serine is being studied for diabetic nerve pain.", "nerve pain", ASSERTS, HEDGED
    ),
    "under investigation": Case(
        "Its effect on ALS is under investigation.", "ALS", ASSERTS, HEDGED
    ),
    "appears to": Case("The higher dose appears to work better.", None, ASSERTS, HEDGED),
    "seems to": Case("Serine seems to calm an overactive stress response.", None, ASSERTS, HEDGED),
    "hypothesise": Case(
        "Scientists hypothesise that serine protects the retina.", "retina", ASSERTS, HEDGED
    ),
    "it is thought": Case(
        "It is thought that serine helps the brain make glycine.", None, ASSERTS, HEDGED
    ),
    "some evidence": Case(
        "There is some evidence that serine deepens sleep.", "sleep", ASSERTS, HEDGED
    ),
    "more research is needed": Case(
        "More research is needed before serine can be recommended for fibromyalgia.",
        "fibromyalgia",
        ASSERTS,
        HEDGED,
    ),
    "exploring whether": Case(
        "Investigators are exploring whether serine slows neuropathy.", None, ASSERTS, HEDGED
    ),
    "is limited": Case(
        "Current evidence for serine in sleep is limited.", "sleep", ASSERTS, HEDGED
    ),
    "curly it's thought": Case(
        "It\u2019s thought that serine calms the brain.", None, ASSERTS, HEDGED
    ),
    "sentence-initial May the verb": Case("May help you sleep.", None, ASSERTS, HEDGED),
    "this may": Case("This may help you sleep.", None, ASSERTS, HEDGED),
    # --- associative cues ------------------------------------------------------------
    "linked to": Case(
        "Higher serine intake is linked to better sleep quality.", None, ASSERTS, ASSOCIATIVE
    ),
    "associated with": Case(
        "Low blood serine is associated with diabetic neuropathy.",
        "neuropathy",
        ASSERTS,
        ASSOCIATIVE,
    ),
    "correlated": Case(
        "Serine levels correlated with memory scores in the cohort.",
        "memory",
        ASSERTS,
        ASSOCIATIVE,
    ),
    "tied to": Case(
        "Dietary serine has been tied to a lower risk of cataracts.", None, ASSERTS, ASSOCIATIVE
    ),
    "connection between + report": Case(
        "Researchers saw a connection between serine and nerve health.",
        None,
        ASSERTS,
        ASSOCIATIVE,
        None,
        True,
    ),
    "related to": Case(
        "Serine status is closely related to sleep architecture.", None, ASSERTS, ASSOCIATIVE
    ),
    "hedge lowers associative": Case("Serine may be linked to mood.", None, ASSERTS, HEDGED),
    "finite verb before associative": Case(
        "L-serine reduces symptoms associated with ALS.", "ALS", ASSERTS, CAUSAL
    ),
    # --- causal: explicit verbs and plain statements ----------------------------------
    "improves": Case("L-serine improves sleep quality.", None, ASSERTS, CAUSAL),
    "reduces": Case("Serine reduces nerve pain.", None, ASSERTS, CAUSAL),
    "helps": Case("This blend helps you unwind.", None, ASSERTS, CAUSAL),
    "fights": Case("Serine fights cellular ageing.", None, ASSERTS, CAUSAL),
    "boosts": Case("Our formula boosts focus.", None, ASSERTS, CAUSAL),
    "supports": Case("L-serine supports healthy brain function.", None, ASSERTS, CAUSAL),
    "prevents": Case("Serine prevents memory loss.", None, ASSERTS, CAUSAL),
    "protects brain cells (no lab population)": Case(
        "Serine protects brain cells from damage.", None, ASSERTS, CAUSAL
    ),
    "lowers": Case("A nightly dose lowers stress hormones.", None, ASSERTS, CAUSAL),
    "treats": Case("Serine treats HSAN1.", None, ASSERTS, CAUSAL),
    "can help": Case("L-serine can help you fall asleep faster.", None, ASSERTS, CAUSAL),
    "is needed for": Case("Serine is needed for healthy cell membranes.", None, ASSERTS, CAUSAL),
    "declarative fact": Case("Serine is a building block of proteins.", None, ASSERTS, CAUSAL),
    "marketing verb not listed": Case("Serine supercharges your brain.", None, ASSERTS, CAUSAL),
    # --- absolute cues ---------------------------------------------------------------
    "cures": Case("L-serine cures insomnia.", None, ASSERTS, ABSOLUTE),
    "cure (noun)": Case("Serine is a cure for neuropathy.", "neuropathy", ASSERTS, ABSOLUTE),
    "clinically proven": Case("Clinically-proven to restore deep sleep.", None, ASSERTS, ABSOLUTE),
    "guaranteed": Case("Results are guaranteed within a week.", None, ASSERTS, ABSOLUTE),
    "always": Case("Serine always improves focus.", None, ASSERTS, ABSOLUTE),
    "miracle": Case(
        "Unlock deeper sleep with our miracle serine formula!", None, ASSERTS, ABSOLUTE
    ),
    "eliminates": Case("Serine eliminates brain fog.", None, ASSERTS, ABSOLUTE),
    "completely": Case("It completely reverses nerve damage.", None, ASSERTS, ABSOLUTE),
    "definitely": Case("Serine definitely sharpens memory.", None, ASSERTS, ABSOLUTE),
    "100%": Case("100% effective for restless nights.", None, ASSERTS, ABSOLUTE),
    "no doubt (not a denial)": Case(
        "There is no doubt that serine protects the brain.", "brain", ASSERTS, ABSOLUTE
    ),
    "scientifically proven": Case("Scientifically proven memory support.", None, ASSERTS, ABSOLUTE),
    "never fails": Case("This formula never fails to calm nerves.", None, ASSERTS, ABSOLUTE),
    "hedge does not lower a cure": Case("L-serine may cure ALS.", "ALS", ASSERTS, ABSOLUTE),
    # --- denials ---------------------------------------------------------------------
    "not approved": Case("L-serine is not approved for treating ALS.", "ALS", DENIES, CAUSAL),
    "doesn't": Case("Serine doesn't cure neuropathy.", "neuropathy", DENIES, CAUSAL),
    "curly doesn\u2019t": Case(
        "Serine doesn\u2019t cure neuropathy.", "neuropathy", DENIES, CAUSAL
    ),
    "curly isn\u2019t": Case(
        "Serine isn\u2019t a proven treatment for ALS.", "ALS", DENIES, CAUSAL
    ),
    "cannot": Case("Serine cannot reverse ALS.", "ALS", DENIES, CAUSAL),
    "never": Case("Serine has never been shown to prevent dementia.", None, DENIES, CAUSAL),
    "unproven": Case("Claims that serine prevents cancer are unproven.", "cancer", DENIES, CAUSAL),
    "unsupported": Case(
        "Its use for depression remains unsupported.", "depression", DENIES, CAUSAL
    ),
    "no evidence that": Case(
        "There is no evidence that L-serine improves sleep.", "sleep", DENIES, CAUSAL
    ),
    "has not been shown": Case("Serine has not been shown to slow ALS.", "ALS", DENIES, CAUSAL),
    "did not + report": Case(
        "Serine did not improve sleep in the trial.", "sleep", DENIES, CAUSAL, None, True
    ),
    "failed to": Case("Serine failed to lift mood in volunteers.", "mood", DENIES, CAUSAL, HUMAN),
    "neither nor": Case("Neither serine nor glycine cured the mice.", None, DENIES, CAUSAL, ANIMAL),
    "no longer": Case("Serine is no longer recommended for ALS.", "ALS", DENIES, CAUSAL),
    "without evidence": Case(
        "Serine is sold for sleep without evidence of benefit.", "sleep", DENIES, CAUSAL
    ),
    "no + noun before the claim": Case("No supplement cures ALS.", "ALS", DENIES, CAUSAL),
    "not proven is a denial, not absolute": Case(
        "Serine is not proven to cure anything.", None, DENIES, CAUSAL
    ),
    "unlikely: hedged denial": Case(
        "Serine is unlikely to help with weight loss.", "weight loss", DENIES, HEDGED
    ),
    "negated association": Case(
        "Serine was not associated with better sleep.", "sleep", DENIES, ASSOCIATIVE
    ),
    "review concludes unproven": Case(
        "Reviews conclude that its benefits for healthy adults remain unproven.",
        "benefits",
        DENIES,
        CAUSAL,
        HUMAN,
        True,
    ),
    "are absent": Case("Safety records beyond one year are absent.", "Safety", DENIES, CAUSAL),
    "yet to be proven": Case("Its benefit for ALS has yet to be proven.", "ALS", DENIES, CAUSAL),
    "lacks": Case("Serine lacks solid evidence for sleep.", "sleep", DENIES, CAUSAL),
    "lack of sleep is an outcome, not a denial": Case(
        "Serine eases the fatigue that comes with lack of sleep.", "fatigue", ASSERTS, CAUSAL
    ),
    "negation that is part of the claim's words": Case(
        "Serine has no side effects whatsoever.", "has no side effects", ASSERTS, CAUSAL
    ),
    "modal negation that is part of the claim's words": Case(
        "You cannot overdose on serine.", "cannot overdose", ASSERTS, CAUSAL
    ),
    "verb negation inside the claim's words still denies": Case(
        "Serine is not an essential nutrient.", "not an essential nutrient", DENIES, CAUSAL
    ),
    # --- double negation and negative-looking phrases that do not deny ----------------
    "not without": Case("Serine is not without benefit for sleep.", "sleep", ASSERTS, CAUSAL),
    "not only": Case(
        "Serine not only improves sleep but also sharpens focus.", "focus", ASSERTS, CAUSAL
    ),
    "not unlikely: double negation, hedged": Case(
        "A benefit for mood is not unlikely.", "mood", ASSERTS, HEDGED
    ),
    "evidence is lacking": Case(
        "Evidence that serine eases anxiety is lacking.", "anxiety", DENIES, CAUSAL
    ),
    "cannot be ruled out": Case(
        "A benefit for neuropathy cannot be ruled out.", "neuropathy", ASSERTS, HEDGED
    ),
    "no more than (dose limit)": Case(
        "Take no more than 3 grams a day.", "3 grams", ASSERTS, CAUSAL
    ),
    "not as ... as (comparison)": Case(
        "While not as well known as melatonin, serine helps sleep.",
        "melatonin",
        ASSERTS,
        CAUSAL,
    ),
    "with no side effects": Case(
        "Serine improves sleep with no side effects.", "sleep", ASSERTS, CAUSAL
    ),
    # An open question asserts nothing: a denial, so no error however weak the evidence.
    "not yet clear whether": Case(
        "It is not yet clear whether serine helps sleep.", "sleep", DENIES, HEDGED
    ),
    "whether ... is not yet known": Case(
        "Whether serine helps Alzheimer's is not yet known.", "Alzheimer's", DENIES, HEDGED
    ),
    "unclear whether": Case(
        "It is unclear whether serine improves sleep.", "sleep", DENIES, HEDGED
    ),
    "known that is no denial": Case(
        "It is known that serine helps sleep.", "sleep", ASSERTS, CAUSAL
    ),
    "doesn't just": Case(
        "Serine doesn't just support sleep; it transforms it.", "sleep", ASSERTS, CAUSAL
    ),
    # --- negation scope --------------------------------------------------------------
    "negation in a relative clause": Case(
        "L-serine, which is not an essential amino acid, improves sleep.",
        "sleep",
        ASSERTS,
        CAUSAL,
    ),
    "negation in a restrictive relative clause": Case(
        "Serine improves sleep in people who do not respond to melatonin.",
        "sleep",
        ASSERTS,
        CAUSAL,
        HUMAN,
    ),
    "negation in a leading subordinate clause": Case(
        "Although serine is not an essential nutrient, it supports sleep.",
        "sleep",
        ASSERTS,
        CAUSAL,
    ),
    "leading subordinate clause, no focus": Case(
        "Although serine is not an essential nutrient, it supports sleep.",
        None,
        ASSERTS,
        CAUSAL,
    ),
    "insertion after because": Case(
        "It is called conditionally essential because, in some illnesses, the body cannot "
        "make enough.",
        "conditionally essential",
        ASSERTS,
        CAUSAL,
    ),
    "negation in brackets": Case("Serine (not D-serine) improves mood.", "mood", ASSERTS, CAUSAL),
    "but: the denied part": Case(
        "L-serine is safe, but it does not cure ALS.", "ALS", DENIES, CAUSAL
    ),
    "but: the asserted part": Case(
        "L-serine is safe, but it does not cure ALS.", "safe", ASSERTS, CAUSAL
    ),
    "but: no focus judges the whole": Case(
        "L-serine is safe, but it does not cure ALS.", None, DENIES, CAUSAL
    ),
    ", not: the denied part": Case(
        "Serine is marketed as a wellness product, not a remedy for ALS.",
        "ALS",
        DENIES,
        CAUSAL,
    ),
    ", not: the asserted part": Case(
        "Serine is marketed as a wellness product, not a remedy for ALS.",
        "wellness product",
        ASSERTS,
        CAUSAL,
    ),
    "rather than: the denied part": Case(
        "Choose serine for relaxation rather than as a cure for anxiety.",
        "anxiety",
        DENIES,
        CAUSAL,
    ),
    "rather than: the asserted part": Case(
        "Choose serine for relaxation rather than as a cure for anxiety.",
        "relaxation",
        ASSERTS,
        CAUSAL,
    ),
    "while: the asserted part": Case(
        "While serine is cheap, there is no evidence it slows ALS.", "cheap", ASSERTS, CAUSAL
    ),
    "while: the denied part": Case(
        "While serine is cheap, there is no evidence it slows ALS.", "ALS", DENIES, CAUSAL
    ),
    "aside ends at its comma: resumed part": Case(
        "Dose serine on an empty stomach, rather than with a protein shake, to reduce cramps.",
        "cramps",
        ASSERTS,
        CAUSAL,
    ),
    "aside ends at its comma: the aside": Case(
        "Dose serine on an empty stomach, rather than with a protein shake, to reduce cramps.",
        "protein shake",
        DENIES,
        CAUSAL,
    ),
    "comma-delimited not": Case("Serine, not melatonin, improves sleep.", "sleep", ASSERTS, CAUSAL),
    "subject relative clause ends at the main verb": Case(
        "People who skip breakfast may sleep worse without serine.",
        "sleep",
        ASSERTS,
        HEDGED,
    ),
    "it is a myth that": Case("It is a myth that serine cures ALS.", "ALS", DENIES, CAUSAL),
    "has no effect": Case("Serine has no effect on sleep.", "sleep", DENIES, CAUSAL),
    "found no link": Case(
        "Scientists found no link between serine and cancer.",
        "cancer",
        DENIES,
        ASSOCIATIVE,
        None,
        True,
    ),
    "nothing beats (not a denial)": Case(
        "Nothing beats serine for deep sleep.", "deep sleep", ASSERTS, CAUSAL
    ),
    # --- clauses and governing cues --------------------------------------------------
    "and is: established part": Case(
        "Serine is a standard therapy for a rare inborn synthesis defect "
        "and is being trialled in ALS, where results are still early.",
        "synthesis defect",
        ASSERTS,
        CAUSAL,
    ),
    "and is: investigational part": Case(
        "Serine is a standard therapy for a rare inborn synthesis defect "
        "and is being trialled in ALS, where results are still early.",
        "ALS",
        ASSERTS,
        HEDGED,
    ),
    "governing hedge": Case(
        "Researchers are investigating whether serine slows ALS.", "ALS", ASSERTS, HEDGED
    ),
    "bare verb continues the modal": Case(
        "Serine may lower stress, and improve sleep.", "sleep", ASSERTS, HEDGED
    ),
    "own verb ends the modal": Case(
        "Serine may lower stress, and it improves sleep.", "sleep", ASSERTS, CAUSAL
    ),
    "list continues the modal": Case(
        "Serine may support sleep, focus, and mood.", "mood", ASSERTS, HEDGED
    ),
    "list continues the negation": Case(
        "Serine does not cure ALS, MS, and Parkinson's disease.",
        "Parkinson",
        DENIES,
        CAUSAL,
    ),
    "complementizer continues the governing hedge": Case(
        "Scientists are studying whether serine helps sleep, but also whether it slows ALS.",
        "ALS",
        ASSERTS,
        HEDGED,
    ),
    "one governing denial over two claims": Case(
        "There is no evidence that serine improves memory or that it slows ALS.",
        "ALS",
        DENIES,
        CAUSAL,
    ),
    "label before a colon": Case(
        "Taking it with food: serine may spare your stomach.", "food", ASSERTS, HEDGED
    ),
    "clause before a colon with its own verb": Case(
        "Serine is cheap: it may also help sleep.", "cheap", ASSERTS, CAUSAL
    ),
    "two sentences in one string: the first": Case(
        "Serine is approved as a food additive. It is not approved as a drug.",
        "food additive",
        ASSERTS,
        CAUSAL,
    ),
    "two sentences in one string: the second": Case(
        "Serine is approved as a food additive. It is not approved as a drug.",
        "drug",
        DENIES,
        CAUSAL,
    ),
    "decimal point is not a full stop": Case(
        "Serine may help at 3.5 g a day for sleep.", "sleep", ASSERTS, HEDGED
    ),
    "dash: plain part": Case(
        "Serine helps sleep \u2014 and it definitely fights anxiety.", "sleep", ASSERTS, CAUSAL
    ),
    "dash: absolute part": Case(
        "Serine helps sleep \u2014 and it definitely fights anxiety.",
        "anxiety",
        ASSERTS,
        ABSOLUTE,
    ),
    "semicolon: animal part": Case(
        "Serine eased pain in rats; in humans, it has not been tested.",
        "pain",
        ASSERTS,
        CAUSAL,
        ANIMAL,
    ),
    "semicolon: human part": Case(
        "Serine eased pain in rats; in humans, it has not been tested.",
        "tested",
        DENIES,
        CAUSAL,
        HUMAN,
    ),
    # --- questions -------------------------------------------------------------------
    "question": Case("Does L-serine help sleep?", "sleep", ASSERTS, HEDGED),
    "question with a cure": Case("Can serine cure ALS?", "ALS", ASSERTS, HEDGED),
    "negative question": Case("Doesn't serine boost memory?", "memory", ASSERTS, HEDGED),
    "question clause": Case("Serine helps sleep, but does it cure ALS?", "ALS", ASSERTS, HEDGED),
    "statement before a question clause": Case(
        "Serine helps sleep, but does it cure ALS?", "sleep", ASSERTS, CAUSAL
    ),
    "believe that": Case(
        "Researchers believe that serine protects the retina.", "retina", ASSERTS, HEDGED
    ),
    "has proven to": Case("Serine has proven to lift mood.", None, ASSERTS, ABSOLUTE),
    "have proven (turned out) is not absolute": Case(
        "Other remedies have proven disappointing, but serine may help.",
        "help",
        ASSERTS,
        HEDGED,
    ),
    "should always is advice, not a booster": Case(
        "Such stacks should always be cleared with a pharmacist.", None, ASSERTS, CAUSAL
    ),
    # "Needed to prove X" says X is not yet proven: a denial, which the judge accepts for
    # anything short of supported.
    "needed to prove is a denial, not proof": Case(
        "Larger trials are needed to prove that serine slows ALS.", "ALS", DENIES, CAUSAL
    ),
    "proof of concept is not proof": Case(
        "A proof-of-concept study found serine slowed decline.",
        "decline",
        ASSERTS,
        CAUSAL,
        None,
        True,
    ),
    # --- populations -----------------------------------------------------------------
    "in mice": Case("In mice, serine reduced amyloid plaques.", "plaques", ASSERTS, CAUSAL, ANIMAL),
    "study in mice found": Case(
        "A study in mice found that serine reduced plaques.",
        "plaques",
        ASSERTS,
        CAUSAL,
        ANIMAL,
        True,
    ),
    "vervet monkeys": Case(
        "Vervet monkeys fed serine developed fewer tangles.", None, ASSERTS, CAUSAL, ANIMAL
    ),
    "rodent studies show": Case(
        "Rodent studies show serine protects nerves.", None, ASSERTS, CAUSAL, ANIMAL, True
    ),
    "zebrafish": Case(
        "Zebrafish given serine grew healthier nerves.", None, ASSERTS, CAUSAL, ANIMAL
    ),
    "cell culture": Case(
        "In cell culture, serine shielded neurons from a toxin.", None, ASSERTS, CAUSAL, CELLS
    ),
    "test tube + report": Case(
        "Test-tube experiments showed that serine blocks the toxin.",
        None,
        ASSERTS,
        CAUSAL,
        CELLS,
        True,
    ),
    "in vitro": Case("In vitro, serine restored enzyme activity.", None, ASSERTS, CAUSAL, CELLS),
    "trial of 20 patients with ALS": Case(
        "In a trial of 20 patients with ALS, serine was well tolerated.",
        "tolerated",
        ASSERTS,
        CAUSAL,
        HUMAN,
        True,
    ),
    "participants who took": Case(
        "Participants who took serine slept longer.", None, ASSERTS, CAUSAL, HUMAN, True
    ),
    "was given to healthy volunteers": Case(
        "Serine was given to healthy volunteers for a month.", None, ASSERTS, CAUSAL, HUMAN, True
    ),
    "people with X, hedged": Case(
        "People with fibromyalgia may benefit from serine.", None, ASSERTS, HEDGED, HUMAN
    ),
    "animal protein is not an animal study": Case(
        "Serine is abundant in animal protein.", None, ASSERTS, CAUSAL
    ),
    "cultured yogurt is not a cell culture": Case(
        "Cultured yogurt contains serine.", None, ASSERTS, CAUSAL
    ),
    "cultured neurons": Case("Serine protected cultured neurons.", None, ASSERTS, CAUSAL, CELLS),
    "bare people is not a population": Case("Serine helps people sleep.", None, ASSERTS, CAUSAL),
    "population named in another clause": Case(
        "In rats it lowered anxiety, and it improved memory.", "memory", ASSERTS, CAUSAL, ANIMAL
    ),
    "animals next to the claim beat people advised": Case(
        "People with cancer should be careful, since in mice serine helped tumours grow.",
        "tumours",
        ASSERTS,
        CAUSAL,
        ANIMAL,
    ),
    # --- reports: independent of strength, marketing versus review register ----------
    "research shows a cure": Case(
        "Research shows that L-serine cures ALS.", "ALS", ASSERTS, ABSOLUTE, None, True
    ),
    "published in": Case(
        "Published in a leading journal, the work described fewer migraines.",
        "migraines",
        ASSERTS,
        CAUSAL,
        None,
        True,
    ),
    "a 2019 trial reported": Case(
        "A 2019 trial reported better sleep scores.", None, ASSERTS, CAUSAL, None, True
    ),
    "pilot study": Case(
        "In a small pilot study, serine eased neuropathy.", None, ASSERTS, HEDGED, None, True
    ),
    "report in a leading clause, no focus": Case(
        "When volunteers were given serine at bedtime, their sleep improved.",
        None,
        ASSERTS,
        CAUSAL,
        HUMAN,
        True,
    ),
    "trial in 20 adults with X": Case(
        "In 2019, a small trial tested serine in 20 adults with neuropathy.",
        None,
        ASSERTS,
        CAUSAL,
        HUMAN,
        True,
    ),
    "testimonial is not a report": Case(
        "Our customers love how serine boosts their energy.", None, ASSERTS, CAUSAL
    ),
    "month May is not a hedge": Case(
        "In May 2021, researchers reported that serine improved nerve function.",
        None,
        ASSERTS,
        CAUSAL,
        None,
        True,
    ),
    "advice with always is not absolute": Case(
        "Always consult your doctor before taking serine.", None, ASSERTS, CAUSAL
    ),
}


def focus_of(case: Case) -> tuple[int, int] | None:
    if case.focus is None:
        return None
    start = case.sentence.index(case.focus)
    return start, start + len(case.focus)


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_wording_table(case: Case) -> None:
    wording = assess_wording(case.sentence, focus_of(case))
    found = (wording.stance, wording.strength, wording.population, wording.reports_study)
    expected = (case.stance, case.strength, case.population, case.reports_study)
    assert found == expected, wording.cues


def test_table_is_large_and_covers_every_outcome() -> None:
    assert len(CASES) >= 80
    assert {case.strength for case in CASES.values()} == set(Strength)
    assert {case.stance for case in CASES.values()} == set(Stance)
    assert {case.population for case in CASES.values()} == {*PopulationKind, None}
    assert {case.reports_study for case in CASES.values()} == {True, False}


def test_every_word_list_fires_in_the_table() -> None:
    """Meta-test: no cue list of the lexicon goes untested."""
    lexicon = load_lexicon()
    fired: set[str] = set()
    for case in CASES.values():
        text = case.sentence.lower().replace("\u2019", "'")
        for scanner in (lexicon.words, lexicon.boundaries, lexicon.population, lexicon.report):
            for _, names in scanner.scan(text):
                fired |= names
    expected = {
        name for scanner in (lexicon.words, lexicon.boundaries) for name, _ in scanner.lists
    }
    expected |= {
        name for scanner in (lexicon.population, lexicon.report) for name, _ in scanner.lists
    }
    assert expected - fired == set()


# --- details of the result -------------------------------------------------------------


def test_cues_name_what_decided() -> None:
    assert assess_wording("L-serine may cure ALS.").cues == ("cure",)
    assert assess_wording("Serine may be linked to mood.").cues == ("may",)
    assert assess_wording("Serine is one of the twenty standard amino acids.").cues == ()
    assert assess_wording("Does serine help sleep?").cues == ("?",)
    denial = assess_wording("Serine doesn\u2019t cure ALS.")
    assert denial.cues == ("doesn't",)


def test_population_term_is_the_sentence_words() -> None:
    sentence = "In a trial of 20 Patients with ALS, serine was well tolerated."
    assert assess_wording(sentence).population_term == "Patients with ALS"
    assert assess_wording("Vervet monkeys fed serine did well.").population_term == (
        "Vervet monkeys"
    )
    assert assess_wording("Serine helps sleep.").population_term is None


def test_population_nearest_the_focus_wins() -> None:
    sentence = "Serine helped mice, and it was then given to patients with ALS."
    start = sentence.index("ALS")
    wording = assess_wording(sentence, (start, start + 3))
    assert (wording.population, wording.population_term) == (HUMAN, "patients with ALS")


def test_focus_outside_the_sentence_is_clamped() -> None:
    assert assess_wording("Serine helps sleep.", (500, 510)).stance is ASSERTS
    assert assess_wording("", (0, 0)).strength is CAUSAL


def test_wording_is_frozen_and_strict() -> None:
    wording = assess_wording("Serine helps sleep.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        wording.stance = DENIES  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Wording.model_validate({**wording.model_dump(), "extra": 1})


def test_same_sentence_twice_gives_equal_results() -> None:
    sentence = "Serine may lower stress, and it improves sleep."
    first = assess_wording(sentence, (sentence.index("sleep"), len(sentence) - 1))
    second = assess_wording(sentence, (sentence.index("sleep"), len(sentence) - 1))
    assert first == second
    assert assess_wording(sentence, (sentence.index("stress"), 0)).strength is HEDGED


# --- the cue syntax ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cue", "matches", "misses"),
    [
        ("clinically proven", ["clinically proven", "Clinically-proven"], ["clinically"]),
        ("(is|are) being studied", ["is being studied", "are being  studied"], ["was studied"]),
        ("hypothes*", ["hypothesis", "hypothesised"], ["hypo"]),
        ("*n't", ["doesn't", "isn\u2019t".replace("\u2019", "'")], ["not"]),
        ("in a *? study", ["in a study", "in a pilot study"], ["in a big pilot study"]),
        ("trial of # patients", ["trial of 20 patients", "trial of 1,200 patients"], ["trial"]),
        ("(transgenic |)mice", ["mice", "transgenic mice"], ["micebox"]),
        ("(vervet|vervets) (monkeys|)", ["vervets", "vervet monkeys"], ["monkeys"]),
        ("may", ["may"], ["maybe", "dismay"]),
        ("100%", ["100%"], ["1100%"]),
        (";", [";"], []),
    ],
)
def test_cue_syntax(cue: str, matches: list[str], misses: list[str]) -> None:
    pattern = cue_pattern(cue)
    for text in matches:
        assert pattern.fullmatch(text) or pattern.search(text), text
    for text in misses:
        assert not pattern.search(text), text


def test_patient_phrase_stops_at_a_verb() -> None:
    wording = assess_wording("Patients with ALS who took serine declined more slowly.")
    assert wording.population_term == "Patients with ALS"


def test_unbalanced_cue_is_rejected() -> None:
    with pytest.raises(ValueError, match="unbalanced"):
        cue_pattern("(may|might")


def test_spans_survive_characters_that_change_length_when_lowered() -> None:
    sentence = "\u0130zmir patients with ALS took serine, but it does not cure ALS."
    start = sentence.rindex("ALS")
    wording = assess_wording(sentence, (start, start + 3))
    assert wording.stance is DENIES
    assert wording.population_term == "patients with ALS"


def test_lexicon_is_compiled_once() -> None:
    assert load_lexicon() is load_lexicon()
