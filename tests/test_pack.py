"""Pack loading: every problem is `path:line: message`; the shipped pack is valid."""

from __future__ import annotations

import os
import threading
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
import yaml

from claimcheck.cli import main
from claimcheck.errors import PackError
from claimcheck.pack import MAX_PACK_FILE_BYTES, _duplicate_keys, check_pack, load_pack
from tests.conftest import claim_data, study_data

GOOD_STUDY = """\
id: rat-study
title: A rat study
authors: [Doe J]
year: 2021
identifiers:
  pmid: "1234567"
substance: testine
design: animal
population:
  species: rat
  n: 12
status: completed
journal: J Rats 1:1
reviewed: 2026-01-15
"""


def problems_of(pack_dir: Path) -> list[str]:
    """Problems as printed, with paths relative to the pack (as a user in it sees them)."""
    cwd = Path.cwd()
    os.chdir(pack_dir)
    try:
        _, problems = check_pack([Path()])
    finally:
        os.chdir(cwd)
    return [str(p) for p in problems]


def test_tiny_pack_loads(make_pack: Callable[..., Path]) -> None:
    pack = load_pack([make_pack()])
    assert list(pack.claims) == ["testine-improves-sleep"]
    assert pack.studies["mouse-study"].population.n == 20


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            GOOD_STUDY.replace("design: animal", "design: animal-study"),
            "studies/rat-study.yaml:8: design: Input should be 'meta-analysis'",
        ),
        (
            GOOD_STUDY.replace('pmid: "1234567"', 'pmid: "PMID1234567"'),
            "studies/rat-study.yaml:6: identifiers.pmid: PMID must be 1-9 digits",
        ),
        (
            GOOD_STUDY.replace('pmid: "1234567"', "doi: 11.1/x"),
            "studies/rat-study.yaml:6: identifiers.doi: DOI must look like 10.NNNN/suffix",
        ),
        (
            GOOD_STUDY.replace('pmid: "1234567"', "nct: NCT123"),
            "studies/rat-study.yaml:6: identifiers.nct: NCT number must be NCT followed by 8",
        ),
        (
            GOOD_STUDY.replace("  n: 12", "  n: twelve"),
            "studies/rat-study.yaml:11: population.n: Input should be a valid integer",
        ),
        (
            GOOD_STUDY.replace("title: A rat study\n", ""),
            "studies/rat-study.yaml:1: title: Field required",
        ),
        (
            GOOD_STUDY + "funding: big\n",
            "studies/rat-study.yaml:15: funding: Extra inputs are not permitted",
        ),
        (
            GOOD_STUDY.replace("id: rat-study", "id: other-study"),
            "studies/rat-study.yaml:1: id 'other-study' must match the file name",
        ),
        (
            GOOD_STUDY.replace("year: 2021", "year: 2021\nyear: 2022"),
            "studies/rat-study.yaml:5: duplicate key 'year'",
        ),
        (
            GOOD_STUDY.replace("  species: rat", "  species: [rat"),
            "studies/rat-study.yaml:11: invalid YAML",
        ),
        (
            GOOD_STUDY.replace("substance: testine", "substance: unobtainium"),
            "studies/rat-study.yaml:1: study rat-study: unknown substance 'unobtainium'",
        ),
        (
            GOOD_STUDY.replace('pmid: "1234567"', "url: https://47.251.13.51:8081/1234567"),
            "studies/rat-study.yaml:6: identifiers.url: 'https://47.251.13.51:8081/1234567' is "
            "not a canonical source",
        ),
        (
            GOOD_STUDY.replace(
                '  pmid: "1234567"', '  pmid: "1234567"\n  url: https://mirror.example/x'
            ),
            "studies/rat-study.yaml:7: identifiers.url: 'https://mirror.example/x' is not a "
            "canonical source",
        ),
        (
            GOOD_STUDY.replace("authors: [Doe J]\n", ""),
            "studies/rat-study.yaml:1: no authors or an organisation: record them, or say why "
            "under missing.authors",
        ),
        (
            GOOD_STUDY.replace("reviewed: 2026-01-15\n", ""),
            "studies/rat-study.yaml:1: reviewed: Field required",
        ),
    ],
    ids=[
        "enum",
        "pmid",
        "doi",
        "nct",
        "int",
        "missing",
        "extra",
        "id-file",
        "dup-key",
        "syntax",
        "substance",
        "url-mirror",
        "url-beside-pmid",
        "authors-unexplained",
        "reviewed-missing",
    ],
)
def test_bad_study_reports_path_and_line(
    make_pack: Callable[..., Path], text: str, expected: str
) -> None:
    pack_dir = make_pack()
    (pack_dir / "studies" / "rat-study.yaml").write_text(text)
    problems = problems_of(pack_dir)
    assert any(p.startswith(expected) for p in problems), problems


