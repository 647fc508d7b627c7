"""The command line: parse options, load the pack, call the pipeline, render, exit.

Only glue lives here: no matching, judging or formatting logic. Every `ClaimcheckError`
and every usage error (a bad option value; see `usage.py`) is caught once (`main`) and
printed as one line on stderr with exit code 2. The console script (`launch.main`, then
`fastcheck.main`) runs a plain `check` without this module, Typer or rich; `check` here runs
the same code.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from claimcheck import __version__
from claimcheck.consoles import say, stderr_console, stdout_console
from claimcheck.errors import ClaimcheckError, InputError, PackError
from claimcheck.fastcheck import (
    CheckArgs,
    ListFormat,
    guarded,
    load_engine,
    run_check,
    settings_for,
)
from claimcheck.files import append_to_file, check_target, write_file
from claimcheck.findings import (
    ExitCode,
    FailOn,
    NoticeCode,
    Report,
    Severity,
    exit_code,
    hide_below,
)
from claimcheck.pack import Pack, check_pack, default_pack_dir, load_pack
from claimcheck.report import Format, RenderOptions, render, stream
from claimcheck.report.markdown import plural

if TYPE_CHECKING:
    from rich.console import RenderableType

    from claimcheck.config import Settings
    from claimcheck.discover import Discovery
    from claimcheck.sources import Document
    from claimcheck.usage import UsageError

__all__ = ["ExitCode", "app", "main"]

PROGRESS_MIN_FILES = 20  # fewer files finish before a progress bar is worth drawing


app = typer.Typer(
    name="claimcheck",
    help="Check the health claims in copy against the evidence.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
claims_app = typer.Typer(help="Browse the claims corpus.", no_args_is_help=True)
studies_app = typer.Typer(help="Browse the study registry.", no_args_is_help=True)
app.add_typer(claims_app, name="claims")
app.add_typer(studies_app, name="studies")

PackOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--pack",
        help="An extra knowledge pack directory (repeatable); added to the shipped pack.",
        file_okay=False,
    ),
]
FormatOption = Annotated[
    ListFormat,
    typer.Option("--format", "-f", help="Output format (default: text).", show_default=False),
]
CurationOption = Annotated[
    bool, typer.Option("--verbose", "-v", help="Also show the curators' notes on the record.")
]


def load_packs(extra: Sequence[Path] | None) -> Pack:
    """The shipped pack plus any extra packs."""
    return load_pack([default_pack_dir(), *(extra or [])])


def emit(
    output_format: ListFormat,
    as_json: Callable[[], object],
    as_text: Callable[[], RenderableType],
) -> None:
    """Print pack data as JSON (plain, for scripts) or as a rich table or panel."""
    from claimcheck.report import catalog

    if output_format is ListFormat.JSON:
        sys.stdout.write(catalog.to_json(as_json()))
    else:
        stdout_console().print(as_text())


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"claimcheck {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version_callback,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """Check the health claims in copy against the evidence."""


@app.command()
def validate(
    pack_dirs: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Pack directories to check (default: the shipped pack).", show_default=False
        ),
    ] = None,
) -> None:
    """Check a knowledge pack: schema, unique ids, links, identifier formats."""
    dirs = [default_pack_dir(), *pack_dirs] if pack_dirs else [default_pack_dir()]
    for directory in dirs:
        if not directory.is_dir():
            missing = "not a directory" if directory.exists() else "pack directory does not exist"
            raise PackError(missing, str(directory))
    pack, problems = check_pack(dirs)
    err = stderr_console()
    for problem in problems:
        err.print(str(problem), markup=False)
    if problems:
        err.print(f"{plural(len(problems), 'problem')} found.", markup=False)
        raise typer.Exit(ExitCode.FINDINGS)
    assert pack is not None
    typer.echo(
        f"ok: {plural(len(pack.substances), 'substance')}, "
        f"{plural(len(pack.studies), 'study', 'studies')}, "
        f"{plural(len(pack.claims), 'claim')} in {plural(len(dirs), 'pack')}"
    )


@claims_app.command("list")
def claims_list(
    substance: Annotated[
        str | None,
        typer.Option("--substance", "-s", help="Only claims about this substance id."),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            "-q",
            help="Only claims whose id, statement or terms contain every one of these words.",
        ),
    ] = None,
    output_format: FormatOption = ListFormat.TEXT,
    pack: PackOption = None,
) -> None:
    """List the claims in the corpus with their verdicts."""
    from claimcheck.report import catalog

    loaded = load_packs(pack)
    if substance is not None and substance not in loaded.substances:
        raise PackError(f"unknown substance {substance!r}; known: {', '.join(loaded.substances)}")
    claims = [
        c
        for c in loaded.claims.values()
        if substance in (None, c.substance) and catalog.claim_matches(loaded, c, search or "")
    ]
    emit(
        output_format,
        lambda: [catalog.claim_json(loaded, c) for c in claims],
        lambda: catalog.claims_table(loaded, claims),
    )


@claims_app.command("show")
def claims_show(
    claim_id: Annotated[str, typer.Argument(help="Claim id, as `claims list` shows it.")],
    output_format: FormatOption = ListFormat.TEXT,
    pack: PackOption = None,
) -> None:
    """Show one claim: statement, verdict, phrasings, evidence, accurate wording."""
    from claimcheck.report import catalog

    loaded = load_packs(pack)
    claim = loaded.claims.get(claim_id)
    if claim is None:
        raise PackError(f"unknown claim id {claim_id!r} (see `claimcheck claims list`)")
    emit(
        output_format,
        lambda: catalog.claim_json(loaded, claim),
        lambda: catalog.show_claim(loaded, claim),
    )


@studies_app.command("list")
def studies_list(
    output_format: FormatOption = ListFormat.TEXT,
    pack: PackOption = None,
) -> None:
    """List the studies in the registry."""
    from claimcheck.report import catalog

    loaded = load_packs(pack)
    studies = list(loaded.studies.values())
    emit(
        output_format,
        lambda: [catalog.study_json(s) for s in studies],
        lambda: catalog.studies_table(studies),
    )


@studies_app.command("show")
def studies_show(
    study_id: Annotated[str, typer.Argument(help="Study id, as `studies list` shows it.")],
    output_format: FormatOption = ListFormat.TEXT,
    pack: PackOption = None,
    verbose: CurationOption = False,
) -> None:
    """Show one study: citation, design, population, findings, limitations, links."""
    from claimcheck.report import catalog

    loaded = load_packs(pack)
    study = loaded.studies.get(study_id)
    if study is None:
        raise PackError(f"unknown study id {study_id!r} (see `claimcheck studies list`)")
    emit(
        output_format,
        lambda: catalog.study_json(study, verbose=verbose),
        lambda: catalog.show_study(study, verbose=verbose),
    )


FailOnOption = Annotated[
    FailOn | None,
    typer.Option(
        "--fail-on",
        help="Exit 1 when a finding is at or above this severity (default: error).",
    ),
]
MinScoreOption = Annotated[
    int | None,
    typer.Option(
        "--min-match-score",
        min=0,
        max=100,
        help="How closely a sentence must match a claim, 0-100 (default: 65).",
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Configuration file (default: the nearest .claimcheck.yaml, or pyproject.toml "
        "with a tool.claimcheck table, found upward from here).",
        dir_okay=False,
    ),
]


PathsArgument = Annotated[
    list[str],
    typer.Argument(
        help="Files, directories (searched recursively) or glob patterns; `-` reads stdin.",
        show_default=False,
        metavar="PATH...",
    ),
]
AuditFormatOption = Annotated[
    Format | None, typer.Option("--format", "-f", help="Output format (default: text).")
]
MinSeverityOption = Annotated[
    Severity | None,
    typer.Option(
        "--min-severity",
        help="Report only findings at or above this severity (default: info, all of them).",
    ),
]


def output_path(value: str) -> Path:
    """--output's value: a file path, refused when empty or a directory.

    NOTE: a parser, not Click's path type, which reads '' as '.' (a directory).
    """
    if not value:
        raise typer.BadParameter("the path is empty")
    if Path(value).is_dir():
        raise typer.BadParameter(f"'{value}' is a directory, not a file")
    return Path(value)


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write the report to a file instead of stdout.", parser=output_path
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite --output if it exists.")]
IncludeOption = Annotated[
    list[str] | None,
    typer.Option("--include", help="Glob of file names to audit in directories (repeatable)."),
]
ExcludeOption = Annotated[
    list[str] | None,
    typer.Option("--exclude", help="Glob of paths or names to skip (repeatable)."),
]
IgnoreClaimOption = Annotated[
    list[str] | None,
    typer.Option("--ignore-claim", help="Claim id never to report (repeatable)."),
]
JobsOption = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=0,
        help="Parallel processes (a long file is shared out too); 0 = all cores.",
        show_default=False,
    ),
]
BaselineOption = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        help="Report only findings not recorded in this baseline file.",
        dir_okay=False,
    ),
]
WriteBaselineOption = Annotated[
    Path | None,
    typer.Option(
        "--write-baseline",
        help="Record the current findings in this file and exit 0.",
        dir_okay=False,
    ),
]
ReportUnusedOption = Annotated[
    bool,
    typer.Option("--report-unused-suppressions", help="Report suppressions that matched nothing."),
]
SubstanceOption = Annotated[
    str | None,
    typer.Option(
        "--substance", "-s", help="Substance id the sentence is about when it names none."
    ),
]
CheckVerboseOption = Annotated[
    bool,
    typer.Option(
        "--verbose", "-v", help="Also show how the sentence was read and the evidence table."
    ),
]


def write_output(
    text: str | Iterable[str], output: Path | None, *, force: bool, inputs: Sequence[str]
) -> None:
    """Print to stdout, or write a file atomically, never over an input (see `files.py`).

    `text` may come in pieces (a streamed report): each is written as it is made.
    """
    if output is None:
        for piece in (text,) if isinstance(text, str) else text:
            sys.stdout.write(piece)
        return
    write_file(output, text, overwrite=force, inputs=inputs)


def read_stdin() -> Document:
    """The document piped on stdin."""
    from claimcheck.sources import read_document

    return read_document("-")


def run_batch(
    files: Sequence[str],
    settings: Settings,
    jobs: int,
    report_unused: bool,
    stdin: Document | None = None,
) -> Report:
    """Audit the files (and stdin, already read) with the configured packs, in parallel."""
    from claimcheck.batch import BatchJob, audit_files
    from claimcheck.pipeline import AuditOptions

    engine = load_engine(list(settings.packs))
    options = AuditOptions(
        min_score=settings.min_match_score,
        ignore_claims=frozenset(settings.ignore_claims),
        today=date.today(),
        report_unused_suppressions=report_unused,
    )
    job = BatchJob(tuple(engine.pack.directories), options)
    documents = {"-": stdin} if stdin is not None else {}
    with progress_reporter(len(files)) as progress:
        results = audit_files(files, engine, job, jobs=jobs, progress=progress, documents=documents)
    return Report(files=tuple(results))


@contextmanager
def progress_reporter(total: int) -> Iterator[Callable[[str], None] | None]:
    """A progress bar on stderr for long runs at a terminal; nothing otherwise."""
    if total < PROGRESS_MIN_FILES or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(console=stderr_console(), transient=True) as bar:
        task = bar.add_task("auditing", total=total)
        yield lambda _path: bar.advance(task)


def apply_baseline(report: Report, baseline: Path | None) -> Report:
    """Drop findings recorded in a baseline file; say how many on stderr."""
    if baseline is None:
        return report
    from claimcheck.baseline import decode_baseline, filter_new, read_baseline

    try:
        data = baseline.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read baseline: {error.strerror}", str(baseline)) from error
    known = read_baseline(decode_baseline(data, str(baseline)), str(baseline))
    files, hidden = [], 0
    for result in report.files:
        kept, dropped = filter_new(result.findings, known)
        files.append(result.model_copy(update={"findings": kept}))
        hidden += dropped
    stderr_console().print(
        f"claimcheck: {plural(hidden, 'known finding')} hidden by {baseline}", markup=False
    )
    return Report(files=tuple(files))


def hide_minor_findings(report: Report, least: Severity) -> Report:
    """Drop findings below `least` (`--min-severity`); say how many on stderr."""
    shown, hidden = hide_below(report, least)
    if hidden:
        stderr_console().print(
            f"claimcheck: {plural(hidden, 'finding')} below {least.value} hidden", markup=False
        )
    return shown


def write_step_summary(report: Report, output_format: Format) -> None:
    """GitHub shows 10 annotations of a kind per step: the full report goes to the summary."""
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if output_format is not Format.GITHUB or not summary:
        return
    markdown = render(report, Format.MARKDOWN, RenderOptions(tool_version=__version__))
    try:
        append_to_file(Path(summary), markdown)
    except InputError as error:
        # NOTE: the summary is a convenience; the annotations are out and the exit code
        # must still say what the audit found, so this is a warning, not an error.
        stderr_console().print(
            f"claimcheck: warning: cannot write the job summary to {summary} "
            f"($GITHUB_STEP_SUMMARY): {error.message}",
            markup=False,
        )


@app.command()
def audit(
    paths: PathsArgument,
    output_format: AuditFormatOption = None,
    fail_on: FailOnOption = None,
    min_severity: MinSeverityOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    min_score: MinScoreOption = None,
    pack: PackOption = None,
    config: ConfigOption = None,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    ignore_claim: IgnoreClaimOption = None,
    jobs: JobsOption = 0,
    baseline: BaselineOption = None,
    write_baseline: WriteBaselineOption = None,
    report_unused: ReportUnusedOption = False,
) -> None:
    """Audit documents (.txt, .md, .html) and judge every health claim in them."""
    settings = settings_for(
        config,
        fail_on=fail_on,
        format=output_format,
        min_severity=min_severity,
        min_match_score=min_score,
        packs=pack,
        include=include,
        exclude=exclude,
        ignore_claims=ignore_claim,
    ).settings
    found = find_inputs(paths, settings)
    inputs = check_targets(found, write_baseline or output, force, baseline, write_baseline)
    report, stdin = audit_inputs(found, settings, jobs, report_unused)
    if write_baseline is not None:
        finish_baseline(report, write_baseline, force=force, inputs=inputs)
        return
    report = hide_minor_findings(apply_baseline(report, baseline), settings.min_severity)
    publish(report, settings, stdin, Destination(output, force, inputs))
    raise typer.Exit(final_exit_code(report, found, settings))


def check_targets(
    found: Discovery,
    target: Path | None,
    force: bool,
    baseline: Path | None,
    write_baseline: Path | None,
) -> list[str]:
    """The files the run reads; checks the report or baseline target against them.

    A target that cannot be written fails now, before the audit, not after it.
    """
    # NOTE: --baseline is not read when --write-baseline records a new one over it.
    inputs = files_read(found, baseline if write_baseline is None else None)
    if target is not None:
        check_target(target, overwrite=force, inputs=inputs)
    return inputs


def find_inputs(paths: Sequence[str], settings: Settings) -> Discovery:
    """The files to audit; warnings and per-path errors said on stderr."""
    from claimcheck.discover import discover_inputs

    found = discover_inputs(paths, settings.include, settings.exclude)
    for path, problem in found.warnings:
        stderr_console().print(f"claimcheck: {path}: warning: {problem}", markup=False)
    for argument, problem in found.errors:
        stderr_console().print(f"claimcheck: {argument}: {problem}", markup=False)
    return found


def audit_inputs(
    found: Discovery, settings: Settings, jobs: int, report_unused: bool
) -> tuple[Report, Document | None]:
    """Audit every input (stdin read first, kept for reports that show the copy)."""
    from claimcheck.batch import default_jobs
    from claimcheck.discover import STDIN

    stdin = read_stdin() if STDIN in found.files else None
    report = run_batch(found.files, settings, jobs or default_jobs(), report_unused, stdin)
    print_decoding_notices(report)
    return report, stdin


@dataclass(frozen=True)
class Destination:
    """Where the report goes: stdout, or a file (overwritten only with --force)."""

    output: Path | None
    force: bool
    inputs: Sequence[str]


def publish(
    report: Report, settings: Settings, stdin: Document | None, destination: Destination
) -> None:
    """Render the report, write it out, and hand GitHub its job summary."""
    output_format = settings.format
    sources = audited_texts(report, stdin) if output_format is Format.HTML else {}
    options = render_options(output_format, destination.output, sources)
    if output_format is Format.TEXT and destination.output is None:
        from claimcheck.report.text import write_text

        write_text(report, options, sys.stdout)  # streamed, never held whole
    else:
        pieces = stream(report, output_format, options)
        write_output(pieces, destination.output, force=destination.force, inputs=destination.inputs)
    write_step_summary(report, output_format)


def final_exit_code(report: Report, found: Discovery, settings: Settings) -> int:
    """The run's exit code; unreadable files are named on stderr first."""
    for path, message in report.errors:
        stderr_console().print(f"claimcheck: {path}: {message}", markup=False)
    errors = len(report.errors) + len(found.errors)
    return exit_code([*report.findings, *report.notices], settings.fail_on, errors=errors)


