"""`check` without Typer, Click or rich (`fastcheck.py`), held to the Typer path byte for byte.

The console script reads a plainly well-formed `check` itself and leaves everything else
to the Typer app. These tests run both ways on the same arguments and compare exit code,
stdout and stderr; check that what the fast parser accepts is exactly what Typer makes of
it; that the plain view and plain error lines are what rich writes to a pipe; and, in a
subprocess, that a piped check imports none of Typer, Click or rich.
"""

from __future__ import annotations

import inspect
import io
import json
import os
import re
import subprocess
import sys
import typing
from collections.abc import Callable, Iterator
from enum import EnumMeta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

import claimcheck.cli
from claimcheck import fastcheck
from claimcheck.cli import main as typer_main
from claimcheck.config import resolve
from claimcheck.consoles import say
from claimcheck.errors import ClaimcheckError
from claimcheck.fastcheck import CHECK_OPTIONS, CheckArgs, parse_check
from claimcheck.report import explain
from claimcheck.report.text import Line
from tests.conftest import console_script, write, write_pack

Result = tuple[int, str, str]

# Sentences of our own: matched claims, notes, no match, misreported studies, hostile text.
SENTENCES = [
    "L-serine improves sleep.",
    "L-serine boosts your mood",
    "L-serine cures cancer and is safe for long-term use.",
    "It helps you fall asleep faster.",
    "Ashwagandha melts away stress.",
    "The weather was fine.",
    "NCT03580616, a randomized double-blind trial of 200 patients, showed L-serine treats HSAN1.",
    "A 2022 randomized placebo-controlled trial of 3000 adults (Ohashi et al.) showed "
    "L-serine cures insomnia.",
]
HOSTILE = [
    "L-serine [bold]cures[/bold] cancer [link=https://x.test]here[/link] \\[not markup].",
    "L-serine \u202ecures\u202c insomnia \u2066in days\u2069, \u200fsays\u200e the label.",
    "L-serine\tboosts\tmood.",  # rich expands tabs: left to rich, still the same bytes
    "L-serine\rcures\x07 cancer\x08\x0b\x0c.",
    "L-serine cures :pill: cancer :smile: fast.",
    "One line about L-serine and sleep.\nA second: it cures cancer.",
    "\x1b[31mL-serine\x1b[0m cures cancer.",
    "L-serine improves sleep, see https://example.test/" + "a" * 300 + " now.",
    "L-serine 治疗失眠 cures insomnia \U0001f60a.",
    "L-serine\u2028cures\u2029ALS\x85now.",
    "",
    " ",
]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory, and no environment that makes rich style a pipe."""
    monkeypatch.chdir(tmp_path)
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "CLAIMCHECK_DEBUG", "_CLAIMCHECK_COMPLETE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.fixture
def both(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., tuple[Result, Result]]:
    """Run arguments through the Typer app, then the console script's fast path."""

    def fell_back(argv: object = None) -> int:
        raise AssertionError(f"fell back to Typer: {argv}")

    def run(*args: str) -> tuple[Result, Result]:
        code = typer_main(list(args))
        typer_result = (code, *capsys.readouterr())
        with monkeypatch.context() as patch:
            patch.setattr(claimcheck.cli, "main", fell_back)
            code = fastcheck.main(list(args))
        return typer_result, (code, *capsys.readouterr())

    return run


# --- the same result both ways -------------------------------------------------------------


@pytest.mark.parametrize("sentence", SENTENCES + HOSTILE)
@pytest.mark.parametrize("options", [(), ("--verbose",), ("-f", "json")])
def test_a_check_prints_the_same_both_ways(
    both: Callable[..., tuple[Result, Result]], sentence: str, options: tuple[str, ...]
) -> None:
    typer_result, fast_result = both("check", sentence, *options)
    assert fast_result == typer_result


