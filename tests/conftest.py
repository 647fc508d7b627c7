"""Shared fixtures: tiny packs built from dicts, the shipped pack loaded once, the CLI run."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimcheck.cache import CACHE_ENV
from claimcheck.cli import main
from claimcheck.pack import Pack, load_pack

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True, scope="session")
def _engine_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The compiled-pack cache in a temporary directory: tests never touch the user's."""
    patch = pytest.MonkeyPatch()
    patch.setenv(CACHE_ENV, str(tmp_path_factory.mktemp("engine-cache")))
    yield
    patch.undo()


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run the CLI in an empty working directory; return (code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)

    def invoke(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke


def write(name: str, content: str | bytes) -> str:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return name


def one_line_error(err: str) -> None:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("claimcheck: ")


def study_data(study_id: str = "mouse-study", **overrides: Any) -> dict[str, Any]:
    """A valid study record; override any field."""
    data: dict[str, Any] = {
        "id": study_id,
        "title": "A study",
        "authors": ["Doe J", "Roe R"],
        "year": 2020,
        "journal": "J Test 1:1",
        "identifiers": {"pmid": "12345678"},
        "substance": "testine",
        "design": "animal",
        "population": {"species": "mouse", "condition": "healthy", "n": 20},
        "status": "completed",
        "findings": [{"outcome": "sleep", "direction": "positive", "result": "slept more"}],
        "reviewed": "2026-01-15",
    }
    data.update(overrides)
    return data


def claim_data(claim_id: str = "testine-improves-sleep", **overrides: Any) -> dict[str, Any]:
    """A valid claim record; override any field."""
    data: dict[str, Any] = {
        "id": claim_id,
        "statement": "Testine improves sleep.",
        "substance": "testine",
        "kind": "efficacy",
        "outcomes": [{"term": "sleep", "synonyms": ["insomnia"]}],
        "phrasings": ["testine helps you sleep", "testine gives deeper sleep"],
        "evidence": [{"study": "mouse-study", "relation": "supports"}],
        "accurate_wording": "In mice, testine lengthened sleep.",
    }
    data.update(overrides)
    return data


SUBSTANCES = {
    "substances": [
        {"id": "testine", "name": "testine", "aliases": ["testine", "L-testine"]},
        {"id": "d-testine", "name": "D-testine", "aliases": ["D-testine"]},
    ]
}


def write_pack(
    root: Path,
    studies: list[dict[str, Any]] | None = None,
    claims: list[dict[str, Any]] | None = None,
    substances: dict[str, Any] | None = None,
) -> Path:
    """Write a pack directory from dicts and return it."""
    (root / "studies").mkdir(parents=True, exist_ok=True)
    (root / "claims").mkdir(parents=True, exist_ok=True)
    (root / "substances.yaml").write_text(yaml.safe_dump(substances or SUBSTANCES))
    for study in studies if studies is not None else [study_data()]:
        (root / "studies" / f"{study['id']}.yaml").write_text(
            yaml.safe_dump(study, sort_keys=False)
        )
    claim_list = claims if claims is not None else [claim_data()]
    (root / "claims" / "testine.yaml").write_text(
        yaml.safe_dump({"claims": claim_list}, sort_keys=False)
    )
    return root


@pytest.fixture
def make_pack(tmp_path: Path) -> Callable[..., Path]:
    """Build a tiny pack in a temporary directory."""

    def make(**kwargs: Any) -> Path:
        return write_pack(tmp_path / "pack", **kwargs)

    return make


@pytest.fixture(scope="session")
def shipped_pack() -> Pack:
    """The L-serine pack, loaded once per test session."""
    return load_pack()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The seed articles beside the checkout (../shared/seeds)."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (clone beside ../shared)")
    return SEEDS


def pytest_addoption(parser: pytest.Parser) -> None:
    """`pytest --update-golden` rewrites tests/golden/report.* from the current renderers."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden output files instead of comparing against them",
    )


_CONSOLE_RUN = """
import contextlib, io, sys
from claimcheck.launch import main
sys.argv = ["claimcheck", *{argv!r}]
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main()
    except SystemExit:
        pass
"""


def console_script(argv: list[str], then: str) -> str:
    """Python code that runs the console script with `argv` (output dropped), then `then`."""
    return _CONSOLE_RUN.format(argv=argv) + then
