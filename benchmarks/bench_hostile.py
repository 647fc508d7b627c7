"""Time and peak memory of `claimcheck audit` on hostile inputs (issue 11).

Run: python benchmarks/bench_hostile.py [--sizes 0.01,0.1,1] [--timeout 120] [--kinds ...]

Each case writes one generated file and runs `claimcheck audit FILE --format json` in a
fresh process, so start-up is included and peak memory (max RSS) is the process's own.
Kinds:

- prose: distinct ordinary L-serine copy, sentence after sentence
- run-on: the prose without its full stops, one sentence full of different claims
- long-sentence: one sentence with no full stop ("L-serine cures insomnia and ...")
- wide-table: a Markdown table whose rows have 150 cells of claim words
- many-mentions: mentions of substances and conditions with no full stop between them

A case that runs past --timeout is reported as such: it is the behaviour being fixed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SENTENCES = (
    "L-serine may help you fall asleep a little faster.",
    "In mice, serine in the diet kept memory intact.",
    "Our capsules deliver 500 mg of L-serine per serving.",
    "A small trial in ALS found L-serine well tolerated.",
    "Some people report bloating at high doses.",
)


def prose(size: int) -> str:
    out, length, k = [], 0, 0
    while length < size:
        out.append(f"{SENTENCES[k % len(SENTENCES)][:-1]} (note {k}).\n")
        length += len(out[-1])
        k += 1
    return "".join(out)


def run_on(size: int) -> str:
    """The prose with its full stops taken out: one sentence full of different claims."""
    return prose(size).replace(".\n", " and\n")


def long_sentence(size: int) -> str:
    return ("L-serine cures insomnia and " * (size // 28 + 1))[:size]


def wide_table(size: int) -> str:
    header = "| " + " | ".join(f"c{i}" for i in range(150)) + " |\n"
    rule = "|" + "---|" * 150 + "\n"
    rows, length, k = [], len(header) + len(rule), 0
    while length < size:
        cells = (f"L-serine helps sleep {k}-{i}" for i in range(150))
        rows.append("| " + " | ".join(cells) + " |\n")
        length += len(rows[-1])
        k += 1
    return header + rule + "".join(rows)


def many_mentions(size: int) -> str:
    return ("L-serine, ALS, sleep, mood, cancer; " * (size // 36 + 1))[:size]


KINDS: dict[str, tuple[str, Callable[[int], str]]] = {
    "prose": (".txt", prose),
    "run-on": (".txt", run_on),
    "long-sentence": (".txt", long_sentence),
    "wide-table": (".md", wide_table),
    "many-mentions": (".txt", many_mentions),
}


# Runs the CLI in-process and prints its own peak memory (max RSS, KiB on Linux) last.
CHILD = (
    "import resource, sys\n"
    "from claimcheck.cli import main\n"
    "try:\n    main(['audit', sys.argv[1], '--format', 'json'])\n"
    "except SystemExit:\n    pass\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)


def run_case(path: Path, timeout: float) -> tuple[str, str]:
    """(seconds, peak MB) of one audit in a child process, or the timeout."""
    command = [sys.executable, "-c", CHILD, str(path)]
    start = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f}", "-"
    elapsed = time.perf_counter() - start
    peak_kib = int(done.stderr.strip().splitlines()[-1])
    return f"{elapsed:.2f}", f"{peak_kib / 1024:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="0.01,0.1,1", help="megabytes, comma-separated")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--kinds", default=",".join(KINDS))
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    print(f"{'input':<16}{'MB':>6}{'seconds':>12}{'peak MB':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.kinds.split(","):
            suffix, make = KINDS[kind]
            for megabytes in sizes:
                path = Path(tmp) / f"{kind}-{megabytes}{suffix}"
                path.write_text(make(int(megabytes * 1_000_000)), encoding="utf-8")
                seconds, peak = run_case(path, args.timeout)
                print(f"{kind:<16}{megabytes:>6}{seconds:>12}{peak:>10}", flush=True)
                path.unlink()


if __name__ == "__main__":
    main()