def print_decoding_notices(report: Report) -> None:
    """Name on stderr every file that was not UTF-8, as well as in the report.

    NOTE: in CI the report is often JSON or SARIF in a file no one reads in the log, and a
    wrong encoding guess garbles the very copy that was checked; like unreadable files,
    this belongs in the log.
    """
    for notice in report.notices:
        if notice.code is NoticeCode.DECODING_FALLBACK:
            stderr_console().print(f"claimcheck: {notice.path}: {notice.message}", markup=False)


def files_read(found: Discovery, baseline: Path | None) -> list[str]:
    """The files a run reads, so never a place to write its report or baseline."""
    from claimcheck.discover import STDIN

    audited = [path for path in found.files if path != STDIN]
    return [*audited, str(baseline)] if baseline is not None else audited


def finish_baseline(report: Report, path: Path, *, force: bool, inputs: Sequence[str]) -> None:
    """Write the baseline file (atomically, never over a file without --force)."""
    from claimcheck.baseline import baseline_text

    write_file(path, baseline_text(report.findings), overwrite=force, inputs=inputs)
    stderr_console().print(
        f"claimcheck: recorded {plural(len(report.findings), 'finding')} in {path}", markup=False
    )
    if report.errors:
        raise typer.Exit(ExitCode.ERROR)


