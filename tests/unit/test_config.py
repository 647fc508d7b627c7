"""Configuration: discovery, both file kinds, precedence with origins, and every refusal."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from claimcheck.config import (
    COMMAND_LINE,
    DEFAULT_INCLUDE,
    DEFAULT_ORIGIN,
    MAX_CONFIG_BYTES,
    Settings,
    describe,
    discover_config,
    find_config,
    load_config_file,
    resolve,
)
from claimcheck.errors import ConfigError
from claimcheck.findings import FailOn, Severity
from claimcheck.match import DEFAULT_MIN_SCORE
from claimcheck.report import Format

FORMATS = ", ".join(member.value for member in Format)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository root: `.git` bounds every discovery walk inside the test directory."""
    root = tmp_path.resolve() / "repo"
    (root / ".git").mkdir(parents=True)
    return root


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- discovery ---


def test_walks_up_from_nested_directories(repo: Path) -> None:
    config = write(repo / ".claimcheck.yaml", "fail-on: warning\n")
    start = repo / "docs" / "blog" / "2026"
    start.mkdir(parents=True)
    assert find_config(start) == config


def test_nearest_config_wins(repo: Path) -> None:
    write(repo / ".claimcheck.yaml", "fail-on: warning\n")
    inner = write(repo / "docs" / ".claimcheck.yaml", "fail-on: info\n")
    assert find_config(repo / "docs") == inner


def test_pyproject_without_table_is_skipped(repo: Path) -> None:
    outer = write(repo / "pyproject.toml", "[tool.claimcheck]\nfail-on = 'info'\n")
    write(repo / "pkg" / "pyproject.toml", "[project]\nname = 'claimcheck-plugin'\n")
    assert find_config(repo / "pkg") == outer


def test_pyproject_with_table_is_found(repo: Path) -> None:
    config = write(repo / "pyproject.toml", "[tool.ruff]\nline-length = 99\n[tool.claimcheck]\n")
    assert find_config(repo) == config


def test_yaml_wins_over_pyproject_in_the_same_directory(repo: Path) -> None:
    write(repo / "pyproject.toml", "[tool.claimcheck]\nfail-on = 'info'\n")
    config = write(repo / ".claimcheck.yaml", "fail-on: warning\n")
    assert find_config(repo) == config


