"""Pipeline stage "suppress": reasoned, expiring suppressions written in the copy.

Editors silence a finding where it occurs, with a reason and, optionally, an end date:

    <!-- claimcheck-disable-next-line serine-sleep reason="legal, 2026-03" until=2027-01-01 -->
    <!-- claimcheck-disable serine-sleep, serine-memory reason='quoted study title' -->
    ...
    <!-- claimcheck-enable -->

Where a directive counts:

- Markdown and HTML: only inside an HTML comment `<!-- ... -->` (one directive may sit
  anywhere in a comment, and the comment may span lines; the directive itself ends at
  the end of its line or at `-->`). A directive in visible text, an inline code span or
  a fenced code block is copy *about* claimcheck and is ignored.
- Plain text: anywhere on a line, with or without the comment markers; it runs to the
  end of the line (or to `-->`), so text before it on the same line is unaffected. The
  directive is not copy: `blank_directives` removes it before sentences are cut, so a
  directive line never joins the sentences around it.

Arguments: claim ids (kebab-case, separated by spaces or commas; none = every claim),
`reason="..."` (double, single or curly quotes, or one bare word) and
`until=YYYY-MM-DD` (optional; the suppression holds up to and including that day).
Keys are case-insensitive. Anything else makes the directive invalid: it is ignored and
reported as a `suppression-invalid` notice.

What a suppression covers is decided by the line a finding's sentence *starts* on:

- `disable-next-line` covers the next line after the directive that holds audited text.
  Blank lines, lines holding only HTML comments or tags (`<p>`, `</div>`) and lines
  holding only other directives are skipped, so stacked directives and a directive above
  `<p>` both reach the sentence. A sentence starting on the directive's own line is not
  covered: put the directive on the line above.
- `disable` ... `enable` covers the lines strictly between the two directives. Blocks do
  not nest: `claimcheck-enable` closes every open block. An unclosed block runs to the
  end of the file; an `enable` with no open block is invalid.

Notices (`apply_suppressions`), all severity warning: a suppression without a reason
still suppresses (`suppression-without-reason`); an expired one (`until` before today)
suppresses nothing (`suppression-expired`, never also reported unused); with
`report_unused`, one that matched no finding is `suppression-unused`. Unused is a
warning, not info, because it is opt-in and, as with ruff's RUF100 and sqlfluff's
unused-noqa reports, a stale suppression is debt a CI run should be able to fail on.

Positions are 1-based and count code points; lines break at CRLF, CR and LF, exactly as
`segment.LineIndex` counts them, so directive lines and finding lines agree. The scan is
one regex pass over the original text plus one pass over its lines.

This module is pure: it never reads files, never looks at the clock (`today` is passed
in) and never matches or judges claims; it only reads the original text and findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from claimcheck.findings import Finding, Notice, NoticeCode, Severity
from claimcheck.sources import SourceFormat, detect_format

__all__ = [
    "Suppression",
    "SuppressionKind",
    "SuppressionOutcome",
    "apply_suppressions",
    "blank_directives",
    "parse_suppressions",
]

SuppressionKind = Literal["next-line", "block"]


@dataclass(frozen=True)
class Suppression:
    """One valid directive: where it is written and which finding lines it covers."""

    line: int  # 1-based position of the `claimcheck-...` keyword
    column: int
    first_line: int  # lines whose findings it covers, inclusive
    last_line: int
    claim_ids: frozenset[str]  # empty = every claim
    reason: str | None
    until: date | None
    kind: SuppressionKind

    def covers(self, finding: Finding) -> bool:
        """True when the finding starts inside the covered lines and names a listed claim."""
        in_lines = self.first_line <= finding.line <= self.last_line
        # A study id covers every misreported field of that study ("fridman-2019-hsan1-rct"
        # for "fridman-2019-hsan1-rct#n").
        study = finding.claim_id.partition("#")[0]
        named = finding.claim_id in self.claim_ids or study in self.claim_ids
        return in_lines and (not self.claim_ids or named)

    def expired(self, today: date) -> bool:
        """True once `until` is in the past (the `until` day itself still counts)."""
        return self.until is not None and self.until < today


@dataclass(frozen=True)
class SuppressionOutcome:
    """Findings split by the suppressions of one file, and the notices about them."""

    kept: tuple[Finding, ...]
    suppressed: tuple[Finding, ...]
    notices: tuple[Notice, ...]


# --- scanning ----------------------------------------------------------------------------

# NOTE: each alternative is an outer named group so `match.lastgroup` names it. The
# directive keyword may follow `<!--` directly and may be followed directly by `-->`.
_NEWLINE = r"(?P<newline>\r\n|\r|\n)"
_OPEN = r"(?P<open><!--)"
_CLOSE = r"(?P<close>-->)"
_KEYWORD = "claimcheck-"  # in every directive, as written: a file without it has none
_DIRECTIVE = (
    r"(?P<directive>(?:(?<=<!--)|(?<![\w-]))claimcheck-"
    r"(?P<keyword>disable-next-line|disable|enable)(?!\w|-(?!->))"
    r"(?P<body>(?:(?!-->)[^\r\n])*))"
)
_TAG = r"(?P<tag><[/!]?[A-Za-z][^<>\r\n]*>)"
_FENCE = r"(?P<fence>(?<![^\r\n]) {0,3}(?P<fence_marker>`{3,}|~{3,})[^\r\n]*)"
_CODE_SPAN = r"(?P<code>`[^`\r\n]*`)"

_TOKENS = {
    SourceFormat.TEXT: re.compile("|".join([_NEWLINE, _OPEN, _CLOSE, _DIRECTIVE])),
    SourceFormat.HTML: re.compile("|".join([_NEWLINE, _OPEN, _CLOSE, _DIRECTIVE, _TAG])),
    SourceFormat.MARKDOWN: re.compile(
        "|".join([_NEWLINE, _FENCE, _CODE_SPAN, _OPEN, _CLOSE, _DIRECTIVE, _TAG])
    ),
}
_VISIBLE = re.compile(r"\S")
# A plain-text directive with the comment markers written around it, if any.
_TEXT_DIRECTIVE = re.compile(r"(?:<!--[ \t]*)?" + _DIRECTIVE + r"(?:-->)?")


@dataclass(frozen=True)
class _Directive:
    """A directive as written: its position, keyword and the text of its arguments."""

    line: int
    column: int
    keyword: str
    body: str


@dataclass
class _Scanner:
    """One pass over a document: directives, and which lines hold audited text."""

    text: str
    format: SourceFormat
    directives: list[_Directive] = field(default_factory=list)
    content: list[bool] = field(default_factory=lambda: [False])  # index = line - 1
    line_start: int = 0
    in_comment: bool = False
    fence: str = ""

    @property
    def markup(self) -> bool:
        return self.format is not SourceFormat.TEXT

    @property
    def hidden(self) -> bool:
        """True where the text is not audited: fenced code, or an HTML comment in markup."""
        return bool(self.fence) or (self.markup and self.in_comment)

    def run(self) -> tuple[list[_Directive], list[bool]]:
        handlers: dict[str, Callable[[re.Match[str]], None]] = {
            "newline": self._newline,
            "open": self._open,
            "close": self._close,
            "directive": self._directive,
            "tag": self._tag,
            "fence": self._fence,
            "code": self._visible,
        }
        position = 0
        for token in _TOKENS[self.format].finditer(self.text):
            self._gap(position, token.start())
            handlers[token.lastgroup or ""](token)
            position = token.end()
        self._gap(position, len(self.text))
        return self.directives, self.content

    def _gap(self, start: int, end: int) -> None:
        if start < end and not self.hidden and _VISIBLE.search(self.text, start, end):
            self.content[-1] = True

    def _visible(self, _token: re.Match[str]) -> None:
        if not self.hidden:
            self.content[-1] = True

    def _newline(self, token: re.Match[str]) -> None:
        self.content.append(False)
        self.line_start = token.end()

    def _open(self, _token: re.Match[str]) -> None:
        if self.markup and not self.fence:
            self.in_comment = True

    def _close(self, token: re.Match[str]) -> None:
        if self.markup and not self.in_comment:
            self._visible(token)  # a stray `-->` in markup is literal text
        self.in_comment = False

    def _tag(self, _token: re.Match[str]) -> None:
        """Tags are markup, not audited text: a line of `<p>` alone is not a target."""

    def _fence(self, token: re.Match[str]) -> None:
        if self.in_comment:
            return
        marker = token["fence_marker"]
        if not self.fence:
            self.fence = marker
        elif marker[0] == self.fence[0] and len(marker) >= len(self.fence):
            self.fence = ""

    def _directive(self, token: re.Match[str]) -> None:
        if self.fence:
            return
        if self.markup and not self.in_comment:
            self._visible(token)  # copy that mentions a directive, not a directive
            return
        column = token.start() - self.line_start + 1
        line = len(self.content)
        self.directives.append(_Directive(line, column, token["keyword"], token["body"]))


def _next_content_lines(content: Sequence[bool]) -> list[int | None]:
    """For each line (index = line - 1), the first line at or after it with audited text."""
    following: list[int | None] = [None] * len(content)
    upcoming: int | None = None
    for index in range(len(content) - 1, -1, -1):
        if content[index]:
            upcoming = index + 1
        following[index] = upcoming
    return following


# --- arguments ---------------------------------------------------------------------------

_SEPARATOR = re.compile(r"[\s,]*")
_ARGUMENT = re.compile(
    r"""
    (?P<pair>(?P<key>[A-Za-z_][\w-]*)[ \t]*=[ \t]*
        (?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'
        |\u201c(?P<curly>[^\u201d]*)\u201d|\u2018(?P<curly_single>[^\u2019]*)\u2019
        |(?P<bare>[^\s"'\u201c\u201d\u2018\u2019,]+)))
    |(?P<unfinished>(?P<unfinished_key>[A-Za-z_][\w-]*)[ \t]*=)
    |(?P<word>[^\s,=]+)
    """,
    re.VERBOSE,
)
_VALUE_GROUPS = ("double", "single", "curly", "curly_single", "bare")
# A claim id, or a study id with an optional misreported field ("some-study#n").
_CLAIM_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:#[a-z]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_KEYS = ("reason", "until")


@dataclass(frozen=True)
class _Arguments:
    """The parsed arguments of a disable directive."""

    claim_ids: frozenset[str]
    reason: str | None
    until: date | None


class _InvalidArgumentError(ValueError):
    """A directive's arguments cannot be read; the message says why, in one line."""


def _parse_arguments(body: str) -> _Arguments:
    """Claim ids, reason and until of a directive; `_InvalidArgumentError` if unreadable."""
    claim_ids: set[str] = set()
    values: dict[str, str] = {}
    position = 0
    while (position := _end_of_separator(body, position)) < len(body):
        token = _ARGUMENT.match(body, position)
        if token is None:
            raise _InvalidArgumentError(f"cannot read {_quote(body[position:])}")
        if token["unfinished"]:
            key = token["unfinished_key"]
            raise _InvalidArgumentError(f'"{key}=" has no value or an unclosed quote')
        if token["word"]:
            claim_ids.add(_claim_id(token["word"]))
        else:
            _add_value(values, token)
        position = token.end()
    reason = values.get("reason", "").strip() or None
    until = _until(values["until"]) if "until" in values else None
    return _Arguments(frozenset(claim_ids), reason, until)


def _end_of_separator(body: str, position: int) -> int:
    separator = _SEPARATOR.match(body, position)
    return separator.end() if separator else position


def _claim_id(word: str) -> str:
    if not _CLAIM_ID.fullmatch(word):
        raise _InvalidArgumentError(
            f"{_quote(word)} is neither a claim id (kebab-case) nor key=value"
        )
    return word


def _add_value(values: dict[str, str], token: re.Match[str]) -> None:
    key = token["key"].lower()
    if key not in _KEYS:
        raise _InvalidArgumentError(
            f'unknown key {_quote(token["key"])}; use reason="..." or until=YYYY-MM-DD'
        )
    if key in values:
        raise _InvalidArgumentError(f'"{key}" is given twice')
    values[key] = next(token[name] for name in _VALUE_GROUPS if token[name] is not None)


def _until(value: str) -> date:
    if _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _InvalidArgumentError(f'"until" must be a date written YYYY-MM-DD, not {_quote(value)}')


def _quote(text: str, limit: int = 40) -> str:
    """User text for a one-line message: whitespace (any line separator) collapsed, cut."""
    flat = " ".join(text.split())
    return f'"{flat}"' if len(flat) <= limit else f'"{flat[:limit]}…"'


# --- resolving directives into suppressions ------------------------------------------------


@dataclass
class _Resolver:
    """Turns directives, in file order, into suppressions and invalid-directive notices."""

    path: str
    following: list[int | None]
    suppressions: list[Suppression] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    # NOTE: an invalid `disable` still opens a block (with no arguments) so that its
    # `enable` is not also reported as stray: one mistake, one notice.
    open_blocks: list[tuple[_Directive, _Arguments | None]] = field(default_factory=list)

    def add(self, directive: _Directive) -> None:
        if directive.keyword == "enable":
            self._enable(directive)
            return
        try:
            arguments: _Arguments | None = _parse_arguments(directive.body)
        except _InvalidArgumentError as error:
            self._invalid(directive, f"suppression on line {directive.line} is ignored: {error}")
            arguments = None
        if directive.keyword == "disable":
            self.open_blocks.append((directive, arguments))
        elif arguments is not None:
            self._next_line(directive, arguments)

    def finish(self) -> tuple[list[Suppression], list[Notice]]:
        self._close_blocks(last_line=len(self.following))
        self.suppressions.sort(key=lambda s: (s.line, s.column))
        self.notices.sort(key=lambda n: (n.line, n.column))
        return self.suppressions, self.notices

    def _next_line(self, directive: _Directive, arguments: _Arguments) -> None:
        after = directive.line  # index of the line after the directive
        target = self.following[after] if after < len(self.following) else None
        # NOTE: with no text after it, the directive points past the end and stays unused.
        line = target if target is not None else directive.line + 1
        self._add(directive, arguments, line, line, "next-line")

    def _enable(self, directive: _Directive) -> None:
        if not self.open_blocks:
            message = (
                f"claimcheck-enable on line {directive.line} has no open "
                "claimcheck-disable block; remove it"
            )
            self._invalid(directive, message)
            return
        if directive.body.strip():
            message = (
                f"claimcheck-enable on line {directive.line} takes no arguments; "
                f"it closed every open block and ignored {_quote(directive.body)}"
            )
            self._invalid(directive, message)
        self._close_blocks(last_line=directive.line - 1)

    def _close_blocks(self, last_line: int) -> None:
        for opener, arguments in self.open_blocks:
            if arguments is not None:
                self._add(opener, arguments, opener.line + 1, last_line, "block")
        self.open_blocks.clear()

    def _add(
        self,
        directive: _Directive,
        arguments: _Arguments,
        first_line: int,
        last_line: int,
        kind: SuppressionKind,
    ) -> None:
        suppression = Suppression(
            line=directive.line,
            column=directive.column,
            first_line=first_line,
            last_line=last_line,
            claim_ids=arguments.claim_ids,
            reason=arguments.reason,
            until=arguments.until,
            kind=kind,
        )
        self.suppressions.append(suppression)

    def _invalid(self, directive: _Directive, message: str) -> None:
        notice = Notice(
            path=self.path,
            line=directive.line,
            column=directive.column,
            code=NoticeCode.SUPPRESSION_INVALID,
            severity=Severity.WARNING,
            message=message,
        )
        self.notices.append(notice)


def parse_suppressions(original: str, path: str) -> tuple[list[Suppression], list[Notice]]:
    """The valid suppressions of one file, and a notice for every invalid directive.

    `original` is the file as read (before Markdown or HTML stripping) and `path` picks
    the format by extension, as `sources.detect_format` does.
    """
    if _KEYWORD not in original:
        return [], []  # no directive: most files; the scan below costs a pass per line
    directives, content = _Scanner(original, detect_format(path)).run()
    resolver = _Resolver(path, _next_content_lines(content))
    for directive in directives:
        resolver.add(directive)
    return resolver.finish()


def blank_directives(text: str) -> str:
    """Plain text with every directive (and `<!--`, `-->` around it) turned into spaces.

    A directive in a .txt file is an instruction, not copy. Left in, a directive line
    starting in lower case continues the sentence above, and one without final
    punctuation runs on into the sentence below, which then starts on an earlier line
    than the one the directive covers. Blanked, the line is blank and ends the paragraph.
    The length is kept, so offsets into the text are still offsets into the file.
    """
    if _KEYWORD not in text:
        return text
    return _TEXT_DIRECTIVE.sub(lambda directive: " " * len(directive[0]), text)


# --- applying suppressions to findings -------------------------------------------------------


def apply_suppressions(
    findings: Sequence[Finding],
    suppressions: Sequence[Suppression],
    *,
    path: str,
    today: date,
    report_unused: bool,
) -> SuppressionOutcome:
    """Split one file's findings into kept and suppressed; report problem suppressions.

    Every finding is assumed to belong to the file `path` (its own `path` is not
    compared). Order is kept; a finding covered by several suppressions marks them all
    as used.
    """
    active = [s for s in suppressions if not s.expired(today)]
    by_line: dict[int, list[Suppression]] = {}
    for suppression in active:
        if suppression.kind == "next-line":
            by_line.setdefault(suppression.first_line, []).append(suppression)
    blocks = [s for s in active if s.kind == "block"]
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    used: set[Suppression] = set()
    for finding in findings:
        covering = [s for s in (*by_line.get(finding.line, ()), *blocks) if s.covers(finding)]
        used.update(covering)
        (suppressed if covering else kept).append(finding)
    notices = [
        notice
        for suppression in suppressions
        for notice in _notices(suppression, path, today, used=suppression in used)
        if report_unused or notice.code is not NoticeCode.SUPPRESSION_UNUSED
    ]
    notices.sort(key=lambda n: (n.line, n.column, n.code.value))
    return SuppressionOutcome(tuple(kept), tuple(suppressed), tuple(notices))


def _notices(suppression: Suppression, path: str, today: date, *, used: bool) -> list[Notice]:
    """What is wrong with one suppression: no reason; expired, or else unused."""
    subject = f"suppression on line {suppression.line}"
    problems: list[tuple[NoticeCode, str]] = []
    if suppression.reason is None:
        problems.append(
            (NoticeCode.SUPPRESSION_WITHOUT_REASON, f'{subject} has no reason; add reason="..."')
        )
    if suppression.until is not None and suppression.until < today:
        expired = (
            f"{subject} expired on {suppression.until.isoformat()} and no longer hides "
            "findings; fix the copy or renew until="
        )
        problems.append((NoticeCode.SUPPRESSION_EXPIRED, expired))
    elif not used:
        unused = f"{subject} matched no finding; remove it"
        problems.append((NoticeCode.SUPPRESSION_UNUSED, unused))
    return [
        Notice(
            path=path,
            line=suppression.line,
            column=suppression.column,
            code=code,
            severity=Severity.WARNING,
            message=message,
        )
        for code, message in problems
    ]
