"""Key facts of the structured `protocol:` blocks (issue 9), pinned with where each is stated.

"evidence.md" is shared/research/evidence.md, Part 2; "record" is the study's own YAML text.
A later edit that drops or changes one of these facts fails here.
"""

from __future__ import annotations

from claimcheck.model import Dose, DoseUnit, Duration, Status, TimeUnit
from claimcheck.pack import Pack


def test_fridman_2019_hsan1_trial(shipped_pack: Pack) -> None:
    study = shipped_pack.studies["fridman-2019-hsan1-rct"]
    protocol = study.protocol
    # evidence.md row FRIDMAN2019: "18 randomized, 16 completed"; record population.condition.
    assert study.population.n == 18
    assert protocol.n_completed == 16
    # evidence.md row FRIDMAN2019: "RCT, placebo-controlled parallel group 1 year + 1-year
    # open-label extension"; the recorded duration is the placebo-controlled year.
    assert protocol.randomized is True
    assert protocol.control == "placebo"
    assert (protocol.arms, protocol.crossover) == (2, False)
    assert protocol.duration == Duration(value=1, unit=TimeUnit.YEAR)
    # evidence.md row FRIDMAN2019 and claim B11: "400 mg/kg/day".
    assert protocol.doses == (Dose(amount=400, unit=DoseUnit.MG_PER_KG),)
    assert protocol.doses[0].per_day() == 400
    # evidence.md row FRIDMAN2019: "deoxysphinganine -59% vs +11%".
    assert any(f.value == 59 and f.unit == "%" for f in protocol.figures)
    assert protocol.conditions == ("hsan1",)


def test_nct03580616_was_single_arm_open_label_and_terminated(shipped_pack: Pack) -> None:
    study = shipped_pack.studies["nct03580616-als-phase2a"]
    protocol = study.protocol
    # evidence.md row NCT03580616: "Open-label, single group, allocation N/A; 15 g BID for
    # 6 months", "43 enrolled", "Terminated"; claim B6 calls "randomized controlled" contradicted.
    assert study.status is Status.TERMINATED
    assert study.population.n == 43
    assert protocol.phase == "IIa"
    assert (protocol.arms, protocol.randomized, protocol.control) == (1, False, "none")
    assert protocol.blinding == "open-label"
    assert protocol.doses == (Dose(amount=15, unit=DoseUnit.G, times_daily=2),)
    assert protocol.doses[0].per_day() == 30
    assert protocol.duration == Duration(value=6, unit=TimeUnit.MONTH)
    assert protocol.places == ("Dartmouth-Hitchcock",)


def test_levine_2017_four_dose_arms_against_historical_controls(shipped_pack: Pack) -> None:
    study = shipped_pack.studies["levine-2017-als-phase1"]
    protocol = study.protocol
    # evidence.md row LEVINE2017: "Randomized, double-blind between four dose arms (0.5, 2.5,
    # 7.5, 15 g BID), 6 months; no placebo arm; comparison with matched historical placebo
    # controls", "20 enrolled"; record limitations say the same.
    assert study.population.n == 20
    assert protocol.phase == "I"
    assert (protocol.randomized, protocol.control) == (True, "historical")
    assert protocol.blinding == "double-blind"
    assert protocol.arms == 4
    assert [(d.amount, d.unit, d.times_daily) for d in protocol.doses] == [
        (0.5, DoseUnit.G, 2),
        (2.5, DoseUnit.G, 2),
        (7.5, DoseUnit.G, 2),
        (15, DoseUnit.G, 2),
    ]
    assert protocol.duration == Duration(value=6, unit=TimeUnit.MONTH)
    # evidence.md claim B5 and row AAN2017-ALS: the 34% slope and ~4-fold CSF rise are in the
    # conference abstract, not in the paper's abstract, so they sit on the abstract's record.
    assert protocol.figures == ()
    abstract = shipped_pack.studies["aan-2017-als-phase1-abstract"].protocol
    assert {(f.value, f.unit) for f in abstract.figures} == {(34, "%"), (4, "fold")}


def test_grin_phase_2a_was_single_arm(shipped_pack: Pack) -> None:
    protocol = shipped_pack.studies["julia-palacios-2024-grin-phase2a"].protocol
    # evidence.md row JULIA2024: "Open-label, single-arm phase 2A, 52 weeks", "24 enrolled, 23
    # completed", "Dose 500 mg/kg/day"; claim B15.
    assert (protocol.phase, protocol.arms, protocol.randomized) == ("IIa", 1, False)
    assert protocol.n_completed == 23
    assert protocol.doses == (Dose(amount=500, unit=DoseUnit.MG_PER_KG),)
    assert protocol.duration == Duration(value=52, unit=TimeUnit.WEEK)


def test_no_protocol_fact_without_a_source(shipped_pack: Pack) -> None:
    # evidence.md row NCT03062449 and Part 3: the 30 g/day gummy dose comes only from a
    # secondary page, so the trial records no dose.
    assert shipped_pack.studies["nct03062449-alzheimers-phase2a"].protocol.doses == ()
    # evidence.md row ITO2014: "Dose not captured", n "Not captured".
    ito = shipped_pack.studies["ito-2014-sleep"]
    assert (ito.protocol.doses, ito.population.n) == ((), None)
    # The rat study seed 003 misattributes (claim C5): 6 mmol/kg once, 2% solution for 28 days.
    rats = shipped_pack.studies["amino-acids-2017-rat-forced-swim"].protocol
    assert {(d.amount, d.unit) for d in rats.doses} == {
        (6, DoseUnit.MMOL_PER_KG),
        (2, DoseUnit.PERCENT),
    }
    assert rats.duration == Duration(value=28, unit=TimeUnit.DAY)


def test_protocol_conditions_are_concepts(shipped_pack: Pack) -> None:
    for study in shipped_pack.studies.values():
        for condition in study.protocol.conditions:
            assert condition in shipped_pack.concepts, (study.id, condition)
    # The three D-serine schizophrenia trials (records' population.condition).
    for study_id in (
        "heresco-levy-2005-d-serine-schizophrenia",
        "kantrowitz-2010-d-serine-schizophrenia",
        "weiser-2012-d-serine-schizophrenia",
    ):
        assert shipped_pack.studies[study_id].protocol.conditions == ("schizophrenia",)
