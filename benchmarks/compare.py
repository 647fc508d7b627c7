"""claimcheck against proselint: CPU time and peak memory on the same generated copy (issue 12).

Run: python benchmarks/compare.py [--runs 5] [--sizes sentence,10k,1m,5m,offtopic]
         [--format text] [--against /path/to/other/bin/claimcheck] [--instructions]

proselint is installed into its own virtual environment under the cache directory
(--cache-dir, default ~/.cache/claimcheck-bench) on first use. The corpora are generated
deterministically: L-serine copy of each size in which every sentence is distinct (fragments
recombined by the sentence's number, so no cache can see a sentence twice), and off-topic
prose of 1 MB that names no substance. Each configuration runs once to warm up (the page
cache, and claimcheck's compiled-pack cache), then the tools run alternately, --runs times
each. CPU time is user + system of the child process and its waited-for children (os.wait4);
peak memory is ru_maxrss, the resident peak of the largest process among them.

--instructions counts the instructions each command executes instead, under valgrind: one
run each, slow (about 50x), and unmoved by other load on the machine, unlike CPU seconds.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

PROSELINT = "proselint==0.16.0"
SENTENCE = "L-serine improves sleep."
CORPUS_VERSION = 1  # bump when the generators change, so cached corpora are rebuilt

# --- L-serine copy: every fragment written for this benchmark -------------------------------

SUBJECTS = (
    "L-serine",
    "Our L-serine powder",
    "This L-serine blend",
    "A daily dose of L-serine",
    "A serine supplement",
    "Each L-serine capsule",
    "Taking L-serine",
    "The amino acid L-serine",
    "Pure L-serine",
    "L-serine before bed",
    "One scoop of L-serine",
    "Regular use of L-serine",
    "Micronised L-serine",
    "L-serine in warm water",
)
VERBS = (
    "improves",
    "supports",
    "boosts",
    "enhances",
    "restores",
    "protects",
    "strengthens",
    "may improve",
    "might support",
    "could help",
    "is associated with better",
    "is clinically proven to improve",
    "helps maintain",
    "promotes",
    "is linked to healthier",
    "dramatically raises",
)
OUTCOMES = (
    "sleep quality",
    "deep sleep",
    "memory",
    "focus",
    "nerve health",
    "blood sugar control",
    "skin hydration",
    "muscle recovery",
    "mood",
    "energy levels",
    "brain health",
    "nerve function in neuropathy",
    "cognitive performance",
    "insulin sensitivity",
    "recovery after exercise",
    "motor function in ALS",
    "eye health",
    "bone strength",
    "liver health",
    "calm and relaxation",
)
TAILS = (
    "",
    " in adults",
    " for most people",
    " within two weeks",
    " according to early research",
    " in older adults",
    " without side effects",
    " naturally",
    " in people with diabetes",
    " in just a few days",
    " when taken every day",
    " better than a placebo",
    " in busy professionals",
    " at a dose of two grams",
)
DESIGNS = (
    "small pilot trial",
    "randomised controlled trial",
    "open-label study",
    "mouse study",
    "study in cultured cells",
    "cohort study",
    "crossover trial",
)
POPULATIONS = (
    "adults",
    "older adults",
    "patients with ALS",
    "people with type 2 diabetes",
    "mice",
    "rats",
    "healthy volunteers",
    "women past menopause",
    "endurance athletes",
    "people with poor sleep",
)
RESULTS = (
    "participants reported fewer awakenings at night",
    "fasting glucose fell slightly",
    "the researchers saw no clear difference from placebo",
    "nerve conduction improved in some measures",
    "the supplement was well tolerated",
    "memory scores rose modestly",
    "the decline in grip strength slowed",
    "time to fall asleep shortened by a few minutes",
    "a few people stopped because of stomach upset",
    "blood serine levels doubled",
    "the animals lived longer than untreated ones",
    "markers of inflammation dropped",
)
CONTAINERS = ("jar", "pouch", "tub", "bottle", "tin", "sachet box")
FORMS = (
    "unflavoured powder",
    "vegan capsules",
    "lemon-flavoured granules",
    "chewable tablets",
    "dissolvable sticks",
    "soft gels",
    "fine crystals",
    "mint tablets",
)
EXTRAS = (
    "and ships in recyclable packaging",
    "and is tested by an outside lab",
    "and keeps for two years unopened",
    "and contains no added sugar",
    "and is made in a certified facility",
    "and comes with a measuring scoop",
    "and is free of common allergens",
    "and dissolves quickly in juice",
    "and is best stored somewhere cool",
    "and carries a batch number on the lid",
)
TOPICS = ("sleep", "memory", "nerves", "blood sugar", "skin", "training", "safety", "dosage")

# --- off-topic prose: gardening and kitchen notes --------------------------------------------

THINGS = (
    "The tomato seedlings",
    "Our neighbour's terrier",
    "The old pear tree",
    "A pot of basil",
    "The rhubarb patch",
    "The sourdough starter",
    "A tray of leeks",
    "The compost heap",
    "The cast-iron pan",
    "A row of runner beans",
    "The greenhouse door",
    "A jar of pickled onions",
)
ACTIONS = (
    "needed more water than usual",
    "looked tired after the storm",
    "came through the frost",
    "took most of the afternoon",
    "smelled wonderful by evening",
    "was moved closer to the window",
    "drew a crowd of sparrows",
    "went unnoticed for a week",
    "surprised everyone in the family",
    "had to be started again",
    "finally settled down",
    "stayed stubborn all season",
)
WHENS = (
    "on Saturday",
    "last spring",
    "after the rain",
    "during the heatwave",
    "before breakfast",
    "in early October",
    "while we were away",
    "at the allotment",
    "on the first warm day",
    "by the back fence",
    "this winter",
)
ASIDES = (
    "",
    ", which nobody expected",
    ", as it does most years",
    ", much to my relief",
    ", so we made tea",
    ", though the cat disagreed",
    ", and the kids took photos",
    ", or so the notebook says",
)


def mixed_radix(number: int, radices: Sequence[int]) -> list[int]:
    """Fragment indices for `number`: a bijection from [0, product of radices).

    The digits of `number` in the radices (low first), each shifted by the digits below it,
    so neighbouring sentences differ in every fragment, not only in the first.
    """
    if number >= math.prod(radices):
        raise ValueError("corpus too large for its fragments: sentences would repeat")
    digits: list[int] = []
    for radix in radices:
        number, digit = divmod(number, radix)
        digits.append(digit)
    return [
        (digit + sum(lower * (2 * j + 3) for j, lower in enumerate(digits[:i]))) % radix
        for i, (digit, radix) in enumerate(zip(digits, radices, strict=True))
    ]


def serine_sentence(k: int) -> str:
    """The k-th sentence of L-serine copy; distinct for every k (three kinds in turn)."""
    kind, n = k % 3, k // 3
    if kind == 0:
        s, v, o, t = mixed_radix(n, (len(SUBJECTS), len(VERBS), len(OUTCOMES), len(TAILS)))
        return f"{SUBJECTS[s]} {VERBS[v]} {OUTCOMES[o]}{TAILS[t]}."
    if kind == 1:
        radices = (len(DESIGNS), len(POPULATIONS), len(RESULTS), 36, 60)
        d, p, r, year, size = mixed_radix(n, radices)
        return f"In a {1989 + year} {DESIGNS[d]} of {12 + 7 * size} {POPULATIONS[p]}, {RESULTS[r]}."
    c, f, e, count = mixed_radix(n, (len(CONTAINERS), len(FORMS), len(EXTRAS), 90))
    return f"Each {CONTAINERS[c]} holds {30 + count} servings of {FORMS[f]} {EXTRAS[e]}."


def offtopic_sentence(k: int) -> str:
    """The k-th sentence of off-topic prose; distinct for every k."""
    radices = (len(THINGS), len(ACTIONS), len(WHENS), len(ASIDES), 40)
    t, a, w, x, day = mixed_radix(k, radices)
    return f"{THINGS[t]} {ACTIONS[a]} {WHENS[w]}{ASIDES[x]} (day {day + 1})."


def build_corpus(size: int, sentence: Callable[[int], str], *, headings: bool) -> str:
    """Paragraphs of five sentences, a numbered heading every eight paragraphs."""
    parts: list[str] = []
    length, k, paragraph = 0, 0, 0
    while length < size:
        if headings and paragraph % 8 == 0:
            heading = f"Notes on {TOPICS[(paragraph // 8) % len(TOPICS)]}, part {paragraph // 8}"
            parts.append(heading + "\n\n")
            length += len(parts[-1])
        sentences = [sentence(k + i) for i in range(5)]
        k += 5
        parts.append(" ".join(sentences) + "\n\n")
        length += len(parts[-1].encode())
        paragraph += 1
    return "".join(parts)


def serine_copy(size: int) -> str:
    return build_corpus(size, serine_sentence, headings=True)


def offtopic_copy(size: int) -> str:
    return build_corpus(size, offtopic_sentence, headings=False)


@dataclass(frozen=True)
class Corpus:
    """One input of the comparison."""

    name: str
    make: Callable[[], str]
    single_sentence: bool = False
    parallel: bool = False  # worth a run with all cores


CORPORA = {
    "sentence": Corpus("one sentence", lambda: SENTENCE + "\n", single_sentence=True),
    "10k": Corpus("10 KB L-serine", lambda: serine_copy(10_000)),
    "1m": Corpus("1 MB L-serine", lambda: serine_copy(1_000_000), parallel=True),
    "5m": Corpus("5 MB L-serine", lambda: serine_copy(5_000_000), parallel=True),
    "offtopic": Corpus(
        "1 MB off-topic",
        lambda: offtopic_copy(1_000_000),
        parallel=True,
    ),
}


@dataclass(frozen=True)
class Measure:
    """One run of one command."""

    cpu: float  # seconds, user + system
    wall: float  # seconds
    rss_mb: float  # peak resident set, MB


def measure(command: Sequence[str], env: dict[str, str] | None = None) -> Measure:
    """Run `command` with output discarded; its CPU time and peak RSS from os.wait4."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stderr.close()
    if child.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}): {errors.decode()}")
    return Measure(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024)


