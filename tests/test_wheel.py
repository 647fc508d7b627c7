"""The knowledge pack ships inside the wheel: install it elsewhere and validate from anywhere."""

from __future__ import annotations

import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel once (pip's own builder, no network: hatchling is already here)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-w", str(out), str(REPO)],
        check=True, capture_output=True,
    )  # fmt: skip
    return next(out.glob("claimcheck-*.whl"))


@pytest.mark.slow
def test_wheel_contains_the_pack(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "claimcheck/pack/substances.yaml" in names
    assert sum(n.startswith("claimcheck/pack/studies/") for n in names) >= 50
    assert any(n.startswith("claimcheck/pack/claims/") for n in names)
    assert "claimcheck/lexicons/wording.yaml" in names
    assert "claimcheck/lexicons/matching.yaml" in names
    assert "claimcheck/report/html.css" in names  # inlined into the HTML report
    assert "claimcheck/report/html.js" in names


@pytest.mark.slow
def test_installed_wheel_works_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    # NOTE: the new environment borrows this one's dependencies (typer, pydantic, ...) through
    # a .pth line, so the test needs no network; its own site-packages, where the wheel goes,
    # comes first on sys.path, so the installed claimcheck is the one imported. The line is
    # written after the install, or pip would find this checkout's claimcheck through it.
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--quiet", str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    borrowed = "\n".join(site.getsitepackages())
    (Path(purelib) / "borrowed_dependencies.pth").write_text(borrowed + "\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "copy.txt").write_text("L-serine fights cancer.\n", encoding="utf-8")
    claimcheck = env_dir / "bin" / "claimcheck"
    located = subprocess.run(
        [str(python), "-c", "import claimcheck.pack as p; print(p.default_pack_dir())"],
        cwd=elsewhere, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert str(env_dir) in located.stdout  # the installed copy, not this checkout
    validated = subprocess.run(
        [str(claimcheck), "validate"], cwd=elsewhere, capture_output=True, text=True
    )
    assert validated.returncode == 0, validated.stderr
    assert validated.stdout.startswith("ok: ")
    audited = subprocess.run(
        [str(claimcheck), "audit", "copy.txt"], cwd=elsewhere, capture_output=True, text=True
    )
    assert audited.returncode == 1
    assert "l-serine-fights-cancer" in audited.stdout
