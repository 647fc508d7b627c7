"""The command line: parse options, load the pack, call the pipeline, render, exit.

Only glue lives here: no matching, judging or formatting logic. Every `ClaimcheckError`
is caught once (`main`) and printed as one line on stderr with exit code 2.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.console import Console

from claimcheck import __version__
from claimcheck.errors import ClaimcheckError, InputError, PackError
from claimcheck.findings import ExitCode, FailOn, Report, exit_code
from claimcheck.match import DEFAULT_MIN_SCORE
from claimcheck.model import StrEnum
from claimcheck.pack import Pack, check_pack, default_pack_dir, load_pack
from claimcheck.report import Format, RenderOptions, catalog, render

if TYPE_CHECKING:
    from claimcheck.pipeline import Engine
    from claimcheck.sources import Document

__all__ = ["ExitCode", "app", "main"]


class ListFormat(StrEnum):
    """Output formats of the pack browsing commands."""

    TEXT = "text"
    JSON = "json"


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
    Optional[list[Path]],  # noqa: UP045 - Typer reads this annotation at runtime on 3.10
    typer.Option(
        "--pack",
        help="An extra knowledge pack directory (repeatable); added to the shipped pack.",
        file_okay=False,
    ),
]
FormatOption = Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")]


def stdout_console() -> Console:
    """Console for results; plain text, 120 columns wide, when stdout is not a terminal."""
    width = None if sys.stdout.isatty() else 120
    return Console(highlight=False, soft_wrap=False, width=width)


def stderr_console() -> Console:
    """Console for diagnostics; never mixed with a machine payload on stdout."""
    return Console(stderr=True, highlight=False, soft_wrap=True)


def load_packs(extra: Sequence[Path] | None) -> Pack:
    """The shipped pack plus any extra packs."""
    return load_pack([default_pack_dir(), *(extra or [])])


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
        Optional[list[Path]],  # noqa: UP045
        typer.Argument(
            help="Pack directories to check (default: the shipped pack).", show_default=False
        ),
    ] = None,
) -> None:
    """Check a knowledge pack: schema, unique ids, links, identifier formats."""
    dirs = [default_pack_dir(), *pack_dirs] if pack_dirs else [default_pack_dir()]
    for directory in dirs:
        if not directory.is_dir():
            raise PackError("pack directory does not exist", str(directory))
    pack, problems = check_pack(dirs)
    err = stderr_console()
    for problem in problems:
        err.print(str(problem), markup=False)
    if problems:
        err.print(f"{len(problems)} problem(s) found.", markup=False)
        raise typer.Exit(ExitCode.FINDINGS)
    assert pack is not None
    typer.echo(
        f"ok: {len(pack.substances)} substances, {len(pack.studies)} studies, "
        f"{len(pack.claims)} claims in {len(dirs)} pack(s)"
    )


@claims_app.command("list")
def claims_list(
    substance: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--substance", "-s", help="Only claims about this substance id."),
    ] = None,
    output_format: FormatOption = ListFormat.TEXT,
    pack: PackOption = None,
) -> None:
    """List the claims in the corpus with their verdicts."""
    loaded = load_packs(pack)
    if substance is not None and substance not in loaded.substances:
        raise PackError(f"unknown substance {substance!r}; known: {', '.join(loaded.substances)}")
    claims = [c for c in loaded.claims.values() if substance in (None, c.substance)]
    if output_format is ListFormat.JSON:
        sys.stdout.write(catalog.to_json([catalog.claim_json(loaded, c) for c in claims]))
        return
    stdout_console().print(catalog.claims_table(loaded, claims))


@claims_app.command("show")
def claims_show(
    claim_id: Annotated[str, typer.Argument(help="Claim id, as `claims list` shows it.")],
    output_format: FormatOption = ListFormat.TEXT,
    pack: PackOption = None,
) -> None:
    """Show one claim: statement, verdict, phrasings, evidence, accurate wording."""
    loaded = load_packs(pack)
    claim = loaded.claims.get(claim_id)
    if claim is None:
        raise PackError(f"unknown claim id {claim_id!r} (see `claimcheck claims list`)")
    if output_format is ListFormat.JSON:
        sys.stdout.write(catalog.to_json(catalog.claim_json(loaded, claim)))
        return
    stdout_console().print(catalog.show_claim(loaded, claim))


@studies_app.command("list")
def studies_list(
    output_format: FormatOption = ListFormat.TEXT,
    pack: PackOption = None,
) -> None:
    """List the studies in the registry."""
    loaded = load_packs(pack)
    studies = list(loaded.studies.values())
    if output_format is ListFormat.JSON:
        sys.stdout.write(catalog.to_json([catalog.study_json(s) for s in studies]))
        return
    stdout_console().print(catalog.studies_table(studies))


@studies_app.command("show")
def studies_show(
    study_id: Annotated[str, typer.Argument(help="Study id, as `studies list` shows it.")],
    output_format: FormatOption = ListFormat.TEXT,
    pack: PackOption = None,
) -> None:
    """Show one study: citation, design, population, findings, limitations."""
    loaded = load_packs(pack)
    study = loaded.studies.get(study_id)
    if study is None:
        raise PackError(f"unknown study id {study_id!r} (see `claimcheck studies list`)")
    if output_format is ListFormat.JSON:
        sys.stdout.write(catalog.to_json(catalog.study_json(study)))
        return
    stdout_console().print(catalog.show_study(study))


FailOnOption = Annotated[
    FailOn,
    typer.Option("--fail-on", help="Exit 1 when a finding is at or above this severity."),
]
MinScoreOption = Annotated[
    int,
    typer.Option(
        "--min-match-score",
        min=0,
        max=100,
        help="How closely a sentence must match a claim (0-100).",
    ),
]


def read_inputs(paths: Sequence[str]) -> list[Document]:
    """Read every input document (`-` is stdin); notices go to stderr."""
    from claimcheck.sources import SourceFormat, document_from_bytes, read_document

    documents = []
    for path in paths:
        if path == "-":
            document = document_from_bytes(sys.stdin.buffer.read(), "<stdin>", SourceFormat.TEXT)
        else:
            document = read_document(path)
        for notice in document.notices:
            stderr_console().print(f"claimcheck: {document.path}: {notice}", markup=False)
        documents.append(document)
    return documents


def write_output(text: str, output: Path | None, *, force: bool, inputs: Sequence[str]) -> None:
    """Print to stdout, or write a file atomically (temp file + rename) after rendering."""
    if output is None:
        sys.stdout.write(text)
        return
    if any(p != "-" and Path(p).resolve() == output.resolve() for p in inputs):
        raise InputError("refusing to overwrite an input file with the report", str(output))
    if output.exists() and not force:
        raise InputError("file exists; pass --force to overwrite it", str(output))
    temporary = output.with_name(f".{output.name}.claimcheck-tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(output)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise InputError(f"cannot write report: {error.strerror}", str(output)) from error


@app.command()
def audit(
    paths: Annotated[
        list[str], typer.Argument(help="Files to audit; `-` reads stdin.", show_default=False)
    ],
    output_format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = (
        Format.TEXT
    ),
    fail_on: FailOnOption = FailOn.ERROR,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output", "-o", help="Write the report to a file instead of stdout.", dir_okay=False
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite --output if it exists.")
    ] = False,
    min_score: MinScoreOption = DEFAULT_MIN_SCORE,
    pack: PackOption = None,
) -> None:
    """Audit documents (.txt, .md, .html) and judge every health claim in them."""
    from claimcheck.pipeline import AuditOptions, audit_document

    documents = read_inputs(paths)
    engine = load_engine(pack)
    options = AuditOptions(min_score=min_score)
    report = Report(files=tuple(audit_document(d, engine, options) for d in documents))
    color = output is None and sys.stdout.isatty() and output_format is Format.TEXT
    text = render(
        report,
        output_format,
        RenderOptions(color=color, width=terminal_width(), tool_version=__version__),
    )
    write_output(text, output, force=force, inputs=paths)
    raise typer.Exit(exit_code(report.findings, fail_on))


@app.command()
def check(
    sentence: Annotated[str, typer.Argument(help="One sentence of copy to check.")],
    output_format: FormatOption = ListFormat.TEXT,
    substance: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--substance", "-s", help="Substance id the sentence is about when it names none."
        ),
    ] = None,
    fail_on: FailOnOption = FailOn.ERROR,
    min_score: MinScoreOption = DEFAULT_MIN_SCORE,
    pack: PackOption = None,
) -> None:
    """Check one sentence: matched claims, verdict, wording, evidence, accurate wording."""
    from claimcheck.pipeline import AuditOptions, explain_document
    from claimcheck.report import explain as explain_view
    from claimcheck.sources import document_from_text

    engine = load_engine(pack)
    main_id = substance or primary_substance(engine.pack)
    if main_id not in engine.pack.substances:
        raise PackError(
            f"unknown substance {main_id!r}; known: {', '.join(engine.pack.substances)}"
        )
    document = document_from_text(sentence, path="<sentence>")
    options = AuditOptions(min_score=min_score, substance=main_id)
    _, explained = explain_document(document, engine, options)
    if output_format is ListFormat.JSON:
        sys.stdout.write(explain_view.to_json(sentence, explained))
    else:
        stdout_console().print(explain_view.render(sentence, explained))
    raise typer.Exit(exit_code([e.finding for e in explained], fail_on))


def load_engine(extra: Sequence[Path] | None) -> Engine:
    """The audit engine for the shipped pack plus any extra packs."""
    from claimcheck.pipeline import build_engine, default_engine

    return build_engine(load_packs(extra)) if extra else default_engine()


def primary_substance(pack: Pack) -> str:
    """The substance with the most claims: what a bare sentence is assumed to be about."""
    return max(pack.substances, key=lambda sid: len(pack.claims_for(sid)))


def terminal_width() -> int:
    """Width for text output: the terminal's, else a readable default for logs."""
    return stdout_console().width if sys.stdout.isatty() else 100


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point: run the app, turning user errors into one line and exit 2."""
    try:
        app(args=list(argv) if argv is not None else None, prog_name="claimcheck")
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else ExitCode.ERROR
    except ClaimcheckError as error:
        stderr_console().print(f"claimcheck: {error}", markup=False, highlight=False)
        return ExitCode.ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if os.environ.get("CLAIMCHECK_DEBUG"):
            raise
        stderr_console().print(
            f"claimcheck: internal error: {type(error).__name__}: {error} "
            "(set CLAIMCHECK_DEBUG=1 for details)",
            markup=False,
        )
        return ExitCode.ERROR
    return ExitCode.OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
