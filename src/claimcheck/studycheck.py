"""Compare what a sentence says about a study with the study's record (issue 9).

`studyrefs` says which study a sentence describes, `statements` what the sentence states
about it; here each statement meets the record. A statement the record has no field for
stays silent: the registry cannot check it, so it is not called wrong. Each mismatch names
the field, the copy's words and what the record says, in words an editor can paste.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

from claimcheck.model import Dose, Species, Status, Study
from claimcheck.statements import (
    Amount,
    Statement,
    dose_fits,
    durations,
    given_doses,
    lexicon,
    same_phase,
    stated,
)
from claimcheck.studyrefs import StudyIndex, condition_mentions, record_years

__all__ = ["FIELDS", "FIELD_NAMES", "Mismatch", "check_study"]

# The fields a mismatch can be about, in the order a report lists them.
FIELDS = (
    "n",
    "year",
    "phase",
    "randomized",
    "placebo",
    "blinding",
    "arms",
    "crossover",
    "status",
    "dose",
    "duration",
    "species",
    "population",
    "place",
    "result",
)
# How a report names each field.
FIELD_NAMES = {
    "n": "size",
    "year": "year",
    "phase": "phase",
    "randomized": "randomization",
    "placebo": "control group",
    "blinding": "blinding",
    "arms": "arms",
    "crossover": "crossover",
    "status": "status",
    "dose": "dose",
    "duration": "length",
    "species": "species",
    "population": "population",
    "place": "place",
    "result": "result",
}
# Institutions whose names match this closely are the same place ("Dartmouth" and
# "Dartmouth-Hitchcock").
SAME_INSTITUTION = 80


@dataclass(frozen=True)
class Mismatch:
    """One thing the copy says about a study that its record contradicts."""

    study_id: str
    field: str
    copy: str
    record: str
    span: tuple[int, int]


def check_study(sentence: str, study: Study, index: StudyIndex) -> list[Mismatch]:
    """Every statement in `sentence` about `study` that its record contradicts."""
    figures = [f for record in index.records_of_trial(study.id) for f in record.protocol.figures]
    study = study.model_copy(
        update={"protocol": study.protocol.model_copy(update={"figures": tuple(figures)})}
    )
    statements = [s for s in stated(sentence) if not _excluded(sentence, s)]
    named = [s.span for s in statements if s.field == "institution"]
    statements = [
        s
        for s in statements
        if s.field != "place" or not any(a <= s.span[0] and s.span[1] <= b for a, b in named)
    ]
    mismatches: list[Mismatch] = []
    for statement in statements:
        compare = COMPARISONS.get(statement.field)
        record = compare(statement, study) if compare else None
        if record is not None:
            field = _vocabulary_field(statement)
            mismatches.append(Mismatch(study.id, field, statement.text, record, statement.span))
    mismatches += _population(sentence, study, index)
    return _one_per_field(mismatches)


_NOT_A_SIZE = re.compile(
    r"\b(?:in|per|every|out of|affects?|affecting|planned|target(?:ed)?|intended|aimed at)\s+"
    r"(?:an? )?$",
    re.IGNORECASE,
)


def _with_trial_figures(study: Study, index: StudyIndex) -> Study:
    """The record with the headline numbers of every record of its trial.

    A trial's paper and its conference abstract report different numbers; copy that
    quotes either is right.
    """
    records = index.records_of_trial(study.id)
    figures = tuple(f for record in records for f in record.protocol.figures)
    protocol = study.protocol.model_copy(update={"figures": figures})
    return study.model_copy(update={"protocol": protocol})


def _excluded(sentence: str, statement: Statement) -> bool:
    """Numbers that are not about the study's participants: '1 in 10,000 people'."""
    before = sentence[max(0, statement.span[0] - 12) : statement.span[0]].lower()
    if statement.field == "n":
        # "1 in 10,000 people" is prevalence; "a planned 40 patients" a target, not a size.
        return bool(_NOT_A_SIZE.search(before))
    return False


