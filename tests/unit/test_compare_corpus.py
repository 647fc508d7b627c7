"""The comparison benchmark's copy: deterministic, and no sentence twice."""

from __future__ import annotations

import re

import pytest
from benchmarks import compare


def sentences(text: str) -> list[str]:
    return [s for p in text.split("\n\n") for s in re.split(r"(?<=[.)]) (?=[A-Z])", p) if s]


@pytest.mark.parametrize("make", [compare.serine_copy, compare.offtopic_copy])
def test_every_sentence_is_distinct_and_the_copy_is_the_same_each_time(make: object) -> None:
    assert callable(make)
    text = make(200_000)
    assert text == make(200_000)
    assert len(text.encode()) >= 200_000
    found = sentences(text)
    assert len(found) > 1000
    assert len(set(found)) == len(found)


def test_neighbouring_sentences_differ_in_every_fragment() -> None:
    first, second = (compare.mixed_radix(n, (14, 16, 20, 14)) for n in (0, 1))
    assert all(a != b for a, b in zip(first, second, strict=True))


def test_a_corpus_too_large_for_its_fragments_is_refused() -> None:
    with pytest.raises(ValueError, match="repeat"):
        compare.mixed_radix(2 * 3 * 4, (2, 3, 4))
