"""KeyedTerms: the longest term at a place wins, as a flat longest-first list decides."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

import pytest

from claimcheck.studyrefs import KeyedTerms


def flat_find(
    entries: Sequence[tuple[str, Sequence[str]]], text: str, *, exact_case: bool = False
) -> dict[str, tuple[int, int]]:
    """The reference: every term in one flat alternation, longest first."""

    def normal(term: str) -> str:
        words = " ".join(term.replace("-", " ").split())
        return words if exact_case else words.lower()

    owners: dict[str, list[str]] = {}
    for key, terms in entries:
        for term in terms:
            owners.setdefault(normal(term), []).append(key)
    written = {t if exact_case else t.lower() for _, ts in entries for t in ts}
    body = "|".join(
        re.escape(t).replace(r"\ ", r"[\s-]") for t in sorted(written, key=len, reverse=True)
    )
    flags = 0 if exact_case else re.IGNORECASE
    pattern = re.compile(rf"(?<![\w-])(?P<term>{body})(?:s|es)?(?![\w-])", flags)
    found: dict[str, tuple[int, int]] = {}
    for match in pattern.finditer(text):
        for key in owners.get(normal(match.group("term")), ()):
            found.setdefault(key, match.span())
    return found


def test_the_longer_of_overlapping_terms_wins() -> None:
    terms = KeyedTerms.build([("diabetes", ["diabetic"]), ("dpn", ["diabetic neuropathy"])])
    assert terms.find("She has Diabetic Neuropathy.") == {"dpn": (8, 27)}
    assert terms.find("A diabetic cohort") == {"diabetes": (2, 10)}


def test_the_longest_term_wins_where_a_prefix_tree_would_stop_short() -> None:
    # A prefix tree tries "type 2" (its space matches the hyphen) before "type-2 diabetes",
    # and "type 2" fits: the longer term must still win.
    terms = KeyedTerms.build([("t2", ["type 2"]), ("t2d", ["type-2 diabetes"])])
    assert terms.find("people with type-2 diabetes") == {"t2d": (12, 27)}
    assert terms.find("people with type-2 disease") == {"t2": (12, 18)}


def test_a_plural_ending_and_a_shared_term() -> None:
    terms = KeyedTerms.build([("a", ["rat"]), ("b", ["rat", "mouse"])])
    assert terms.find("Two mice and three rats; one rat") == {"a": (19, 23), "b": (19, 23)}
    assert terms.find("the ratio") == {}


def test_no_terms_find_nothing() -> None:
    assert KeyedTerms.build([]).find("anything") == {}


_LETTERS = "abse- "


def _word(rng: random.Random, longest: int) -> str:
    return "".join(rng.choice(_LETTERS) for _ in range(rng.randint(1, longest))).strip(" -")


def _variant(rng: random.Random, entries: Sequence[tuple[str, list[str]]], word: str) -> str:
    """Often a term that overlaps an earlier one: longer, or with a space as a hyphen."""
    if not entries or rng.random() < 0.3:
        return word
    term = rng.choice(rng.choice(entries)[1])
    swapped = term.replace(" ", "-", 1) if rng.random() < 0.5 else term.replace("-", " ", 1)
    return f"{swapped} {word}" if rng.random() < 0.7 else swapped


def _piece(rng: random.Random, terms: Sequence[str]) -> str:
    """A term, its spaces sometimes hyphens, sometimes with a plural or more letters; or noise."""
    if rng.random() < 0.3:
        return _word(rng, 9)
    term = "".join(c if c != " " or rng.random() < 0.5 else "-" for c in rng.choice(terms))
    return term + rng.choice(["", "", "s", "es", " a", "-b", "a"])


@pytest.mark.parametrize("exact_case", [False, True])
@pytest.mark.parametrize("seed", range(40))
def test_finds_what_a_flat_longest_first_list_finds(seed: int, exact_case: bool) -> None:
    rng = random.Random(seed)
    entries: list[tuple[str, list[str]]] = []
    for n in range(rng.randint(1, 12)):
        made = [w for _ in range(rng.randint(1, 3)) if (w := _word(rng, 7))] or ["a"]
        entries.append((f"k{n}", [_variant(rng, entries, w) for w in made]))
    if exact_case:
        entries = [
            (key, [t.upper() if rng.random() < 0.3 else t for t in ts]) for key, ts in entries
        ]
    terms = KeyedTerms.build(entries, exact_case=exact_case)
    written = [t for _, ts in entries for t in ts]
    for _ in range(30):
        text = " ".join(_piece(rng, written) for _ in range(rng.randint(1, 8)))
        text = text.upper() if rng.random() < 0.2 else text
        assert terms.find(text) == flat_find(entries, text, exact_case=exact_case), text
