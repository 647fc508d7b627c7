"""Benchmark the whole audit pipeline: CPU seconds per MB with a warm engine, and start-up.

Run: python benchmarks/bench_audit.py [--size-mb 1] [--runs 5] [--corpus articles|generated]
     [--freeze] [--profile FILE]

Builds about --size-mb of unique copy (`benchmarks/corpus.py`: the repo's articles and the
seeds with a marker inside every sentence, or generated sentences), audits it --runs times
with a warm engine, and prints the median CPU time and MB/s; also the cost of loading the
pack and building the engine. --freeze moves the engine out of the garbage collector's
sight first (`gc.freeze()`); --stages times segmenting, matching and explaining once;
--profile writes a cProfile of one more run.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import statistics
import sys
import time
from pathlib import Path

from claimcheck.pack import load_pack
from claimcheck.pipeline import (
    MAX_SENTENCE_CHARS,
    AuditOptions,
    Engine,
    audit_document,
    audited_text,
    build_engine,
    explain,
    find_claims,
    study_findings,
)
from claimcheck.segment import LineIndex, segment_text, split_overlong
from claimcheck.sources import Document, document_from_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.corpus import article_copy, duplicate_share, generated_copy


def stage_times(document: Document, engine: Engine) -> str:
    """CPU seconds of segmenting, matching (find_claims), explaining (wording, judging), the
    study stage and the rest of `audit_document` (suppressions, result building)."""
    whole_start = time.process_time()
    audit_document(document, engine)
    whole = time.process_time() - whole_start
    start = time.process_time()
    audited = audited_text(document)
    blanked = time.process_time()
    sentences = split_overlong(segment_text(audited.text), MAX_SENTENCE_CHARS)
    segmented = time.process_time()
    found = list(find_claims(audited.text, sentences, engine, AuditOptions(), {}))
    matched = time.process_time()
    lines = LineIndex(audited.original)
    for item in found:
        explain(item, audited, lines, engine)
    explained = time.process_time()
    study_findings(audited, sentences, lines, engine)
    studied = time.process_time()
    rest = whole - (studied - blanked)
    return (
        f"stages: segment {segmented - blanked:.2f} s, match {matched - segmented:.2f} s, "
        f"explain {explained - matched:.2f} s, studies {studied - explained:.2f} s, "
        f"rest {rest:.2f} s CPU (of {whole:.2f} s; directives blanked in "
        f"{blanked - start:.2f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", choices=("articles", "generated"), default="articles")
    parser.add_argument("--freeze", action="store_true", help="gc.freeze() after engine build")
    parser.add_argument("--profile", type=Path, help="write a cProfile of one more run here")
    parser.add_argument("--stages", action="store_true", help="also time each stage once")
    args = parser.parse_args()

    started = time.process_time()
    pack = load_pack()
    loaded = time.process_time()
    engine = build_engine(pack)
    built = time.process_time()
    print(
        f"load pack {1000 * (loaded - started):.0f} ms, build engine "
        f"{1000 * (built - loaded):.0f} ms CPU ({len(pack.claims)} claims, "
        f"{len(pack.studies)} studies)"
    )

    size = int(args.size_mb * 1_000_000)
    text = article_copy(size) if args.corpus == "articles" else generated_copy(size)
    megabytes = len(text.encode()) / 1_000_000
    print(f"corpus: {args.corpus}, {megabytes:.2f} MB, {duplicate_share(text):.2%} repeated")
    document = document_from_text(text, path="bench.txt")
    if args.freeze:
        gc.collect()
        gc.freeze()
    times, findings = [], 0
    for _ in range(args.runs):
        start = time.process_time()
        result = audit_document(document, engine)
        times.append(time.process_time() - start)
        findings = len(result.findings)
    median = statistics.median(times)
    print(
        f"audit {megabytes:.2f} MB ({result.sentences} sentences, {findings} findings): "
        f"median {median:.2f} s CPU over {args.runs} runs = {megabytes / median:.2f} MB/s "
        f"(min {min(times):.2f} s, max {max(times):.2f} s)"
    )
    if args.stages:
        print(stage_times(document, engine))
    if args.profile:
        cProfile.runctx(
            "audit_document(document, engine)",
            globals(),
            {"document": document, "engine": engine},
            str(args.profile),
        )
        print(f"profile written to {args.profile}")


if __name__ == "__main__":
    main()
