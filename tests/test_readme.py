"""The README's sample sessions are what claimcheck prints today.

Each ```text block of README.md that starts with `$ ` is replayed: `$ cat FILE` writes the
lines that follow into FILE, `$ claimcheck ...` runs the command and must print exactly the
lines that follow it.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from tests.conftest import REPO, Run, write

BLOCK_START, BLOCK_END = "```text\n", "```\n"


def sessions() -> list[str]:
    """The README's ```text blocks that replay a shell session."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = [part.split(BLOCK_END, 1)[0] for part in readme.split(BLOCK_START)[1:]]
    return [block for block in blocks if block.startswith("$ ")]


def steps(session: str) -> list[tuple[list[str], str]]:
    """(command words, the text shown after it) for each `$ ` line of a session."""
    found: list[tuple[list[str], str]] = []
    for line in session.splitlines(keepends=True):
        if line.startswith("$ "):
            found.append((shlex.split(line[2:]), ""))
        else:
            words, shown = found[-1]
            found[-1] = (words, shown + line)
    return found


def test_the_readme_shows_sample_sessions() -> None:
    assert len(sessions()) >= 2


@pytest.mark.parametrize("session", sessions(), ids=lambda s: s.splitlines()[-1][:40])
def test_a_readme_session_prints_what_it_shows(session: str, run: Run) -> None:
    for words, shown in steps(session):
        if words[0] == "cat":
            write(words[1], shown)
            continue
        assert words[0] == "claimcheck"
        _, out, _ = run(*words[1:])
        assert out == shown, f"README out of date for: {shlex.join(words)}"


def test_replayed_files_stay_in_the_test_directory() -> None:
    for session in sessions():
        for words, _ in steps(session):
            if words[0] == "cat":
                assert not Path(words[1]).is_absolute() and ".." not in words[1]
