"""The output contract: findings, file results and the report every format renders.

Pure data. Every renderer in `report/` reads these models and nothing else, so the
JSON contract of DESIGN.md is defined once, here. Bump `SCHEMA_VERSION` on any change
to the fields below.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import Annotated

from claimcheck.model import StrEnum, Verdict
from claimcheck.records import Limits, Record

__all__ = [
    "SCHEMA_VERSION",
    "Citation",
    "Code",
    "ExitCode",
    "FailOn",
    "FileResult",
    "Finding",
    "Notice",
    "NoticeCode",
    "Report",
    "Severity",
    "Span",
    "Stance",
    "Strength",
    "StudyCheck",
    "Summary",
    "Verdict",
    "exit_code",
    "hide_below",
]

# 1.1: files[].notices and files[].error; 1.2: outside-pack notices; 1.3: bidi-control and
# long-sentence notices; 1.4: findings[].claim_span; 1.5: misreported-study findings and
# findings[].study_check
SCHEMA_VERSION = "1.5"


class Strength(StrEnum):
    """How strongly a sentence words its claim; ordered weakest first."""

    HEDGED = "hedged"
    ASSOCIATIVE = "associative"
    CAUSAL = "causal"
    ABSOLUTE = "absolute"

    @property
    def rank(self) -> int:
        """Position on the scale, 0 = hedged."""
        return list(Strength).index(self)


class Stance(StrEnum):
    """Whether a sentence asserts its claim or denies it."""

    ASSERTS = "asserts"
    DENIES = "denies"


class Severity(StrEnum):
    """How much a finding matters; ordered least first for `--fail-on`."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """Position on the scale, 0 = info."""
        return list(Severity).index(self)


class Code(StrEnum):
    """Stable rule-like id of a finding (SARIF ruleId, annotation title)."""

    OVERSTATED = "overstated"
    CONTRADICTED = "contradicted"
    WRONG_SUBSTANCE = "wrong-substance"
    UNBACKED = "unbacked"
    WITHIN_EVIDENCE = "within-evidence"
    # What the copy says about a study (size, design, dose...) contradicts its record.
    MISREPORTED_STUDY = "misreported-study"


class ContractModel(Record):
    """Base for contract models: frozen, no unknown fields."""


@dataclass(frozen=True, kw_only=True)
class Citation(ContractModel):
    """A study cited for a finding."""

    study_id: str
    citation: str
    pmid: str | None = None
    doi: str | None = None
    nct: str | None = None
    url: str | None = None


@dataclass(frozen=True, kw_only=True)
class Span(ContractModel):
    """A stretch of a finding's sentence: 0-based code-point offsets, end exclusive."""

    start: Annotated[int, Limits(ge=0)]
    end: Annotated[int, Limits(ge=0)]


@dataclass(frozen=True, kw_only=True)
class StudyCheck(ContractModel):
    """A misreported study: what the copy says about one field, and what the record says."""

    study: str  # registry id of the study the sentence describes
    field: str  # n, year, phase, randomized, placebo, blinding, arms, crossover, status,
    # dose, duration, species, population, place or result
    copy_text: str  # the copy's own words
    record_text: str  # what the record says, in words
    reference: str  # how the sentence named the study: id, author-year, author,
    # description or context (the sentence before named it)


@dataclass(frozen=True, kw_only=True)
class Finding(ContractModel):
    """One claim found in one sentence, judged against the evidence."""

    path: str
    line: Annotated[int, Limits(ge=1)]
    column: Annotated[int, Limits(ge=1)]
    end_line: Annotated[int, Limits(ge=1)]
    end_column: Annotated[int, Limits(ge=1)]
    sentence: str
    claim_id: str
    claim: str
    verdict: Verdict
    strength: Strength
    stance: Stance
    overstated: bool
    severity: Severity
    code: Code
    fingerprint: str
    match_score: Annotated[int, Limits(ge=0, le=100)]
    message: str
    suggestion: str
    citations: tuple[Citation, ...] = ()
    # The words in `sentence` that tie it to the claim (the outcome or condition it names);
    # None when the engine could not place them, or in reports written before 1.4.
    claim_span: Span | None = None
    # Set on misreported-study findings only (contract 1.5).
    study_check: StudyCheck | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        """Deterministic order: path, position, claim."""
        return (self.path, self.line, self.column, self.claim_id)


