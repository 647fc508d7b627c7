"""Baselines: write, read back, hide known findings, refuse broken files in one line."""

from __future__ import annotations

import hashlib
import json

import pytest

from claimcheck.baseline import (
    BASELINE_VERSION,
    baseline_text,
    decode_baseline,
    filter_new,
    read_baseline,
)
from claimcheck.errors import InputError
from claimcheck.findings import Code, Finding, Severity, Stance, Strength, Verdict

# NOTE: every example sentence is written for these tests; none is taken from the seeds.
SOURCE = ".claimcheck-baseline.json"


def make_finding(
    sentence: str, claim_id: str = "zinc-sleep", *, path: str = "site/zinc.md", line: int = 1
) -> Finding:
    """A hand-built finding whose fingerprint depends on claim and sentence only."""
    digest = hashlib.sha256(f"{claim_id}\x00{sentence.casefold()}".encode()).hexdigest()[:32]
    return Finding(
        path=path,
        line=line,
        column=1,
        end_line=line,
        end_column=len(sentence) + 1,
        sentence=sentence,
        claim_id=claim_id,
        claim="Zinc improves sleep.",
        verdict=Verdict.ANIMAL_ONLY,
        strength=Strength.CAUSAL,
        stance=Stance.ASSERTS,
        overstated=True,
        severity=Severity.ERROR,
        code=Code.OVERSTATED,
        fingerprint=digest,
        match_score=88,
        message="Overstated.",
        suggestion="In rats, zinc lengthened sleep.",
    )


FINDINGS = [
    make_finding("Zinc makes you sleep like a baby.", line=3),
    make_finding("Zinc ends low mood.", "zinc-mood", line=7),
    make_finding("Zinc makes you sleep like a baby.", path="site/other.md", line=2),
]


def test_round_trip_hides_everything() -> None:
    known = read_baseline(baseline_text(FINDINGS), SOURCE)
    assert filter_new(FINDINGS, known) == ((), 3)


def test_a_new_finding_is_exactly_what_is_new() -> None:
    known = read_baseline(baseline_text(FINDINGS), SOURCE)
    added = make_finding("Zinc cures insomnia overnight.", line=5)
    later = [FINDINGS[0], added, FINDINGS[1]]
    assert filter_new(later, known) == ((added,), 2)


def test_same_sentence_new_claim_is_new() -> None:
    known = read_baseline(baseline_text(FINDINGS), SOURCE)
    other_claim = make_finding("Zinc ends low mood.", "zinc-anxiety")
    assert filter_new([other_claim], known) == ((other_claim,), 0)


def test_line_moves_keep_findings_hidden() -> None:
    known = read_baseline(baseline_text(FINDINGS), SOURCE)
    moved = make_finding("Zinc makes you sleep like a baby.", line=40)
    assert filter_new([moved], known) == ((), 1)


def test_same_sentence_twice_is_one_entry() -> None:
    data = json.loads(baseline_text(FINDINGS))
    assert len(data["fingerprints"]) == 2
    # NOTE: the entry records the first path in sort order, for readers only.
    paths = {entry["path"] for entry in data["fingerprints"].values()}
    assert paths == {"site/other.md", "site/zinc.md"}


def test_text_is_stable_and_sorted() -> None:
    text = baseline_text(FINDINGS)
    assert text == baseline_text(list(reversed(FINDINGS)))
    assert text.endswith("}\n")
    data = json.loads(text)
    assert list(data) == ["fingerprints", "tool", "version"]
    assert data["version"] == BASELINE_VERSION and data["tool"] == "claimcheck"
    assert list(data["fingerprints"]) == sorted(data["fingerprints"])
    for entry in data["fingerprints"].values():
        assert list(entry) == ["claim_id", "path", "sentence"]


def test_sentence_is_cut_to_120_characters() -> None:
    long = "Zinc " + "really " * 40 + "works."
    data = json.loads(baseline_text([make_finding(long)]))
    (entry,) = data["fingerprints"].values()
    assert entry["sentence"] == long[:120]


def test_empty_baseline_round_trips() -> None:
    assert read_baseline(baseline_text([]), SOURCE) == frozenset()
    assert filter_new(FINDINGS, frozenset()) == (tuple(FINDINGS), 0)


def test_non_ascii_is_kept_readable() -> None:
    text = baseline_text([make_finding("Zink fördert den Schlaf.")])
    assert "fördert" in text


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "baseline is empty"),
        ("  \n", "baseline is empty"),
        ('{"version": 1,', "not valid JSON"),
        ("[" * 100_000, "not valid JSON"),
        ("[]", "holds a JSON array, not an object"),
        ('"fingerprints"', "holds a JSON string"),
        ('{"tool": "claimcheck", "fingerprints": {}}', '"version" must be the number 1'),
        ('{"version": "1", "fingerprints": {}}', '"version" must be the number 1'),
        ('{"version": true, "fingerprints": {}}', '"version" must be the number 1'),
        ('{"version": 2, "fingerprints": {}}', "baseline version 2 is not supported"),
        ('{"version": ' + "9" * 5000 + "}", "a number is too long"),
        ('{"version": ' + "9" * 4000 + "}", "baseline version 9999"),
        ('{"version": 1}', '"fingerprints" must be an object, found missing'),
        ('{"version": 1, "fingerprints": ["ab"]}', "found a JSON array"),
        ('{"version": 1, "fingerprints": {"ab": 3}}', 'fingerprint "ab" is not an object'),
        ('{"version": 1, "fingerprints": {"a\\nb": 3}}', 'fingerprint "a\\nb" is not'),
        ('{"version": 1, "fingerprints": {" ": {}}}', "a fingerprint is empty"),
        ('{"version": 1, "tool": "sqlfluff", "fingerprints": {}}', '"tool" is "sqlfluff"'),
        ('{"version": 1, "fingerprints": {}, "extra": 1}', 'unknown key "extra"'),
    ],
)
def test_broken_baselines_give_one_line_errors(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as raised:
        read_baseline(text, SOURCE)
    message = str(raised.value)
    assert message.startswith(SOURCE)
    assert fragment in message
    assert message.splitlines() == [message]
    assert raised.value.path == SOURCE


def test_json_error_names_the_line() -> None:
    with pytest.raises(InputError) as raised:
        read_baseline('{\n  "version": 1,\n  "fingerprints": {,}\n}\n', SOURCE)
    assert raised.value.line == 3
    assert str(raised.value).startswith(f"{SOURCE}:3: baseline is not valid JSON")


@pytest.mark.parametrize(
    ("encoding", "fragment"),
    [
        ("utf-16", "baseline is UTF-16 text; save it as UTF-8"),
        ("utf-32", "baseline is UTF-32 text; save it as UTF-8"),
        ("utf-16-le", "contains NUL bytes"),
        ("cp1252", "not valid UTF-8 (at byte"),
    ],
)
def test_a_baseline_not_in_utf8_is_refused_by_name(encoding: str, fragment: str) -> None:
    text = baseline_text([make_finding("Zink fördert den Schlaf.")])
    with pytest.raises(InputError) as raised:
        decode_baseline(text.encode(encoding), SOURCE)
    message = str(raised.value)
    assert message.startswith(f"{SOURCE}: ")
    assert fragment in message
    assert message.splitlines() == [message]


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    text = baseline_text(FINDINGS)
    assert read_baseline(decode_baseline(text.encode("utf-8-sig"), SOURCE), SOURCE)
