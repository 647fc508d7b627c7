"""Descriptions are scored once per kind of record: the same study wins as when each record
is scored, in registries with many records alike (renamed copies, twins, other trials)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path

import pytest
import yaml

from claimcheck import studyrefs
from claimcheck.model import Design, Dose, DoseUnit, Species, Study
from claimcheck.pack import Pack, load_pack
from claimcheck.segment import segment_text
from claimcheck.studyrefs import StudyIndex, build_study_index, find_reference

REPO = Path(__file__).resolve().parents[2]


def record_keys(study: Study) -> set[str]:
    """The details a record can share with a sentence, as `studyrefs._sharing` names them."""
    protocol = study.protocol
    keys = {f"year:{y}" for y in studyrefs.record_years(study)}
    keys |= {f"condition:{c}" for c in protocol.conditions}
    keys.add(f"species:{study.population.species.value}")
    keys |= {f"country:{c}" for c in studyrefs.record_countries(protocol.places)}
    keys |= {f"dose:{studyrefs._KIND_OF[d.unit.value]}" for d in protocol.doses}
    keys |= {"phase"} if protocol.phase else set()
    keys |= {"duration"} if protocol.duration else set()
    return keys


def sentence_keys(details: studyrefs._Details) -> set[str]:
    keys = {f"year:{y}" for y in details.years}
    keys |= {f"condition:{c}" for c in details.conditions}
    keys |= {f"species:{a}" for a in details.animals}
    keys |= {f"country:{c}" for c in details.places}
    keys |= {f"dose:{a.kind}" for a in details.amounts}
    keys |= {"phase"} if details.phase else set()
    keys |= {"duration"} if details.days else set()
    return keys


def each_record_by_description(
    sentence: str, index: StudyIndex, substances: Sequence[str]
) -> studyrefs.Reference | None:
    """The reference: every record sharing a detail scored on its own, in registry order."""
    noun = studyrefs._study_noun_pattern().search(sentence)
    if noun is None or studyrefs._NONE_SUCH.search(sentence[: noun.start()]):
        return None
    if not index.any_detail.search(sentence):
        return None
    details = studyrefs._details(sentence, index, substances)
    keys = sentence_keys(details)
    named = details.known | details.named_places | details.venues
    sharing = [sid for sid, s in index.studies.items() if sid in named or record_keys(s) & keys]
    scores = {sid: studyrefs._fit(details, index.studies[sid], index) for sid in sharing}
    best_without = studyrefs._best_without_sharing(details)
    if not scores or max(max(scores.values()), best_without) < studyrefs.MIN_DESCRIPTION_SCORE:
        return None
    if max(scores.values()) - best_without < studyrefs.MARGIN:
        scores = {sid: studyrefs._fit(details, s, index) for sid, s in index.studies.items()}
    winner = studyrefs._winner(studyrefs._by_trial(scores, index), studyrefs.MIN_DESCRIPTION_SCORE)
    return studyrefs.Reference(winner[0], "description", noun.span()) if winner else None


def each_record_scores(
    details: studyrefs._Details, index: StudyIndex, records: Sequence[str]
) -> dict[str, int]:
    return {sid: studyrefs._fit(details, index.studies[sid], index) for sid in records}


def _changed(study: Study, n: int) -> Study:
    """A copy that differs from `study` in one thing `_fit` reads (which one turns on `n`)."""
    protocol = study.protocol
    changes: list[Study] = [
        dataclasses.replace(study, year=(study.year or 2000) + 1),
        dataclasses.replace(study, journal="Journal of Invented Results 12(3)"),
        dataclasses.replace(
            study,
            population=dataclasses.replace(
                study.population,
                species=Species.RAT if study.population.species is Species.HUMAN else Species.HUMAN,
            ),
        ),
        dataclasses.replace(
            study, design=Design.RCT if study.design is not Design.RCT else Design.COHORT
        ),
        dataclasses.replace(
            study, protocol=dataclasses.replace(protocol, phase=None if protocol.phase else "II")
        ),
        dataclasses.replace(
            study,
            protocol=dataclasses.replace(
                protocol, doses=(Dose(amount=400, unit=DoseUnit.MG_PER_KG),)
            ),
        ),
        dataclasses.replace(study, protocol=dataclasses.replace(protocol, duration=None)),
        dataclasses.replace(study, protocol=dataclasses.replace(protocol, places=("Canada",))),
        dataclasses.replace(study, protocol=dataclasses.replace(protocol, conditions=())),
        dataclasses.replace(
            study, protocol=dataclasses.replace(protocol, known_as=("the INVENTED trial",))
        ),
    ]
    return changes[n % len(changes)]


def crowded(studies: Mapping[str, Study]) -> dict[str, Study]:
    """The registry with, for each record, records alike but for what `_fit` does not read
    (another substance, another trial, the same trial) and one that differs a little."""
    out = dict(studies)
    for n, (sid, study) in enumerate(studies.items()):
        # NOTE: only some records get a twin of their own substance (a tie): others must
        # still resolve among their copies
        other = "invented-substance"
        changed = _changed(study, n)
        copies = [
            dataclasses.replace(study, id=f"{sid}-other", substance=other),
            dataclasses.replace(
                study,
                id=f"{sid}-abstract",
                substance=other if n % 2 else study.substance,
                protocol=dataclasses.replace(
                    study.protocol, same_trial_as=f"{sid}-other" if n % 2 else sid
                ),
            ),
            dataclasses.replace(
                changed,
                id=f"{sid}-changed",
                substance="changed-substance" if n % 3 else changed.substance,
            ),
            dataclasses.replace(
                _changed(study, n + 3), id=f"{sid}-changed-more", substance="more-substance"
            ),
        ]
        if n % 4 == 0:
            copies.append(dataclasses.replace(study, id=f"{sid}-twin", title=f"{study.title}."))
        out.update({copy.id: copy for copy in copies})
    return out


@cache
def _pack() -> Pack:
    return load_pack()


@cache
def index_of(kind: str) -> StudyIndex:
    pack = _pack()
    studies = crowded(pack.studies) if kind == "crowded" else dict(pack.studies)
    return build_study_index(studies, pack.concepts)


def sentences() -> Iterator[str]:
    """Study descriptions: the labelled sets' sentences and those of the examples."""
    for split in ("dev", "dev2", "test"):
        items = yaml.safe_load((REPO / "benchmarks" / "studyrefs" / f"{split}.yaml").read_text())
        yield from (item["text"] for item in items)
    for path in sorted((REPO / "examples").glob("*.md")):
        yield from (s.text for s in segment_text(path.read_text(encoding="utf-8")))


