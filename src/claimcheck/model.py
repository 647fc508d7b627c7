"""Knowledge-pack data model: substances, studies and claims.

Pure data. Closed vocabularies are enums with the kebab-case values of DESIGN.md, so a
typo in a pack file is a validation error, not a silently ignored value. This module
does no I/O; `pack.py` reads YAML and builds these models.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Annotated, Literal
from urllib.parse import quote

from claimcheck.records import Checked, Limits, Record

if sys.version_info >= (3, 11):
    from enum import StrEnum
else:  # pragma: no cover - exercised only on Python 3.10

    class StrEnum(str, Enum):
        """Backport of `enum.StrEnum` (3.11+): members are their values."""

        def __str__(self) -> str:
            return str(self.value)


__all__ = [
    "Claim",
    "ClaimKind",
    "Concept",
    "CuratedVerdict",
    "Design",
    "Direction",
    "Dose",
    "DoseUnit",
    "Duration",
    "EvidenceLink",
    "Figure",
    "Identifiers",
    "OutcomeTerm",
    "Population",
    "Protocol",
    "Relation",
    "Species",
    "Status",
    "StrEnum",
    "Study",
    "StudyFinding",
    "Substance",
    "TimeUnit",
    "Verdict",
]

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
PMID_PATTERN = re.compile(r"^[1-9][0-9]{0,8}$")
DOI_PATTERN = re.compile(r"^10\.[0-9]{4,9}/\S+$")
NCT_PATTERN = re.compile(r"^NCT[0-9]{8}$")
PMC_PATTERN = re.compile(r"^PMC[0-9]{4,9}$")
URL_PATTERN = re.compile(r"^https://")

Slug = Annotated[str, Limits(pattern=SLUG_PATTERN, min_length=2, max_length=80)]
Text = Annotated[str, Limits(min_length=1)]


class Design(StrEnum):
    """Study design, from strongest human evidence to reference material."""

    META_ANALYSIS = "meta-analysis"
    SYSTEMATIC_REVIEW = "systematic-review"
    RCT = "rct"
    CONTROLLED_TRIAL = "controlled-trial"
    UNCONTROLLED_TRIAL = "uncontrolled-trial"
    CASE_SERIES = "case-series"
    CASE_REPORT = "case-report"
    COHORT = "cohort"
    CROSS_SECTIONAL = "cross-sectional"
    ECOLOGICAL = "ecological"
    ANIMAL = "animal"
    IN_VITRO = "in-vitro"
    NARRATIVE_REVIEW = "narrative-review"
    REGULATORY = "regulatory"
    REFERENCE = "reference"


class Status(StrEnum):
    """Publication or trial status of a study."""

    COMPLETED = "completed"
    ONGOING = "ongoing"
    TERMINATED = "terminated"
    WITHDRAWN = "withdrawn"
    UNPUBLISHED = "unpublished"


class Species(StrEnum):
    """Who or what was studied; `none` for references and reviews."""

    HUMAN = "human"
    MOUSE = "mouse"
    RAT = "rat"
    MONKEY = "monkey"
    DOG = "dog"
    PIG = "pig"
    RABBIT = "rabbit"
    ZEBRAFISH = "zebrafish"
    FLY = "fly"
    WORM = "worm"
    CELLS = "cells"
    NONE = "none"


class Direction(StrEnum):
    """Direction of a study finding for its outcome."""

    POSITIVE = "positive"
    NULL = "null"
    NEGATIVE = "negative"
    MIXED = "mixed"


class Relation(StrEnum):
    """How a study bears on a claim."""

    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    INDIRECT = "indirect"
    OTHER_SUBSTANCE = "other-substance"


class ClaimKind(StrEnum):
    """What sort of proposition a claim is."""

    EFFICACY = "efficacy"
    SAFETY = "safety"
    DOSAGE = "dosage"
    MECHANISM = "mechanism"
    REGULATORY = "regulatory"
    COMPOSITION = "composition"
    EPIDEMIOLOGY = "epidemiology"
    # Facts about studies themselves (design, size, status); not in DESIGN.md's list,
    # added because trial-fact claims ("was randomized") are judged against registries.
    RESEARCH = "research"


class Verdict(StrEnum):
    """How far the evidence backs a claim (DESIGN.md, "Evidence -> verdict")."""

    SUPPORTED = "supported"
    PRELIMINARY = "preliminary"
    OBSERVATIONAL_ONLY = "observational-only"
    ANIMAL_ONLY = "animal-only"
    MECHANISTIC_ONLY = "mechanistic-only"
    MIXED = "mixed"
    CONTRADICTED = "contradicted"
    WRONG_SUBSTANCE = "wrong-substance"
    NO_EVIDENCE = "no-evidence"


class PackModel(Record):
    """Base for pack models: frozen, and unknown keys are errors."""


@dataclass(frozen=True, kw_only=True)
class Substance(PackModel):
    """A substance and every name copy may use for it."""

    id: Slug
    name: Text
    aliases: tuple[Text, ...] = ()
    # Names that contain an alias but mean something else ("phosphatidylserine").
    not_aliases: tuple[Text, ...] = ()
    description: str = ""


def _matching(pattern: re.Pattern[str], rule: str) -> Callable[[str | None], str | None]:
    """A check that an identifier, when given, has its registry's form."""

    def check(value: str | None) -> str | None:
        if value is not None and not pattern.match(value):
            raise ValueError(f"{rule}, got {value!r}")
        return value

    return check


