"""Scoring arithmetic of benchmarks/studyrefs.py, independent of any study-reference feature."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from benchmarks.studyrefs import UNKNOWN, Item, Prediction, prediction_of, score

ITEMS = [
    Item("a", "two slips", "id", "s1", frozenset({"n", "year"})),
    Item("b", "one slip", "author-year", "s2", frozenset({"dose"})),
    Item("c", "correct", "description", "s3", frozenset()),
    Item("d", "correct too", "description", "s4", frozenset()),
    Item("e", "ambiguous", "ambiguous", None, frozenset()),
]


def test_no_predictions_score_zero_recall_and_no_false_errors() -> None:
    s = score(ITEMS, {})
    assert (s.items, s.gold, s.true_positives, s.false_positives, s.false_negatives) == (
        5,
        3,
        0,
        0,
        3,
    )
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
    assert (s.correct_items, s.correct_items_flagged) == (2, 0)
    assert (s.null_items, s.null_items_flagged) == (1, 0)


def test_counts_precision_recall_and_false_errors() -> None:
    predictions = {
        "a": [Prediction("s1", "n"), Prediction("s1", "n"), Prediction("s1", "dose")],
        "b": [Prediction("other", "dose")],  # right field, wrong study
        "c": [Prediction("s3", "year")],
        "e": [Prediction("s9", "n")],
    }
    s = score(ITEMS, predictions)
    # tp: a/n (the duplicate counts once); fp: a/dose, b/dose@other, c/year, e/n
    assert (s.true_positives, s.false_positives, s.false_negatives) == (1, 4, 2)
    assert s.precision == pytest.approx(1 / 5)
    assert s.recall == pytest.approx(1 / 3)
    assert s.f1 == pytest.approx(2 * (1 / 5) * (1 / 3) / (1 / 5 + 1 / 3))
    assert s.correct_items_flagged == 1
    assert s.null_items_flagged == 1


def test_perfect_predictions() -> None:
    predictions = {
        "a": [Prediction("s1", "n"), Prediction("s1", "year")],
        "b": [Prediction("s2", "dose")],
    }
    s = score(ITEMS, predictions)
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    assert s.correct_items_flagged == s.null_items_flagged == 0


def test_prediction_of_reads_study_check_or_marks_it_unknown() -> None:
    check = SimpleNamespace(study="s1", field="n")
    assert prediction_of(SimpleNamespace(study_check=check)) == Prediction("s1", "n")
    assert prediction_of(SimpleNamespace()) == Prediction(UNKNOWN, UNKNOWN)
