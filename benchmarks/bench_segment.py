"""Compare sentence segmenters on the seed articles: boundary accuracy and speed.

Usage (from the repository root):

    .venv/bin/python benchmarks/bench_segment.py [--seeds DIR] [--runs 5] [--size-mb 5]

Segmenters compared: claimcheck's own `segment_text`, a naive regex split on [.!?] plus
whitespace, the same regex that also breaks at every line break, and pysbd and syntok when
they are importable (they are not project dependencies; install them into a scratch venv,
e.g. /tmp/segvenv, and run this script with that interpreter).

Accuracy: the gold standard in benchmarks/segment_gold/<seed stem>.json holds hand-marked
sentence spans (offsets only, never seed text). A boundary is the end offset of a sentence
with surrounding whitespace removed; precision, recall and F1 are computed per seed and
micro-averaged over all seeds. Speed: median MB/s (UTF-8 megabytes, 10**6) over several
runs on a ~5 MB corpus made of the seeds repeated and deterministic synthetic copy.

The seed directory is ../shared/seeds beside the checkout unless --seeds says otherwise.
The write-up of the numbers is docs/segmentation.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "benchmarks" / "segment_gold"
DEFAULT_SEEDS = ROOT / ".." / "shared" / "seeds"

if importlib.util.find_spec("claimcheck") is None:  # running from a scratch venv
    sys.path.insert(0, str(ROOT / "src"))

from claimcheck.segment import segment_text  # noqa: E402

Span = tuple[int, int]
Segmenter = Callable[[str], list[Span]]

_NAIVE_SPLIT = re.compile(r"(?<=[.!?])\s+")
_NAIVE_LINES_SPLIT = re.compile(r"(?<=[.!?])\s+|\s*(?:\r\n|\r|\n)\s*")


def strip_span(text: str, start: int, end: int) -> Span | None:
    """The span without surrounding whitespace, or None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def split_by(pattern: re.Pattern[str]) -> Segmenter:
    def segment(text: str) -> list[Span]:
        spans: list[Span] = []
        start = 0
        for match in pattern.finditer(text):
            spans.append((start, match.start()))
            start = match.end()
        spans.append((start, len(text)))
        return [s for s in (strip_span(text, a, b) for a, b in spans) if s]

    return segment


def claimcheck_segmenter(text: str) -> list[Span]:
    return [(sentence.start, sentence.end) for sentence in segment_text(text)]


def pysbd_segmenter() -> Segmenter | None:
    if importlib.util.find_spec("pysbd") is None:
        return None
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=False)

    def segment(text: str) -> list[Span]:
        # NOTE: pysbd slows down more than linearly with input length (0.1 MB: 2 s,
        # 0.6 MB: 59 s here), so it gets one blank-line-separated block at a time, as a
        # caller would use it; blank lines are boundaries for every segmenter anyway.
        spans: list[Span] = []
        for block in _BLOCK.finditer(text):
            spans += _locate(text, segmenter.segment(block.group()), block.start())
        return spans

    return segment


_BLOCK = re.compile(r"\S(?:.|\n(?![ \t\r]*\n))*")


def _locate(text: str, sentences: Iterable[str], cursor: int) -> list[Span]:
    """Offsets of sentences that are substrings of `text`, in order, from `cursor` on."""
    spans: list[Span] = []
    for sentence in sentences:
        piece = sentence.strip()
        start = text.find(piece, cursor) if piece else -1
        if start >= 0:
            cursor = start + len(piece)
            spans.append((start, cursor))
    return spans


def syntok_segmenter() -> Segmenter | None:
    if importlib.util.find_spec("syntok") is None:
        return None
    from syntok import segmenter

    def segment(text: str) -> list[Span]:
        # NOTE: like pysbd, syntok slows down more than linearly on one long string (5 MB:
        # 0.01 MB/s), so it also gets one blank-line-separated block at a time.
        spans: list[Span] = []
        for block in _BLOCK.finditer(text):
            for paragraph in segmenter.analyze(block.group()):
                for sentence in paragraph:
                    if sentence:
                        last = sentence[-1]
                        start = block.start() + sentence[0].offset
                        spans.append((start, block.start() + last.offset + len(last.value)))
        return spans

    return segment


def available_segmenters(only: set[str] | None = None) -> dict[str, Segmenter]:
    segmenters: dict[str, Segmenter] = {
        "claimcheck": claimcheck_segmenter,
        "regex": split_by(_NAIVE_SPLIT),
        "regex+lines": split_by(_NAIVE_LINES_SPLIT),
    }
    for name, factory in (("pysbd", pysbd_segmenter), ("syntok", syntok_segmenter)):
        segmenter = factory()
        if segmenter is None:
            print(f"note: {name} is not installed; skipped", file=sys.stderr)
        else:
            segmenters[name] = segmenter
    return {name: s for name, s in segmenters.items() if not only or name in only}


