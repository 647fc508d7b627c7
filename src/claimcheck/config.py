"""Configuration stage: find, read and validate the settings of a claimcheck run.

Three layers, lowest precedence first: built-in defaults, one config file, command-line
flags. The config file is either given (`--config FILE`) or found by walking up from the
working directory; the first directory holding a `.claimcheck.yaml` or a `pyproject.toml`
with a `[tool.claimcheck]` table wins, and in a directory holding both, `.claimcheck.yaml`
wins (a dedicated file is the more specific statement, as `ruff.toml` beats `pyproject.toml`
for ruff). A `pyproject.toml` without the table is skipped, and the walk stops after the
first directory that contains `.git` or is the user's home directory, so a config file
above the repository (or, outside one, above the home directory) never leaks in.

Like git's `safe.directory`, discovery refuses a config file that other users can write
(group- or world-writable) and that the user does not own: anyone on the machine could
have put `fail-on: never` in it. It is skipped with a warning; `--config` still reads it.

File keys are kebab-case (`fail-on`); Python field names are snake_case (`fail_on`). Every
problem is a `ConfigError` with one line naming the file and, where known, the line.

This module reads config files only: it never prints, exits, opens documents or packs (pack
directories are turned into paths, not loaded), and it knows nothing about Typer.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimcheck import discover
from claimcheck.errors import ConfigError
from claimcheck.findings import FailOn, Severity
from claimcheck.match import DEFAULT_MIN_SCORE
from claimcheck.model import StrEnum
from claimcheck.report import Format

if TYPE_CHECKING:
    import yaml

__all__ = [
    "COMMAND_LINE",
    "DEFAULT_INCLUDE",
    "DEFAULT_ORIGIN",
    "MAX_CONFIG_BYTES",
    "PYPROJECT_NAME",
    "SETTING_NAMES",
    "YAML_NAME",
    "EffectiveConfig",
    "Settings",
    "describe",
    "discover_config",
    "find_config",
    "load_config_file",
    "resolve",
]

DEFAULT_INCLUDE = discover.DEFAULT_INCLUDE
YAML_NAME = ".claimcheck.yaml"
PYPROJECT_NAME = "pyproject.toml"
# NOTE: a settings file is a few hundred bytes; the cap stops a mistaken --config (a log,
# a data dump) from being parsed at all.
MAX_CONFIG_BYTES = 1_000_000
DEFAULT_ORIGIN = "default"
COMMAND_LINE = "command line"


@dataclass(frozen=True, kw_only=True)
class Settings:
    """The settings of one run, after defaults, config file and flags are merged."""

    fail_on: FailOn = FailOn.ERROR
    format: Format = Format.TEXT
    min_severity: Severity = Severity.INFO
    packs: tuple[Path, ...] = ()
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    ignore_claims: tuple[str, ...] = ()
    min_match_score: int = DEFAULT_MIN_SCORE


@dataclass(frozen=True)
class EffectiveConfig:
    """Settings plus where each value came from (for `claimcheck config`)."""

    settings: Settings
    origins: dict[str, str]  # field name -> "default" | config path as shown | "command line"
    config_path: Path | None
    warnings: tuple[str, ...] = ()  # one line each: config files discovery refused to read


# --- value checks: each returns the checked value or raises ValueError("expected ...") ---


def _describe_value(value: object) -> str:
    """A short, one-line rendering of a wrong value for an error message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def _expect_choice(choices: type[StrEnum], value: object) -> str:
    allowed = [member.value for member in choices]
    if isinstance(value, str) and value in allowed:
        return value
    raise ValueError(f"expected one of {', '.join(allowed)}; got {_describe_value(value)}")


def _expect_strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list of strings; got {_describe_value(value)}")
    for position, item in enumerate(value, start=1):
        if not isinstance(item, str) or not item.strip():
            raise ValueError(
                f"expected a list of non-empty strings; item {position} is {_describe_value(item)}"
            )
    return tuple(value)


def _expect_score(value: object) -> int:
    # NOTE: bool is an int subclass; `min-match-score: true` is a mistake, not 1.
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100:
        return value
    raise ValueError(f"expected an integer from 0 to 100; got {_describe_value(value)}")


_CHECKS: dict[str, Callable[[object], object]] = {
    "fail_on": lambda value: _expect_choice(FailOn, value),
    "format": lambda value: _expect_choice(Format, value),
    "min_severity": lambda value: _expect_choice(Severity, value),
    "packs": _expect_strings,
    "include": _expect_strings,
    "exclude": _expect_strings,
    "ignore_claims": _expect_strings,
    "min_match_score": _expect_score,
}
SETTING_NAMES = tuple(f.name for f in fields(Settings))
_FIELD_OF_KEY: dict[str, str] = {name.replace("_", "-"): name for name in SETTING_NAMES}


