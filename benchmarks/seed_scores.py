"""Score the engine against the hand-written gold findings for the five seed articles.

Usage (from the repository root):

    .venv/bin/python benchmarks/seed_scores.py [--seeds DIR] [--gold DIR]
        [--min-match-score N] [--details]

The gold standard is tests/seeds/<seed stem>.yaml (format: tests/seeds/README.md): one
entry per (line, claim) a careful reader finds, with the severity docs/judging.md gives
it. The engine runs through `claimcheck.pipeline` (the shipped pack, default threshold
unless --min-match-score says otherwise).

Both sides are reduced to (line, claim) keys; when the engine reports the same key twice
(two sentences on one line, or one sentence read two ways) the most severe finding counts.
Keys listed under `optional:` in a gold file are ignored on the engine side: reporting
them or not is neither a hit nor a false alarm.

- flagged precision: engine keys with severity error or warning whose gold entry has the
  same severity, over all flagged engine keys (optional keys left out);
- flagged recall: gold error/warning keys the engine reports with the same severity, over
  all gold error/warning keys;
- overall precision/recall: the same on (line, claim) alone, any severity.

--details lists every miss and false alarm with its line, claim and both severities.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = ROOT / "tests" / "seeds"
DEFAULT_SEEDS = ROOT / ".." / "shared" / "seeds"

if importlib.util.find_spec("claimcheck") is None:  # running outside the project venv
    sys.path.insert(0, str(ROOT / "src"))

from claimcheck.pipeline import AuditOptions, audit_document, default_engine  # noqa: E402
from claimcheck.sources import read_document  # noqa: E402

Key = tuple[int, str]  # (line, claim id)
FLAGGED = frozenset({"error", "warning"})
RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Gold:
    """One seed's gold findings: severity per (line, claim), plus the optional keys."""

    seed: str
    findings: dict[Key, str]
    optional: frozenset[Key]


@dataclass(frozen=True)
class Counts:
    """Hits and totals for one seed (or the sum of several)."""

    flagged_hits_engine: int = 0  # flagged engine keys that match gold with equal severity
    flagged_engine: int = 0
    flagged_hits_gold: int = 0  # flagged gold keys the engine reports with equal severity
    flagged_gold: int = 0
    hits: int = 0  # (line, claim) in both
    engine: int = 0
    gold: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )


def load_gold(path: Path) -> Gold:
    """Read one tests/seeds/*.yaml file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    findings = {(int(f["line"]), str(f["claim"])): str(f["severity"]) for f in data["findings"]}
    optional = frozenset((int(o["line"]), str(o["claim"])) for o in data.get("optional") or ())
    return Gold(str(data["seed"]), findings, optional - findings.keys())


def engine_keys(seed_path: Path, min_score: int | None) -> dict[Key, str]:
    """The engine's findings for one seed, reduced to the most severe per (line, claim)."""
    options = AuditOptions() if min_score is None else AuditOptions(min_score=min_score)
    result = audit_document(read_document(seed_path), default_engine(), options)
    keys: dict[Key, str] = {}
    for finding in result.findings:
        key = (finding.line, finding.claim_id)
        severity = str(finding.severity)
        if key not in keys or RANK[severity] > RANK[keys[key]]:
            keys[key] = severity
    return keys


def score(gold: Gold, found: Mapping[Key, str]) -> Counts:
    """Compare one seed's engine keys with its gold keys."""
    counted = {k: s for k, s in found.items() if k not in gold.optional}
    flagged_engine = {k for k, s in counted.items() if s in FLAGGED}
    flagged_gold = {k for k, s in gold.findings.items() if s in FLAGGED}
    return Counts(
        flagged_hits_engine=sum(gold.findings.get(k) == counted[k] for k in flagged_engine),
        flagged_engine=len(flagged_engine),
        flagged_hits_gold=sum(counted.get(k) == gold.findings[k] for k in flagged_gold),
        flagged_gold=len(flagged_gold),
        hits=len(counted.keys() & gold.findings.keys()),
        engine=len(counted),
        gold=len(gold.findings),
    )


def ratio(hits: int, total: int) -> str:
    """A percentage, or a dash when there is nothing to divide by."""
    return f"{100 * hits / total:5.1f}%" if total else "    -"


def table_row(name: str, c: Counts) -> str:
    """One line of the printed table."""
    return (
        f"{name:<26} {ratio(c.flagged_hits_engine, c.flagged_engine)} "
        f"({c.flagged_hits_engine:>3}/{c.flagged_engine:<3}) "
        f"{ratio(c.flagged_hits_gold, c.flagged_gold)} "
        f"({c.flagged_hits_gold:>3}/{c.flagged_gold:<3}) "
        f"{ratio(c.hits, c.engine)} ({c.hits:>3}/{c.engine:<3}) "
        f"{ratio(c.hits, c.gold)} ({c.hits:>3}/{c.gold:<3})"
    )


def details(gold: Gold, found: Mapping[Key, str]) -> Iterable[str]:
    """Every disagreement of one seed, one line each, in line order."""
    keys = sorted((found.keys() - gold.optional) | gold.findings.keys())
    for key in keys:
        want, got = gold.findings.get(key), found.get(key)
        if want == got:
            continue
        if want is None:
            label = "false alarm" if got in FLAGGED else "extra"
        elif got is None:
            label = "miss"
        else:
            label = "severity"
        yield f"  {key[0]:>4} {key[1]:<56} gold={want or '-':<8} engine={got or '-':<8} {label}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--min-match-score", type=int, default=None)
    parser.add_argument("--details", action="store_true")
    args = parser.parse_args(argv)

    header = f"{'seed':<26} {'flagged P':<17} {'flagged R':<17} {'overall P':<17} {'overall R':<17}"
    print(header)
    total = Counts()
    notes: list[str] = []
    for path in sorted(args.gold.glob("*.yaml")):
        gold = load_gold(path)
        found = engine_keys(args.seeds / gold.seed, args.min_match_score)
        counts = score(gold, found)
        total += counts
        print(table_row(Path(gold.seed).stem, counts))
        if args.details:
            notes.append(gold.seed)
            notes.extend(details(gold, found))
    print(table_row("total", total))
    if notes:
        print()
        print("\n".join(notes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