@dataclass(frozen=True)
class Score:
    true_positives: int
    false_positives: int
    false_negatives: int

    def __add__(self, other: Score) -> Score:
        return Score(
            self.true_positives + other.true_positives,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
        )

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def score(predicted: Iterable[Span], gold: Iterable[Span]) -> Score:
    predicted_ends = {end for _, end in predicted}
    gold_ends = {end for _, end in gold}
    hits = len(predicted_ends & gold_ends)
    return Score(hits, len(predicted_ends) - hits, len(gold_ends) - hits)


_LETTER = re.compile(r"[^\W\d_]")
_LIST_MARKER = re.compile(r"(?:[-*+\u2022]\s*)?(?:\d{1,3}[.)])?")


def lenient(text: str, spans: list[Span]) -> list[Span]:
    """Spans under looser conventions, so style choices are not counted as errors.

    Outer table pipes are dropped, a span that is only a list marker ("2.", "-") is
    dropped, and any other span without a letter (a citation such as "[3][8]") is merged
    into the span before it.
    """
    merged: list[Span] = []
    for start, end in spans:
        piece = strip_span(text, start, end)
        if piece is None:
            continue
        start, end = piece
        while end > start and (text[end - 1] == "|" or text[end - 1].isspace()):
            end -= 1
        while start < end and (text[start] == "|" or text[start].isspace()):
            start += 1
        if _LIST_MARKER.fullmatch(text, start, end):
            continue
        if merged and not _LETTER.search(text, start, end):
            merged[-1] = (merged[-1][0], end)
        elif start < end:
            merged.append((start, end))
    return merged


def load_seeds(seeds: Path) -> dict[str, tuple[str, list[Span]]]:
    """Seed stem -> (file text, gold spans), for every gold file whose seed exists."""
    corpus: dict[str, tuple[str, list[Span]]] = {}
    for gold_path in sorted(GOLD_DIR.glob("*.json")):
        seed_path = seeds / f"{gold_path.stem}.txt"
        if not seed_path.is_file():
            print(f"note: {seed_path} is missing; skipped", file=sys.stderr)
            continue
        text = seed_path.read_text(encoding="utf-8")
        gold = [(start, end) for start, end in json.loads(gold_path.read_text())]
        if gold and gold[-1][1] > len(text):
            raise SystemExit(f"{gold_path.name}: spans exceed the seed; was the seed edited?")
        corpus[gold_path.stem] = (text, gold)
    return corpus


# --- synthetic copy with known boundaries (our own wording, varied on purpose) -----------
# NOTE: a held-out check. The seed gold was marked on the same articles the segmenter was
# written against; these documents are generated, so their boundaries are known by
# construction, and hard wraps fall at any space, not only before a lower-case word.

_SUBJECTS = (
    "Dr. Lee's team",
    "The U.S. panel",
    "A small pilot study",
    "Researchers at the clinic",
    "This supplement",
    "Magnesium glycinate",
    "The review (Fig. 2)",
    "One trial, No. 4,",
    "Prof. Chen et al.",
    "An open-label study in Japan",
    "Their 2019 survey",
)
_CLAIMS = (
    "reported a change of 0.5 g per day",
    "found P=0.044 for the main outcome",
    "noted p<0.01 vs. placebo",
    "used approx. 1.5-2 g at night",
    "observed effects in mice, i.e., not in people",
    "measured levels after 30 min. of rest",
    "cited earlier work [3][8]",
    "listed side effects (1, 2, etc.) in a table",
    "saw no change in sleep scores",
    "gave 500 mg. twice a day to adults in the U.S. and Canada",
)
_ENDINGS = (".", ".", ".", "!", "?", "...", ". [4]", ".[3][8]", " (see Table 2).")
_CJK = (
    "\u8fd9\u9879\u7814\u7a76\u89c4\u6a21\u5f88\u5c0f\u3002",
    "\u7ed3\u679c\u4ecd\u4e0d\u786e\u5b9a\uff01",
    "\u9700\u8981\u66f4\u591a\u8bd5\u9a8c\u5417\uff1f",
    "\u672c\u7814\u7a76\u306f\u5c0f\u898f\u6a21\u3067\u3057\u305f\u3002",
)