def test_claim_problems_point_at_the_claim(make_pack: Callable[..., Path]) -> None:
    pack_dir = make_pack(
        claims=[
            claim_data(),
            claim_data("testine-second", evidence=[{"study": "ghost", "relation": "supports"}]),
            claim_data(),
        ]
    )
    problems = problems_of(pack_dir)
    text = (pack_dir / "claims" / "testine.yaml").read_text().splitlines()
    second = next(i for i, line in enumerate(text, 1) if "testine-second" in line)
    assert (
        f"claims/testine.yaml:{second}: claim testine-second: evidence links unknown study "
        "'ghost'" in problems
    )
    assert any(
        "duplicate claim id 'testine-improves-sleep' (first defined at" in p for p in problems
    )


def test_claims_inherit_concept_terms_and_validate_references(
    make_pack: Callable[..., Path],
) -> None:
    pack_dir = make_pack(claims=[claim_data(concepts=["sleep"], outcomes=[])])
    (pack_dir / "concepts.yaml").write_text(
        "concepts:\n  - id: sleep\n    name: sleep\n    terms: [sleep, shut-eye]\n"
    )
    pack = load_pack([pack_dir])
    assert pack.claim_terms(pack.claims["testine-improves-sleep"]) == ("sleep", "shut-eye")
    (pack_dir / "concepts.yaml").write_text(
        "concepts:\n  - id: rest\n    name: rest\n    terms: [rest]\n"
    )
    assert any(
        "claim testine-improves-sleep: unknown concept 'sleep'" in p for p in problems_of(pack_dir)
    )


def test_excludes_keep_a_claim_out(make_pack: Callable[..., Path]) -> None:
    from claimcheck.pipeline import audit_text

    pack = load_pack([make_pack(claims=[claim_data(excludes=["melatonin pills"])])])
    assert audit_text("Testine helps you sleep.", pack)
    assert not audit_text("Testine, unlike melatonin pills, helps you sleep.", pack)


def test_claim_needs_a_topic(make_pack: Callable[..., Path]) -> None:
    pack_dir = make_pack(claims=[claim_data(outcomes=[])])
    assert any("needs at least one concept or outcome term" in p for p in problems_of(pack_dir))


def test_requires_may_name_only_known_predicate_classes(make_pack: Callable[..., Path]) -> None:
    assert problems_of(make_pack(claims=[claim_data(requires=[["more", "@benefit"]])])) == []
    problems = problems_of(make_pack(claims=[claim_data(requires=[["@blessing"]])]))
    assert any(
        "unknown predicate class '@blessing' (known: @benefit, @evidence, @harm)" in p
        for p in problems
    )


def test_claim_needs_evidence_or_curated_verdict(make_pack: Callable[..., Path]) -> None:
    pack_dir = make_pack(claims=[claim_data(evidence=[])])
    assert any(
        "a claim needs at least one evidence link or a curated verdict" in p
        for p in problems_of(pack_dir)
    )
    curated = claim_data(evidence=[], curated={"verdict": "no-evidence", "rationale": "searched"})
    assert problems_of(make_pack(claims=[curated])) == []


def test_claim_relation_must_be_known(make_pack: Callable[..., Path]) -> None:
    bad = claim_data(evidence=[{"study": "mouse-study", "relation": "proves"}])
    problems = problems_of(make_pack(claims=[bad]))
    assert any("evidence.0.relation: Input should be 'supports'" in p for p in problems)


def test_empty_oversized_and_binary_files(make_pack: Callable[..., Path]) -> None:
    pack_dir = make_pack(studies=[study_data()])
    (pack_dir / "studies" / "empty.yaml").write_text("")
    (pack_dir / "studies" / "huge.yaml").write_text("x: " + "a" * MAX_PACK_FILE_BYTES)
    (pack_dir / "studies" / "latin.yaml").write_bytes(b"title: caf\xe9\n")
    problems = problems_of(pack_dir)
    assert "studies/empty.yaml:1: file is empty" in problems
    assert any(p.startswith("studies/huge.yaml:1: file is") for p in problems)
    assert any(p.startswith("studies/latin.yaml:1: not valid UTF-8") for p in problems)


T = TypeVar("T")
HANG_SECONDS = 60  # generous: each of these finishes at once unless it hangs


