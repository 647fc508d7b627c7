"""Pack scale: start-up and audit time with the shipped pack vs synthetic packs 10x and 100x it.

Run: python benchmarks/pack_scale.py [--scales 1,10,100] [--size-mb 1] [--runs 3]

A synthetic pack of scale N holds the shipped pack plus N-1 renamed copies of it, written
to a temporary directory (never shipped): every substance, concept, claim and study gets a
new id, and every word copy could match (names, aliases, concept and outcome terms,
requirements, exclusions, statements, phrasings) is replaced by an invented word, so the
copies describe substances no L-serine copy names. Unrelated claims should cost (almost)
nothing at audit time: the audit of the same 1 MB of unique L-serine copy
(`benchmarks/corpus.py`) is timed with each pack, and the findings must not change.

Prints CPU seconds (medians; start-up of a pack of scale 100 or more is timed once): pack
load, engine build, audit, and the ratios to scale 1.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from claimcheck.pack import default_pack_dir, load_pack
from claimcheck.pipeline import audit_document, build_engine
from claimcheck.sources import document_from_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.corpus import article_copy

_WORD = re.compile(r"[A-Za-z]+|[0-9]+")
_CONSONANTS, _VOWELS = "bdfgklmnprstvz", "aeiou"
# Fields whose words copy may match (all others are kept as they are).
_MATCHED = {"name", "aliases", "not_aliases", "terms", "term", "synonyms", "statement"}
_MATCHED |= {"phrasings", "requires", "excludes"}


def invented(word: str, copy: int) -> str:
    """A made-up word standing for `word` in copy number `copy`.

    Letters after the "q" (which the made-up part never uses) spell the copy's number, so
    no two copies share a word, and no substance of a copy shares an alias with another.
    """
    digest = hashlib.sha256(f"{copy}:{word.lower()}".encode()).digest()
    letters = [
        (_CONSONANTS if i % 2 == 0 else _VOWELS)[b % (14 if i % 2 == 0 else 5)]
        for i, b in enumerate(digest[: max(8, len(word))])
    ]
    number = "".join(_VOWELS[int(d) % 5] + _CONSONANTS[int(d)] for d in str(copy))
    made = "".join(letters) + "q" + number
    return made.capitalize() if word[:1].isupper() else made


def scramble(text: str, copy: int) -> str:
    """Every word of `text` invented anew; predicate classes ("@benefit") are kept."""
    if text.startswith("@"):
        return text
    return _WORD.sub(lambda m: invented(m.group(), copy), text)


def _renamed(value: Any, copy: int, rename: Callable[[str], str], *, matched: bool = False) -> Any:
    """A YAML record with ids renamed and matched words invented anew."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key in ("id", "substance", "study"):
                out[key] = rename(item)
            elif key in ("concepts", "narrows"):
                out[key] = [rename(i) for i in item]
            else:
                out[key] = _renamed(item, copy, rename, matched=key in _MATCHED)
        return out
    if isinstance(value, list):
        return [_renamed(item, copy, rename, matched=matched) for item in value]
    if isinstance(value, str) and matched:
        return scramble(value, copy)
    return value


def _synthetic_study(data: dict[str, Any], copy: int, rename: Callable[[str], str]) -> Any:
    """A renamed study without identifiers: registry numbers stay the real studies' own."""
    study = _renamed(data, copy, rename)
    study.pop("identifiers", None)
    missing = dict(study.get("missing") or {})
    missing["identifiers"] = "synthetic study of the pack-scale benchmark"
    study["missing"] = missing
    return study


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml, when built with it
    text = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")