_valid_pmid = _matching(PMID_PATTERN, "PMID must be 1-9 digits")
_valid_doi = _matching(DOI_PATTERN, "DOI must look like 10.NNNN/suffix")
_valid_nct = _matching(NCT_PATTERN, "NCT number must be NCT followed by 8 digits")
_valid_pmc = _matching(PMC_PATTERN, "PMC id must be PMC followed by digits")
_valid_url = _matching(URL_PATTERN, "url must start with https://")


@dataclass(frozen=True, kw_only=True)
class Identifiers(PackModel):
    """Where a study can be found (a study without any says why under `missing`)."""

    pmid: Annotated[str | None, Checked(_valid_pmid)] = None
    doi: Annotated[str | None, Checked(_valid_doi)] = None
    nct: Annotated[str | None, Checked(_valid_nct)] = None
    pmc: Annotated[str | None, Checked(_valid_pmc)] = None
    url: Annotated[str | None, Checked(_valid_url)] = None

    def any(self) -> bool:
        """Whether the study can be looked up at all."""
        return any((self.pmid, self.doi, self.nct, self.pmc, self.url))

    def links(self) -> tuple[tuple[str, str], ...]:
        """(label, address) for each identifier, on the registry that issued it.

        Links are derived, never stored: a record cannot point a reader at a mirror. The free
        `url` comes last, for sources with no registry identifier (a regulation, a book).
        """
        links: list[tuple[str, str]] = []
        if self.pmid:
            links.append((f"PMID {self.pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"))
        if self.pmc:
            links.append((self.pmc, f"https://pmc.ncbi.nlm.nih.gov/articles/{self.pmc}/"))
        if self.doi:
            links.append((f"doi:{self.doi}", f"https://doi.org/{quote(self.doi, safe='/')}"))
        if self.nct:
            links.append((self.nct, f"https://clinicaltrials.gov/study/{self.nct}"))
        if self.url:
            links.append(("source", self.url))
        return tuple(links)


@dataclass(frozen=True, kw_only=True)
class Population(PackModel):
    """Who was studied."""

    species: Species
    condition: str = ""
    n: Annotated[int, Limits(ge=0)] | None = None
    # Rare conditions cannot recruit large trials; a smaller controlled trial counts.
    rare_condition: bool = False


@dataclass(frozen=True, kw_only=True)
class StudyFinding(PackModel):
    """One outcome a study measured and what it found."""

    outcome: Text
    direction: Direction
    result: Text


class DoseUnit(StrEnum):
    """Units a study dose is recorded in (amounts convert within mass and within per-kg)."""

    MG = "mg"
    G = "g"
    MG_PER_KG = "mg/kg"
    G_PER_KG = "g/kg"
    MMOL_PER_KG = "mmol/kg"
    PERCENT = "%"  # of the diet or drinking water


