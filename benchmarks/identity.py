"""The identity guard: audit a fixed set of inputs and digest every report byte for byte.

Run:
    python benchmarks/identity.py                 # compare with tests/golden/identity.json
    python benchmarks/identity.py --out DIR       # also write every report to DIR
    python benchmarks/identity.py --only dev/01   # only inputs whose name contains this
    python benchmarks/identity.py --update        # record the current output as the golden

Inputs: the seeds (`shared/seeds`, when present), every article of the generalisation
benchmark's dev and test splits (the engine runs on them; nobody looks at the test split's
results here, only at digests), `examples/`, and `benchmarks/corpus.py`'s 200 KB of
generated unique sentences. Each is copied into a scratch directory under a stable name and
audited there by the CLI, in this process, one run per format (`--jobs 1`), with stdout a
pipe: JSON and SARIF (the contract) and text as printed when stdout is not a terminal.

The digest is the sha256 of the report with the tool's version blanked out (SARIF names it),
so a version bump alone changes nothing. `--out DIR` writes `DIR/<input>.<format>` as
printed and `DIR/digests.json`.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimcheck import __version__
from claimcheck.cli import main as cli_main

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.corpus import SEEDS, generated_copy

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "identity.json"
FORMATS = ("json", "sarif", "text")
CONTRACT = ("json", "sarif")  # the formats scripts read; text is for people
GENERATED = "generated/unique-200k.txt"
GENERATED_BYTES = 200_000
SPLITS = ("dev", "test")

Digests = dict[str, dict[str, str]]  # input name -> format -> sha256


@dataclass(frozen=True)
class Input:
    """One audited input: its stable name (the path the reports show) and where it comes from."""

    name: str
    source: Path | None  # None: generated

    def write(self, workdir: Path) -> None:
        """Copy (or generate) the input at `workdir / name`."""
        target = workdir / self.name
        target.parent.mkdir(parents=True, exist_ok=True)
        if self.source is None:
            target.write_text(generated_copy(GENERATED_BYTES), encoding="utf-8")
        else:
            shutil.copyfile(self.source, target)


def repo_inputs() -> list[Input]:
    """Every input the repository holds (all but the seeds)."""
    found = [Input(f"examples/{p.name}", p) for p in sorted((ROOT / "examples").iterdir())]
    for split in SPLITS:
        folder = ROOT / "benchmarks" / "generalisation" / split
        articles = [p for p in sorted(folder.iterdir()) if p.suffix in (".md", ".txt", ".html")]
        found += [Input(f"{split}/{p.name}", p) for p in articles]
    return [*found, Input(GENERATED, None)]


def seed_inputs() -> list[Input]:
    """The seed articles; none when `shared/seeds` is absent."""
    return [Input(f"seeds/{p.name}", p) for p in sorted(SEEDS.glob("*.txt"))]


def normalised(report: bytes) -> bytes:
    """The report without volatile bits: the tool's version (SARIF's driver names it)."""
    return report.replace(f'"version": "{__version__}"'.encode(), b'"version": "<tool>"')


def digest(report: bytes) -> str:
    return hashlib.sha256(normalised(report)).hexdigest()


@contextlib.contextmanager
def _piped_stdout() -> Iterator[io.BytesIO]:
    """sys.stdout as a pipe would be (not a terminal), captured as bytes."""
    raw = io.BytesIO()
    wrapper = io.TextIOWrapper(raw, encoding="utf-8", write_through=True)
    saved = sys.stdout
    sys.stdout = wrapper
    try:
        yield raw
    finally:
        wrapper.flush()
        sys.stdout = saved
        wrapper.detach()


@contextlib.contextmanager
def _cwd(path: Path) -> Iterator[None]:
    saved = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(saved)


def report(name: str, output_format: str) -> bytes:
    """One input's report in one format, as the CLI prints it (cwd: the scratch directory)."""
    with _piped_stdout() as raw:
        cli_main(["audit", name, "--format", output_format, "--jobs", "1"])
        sys.stdout.flush()
        return raw.getvalue()