def _vocabulary_field(statement: Statement) -> str:
    aliases = {"control": "placebo", "institution": "place", "age": "population"}
    return aliases.get(statement.field, statement.field)


def _one_per_field(mismatches: list[Mismatch]) -> list[Mismatch]:
    """One finding per field: the first contradicted statement of each kind."""
    seen: dict[str, Mismatch] = {}
    for mismatch in sorted(mismatches, key=lambda m: m.span):
        seen.setdefault(mismatch.field, mismatch)
    return sorted(seen.values(), key=lambda m: FIELDS.index(m.field))


# --- sample size -----------------------------------------------------------------------


def _size_record(study: Study) -> str:
    protocol = study.protocol
    counted = "randomized" if study.protocol.randomized else "enrolled"
    parts = [f"{study.population.n} {counted}"]
    if protocol.n_completed is not None:
        parts.append(f"{protocol.n_completed} completed")
    if protocol.n_per_arm:
        parts.append("per arm " + ", ".join(str(n) for n in protocol.n_per_arm))
    return "; ".join(parts)


def _check_count(statement: Statement, study: Study) -> str | None:
    low, high, kind = statement.value
    if study.population.n is None:
        return None
    if kind is not None and kind != _species_kind(study.population.species):
        return None  # a count of other beings: the species check speaks for it
    protocol = study.protocol
    options = {study.population.n, *protocol.n_per_arm}
    if protocol.n_completed is not None:
        options.add(protocol.n_completed)
    if len(protocol.n_per_arm) > 1:
        options.add(sum(protocol.n_per_arm))
    if any(low - 1e-9 <= n <= high + 1e-9 for n in options):
        return None
    return _size_record(study)


def _species_kind(species: Species) -> str:
    return "human" if species is Species.HUMAN else species.value


# --- year, phase, design, status ---------------------------------------------------------


def _check_year(statement: Statement, study: Study) -> str | None:
    years = record_years(study)
    if not years or statement.value in years:
        return None
    return f"{study.year}" if study.year is not None else ", ".join(map(str, sorted(years)))


def _check_phase(statement: Statement, study: Study) -> str | None:
    record = study.protocol.phase
    if record is None or same_phase(str(statement.value), record):
        return None
    return f"phase {record}"


def _check_randomized(statement: Statement, study: Study) -> str | None:
    record = study.protocol.randomized
    if record is None or record == statement.value:
        return None
    return "randomized" if record else "not randomized"


CONTROL_WORDS = {
    "placebo": "placebo-controlled",
    "historical": "compared with historical controls, no placebo group",
    "active": "compared with another treatment, no placebo group",
    "none": "no control group",
}


def _design_summary(study: Study) -> str:
    """'open-label, single arm' for the details that make a trial uncontrolled."""
    protocol = study.protocol
    parts = [protocol.blinding or "", "single arm" if protocol.arms == 1 else ""]
    return ", ".join(p for p in parts if p)


def _check_control(statement: Statement, study: Study) -> str | None:
    record = study.protocol.control
    if record is None:
        return None
    copy = statement.value
    wrong = (
        (copy == "placebo" and record != "placebo")
        or (copy == "none" and record in {"placebo", "active"})
        or (copy == "historical" and record in {"placebo", "none"})
        or (copy == "controlled" and record == "none")
    )
    if not wrong:
        return None
    summary = _design_summary(study)
    return (
        f"{CONTROL_WORDS[record]} ({summary})"
        if summary and record == "none"
        else CONTROL_WORDS[record]
    )


def _check_blinding(statement: Statement, study: Study) -> str | None:
    record = study.protocol.blinding
    if record is None:
        return None
    copy = statement.value
    if copy == record or (copy == "blinded" and record != "open-label"):
        return None
    return record


