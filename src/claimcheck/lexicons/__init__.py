"""Lexicons shipped with claimcheck as data (read with `importlib.resources`).

`wording.yaml` holds the cue lists of the "assess wording" stage (`claimcheck.wording`),
`matching.yaml` those of the "match" stage (`claimcheck.match`): subjects, predicates,
advice. All are written in the cue language of `claimcheck.cues`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

__all__ = ["PREDICATE_PREFIX", "load", "predicate_classes"]

PREDICATE_PREFIX = "@"  # "@benefit" in a claim's `requires` names a predicate class


@cache
def load(name: str) -> Any:
    """One shipped lexicon file, parsed (once per process)."""
    text = resources.files(__name__).joinpath(f"{name}.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def predicate_classes() -> dict[str, list[str]]:
    """The predicate classes of `matching.yaml` ("benefit", "harm") and their cues."""
    return dict(load("matching")["predicates"])
