"""Suppression directives in the copy: parsing, coverage, and the notices they raise."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import date

import pytest

from claimcheck.findings import Code, Finding, NoticeCode, Severity, Stance, Strength, Verdict
from claimcheck.suppress import (
    Suppression,
    SuppressionOutcome,
    apply_suppressions,
    blank_directives,
    parse_suppressions,
)

# NOTE: every example sentence is written for these tests; none is taken from the seeds.
TODAY = date(2026, 3, 1)
SLEEP = "zinc-sleep"
MOOD = "zinc-mood"

INVALID = NoticeCode.SUPPRESSION_INVALID
NO_REASON = NoticeCode.SUPPRESSION_WITHOUT_REASON
EXPIRED = NoticeCode.SUPPRESSION_EXPIRED
UNUSED = NoticeCode.SUPPRESSION_UNUSED


def make_finding(
    line: int, claim_id: str = SLEEP, *, path: str = "page.txt", column: int = 1
) -> Finding:
    """A hand-built finding: only path, line, column and claim matter to suppressions."""
    sentence = f"Zinc sentence on line {line}."
    digest = hashlib.sha256(f"{claim_id}\x00{sentence}".encode()).hexdigest()[:32]
    return Finding(
        path=path,
        line=line,
        column=column,
        end_line=line,
        end_column=column + len(sentence),
        sentence=sentence,
        claim_id=claim_id,
        claim="Zinc improves sleep.",
        verdict=Verdict.PRELIMINARY,
        strength=Strength.CAUSAL,
        stance=Stance.ASSERTS,
        overstated=True,
        severity=Severity.WARNING,
        code=Code.OVERSTATED,
        fingerprint=digest,
        match_score=90,
        message="Overstated.",
        suggestion="A small trial hints at better sleep.",
    )


@dataclass(frozen=True)
class Case:
    """A document, the findings the engine would report, and what must happen to them."""

    id: str
    path: str
    text: str
    findings: tuple[tuple[int, str], ...]  # (line, claim id)
    suppressed: tuple[tuple[int, str], ...]
    notices: tuple[tuple[int, NoticeCode], ...] = ()
    report_unused: bool = False


CASES = [
    # --- next-line form, in each format -------------------------------------------------
    Case(
        "txt-next-line",
        "page.txt",
        'claimcheck-disable-next-line reason="legal approved"\n'
        "Zinc makes you sleep.\n"
        "Zinc lifts mood.\n",
        findings=((2, SLEEP), (3, MOOD)),
        suppressed=((2, SLEEP),),
    ),
    Case(
        "txt-next-line-with-comment-markers",
        "page.txt",
        '<!-- claimcheck-disable-next-line reason="legal approved" -->\nZinc makes you sleep.\n',
        findings=((2, SLEEP),),
        suppressed=((2, SLEEP),),
    ),
    Case(
        "txt-next-line-skips-blank-lines",
        "page.txt",
        'claimcheck-disable-next-line reason="ok"\n\n   \nZinc makes you sleep.\nMore.\n',
        findings=((4, SLEEP), (5, SLEEP)),
        suppressed=((4, SLEEP),),
    ),
    Case(
        "txt-directive-in-the-middle-of-a-line",
        "page.txt",
        'Zinc is sold widely. claimcheck-disable-next-line reason="ok"\nZinc makes you sleep.\n',
        findings=((1, SLEEP), (2, SLEEP)),
        suppressed=((2, SLEEP),),
    ),
    Case(
        "md-next-line-in-html-comment",
        "page.md",
        '# Zinc\n\n<!-- claimcheck-disable-next-line reason="quoted trial title" -->\n'
        "Zinc makes you sleep.\n\nZinc lifts mood.\n",
        findings=((4, SLEEP), (6, MOOD)),
        suppressed=((4, SLEEP),),
    ),
    Case(
        "md-directive-outside-a-comment-is-copy",
        "page.md",
        "Write claimcheck-disable-next-line above a sentence.\nZinc makes you sleep.\n",
        findings=((2, SLEEP),),
        suppressed=(),
    ),
    Case(
        "md-directive-in-code-span-is-copy",
        "page.md",
        "Write `<!-- claimcheck-disable-next-line -->` above it.\nZinc makes you sleep.\n",
        findings=((2, SLEEP),),
        suppressed=(),
    ),
    Case(
        "md-directive-in-fenced-code-is-copy",
        "page.md",
        "```html\n<!-- claimcheck-disable-next-line -->\n```\nZinc makes you sleep.\n",
        findings=((4, SLEEP),),
        suppressed=(),
    ),
    Case(
        "md-stacked-directives-reach-the-same-line",
        "page.md",
        '<!-- claimcheck-disable-next-line zinc-sleep reason="a" -->\n'
        '<!-- claimcheck-disable-next-line zinc-mood reason="b" -->\n'
        "Zinc makes you sleep and lifts mood.\n",
        findings=((3, SLEEP), (3, MOOD)),
        suppressed=((3, SLEEP), (3, MOOD)),
        report_unused=True,
    ),
    Case(
        "html-next-line-skips-tag-lines",
        "page.html",
        '<body>\n<!-- claimcheck-disable-next-line reason="ok" -->\n<p>\n'
        "  Zinc makes you sleep. Zinc lifts mood.\n</p>\n<p>Zinc again.</p>\n",
        findings=((4, SLEEP), (4, MOOD), (6, SLEEP)),
        suppressed=((4, SLEEP), (4, MOOD)),
    ),
    Case(
        "html-directive-in-multi-line-comment",
        "page.html",
        '<!--\n  claimcheck-disable-next-line reason="ok"\n-->\n<p>Zinc makes you sleep.</p>\n',
        findings=((4, SLEEP),),
        suppressed=((4, SLEEP),),
    ),
    Case(
        "html-directive-touching-comment-markers",
        "page.html",
        '<!--claimcheck-disable-next-line reason="ok"-->\n<p>Zinc makes you sleep.</p>\n',
        findings=((2, SLEEP),),
        suppressed=((2, SLEEP),),
    ),
    Case(
        "same-line-as-directive-is-not-covered",
        "page.md",
        '<!-- claimcheck-disable-next-line reason="ok" -->Zinc makes you sleep.\nMore zinc.\n',
        findings=((1, SLEEP), (2, SLEEP)),
        suppressed=((2, SLEEP),),
    ),
    # --- block form --------------------------------------------------------------------
    Case(
        "txt-block",
        "page.txt",
        'Before.\nclaimcheck-disable reason="old archive"\nZinc one.\nZinc two.\n'
        "claimcheck-enable\nZinc after.\n",
        findings=((1, SLEEP), (3, SLEEP), (4, MOOD), (6, SLEEP)),
        suppressed=((3, SLEEP), (4, MOOD)),
    ),
    Case(
        "md-block",
        "page.md",
        '<!-- claimcheck-disable reason="old archive" -->\n\nZinc one.\n\nZinc two.\n\n'
        "<!-- claimcheck-enable -->\n\nZinc after.\n",
        findings=((3, SLEEP), (5, SLEEP), (9, SLEEP)),
        suppressed=((3, SLEEP), (5, SLEEP)),
    ),
    Case(
        "html-block",
        "page.html",
        '<!-- claimcheck-disable zinc-mood reason="review pending" -->\n'
        "<p>Zinc one.</p>\n<p>Zinc two.</p>\n<!-- claimcheck-enable -->\n<p>Zinc after.</p>\n",
        findings=((2, MOOD), (3, SLEEP), (5, MOOD)),
        suppressed=((2, MOOD),),
    ),
    Case(
        "unclosed-block-runs-to-end",
        "page.md",
        'Zinc before.\n<!-- claimcheck-disable reason="archive" -->\nZinc one.\n\n\nZinc last.',
        findings=((1, SLEEP), (3, SLEEP), (6, SLEEP)),
        suppressed=((3, SLEEP), (6, SLEEP)),
    ),
    Case(
        "stray-enable",
        "page.md",
        "<!-- claimcheck-enable -->\nZinc makes you sleep.\n",
        findings=((2, SLEEP),),
        suppressed=(),
        notices=((1, INVALID),),
    ),
    Case(
        "enable-with-arguments-still-closes",
        "page.md",
        '<!-- claimcheck-disable reason="x" -->\nZinc one.\n<!-- claimcheck-enable zinc-sleep -->\n'
        "Zinc two.\n",
        findings=((2, SLEEP), (4, SLEEP)),
        suppressed=((2, SLEEP),),
        notices=((3, INVALID),),
    ),
    Case(
        "invalid-disable-and-its-enable-give-one-notice",
        "page.md",
        "<!-- claimcheck-disable until=someday -->\nZinc one.\n<!-- claimcheck-enable -->\n",
        findings=((2, SLEEP),),
        suppressed=(),
        notices=((1, INVALID),),
    ),
    # --- claim ids --------------------------------------------------------------------
    Case(
        "claim-id-filters",
        "page.txt",
        'claimcheck-disable-next-line zinc-sleep reason="ok"\nZinc makes you sleep and calm.\n',
        findings=((2, SLEEP), (2, MOOD)),
        suppressed=((2, SLEEP),),
    ),
    Case(
        "several-claim-ids-with-commas",
        "page.txt",
        'claimcheck-disable-next-line zinc-sleep, zinc-mood reason="ok"\nZinc sentence.\n',
        findings=((2, SLEEP), (2, MOOD), (2, "zinc-focus")),
        suppressed=((2, SLEEP), (2, MOOD)),
    ),
    Case(
        "claim-id-not-kebab-case",
        "page.txt",
        'claimcheck-disable-next-line Zinc_Sleep reason="ok"\nZinc sentence.\n',
        findings=((2, SLEEP),),
        suppressed=(),
        notices=((1, INVALID),),
    ),
    # --- reasons ----------------------------------------------------------------------
    Case(
        "no-reason-still-suppresses",
        "page.md",
        "<!-- claimcheck-disable-next-line -->\nZinc makes you sleep.\n",
        findings=((2, SLEEP),),
        suppressed=((2, SLEEP),),
        notices=((1, NO_REASON),),
    ),
    Case(
        "empty-reason-is-no-reason",
        "page.md",
        '<!-- claimcheck-disable-next-line reason="  " -->\nZinc makes you sleep.\n',
        findings=((2, SLEEP),),
        suppressed=((2, SLEEP),),
        notices=((1, NO_REASON),),
    ),
    Case(
        "single-quoted-reason",
        "page.md",
        "<!-- claimcheck-disable-next-line reason='trial title' -->\nZinc sleep.\n",
        findings=((2, SLEEP),),
        suppressed=((2, SLEEP),),
    ),
    Case(
        "curly-quoted-reason",
        "page.md",
        "<!-- claimcheck-disable-next-line reason=\u201ctrial, title\u201d -->\nZinc sleep.\n",
        findings=((2, SLEEP),),
        suppressed=((2, SLEEP),),
    ),
    Case(
        "curly-single-quoted-reason-and-key-case",
        "page.md",
        "<!-- claimcheck-disable-next-line Reason=\u2018title\u2019 -->\nZinc sleep.\n",
        findings=((2, SLEEP),),
        suppressed=((2, SLEEP),),
    ),
    Case(
        "unclosed-quote",
        "page.md",
        '<!-- claimcheck-disable-next-line reason="trial title -->\nZinc sleep.\n',
        findings=((2, SLEEP),),
        suppressed=(),
        notices=((1, INVALID),),
    ),
    # --- until ------------------------------------------------------------------------
    Case(
        "expired-does-not-suppress",
        "page.md",
        '<!-- claimcheck-disable-next-line reason="ok" until=2026-02-28 -->\nZinc sleep.\n',
        findings=((2, SLEEP),),
        suppressed=(),
        notices=((1, EXPIRED),),
        report_unused=True,  # NOTE: expired is never also reported unused
    ),
    Case(
        "until-today-still-suppresses",
        "page.md",
        '<!-- claimcheck-disable-next-line reason="ok" until=2026-03-01 -->\nZinc sleep.\n',
        findings=((2, SLEEP),),
        suppressed=((2, SLEEP),),
    ),
    Case(
        "quoted-until",
        "page.md",
        '<!-- claimcheck-disable-next-line reason="ok" until="2027-01-01" -->\nZinc sleep.\n',
        findings=((2, SLEEP),),
        suppressed=((2, SLEEP),),
    ),
    Case(
        "expired-block",
        "page.txt",
        'claimcheck-disable until=2025-12-31 reason="ok"\nZinc one.\nclaimcheck-enable\n',
        findings=((2, SLEEP),),
        suppressed=(),
        notices=((1, EXPIRED),),
    ),
    Case(
        "invalid-date",
        "page.md",
        '<!-- claimcheck-disable-next-line reason="ok" until=2026-02-30 -->\nZinc sleep.\n',
        findings=((2, SLEEP),),
        suppressed=(),
        notices=((1, INVALID),),
    ),
    Case(
        "date-in-wrong-format",
        "page.md",
        '<!-- claimcheck-disable-next-line reason="ok" until=01/02/2027 -->\nZinc sleep.\n',
        findings=((2, SLEEP),),
        suppressed=(),
        notices=((1, INVALID),),
    ),
    Case(
        "unknown-key",
        "page.md",
        '<!-- claimcheck-disable-next-line reason="ok" owner=anna -->\nZinc sleep.\n',
        findings=((2, SLEEP),),
        suppressed=(),
        notices=((1, INVALID),),
    ),
    Case(
        "key-given-twice",
        "page.md",
        '<!-- claimcheck-disable-next-line reason="a" reason="b" -->\nZinc sleep.\n',
        findings=((2, SLEEP),),
        suppressed=(),
        notices=((1, INVALID),),
    ),
    # --- unused -----------------------------------------------------------------------
    Case(
        "unused-not-reported-by-default",
        "page.md",
        '<!-- claimcheck-disable-next-line zinc-mood reason="ok" -->\nZinc sleep.\n',
        findings=((2, SLEEP),),
        suppressed=(),
    ),
    Case(
        "unused-reported-on-request",
        "page.md",
        '<!-- claimcheck-disable-next-line zinc-mood reason="ok" -->\nZinc sleep.\n'
        '<!-- claimcheck-disable reason="ok" -->\n<!-- claimcheck-enable -->\n',
        findings=((2, SLEEP),),
        suppressed=(),
        notices=((1, UNUSED), (3, UNUSED)),
        report_unused=True,
    ),
    Case(
        "directive-at-end-of-file-is-unused",
        "page.txt",
        'Zinc sleep.\nclaimcheck-disable-next-line reason="ok"\n\n',
        findings=((1, SLEEP),),
        suppressed=(),
        notices=((2, UNUSED),),
        report_unused=True,
    ),
    Case(
        "no-reason-and-unused",
        "page.md",
        "<!-- claimcheck-disable-next-line -->\n\n",
        findings=(),
        suppressed=(),
        notices=((1, NO_REASON), (1, UNUSED)),
        report_unused=True,
    ),
    # --- line breaks ------------------------------------------------------------------
    Case(
        "crlf-text",
        "page.txt",
        'Zinc one.\r\nclaimcheck-disable-next-line reason="ok"\r\n\r\nZinc two.\r\nZinc three.\r\n',
        findings=((1, SLEEP), (4, SLEEP), (5, SLEEP)),
        suppressed=((4, SLEEP),),
    ),
    Case(
        "crlf-markdown-block",
        "page.md",
        '<!-- claimcheck-disable reason="ok" -->\r\nZinc one.\r\n<!-- claimcheck-enable -->\r\n'
        "Zinc two.\r\n",
        findings=((2, SLEEP), (4, SLEEP)),
        suppressed=((2, SLEEP),),
    ),
    Case(
        "lone-cr",
        "page.txt",
        'claimcheck-disable-next-line reason="ok"\rZinc one.\rZinc two.\r',
        findings=((2, SLEEP), (3, SLEEP)),
        suppressed=((2, SLEEP),),
    ),
]


def run(case: Case) -> SuppressionOutcome:
    suppressions, parse_notices = parse_suppressions(case.text, case.path)
    findings = [make_finding(line, claim, path=case.path) for line, claim in case.findings]
    outcome = apply_suppressions(
        findings, suppressions, path=case.path, today=TODAY, report_unused=case.report_unused
    )
    notices = tuple(sorted((*parse_notices, *outcome.notices), key=lambda n: (n.line, n.code)))
    return SuppressionOutcome(outcome.kept, outcome.suppressed, notices)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_case(case: Case) -> None:
    outcome = run(case)
    assert [(f.line, f.claim_id) for f in outcome.suppressed] == list(case.suppressed)
    expected_kept = [item for item in case.findings if item not in case.suppressed]
    assert [(f.line, f.claim_id) for f in outcome.kept] == expected_kept
    assert sorted((n.line, n.code) for n in outcome.notices) == sorted(case.notices)
    for notice in outcome.notices:
        assert notice.path == case.path
        assert notice.severity is Severity.WARNING
        assert "\n" not in notice.message and "\r" not in notice.message
        assert notice.message.splitlines() == [notice.message]


def test_case_ids_are_unique() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))


# --- parsed values and positions -------------------------------------------------------


def test_parsed_suppressions_carry_their_fields() -> None:
    text = (
        "Ünïcödé line.\r\n"
        "  Über <!-- claimcheck-disable-next-line zinc-sleep reason=\u201cok\u201d "
        "until=2027-01-01 -->\r\n"
        "Zinc.\r\n"
        '<!-- claimcheck-disable reason="block" -->\r\n'
        "\r\n"
        "<!-- claimcheck-enable -->\r\n"
    )
    suppressions, notices = parse_suppressions(text, "page.md")
    assert notices == []
    assert suppressions == [
        Suppression(
            line=2,
            column=13,  # code points: "  Über <!-- " is 12 of them
            first_line=3,
            last_line=3,
            claim_ids=frozenset({"zinc-sleep"}),
            reason="ok",
            until=date(2027, 1, 1),
            kind="next-line",
        ),
        Suppression(
            line=4,
            column=6,
            first_line=5,
            last_line=5,
            claim_ids=frozenset(),
            reason="block",
            until=None,
            kind="block",
        ),
    ]


def test_unclosed_block_last_line_is_last_line_of_file() -> None:
    suppressions, _ = parse_suppressions("claimcheck-disable\nA.\nB.\n", "page.txt")
    assert [(s.first_line, s.last_line) for s in suppressions] == [(2, 4)]


def test_notice_positions_are_the_directive_keyword() -> None:
    _, notices = parse_suppressions("x\n  <!-- claimcheck-enable -->\n", "page.html")
    assert [(n.line, n.column, n.code) for n in notices] == [(2, 8, INVALID)]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("until=2026-13-01", '"until" must be a date written YYYY-MM-DD, not "2026-13-01"'),
        ("colour=red", 'unknown key "colour"'),
        ('reason="a" reason="b"', '"reason" is given twice'),
        ('reason="open', '"reason=" has no value or an unclosed quote'),
        ("ZINC", '"ZINC" is neither a claim id'),
    ],
)
def test_invalid_messages(body: str, fragment: str) -> None:
    _, notices = parse_suppressions(f"<!-- claimcheck-disable-next-line {body} -->\n", "a.md")
    assert len(notices) == 1
    assert notices[0].message.startswith("suppression on line 1 is ignored: ")
    assert fragment in notices[0].message


def test_notice_messages() -> None:
    text = (
        "<!-- claimcheck-disable-next-line -->\nZinc.\n"
        '<!-- claimcheck-disable-next-line reason="ok" until=2026-01-31 -->\nZinc.\n'
        '<!-- claimcheck-disable-next-line zinc-mood reason="ok" -->\nZinc.\n'
    )
    suppressions, _ = parse_suppressions(text, "a.md")
    findings = [make_finding(line, path="a.md") for line in (2, 4, 6)]
    outcome = apply_suppressions(
        findings, suppressions, path="a.md", today=TODAY, report_unused=True
    )
    assert [n.message for n in outcome.notices] == [
        'suppression on line 1 has no reason; add reason="..."',
        "suppression on line 3 expired on 2026-01-31 and no longer hides findings; "
        "fix the copy or renew until=",
        "suppression on line 5 matched no finding; remove it",
    ]


def test_message_quotes_user_text_on_one_line() -> None:
    # NOTE: U+2028 is a line break for str.splitlines but not for the scanner.
    _, notices = parse_suppressions("claimcheck-disable-next-line a\u2028B\n", "a.txt")
    assert len(notices) == 1
    assert notices[0].message.splitlines() == [notices[0].message]


def test_apply_keeps_order_and_needs_no_suppressions() -> None:
    findings = [make_finding(3), make_finding(1), make_finding(2)]
    outcome = apply_suppressions(findings, [], path="a.txt", today=TODAY, report_unused=True)
    assert outcome == SuppressionOutcome(tuple(findings), (), ())


def test_scan_is_linear_in_practice() -> None:
    line = '<!-- claimcheck-disable-next-line zinc-sleep reason="ok" --> Zinc `code` <b>x</b>\n'
    text = line * 20_000 + "x " * 200_000 + "`" + "y" * 100_000
    started = time.perf_counter()
    suppressions, notices = parse_suppressions(text, "big.md")
    assert len(suppressions) == 20_000 and notices == []
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    ("before", "directive", "after"),
    [
        ("Zinc is here\n", "claimcheck-disable-next-line reason=ok", "\nZinc heals."),
        ("Zinc.\n", "<!-- claimcheck-disable reason='quoted' -->", "\nZinc heals."),
        ("Zinc. ", "claimcheck-enable -->", " Zinc heals."),
    ],
    ids=["bare", "in-comment", "text-around"],
)
def test_plain_text_directives_are_blanked_keeping_offsets(
    before: str, directive: str, after: str
) -> None:
    blanked = blank_directives(before + directive + after)
    assert blanked == before + " " * len(directive) + after
