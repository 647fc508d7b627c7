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
from claimcheck.studyrefs import (
    StudyIndex,
    condition_mentions,
    record_countries,
    record_institutions,
    record_years,
)

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


def check_study(
    sentence: str, study: Study, index: StudyIndex, *, whole_trial: bool = False
) -> list[Mismatch]:
    """Every statement in `sentence` about `study` that its record contradicts.

    `whole_trial`: the sentence describes the trial rather than citing this record (by
    description, not by id or author), so a number any record of the trial gives is right.
    """
    twins = [] if whole_trial else index.records_of_trial(study.id)[1:]
    if whole_trial:
        study = _with_trial_figures(study, index)
    statements = [s for s in stated(sentence) if not _excluded(sentence, s)]
    statements = _without_proposals(sentence, statements)
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
    mismatches += _misattributed_figures(statements, study, twins)
    if _counts_add_up(statements, study):
        mismatches = [m for m in mismatches if m.field != "n"]
    return _one_per_field(mismatches)


def _misattributed_figures(
    statements: list[Statement], study: Study, twins: list[Study]
) -> list[Mismatch]:
    """A number cited to this record that only another report of the trial gives.

    "Levine et al. (2017) reported a 34% slower decline": the paper reports no such figure;
    the conference abstract of the same trial does.
    """
    out = []
    for statement in statements:
        if statement.field != "result" or study.protocol.figures:
            continue
        value, unit = statement.value
        for twin in twins:
            if any(f.unit == unit and _same_figure(value, f.value) for f in twin.protocol.figures):
                record = f"not in this report; {twin.short_citation()} reports it"
                out.append(Mismatch(study.id, "result", statement.text, record, statement.span))
    return out


def _same_figure(stated: float, recorded: float) -> bool:
    tolerances = lexicon()["tolerances"]
    points, fraction = float(tolerances["figure_points"]), float(tolerances["figure_fraction"])
    return abs(stated - recorded) <= max(points, fraction * abs(recorded))


def _with_trial_figures(study: Study, index: StudyIndex) -> Study:
    """The record with the headline numbers of every record of its trial."""
    records = index.records_of_trial(study.id)
    figures = tuple(f for record in records for f in record.protocol.figures)
    protocol = study.protocol.model_copy(update={"figures": figures})
    return study.model_copy(update={"protocol": protocol})


_PROPOSAL = re.compile(
    r"\b(?:to propose|proposed?|recommend(?:ed|s)?|suggest(?:ed|s)?|to guide|planned|plans? to)\b",
    re.IGNORECASE,
)


def _without_proposals(sentence: str, statements: list[Statement]) -> list[Statement]:
    """Statements before any word that turns to what a study proposed for later.

    "... used to propose 2 to 14 g for children" is not what the study did.
    """
    cut = _PROPOSAL.search(sentence)
    if cut is None:
        return statements
    return [s for s in statements if s.span[0] < cut.start()]


def _counts_add_up(statements: list[Statement], study: Study) -> bool:
    """'29 patients with 30 healthy controls' reports two groups of one study of 59."""
    exact = [s.value[0] for s in statements if s.field == "n" and s.value[0] == s.value[1]]
    return len(exact) > 1 and study.population.n is not None and sum(exact) == study.population.n


_NOT_A_SIZE = re.compile(
    r"\b(?:in|per|every|out of|affects?|affecting|planned|target(?:ed)?|intended|aimed at)\s+"
    r"(?:an? )?$",
    re.IGNORECASE,
)


_OTHER_PEOPLE = re.compile(r"\b(?:historical|matched|past|earlier|previous)\b", re.IGNORECASE)


def _excluded(sentence: str, statement: Statement) -> bool:
    """Numbers that are not about the study's participants: '1 in 10,000 people'."""
    before = sentence[max(0, statement.span[0] - 12) : statement.span[0]].lower()
    if statement.field == "n":
        # "1 in 10,000 people" is prevalence; "a planned 40 patients" a target, not a size;
        # "430 historical controls" came from other trials.
        return bool(_NOT_A_SIZE.search(before) or _OTHER_PEOPLE.search(statement.text))
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


def _check_dose(statement: Statement, study: Study) -> str | None:
    amount: Amount = statement.value
    given = given_doses(study.protocol.doses, amount.kind)
    if given and dose_fits(amount, given):
        return None
    if not given and not _unit_slip(statement, study):
        return None  # the record gives no dose of this kind to compare with
    return "; ".join(_dose_words(d) for d in study.protocol.doses)


def _unit_slip(statement: Statement, study: Study) -> bool:
    """'400 mg a day' for a study that gave 400 mg/kg: the number with the wrong unit."""
    numbers = [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", statement.text)]
    return any(dose.amount in numbers for dose in study.protocol.doses)


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
    if _mentions_species(study.population.condition, str(statement.value)):
        return None  # a trial that also tested mice ("plus transgenic mice")
    return "humans" if record is Species.HUMAN else record.value


def _mentions_species(text: str, species: str) -> bool:
    words = lexicon()["animals"].get(species, [])
    return any(re.search(rf"\b{re.escape(str(w))}\b", text, re.IGNORECASE) for w in words)


def _record_places(study: Study) -> tuple[frozenset[str], tuple[str, ...]]:
    """(countries, institutions) the record names."""
    return record_countries(study.protocol.places), record_institutions(study.protocol.places)


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
    if any(_same_figure(value, f.value) for f in figures):
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
    """Age groups a population text names, in words or as an age range ("aged 2-11")."""
    groups = lexicon()["age_groups"]
    named = {
        str(group)
        for group, words in groups.items()
        if any(re.search(rf"\b{re.escape(str(w))}\b", text, re.IGNORECASE) for w in words)
    }
    if "adults" in named and "young adults" not in named:
        named.add("older adults")  # "adults" with no age limit includes older ones
    for low, high in re.findall(
        r"\b(\d{1,2})\s?(?:-|\u2013|to)\s?(\d{1,3})\s?(?:y\b|years?|yrs?)", text
    ):
        named |= _groups_in_ages(int(low), int(high))
    ages = re.search(r"\bage[sd]? (\d{1,2})\s?(?:-|\u2013|to)\s?(\d{1,3})\b", text)
    if ages:
        named |= _groups_in_ages(int(ages.group(1)), int(ages.group(2)))
    return named


def _groups_in_ages(low: int, high: int) -> set[str]:
    """'2-18' spans children and adolescents; '18-85' adults and older adults."""
    spans = {
        "children": (0, 11),
        "adolescents": (12, 17),
        "young adults": (18, 30),
        "adults": (18, 200),
        "older adults": (65, 200),
    }
    return {group for group, (a, b) in spans.items() if low <= b and a <= high}


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
