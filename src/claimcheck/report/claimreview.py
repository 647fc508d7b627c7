r"""ClaimReview renderer: schema.org fact-check markup (JSON-LD), one review per claim made.

Fact-checkers publish reviews as schema.org `ClaimReview`, which search engines and the
Google Fact Check Tools read. Each finding whose sentence asserts a claim becomes one review:
`claimReviewed` is the sentence, `itemReviewed` the `Claim` as it appears in the document,
`reviewRating` a rating from `RATINGS`, `reviewBody` why, with the accurate wording. Denials
and questions make no claim, so they get no review.

The rating scale (1 worst, 5 best) and what each step means:

| code (docs/judging.md) | rating | alternateName |
|---|---|---|
| `contradicted` | 1 | False |
| `wrong-substance` | 1 | Wrong substance |
| `misreported-study` | 1 | Misreported study |
| `overstated` | 2 | Overstated |
| `unbacked` | 3 | Unsupported |
| `within-evidence`, preliminary/animal/... evidence | 4 | Within the evidence |
| `within-evidence`, `supported` evidence | 5 | Supported |
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from claimcheck.findings import Code, Finding, Report, Stance, Verdict
from claimcheck.report import RenderOptions
from claimcheck.report.jsonstream import Stream, json_chunks

__all__ = ["RATINGS", "claim_review", "render_claimreview", "stream_claimreview"]

BEST, WORST = 5, 1
RATINGS: dict[Code, tuple[int, str]] = {
    Code.CONTRADICTED: (1, "False"),
    Code.WRONG_SUBSTANCE: (1, "Wrong substance"),
    Code.OVERSTATED: (2, "Overstated"),
    Code.UNBACKED: (3, "Unsupported"),
    Code.WITHIN_EVIDENCE: (4, "Within the evidence"),
    Code.MISREPORTED_STUDY: (1, "Misreported study"),
}
SUPPORTED = (5, "Supported")


def rating(finding: Finding) -> tuple[int, str]:
    """The finding's place on the 1-5 scale and its name."""
    if finding.code is Code.WITHIN_EVIDENCE and finding.verdict is Verdict.SUPPORTED:
        return SUPPORTED
    return RATINGS[finding.code]


def claim_review(finding: Finding, tool_version: str) -> dict[str, Any]:
    """One schema.org ClaimReview for a sentence that asserts a claim."""
    value, name = rating(finding)
    citations = "; ".join(c.citation for c in finding.citations)
    body = f"{finding.message}. The evidence allows: {finding.suggestion}"
    if citations:
        body += f" Sources: {citations}."
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": finding.sentence,
        "itemReviewed": {
            "@type": "Claim",
            "name": finding.claim,
            "appearance": {
                "@type": "CreativeWork",
                "url": finding.path,
                "text": finding.sentence,
            },
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": BEST,
            "worstRating": WORST,
            "alternateName": name,
        },
        "reviewBody": body,
        "author": {"@type": "Organization", "name": f"claimcheck {tool_version}".strip()},
    }


def stream_claimreview(report: Report, options: RenderOptions) -> Iterator[str]:
    """A JSON array of ClaimReview objects, in file order, newline-terminated, one by one."""
    reviews = (
        claim_review(finding, options.tool_version)
        for result in report.files
        for finding in result.findings
        if finding.stance is Stance.ASSERTS
    )
    return json_chunks(Stream(reviews))


def render_claimreview(report: Report, options: RenderOptions) -> str:
    """A JSON array of ClaimReview objects, in file order, newline-terminated."""
    return "".join(stream_claimreview(report, options))
