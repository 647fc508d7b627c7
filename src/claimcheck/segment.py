"""Pipeline stage "segment": split document text into sentences with exact offsets.

`segment_text` turns the text of a `Document` (markup already stripped by `sources.py`)
into `Sentence` spans; `LineIndex` turns character offsets of the original file into
1-based line and column numbers, once, at the edge (proselint's `LintFile` pattern).

How the text is cut, in two passes:

1. Lines become *units*. A blank line always ends a unit. A list item, a Markdown
   heading, a blockquote line and a table row (a line with `|` at both ends, or with a
   tab between cells) always start a new unit; a table row is never split or joined. Any
   other line continues the unit above only when it reads as a hard-wrapped
   continuation: it starts in lower case; or the line above ends with a comma, an open
   bracket, an abbreviation ("Dr.") or a word that cannot end a sentence ("of", "the");
   or the block is hard-wrapped (all its lines at most 50-100 characters) and the line
   above fills the width without final punctuation. So a heading without a final period
   stays its own sentence.
2. Inside a unit, a run of terminators (`.`, `!`, `?`, `...`, CJK full stops) ends a
   sentence when whitespace follows and the next word does not start in lower case. The
   sentence keeps its closing quotes and brackets and any citation markers that follow
   (`[3][8]`, ` [5]`). A period after an abbreviation (e.g., Dr., vs., approx.), an
   initial, or a number word before a digit (No. 5, Fig. 2) is not a boundary; after an
   abbreviation that can also end a sentence (etc., U.S., et al., Inc.) it is one only
   when a typical sentence opener follows ("The", "It", ...).

List markers, heading and quote markers and the outer pipes of a table row are left out
of the sentence span; everything else is kept exactly, so `text[s.start:s.end] == s.text`.

The benchmark and the reasons for writing our own segmenter instead of using pysbd or
syntok are in docs/segmentation.md.

This module is pure: no I/O, no knowledge of claims, and it never rewrites the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

__all__ = ["LineIndex", "Sentence", "line_spans", "segment_text", "split_overlong"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: `text == document_text[start:end]`, without surrounding whitespace."""

    start: int
    end: int
    text: str


_Kind = Literal["blank", "row", "heading", "item", "plain"]


@dataclass(frozen=True, slots=True)
class _Line:
    """The content of one line (markers and outer space removed) and its kind."""

    start: int
    end: int
    kind: _Kind


@dataclass(frozen=True, slots=True)
class _Unit:
    """A run of text that sentences never cross: a paragraph, list item or table row."""

    start: int
    end: int
    is_row: bool


# NOTE: the same three line breaks editors count; `str.splitlines` knows more (\x0c,
# \u2028, ...) and would make line numbers disagree with what users see.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# List bullets (-, *, +, bullet, middle dot, triangles, en dash), "1." or "1)", "#", ">".
_MARKER = re.compile(
    r"(?:[-*+\u2022\u00b7\u2023\u25e6\u25aa\u25b8\u2013]|\d{1,3}[.)]|#{1,6}|>)(?:[ \t]+|$)"
)
# . ! ? ellipsis, CJK and fullwidth stops, Arabic question mark, Devanagari danda.
# NOTE: only runs followed by space, a closer, a citation or the end can end a sentence
# (CJK stops need no space); the lookahead skips "0.5" and "e.g.," inside the regex engine.
_TERMINATORS = re.compile(
    r"[.!?\u2026\u3002\uff01\uff1f\uff61\u061f\u0964]+"
    r"(?:(?=[\s\"'\u201d\u2019\u00bb\u203a\u300d\u300f\uff09)\]*\[]|\Z)|(?<=[\u3002\uff01\uff1f\uff61]))"
)
# Closing quotes and brackets, then citation markers: [3], [3][8], [1-4], [\[10\]](#).
_CLOSERS_AND_CITATIONS = re.compile(
    r"[\"'\u201d\u2019\u00bb\u203a\u300d\u300f\uff09)\]*]*"
    r"(?:\s*\[(?:\\?\[)?\d{1,3}(?:\s?[,\u2013-]\s?\d{1,3})*(?:\\?\])?\](?:\([^()\s]*\))?)*"
)
# Opening quotes and brackets (and Markdown emphasis) before the next word.
_NEXT_WORD = re.compile(r"\s+[\"'\u201c\u2018\u00ab(\[*_\u00bf\u00a1]*([^\W_])?")
_WORD = re.compile(r"[^\W_]+")
_TAIL_WORD = re.compile(r"[^\W_][^\W_.]*(?:\.[^\W_.]+)*\.?$")

