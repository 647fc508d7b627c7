"""The case-insensitive patterns' twins for ASCII text (cues.AnyCase)."""

from __future__ import annotations

import random
import re

import pytest

from claimcheck import match
from claimcheck.cues import AnyCase, any_case
from claimcheck.pipeline import default_engine


@pytest.mark.parametrize(
    "source",
    [
        r"\bNCT\d{8}\b",  # a capital would no longer match its own letter in lowered text
        r"\.\s+(?=[A-Z])",
        r"[@-Z]x",  # a range that holds the capitals without naming one
        r"(?-i:abc)",  # a group that changes the flags
        "\u017f",  # the long s matches "s" when case is ignored
        "\u212a",  # the Kelvin sign matches "k"
        "[\u0130]",  # the dotted capital I matches "i"
    ],
)
def test_no_twin_where_lowering_would_change_a_match(source: str) -> None:
    assert any_case(re.compile(source, re.IGNORECASE)).twin is None


def test_a_case_sensitive_pattern_has_no_twin() -> None:
    assert any_case(re.compile("abc")).twin is None


@pytest.mark.parametrize(
    "source",
    [r"(?<![\w-])(?:low|high)[\s-]+dose(?:s|es)?(?![\w-])", r"\Sfoo\W", "[\u2010-\u2015]x"],
)
def test_plain_patterns_have_a_twin(source: str) -> None:
    assert any_case(re.compile(source, re.IGNORECASE)).twin is not None


def _shipped_patterns() -> list[AnyCase]:
    cues = match.subject_cues()
    index = default_engine().index
    found = [*cues.predicates.values(), cues.anaphora, cues.other_subjects, cues.advice]
    found += [cues.usage, cues.advice_openers, cues.benefit_framing, cues.retractions]
    found += [p for claim in index.claims.values() for group in claim.requires for p in group]
    found += [match.CONDITION, index.aliases]
    return found


def test_twins_find_what_the_patterns_find_in_ascii_text_of_any_case() -> None:
    rng = random.Random(7)
    sentences = [
        "L-serine may help sleep in people with low serine levels, but ask your doctor.",
        "If you are pregnant, check with your doctor before taking D-serine.",
        "Researchers found it improved neuropathy scores in HSAN1 patients (2019).",
        "Unlike melatonin pills, this amino acid is clinically proven to boost memory.",
    ]
    texts = [t for s in sentences for t in (s, s.upper(), s.lower())]
    texts += ["".join(c.upper() if rng.random() < 0.5 else c for c in s) for s in sentences * 5]
    for pattern in _shipped_patterns():
        assert pattern.twin is not None
        for text in texts:
            expected = [m.span() for m in pattern.pattern.finditer(text)]
            assert [m.span() for m in pattern.finditer(text)] == expected


def test_text_beyond_ascii_is_searched_with_the_pattern_itself() -> None:
    pattern = any_case(re.compile("strasse", re.IGNORECASE))
    assert pattern.twin is not None
    assert pattern.search("STRA\u017fSE") is not None  # the long s, as case-blind matching has it