def _check_arms(statement: Statement, study: Study) -> str | None:
    record = study.protocol.arms
    if record is None or record == statement.value:
        return None
    return "single arm" if record == 1 else f"{record} arms"


def _check_crossover(statement: Statement, study: Study) -> str | None:
    record = study.protocol.crossover
    if record is None or record == statement.value:
        return None
    return "crossover" if record else "parallel groups, no crossover"


def _registry_only(study: Study) -> bool:
    ids = study.identifiers
    return bool(ids.nct) and not (ids.pmid or ids.doi or ids.pmc)


def _check_status(statement: Statement, study: Study) -> str | None:
    status = study.status
    copy = statement.value
    published = not _registry_only(study) and status is not Status.UNPUBLISHED
    wrong = (
        (copy == "completed" and status in {Status.TERMINATED, Status.ONGOING, Status.WITHDRAWN})
        or (copy == "terminated" and status in {Status.COMPLETED, Status.ONGOING})
        or (copy == "ongoing" and status in {Status.COMPLETED, Status.TERMINATED, Status.WITHDRAWN})
        or (copy == "published" and (not published or status is Status.ONGOING))
        or (copy == "unpublished" and published)
    )
    if not wrong:
        return None
    if copy in {"published", "unpublished"}:
        if status is Status.ONGOING:
            return "ongoing, no results yet"
        return "results published" if published else "no published results"
    return status.value


# --- dose and duration -------------------------------------------------------------------


def _dose_words(dose: Dose) -> str:
    amount = f"{dose.amount:g} {dose.unit.value}"
    if dose.times_daily and dose.times_daily > 1:
        times = {2: "twice", 3: "three times", 4: "four times"}.get(dose.times_daily)
        return f"{amount} {times or f'{dose.times_daily} times'} daily"
    return amount


def _close(value: float, target: float, tolerance: float) -> bool:
    return abs(value - target) <= tolerance * max(abs(target), 1e-9)


def _check_dose(statement: Statement, study: Study) -> str | None:
    amount: Amount = statement.value
    given = given_doses(study.protocol.doses, amount.kind)
    if not given or dose_fits(amount, given):
        return None
    return "; ".join(_dose_words(d) for d in study.protocol.doses)


def _record_durations(study: Study) -> list[tuple[float, str]]:
    """Lengths the record states: the protocol's, and any its findings and limits name."""
    days_per = lexicon()["days_per"]
    found: list[tuple[float, str]] = []
    duration = study.protocol.duration
    if duration is not None:
        unit = duration.unit.value
        words = f"{duration.value:g} {unit}{'s' if duration.value != 1 else ''}"
        found.append((duration.value * float(days_per[unit]), words))
    texts = [f.result for f in study.findings] + list(study.limitations)
    for text in texts:
        for statement in durations(text):
            low, high = statement.value  # "up to 2 years" in a record: two years
            found.append((high if high != float("inf") else low, statement.text))
    return found


def _check_duration(statement: Statement, study: Study) -> str | None:
    record = _record_durations(study)
    if study.protocol.duration is None:
        return None
    low, high = statement.value
    tolerance = float(lexicon()["tolerances"]["duration"])
    if any(low * (1 - tolerance) <= days <= high * (1 + tolerance) for days, _ in record):
        return None
    return record[0][1]


# --- who, where, what was found ---------------------------------------------------------


def _check_species(statement: Statement, study: Study) -> str | None:
    record = study.population.species
    if record is Species.NONE or _species_kind(record) == statement.value:
        return None
    return "humans" if record is Species.HUMAN else record.value


@cache
def _country_of() -> dict[str, str]:
    return {str(n): str(p) for p, names in lexicon()["places"].items() for n in [p, *names]}


def _record_places(study: Study) -> tuple[set[str], list[str]]:
    """(countries, institutions) the record names."""
    countries, institutions = set(), []
    for place in study.protocol.places:
        country = _country_of().get(place)
        if country:
            countries.add(country)
        else:
            institutions.append(place)
    return countries, institutions


