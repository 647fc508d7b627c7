"""The shape of `wording.yaml`: what `wording.load_lexicon` validates before compiling it.

Apart from `wording.py` because only building the compiled pack (a cache miss) needs it.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimcheck.records import Record

__all__ = ["LexiconFile"]


@dataclass(frozen=True, kw_only=True)
class StrengthCues(Record):
    hedged: tuple[str, ...]
    associative: tuple[str, ...]
    causal: tuple[str, ...]
    absolute: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class StanceCues(Record):
    denies: tuple[str, ...]
    verb_negations: tuple[str, ...]
    denies_following: tuple[str, ...]
    not_denials: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class ClauseCues(Record):
    join: tuple[str, ...]
    contrast: tuple[str, ...]
    aside: tuple[str, ...]
    leading: tuple[str, ...]
    subordinate: tuple[str, ...]
    conjunctions: tuple[str, ...]
    complementizers: tuple[str, ...]
    finite: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class QuestionCues(Record):
    openers: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class PopulationCues(Record):
    animal: tuple[str, ...]
    cells: tuple[str, ...]
    human: tuple[str, ...]
    phrase_stops: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class ReportCues(Record):
    subjects: tuple[str, ...]
    verbs: tuple[str, ...]
    infinitives: tuple[str, ...]
    phrases: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class LexiconFile(Record):
    """The whole file: the cue lists of each wording question."""

    strength: StrengthCues
    stance: StanceCues
    ignore: tuple[str, ...]
    clauses: ClauseCues
    question: QuestionCues
    population: PopulationCues
    report: ReportCues
    attribution: tuple[str, ...]
