"""The pack's corrections from the issue 8 audit, pinned by verdict and by key numbers.

Each test names what a careful scientist found wrong and what the pack says now; a later
edit that brings an old error back fails here.
"""

from __future__ import annotations

from claimcheck.evidence import score_evidence
from claimcheck.model import Relation, Verdict
from claimcheck.pack import Pack


def verdict(pack: Pack, claim_id: str) -> Verdict:
    return score_evidence(pack.claims[claim_id], pack.studies).verdict


def wording(pack: Pack, claim_id: str) -> str:
    return " ".join(pack.claims[claim_id].accurate_wording.split())


def relation(pack: Pack, claim_id: str, study_id: str) -> Relation:
    return next(link.relation for link in pack.claims[claim_id].evidence if link.study == study_id)


def test_gras_is_not_supported_by_a_food_additive_listing(shipped_pack: Pack) -> None:
    assert verdict(shipped_pack, "l-serine-fda-gras") is Verdict.NO_EVIDENCE
    assert "not GRAS status" in wording(shipped_pack, "l-serine-fda-gras")
    cfr = shipped_pack.studies["ref-21-cfr-172-320"]
    assert cfr.identifiers.url is not None
    assert cfr.identifiers.url.startswith("https://www.accessdata.fda.gov/")


def test_the_alzheimers_trial_dose_has_no_source(shipped_pack: Pack) -> None:
    assert verdict(shipped_pack, "l-serine-nct03062449-dose-gummies") is Verdict.NO_EVIDENCE
    assert "does not state the dose" in wording(shipped_pack, "l-serine-nct03062449-dose-gummies")


def test_no_study_compared_times_of_day(shipped_pack: Pack) -> None:
    assert verdict(shipped_pack, "l-serine-evening-dosing") is Verdict.NO_EVIDENCE
    assert verdict(shipped_pack, "l-serine-sleep-studies-dosed-before-bed") is Verdict.SUPPORTED


def test_neuropathy_rests_on_rats_and_mice(shipped_pack: Pack) -> None:
    for claim_id in ("l-serine-helps-diabetic-neuropathy", "l-serine-helps-peripheral-neuropathy"):
        assert verdict(shipped_pack, claim_id) is Verdict.ANIMAL_ONLY
        assert "rats and mice" in wording(shipped_pack, claim_id)
    assert relation(
        shipped_pack, "l-serine-helps-peripheral-neuropathy", "fridman-2019-hsan1-rct"
    ) is (Relation.INDIRECT)
    handzlik = shipped_pack.studies["handzlik-2023-serine-neuropathy-mice"]
    assert (handzlik.identifiers.pmid, handzlik.identifiers.doi) == (
        "36697822",
        "10.1038/s41586-022-05637-6",
    )
    assert shipped_pack.studies["othman-2015-diabetic-rats"].identifiers.doi == "10.2337/db14-1325"


def test_d_serine_in_schizophrenia_is_mixed_with_both_trials_cited(shipped_pack: Pack) -> None:
    claim_id = "d-serine-helps-schizophrenia"
    assert verdict(shipped_pack, claim_id) is Verdict.MIXED
    assert relation(shipped_pack, claim_id, "weiser-2012-d-serine-schizophrenia") is (
        Relation.CONTRADICTS
    )
    assert shipped_pack.studies["weiser-2012-d-serine-schizophrenia"].population.n == 195
    crossover = shipped_pack.studies["heresco-levy-2005-d-serine-schizophrenia"]
    assert (crossover.identifiers.pmid, crossover.population.n) == ("15780844", 39)
    assert "195-patient" in wording(shipped_pack, claim_id)


def test_a_single_dose_in_healthy_adults_is_indirect_for_treating_depression(
    shipped_pack: Pack,
) -> None:
    claim_id = "d-serine-treats-depression"
    assert relation(shipped_pack, claim_id, "d-serine-2015-healthy-adults") is Relation.INDIRECT
    assert verdict(shipped_pack, claim_id) is Verdict.CONTRADICTED


def test_the_phase_i_paper_does_not_show_slowing(shipped_pack: Pack) -> None:
    assert relation(shipped_pack, "l-serine-slows-als", "levine-2017-als-phase1") is (
        Relation.INDIRECT
    )
    assert verdict(shipped_pack, "l-serine-slows-als") is Verdict.PRELIMINARY


def test_the_2020_d_serine_study_is_cited_and_sized_per_arm(shipped_pack: Pack) -> None:
    study = shipped_pack.studies["d-serine-2020-emotional-processing"]
    assert study.identifiers.pmid == "32167001"
    assert study.journal.startswith("J Psychopharmacol")
    assert study.authors[0] == "Capitão LP"
    for claim in shipped_pack.claims.values():
        text = " ".join([claim.accurate_wording, *(link.note for link in claim.evidence)])
        assert "study of 63" not in text, claim.id
        assert "larger single-dose" not in text, claim.id
    assert "about 21 on D-serine" in wording(shipped_pack, "d-serine-reduces-sadness")


def test_the_autism_trial_is_in_every_claim_it_touches(shipped_pack: Pack) -> None:
    trial = shipped_pack.studies["kim-2025-ast001-autism"]
    assert (trial.identifiers.pmid, trial.identifiers.pmc, trial.population.n) == (
        "39425256",
        "PMC11693980",
        151,
    )
    assert verdict(shipped_pack, "l-serine-helps-autism") is Verdict.PRELIMINARY
    assert "P = 0.042" in wording(shipped_pack, "l-serine-helps-autism")
    assert "151 children" in wording(shipped_pack, "l-serine-largest-trial-is-als-phase1")
    assert "autism" in wording(shipped_pack, "l-serine-under-investigation-neurology")
    assert verdict(shipped_pack, "l-serine-safe-for-children") is Verdict.PRELIMINARY
    assert "151-child" in wording(shipped_pack, "l-serine-safe-for-children")
    assert shipped_pack.studies["lee-2022-ast001-pk"].population.n == 24


def test_records_the_audit_found_wrong(shipped_pack: Pack) -> None:
    studies = shipped_pack.studies
    assert studies["banack-2018-vervet-model"].identifiers.pmid is None  # never seen tied to it
    assert any("other way round" in item for item in studies["ito-2014-sleep"].limitations)
    assert "controls" in studies["fm-1989-serum-amino-acids"].population.condition
    assert "ref-tryptophan-biosynthesis" not in studies  # rested on a Wikipedia mirror
    assert studies["dunn-2012-tryptophan-synthase"].identifiers.pmc == "PMC3702454"
    assert "not independent" in " ".join(studies["ohashi-2022-circadian"].curation.split())
