"""Names that are not a substance's: the prefix tree that finds them hands each place to
the longest-first list, so the spans are the list's own."""

from __future__ import annotations

import random
import re

import pytest

from claimcheck.cues import any_case
from claimcheck.match import (
    ClaimIndex,
    _blocked_spans,
    _blocker_pattern,
    _blocker_starts,
)


def index_blocking(names: list[str]) -> ClaimIndex:
    return ClaimIndex(
        aliases=any_case(re.compile("(?!)")),
        blockers=any_case(_blocker_pattern(names)),
        alias_owner={},
        outcomes={},
        by_term={},
        blocker_starts=any_case(_blocker_starts(names)),
    )


def listed(names: list[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _blocker_pattern(names).finditer(text)]


def test_the_longer_name_blocks_where_the_tree_would_stop_short() -> None:
    # the tree tries "serine rich" (its space matches the hyphen) first, and it fits; the
    # list tries the longer name first
    names = ["serine rich", "serine-rich peptide"]
    text = "a serine-rich peptide drink"
    assert _blocked_spans(text, index_blocking(names)) == [(2, 21)] == listed(names, text)


def _name(rng: random.Random) -> str:
    return "".join(rng.choice("abse- ") for _ in range(rng.randint(1, 7))).strip(" -") or "a"


@pytest.mark.parametrize("seed", range(40))
def test_the_spans_are_the_longest_first_lists(seed: int) -> None:
    rng = random.Random(seed)
    names: list[str] = []
    for _ in range(rng.randint(1, 12)):
        name = _name(rng)
        if names and rng.random() < 0.6:  # overlapping an earlier name
            earlier = rng.choice(names).replace(" ", "-", 1)
            name = f"{earlier} {name}" if rng.random() < 0.7 else earlier
        names.append(name.upper() if rng.random() < 0.2 else name)
    index = index_blocking(names)
    for _ in range(30):
        pieces = [
            rng.choice(names).replace(" ", rng.choice([" ", "-", "  "]))
            + rng.choice(["", "s", "es", " a", "-b"])
            if rng.random() < 0.7
            else _name(rng)
            for _ in range(rng.randint(1, 6))
        ]
        text = " ".join(pieces)
        assert _blocked_spans(text, index) == listed(names, text), (names, text)