def _key_of(field_name: str) -> str:
    return field_name.replace("_", "-")


def _unknown_key_message(key: object) -> str:
    """`unknown key 'x'` with the closest known key, or the list of known keys."""
    known = sorted(_FIELD_OF_KEY)
    guess = str(key).strip().lower().replace("_", "-")
    if guess not in _FIELD_OF_KEY:
        import difflib  # NOTE: here: only a misspelt key needs it

        close = difflib.get_close_matches(guess, known, n=1, cutoff=0.6)
        guess = close[0] if close else ""
    if guess:
        return f"unknown key {key!r} (did you mean {guess!r}?)"
    return f"unknown key {key!r} (known keys: {', '.join(known)})"


def _check_table(
    table: Mapping[Any, object], lines: Mapping[str, int], shown: str
) -> dict[str, Any]:
    """Kebab-case keys and raw values -> field names and checked values; first problem raises."""
    values: dict[str, Any] = {}
    for key, value in table.items():
        line = lines.get(str(key))
        field_name = _FIELD_OF_KEY.get(key) if isinstance(key, str) else None
        if field_name is None:
            raise ConfigError(_unknown_key_message(key), shown, line)
        try:
            values[field_name] = _CHECKS[field_name](value)
        except ValueError as problem:
            raise ConfigError(f"{key}: {problem}", shown, line) from None
    return values


# --- reading and parsing ---


def _read_text(path: Path, shown: str) -> str:
    """The UTF-8 text of a config file, refusing missing, unreadable and oversize files."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError("config file not found", shown) from None
    except OSError as error:
        raise ConfigError(f"cannot read config file: {error.strerror}", shown) from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(
            f"config file is larger than {MAX_CONFIG_BYTES:,} bytes; refusing to read it", shown
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError("config file is not valid UTF-8", shown) from None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _yaml_key_lines(node: yaml.Node, shown: str) -> dict[str, int]:
    """1-based line of every top-level key; duplicate keys are an error (PyYAML keeps the last)."""
    lines: dict[str, int] = {}
    for key_node, _ in node.value:
        key, line = str(key_node.value), key_node.start_mark.line + 1
        if key in lines:
            raise ConfigError(f"duplicate key {key!r}", shown, line)
        lines[key] = line
    return lines


def _compose_and_construct(text: str) -> tuple[yaml.Node | None, object]:
    """The document's node tree (for key lines) and its plain value, from one parse."""
    import yaml  # NOTE: only when there is a YAML config to read (start-up of `check`)

    loader = yaml.SafeLoader(text)  # NOTE: raises at once on characters YAML forbids
    try:
        node = loader.get_single_node()
        return node, None if node is None else loader.construct_document(node)
    finally:
        loader.dispose()


