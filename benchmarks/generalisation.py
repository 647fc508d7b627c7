"""Score claim detection on copy the engine was not written from: dev and test side by side.

Usage (from the repository root):

    .venv/bin/python benchmarks/generalisation.py [--split dev|test|both] [--details]
        [--json FILE]

The copy lives in benchmarks/generalisation/<split>/: short articles (`NN-slug.md|txt|html`)
each with a label file (`NN-slug.yaml`), and single sentences in `spot-checks-*.yaml`. Every
label was written by hand from the pack's evidence before the engine was tuned, by writers
who never ran the engine on it; `test` is scored only, never tuned on (see the README there).

For each labelled claim sentence the engine's findings that overlap it are collected; the
*primary* finding is the one for the labelled claim, else one for a claim the label also
accepts (`also`), else the most severe. Metrics, per split:

- claim recall: claim sentences with at least one finding;
- verdict accuracy: claim sentences whose primary finding has the labelled verdict (a missed
  sentence counts as wrong);
- claim-id accuracy: the same for the claim id (labels with a pack claim only);
- overstated precision / recall: a sentence is marked overstated when any of its findings is;
- false alarms: silent sentences (articles and spot checks) given an error or warning, per 10;
- spot checks: plain overclaims that get an error, accurate sentences that get none.

A word-list baseline (a substance name or "it" plus a health word; overstated when a strong
verb appears without a hedge; the dev split's most common verdict) is scored beside the engine,
as a floor any real matcher must clear.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "generalisation"
SPLITS = ("dev", "test")
ARTICLE_SUFFIXES = (".md", ".txt", ".html")

if importlib.util.find_spec("claimcheck") is None:  # running outside the project venv
    sys.path.insert(0, str(ROOT / "src"))

from claimcheck.findings import Finding  # noqa: E402
from claimcheck.pipeline import AuditOptions, audit_document, default_engine  # noqa: E402
from claimcheck.segment import segment_text  # noqa: E402
from claimcheck.sources import Document, document_from_text, read_document  # noqa: E402

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Label:
    """One hand-labelled sentence: a claim (with verdict and overstatement) or silence."""

    source: str  # file name, for --details
    text: str
    start: int  # offsets in the original file
    end: int
    silent: bool
    claims: frozenset[str] = frozenset()  # accepted claim ids (empty: a claim the pack lacks)
    primary: str | None = None  # the claim the labelled verdict belongs to
    verdict: str | None = None
    overstated: bool = False
    spot_type: str | None = None  # overclaim | accurate | silent, for spot checks


@dataclass(frozen=True)
class Prediction:
    """What a system said about one labelled sentence."""

    found: bool
    verdict: str | None
    claim_id: str | None
    overstated: bool
    severity: str | None  # most severe finding


@dataclass
class Scores:
    """Counts for one system on one split."""

    claim_sentences: int = 0
    found: int = 0
    verdict_right: int = 0
    with_pack_claim: int = 0
    claim_right: int = 0
    overstated_gold: int = 0
    overstated_marked: int = 0
    overstated_both: int = 0
    silent: int = 0
    false_alarms: int = 0
    overclaims: int = 0
    overclaims_caught: int = 0
    accurate: int = 0
    accurate_errors: int = 0
    misses: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, float | int]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 3) if b else 0.0

        return {
            "claim sentences": self.claim_sentences,
            "claim recall": ratio(self.found, self.claim_sentences),
            "verdict accuracy": ratio(self.verdict_right, self.claim_sentences),
            "claim-id accuracy": ratio(self.claim_right, self.with_pack_claim),
            "overstated precision": ratio(self.overstated_both, self.overstated_marked),
            "overstated recall": ratio(self.overstated_both, self.overstated_gold),
            "silent sentences": self.silent,
            "false alarms per 10 silent": round(10 * ratio(self.false_alarms, self.silent), 2),
            "spot overclaims caught": ratio(self.overclaims_caught, self.overclaims),
            "spot accurate given an error": self.accurate_errors,
        }


# --- reading the labels ------------------------------------------------------------------


def _label(source: str, entry: dict[str, Any], start: int, spot_type: str | None) -> Label:
    silent = bool(entry.get("silent")) or spot_type == "silent"
    accepted = [entry.get("claim"), *(entry.get("also") or [])]
    return Label(
        source=source,
        text=entry["text"],
        start=start,
        end=start + len(entry["text"]),
        silent=silent,
        claims=frozenset(c for c in accepted if c),
        primary=entry.get("claim"),
        verdict=None if silent else entry["verdict"],
        overstated=bool(entry.get("overstated")) and not silent,
        spot_type=spot_type,
    )


def article_labels(label_file: Path) -> tuple[Document, list[Label]]:
    """An article and its labels, each placed in the original file."""
    article = next(
        label_file.with_suffix(s) for s in ARTICLE_SUFFIXES if label_file.with_suffix(s).exists()
    )
    document = read_document(article)
    data = yaml.safe_load(label_file.read_text("utf-8"))
    labels = []
    for entry in data["sentences"]:
        start = document.original.find(entry["text"])
        if start < 0:
            raise SystemExit(f"{label_file}: label text not in article: {entry['text'][:60]!r}")
        labels.append(_label(article.name, entry, start, None))
    return document, labels


def spot_labels(spot_file: Path) -> list[Label]:
    """Spot checks: each sentence is its own document."""
    entries = yaml.safe_load(spot_file.read_text("utf-8"))
    return [_label(spot_file.name, e, 0, e["type"]) for e in entries]


# --- the engine ----------------------------------------------------------------------------


def _offsets(document: Document) -> list[int]:
    starts = [0]
    for i, char in enumerate(document.original):
        if char == "\n":
            starts.append(i + 1)
    return starts


def _finding_span(finding: Finding, line_starts: Sequence[int]) -> tuple[int, int]:
    return (
        line_starts[finding.line - 1] + finding.column - 1,
        line_starts[finding.end_line - 1] + finding.end_column - 1,
    )


def predict(label: Label, findings: Iterable[Finding]) -> Prediction:
    """The findings on one labelled sentence reduced to what the metrics need."""
    found = list(findings)
    if not found:
        return Prediction(False, None, None, False, None)
    accepted = sorted(
        (f for f in found if f.claim_id in label.claims),
        key=lambda f: f.claim_id != label.primary,  # the labelled claim first
    )
    by_severity = sorted(found, key=lambda f: (-SEVERITY_RANK[f.severity], -f.match_score))
    primary = accepted[0] if accepted else by_severity[0]
    return Prediction(
        True,
        str(primary.verdict),
        primary.claim_id,
        any(f.overstated for f in found),
        str(by_severity[0].severity),
    )


def engine_predictions(document: Document, labels: Sequence[Label]) -> list[Prediction]:
    findings = audit_document(document, default_engine(), AuditOptions()).findings
    line_starts = _offsets(document)
    spans = [(_finding_span(f, line_starts), f) for f in findings]
    return [
        predict(label, (f for (s, e), f in spans if s < label.end and label.start < e))
        for label in labels
    ]


def engine_spot(label: Label) -> Prediction:
    """A spot check as `claimcheck check` runs it (main substance: the pack's primary)."""
    document = document_from_text(label.text, path="<sentence>")
    options = AuditOptions(substance="l-serine")
    return predict(label, audit_document(document, default_engine(), options).findings)


# --- the word-list baseline -------------------------------------------------------------

SUBJECT = re.compile(r"\b(?:l-?serine|d-?serine|serine|it|this amino acid)\b", re.IGNORECASE)
HEALTH = re.compile(
    r"\b(?:sleep\w*|insomnia|mood|depress\w*|anxi\w*|stress|memory|brain|cogniti\w*|focus|"
    r"als|alzheimer\w*|dementia|parkinson\w*|neuro\w*|nerve\w*|cancer|tumou?r\w*|diabet\w*|"
    r"immun\w*|fatigue|energy|pain|fibromyalgia|seizure\w*|safe\w*|side effects?|dose\w*|"
    r"dosage|mg|grams?|trial\w*|stud(?:y|ies)|fda|approved|muscle\w*|heart|liver|kidney\w*|"
    r"skin|longevity|aging|ageing|inflammat\w*|serotonin|tryptophan|glycine|protein\w*)\b",
    re.IGNORECASE,
)
STRONG = re.compile(
    r"\b(?:cures?|treats?|boosts?|improves?|helps?|fights?|protects?|prevents?|reduces?|"
    r"reverses?|proven|guaranteed|supports?|enhances?|eliminates?)\b",
    re.IGNORECASE,
)
HEDGE = re.compile(
    r"\b(?:may|might|could|suggests?|preliminary|mice|rats?|monkeys?|vervets?|animals?|"
    r"cells|no evidence|not)\b",
    re.IGNORECASE,
)


def baseline_sentence(text: str, verdict: str) -> Prediction:
    if not (SUBJECT.search(text) and HEALTH.search(text)):
        return Prediction(False, None, None, False, None)
    overstated = bool(STRONG.search(text)) and not HEDGE.search(text)
    return Prediction(True, verdict, None, overstated, "error" if overstated else "info")


def baseline_predictions(
    document: Document, labels: Sequence[Label], verdict: str
) -> list[Prediction]:
    sentences = segment_text(document.text)
    predictions = []
    for label in labels:
        # Labels sit in the original file; the baseline reads its own sentence segmentation
        # of the extracted text, matched back by the label's words.
        words = " ".join(label.text.split())
        hits = [s for s in sentences if words[:40] in " ".join(s.text.split())]
        text = hits[0].text if hits else label.text
        predictions.append(baseline_sentence(text, verdict))
    return predictions


# --- scoring -------------------------------------------------------------------------------


def tally(scores: Scores, label: Label, prediction: Prediction) -> None:
    flagged = prediction.severity in ("error", "warning")
    if label.silent:
        scores.silent += 1
        if flagged:
            scores.false_alarms += 1
            scores.misses.append(f"false alarm  {label.source}: {label.text}")
        return
    scores.claim_sentences += 1
    scores.found += prediction.found
    right = prediction.verdict == label.verdict
    scores.verdict_right += right
    if label.claims:
        scores.with_pack_claim += 1
        scores.claim_right += prediction.claim_id in label.claims
    scores.overstated_gold += label.overstated
    scores.overstated_marked += prediction.overstated
    scores.overstated_both += label.overstated and prediction.overstated
    if label.spot_type == "overclaim":
        scores.overclaims += 1
        scores.overclaims_caught += prediction.severity == "error"
    if label.spot_type == "accurate":
        scores.accurate += 1
        scores.accurate_errors += prediction.severity == "error"
    if not right or label.overstated != prediction.overstated:
        got = (
            f"{prediction.claim_id} {prediction.verdict} over={prediction.overstated}"
            if prediction.found
            else "nothing"
        )
        claims = "/".join(sorted(label.claims)) or "(new)"
        want = f"{claims} {label.verdict} over={label.overstated}"
        scores.misses.append(f"want {want} | got {got}\n    {label.source}: {label.text}")


def majority_verdict(split_dir: Path) -> str:
    counts: Counter[str] = Counter()
    for label_file in sorted(split_dir.glob("[0-9]*.yaml")):
        counts.update(lab.verdict for lab in article_labels(label_file)[1] if lab.verdict)
    return counts.most_common(1)[0][0] if counts else "no-evidence"


def score_split(split_dir: Path, baseline_verdict: str) -> tuple[Scores, Scores]:
    engine, baseline = Scores(), Scores()
    for label_file in sorted(split_dir.glob("[0-9]*.yaml")):
        document, labels = article_labels(label_file)
        for label, p in zip(labels, engine_predictions(document, labels), strict=True):
            tally(engine, label, p)
        base = baseline_predictions(document, labels, baseline_verdict)
        for label, p in zip(labels, base, strict=True):
            tally(baseline, label, p)
    for spot_file in sorted(split_dir.glob("spot-checks-*.yaml")):
        for label in spot_labels(spot_file):
            tally(engine, label, engine_spot(label))
            tally(baseline, label, baseline_sentence(label.text, baseline_verdict))
    return engine, baseline


def table(results: dict[str, dict[str, dict[str, float | int]]]) -> str:
    columns = [(split, system) for split in results for system in results[split]]
    metrics = list(next(iter(next(iter(results.values())).values())))
    header = ["metric", *(f"{split} {system}" for split, system in columns)]
    rows = [[m, *(str(results[s][sys_][m]) for s, sys_ in columns)] for m in metrics]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in [header, *rows]]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=(*SPLITS, "both"), default="both")
    parser.add_argument("--details", action="store_true", help="list misses (dev only)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    splits = SPLITS if args.split == "both" else (args.split,)
    verdict = majority_verdict(DATA / "dev")
    results: dict[str, dict[str, dict[str, float | int]]] = {}
    for split in splits:
        engine, baseline = score_split(DATA / split, verdict)
        results[split] = {"engine": engine.summary(), "word-list": baseline.summary()}
        if args.details and split == "dev":  # never print test misses: nobody tunes on them
            print("\n".join(engine.misses), end="\n\n")
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
