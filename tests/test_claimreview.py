"""`--format claimreview`: schema.org ClaimReview JSON-LD, one review per claim asserted."""

from __future__ import annotations

import json
from typing import Any

from claimcheck.findings import Report, Stance
from claimcheck.pipeline import audit_document
from claimcheck.report import Format, RenderOptions, render
from claimcheck.report.claimreview import RATINGS
from claimcheck.sources import document_from_text

# The schema.org properties this export uses, by type, as the vocabulary defines them
# (https://schema.org/ClaimReview, /Claim, /CreativeWork, /Rating, /Organization; a type
# inherits its parents' properties: ClaimReview < Review < CreativeWork < Thing).
THING = {"name", "url", "alternateName", "description"}
CREATIVE_WORK = THING | {"author", "text", "datePublished", "publisher"}
VOCABULARY = {
    "ClaimReview": CREATIVE_WORK | {"claimReviewed", "itemReviewed", "reviewRating", "reviewBody"},
    "Claim": CREATIVE_WORK | {"appearance", "firstAppearance"},
    "CreativeWork": CREATIVE_WORK,
    "Rating": THING | {"ratingValue", "bestRating", "worstRating", "ratingExplanation"},
    "Organization": THING,
}

COPY = (
    "L-serine cures ALS.\n\n"
    "L-serine does not cure cancer.\n\n"
    "In a one-year placebo-controlled trial of 18 people with HSAN1, L-serine slowed the "
    "worsening of neuropathy scores.\n"
)


def reviews_of(copy: str) -> tuple[Report, list[dict[str, Any]]]:
    report = Report(files=(audit_document(document_from_text(copy, "ad.txt")),))
    rendered = render(report, Format.CLAIMREVIEW, RenderOptions(tool_version="9.9"))
    return report, json.loads(rendered)


def assert_uses_the_vocabulary(node: dict[str, Any]) -> None:
    kind = node["@type"]
    assert kind in VOCABULARY, kind
    unknown = {key for key in node if not key.startswith("@")} - VOCABULARY[kind]
    assert not unknown, (kind, unknown)
    for value in node.values():
        if isinstance(value, dict):
            assert_uses_the_vocabulary(value)


def test_each_asserted_claim_gets_a_review_in_schema_org_terms() -> None:
    report, reviews = reviews_of(COPY)
    asserted = [f for f in report.findings if f.stance is Stance.ASSERTS]
    assert len(reviews) == len(asserted) >= 2
    for review in reviews:
        assert review["@context"] == "https://schema.org"
        assert review["@type"] == "ClaimReview"
        assert_uses_the_vocabulary(review)
        rating = review["reviewRating"]
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert all("cancer" not in r["claimReviewed"] for r in reviews)  # a denial claims nothing


def test_ratings_follow_the_documented_scale() -> None:
    _, reviews = reviews_of(COPY)
    by_sentence = {r["claimReviewed"]: r["reviewRating"] for r in reviews}
    assert by_sentence["L-serine cures ALS."]["alternateName"] == "Overstated"
    hsan1 = next(v for k, v in by_sentence.items() if "HSAN1" in k)
    assert (hsan1["ratingValue"], hsan1["alternateName"]) == (5, "Supported")
    assert sorted({value for value, _ in RATINGS.values()}) == [1, 2, 3, 4]


def test_the_review_names_the_document_and_the_sources() -> None:
    _, reviews = reviews_of(COPY)
    review = reviews[0]
    assert review["itemReviewed"]["appearance"]["url"] == "ad.txt"
    assert "Sources:" in review["reviewBody"]
    assert review["author"] == {"@type": "Organization", "name": "claimcheck 9.9"}