class NoticeCode(StrEnum):
    """What a notice is about: the copy's suppression comments, reading it, or its coverage."""

    SUPPRESSION_WITHOUT_REASON = "suppression-without-reason"
    SUPPRESSION_EXPIRED = "suppression-expired"
    SUPPRESSION_UNUSED = "suppression-unused"
    SUPPRESSION_INVALID = "suppression-invalid"
    DECODING_FALLBACK = "decoding-fallback"
    OUTSIDE_PACK = "outside-pack"  # the copy discusses supplements no loaded pack covers
    BIDI_CONTROL = "bidi-control"  # the copy may display in another order than it is checked
    LONG_SENTENCE = "long-sentence"  # run-on text matched in pieces


@dataclass(frozen=True, kw_only=True)
class Notice(ContractModel):
    """Something about a file that is not a claim.

    A suppression problem, a decoding note, supplements no loaded pack covers.
    """

    path: str
    line: Annotated[int, Limits(ge=1)]
    column: Annotated[int, Limits(ge=1)] = 1
    code: NoticeCode
    severity: Severity
    message: str


@dataclass(frozen=True, kw_only=True)
class FileResult(ContractModel):
    """The findings of one audited file, or why it could not be audited."""

    path: str
    sentences: Annotated[int, Limits(ge=0)] = 0
    findings: tuple[Finding, ...] = ()
    notices: tuple[Notice, ...] = ()
    error: str | None = None  # set when the file could not be read; findings are then empty


@dataclass(frozen=True, kw_only=True)
class Summary(ContractModel):
    """Totals over a report."""

    files: int
    sentences: int
    findings: int
    by_verdict: dict[str, int]
    by_severity: dict[str, int]


@dataclass(frozen=True, kw_only=True)
class Report(ContractModel):
    """Everything one audit run found; the input of every renderer."""

    version: str = SCHEMA_VERSION
    files: tuple[FileResult, ...] = ()

    @property
    def findings(self) -> tuple[Finding, ...]:
        """All findings in file order."""
        return tuple(finding for result in self.files for finding in result.findings)

    @property
    def notices(self) -> tuple[Notice, ...]:
        """All notices in file order."""
        return tuple(notice for result in self.files for notice in result.notices)

    @property
    def errors(self) -> tuple[tuple[str, str], ...]:
        """(path, message) of every file that could not be audited."""
        return tuple((r.path, r.error) for r in self.files if r.error is not None)

    def summary(self) -> Summary:
        """Totals by verdict and severity (every enum value present, zeros included)."""
        findings = self.findings
        verdicts = Counter(finding.verdict.value for finding in findings)
        severities = Counter(finding.severity.value for finding in findings)
        return Summary(
            files=len(self.files),
            sentences=sum(result.sentences for result in self.files),
            findings=len(findings),
            by_verdict={verdict.value: verdicts[verdict.value] for verdict in Verdict},
            by_severity={severity.value: severities[severity.value] for severity in Severity},
        )


class ExitCode(IntEnum):
    """Process exit codes (DESIGN.md): findings and failures are kept apart."""

    OK = 0
    FINDINGS = 1
    ERROR = 2


class FailOn(StrEnum):
    """The least severe finding that fails a run (`--fail-on`)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    NEVER = "never"


def exit_code(
    findings: Iterable[Finding | Notice], fail_on: FailOn, *, errors: int = 0
) -> ExitCode:
    """The exit code of a run: 2, 1 or 0.

    2 when any input could not be read; else 1 when anything (finding or notice) is at
    or above the fail level; else 0.
    """
    if errors:
        return ExitCode.ERROR
    if fail_on is FailOn.NEVER:
        return ExitCode.OK
    threshold = Severity(fail_on.value).rank
    failing = any(item.severity.rank >= threshold for item in findings)
    return ExitCode.FINDINGS if failing else ExitCode.OK


def hide_below(report: Report, least: Severity) -> tuple[Report, int]:
    """The report without the findings less severe than `least`, and how many were hidden.

    Notices stay: they are about reading the file, not about its claims.
    """
    files, hidden = [], 0
    for result in report.files:
        kept = tuple(f for f in result.findings if f.severity.rank >= least.rank)
        hidden += len(result.findings) - len(kept)
        files.append(result.model_copy(update={"findings": kept}))
    return report.model_copy(update={"files": tuple(files)}), hidden
