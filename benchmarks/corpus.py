"""Deterministic corpora of unique sentences for the speed benchmarks and the identity guard.

Every sentence is distinct, so no per-sentence cache in the engine can flatter a timing.

- `generated_copy(size)`: supplement copy built from fixed word lists (written for this file),
  independent of the pack and of `shared/`, so it never changes unless this file does.
- `article_copy(size)`: the repo's own articles (examples, the generalisation dev split) and
  the seeds when present, repeated with a per-copy marker inside every sentence.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from claimcheck.segment import segment_text
from claimcheck.sources import read_document

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"

SUBJECTS = (
    "L-serine",
    "Our L-serine powder",
    "A daily scoop of L-serine",
    "Serine",
    "This amino acid",
    "It",
    "The supplement",
    "L-serine capsules",
    "Taking L-serine at night",
    "A serine-rich diet",
    "D-serine",
    "Glycine",
    "Magnesium",
    "Melatonin",
    "The brand's formula",
)
VERBS = (
    "improves",
    "may improve",
    "is clinically proven to boost",
    "helps support",
    "could protect against",
    "was shown in mice to slow",
    "reverses",
    "does not affect",
    "might ease",
    "dramatically reduces",
    "was linked in one small trial to better",
    "cures",
    "supports healthy",
    "appears to lower",
    "is being studied for",
    "did little for",
)
OUTCOMES = (
    "sleep quality",
    "deep sleep",
    "memory",
    "focus and concentration",
    "mood",
    "anxiety",
    "depression",
    "ALS progression",
    "the decline in ALS",
    "nerve pain",
    "diabetic neuropathy",
    "HSAN1 symptoms",
    "blood sugar",
    "insulin sensitivity",
    "type 1 diabetes",
    "cognitive decline",
    "Alzheimer's disease",
    "brain fog",
    "muscle strength",
    "skin hydration",
    "immune function",
    "stress",
    "fibromyalgia pain",
    "fatigue",
    "liver fat",
    "cancer growth",
    "healthy ageing",
    "seizures",
    "schizophrenia symptoms",
    "migraines",
)
QUALIFIERS = (
    "in older adults",
    "within two weeks",
    "according to a small open-label trial",
    "at 15 grams a day",
    "in a study of rats",
    "for most people",
    "in cell cultures",
    "without side effects",
    "when taken before bed",
    "in people with low serine levels",
    "in a randomised controlled trial",
    "at a dose of 500 mg",
    "in a pilot study of twenty patients",
    "for anyone over fifty",
    "in mice fed a high-fat diet",
    "according to our customers",
    "with no evidence in humans",
    "in two weeks or your money back",
    "alongside a healthy diet",
    "as a 2014 study reported",
)
CLOSERS = (
    "",
    "",
    "",
    ", so ask your doctor before you start",
    ", though results vary",
    ", but more research is needed",
    " (nobody has tested this in people)",
    ", and our readers swear by it",
)
OFF_TOPIC = (
    "The weather in the valley stayed mild",
    "Our shop ships to every county",
    "The committee met on a Tuesday",
    "Parking is free after six",
    "The recipe calls for two lemons",
    "The train left the station early",
)


def generated_sentences(count: int, seed: int = 12) -> Iterator[str]:
    """`count` distinct sentences of supplement copy (plus some off-topic prose)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    while len(seen) < count:
        if rng.random() < 0.08:
            sentence = f"{rng.choice(OFF_TOPIC)} on day {rng.randint(1, 10_000)}."
        else:
            sentence = (
                f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OUTCOMES)} "
                f"{rng.choice(QUALIFIERS)}{rng.choice(CLOSERS)}."
            )
        if rng.random() < 0.1:
            sentence = sentence.replace(".", "?", 1) if "?" not in sentence else sentence
        if sentence not in seen:
            seen.add(sentence)
            yield sentence


def generated_copy(size_bytes: int, seed: int = 12) -> str:
    """About `size_bytes` of unique generated copy in paragraphs of 2-6 sentences."""
    rng = random.Random(seed + 1)
    paragraphs: list[str] = []
    current: list[str] = []
    total = 0
    target = rng.randint(2, 6)
    for sentence in generated_sentences(size_bytes, seed):  # far more than ever needed
        current.append(sentence)
        total += len(sentence.encode()) + 1
        if len(current) >= target:
            paragraphs.append(" ".join(current))
            current, target = [], rng.randint(2, 6)
            if rng.random() < 0.15:
                paragraphs.append(f"## Part {len(paragraphs)}")
        if total >= size_bytes:
            break
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs) + "\n"


def article_sources() -> list[Path]:
    """The articles `article_copy` repeats: seeds (when present), examples, the dev split."""
    sources = sorted(SEEDS.glob("*.txt"))
    sources += sorted((ROOT / "examples").glob("*.md"))
    dev = ROOT / "benchmarks" / "generalisation" / "dev"
    sources += sorted(p for p in dev.iterdir() if p.suffix in (".md", ".txt"))
    return sources


def marked(text: str, marker: str) -> str:
    """The text with `[marker.N]` inside sentence N, before its final punctuation."""
    parts: list[str] = []
    done = 0
    for number, sentence in enumerate(segment_text(text)):
        end = sentence.end
        while end > sentence.start and text[end - 1] in ".!?:;\"')]\u201d":
            end -= 1
        parts += [text[done:end], f" [{marker}.{number}]"]
        done = end
    parts.append(text[done:])
    return "".join(parts)


def article_copy(size_bytes: int) -> str:
    """About `size_bytes` of the repo's articles, every sentence made unique by a marker."""
    base = [read_document(p).text for p in article_sources()]
    copies: list[str] = []
    total, k = 0, 0
    while total < size_bytes:
        for n, text in enumerate(base):
            copy = marked(text, f"{k}.{n}")
            copies.append(copy)
            total += len(copy.encode())
            if total >= size_bytes:
                break
        k += 1
    return "\n\n".join(copies)


def duplicate_share(text: str) -> float:
    """The share of sentences that repeat an earlier one (0.0 for a unique corpus)."""
    sentences = [" ".join(s.text.split()) for s in segment_text(text)]
    return 1 - len(set(sentences)) / max(1, len(sentences))
