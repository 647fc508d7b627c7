"""The console script, and `check` without Typer: an editor's spot-check starts fast.

Typer (with Click) and rich take about 0.17 s of CPU to import, nearly half of a
one-sentence check. So `main` reads `claimcheck check "sentence" [options]` itself when
every argument is plainly well formed, and runs the check directly; anything else (help,
another command, an unknown option, bundled short options, a value to refuse, a missing
sentence) goes to the Typer app, `cli.main`, so every message and exit code stays
Typer's. The parser is narrower than Click's on purpose: it only has to recognise what
Typer would accept as it is, and leaves the rest to Typer.

Both ways run `run_check` and end through `guarded`, so they write the same bytes
(`tests/test_fastcheck.py` holds them to it); to a pipe, this way imports no rich either
(see `consoles.py`).
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from claimcheck.consoles import is_plain, say, stdout_console, write_plain
from claimcheck.errors import ClaimcheckError, PackError
from claimcheck.findings import ExitCode, FailOn, exit_code
from claimcheck.model import StrEnum

if TYPE_CHECKING:
    from claimcheck.config import EffectiveConfig, Settings
    from claimcheck.findings import Finding
    from claimcheck.pack import Pack
    from claimcheck.pipeline import Engine, Explanation
    from claimcheck.report.text import Line

__all__ = ["CheckArgs", "ListFormat", "guarded", "main", "parse_check", "run_check"]


class ListFormat(StrEnum):
    """Output formats of `check` and the pack browsing commands."""

    TEXT = "text"
    JSON = "json"


class CheckArgs(NamedTuple):
    """What `check` was asked, as Typer hands it over.

    NOTE: a named tuple, like `Option`: a frozen dataclass takes ~1.5 ms to build at
    import, on the path that exists to start fast.
    """

    sentence: str
    output_format: ListFormat = ListFormat.TEXT
    substance: str | None = None
    fail_on: FailOn | None = None
    min_score: int | None = None
    packs: tuple[Path, ...] = ()
    config: Path | None = None
    verbose: bool = False


# --- the arguments -------------------------------------------------------------------------


def _score(value: str) -> int:
    """0-100 in plain digits; anything else (' 7', '1_0', '٣') is Typer's to judge."""
    if not (value.isascii() and value.isdigit()) or int(value) > 100:
        raise ValueError(value)
    return int(value)


def _directory(value: str) -> Path:
    """A directory that can be read; Typer reports any other path (or accepts it)."""
    path = Path(value)
    if not (path.is_dir() and os.access(path, os.R_OK)):
        raise ValueError(value)
    return path


def _file(value: str) -> Path:
    """A regular file that can be read; Typer reports any other path (or accepts it)."""
    path = Path(value)
    if not (path.is_file() and os.access(path, os.R_OK)):
        raise ValueError(value)
    return path


class Option(NamedTuple):
    """One of `check`'s options: the `CheckArgs` field it sets and how its value is read.

    `read` raises ValueError for a value to leave to Typer; None makes the option a flag.
    """

    field: str
    read: Callable[[str], Any] | None = None
    repeatable: bool = False


# NOTE: the same names and values as `check`'s Typer options in cli.py, which a test holds
# to; the choices are the enums Typer reads them with.
CHECK_OPTIONS: dict[str, Option] = {
    "--format": Option("output_format", ListFormat),
    "-f": Option("output_format", ListFormat),
    "--substance": Option("substance", str),
    "-s": Option("substance", str),
    "--fail-on": Option("fail_on", FailOn),
    "--min-match-score": Option("min_score", _score),
    "--pack": Option("packs", _directory, repeatable=True),
    "--config": Option("config", _file),
    "--verbose": Option("verbose"),
    "-v": Option("verbose"),
}


def parse_check(args: Sequence[str]) -> CheckArgs | None:
    """`check`'s arguments when they are plainly well formed; None leaves them to Typer.

    Understood: one sentence, `--name value`, `--name=value`, `-x value` and flags, in any
    order; the last value of an option counts, as in Click. Not: `--`, `-xvalue`, a value
    that starts with '-', anything not in `CHECK_OPTIONS`.
    """
    if not args or args[0] != "check":
        return None
    values: dict[str, Any] = {}
    tokens = iter(args[1:])
    for token in tokens:
        if not token.startswith("-"):
            if "sentence" in values:
                return None  # an extra argument
            values["sentence"] = token
            continue
        name, equals, value = token.partition("=") if token.startswith("--") else (token, "", "")
        option = CHECK_OPTIONS.get(name)
        if option is None or (option.read is None and equals):
            return None
        if option.read is None:
            values[option.field] = True
            continue
        if not equals:
            given = next(tokens, None)
            if given is None or given.startswith("-"):
                return None  # missing, or an option Click might take for the value
            value = given
        try:
            read = option.read(value)
        except ValueError:
            return None
        values[option.field] = (*values.get(option.field, ()), read) if option.repeatable else read
    return CheckArgs(**values) if "sentence" in values else None


# --- the check -----------------------------------------------------------------------------