def cache_dir(explicit: Path | None) -> Path:
    if explicit is not None:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimcheck-bench"


def proselint_command(cache: Path) -> Path:
    """proselint in its own venv under the cache directory, installed on first use."""
    venv = cache / "proselint-venv"
    exe = venv / "bin" / "proselint"
    if not exe.exists():
        print(f"installing {PROSELINT} into {venv} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", PROSELINT]
        subprocess.run(pip, check=True)
    return exe


def claimcheck_command() -> list[str]:
    """The claimcheck console script of this Python, as a user runs it."""
    script = Path(sys.executable).with_name("claimcheck")
    if script.exists():
        return [str(script)]
    found = shutil.which("claimcheck")
    if found is None:
        raise SystemExit("claimcheck is not installed in this environment")
    return [found]


def corpus_file(cache: Path, key: str) -> Path:
    path = cache / "corpora" / f"v{CORPUS_VERSION}-{key}.txt"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        partial.write_text(CORPORA[key].make(), encoding="utf-8")
        partial.replace(path)
    return path


@dataclass(frozen=True)
class Config:
    """One tool configuration on one input."""

    label: str
    command: list[str]
    parallel: bool = False  # more than one worker


def configurations(
    key: str, path: Path, claimcheck: dict[str, list[str]], proselint: Path, fmt: str, cores: int
) -> list[Config]:
    """Every claimcheck build (this one, and --against) on the input, then proselint."""
    corpus = CORPORA[key]
    ours = []
    for name, command in claimcheck.items():
        if corpus.single_sentence:
            ours.append(Config(f"{name} check", [*command, "check", SENTENCE]))
            continue
        audit = [*command, "audit", str(path), "--format", fmt, "--fail-on", "never"]
        ours.append(Config(f"{name} -j1", [*audit, "--jobs", "1"]))
        if corpus.parallel and cores > 1:
            ours.append(Config(f"{name} -j{cores}", [*audit, "--jobs", str(cores)], True))
    return [*ours, Config("proselint", [str(proselint), "check", str(path)])]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command")
    parser.add_argument(
        "--warmup", type=int, default=1, help="untimed runs of each command first (default 1)"
    )
    parser.add_argument(
        "--sizes", default=",".join(CORPORA), help=f"comma-separated: {', '.join(CORPORA)}"
    )
    parser.add_argument("--format", default="text", help="claimcheck audit --format")
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument(
        "--against",
        type=Path,
        default=None,
        help="another claimcheck executable (say, an install of main) to run alongside",
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions instead (one run each under valgrind's callgrind: slow, "
        "but the same on a busy machine; -j1 only)",
    )
    args = parser.parse_args(argv)
    keys = [k.strip() for k in args.sizes.split(",") if k.strip()]
    unknown = [k for k in keys if k not in CORPORA]
    if unknown:
        parser.error(f"unknown size {', '.join(unknown)}; choose from {', '.join(CORPORA)}")

    cache = cache_dir(args.cache_dir)
    proselint = proselint_command(cache)
    claimcheck = {"claimcheck": claimcheck_command()}
    if args.against is not None:
        claimcheck["against"] = [str(args.against)]
    cores = len(os.sched_getaffinity(0))
    rows: list[tuple[str, str, Measure, Measure | None]] = []
    for key in keys:
        path = corpus_file(cache, key)
        configs = configurations(key, path, claimcheck, proselint, args.format, cores)
        for _ in range(args.warmup):  # the page cache, claimcheck's compiled-pack cache
            for config in configs:
                measure(config.command)
        if args.instructions:  # valgrind runs one thread at a time: -j1 only
            counts = {c.label: instructions(c.command) for c in configs if not c.parallel}
            print_instructions(CORPORA[key].name, counts)
            continue
        results: dict[str, list[Measure]] = {c.label: [] for c in configs}
        for _ in range(args.runs):  # alternate the tools, so drift hits both
            for config in configs:
                results[config.label].append(measure(config.command))
        medians = {
            label: Measure(
                median([m.cpu for m in runs]),
                median([m.wall for m in runs]),
                median([m.rss_mb for m in runs]),
            )
            for label, runs in results.items()
        }
        theirs = medians["proselint"]
        for label, value in medians.items():
            rows.append((CORPORA[key].name, label, value, None if label == "proselint" else theirs))
        print_table(rows, args.runs)


def instructions(command: Sequence[str]) -> int:
    """Instructions `command` executes, counted by valgrind's callgrind (output discarded)."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("--instructions needs valgrind (Debian: apt-get install valgrind)")
    tool = [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    # NOTE: the console scripts' interpreter is named, so valgrind follows no #! line
    first = Path(command[0])
    interpreter = first.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
    program = [interpreter[2:].strip(), *command] if interpreter.startswith("#!") else command
    done = subprocess.run([*tool, *program], capture_output=True, text=True, check=False)
    counted = re.search(r"Collected : (\d+)", done.stderr)
    if counted is None or done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} under valgrind failed: {done.stderr[-500:]}")
    return int(counted.group(1))


def print_instructions(name: str, counts: dict[str, int]) -> None:
    theirs = counts["proselint"]
    print(f"\n{name}: instructions (millions); ratio = claimcheck / proselint")
    print("| input | tool | instructions (M) | ratio |")
    print("|---|---|---:|---:|")
    for label, count in counts.items():
        ratio = "" if label == "proselint" else f"{count / theirs:.2f}"
        print(f"| {name} | {label} | {count / 1e6:.0f} | {ratio} |")
    sys.stdout.flush()


def print_table(rows: Sequence[tuple[str, str, Measure, Measure | None]], runs: int) -> None:
    print(f"\nmedians of {runs} runs; ratio = claimcheck / proselint")
    print("| input | tool | CPU s | wall s | peak RSS MB | CPU ratio | RSS ratio |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, label, value, theirs in rows:
        cpu_ratio = f"{value.cpu / theirs.cpu:.2f}" if theirs else ""
        rss_ratio = f"{value.rss_mb / theirs.rss_mb:.2f}" if theirs else ""
        print(
            f"| {name} | {label} | {value.cpu:.2f} | {value.wall:.2f} | {value.rss_mb:.0f} "
            f"| {cpu_ratio} | {rss_ratio} |"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