def within(seconds: float, work: Callable[[], T]) -> T:
    """Run `work` in a daemon thread; fail instead of hanging the suite if it never returns."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # handed back to the test below
            failure.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if failure:
        raise failure[0]
    assert outcome, f"still running after {seconds} s"
    return outcome[0]


def billion_laughs(levels: int = 9, fan_out: int = 10) -> str:
    """A few hundred bytes of YAML whose aliases stand for fan_out**levels strings."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * fan_out)}]"]
    for level in range(1, levels):
        refs = ", ".join([f"*l{level - 1}"] * fan_out)
        lines.append(f"l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_yaml_anchors_and_aliases_are_refused_before_they_expand(
    make_pack: Callable[..., Path],
) -> None:
    pack_dir = make_pack()
    (pack_dir / "claims" / "testine.yaml").write_text(billion_laughs())
    problems = within(HANG_SECONDS, lambda: problems_of(pack_dir))
    assert problems == [
        "claims/testine.yaml:1: YAML anchor '&l0' is not allowed in pack files; "
        "write each value out in full"
    ]
    merged = GOOD_STUDY.replace("population:\n", "population: &rats\n") + "other: *rats\n"
    (pack_dir / "claims" / "testine.yaml").write_text(yaml.safe_dump({"claims": [claim_data()]}))
    (pack_dir / "studies" / "rat-study.yaml").write_text(merged)
    assert problems_of(pack_dir) == [
        "studies/rat-study.yaml:9: YAML anchor '&rats' is not allowed in pack files; "
        "write each value out in full"
    ]


def test_duplicate_key_check_visits_a_shared_node_once() -> None:
    shared = "base: &b {x: 1, x: 2}\n" + "".join(f"k{i}: *b\n" for i in range(1000))
    node = yaml.compose(shared, Loader=yaml.SafeLoader)
    assert [str(p) for p in _duplicate_keys(node, "f.yaml")] == ["f.yaml:1: duplicate key 'x'"]
    bomb = yaml.compose(billion_laughs(), Loader=yaml.SafeLoader)
    assert within(HANG_SECONDS, lambda: list(_duplicate_keys(bomb, "f.yaml"))) == []