def _check_place(statement: Statement, study: Study) -> str | None:
    countries, _ = _record_places(study)
    if not countries or statement.value in countries:
        return None
    return ", ".join(study.protocol.places)


def _check_institution(statement: Statement, study: Study) -> str | None:
    _, institutions = _record_places(study)
    if not institutions:
        return None
    name = str(statement.value)
    if any(fuzz.token_set_ratio(name, known) >= SAME_INSTITUTION for known in institutions):
        return None
    # "University of Hawaii" may sit in a country the record names: only a named
    # institution the record lacks is wrong.
    return ", ".join(study.protocol.places)


def _check_result(statement: Statement, study: Study) -> str | None:
    value, unit = statement.value
    figures = [f for f in study.protocol.figures if f.unit == unit]
    if not figures:
        return None
    tolerances = lexicon()["tolerances"]
    points, fraction = float(tolerances["figure_points"]), float(tolerances["figure_fraction"])
    if any(abs(value - f.value) <= max(points, fraction * abs(f.value)) for f in figures):
        return None
    return "; ".join(f"{f.value:g}{'%' if f.unit == '%' else '-fold'} {f.about}" for f in figures)


def _check_population(statement: Statement, study: Study) -> str | None:
    """'healthy volunteers' for a study of patients, 'patients' for one of healthy people."""
    condition = study.population.condition
    healthy = condition.lower().startswith("healthy")
    if statement.value == "healthy" and study.protocol.conditions and not healthy:
        return condition
    if statement.value == "patients" and healthy:
        return condition
    return None


def _check_age(statement: Statement, study: Study) -> str | None:
    """'autistic adults' for a trial in children."""
    record = _age_groups(study.population.condition)
    if not record or statement.value in record:
        return None
    return study.population.condition


def _age_groups(text: str) -> set[str]:
    groups = lexicon()["age_groups"]
    return {
        str(group)
        for group, words in groups.items()
        if any(re.search(rf"\b{re.escape(str(w))}\b", text, re.IGNORECASE) for w in words)
    }


PEOPLE_OR_STUDY = re.compile(
    r"\b(?:patients|people|participants|adults|children|volunteers|subjects|individuals|"
    r"sufferers|cases|mice|rats|monkeys|study|trial|studies|trials|experiment|cohort)\b",
    re.IGNORECASE,
)


def _population(sentence: str, study: Study, index: StudyIndex) -> list[Mismatch]:
    """A condition the copy says the participants had, which the record's did not."""
    record = set(study.protocol.conditions)
    if not record:
        return []
    out = []
    named = condition_mentions(sentence, index)
    if record & set(named):
        return []  # "ALS and Alzheimer's": the copy names the study's own population too
    for concept, (start, end) in named.items():
        if concept in record or concept in _broad_concepts():
            continue
        near = sentence[max(0, start - 40) : end + 25]
        if not PEOPLE_OR_STUDY.search(near):
            continue
        words = ", ".join(index.condition_names.get(c, c) for c in study.protocol.conditions)
        out.append(Mismatch(study.id, "population", sentence[start:end], words, (start, end)))
    return out


@cache
def _broad_concepts() -> frozenset[str]:
    """Concepts broad enough to describe any neurological study population."""
    return frozenset(lexicon().get("broad_conditions", ()))


COMPARISONS: Mapping[str, Callable[[Statement, Study], str | None]] = {
    "n": _check_count,
    "year": _check_year,
    "phase": _check_phase,
    "randomized": _check_randomized,
    "control": _check_control,
    "blinding": _check_blinding,
    "arms": _check_arms,
    "crossover": _check_crossover,
    "status": _check_status,
    "dose": _check_dose,
    "duration": _check_duration,
    "species": _check_species,
    "population": _check_population,
    "age": _check_age,
    "place": _check_place,
    "institution": _check_institution,
    "result": _check_result,
}
