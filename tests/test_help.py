"""Every help text, as `--help` shows it: whole sentences, nothing swallowed, true defaults.

Walks the Typer app, so a new command or option is checked without being listed here.
Typer reads help strings as rich markup: "[default: text]" or "[tool.claimcheck]" in a
help string would silently vanish from the screen, leaving "Output format ." behind.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import typer.main
import typer.rich_utils
from rich.text import Text

from claimcheck.cli import app
from claimcheck.config import Settings
from tests.conftest import Run

# What a proofreader would mark: a space before punctuation, doubled spaces, no final stop.
SLIPS = re.compile(r" [.,;:)](?:\s|$)|\( |  |\.\.")


def commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command and subcommand (Click objects, vendored by Typer) with its words."""
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from commands(sub, (*path, name))


ALL = list(commands(typer.main.get_command(app)))


def help_texts() -> Iterator[tuple[str, str]]:
    """(where, help) for every command, option and argument that has help."""
    for path, command in ALL:
        where = " ".join(("claimcheck", *path))
        yield where, (command.help or "").strip().split("\n\n")[0]
        for param in command.params:
            param_help = getattr(param, "help", None)
            if param_help is not None:
                yield f"{where} {param.opts[0]}", param_help


HELP = list(help_texts())


def test_the_walk_finds_every_command() -> None:
    found = {" ".join(path) for path, _ in ALL}
    assert {"audit", "check", "config", "validate", "claims list", "studies show"} <= found


@pytest.mark.parametrize(("where", "text"), HELP, ids=[where for where, _ in HELP])
def test_help_is_a_proofread_sentence(where: str, text: str) -> None:
    assert text, f"{where} has no help"
    assert text[0].isupper(), text
    assert text.endswith("."), text
    assert not SLIPS.search(text), text


@pytest.mark.parametrize(("where", "text"), HELP, ids=[where for where, _ in HELP])
def test_help_holds_no_markup_that_would_vanish(where: str, text: str) -> None:
    assert Text.from_markup(text).plain == text, f"{where}: rich would swallow part of it"


@pytest.mark.parametrize("path", [path for path, _ in ALL], ids=" ".join)
def test_help_screen_shows_every_help_text_whole(
    path: tuple[str, ...], run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(typer.rich_utils, "MAX_WIDTH", 400)  # one line per option
    code, out, _ = run(*path, "--help")
    assert code == 0
    command = dict(ALL)[path]
    for param in command.params:
        param_help = getattr(param, "help", None)
        if param_help:
            assert param_help in out, param.name
    for line in out.splitlines():
        words = line.strip("│ ")
        assert not re.search(r"\w [.,](?:\s|$)", words), line


DEFAULTS = {
    "--format": Settings().format.value,
    "--fail-on": Settings().fail_on.value,
    "--min-match-score": str(Settings().min_match_score),
    "--min-severity": Settings().min_severity.value,
}


@pytest.mark.parametrize(("where", "text"), HELP, ids=[where for where, _ in HELP])
def test_defaults_in_help_are_the_real_defaults(where: str, text: str) -> None:
    shown = re.search(r"\(default: ([\w.-]+)\)", text)
    option = where.rsplit(" ", 1)[-1]
    if shown and option in DEFAULTS:
        assert shown.group(1) == DEFAULTS[option], where