def test_deep_nesting_is_a_problem_not_a_crash(make_pack: Callable[..., Path]) -> None:
    pack_dir = make_pack()
    (pack_dir / "claims" / "testine.yaml").write_text("claims: " + "[" * 900 + "]" * 900)
    assert problems_of(pack_dir) == ["claims/testine.yaml:1: nested more than 32 levels deep"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX")
def test_special_files_are_refused_without_being_opened(make_pack: Callable[..., Path]) -> None:
    pack_dir = make_pack()
    os.mkfifo(pack_dir / "studies" / "pipe.yaml")  # opening it would wait for a writer
    (pack_dir / "claims" / "zero.yaml").symlink_to("/dev/zero")  # reading it never ends
    (pack_dir / "claims" / "folder.yaml").mkdir()
    (pack_dir / "concepts.yaml").symlink_to("/dev/null")  # optional, but not this
    problems = within(HANG_SECONDS, lambda: problems_of(pack_dir))
    assert problems == [
        "claims/folder.yaml:1: not a regular file (a directory); pack files must be plain files",
        "claims/zero.yaml:1: not a regular file (a symlink to a device); pack files must be "
        "plain files",
        "concepts.yaml:1: not a regular file (a symlink to a device); pack files must be "
        "plain files",
        "studies/pipe.yaml:1: not a regular file (a FIFO); pack files must be plain files",
    ]


def test_an_oversized_file_is_refused_after_a_bounded_read(
    make_pack: Callable[..., Path],
) -> None:
    pack_dir = make_pack()
    with (pack_dir / "studies" / "huge.yaml").open("wb") as huge:
        huge.truncate(64 * 2**20)  # sparse where the file system allows: no disk used
    tracemalloc.start()
    try:
        problems = problems_of(pack_dir)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert problems == [
        f"studies/huge.yaml:1: file is larger than {MAX_PACK_FILE_BYTES} bytes, the limit "
        "for a pack file"
    ]
    assert peak < 16 * 2**20  # about the limit was read, not the whole 64 MiB


@pytest.mark.parametrize("command", ["validate", "audit"])
def test_cli_reports_a_hostile_pack_in_one_line(
    make_pack: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    pack_dir = make_pack()
    (pack_dir / "claims" / "testine.yaml").write_text(billion_laughs())
    (pack_dir / "copy.txt").write_text("Testine helps you sleep.\n")
    monkeypatch.chdir(pack_dir)
    args = ["validate", "."] if command == "validate" else ["audit", "copy.txt", "--pack", "."]
    code = within(HANG_SECONDS, lambda: main(args))
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    assert "claims/testine.yaml:1: YAML anchor '&l0' is not allowed in pack files" in err
    assert code == (1 if command == "validate" else 2)


def test_load_pack_raises_one_line_pack_error(make_pack: Callable[..., Path]) -> None:
    pack_dir = make_pack(claims=[claim_data(kind="miracle")])
    with pytest.raises(PackError) as raised:
        load_pack([pack_dir])
    assert "\n" not in str(raised.value)
    assert "kind: Input should be" in str(raised.value)


def test_missing_directory_is_a_problem(tmp_path: Path) -> None:
    _, problems = check_pack([tmp_path / "nope"])
    assert next(p.message for p in problems) == "pack directory does not exist"


def test_a_directory_without_pack_files_or_a_file_is_not_a_pack(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a pack", encoding="utf-8")
    _, problems = check_pack([tmp_path, tmp_path / "notes.txt"])
    assert [str(p) for p in problems] == [
        f"{tmp_path}: not a knowledge pack: no substances.yaml, concepts.yaml, studies/ "
        "or claims/ files",
        f"{tmp_path / 'notes.txt'}: not a directory",
    ]


def test_shipped_pack_is_valid() -> None:
    pack, problems = check_pack()
    assert problems == []
    assert pack is not None
    assert len(pack.studies) >= 50
    assert len(pack.claims) >= 60


def test_every_claim_has_evidence_or_a_curated_rationale() -> None:
    pack = load_pack()
    for claim in pack.claims.values():
        assert claim.evidence or (claim.curated and claim.curated.rationale.strip()), claim.id


def test_d_serine_is_its_own_substance() -> None:
    pack = load_pack()
    assert "d-serine" in pack.substances
    assert any(s.substance == "d-serine" for s in pack.studies.values())
    assert pack.claims_for("d-serine")


def test_every_study_has_an_identifier_or_says_why_not() -> None:
    pack = load_pack()
    unidentified = {s.id for s in pack.studies.values() if not s.identifiers.any()}
    assert all("identifiers" in pack.studies[i].missing for i in unidentified)
    # A handful at most: the registry is for studies a reader can look up.
    assert len(unidentified) <= 5, sorted(unidentified)


def test_shipped_links_go_to_registries_or_listed_hosts_only() -> None:
    pack = load_pack()
    for study in pack.studies.values():
        for _, url in study.identifiers.links():
            host = url.split("/")[2]
            assert not host.replace(".", "").isdigit(), (study.id, url)  # no bare IP
            assert url.startswith("https://"), (study.id, url)


def test_a_free_url_is_accepted_only_on_a_host_the_pack_lists(
    make_pack: Callable[..., Path],
) -> None:
    pack_dir = make_pack()
    (pack_dir / "sources.yaml").write_text("url_hosts: [ecfr.gov]\n")
    study = pack_dir / "studies" / "rat-study.yaml"
    allowed = "url: https://www.ecfr.gov/current/title-21/section-172.320"
    study.write_text(GOOD_STUDY.replace('pmid: "1234567"', allowed))
    assert problems_of(pack_dir) == []
    for url in (
        "http://www.ecfr.gov/current/title-21",  # not https
        "https://ecfr.gov.mirror.example/title-21",  # a look-alike host
        "https://www.ecfr.gov:8443/title-21",  # a port: a proxy, not the agency
    ):
        study.write_text(GOOD_STUDY.replace('pmid: "1234567"', f"url: {url}"))
        assert any("identifiers.url" in p for p in problems_of(pack_dir)), url


def test_a_missing_author_year_or_venue_is_fine_when_explained(
    make_pack: Callable[..., Path],
) -> None:
    pack_dir = make_pack()
    text = GOOD_STUDY.replace("authors: [Doe J]\n", "").replace("year: 2021\n", "")
    text += "missing:\n  authors: no author line on the record\n  year: undated web page\n"
    (pack_dir / "studies" / "rat-study.yaml").write_text(text)
    assert problems_of(pack_dir) == []
    loaded = load_pack([pack_dir])
    assert loaded.studies["rat-study"].short_citation() == "J Rats"


def test_an_organisation_stands_in_for_authors(make_pack: Callable[..., Path]) -> None:
    pack_dir = make_pack()
    text = GOOD_STUDY.replace("authors: [Doe J]", "organisation: US Food and Drug Administration")
    (pack_dir / "studies" / "rat-study.yaml").write_text(text)
    loaded = load_pack([pack_dir])
    assert loaded.studies["rat-study"].short_citation() == "US Food and Drug Administration 2021"


def test_a_broken_source_host_list_is_a_problem_not_a_crash(
    make_pack: Callable[..., Path],
) -> None:
    pack_dir = make_pack()
    (pack_dir / "sources.yaml").write_text("url_hosts: ecfr.gov\n")
    assert "sources.yaml:1: expected a mapping with a 'url_hosts' list" in problems_of(pack_dir)