@dataclass(frozen=True, kw_only=True)
class Dose(PackModel):
    """One dose a study gave: `amount` per administration, `times_daily` a day.

    Without `times_daily` the amount is per day (or a single dose when the study gave one).
    """

    amount: Annotated[float, Limits(gt=0)]
    unit: DoseUnit
    times_daily: Annotated[int, Limits(ge=1, le=12)] | None = None

    def per_day(self) -> float:
        """The daily amount in the record's unit."""
        return self.amount * (self.times_daily or 1)


class TimeUnit(StrEnum):
    """Units a study's length is recorded in."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, kw_only=True)
class Duration(PackModel):
    """How long participants were treated or followed."""

    value: Annotated[float, Limits(gt=0)]
    unit: TimeUnit


@dataclass(frozen=True, kw_only=True)
class Figure(PackModel):
    """A headline number a study reported, with what it measures."""

    value: float
    unit: Literal["%", "fold"]
    about: Text


@dataclass(frozen=True, kw_only=True)
class Protocol(PackModel):
    """What a study did, in fields copy can be checked against (issue 9).

    Every field is optional: a fact no source stated is left out, and copy that states it is
    then not checked (silence, not a guess). `conditions` are concept ids (concepts.yaml).
    """

    phase: Literal["I", "I/II", "II", "IIa", "IIb", "II/III", "III", "IV"] | None = None
    randomized: bool | None = None
    # What the treated group was compared with: placebo, historical controls, an active
    # treatment, or nothing.
    control: Literal["placebo", "historical", "active", "none"] | None = None
    blinding: Literal["open-label", "single-blind", "double-blind"] | None = None
    arms: Annotated[int, Limits(ge=1)] | None = None
    crossover: bool | None = None
    # How many finished, beside population.n (enrolled or randomized).
    n_completed: Annotated[int, Limits(ge=0)] | None = None
    n_per_arm: tuple[Annotated[int, Limits(ge=0)], ...] = ()
    doses: tuple[Dose, ...] = ()
    duration: Duration | None = None
    # Countries, cities and institutions where the study was run.
    places: tuple[Text, ...] = ()
    conditions: tuple[Slug, ...] = ()
    figures: tuple[Figure, ...] = ()
    # Names copy uses for the study beyond its authors and identifiers ("the Ogimi survey").
    known_as: tuple[Text, ...] = ()
    # Another record of the same trial (a conference abstract beside the paper): copy that
    # describes the trial is checked against both, and cannot tell them apart.
    same_trial_as: Slug | None = None


@dataclass(frozen=True, kw_only=True)
class Study(PackModel):
    """One study or reference source in the registry."""

    id: Slug
    title: Text
    authors: tuple[Text, ...] = ()
    # Who stands behind a source with no personal authors (an agency, a reference work).
    organisation: str = ""
    # None when no source gave a date: an unknown year is left out, never guessed.
    year: Annotated[int, Limits(ge=1800, le=2100)] | None = None
    journal: str = ""  # the venue: journal with volume and pages, book, registry, agency
    identifiers: Identifiers = field(default_factory=Identifiers)
    substance: Slug
    design: Design
    population: Population
    status: Status
    findings: tuple[StudyFinding, ...] = ()
    protocol: Protocol = field(default_factory=Protocol)
    limitations: tuple[Text, ...] = ()
    # When the record was last checked against its source.
    reviewed: date
    # Why authors, year or venue are absent: a gap is explained, never filled with a guess.
    missing: dict[Literal["authors", "year", "journal", "identifiers"], Text] = field(
        default_factory=dict
    )
    # Curators' notes: where each fact was seen, what could not be confirmed. Internal:
    # `studies show` prints them only with --verbose.
    curation: str = ""

    def __post_init__(self) -> None:
        """A record without authors, year, venue or identifiers must say why."""
        absent = {
            "identifiers": "no pmid, doi, pmc, nct or url: record one",
            "authors": "no authors or an organisation: record them",
            "year": "no year: record it",
            "journal": "no journal: record it",
        }
        present = {
            "identifiers": self.identifiers.any(),
            "authors": bool(self.authors or self.organisation),
            "year": self.year is not None,
            "journal": bool(self.journal),
        }
        for gap, problem in absent.items():
            if not present[gap] and gap not in self.missing:
                raise ValueError(f"{problem}, or say why under missing.{gap}")

    def first_author(self) -> str | None:
        """The first author's surname, as copy cites it ("Fridman"); None without authors."""
        return _surname(self.authors[0]) if self.authors else None

    def short_citation(self) -> str:
        """Author-year citation, e.g. 'Fridman et al. 2019'."""
        year = "" if self.year is None else f" {self.year}"
        if not self.authors:  # cite by who published it, or where: "GeneReviews 2015"
            who = self.organisation or _venue(self.journal) or _shorten(self.title)
            return f"{who}{year}"
        surname = _surname(self.authors[0])
        etal = " et al." if len(self.authors) > 1 else ""
        return f"{surname}{etal}{year}"

    def citation(self) -> str:
        """Short citation with the journal: 'Fridman et al. 2019, Neurology 92(4):e359-e370'."""
        if not (self.authors or self.organisation) or not self.journal:
            return self.short_citation()
        return f"{self.short_citation()}, {self.journal}"


