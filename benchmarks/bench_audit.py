"""Benchmark the whole audit pipeline: throughput in MB/s and start-up cost.

Run: python benchmarks/bench_audit.py [--size-mb 2] [--runs 5]

Builds a document of about --size-mb by repeating the seed articles (../shared/seeds) and
the example articles, audits it --runs times with a warm engine, and prints the median
time and MB/s; also the cold cost of loading the pack and building the engine.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from claimcheck.pack import load_pack
from claimcheck.pipeline import audit_document, build_engine
from claimcheck.sources import document_from_text

ROOT = Path(__file__).resolve().parents[1]


def corpus(size_mb: float) -> str:
    sources = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    sources += sorted((ROOT / "examples").glob("*.md"))
    base = "\n\n".join(p.read_text(encoding="utf-8") for p in sources)
    copies = max(1, int(size_mb * 1_000_000 / len(base.encode())))
    # NOTE: each copy's lines get their own citation marker, so no sentence repeats and
    # the per-sentence caches in match and wording cannot flatter the numbers.
    return "\n\n".join(
        "\n".join(f"{line} [{k}]" if line.strip() else line for line in base.splitlines())
        for k in range(copies)
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    pack = load_pack()
    loaded = time.perf_counter()
    engine = build_engine(pack)
    built = time.perf_counter()
    print(
        f"load pack {1000 * (loaded - started):.0f} ms, build engine "
        f"{1000 * (built - loaded):.0f} ms ({len(pack.claims)} claims, "
        f"{len(pack.studies)} studies)"
    )

    text = corpus(args.size_mb)
    megabytes = len(text.encode()) / 1_000_000
    document = document_from_text(text, path="bench.txt")
    times, findings = [], 0
    for _ in range(args.runs):
        start = time.perf_counter()
        result = audit_document(document, engine)
        times.append(time.perf_counter() - start)
        findings = len(result.findings)
    median = statistics.median(times)
    print(
        f"audit {megabytes:.2f} MB ({result.sentences} sentences, {findings} findings): "
        f"median {median:.2f} s over {args.runs} runs = {megabytes / median:.2f} MB/s "
        f"(min {min(times):.2f} s, max {max(times):.2f} s)"
    )


if __name__ == "__main__":
    main()