SUBSTANCES: list[tuple[str, ...]] = [
    (),
    ("l-serine",),
    ("invented-substance",),
    ("changed-substance", "l-serine"),
    ("more-substance", "invented-substance", "more-substance"),
]


@pytest.mark.parametrize("kind", ["shipped", "crowded"])
def test_the_same_study_wins_as_when_each_record_is_scored(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = index_of(kind)
    cases = [(s, subs) for s in dict.fromkeys(sentences()) for subs in SUBSTANCES]
    found = [find_reference(s, index, subs) for s, subs in cases]
    monkeypatch.setattr(studyrefs, "_by_description", each_record_by_description)
    monkeypatch.setattr(studyrefs, "_scores", each_record_scores)
    expected = [find_reference(s, index, subs) for s, subs in cases]
    differ = [(case, f, e) for case, f, e in zip(cases, found, expected, strict=True) if f != e]
    assert not differ, differ[:5]
    # the registries hold descriptions that resolve, and ties that leave them unresolved
    described = [f.study_id for f in found if f is not None and f.how == "description"]
    assert len(described) > 40
    if kind == "crowded":  # copies win too
        assert {sid.rsplit("-", 1)[-1] for sid in described} >= {"other", "changed"}


def test_records_alike_but_for_their_substance_are_one_kind() -> None:
    index = index_of("crowded")
    for sid, study in _pack().studies.items():
        kind = index.kind_of[sid]
        assert index.kind_of[f"{sid}-other"] == kind
        assert f"{sid}-twin" not in index.kind_of or index.kind_of[f"{sid}-twin"] == kind
        assert index.kind_of[f"{sid}-abstract"] == kind
        changed = index.studies[f"{sid}-changed"]
        if dataclasses.replace(changed, id=sid, substance=study.substance) != study:
            assert index.kind_of[changed.id] != kind


def test_a_record_alike_of_another_trial_leaves_no_clear_winner() -> None:
    pack = _pack()
    sentence = "A 2019 phase II trial in people with HSAN1 gave 400 mg/kg for two years."
    alone = find_reference(sentence, index_of("shipped"), ())
    assert alone is not None and alone.how == "description"
    study = pack.studies[alone.study_id]
    twin = dataclasses.replace(study, id="twin", title="Another report")
    other = dataclasses.replace(study, id="other", substance="invented-substance")
    same_trial = dataclasses.replace(
        twin, protocol=dataclasses.replace(study.protocol, same_trial_as=study.id)
    )

    def resolved(*extra: Study, named: tuple[str, ...] = ()) -> str | None:
        index = build_study_index({**pack.studies, **{s.id: s for s in extra}}, pack.concepts)
        found = find_reference(sentence, index, named)
        return found.study_id if found else None

    assert resolved(twin) is None  # a tie between two trials
    assert resolved(twin, named=("l-serine",)) is None
    assert resolved(same_trial) == study.id  # one trial: its first record stands for it
    assert resolved(other) is None
    assert resolved(other, named=("l-serine",)) == study.id
    assert resolved(other, named=("invented-substance",)) == "other"