def test_walk_stops_at_git_after_checking_that_directory(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    (root / ".git").mkdir()
    write(root / ".claimcheck.yaml", "fail-on: info\n")  # above the inner repository
    inner = root / "vendor" / "other"
    (inner / ".git").mkdir(parents=True)
    (inner / "src").mkdir()
    assert find_config(inner / "src") is None
    config = write(inner / ".claimcheck.yaml", "fail-on: warning\n")
    assert find_config(inner / "src") == config


def test_git_file_also_marks_a_repository_root(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    (root / ".git").mkdir()
    write(root / ".claimcheck.yaml", "fail-on: info\n")
    write(root / "worktree" / ".git", "gitdir: ../.git/worktrees/w\n")
    assert find_config(root / "worktree") is None


def test_no_config_anywhere(repo: Path) -> None:
    assert find_config(repo) is None
    effective = resolve(repo)
    assert effective.config_path is None
    assert effective.settings == Settings()
    assert set(effective.origins.values()) == {DEFAULT_ORIGIN}


def test_unrelated_broken_pyproject_is_not_parsed(repo: Path) -> None:
    write(repo / "pyproject.toml", "[project\nname = 'x'\n")
    assert find_config(repo) is None


def test_broken_pyproject_that_mentions_us_is_an_error(repo: Path) -> None:
    write(repo / "pyproject.toml", "[tool.claimcheck\n")
    with pytest.raises(ConfigError) as caught:
        find_config(repo)
    expected = "invalid TOML: Expected ']' at the end of a table declaration"
    assert str(caught.value) == f"pyproject.toml:1: {expected}"


def test_outside_a_repository_the_walk_stops_at_the_home_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path.resolve() / "home"
    site = home / "site" / "blog"
    site.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    write(tmp_path / ".claimcheck.yaml", "fail-on: never\n")  # above home: never read
    assert find_config(site) is None
    config = write(home / ".claimcheck.yaml", "fail-on: info\n")
    assert find_config(site) == config


def test_a_repository_inside_home_still_stops_the_walk_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path.resolve() / "home"
    monkeypatch.setenv("HOME", str(home))
    write(home / ".claimcheck.yaml", "fail-on: info\n")
    (home / "repo" / ".git").mkdir(parents=True)
    assert find_config(home / "repo") is None


def someone_else(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Make the running user someone other than the owner of `path`."""
    monkeypatch.setattr(os, "getuid", lambda: path.stat().st_uid + 1)


@pytest.mark.parametrize("mode", [0o666, 0o664], ids=["world-writable", "group-writable"])
def test_a_config_others_can_write_and_you_do_not_own_is_refused(
    repo: Path, monkeypatch: pytest.MonkeyPatch, mode: int
) -> None:
    outer = write(repo / ".claimcheck.yaml", "fail-on: info\n")
    planted = write(repo / "shared" / ".claimcheck.yaml", "fail-on: never\n")
    planted.chmod(mode)
    someone_else(monkeypatch, planted)
    found, refused = discover_config(repo / "shared")
    assert found == outer  # skipped as if absent: the walk goes on
    (warning,) = refused
    assert warning.startswith(".claimcheck.yaml: not used: other users can write it (-rw-rw-")
    assert "pass --config to use it" in warning
    effective = resolve(repo / "shared")
    assert effective.settings.fail_on is FailOn.INFO
    assert effective.warnings == refused
    # named on the command line, it is the user's choice
    assert resolve(repo, config=planted).settings.fail_on is FailOn.NEVER


def test_a_config_you_own_or_no_one_else_can_write_is_used(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write(repo / ".claimcheck.yaml", "fail-on: info\n")
    config.chmod(0o664)
    assert discover_config(repo) == (config, ())  # group-writable, but yours
    config.chmod(0o644)
    someone_else(monkeypatch, config)
    assert discover_config(repo) == (config, ())  # someone else's, but only they write it


def test_a_refused_pyproject_warns_only_when_it_configures_claimcheck(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unrelated = write(repo / "pyproject.toml", "[project]\nname = 'x'\n")
    unrelated.chmod(0o666)
    someone_else(monkeypatch, unrelated)
    assert discover_config(repo) == (None, ())
    write(unrelated, "[tool.claimcheck\n")  # broken too: refused unparsed, not an error
    found, (warning,) = discover_config(repo)
    assert found is None
    assert warning.startswith("pyproject.toml: not used: ")


# --- the two file kinds ---


def test_yaml_file_values_and_field_names(repo: Path) -> None:
    path = write(
        repo / ".claimcheck.yaml",
        "fail-on: warning\n"
        "format: json\n"
        "min-severity: warning\n"
        "include: ['*.md']\n"
        "exclude: [drafts/*]\n"
        "ignore-claims: [serine-improves-sleep]\n"
        "min-match-score: 80\n",
    )
    assert load_config_file(path) == {
        "fail_on": "warning",
        "format": "json",
        "min_severity": "warning",
        "include": ("*.md",),
        "exclude": ("drafts/*",),
        "ignore_claims": ("serine-improves-sleep",),
        "min_match_score": 80,
    }


def test_empty_yaml_file_means_defaults(repo: Path) -> None:
    path = write(repo / ".claimcheck.yaml", "# nothing set yet\n")
    assert load_config_file(path) == {}
    assert resolve(repo).settings == Settings()


def test_explicit_yaml_config_with_any_name(repo: Path) -> None:
    write(repo / ".claimcheck.yaml", "fail-on: info\n")  # ignored: --config wins
    write(repo / "ci" / "lint.yml", "fail-on: never\n")
    effective = resolve(repo, config=Path("ci/lint.yml"))
    assert effective.settings.fail_on is FailOn.NEVER
    assert effective.config_path == repo / "ci" / "lint.yml"
    assert effective.origins["fail_on"] == "ci/lint.yml"


def test_explicit_toml_config_is_read_pyproject_style(repo: Path) -> None:
    write(repo / "ci" / "claimcheck.toml", "[tool.claimcheck]\nmin-match-score = 85\n")
    effective = resolve(repo, config=Path("ci/claimcheck.toml"))
    assert effective.settings.min_match_score == 85
    assert effective.origins["min_match_score"] == "ci/claimcheck.toml"


def test_explicit_toml_config_without_table(repo: Path) -> None:
    write(repo / "ci" / "claimcheck.toml", "min-match-score = 85\n")
    with pytest.raises(ConfigError) as caught:
        resolve(repo, config=Path("ci/claimcheck.toml"))
    assert str(caught.value) == "ci/claimcheck.toml: no [tool.claimcheck] table"


def test_explicit_absolute_config(repo: Path, tmp_path: Path) -> None:
    path = write(tmp_path.resolve() / "elsewhere.yaml", "format: json\n")
    effective = resolve(repo, config=path)
    assert effective.settings.format is Format.JSON
    assert effective.origins["format"] == str(path)


# --- precedence and origins ---


def test_precedence_defaults_then_file_then_flags(repo: Path) -> None:
    write(repo / ".claimcheck.yaml", "fail-on: warning\nformat: json\nexclude: [old/*]\n")
    effective = resolve(
        repo / ".",
        overrides={"format": Format.TEXT, "min_match_score": 90, "fail_on": None, "packs": None},
    )
    settings = effective.settings
    assert settings.fail_on is FailOn.WARNING  # file; the None flag was not passed
    assert settings.format is Format.TEXT  # flag beats file
    assert settings.min_match_score == 90  # flag beats default
    assert settings.exclude == ("old/*",)  # file
    assert settings.include == DEFAULT_INCLUDE  # default
    assert effective.origins == {
        "fail_on": ".claimcheck.yaml",
        "format": COMMAND_LINE,
        "min_severity": DEFAULT_ORIGIN,
        "packs": DEFAULT_ORIGIN,
        "include": DEFAULT_ORIGIN,
        "exclude": ".claimcheck.yaml",
        "ignore_claims": DEFAULT_ORIGIN,
        "min_match_score": COMMAND_LINE,
    }


def test_discovered_file_above_cwd_is_shown_by_full_path(repo: Path) -> None:
    path = write(repo / "pyproject.toml", "[tool.claimcheck]\nfail-on = 'info'\n")
    (repo / "docs").mkdir()
    effective = resolve(repo / "docs")
    assert effective.config_path == path
    assert effective.origins["fail_on"] == str(path)


def test_defaults() -> None:
    settings = Settings()
    assert settings.fail_on is FailOn.ERROR
    assert settings.format is Format.TEXT
    assert settings.min_severity is Severity.INFO  # every finding is shown
    assert settings.packs == ()
    assert settings.include == ("*.txt", "*.md", "*.markdown", "*.html", "*.htm")
    assert settings.exclude == settings.ignore_claims == ()
    assert settings.min_match_score == DEFAULT_MIN_SCORE


def test_describe_lists_every_setting_as_text(repo: Path) -> None:
    write(repo / ".claimcheck.yaml", "exclude: [drafts/*]\npacks: [packs/extra]\n")
    rows = describe(resolve(repo, overrides={"fail_on": FailOn.NEVER}))
    assert rows == [
        ("fail-on", "never", COMMAND_LINE),
        ("format", "text", DEFAULT_ORIGIN),
        ("min-severity", "info", DEFAULT_ORIGIN),
        ("packs", f'["{repo / "packs" / "extra"}"]', ".claimcheck.yaml"),
        ("include", '["*.txt", "*.md", "*.markdown", "*.html", "*.htm"]', DEFAULT_ORIGIN),
        ("exclude", '["drafts/*"]', ".claimcheck.yaml"),
        ("ignore-claims", "[]", DEFAULT_ORIGIN),
        ("min-match-score", str(DEFAULT_MIN_SCORE), DEFAULT_ORIGIN),
    ]


def test_settings_are_frozen_and_closed() -> None:
    settings = Settings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.fail_on = FailOn.NEVER  # type: ignore[misc]
    with pytest.raises(TypeError, match="fail_level"):
        Settings(fail_level="error")  # type: ignore[call-arg]


# --- pack paths ---


def test_pack_paths_are_relative_to_the_config_file(repo: Path, tmp_path: Path) -> None:
    absolute = tmp_path.resolve() / "shared-pack"
    write(repo / "ci" / "claimcheck.yaml", f"packs: [packs/extra, ../common, '{absolute}']\n")
    (repo / "docs").mkdir()
    effective = resolve(repo / "docs", config=Path("../ci/claimcheck.yaml"))
    assert effective.settings.packs == (
        repo / "ci" / "packs" / "extra",
        repo / "common",
        absolute,
    )


def test_pack_paths_in_pyproject_are_relative_to_it(repo: Path) -> None:
    write(repo / "pyproject.toml", "[tool.claimcheck]\npacks = ['packs/extra']\n")
    (repo / "docs").mkdir()
    assert resolve(repo / "docs").settings.packs == (repo / "packs" / "extra",)


def test_pack_flags_are_relative_to_cwd(repo: Path) -> None:
    write(repo / ".claimcheck.yaml", "packs: [from-file]\n")
    (repo / "docs").mkdir()
    effective = resolve(repo / "docs", overrides={"packs": [Path("mine")]})
    assert effective.settings.packs == (repo / "docs" / "mine",)
    assert effective.origins["packs"] == COMMAND_LINE


# --- refusals: one line each, naming the file (and line where known) ---

BAD_YAML = [
    pytest.param(
        "format: json\nfail_on: error\n",
        "2: unknown key 'fail_on' (did you mean 'fail-on'?)",
        id="unknown-key-suggestion",
    ),
    pytest.param(
        "min-score: 50\n",
        "1: unknown key 'min-score' (did you mean 'min-match-score'?)",
        id="unknown-key-close-match",
    ),
    pytest.param(
        "colour: auto\n",
        "1: unknown key 'colour' (known keys: exclude, fail-on, format, ignore-claims, "
        "include, min-match-score, min-severity, packs)",
        id="unknown-key-no-match",
    ),
    pytest.param(
        "fail-on: fatal\n",
        "1: fail-on: expected one of error, warning, info, never; got 'fatal'",
        id="bad-enum",
    ),
    pytest.param(
        "min-severity: never\n",
        "1: min-severity: expected one of info, warning, error; got 'never'",
        id="bad-min-severity",
    ),
    pytest.param(
        "format: pdf\n",
        f"1: format: expected one of {FORMATS}; got 'pdf'",
        id="bad-format",
    ),
    pytest.param(
        "fail-on: [error]\n",
        "1: fail-on: expected one of error, warning, info, never; got a list",
        id="enum-wrong-type",
    ),
    pytest.param(
        "include: '*.md'\n",
        "1: include: expected a list of strings; got '*.md'",
        id="string-not-list",
    ),
    pytest.param(
        "exclude:\n",
        "1: exclude: expected a list of strings; got null",
        id="null-not-list",
    ),
    pytest.param(
        "ignore-claims:\n  - a-claim\n  - 3\n",
        "1: ignore-claims: expected a list of non-empty strings; item 2 is 3",
        id="list-item-wrong-type",
    ),
    pytest.param(
        "packs: {extra: packs}\n",
        "1: packs: expected a list of strings; got a mapping",
        id="mapping-not-list",
    ),
    pytest.param(
        "min-match-score: 101\n",
        "1: min-match-score: expected an integer from 0 to 100; got 101",
        id="score-out-of-range",
    ),
    pytest.param(
        "min-match-score: '80'\n",
        "1: min-match-score: expected an integer from 0 to 100; got '80'",
        id="score-as-string",
    ),
    pytest.param(
        "min-match-score: true\n",
        "1: min-match-score: expected an integer from 0 to 100; got true",
        id="score-as-bool",
    ),
    pytest.param(
        "fail-on: error\nfail-on: never\n",
        "2: duplicate key 'fail-on'",
        id="duplicate-key",
    ),
    pytest.param(
        "- fail-on\n- error\n",
        "1: expected a mapping of settings; got a list",
        id="not-a-mapping",
    ),
    pytest.param(
        "fail-on: error\n  format: json\n",
        "2: invalid YAML: mapping values are not allowed here",
        id="malformed-yaml",
    ),
    pytest.param(
        "include: ['*.md'\n",
        "2: invalid YAML: while parsing a flow sequence: expected ',' or ']', "
        "but got '<stream end>'",
        id="unclosed-flow-list",
    ),
    pytest.param(
        "fail-on: error\n---\nformat: json\n",
        "2: invalid YAML: expected a single document in the stream: but found another document",
        id="two-documents",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BAD_YAML)
def test_bad_yaml_config(repo: Path, text: str, expected: str) -> None:
    write(repo / ".claimcheck.yaml", text)
    with pytest.raises(ConfigError) as caught:
        resolve(repo)
    assert str(caught.value) == f".claimcheck.yaml:{expected}"


BAD_TOML = [
    pytest.param(
        "[tool.claimcheck]\nformat = 'json'\nfail_on = 'error'\n",
        "pyproject.toml:3: unknown key 'fail_on' (did you mean 'fail-on'?)",
        id="unknown-key-with-line",
    ),
    pytest.param(
        "[tool]\nclaimcheck.fail_on = 'error'\n",
        "pyproject.toml: unknown key 'fail_on' (did you mean 'fail-on'?)",
        id="unknown-dotted-key-without-line",
    ),
    pytest.param(
        "[tool.claimcheck]\nmin-match-score = 7.5\n",
        "pyproject.toml:2: min-match-score: expected an integer from 0 to 100; got 7.5",
        id="wrong-type",
    ),
    pytest.param(
        "[tool.claimcheck]\nfail-on = 'fatal'\n",
        "pyproject.toml:2: fail-on: expected one of error, warning, info, never; got 'fatal'",
        id="bad-enum",
    ),
    pytest.param(
        "[tool]\nclaimcheck = 'strict'\n",
        "pyproject.toml: [tool.claimcheck] must be a table; got 'strict'",
        id="table-not-a-table",
    ),
    pytest.param(
        "[tool.claimcheck]\nfail-on = \n",
        "pyproject.toml:2: invalid TOML: Invalid value",
        id="malformed-toml",
    ),
    pytest.param(
        '[tool.claimcheck]\nfail-on = "error\nformat = "json"\n',
        "pyproject.toml:2: invalid TOML: Illegal character '\\n'",
        id="unterminated-string",
    ),
    pytest.param(
        "[tool.claimcheck]\nfail-on = 'error",
        'pyproject.toml: invalid TOML: Expected "\'"',
        id="error-at-end-of-document",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BAD_TOML)
def test_bad_toml_config(repo: Path, text: str, expected: str) -> None:
    write(repo / "pyproject.toml", text)
    with pytest.raises(ConfigError) as caught:
        resolve(repo)
    assert str(caught.value) == expected


def test_oversize_file_is_refused_unread(repo: Path) -> None:
    path = repo / ".claimcheck.yaml"
    path.write_bytes(b"# " + b"x" * MAX_CONFIG_BYTES + b"\n")
    with pytest.raises(ConfigError) as caught:
        load_config_file(path)
    assert str(caught.value) == (
        f"{path}: config file is larger than 1,000,000 bytes; refusing to read it"
    )


def test_file_at_the_size_limit_is_read(repo: Path) -> None:
    path = repo / ".claimcheck.yaml"
    path.write_bytes(b"#" * (MAX_CONFIG_BYTES - 1) + b"\n")
    assert load_config_file(path) == {}


def test_missing_explicit_config(repo: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        resolve(repo, config=Path("nope.yaml"))
    assert str(caught.value) == "nope.yaml: config file not found"


def test_unreadable_explicit_config(repo: Path) -> None:
    (repo / "conf.yaml").mkdir()
    with pytest.raises(ConfigError) as caught:
        resolve(repo, config=Path("conf.yaml"))
    assert str(caught.value) == "conf.yaml: cannot read config file: Is a directory"


def test_config_that_is_not_utf8(repo: Path) -> None:
    (repo / ".claimcheck.yaml").write_bytes(b"fail-on: \xff\n")
    with pytest.raises(ConfigError) as caught:
        resolve(repo)
    assert str(caught.value) == ".claimcheck.yaml: config file is not valid UTF-8"


def test_yaml_with_forbidden_character(repo: Path) -> None:
    write(repo / ".claimcheck.yaml", "fail-on: error\x07\n")
    with pytest.raises(ConfigError) as caught:
        resolve(repo)
    assert str(caught.value) == (
        ".claimcheck.yaml: invalid YAML: unacceptable character #x0007: "
        "special characters are not allowed"
    )


def test_bad_flag_value_names_the_option(repo: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        resolve(repo, overrides={"min_match_score": 150})
    assert str(caught.value).startswith("--min-match-score: ")
    assert caught.value.path is None


def test_unknown_override_is_a_programming_error(repo: Path) -> None:
    with pytest.raises(ValueError, match="unknown settings in overrides: fail_level"):
        resolve(repo, overrides={"fail_level": "error"})


def test_every_setting_has_a_file_key_and_a_check() -> None:
    from claimcheck import config

    assert set(config._CHECKS) == set(config.SETTING_NAMES) == set(config._SETTING_TYPES)
    assert set(config._FIELD_OF_KEY.values()) == set(config.SETTING_NAMES)