# Hard-wrapped text: how many prose lines it takes to tell, the wrap columns we believe,
# and how much shorter than the wrap column a line may be and still count as full.
_MIN_LINES_FOR_WRAP = 2
_WRAP_WIDTHS = (50, 100)
_WRAP_SLACK = 15
_CLOSERS = "\"'\u201d\u2019\u00bb)]*"
_FINAL_MARKS = frozenset(".!?:;\u2026\u3002\uff01\uff1f\uff61\u061f\u0964")

_NO_SPACE_NEEDED = frozenset("\u3002\uff01\uff1f\uff61")
_STRONG_TERMINATORS = frozenset("!?\u2026\u3002\uff01\uff1f\uff61\u061f\u0964")
# Comma, semicolon, open bracket, slash, ampersand, en and em dash, CJK commas.
_CONTINUING_ENDINGS = frozenset(",;(/&\u2013\u2014\uff0c\u3001")


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Abbreviations whose period never ends a sentence.
_NEVER_FINAL = _words(
    "mr mrs ms dr prof st sr vs v e.g i.e cf approx ca viz incl esp resp cat dept univ"
    " jan feb aug sept oct nov dec"
)
# Words whose period does not end a sentence when a number follows ("No. 5", "Fig. 2").
_BEFORE_NUMBERS = _words("no nos fig figs vol p pp eq ref refs sec ch art tab nr")
# Abbreviations that may also end a sentence; they do when a sentence opener follows.
_MAYBE_FINAL = _words("etc al u.s u.k u.s.a e.u inc ltd co corp a.m p.m ph.d m.d jr")
_SENTENCE_OPENERS = _words(
    "the a an this that these those it its in on at for from to with by as if when while"
    " but and or so yet however there here we you they he she i our your their my his her"
    " some most many all no not one each both after before during since although though"
    " because what how why who which where also then thus therefore finally"
)
# Words that cannot end a sentence or a heading, so a line ending in one continues.
# NOTE: kept short on purpose: prepositions and verbs ("used for", "what it is") do end
# headings in web copy, where a heading often sits on the line above its paragraph.
_CONTINUING_WORDS = _words(
    "a an the and or nor but of than into its their our your whose very such via per"
    " between among including whether because although though whereas"
)


# Where an overlong sentence is best cut, strongest first: after a semicolon, a dash, a
# comma, a tab (between table cells), any space.
_CUTS = (
    re.compile(r";\s"),
    re.compile(r"\s[\u2013\u2014-]\s"),
    re.compile(r",\s"),
    re.compile(r"\t"),
    re.compile(r"\s"),
)


def split_overlong(sentences: list[Sentence], limit: int) -> list[Sentence]:
    """Sentences longer than `limit` characters cut into pieces of at most `limit`.

    No real sentence is that long; a run-on text with no full stop, or a table row with
    hundreds of cells, is read a piece at a time so the cost of matching one stays bounded.
    Each piece ends at the strongest break in its second half (see `_CUTS`).
    """
    out: list[Sentence] = []
    for sentence in sentences:
        if len(sentence.text) <= limit:
            out.append(sentence)
            continue
        start, text = sentence.start, sentence.text
        while len(text) > limit:
            cut = _cut(text, limit)
            _append_piece(out, start, text[:cut])
            start, text = start + cut, text[cut:]
        _append_piece(out, start, text)
    return out


