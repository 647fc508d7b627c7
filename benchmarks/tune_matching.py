"""Compare fuzzy scorers and thresholds on the sentence table (tests/cases).

For every case, the score the expected claim gets (positives) and the score its near-miss
claim gets (negatives), per scorer. Prints, per scorer, the threshold that maximises F1
on "does the claim match" and the F1 there. Run: python benchmarks/tune_matching.py
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from claimcheck import match
from claimcheck.pipeline import default_engine

CASES = Path(__file__).resolve().parents[1] / "tests" / "cases"


def coverage(sentence: str, phrasing: str) -> float:
    """Share of the phrasing's words present in the sentence (fuzzy per word)."""
    words = phrasing.split()
    have = sentence.split()
    if not words:
        return 0.0
    hits = sum(1 for w in words if any(fuzz.ratio(w, h) >= 85 for h in have))
    return 100.0 * hits / len(words)


SCORERS: dict[str, Callable[[str, str], float]] = {
    "token_set_ratio": fuzz.token_set_ratio,
    "token_sort_ratio": fuzz.token_sort_ratio,
    "partial_token_set_ratio": fuzz.partial_token_set_ratio,
    "WRatio": fuzz.WRatio,
    "coverage": coverage,
    "mean(set,coverage)": lambda a, b: (fuzz.token_set_ratio(a, b) + coverage(a, b)) / 2,
}


def best(scorer: Callable[[str, str], float], sentence_norm: str, claim_id: str) -> float:
    indexed = default_engine().index.claims[claim_id]
    return max(scorer(sentence_norm, p) for p in indexed.phrasings)


def case_scores(scorer: Callable[[str, str], float]) -> tuple[list[float], list[float]]:
    engine = default_engine()
    positives, negatives = [], []
    for path in sorted(CASES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text())["cases"]:
            text = case["text"]
            target = case.get("claim") or case["not_claim"]
            mentions = match.find_mentions(text, engine.index)
            main = mentions[0].substance_id if mentions else "l-serine"
            subjects = match.sentence_subjects(text, mentions, main)
            gated = any(
                target in match._candidates(text, s.substance_id, engine.index) for s in subjects
            )
            norm = match.normalise(match.without_aliases(text, engine.index.aliases))
            score = best(scorer, norm, target) if gated else -math.inf
            (positives if "claim" in case else negatives).append(score)
    return positives, negatives


def best_threshold(positives: list[float], negatives: list[float]) -> tuple[int, float]:
    results = []
    for threshold in range(40, 101):
        tp = sum(p >= threshold for p in positives)
        fp = sum(n >= threshold for n in negatives)
        fn = len(positives) - tp
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        results.append((f1, threshold))
    f1, threshold = max(results)
    return threshold, f1


def main() -> None:
    for name, scorer in SCORERS.items():
        positives, negatives = case_scores(scorer)
        threshold, f1 = best_threshold(positives, negatives)
        gated_out = sum(p == -math.inf for p in positives)
        neg_gated = sum(n == -math.inf for n in negatives)
        tp = sum(p >= threshold for p in positives)
        fp = sum(n >= threshold for n in negatives)
        print(
            f"{name:24} best threshold {threshold:3}  F1 {f1:.3f}  recall {tp}/{len(positives)}"
            f"  near-miss matched {fp}/{len(negatives)}  (gated out: {gated_out} pos, "
            f"{neg_gated} neg)"
        )


if __name__ == "__main__":
    main()