def write_pack(target: Path, scale: int, source: Path | None = None) -> list[Path]:
    """The shipped pack plus `scale - 1` renamed copies, one pack directory per copy.

    (One directory per copy, as extra packs are given with `--pack`: a single concepts
    file for a hundred copies would pass the size limit of a pack file.)
    """
    source = source or default_pack_dir()
    substances = _load(source / "substances.yaml")["substances"]
    concepts = _load(source / "concepts.yaml")["concepts"]
    claim_files = {p.name: _load(p) for p in sorted((source / "claims").glob("*.yaml"))}
    study_files = {p.name: _load(p) for p in sorted((source / "studies").glob("*.yaml"))}
    hosts = (source / "sources.yaml").read_text(encoding="utf-8")
    directories = [source]
    for copy in range(1, scale):

        def rename(identifier: str, copy: int = copy) -> str:
            return f"{identifier}-x{copy}"

        directory = target / f"copy-{copy}"
        _dump(directory / "substances.yaml", {"substances": _renamed(substances, copy, rename)})
        _dump(directory / "concepts.yaml", {"concepts": _renamed(concepts, copy, rename)})
        (directory / "sources.yaml").write_text(hosts, encoding="utf-8")
        for name, data in claim_files.items():
            _dump(directory / "claims" / name, _renamed(data, copy, rename))
        for data in study_files.values():
            study = _synthetic_study(data, copy, rename)
            _dump(directory / "studies" / f"{study['id']}.yaml", study)
        directories.append(directory)
    return directories


def measure(
    pack_dirs: list[Path], text: str, runs: int, startup_runs: int
) -> dict[str, float | int | str]:
    """Median CPU seconds of pack load, engine build and audit; the findings and a digest."""
    loads, builds = [], []
    for _ in range(startup_runs):
        start = time.process_time()
        pack = load_pack(pack_dirs)
        loaded = time.process_time()
        engine = build_engine(pack)
        loads.append(loaded - start)
        builds.append(time.process_time() - loaded)
    document = document_from_text(text, path="bench.txt")
    found = audit_document(document, engine).findings  # warm-up
    # the findings themselves, not only their number, must not change with the scale
    digest = hashlib.sha256(repr(found).encode()).hexdigest()[:12]
    gc.collect()
    gc.freeze()
    audits = []
    for _ in range(runs):
        start = time.process_time()
        audit_document(document, engine)
        audits.append(time.process_time() - start)
    gc.unfreeze()
    return {
        "claims": len(pack.claims),
        "studies": len(pack.studies),
        "load": statistics.median(loads),
        "build": statistics.median(builds),
        "audit": statistics.median(audits),
        "findings": len(found),
        "digest": digest,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--size-mb", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    text = article_copy(int(args.size_mb * 1_000_000))
    megabytes = len(text.encode()) / 1_000_000
    rows = []
    with tempfile.TemporaryDirectory(prefix="claimcheck-pack-scale-") as scratch:
        for scale in (int(s) for s in args.scales.split(",")):
            pack_dirs = write_pack(Path(scratch) / f"x{scale}", scale)
            # NOTE: a 100x pack takes tens of seconds to load: its start-up is timed once.
            startup_runs = args.runs if scale < 100 else 1
            rows.append((scale, measure(pack_dirs, text, args.runs, startup_runs)))
    base = rows[0][1]
    print(f"audit of {megabytes:.2f} MB of unique copy; CPU seconds, medians of {args.runs}")
    print(
        "scale   claims  studies    load   build  start-up   audit  x start-up  x audit  findings"
    )
    for scale, row in rows:
        startup = float(row["load"]) + float(row["build"])
        base_startup = float(base["load"]) + float(base["build"])
        print(
            f"{scale:>5}x {row['claims']:>8} {row['studies']:>8} {row['load']:>7.2f} "
            f"{row['build']:>7.2f} {startup:>9.2f} {row['audit']:>7.2f} "
            f"{startup / base_startup:>11.1f} {float(row['audit']) / float(base['audit']):>8.2f} "
            f"{row['findings']:>9}"
        )
    if any(row["digest"] != base["digest"] for _, row in rows):
        print("WARNING: the findings changed with the pack's size")


if __name__ == "__main__":
    main()