def _cut(text: str, limit: int) -> int:
    """Where to end the first piece of `text`: just after a break in `text[limit // 2:limit]`."""
    for pattern in _CUTS:
        breaks = list(pattern.finditer(text, limit // 2, limit))
        if breaks:
            return breaks[-1].end()
    return limit


def _append_piece(out: list[Sentence], start: int, piece: str) -> None:
    lead = len(piece) - len(piece.lstrip())
    body = piece.strip()
    if body:
        out.append(Sentence(start + lead, start + lead + len(body), body))


def segment_text(text: str) -> list[Sentence]:
    """Split `text` into sentences with exact character offsets into `text`."""
    sentences: list[Sentence] = []
    for unit in _units(text):
        if unit.is_row:
            _append(sentences, text, unit.start, unit.end)
        else:
            _split_unit(sentences, text, unit)
    return sentences


def _units(text: str) -> list[_Unit]:
    """Group the lines of `text` into paragraphs, list items, headings and table rows."""
    units: list[_Unit] = []
    for block in _blocks(text):
        width = _wrap_width(block)
        current = _Unit(block[0].start, block[0].end, is_row=block[0].kind == "row")
        for previous, line in pairwise(block):
            if (
                line.kind == "plain"
                and previous.kind in ("plain", "item")
                and _continues(text, previous, line.start, width)
            ):
                current = _Unit(current.start, line.end, is_row=False)
            else:
                units.append(current)
                current = _Unit(line.start, line.end, is_row=line.kind == "row")
        units.append(current)
    return units


def _blocks(text: str) -> list[list[_Line]]:
    """Runs of non-blank lines; a blank line always separates units."""
    blocks: list[list[_Line]] = [[]]
    for start, end in line_spans(text):
        line = _classify_line(text, start, end)
        if line.kind != "blank":
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _wrap_width(block: list[_Line]) -> int | None:
    """The column a block of hard-wrapped lines is wrapped at, or None if it is not wrapped.

    NOTE: in wrapped text every prose line is at most the wrap column (commonly 60-100)
    and most come close to it; unwrapped web copy has paragraph lines far longer.
    """
    lengths = [line.end - line.start for line in block if line.kind in ("plain", "item")]
    if len(lengths) < _MIN_LINES_FOR_WRAP:
        return None
    width = max(lengths)
    return width if _WRAP_WIDTHS[0] <= width <= _WRAP_WIDTHS[1] else None


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its line break (LF, CRLF or CR)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _LINE_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _classify_line(text: str, start: int, end: int) -> _Line:
    """Content span of a line (markers and outer space removed) and its kind."""
    start, end = _trim(text, start, end)
    if start == end:
        return _Line(start, end, "blank")
    if text.find("\t", start, end) != -1:
        return _Line(start, end, "row")
    if end - start > 1 and text[start] == "|" and text[end - 1] == "|":
        return _Line(*_trim(text, start + 1, end - 1), "row")
    kind: _Kind = "plain"
    while marker := _MARKER.match(text, start, end):
        kind = "heading" if text[start] == "#" else "item"
        start = marker.end()
    return _Line(start, end, kind)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without whitespace at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _continues(text: str, previous: _Line, line_start: int, width: int | None) -> bool:
    """Whether a line continues the line above it (a hard-wrapped sentence)."""
    first = _WORD.search(text, line_start, min(line_start + 4, len(text)))
    if first is not None and text[first.start()].islower():
        return True
    last_char = text[previous.end - 1]
    if last_char in _CONTINUING_ENDINGS:
        return True
    if last_char == "." and _ends_in_abbreviation(text, previous):
        return True  # NOTE: joined, the sentence rules decide whether "etc." ends it.
    if width is not None and previous.end - previous.start >= width - _WRAP_SLACK:
        # NOTE: a full line of wrapped text that ends without punctuation was cut by the wrap.
        return text[previous.start : previous.end].rstrip(_CLOSERS)[-1:] not in _FINAL_MARKS
    word_start = previous.end
    while word_start > previous.start and text[word_start - 1].isalpha():
        word_start -= 1
    return text[word_start : previous.end].lower() in _CONTINUING_WORDS


def _split_unit(sentences: list[Sentence], text: str, unit: _Unit) -> None:
    """Append the sentences of one paragraph or list item."""
    start = unit.start
    for match in _TERMINATORS.finditer(text, unit.start, unit.end):
        if match.start() < start:
            continue
        end = _past_closers(text, match.end(), unit.end)
        if end < unit.end and _is_boundary(text, match, end, unit):
            _append(sentences, text, start, end)
            start = end
    _append(sentences, text, start, unit.end)


def _past_closers(text: str, start: int, end: int) -> int:
    """End of the closing quotes, brackets and citation markers that follow `start`."""
    closers = _CLOSERS_AND_CITATIONS.match(text, start, end)
    return closers.end() if closers else start


def _is_boundary(text: str, terminators: re.Match[str], end: int, unit: _Unit) -> bool:
    """Whether the terminator run (extended to `end`) ends a sentence."""
    run = terminators.group()
    if not text[end].isspace():
        return any(char in _NO_SPACE_NEEDED for char in run)
    following = _NEXT_WORD.match(text, end, unit.end)
    assert following is not None  # NOTE: text[end] is whitespace, so `\s+` matches.
    first = following.group(1)
    if first is None:
        return True
    if first.islower():
        return False
    if len(run) > 1 or run in _STRONG_TERMINATORS:
        return True
    word = _word_before(text, terminators.start(), unit.start)
    if first.isdigit():
        return not _is_abbreviation(word, text, terminators.start()) and word not in _BEFORE_NUMBERS
    if word in _NEVER_FINAL:
        return False
    if word in _MAYBE_FINAL or _is_initial(word, text, terminators.start()):
        opener = _WORD.match(text, following.start(1))
        return opener is not None and opener.group().lower() in _SENTENCE_OPENERS
    return True


def _word_before(text: str, period: int, floor: int) -> str:
    """The lower-cased word (dots included, as in "e.g") just before a period."""
    tail = _TAIL_WORD.search(text, max(floor, period - 12), period)
    return tail.group().lower() if tail else ""


def _is_abbreviation(word: str, text: str, period: int) -> bool:
    return word in _NEVER_FINAL or word in _MAYBE_FINAL or _is_initial(word, text, period)


def _ends_in_abbreviation(text: str, line: _Line) -> bool:
    period = line.end - 1
    word = _word_before(text, period, line.start)
    return _is_abbreviation(word, text, period) or word in _BEFORE_NUMBERS


def _is_initial(word: str, text: str, period: int) -> bool:
    """A single capital letter, as in "J. Smith" (the original case is checked)."""
    return len(word) == 1 and text[period - 1].isupper()


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    """Append text[start:end] stripped of whitespace, unless it has no letter or digit."""
    start, end = _trim(text, start, end)
    if _WORD.search(text, start, end) is not None:
        sentences.append(Sentence(start, end, text[start:end]))


class LineIndex:
    """Offsets of one text to 1-based (line, column); columns count Unicode code points.

    Built once per document from the *original* text, so positions match what an editor
    shows. Lines break at CRLF, CR and LF only.
    """

    def __init__(self, text: str) -> None:
        self._length = len(text)
        self._starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of `offset` (0 <= offset <= len(text))."""
        if not 0 <= offset <= self._length:
            raise ValueError(f"offset {offset} is outside the text (0..{self._length})")
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    @property
    def line_count(self) -> int:
        """Number of lines (a trailing line break starts one more, empty, line)."""
        return len(self._starts)