OPTION_LISTS = [
    ["-v"],
    ["--format=json"],
    ["--format", "text"],
    ["-f", "text", "-f", "json"],  # the last value counts
    ["-v", "--verbose"],
    ["--fail-on", "never"],
    ["--fail-on=warning", "-v"],
    ["--fail-on", "info", "-f", "json"],
    ["--min-match-score", "90"],
    ["--min-match-score=0"],
    ["--min-match-score", "100", "-v"],
    ["--min-match-score", "007"],
    ["--substance", "l-serine"],
    ["-s", "d-serine"],
    ["--substance="],
    ["-s", "no-such-substance"],  # a ClaimcheckError: one line, exit 2
]


@pytest.mark.parametrize("options", OPTION_LISTS, ids=" ".join)
def test_every_option_gives_the_same_result_both_ways(
    both: Callable[..., tuple[Result, Result]], options: list[str]
) -> None:
    for args in (
        ["L-serine cures cancer.", *options],
        [*options, "It helps you fall asleep faster."],  # options first
    ):
        typer_result, fast_result = both("check", *args)
        assert fast_result == typer_result


def test_packs_and_config_files_give_the_same_result_both_ways(
    both: Callable[..., tuple[Result, Result]], workdir: Path
) -> None:
    pack = str(write_pack(workdir / "pack"))
    write("strict.yaml", "fail-on: never\nmin-match-score: 80\n")
    write("broken.yaml", "fail-on: [\n")
    for args in (
        ["Testine cures insomnia.", "--pack", pack, "-s", "testine"],
        ["Testine cures insomnia.", "--pack", pack, "--pack", pack, "-s", "testine", "-v"],
        ["Testine cures insomnia.", "--pack", ""],  # the working directory, for Typer too
        ["L-serine cures cancer.", "--config", "strict.yaml"],
        ["L-serine cures cancer.", "--config=broken.yaml"],
    ):
        typer_result, fast_result = both("check", *args)
        assert fast_result == typer_result, args


def test_a_config_file_warning_is_the_same_both_ways(
    both: Callable[..., tuple[Result, Result]], monkeypatch: pytest.MonkeyPatch
) -> None:
    Path(".git").mkdir()
    planted = Path(write(".claimcheck.yaml", "fail-on: never\n"))
    planted.chmod(0o666)
    monkeypatch.setattr(os, "getuid", lambda: planted.stat().st_uid + 1)
    typer_result, fast_result = both("check", "L-serine cures cancer.")
    assert fast_result == typer_result
    assert fast_result[2].startswith("claimcheck: warning: .claimcheck.yaml: not used")


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (RuntimeError("boom"), 2),
        (ValueError("a :pill: in the message"), 2),  # an emoji code: rich prints it
        (OSError(5, "Input/output error"), 2),
        (KeyboardInterrupt(), 130),
        (SystemExit(3), 3),
    ],
)
def test_errors_end_the_run_the_same_both_ways(
    both: Callable[..., tuple[Result, Result]],
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
    code: int,
) -> None:
    def fail(*_: object) -> None:
        raise error

    monkeypatch.setattr(fastcheck, "check_sentence", fail)
    typer_result, fast_result = both("check", "L-serine cures cancer.")
    assert fast_result == typer_result
    assert fast_result[0] == code