def _venue(journal: str) -> str:
    """'Neurology 88(16 Suppl):P3.128' -> 'Neurology'."""
    return re.split(r"[\d(,:;]", journal, maxsplit=1)[0].strip()


def _shorten(title: str, limit: int = 48) -> str:
    """A title cut at a word boundary."""
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0] + "…"


def _surname(author: str) -> str:
    """'den Hollander B' -> 'den Hollander'; 'Doe J' -> 'Doe'."""
    parts = author.replace(",", " ").split()
    if len(parts) > 1 and parts[-1].isupper() and len(parts[-1]) <= 4:
        return " ".join(parts[:-1])
    return author


@dataclass(frozen=True, kw_only=True)
class Concept(PackModel):
    """A condition, outcome or body system, with every name copy uses for it.

    Claims refer to concepts by id and inherit their terms, so a lay word added once
    ("Lou Gehrig's disease") reaches every claim on the topic.
    """

    id: Slug
    name: Text
    terms: Annotated[tuple[Text, ...], Limits(min_length=1)]
    # A disease or condition: "the disease" in a paragraph about it stands for it.
    disease: bool = False


@dataclass(frozen=True, kw_only=True)
class OutcomeTerm(PackModel):
    """An outcome a claim is about, with the other words copy uses for it."""

    term: Text
    synonyms: tuple[Text, ...] = ()

    def all_terms(self) -> tuple[str, ...]:
        """The term and its synonyms."""
        return (self.term, *self.synonyms)


@dataclass(frozen=True, kw_only=True)
class EvidenceLink(PackModel):
    """A study and how it bears on a claim."""

    study: Slug
    relation: Relation
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class CuratedVerdict(PackModel):
    """A verdict set by a curator, for facts no study table captures."""

    verdict: Verdict
    rationale: Text


@dataclass(frozen=True, kw_only=True)
class Claim(PackModel):
    """A canonical proposition that copy may make."""

    id: Slug
    statement: Text
    substance: Slug
    kind: ClaimKind
    # What the claim is about: shared concepts (by id) and/or its own outcome terms.
    concepts: tuple[Slug, ...] = ()
    outcomes: tuple[OutcomeTerm, ...] = ()
    # Each group is a set of alternatives; a sentence must mention one of every group.
    requires: tuple[tuple[Text, ...], ...] = ()
    # Words that turn a sentence into a different claim: one of them and this claim is not
    # made ("taking serine out of the diet slowed tumours" is not "serine fights cancer").
    excludes: tuple[Text, ...] = ()
    phrasings: Annotated[tuple[Text, ...], Limits(min_length=2)]
    evidence: tuple[EvidenceLink, ...] = ()
    accurate_wording: Text
    curated: CuratedVerdict | None = None
    # More general claims this one refines: when both match a sentence, only this one is
    # reported ("Ogimi diet may protect the brain" narrows "L-serine is neuroprotective").
    narrows: tuple[Slug, ...] = ()
    notes: str = ""

    def __post_init__(self) -> None:
        if not self.outcomes and not self.concepts:
            raise ValueError("a claim needs at least one concept or outcome term")
        if not self.evidence and self.curated is None:
            raise ValueError("a claim needs at least one evidence link or a curated verdict")