def settings_for(config: Path | None, **flags: object) -> EffectiveConfig:
    """Defaults < config file < the flags the user actually gave (None or [] = not given)."""
    from claimcheck.config import resolve

    given = {key: value for key, value in flags.items() if value not in (None, [], ())}
    effective = resolve(Path.cwd(), config=config, overrides=given)
    for warning in effective.warnings:
        say(f"claimcheck: warning: {warning}")
    return effective


def run_check(args: CheckArgs) -> int:
    """Check one sentence, print what was found, and return the exit code for it."""
    from claimcheck.report import explain

    packs = list(args.packs)  # NOTE: a list, as Typer gives it
    settings = settings_for(
        args.config, fail_on=args.fail_on, min_match_score=args.min_score, packs=packs
    ).settings
    explained, studies, notes = check_sentence(args.sentence, settings, args.substance)
    if args.output_format is ListFormat.JSON:
        sys.stdout.write(explain.to_json(args.sentence, explained, notes, studies))
    else:
        lines = explain.view_lines(
            args.sentence, explained, notes, verbose=args.verbose, studies=studies
        )
        print_view(lines)
    return exit_code([*(e.finding for e in explained), *studies], settings.fail_on)


def print_view(lines: Sequence[Line]) -> None:
    """The check view: plain to a pipe or a file, through rich at a terminal."""
    from claimcheck.report import explain

    text = explain.plain_text(lines) if is_plain(sys.stdout) else None
    if text is not None:
        write_plain(sys.stdout, text)
    else:
        # NOTE: soft wrap: long lines are left to the terminal, so no link is cut in two.
        stdout_console().print(explain.to_rich(lines), soft_wrap=True)


def check_sentence(
    sentence: str, settings: Settings, substance: str | None
) -> tuple[list[Explanation], tuple[Finding, ...], list[str]]:
    """The sentence's explained findings, its misreported studies, and notes on reading it."""
    from claimcheck.match import find_mentions
    from claimcheck.pipeline import AuditOptions, explain_document
    from claimcheck.sources import document_from_text

    engine = load_engine(list(settings.packs))
    main_id = substance or primary_substance(engine.pack)
    if main_id not in engine.pack.substances:
        known = ", ".join(engine.pack.substances)
        raise PackError(f"unknown substance {main_id!r}; known: {known}")
    document = document_from_text(sentence, path="<sentence>")
    options = AuditOptions(min_score=settings.min_match_score, substance=main_id)
    result = explain_document(document, engine, options)
    notes = [n.message for n in result.notices]
    if not find_mentions(sentence, engine.index) and not result.notices:
        name = engine.pack.substances[main_id].name
        how = (
            "chosen with --substance"
            if substance
            else ("the pack's main substance; choose another with --substance")
        )
        notes.append(f"the sentence names no substance: read as about {name} ({how})")
    return result.explanations, result.study_findings, notes


def load_engine(extra: Sequence[Path] | None) -> Engine:
    """The audit engine for the shipped pack plus any extra packs (compiled-pack cache)."""
    from claimcheck import cache
    from claimcheck.pack import default_pack_dir

    return cache.load_engine([default_pack_dir(), *(extra or [])])


def primary_substance(pack: Pack) -> str:
    """The substance with the most claims: what a bare sentence is assumed to be about."""
    return max(pack.substances, key=lambda sid: len(pack.claims_for(sid)))


# --- running -------------------------------------------------------------------------------


def guarded(run: Callable[[], int]) -> int:
    """Run a command; a user error, an interrupt or a bug ends it with one line and a code."""
    try:
        return run()
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else ExitCode.ERROR
    except ClaimcheckError as error:
        say(f"claimcheck: {error}")
        return ExitCode.ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if os.environ.get("CLAIMCHECK_DEBUG"):
            raise
        say(
            f"claimcheck: internal error: {type(error).__name__}: {error} "
            "(set CLAIMCHECK_DEBUG=1 for details)"
        )
        return ExitCode.ERROR


class _Pacified:
    """A stream whose flush ignores a closed pipe (Click's `PacifyFlushWrapper`)."""

    def __init__(self, wrapped: IO[Any]) -> None:
        self.wrapped = wrapped

    def flush(self) -> None:
        try:
            self.wrapped.flush()
        except OSError as error:
            if error.errno != errno.EPIPE:
                raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)


def run_directly(args: CheckArgs) -> int:
    """`run_check` as Typer runs a command: a reader that went away ends the run with 1."""
    try:
        return run_check(args)
    except OSError as error:
        if error.errno != errno.EPIPE:
            raise
        # NOTE: what Typer does, so the interpreter's last flush stays quiet.
        sys.stdout, sys.stderr = _Pacified(sys.stdout), _Pacified(sys.stderr)
        return 1


def direct_allowed() -> bool:
    """Whether a run may skip Typer at all."""
    # NOTE: on Windows Click expands wildcards, ~ and variables in arguments; a shell
    # completion request is answered by Typer too.
    return os.name != "nt" and not os.environ.get("_CLAIMCHECK_COMPLETE")


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point: `check` directly when its arguments allow, else the Typer app."""
    args = sys.argv[1:] if argv is None else list(argv)
    parsed = parse_check(args) if direct_allowed() else None
    if parsed is None:
        from claimcheck.cli import main as typer_main

        return typer_main(argv)
    return guarded(lambda: run_directly(parsed))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
