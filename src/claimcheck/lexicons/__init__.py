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

__all__ = ["PREDICATE_PREFIX", "load", "parse", "predicate_classes"]

PREDICATE_PREFIX = "@"  # "@benefit" in a claim's `requires` names a predicate class

# libyaml parses several times faster; the pure-Python loader where PyYAML lacks it
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(text: str) -> Any:
    """A shipped lexicon's YAML text, parsed."""
    return yaml.load(text, Loader=_Loader)  # a safe loader, C or Python


@cache
def load(name: str) -> Any:
    """One shipped lexicon file, parsed (once per process)."""
    return parse(resources.files(__name__).joinpath(f"{name}.yaml").read_text("utf-8"))


def predicate_classes() -> dict[str, list[str]]:
    """The predicate classes of `matching.yaml` ("benefit", "harm") and their cues."""
    return dict(load("matching")["predicates"])