def render_options(
    output_format: Format, output: Path | None, sources: Mapping[str, str]
) -> RenderOptions:
    """Colour only for text on a terminal; the audited texts for the HTML report."""
    color = output is None and sys.stdout.isatty() and output_format is Format.TEXT
    return RenderOptions(
        color=color, width=terminal_width(), tool_version=__version__, sources=sources
    )


def audited_texts(report: Report, stdin: Document | None) -> dict[str, str]:
    """The text of every audited file by report path, for the HTML report to show.

    NOTE: the files were read in worker processes, so they are read again here, the same
    way (same decoding, so the same positions); one that can no longer be read is left
    out, and the report lists its findings without showing the copy.
    """
    from claimcheck.sources import read_document

    texts: dict[str, str] = {}
    for result in report.files:
        if result.error is not None:
            continue
        if stdin is not None and result.path == stdin.path:
            texts[result.path] = stdin.original
            continue
        try:
            texts[result.path] = read_document(result.path).original
        except ClaimcheckError:
            continue
    return texts


@app.command()
def check(
    sentence: Annotated[str, typer.Argument(help="One sentence of copy to check.")],
    output_format: FormatOption = ListFormat.TEXT,
    substance: SubstanceOption = None,
    fail_on: FailOnOption = None,
    min_score: MinScoreOption = None,
    pack: PackOption = None,
    config: ConfigOption = None,
    verbose: CheckVerboseOption = False,
) -> None:
    """Check one sentence: matched claims, verdict, wording, evidence, accurate wording."""
    packs = tuple(pack or ())
    args = CheckArgs(sentence, output_format, substance, fail_on, min_score, packs, config, verbose)
    raise typer.Exit(run_check(args))


