"""Lexicons shipped with claimcheck as data files beside this module.

`wording.yaml` holds the cue lists of the "assess wording" stage (`claimcheck.wording`),
`matching.yaml` those of the "match" stage (`claimcheck.match`): subjects, predicates,
advice. All are written in the cue language of `claimcheck.cues`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["PREDICATE_PREFIX", "install", "load", "loaded", "parse", "predicate_classes"]

PREDICATE_PREFIX = "@"  # "@benefit" in a claim's `requires` names a predicate class

_HERE = Path(__file__).parent
_parsed: dict[str, Any] = {}  # lexicons brought by the compiled-pack cache


def parse(text: str) -> Any:
    """A shipped lexicon's YAML text, parsed (with libyaml where PyYAML has it)."""
    import yaml  # NOTE: here, not at the top: a warm compiled-pack cache needs no YAML

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load(name: str) -> Any:
    """One shipped lexicon file, parsed (once per process, or once per compiled-pack cache)."""
    if name not in _parsed:
        # NOTE: a plain path, not importlib.resources, whose import costs a tenth of a
        # cached run's start-up; claimcheck is always installed as files.
        _parsed[name] = parse(_HERE.joinpath(f"{name}.yaml").read_text("utf-8"))
    return _parsed[name]


def loaded() -> dict[str, Any]:
    """Every lexicon parsed so far, by name (for the compiled-pack cache)."""
    return dict(_parsed)


def install(parsed: Any) -> None:
    """Use lexicons parsed by an earlier process (from the compiled-pack cache)."""
    if isinstance(parsed, dict):
        _parsed.update(parsed)


def predicate_classes() -> dict[str, list[str]]:
    """The predicate classes of `matching.yaml` ("benefit", "harm") and their cues."""
    return dict(load("matching")["predicates"])