def _parse_yaml(text: str, shown: str) -> dict[str, Any]:
    """A `.claimcheck.yaml` document -> checked values; composed once so keys keep lines."""
    import yaml

    try:
        node, data = _compose_and_construct(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = None if mark is None else mark.line + 1
        parts = [part for part in (error.context, error.problem) if part]
        problem = _one_line(": ".join(parts)) or "cannot parse"
        raise ConfigError(f"invalid YAML: {problem}", shown, line) from None
    except yaml.YAMLError as error:  # a reader error: a character YAML does not allow
        first_line = str(error).splitlines()[0] if str(error) else "cannot parse"
        raise ConfigError(f"invalid YAML: {first_line}", shown) from None
    if node is None or data is None:
        return {}  # an empty file: no settings, defaults apply
    if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        got = _describe_value(data)
        raise ConfigError(
            f"expected a mapping of settings; got {got}", shown, node.start_mark.line + 1
        )
    return _check_table(data, _yaml_key_lines(node, shown), shown)


_TOML_ERROR_WHERE = re.compile(r"\s*\(at line (\d+), column \d+\)$|\s*\(at end of document\)$")
_TOML_OUR_HEADER = re.compile(r"""^\s*\[\s*tool\s*\.\s*["']?claimcheck["']?\s*\]\s*(#.*)?$""")
_TOML_ANY_HEADER = re.compile(r"^\s*\[")
_TOML_KEY = re.compile(r"""^\s*["']?([A-Za-z0-9_-]+)["']?\s*=""")


def _parse_toml_document(text: str, shown: str) -> dict[str, Any]:
    # NOTE: imported here: most runs find no pyproject.toml to parse
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised only on Python 3.10
        # NOTE: mypy checks this branch (python_version = 3.10) even on 3.11+, where the
        # dependency marker leaves tomli uninstalled; the ignore keeps both cases clean.
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

    try:
        document: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        where = _TOML_ERROR_WHERE.search(message)
        line = int(where.group(1)) if where and where.group(1) else None
        message = message[: where.start()] if where else message
        raise ConfigError(f"invalid TOML: {_one_line(message)}", shown, line) from None
    return document


def _claimcheck_table(document: Mapping[str, Any]) -> object:
    """The raw `tool.claimcheck` value, or None when the document has none."""
    tool = document.get("tool")
    return tool.get("claimcheck") if isinstance(tool, dict) else None


def _toml_key_lines(text: str) -> dict[str, int]:
    """Best-effort lines of keys written under a `[tool.claimcheck]` header.

    NOTE: tomllib keeps no positions; this finds the usual `key = value` layout and gives
    no line for dotted or inline-table spellings, which the message then simply omits.
    """
    lines: dict[str, int] = {}
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        if _TOML_ANY_HEADER.match(line):
            inside = bool(_TOML_OUR_HEADER.match(line))
        elif inside and (key := _TOML_KEY.match(line)):
            lines.setdefault(key.group(1), number)
    return lines


def _parse_pyproject(text: str, shown: str) -> dict[str, Any]:
    """A pyproject-style document -> checked values of its `[tool.claimcheck]` table."""
    table = _claimcheck_table(_parse_toml_document(text, shown))
    if table is None:
        raise ConfigError("no [tool.claimcheck] table", shown)
    if not isinstance(table, dict):
        got = _describe_value(table)
        raise ConfigError(f"[tool.claimcheck] must be a table; got {got}", shown)
    return _check_table(table, _toml_key_lines(text), shown)


def _load(path: Path, shown: str) -> dict[str, Any]:
    """Read, parse and check one config file; `shown` is how messages name it."""
    text = _read_text(path, shown)
    is_toml = path.suffix.lower() == ".toml"
    values = _parse_pyproject(text, shown) if is_toml else _parse_yaml(text, shown)
    if "packs" in values:
        # NOTE: relative to the file, not the working directory, so a run from a
        # subdirectory finds the same packs.
        values["packs"] = tuple((path.parent / pack).resolve() for pack in values["packs"])
    return values


def load_config_file(path: Path) -> dict[str, Any]:
    """Checked settings of one config file, by field name, with pack paths resolved.

    A `*.toml` file is read as pyproject-style (`[tool.claimcheck]`), anything else as YAML.
    """
    return _load(path, str(path))


# --- discovery and merging ---


def _has_claimcheck_table(path: Path, shown: str) -> bool:
    text = _read_text(path, shown)
    # NOTE: skip parsing pyproject files that never mention us, so a broken unrelated
    # pyproject.toml up the tree is not our error to report.
    if "claimcheck" not in text:
        return False
    return _claimcheck_table(_parse_toml_document(text, shown)) is not None


def _search_path(start: Path) -> Iterator[Path]:
    """`start` and its parents, up to the repository root or the home directory, inclusive."""
    home = _home()
    for directory in (start, *start.parents):
        yield directory
        # NOTE: `.git` is a directory, or a file in worktrees and submodules.
        if directory == home or (directory / ".git").exists():
            return


def _home() -> Path | None:
    """The user's home directory, or None when the system cannot say."""
    try:
        home = Path.home()
    except (RuntimeError, KeyError):  # no $HOME and no password entry
        return None
    return home.resolve() if home.is_absolute() else None


def _untrusted(path: Path) -> str | None:
    """Why a discovered config file must not be read, or None when it may be."""
    get_uid = getattr(os, "getuid", None)
    if get_uid is None:  # pragma: no cover - Windows has no POSIX owners and modes
        return None
    try:
        info = path.stat()
    except OSError:
        return None  # reading it will say what is wrong
    others_can_write = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    if not others_can_write or info.st_uid == get_uid():
        return None
    mode = stat.filemode(info.st_mode)
    return (
        f"not used: other users can write it ({mode}, owner uid {info.st_uid}); "
        "remove their write access or pass --config to use it"
    )


def _looks_like_ours(path: Path) -> bool:
    """Whether a refused file would have been a config file: worth a warning."""
    if path.name == YAML_NAME:
        return True
    try:
        with path.open("rb") as stream:
            # NOTE: a plain byte search: a file we do not trust is not parsed.
            return b"claimcheck" in stream.read(MAX_CONFIG_BYTES)
    except OSError:
        return False


def _is_config(path: Path, start: Path) -> bool:
    if path.name == YAML_NAME:
        return True
    return _has_claimcheck_table(path, _shown_path(path, start))


def discover_config(start: Path) -> tuple[Path | None, tuple[str, ...]]:
    """The nearest config file at or above `start`, and a warning for each one refused.

    The walk stops at the repository root or the home directory. A file other users can
    write is refused (see the module notes) and the walk goes on as if it were not there.
    A broken `pyproject.toml` that mentions claimcheck is a `ConfigError`, named relative
    to `start` when it lies under it.
    """
    start = start.resolve()
    refused: list[str] = []
    for directory in _search_path(start):
        for candidate in (directory / YAML_NAME, directory / PYPROJECT_NAME):
            if not candidate.is_file():
                continue
            problem = _untrusted(candidate)
            if problem is None and _is_config(candidate, start):
                return candidate, tuple(refused)
            if problem is not None and _looks_like_ours(candidate):
                refused.append(f"{_shown_path(candidate, start)}: {problem}")
    return None, tuple(refused)


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above `start` that discovery may read (see above)."""
    return discover_config(start)[0]


def _shown_path(path: Path, cwd: Path) -> str:
    """A discovered path as messages show it: relative when it lies under `cwd`."""
    try:
        return str(path.relative_to(cwd))
    except ValueError:
        return str(path)


def _flag_values(cwd: Path, overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    """Flags the user passed (None means not passed); relative --pack paths join `cwd`."""
    flags = {name: value for name, value in (overrides or {}).items() if value is not None}
    unknown = sorted(set(flags) - set(SETTING_NAMES))
    if unknown:
        raise ValueError(f"unknown settings in overrides: {', '.join(unknown)}")
    if "packs" in flags:
        flags["packs"] = tuple((cwd / Path(pack)).resolve() for pack in flags["packs"])
    return flags


def _build_settings(values: Mapping[str, Any]) -> Settings:
    """Settings from checked file values and flags, each turned into its field's type.

    NOTE: file values are checked already and Typer checks flags, so a failure here comes
    from a caller of `resolve` passing a wrong override.
    """
    typed: dict[str, Any] = {}
    for name, value in values.items():
        try:
            typed[name] = _SETTING_TYPES[name](value)
        except (TypeError, ValueError) as error:
            raise ConfigError(f"--{_key_of(name)}: {_one_line(str(error))}") from None
    return Settings(**typed)


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"expected a list of strings; got {_describe_value(value)}")
    return tuple(value)


def _paths(value: object) -> tuple[Path, ...]:
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"expected a list of paths; got {_describe_value(value)}")
    return tuple(Path(item) for item in value)


_SETTING_TYPES: dict[str, Callable[[Any], object]] = {
    "fail_on": FailOn,
    "format": Format,
    "min_severity": Severity,
    "packs": _paths,
    "include": _strings,
    "exclude": _strings,
    "ignore_claims": _strings,
    "min_match_score": _expect_score,
}


@dataclass(frozen=True)
class _FileLayer:
    """The config file's checked values, how messages name it, and the files refused."""

    path: Path | None = None
    shown: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    refused: tuple[str, ...] = ()


def _file_layer(cwd: Path, config: Path | None) -> _FileLayer:
    if config is not None:
        # NOTE: a file the user names is read whoever owns it, as git reads `-c` values.
        given = (cwd / config).resolve()
        return _FileLayer(given, str(config), _load(given, str(config)))
    found, refused = discover_config(cwd)
    if found is None:
        return _FileLayer(refused=refused)
    shown = _shown_path(found, cwd)
    return _FileLayer(found, shown, _load(found, shown), refused)


def _origin(name: str, flags: Mapping[str, Any], from_file: Mapping[str, Any], shown: str) -> str:
    if name in flags:
        return COMMAND_LINE
    return shown if name in from_file else DEFAULT_ORIGIN


def resolve(
    cwd: Path, config: Path | None = None, overrides: Mapping[str, Any] | None = None
) -> EffectiveConfig:
    """Merge defaults < config file (`config`, else discovered from `cwd`) < flags.

    `overrides` maps field names to the values of flags the user passed; None means "not
    passed". Relative `config` and `packs` paths are taken relative to `cwd`.
    """
    cwd = cwd.resolve()
    layer = _file_layer(cwd, config)
    flags = _flag_values(cwd, overrides)
    settings = _build_settings({**layer.values, **flags})
    origins = {name: _origin(name, flags, layer.values, layer.shown) for name in SETTING_NAMES}
    return EffectiveConfig(
        settings=settings, origins=origins, config_path=layer.path, warnings=layer.refused
    )


def _value_text(value: object) -> str:
    """A setting as text that can be pasted back into either config file kind."""
    if isinstance(value, tuple):
        import json  # NOTE: here: only `claimcheck config` shows settings

        return json.dumps([str(item) for item in value], ensure_ascii=False)
    return str(value)


def describe(effective: EffectiveConfig) -> list[tuple[str, str, str]]:
    """(kebab-case key, value as text, origin) for every setting, in field order."""
    return [
        (_key_of(name), _value_text(getattr(effective.settings, name)), effective.origins[name])
        for name in SETTING_NAMES
    ]