def run(
    inputs: Sequence[Input], formats: Sequence[str] = FORMATS, out: Path | None = None
) -> Digests:
    """Audit every input in every format; digests, and the reports written to `out`."""
    results: Digests = {}
    with tempfile.TemporaryDirectory(prefix="claimcheck-identity-") as scratch:
        workdir = Path(scratch)
        for item in inputs:
            item.write(workdir)
        with _cwd(workdir):
            for item in inputs:
                results[item.name] = {}
                for output_format in formats:
                    printed = report(item.name, output_format)
                    results[item.name][output_format] = digest(printed)
                    if out is not None:
                        target = out / f"{item.name}.{output_format}"
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(printed)
    return results


def load_golden(path: Path = GOLDEN) -> Digests:
    data = json.loads(path.read_text(encoding="utf-8"))
    digests: Digests = data["digests"]
    return digests


def golden_base(path: Path = GOLDEN) -> str:
    """The commit the golden digests were recorded on."""
    return str(json.loads(path.read_text(encoding="utf-8")).get("recorded_on", "HEAD"))


def differences(expected: Digests, actual: Digests) -> list[tuple[str, str]]:
    """(input, format) pairs whose digest differs or is missing on either side."""
    return [
        (name, output_format)
        for name in sorted(set(expected) | set(actual))
        for output_format in sorted(set(expected.get(name, {})) | set(actual.get(name, {})))
        if expected.get(name, {}).get(output_format) != actual.get(name, {}).get(output_format)
    ]


def diff_commands(names: Sequence[str], base: str) -> str:
    """Shell commands that write the old and the new reports of `names` for a diff."""
    only = " ".join(f"--only {n}" for n in sorted(set(names))[:5])
    return "\n".join(
        [
            f"python benchmarks/identity.py --out /tmp/identity-new {only}",
            f"git worktree add --detach /tmp/identity-base {base}",
            "PYTHONPATH=/tmp/identity-base/src python benchmarks/identity.py "
            f"--out /tmp/identity-old {only}",
            "diff -r /tmp/identity-old /tmp/identity-new",
        ]
    )


def _head() -> str:
    try:
        found = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return found.stdout.strip()


def write_golden(digests: Digests, path: Path = GOLDEN) -> None:
    data = {
        "about": "sha256 of each input's report per format; regenerate with "
        "`python benchmarks/identity.py --update` when output changes on purpose",
        "recorded_on": _head(),
        "digests": digests,
    }
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write every report and digests.json here")
    parser.add_argument("--update", action="store_true", help="record the golden digests")
    parser.add_argument("--only", action="append", help="inputs whose name contains this")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated")
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    inputs = [*seed_inputs(), *repo_inputs()]
    if not seed_inputs():
        print(f"note: no seeds at {SEEDS}; their digests are not computed", file=sys.stderr)
    if args.only:
        inputs = [i for i in inputs if any(part in i.name for part in args.only)]
    actual = run(inputs, formats, args.out)
    if args.out is not None:
        (args.out / "digests.json").write_text(
            json.dumps(actual, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
    if args.update:
        if args.only or not seed_inputs():
            parser.error("--update needs every input (the seeds too) and no --only")
        write_golden(actual)
        print(f"recorded {len(actual)} inputs x {len(formats)} formats in {GOLDEN}")
        return 0
    expected = load_golden()
    expected = {name: expected.get(name, {}) for name in actual}
    expected = {n: {f: d for f, d in fs.items() if f in formats} for n, fs in expected.items()}
    changed = differences(expected, actual)
    for name, output_format in changed:
        print(f"differs: {name} ({output_format})")
    if changed:
        print(diff_commands([n for n, _ in changed], golden_base()))
        return 1
    print(f"identical: {len(actual)} inputs x {len(formats)} formats")
    return 0


if __name__ == "__main__":
    sys.exit(main())
