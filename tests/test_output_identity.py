"""Reports stay byte-identical to the recorded ones (the guard for speed work).

`benchmarks/identity.py` audits a fixed set of inputs (the seeds, every generalisation
article, `examples/`, 200 KB of generated unique sentences) through the CLI and digests each
report; this test recomputes the digests and compares them with `tests/golden/identity.json`.
JSON and SARIF are the contract; the text report is compared in its own test, so a change of
text layout shows up apart from a change of findings.

When output changes on purpose (a new feature, a new text layout, a pack edit), check the
differences, then record the new digests with

    python benchmarks/identity.py --update

(it needs the seeds, `../shared/seeds`). A failure names each input and format that differs
and prints the commands that write the old and the new reports for a diff.
"""

from __future__ import annotations

import pytest
from benchmarks import identity

Digests = identity.Digests


@pytest.fixture(scope="module")
def golden() -> Digests:
    return identity.load_golden()


@pytest.fixture(scope="module")
def actual(golden: Digests) -> Digests:
    formats = sorted({f for by_format in golden.values() for f in by_format})
    return identity.run([*identity.seed_inputs(), *identity.repo_inputs()], formats)


def _compare(golden: Digests, actual: Digests, names: list[str], formats: tuple[str, ...]) -> None:
    expected = {n: {f: d for f, d in golden.get(n, {}).items() if f in formats} for n in names}
    got = {n: {f: d for f, d in actual.get(n, {}).items() if f in formats} for n in names}
    changed = identity.differences(expected, got)
    if changed:
        lines = [f"  {name} ({output_format})" for name, output_format in changed]
        commands = identity.diff_commands([n for n, _ in changed], identity.golden_base())
        pytest.fail(
            f"{len(changed)} report(s) differ from tests/golden/identity.json:\n"
            + "\n".join(lines)
            + "\nWrite the old and new reports for a diff with:\n"
            + commands
            + "\nIf the change is on purpose: python benchmarks/identity.py --update",
            pytrace=False,
        )


def test_every_input_has_a_golden_digest(golden: Digests) -> None:
    names = {i.name for i in identity.repo_inputs()}
    assert names <= set(golden), sorted(names - set(golden))


def test_json_and_sarif_are_byte_identical(golden: Digests, actual: Digests) -> None:
    names = [i.name for i in identity.repo_inputs()]
    _compare(golden, actual, names, identity.CONTRACT)


def test_seed_reports_are_byte_identical(golden: Digests, actual: Digests) -> None:
    seeds = [i.name for i in identity.seed_inputs()]
    if not seeds:
        pytest.skip(f"the seed articles are not at {identity.SEEDS}")
    _compare(golden, actual, seeds, identity.CONTRACT)


def test_text_reports_are_byte_identical(golden: Digests, actual: Digests) -> None:
    if not any("text" in by_format for by_format in golden.values()):
        pytest.skip("no text digests recorded (identity.py --formats json,sarif --update)")
    names = [i.name for i in [*identity.seed_inputs(), *identity.repo_inputs()]]
    _compare(golden, actual, names, ("text",))


def test_generated_corpus_has_no_repeated_sentence() -> None:
    from benchmarks.corpus import duplicate_share, generated_copy

    text = generated_copy(identity.GENERATED_BYTES)
    assert len(text.encode()) >= identity.GENERATED_BYTES
    assert duplicate_share(text) == 0.0
