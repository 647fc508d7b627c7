"""Usage errors (a bad option value, a missing argument) as one line, like every other error.

Typer shows Click's usage errors as a usage line, a hint and a boxed message: five lines
in a CI log for one mistyped flag. `cli.main` runs the app with `standalone_mode=False`,
so the errors reach it instead, and prints `usage_error_line(error)`:

    claimcheck: error: --jobs: -1 is not in the range x>=0 (see '... --help')

The exit code stays Click's: 2 for usage errors.
"""

from __future__ import annotations

import re

# NOTE: Typer vendors Click as `typer._click` from 0.2x on; older Typer depends on the
# click package. The ignores keep mypy quiet whichever of the two is installed.
try:
    from typer._click.core import Parameter  # type: ignore[import-not-found, unused-ignore]
    from typer._click.exceptions import (  # type: ignore[import-not-found, unused-ignore]
        BadParameter,
        ClickException,
        MissingParameter,
        UsageError,
    )
except ImportError:  # pragma: no cover - depends on the installed Typer
    from click.core import Parameter  # type: ignore[import-not-found, no-redef, unused-ignore]
    from click.exceptions import (  # type: ignore[import-not-found, no-redef, unused-ignore]
        BadParameter,
        ClickException,
        MissingParameter,
        UsageError,
    )

__all__ = ["ClickException", "UsageError", "error_line", "is_help_request", "usage_error_line"]

# NOTE: Typer 0.2x checks values with pydantic, whose messages start "Value error, ".
_PYDANTIC_PREFIX = "Value error, "
# Path('') is '.', so an empty path reads "file '' is a directory": say what happened.
_EMPTY_PATH = re.compile(r"^\w+ '' ", re.IGNORECASE)
# "dir 'a.txt' is a file" -> "'a.txt' is a file, not a directory"
_WRONG_KIND = re.compile(r"^(?:file|dir|directory|path) ('.*') is a (file|directory)$", re.I)
_OTHER_KIND = {"file": "directory", "directory": "file"}


def usage_error_line(error: UsageError) -> str:
    """One line: what is wrong, with which option, and where the help is."""
    context = error.ctx
    where = f" (see '{context.command_path} --help')" if context is not None else ""
    return f"claimcheck: error: {_problem(error)}{where}"


def error_line(error: ClickException) -> str:
    """One line for any other Click error (a file Click could not open, say)."""
    return f"claimcheck: error: {_one_line(error.format_message())}"


def is_help_request(error: UsageError) -> bool:
    """True for a command run without arguments whose answer is its help (`claimcheck`).

    NOTE: Click 8.2+ signals `no_args_is_help` with this UsageError subclass; it is
    matched by name because older Click does not have it (Typer does the same).
    """
    return type(error).__name__ == "NoArgsIsHelpError"


def _problem(error: UsageError) -> str:
    parameter = _bad_value_parameter(error)
    if parameter is not None:
        return f"{_parameter_name(parameter)}: {_value_problem(error.message)}"
    return _sentence_part(error.format_message())


def _bad_value_parameter(error: UsageError) -> Parameter | None:
    """The option or argument whose value was refused (not one that is missing)."""
    if isinstance(error, BadParameter) and not isinstance(error, MissingParameter):
        return error.param
    return None


def _parameter_name(parameter: Parameter) -> str:
    """`--format` for an option (its long name), `PATH...` for an argument."""
    long_names = [name for name in parameter.opts if name.startswith("--")]
    if long_names:
        return str(long_names[0])
    return str(parameter.metavar or (parameter.name or "argument").upper())


def _value_problem(message: str) -> str:
    text = _sentence_part(_one_line(message).removeprefix(_PYDANTIC_PREFIX))
    if _EMPTY_PATH.match(text):
        return "the path is empty"
    if wrong := _WRONG_KIND.match(text):
        path, kind = wrong.group(1), wrong.group(2).lower()
        return f"{path} is a {kind}, not a {_OTHER_KIND[kind]}"
    return text


def _sentence_part(message: str) -> str:
    """Click's "Missing argument 'X'." as claimcheck writes messages: lower case, no period."""
    text = _one_line(message).rstrip(".")
    if text[:2].istitle():  # NOTE: leaves "PATH..." and "JSON" alone
        text = text[0].lower() + text[1:]
    return text


def _one_line(text: str) -> str:
    return " ".join(text.split())