@app.command("config")
def show_config(config: ConfigOption = None) -> None:
    """Print the effective configuration and where each value came from."""
    from rich.table import Table

    from claimcheck.config import describe

    effective = settings_for(config)
    table = Table(title=f"config file: {effective.config_path or 'none'}", title_justify="left")
    for column in ("key", "value", "from"):
        table.add_column(column, overflow="fold")
    for key, value, origin in describe(effective):
        table.add_row(key, value, origin)
    stdout_console().print(table)


def terminal_width() -> int:
    """Width for text output: the terminal's, else a readable default for logs."""
    return stdout_console().width if sys.stdout.isatty() else 100


def report_usage_error(error: UsageError) -> int:
    """Help asked for is printed; any other usage error is one line on stderr."""
    from claimcheck.usage import is_help_request, usage_error_line

    if is_help_request(error):
        if help_text := error.format_message():  # empty when rich printed it already
            typer.echo(help_text, err=True)
    else:
        say(usage_error_line(error))
    return error.exit_code


def main(argv: Sequence[str] | None = None) -> int:
    """Run the Typer app, turning user errors into one line and exit 2 (see `guarded`)."""
    args = list(argv) if argv is not None else None
    return guarded(lambda: run_app(args))


def run_app(args: list[str] | None) -> int:
    """The app's exit code; Click's usage errors said in one line."""
    from claimcheck.usage import ClickException, UsageError, error_line

    try:
        # NOTE: not standalone, so Click's usage errors reach us and print as one line
        # instead of Typer's five-line box; `typer.Exit(code)` comes back as the result.
        result = app(args=args, prog_name="claimcheck", standalone_mode=False)
    except UsageError as error:
        return report_usage_error(error)
    except ClickException as error:
        say(error_line(error))
        return error.exit_code
    return result if isinstance(result, int) else ExitCode.OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