def test_claimcheck_debug_shows_the_traceback_both_ways(
    both: Callable[..., tuple[Result, Result]], monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(fastcheck, "check_sentence", fail)
    monkeypatch.setenv("CLAIMCHECK_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        typer_main(["check", "x"])
    with pytest.raises(RuntimeError, match="boom"):
        fastcheck.main(["check", "x"])


# --- what the fast parser leaves to Typer --------------------------------------------------

S = "L-serine cures cancer."
FALLBACKS = [
    [],
    ["--version"],
    ["--help"],
    ["audit", "copy.txt"],
    ["Check", S],
    ["check"],
    ["check", "--help"],
    ["check", S, "-h"],
    ["check", S, "--format", "JSON"],
    ["check", S, "--format"],
    ["check", S, "--format="],
    ["check", S, "-fjson"],
    ["check", S, "-f=json"],
    ["check", S, "-vf", "json"],
    ["check", S, "--verbose=yes"],
    ["check", S, "--fail-on", "Error"],
    ["check", S, "--min-match-score", "101"],
    ["check", S, "--min-match-score", " 7"],
    ["check", S, "--min-match-score", "1_0"],
    ["check", S, "--min-match-score", "\u0663"],
    ["check", S, "--min-match-score=-1"],
    ["check", S, "--min-match-score", "-1"],
    ["check", S, "--substance", "-v"],
    ["check", S, "--pack", "no-such-dir"],
    ["check", S, "--pack", "copy.txt"],
    ["check", S, "--config", "."],
    ["check", S, "--config", ""],
    ["check", S, "--config", "no-such.yaml"],
    ["check", S, "--unknown"],
    ["check", S, "--"],
    ["check", "--", "-5% fat"],
    ["check", "-"],
    ["check", S, "another sentence"],
]


@pytest.mark.parametrize("args", FALLBACKS, ids=repr)
def test_anything_else_goes_to_typer(
    workdir: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    write("copy.txt", "L-serine cures cancer.\n")
    assert parse_check(args) is None
    expected = (typer_main(args), *capsys.readouterr())
    assert (fastcheck.main(args), *capsys.readouterr()) == expected


def test_windows_and_shell_completion_go_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    assert fastcheck.direct_allowed() or os.name == "nt"
    monkeypatch.setenv("_CLAIMCHECK_COMPLETE", "bash_complete")
    assert not fastcheck.direct_allowed()


@pytest.fixture
def typer_reads(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[[list[str]], CheckArgs | None]:
    """What the Typer app hands `run_check` for some arguments; None when it refuses them."""
    seen: list[CheckArgs] = []

    def record(args: CheckArgs) -> int:
        seen.append(args)
        return 0

    monkeypatch.setattr(claimcheck.cli, "run_check", record)
    Path("pack").mkdir()
    write("config.yaml", "fail-on: never\n")

    def read(args: list[str]) -> CheckArgs | None:
        seen.clear()
        typer_main(args)
        capsys.readouterr()
        return seen[0] if seen else None

    return read


TOKENS = [
    *CHECK_OPTIONS,
    *(f"{name}=" for name in CHECK_OPTIONS if name.startswith("--")),
    "text", "json", "JSON", "error", "never", "Info", "0", "7", "100", "101", "-1", "",
    "pack", "config.yaml", "missing", "l-serine", "L-serine cures cancer.", "-", "--", "-h",
]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(TOKENS), max_size=6), st.data())
def test_what_the_fast_parser_accepts_typer_reads_the_same(
    typer_reads: Callable[[list[str]], CheckArgs | None], tokens: list[str], data: st.DataObject
) -> None:
    # NOTE: an option followed by `=...` gets one of the values glued on.
    args = [
        "check",
        *(t + data.draw(st.sampled_from(TOKENS)) if t.endswith("=") else t for t in tokens),
    ]
    fast = parse_check(args)
    if fast is not None:
        assert typer_reads(args) == fast


def test_the_fast_options_are_checks_options() -> None:
    """Names, flags, repetition and choices agree with the Typer command in cli.py."""
    import typer.main

    command = typer.main.get_command(claimcheck.cli.app).commands["check"]
    options = [p for p in command.params if p.opts[0].startswith("-")]
    assert {name for p in options for name in p.opts} == set(CHECK_OPTIONS)
    hints = typing.get_type_hints(claimcheck.cli.check)
    fields = list(inspect.signature(CheckArgs).parameters)
    params = list(inspect.signature(claimcheck.cli.check).parameters)
    assert len(fields) == len(params)
    for param in options:
        field = fields[params.index(param.name)]
        for name in param.opts:
            option = CHECK_OPTIONS[name]
            assert option.field == field
            assert (option.read is None) == param.is_flag
            assert option.repeatable == param.multiple
            choices = typing.get_args(hints[param.name]) or (hints[param.name],)
            enums = [c for c in choices if isinstance(c, EnumMeta)]
            assert enums == ([option.read] if enums else [])


# --- plain output is what rich writes ------------------------------------------------------


def rich_view(lines: list[Line]) -> str:
    """The view as `check` printed it with rich to a pipe: 120 columns, soft wrap."""
    buffer = io.StringIO()
    console = Console(file=buffer, highlight=False, soft_wrap=False, width=120)
    console.print(explain.to_rich(lines), soft_wrap=True)
    return buffer.getvalue()


def views(sentence: str) -> Iterator[list[Line]]:
    """The check view of a sentence, compact and verbose; none when it cannot be checked."""
    settings = resolve(Path.cwd()).settings
    try:
        explained, studies, notes = fastcheck.check_sentence(sentence, settings, None)
    except ClaimcheckError:  # empty, or binary: no view
        return
    for verbose in (False, True):
        yield explain.view_lines(sentence, explained, notes, verbose=verbose, studies=studies)


def assert_plain_is_rich(lines: list[Line]) -> None:
    plain = explain.plain_text(lines)
    if plain is None:
        assert any("\t" in text for line in lines for text, _ in line)
    else:
        assert plain == rich_view(lines)


@pytest.mark.parametrize("sentence", SENTENCES + HOSTILE)
def test_the_plain_view_is_what_rich_writes(workdir: Path, sentence: str) -> None:
    for lines in views(sentence):
        assert_plain_is_rich(lines)


def test_the_plain_view_of_every_seed_sentence_is_what_rich_writes(
    workdir: Path, seeds_dir: Path
) -> None:
    sentences = {
        sentence
        for path in sorted(seeds_dir.glob("*.txt"))
        for paragraph in path.read_text(encoding="utf-8").splitlines()
        for sentence in re.split(r"(?<=[.!?])\s+", paragraph)
        if sentence.strip()
    }
    assert len(sentences) > 300
    for sentence in sorted(sentences):
        for lines in views(sentence):
            assert_plain_is_rich(lines)


def test_the_plain_view_of_the_golden_sentences_is_what_rich_writes(workdir: Path) -> None:
    golden = json.loads(Path(__file__).with_name("golden").joinpath("input.json").read_text())
    sentences = {f["sentence"] for file in golden["files"] for f in file.get("findings", [])}
    assert sentences
    for sentence in sorted(sentences):
        for lines in views(sentence):
            assert_plain_is_rich(lines)


HOSTILE_CHARS = st.sampled_from(
    [
        *"\t\n\r\x07\x08\x0b\x0c\x1b\x00[]/:\\ «»“”\u202e\u2066\u200f\u2028\x85\u0301\u200d",
        *("治", "\U0001f60a", "[bold]", "[/]", ":pill:", "https://x.test/a"),
    ]
)
PIECE_TEXT = st.lists(st.one_of(st.text(max_size=8), HOSTILE_CHARS), max_size=6).map("".join)
STYLES = st.sampled_from(["", "dim", "bold", "green", "bold underline", "red"])
LINES = st.lists(st.lists(st.tuples(PIECE_TEXT, STYLES), max_size=4).map(tuple), max_size=6)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_plain_lines_are_what_rich_writes_whatever_their_text(lines: list[Line]) -> None:
    assert_plain_is_rich(lines)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(PIECE_TEXT)
def test_a_plain_error_line_is_what_rich_writes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    line = f"claimcheck: {text}"
    say(line)
    plain = capsys.readouterr().err
    buffer = io.StringIO()
    Console(file=buffer, highlight=False, soft_wrap=True).print(line, markup=False)
    assert plain == buffer.getvalue()


# --- in a real process ---------------------------------------------------------------------

MODULES_AFTER = """
import json, sys
from claimcheck.fastcheck import main
codes = [main(args) for args in json.loads(sys.argv[1])]
roots = sorted({name.split(".")[0] for name in sys.modules})
sys.stderr.write(json.dumps({"codes": codes, "roots": roots}))
"""


def python(code: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run Python code in a fresh interpreter, stdout and stderr piped."""
    environ = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env={**environ, **env},
        check=False,
    )


def modules_after(runs: list[list[str]]) -> dict[str, Any]:
    """Exit codes of the runs, in one piped process, and the top-level modules it imported."""
    stderr = python(MODULES_AFTER, json.dumps(runs)).stderr
    return dict(json.loads(stderr[stderr.index('{"codes"') :]))


def test_a_piped_check_imports_neither_typer_click_nor_rich(workdir: Path) -> None:
    runs = [
        ["check", "L-serine cures cancer.", "-v"],
        ["check", "L-serine improves sleep.", "--format", "json"],
        ["check", "NCT03580616, a randomized double-blind trial of 200 patients, treats HSAN1."],
        ["check", "The weather was fine.", "-s", "no-such-substance"],  # an error line
        ["check", "The\tweather was fine."],  # quoted as given: rich expands the tab
    ]
    report = modules_after(runs[:4])
    assert report["codes"] == [1, 1, 1, 2]
    assert {"typer", "click", "rich"}.isdisjoint(report["roots"])
    assert "rich" in modules_after(runs[4:])["roots"]


CONSOLE_MODULES = console_script(
    ["check", "NCT03580616, a randomized trial in 200 patients, cures ALS."],
    'sys.stderr.write(" ".join(sorted({name.split(".")[0] for name in sys.modules})))\n',
)


def test_a_warm_check_imports_nothing_it_does_not_use(workdir: Path) -> None:
    python(CONSOLE_MODULES)  # builds and stores the engine and the start-up file
    roots = set(python(CONSOLE_MODULES).stderr.split())
    assert "claimcheck" in roots
    # validation, YAML, cache writing, HTML reading, report writing, OpenSSL: none of
    # them serve a check on a warm cache, and each costs milliseconds to import
    unused = {"pydantic", "yaml", "tempfile", "html", "signal", "threading", "_hashlib", "json"}
    assert unused.isdisjoint(roots)


def test_the_console_script_is_the_fast_entry_point() -> None:
    import tomllib

    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    scripts = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"claimcheck": "claimcheck.launch:main"}


RUN_FAST = "import sys; from claimcheck.launch import main; sys.exit(main())"
RUN_TYPER = "import sys; from claimcheck.cli import main; sys.exit(main())"


def closed_pipe_run(code: str, *args: str) -> tuple[int, str]:
    """Exit code and stderr of a run whose reader has gone away before it writes."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-c", code, *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write_end)
    return result.returncode, result.stderr


@pytest.mark.parametrize("options", [(), ("-f", "json", "-v")])
def test_a_closed_pipe_ends_the_run_the_same_both_ways(
    workdir: Path, options: tuple[str, ...]
) -> None:
    # NOTE: a long sentence makes the JSON longer than the stream's buffer.
    args = ("check", "L-serine cures cancer and is safe. " * 120, *options)
    assert closed_pipe_run(RUN_FAST, *args) == closed_pipe_run(RUN_TYPER, *args)


@pytest.mark.parametrize(
    "env", [{"PYTHONIOENCODING": "ascii"}, {"FORCE_COLOR": "1"}, {"TTY_COMPATIBLE": "1"}]
)
def test_rich_s_own_cases_stay_the_same_both_ways(workdir: Path, env: dict[str, str]) -> None:
    args = ("check", "L-serine boosts your mood", "-v")
    fast = python(RUN_FAST, *args, **env)
    typer = python(RUN_TYPER, *args, **env)
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        typer.returncode,
        typer.stdout,
        typer.stderr,
    )


def terminal_run(code: str, *args: str) -> tuple[int, bytes]:
    """Exit code and output of a run whose stdout is a terminal (a pseudo-terminal)."""
    import pty

    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", code, *args], stdout=follower, stderr=subprocess.DEVNULL
        )
        os.close(follower)
        output = b""
        while chunk := _read(leader):
            output += chunk
        return process.wait(), output
    finally:
        os.close(leader)


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # the terminal closed: Linux says EIO
        return b""


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_at_a_terminal_rich_prints_the_view_the_same_both_ways(workdir: Path) -> None:
    args = ("check", "L-serine boosts your mood", "-v")
    fast = terminal_run(RUN_FAST, *args)
    assert fast == terminal_run(RUN_TYPER, *args)
    assert b"\x1b[" in fast[1]  # styled
