"""Score study-reference checking (issue 9) on hand-labelled sentences: precision and recall.

Usage (from the repository root):

    .venv/bin/python benchmarks/studyrefs.py [--split dev|dev2|test|both|all] [--details]

Each sentence in benchmarks/studyrefs/<split>.yaml describes one registry study (or an
ambiguous / unknown one) and lists the fields it gets wrong against the study's record; see
the README there. Every sentence is audited on its own with one engine built once, and the
findings with code `misreported-study` are read through their `study_check` attribute
(`.study`: registry id, `.field`: a vocabulary name).

Metrics, per split:

- precision / recall / F1 over (item, field) pairs; a predicted pair is correct only when the
  finding names the labelled study;
- false errors on correct sentences: items with a resolvable study and no labelled mismatch
  that got any `misreported-study` finding;
- false errors on unresolvable sentences (`study: null`): any such finding.

Splits: `dev` and `dev2` (a second development batch by an independent labeller, in other
reporting styles) are for tuning; `test` is not. `both` scores dev and test, as before dev2
existed; `all` scores every split.

`--details` prints per-item misses for the development splits only (dev, dev2): test results
are never printed item by item, and nobody tunes on them.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "studyrefs"
SPLITS = ("dev", "test", "dev2")  # every labelled split
DEVELOPMENT = frozenset({"dev", "dev2"})  # splits whose per-item results may be printed
SELECTIONS = {"both": ("dev", "test"), "all": SPLITS}
CODE = "misreported-study"
UNKNOWN = "?"  # study or field of a finding that carries no `study_check`
VOCABULARY = frozenset(
    {
        "n",
        "year",
        "phase",
        "randomized",
        "placebo",
        "blinding",
        "arms",
        "crossover",
        "status",
        "dose",
        "duration",
        "species",
        "population",
        "place",
        "result",
    }
)
REFERENCES = frozenset({"id", "author-year", "description", "ambiguous", "none"})


@dataclass(frozen=True)
class Item:
    """One labelled sentence."""

    id: str
    text: str
    reference: str
    study: str | None
    fields: frozenset[str]  # fields the sentence misreports


@dataclass(frozen=True)
class Prediction:
    """One `misreported-study` finding, reduced to what is scored."""

    study: str
    field: str


@dataclass(frozen=True)
class Score:
    """Counts and rates for one split."""

    items: int
    gold: int
    true_positives: int
    false_positives: int
    false_negatives: int
    correct_items: int  # resolvable items with no labelled mismatch
    correct_items_flagged: int
    null_items: int
    null_items_flagged: int

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def item_from_entry(entry: Mapping[str, Any]) -> Item:
    """Build an item from one YAML entry."""
    return Item(
        id=entry["id"],
        text=entry["text"],
        reference=entry["reference"],
        study=entry["study"],
        fields=frozenset(m["field"] for m in entry.get("mismatches") or ()),
    )


def load_entries(split: str) -> list[dict[str, Any]]:
    """The raw YAML entries of one split."""
    entries: list[dict[str, Any]] = yaml.safe_load(
        (DATA / f"{split}.yaml").read_text(encoding="utf-8")
    )
    return entries


def load_split(split: str) -> list[Item]:
    """The labelled items of one split."""
    return [item_from_entry(entry) for entry in load_entries(split)]


def _pairs(item: Item, predictions: Iterable[Prediction]) -> tuple[set[str], set[str]]:
    """An item's predicted fields split into correct ones and wrong ones (one per field)."""
    correct = {p.field for p in predictions if p.field in item.fields and p.study == item.study}
    wrong = {p.field for p in predictions if p.field not in correct}
    return correct, wrong


def score(items: Sequence[Item], predictions: Mapping[str, Sequence[Prediction]]) -> Score:
    """Score predictions (by item id) against the gold labels of `items`."""
    tp = fp = fn = correct_flagged = null_flagged = 0
    for item in items:
        predicted = predictions.get(item.id, ())
        right, wrong = _pairs(item, predicted)
        tp += len(right)
        fp += len(wrong)
        fn += len(item.fields - right)
        if item.study is None:
            null_flagged += bool(predicted)
        elif not item.fields:
            correct_flagged += bool(predicted)
    return Score(
        items=len(items),
        gold=sum(len(item.fields) for item in items),
        true_positives=tp,
        false_positives=fp,
        false_negatives=fn,
        correct_items=sum(1 for i in items if i.study is not None and not i.fields),
        correct_items_flagged=correct_flagged,
        null_items=sum(1 for i in items if i.study is None),
        null_items_flagged=null_flagged,
    )


def prediction_of(finding: object) -> Prediction:
    """Read a finding's study check; a finding without one still counts (as a wrong guess)."""
    check = getattr(finding, "study_check", None)
    study = getattr(check, "study", None) if check is not None else None
    field = getattr(check, "field", None) if check is not None else None
    return Prediction(str(study) if study else UNKNOWN, str(field) if field else UNKNOWN)


def predict(items: Sequence[Item]) -> dict[str, list[Prediction]]:
    """Audit each sentence on its own with one engine; keep the misreported-study findings."""
    if importlib.util.find_spec("claimcheck") is None:  # running outside the project venv
        sys.path.insert(0, str(ROOT / "src"))
    from claimcheck.pipeline import AuditOptions, audit_document, default_engine
    from claimcheck.sources import document_from_text

    engine = default_engine()
    options = AuditOptions()
    out: dict[str, list[Prediction]] = {}
    for item in items:
        findings = audit_document(document_from_text(item.text), engine, options).findings
        out[item.id] = [prediction_of(f) for f in findings if str(f.code) == CODE]
    return out


def format_score(split: str, s: Score) -> str:
    """A few report lines for one split."""
    return "\n".join(
        [
            f"{split}: {s.items} sentences, {s.gold} labelled mismatches",
            f"  precision {s.precision:.2f}  recall {s.recall:.2f}  F1 {s.f1:.2f}"
            f"  (tp {s.true_positives}, fp {s.false_positives}, fn {s.false_negatives})",
            f"  false errors on correct sentences: {s.correct_items_flagged}/{s.correct_items}",
            f"  false errors on unresolvable sentences: {s.null_items_flagged}/{s.null_items}",
        ]
    )


def details(items: Sequence[Item], predictions: Mapping[str, Sequence[Prediction]]) -> list[str]:
    """Per-item misses and wrong predictions (development splits only)."""
    lines = []
    for item in items:
        predicted = predictions.get(item.id, ())
        right, wrong = _pairs(item, predicted)
        missed = sorted(item.fields - right)
        if not missed and not wrong:
            continue
        got = ", ".join(f"{p.field}@{p.study}" for p in predicted) or "-"
        lines.append(f"{item.id} [{item.study}] missed {missed or '-'}; got {got}")
        lines.append(f"    {item.text}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=(*SPLITS, *SELECTIONS), default="both")
    parser.add_argument(
        "--details", action="store_true", help="per-item misses (dev and dev2 only)"
    )
    args = parser.parse_args(argv)
    splits = SELECTIONS.get(args.split, (args.split,))
    for split in splits:
        items = load_split(split)
        predictions = predict(items)
        print(format_score(split, score(items, predictions)))
        if args.details and split in DEVELOPMENT:
            print("\n".join(details(items, predictions)) or "  no misses")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