class SyntheticDocument:
    """Text built block by block, recording every sentence span as it is written."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[Span] = []

    def write(self, text: str, *, sentence: bool = False) -> None:
        if sentence:
            self.spans.append((self.length, self.length + len(text)))
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)


def synthetic_document(rng: random.Random, size: int) -> tuple[str, list[Span]]:
    document = SyntheticDocument()
    while document.length < size:
        newline = "\r\n" if rng.random() < 0.2 else "\n"
        _synthetic_block(rng, document, newline)
        document.write(newline * 2)
    return document.text(), document.spans


def _sentence(rng: random.Random) -> str:
    claim = rng.choice(_CLAIMS)
    if rng.random() < 0.15:
        quote = rng.choice((('"', '"'), ("\u201c", "\u201d")))
        return f"{rng.choice(_SUBJECTS)} wrote: {quote[0]}It {claim}.{quote[1]}"
    return f"{rng.choice(_SUBJECTS)} {claim}{rng.choice(_ENDINGS)}"


def _synthetic_block(rng: random.Random, document: SyntheticDocument, newline: str) -> None:
    kind = rng.random()
    if kind < 0.1:
        document.write("## ")
        document.write(f"Section {rng.randint(1, 99)} Has No Final Period", sentence=True)
    elif kind < 0.2:
        for number in range(1, rng.randint(2, 5)):
            document.write(f"{number}. " if rng.random() < 0.5 else "- ")
            document.write(f"item {number} {rng.choice(_CLAIMS)}", sentence=True)
            document.write(newline)
    elif kind < 0.25:
        for row in (
            "Dose\tForm\tNote",
            "0.5 g\tpowder\tdaily. Take with food",
            "1 g\tcapsule\ttwice",
        ):
            document.write(row, sentence=True)
            document.write(newline)
    elif kind < 0.28:
        for row in ("Dose | Form", "0.5 g | powder. Twice daily"):
            document.write("| ")
            document.write(row, sentence=True)
            document.write(" |" + newline)
    elif kind < 0.32:
        for _ in range(rng.randint(2, 4)):
            document.write(rng.choice(_CJK), sentence=True)
    else:
        _synthetic_paragraph(rng, document, newline)


def _synthetic_paragraph(rng: random.Random, document: SyntheticDocument, newline: str) -> None:
    wrap = rng.random() < 0.3
    column = 0
    for index in range(rng.randint(2, 6)):
        words = _sentence(rng).split(" ")
        for position, word in enumerate(words):
            if index or position:
                gap = newline if wrap and column > 64 else rng.choice((" ", " ", "  "))
                document.write(gap)
                column = 0 if gap == newline else column + len(gap)
            if position == 0:
                start = document.length
            document.write(word)
            column += len(word)
        document.spans.append((start, document.length))


def speed_corpus(seed_texts: list[str], size_mb: float) -> str:
    """About `size_mb` MB: the seeds and synthetic copy in equal parts, interleaved."""
    size = int(size_mb * 1_000_000)
    seeds = "\n\n".join(seed_texts)
    synthetic, _ = synthetic_document(random.Random(20240601), size // 2)
    parts: list[str] = []
    length = 0
    position = 0
    while length < size:
        piece = synthetic[position : position + len(seeds)]
        position += len(seeds)
        parts += [seeds, "\n\n", piece, "\n\n"]
        length += len(seeds) + len(piece) + 4
    return "".join(parts)


def measure_speed(segmenter: Segmenter, corpus: str, runs: int, budget: float) -> tuple[float, int]:
    """Median MB/s and the number of runs made (fewer if one run exceeds `budget` s)."""
    megabytes = len(corpus.encode("utf-8")) / 1_000_000
    rates: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        segmenter(corpus)
        elapsed = time.perf_counter() - started
        rates.append(megabytes / elapsed)
        if elapsed > budget:
            break
    return statistics.median(rates), len(rates)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size-mb", type=float, default=5.0)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per slow run")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--only", help="comma-separated segmenter names, e.g. claimcheck,pysbd")
    args = parser.parse_args(argv)

    seeds = load_seeds(args.seeds.resolve())
    if not seeds:
        print(f"no seeds with gold found in {args.seeds}", file=sys.stderr)
        return 1
    seeds["synthetic"] = synthetic_document(random.Random(7), 200_000)
    segmenters = available_segmenters(set(args.only.split(",")) if args.only else None)
    corpus = (
        "" if args.no_speed else speed_corpus([text for text, _ in seeds.values()], args.size_mb)
    )
    if corpus:
        print(f"speed corpus: {len(corpus.encode('utf-8')) / 1_000_000:.2f} MB\n")
    print_table(seeds, segmenters, corpus, args.runs, args.budget)
    return 0


def print_table(
    seeds: dict[str, tuple[str, list[Span]]],
    segmenters: dict[str, Segmenter],
    corpus: str,
    runs: int,
    budget: float,
) -> None:
    stems = [stem[:3] if stem[0].isdigit() else stem for stem in seeds]
    header = ["segmenter", *(f"F1 {stem}" for stem in stems), "seeds P", "R", "F1"]
    header.append("lenient F1")
    header += ["MB/s", "runs"]
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for name, segmenter in segmenters.items():
        predictions = [(text, segmenter(text), gold) for text, gold in seeds.values()]
        scores = [score(predicted, gold) for _, predicted, gold in predictions]
        # NOTE: the totals are over the seeds only; the synthetic column is held out.
        total = sum(scores[:-1], Score(0, 0, 0))
        loose = [score(lenient(text, p), lenient(text, g)) for text, p, g in predictions[:-1]]
        loose_total = sum(loose, Score(0, 0, 0))
        speed, made = measure_speed(segmenter, corpus, runs, budget) if corpus else (0.0, 0)
        row = [name, *(f"{s.f1:.3f}" for s in scores)]
        row += [f"{total.precision:.3f}", f"{total.recall:.3f}", f"{total.f1:.3f}"]
        row.append(f"{loose_total.f1:.3f}")
        row += [f"{speed:.2f}" if corpus else "-", str(made)]
        print(" | ".join(row), flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
