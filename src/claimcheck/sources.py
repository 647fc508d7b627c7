"""Pipeline stage "read": load a document safely and strip its markup, keeping offsets.

The only stage besides pack loading that does I/O. It reads a file or stdin with a size
cap (`MAX_BYTES`, 10 MiB: far above any article, far below what would make a run slow),
refuses binary and empty input, decodes text (UTF-8, with or without BOM; UTF-16/32 with
BOM; otherwise cp1252, then latin-1, with a notice) and turns Markdown or HTML into plain
text for the segmenter.

Stripping keeps an exact offset map: every character of `Document.text` that was copied
from `Document.original` maps back to that character, a character produced by markup
(an entity, a table-cell separator) maps to the start of the markup, and an inserted
line break maps to the markup that caused it. The map is a list of runs searched with
`bisect`, so it costs memory per run of text, not per character.

This module must not segment, match or judge, and it never prints: every failure is an
`InputError` with a one-line message that `cli.py` shows.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Protocol

if sys.version_info >= (3, 11):
    from typing import assert_never
else:  # pragma: no cover - exercised only on Python 3.10
    from typing_extensions import assert_never

from claimcheck import visible
from claimcheck.errors import InputError
from claimcheck.files import file_kind
from claimcheck.model import StrEnum

__all__ = [
    "MAX_BYTES",
    "Document",
    "OffsetMap",
    "SourceFormat",
    "detect_format",
    "document_from_bytes",
    "document_from_text",
    "read_document",
]

MAX_BYTES = 10 * 1024 * 1024
"""Largest input accepted, in bytes (10 MiB)."""

STDIN_PATH = "<stdin>"
TEXT_PATH = "<text>"

# NOTE: a share of control characters above this marks a file as binary. Real text has
# almost none (tab, CR, LF and form feed are not counted); ANSI-coloured logs stay below.
_CONTROL_SHARE_LIMIT = 0.05
_CONTROL_BYTES = bytes(b for b in range(32) if chr(b) not in "\t\n\r\f\v") + b"\x7f"


class SourceFormat(StrEnum):
    """How a document is marked up."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"


_EXTENSIONS = {
    ".md": SourceFormat.MARKDOWN,
    ".markdown": SourceFormat.MARKDOWN,
    ".mdown": SourceFormat.MARKDOWN,
    ".mkd": SourceFormat.MARKDOWN,
    ".html": SourceFormat.HTML,
    ".htm": SourceFormat.HTML,
    ".xhtml": SourceFormat.HTML,
}

_COPIED = -1
"""Width of a run whose characters were copied one for one from the original."""


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Runs that map offsets in stripped text back to the original text.

    Run `k` starts at `text_starts[k]` in the text and `original_starts[k]` in the
    original. A copied run (width -1) advances in step with the original; any other run
    was produced by `original[start:start + width]` (an entity, a separator), so all its
    characters map to that start. The default, one copied run, is the identity.
    """

    text_starts: tuple[int, ...] = (0,)
    original_starts: tuple[int, ...] = (0,)
    widths: tuple[int, ...] = (_COPIED,)

    def to_original(self, offset: int) -> int:
        """Original index of the character at `offset` in the text."""
        run = bisect_right(self.text_starts, offset) - 1
        if self.widths[run] == _COPIED:
            return self.original_starts[run] + offset - self.text_starts[run]
        return self.original_starts[run]

    def to_original_end(self, end: int) -> int:
        """Original index just past the source of the character before `end`."""
        run = bisect_right(self.text_starts, end - 1) - 1
        width = self.widths[run]
        if width == _COPIED:
            return self.original_starts[run] + end - self.text_starts[run]
        return self.original_starts[run] + width


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded document: the original text, the stripped text and the map between them."""

    path: str
    original: str
    text: str
    format: SourceFormat
    encoding: str
    notices: tuple[str, ...] = ()
    offsets: OffsetMap = field(default_factory=OffsetMap, repr=False)

    def to_original(self, offset: int) -> int:
        """Index in `original` of the character at `offset` in `text`.

        `offset == len(text)` is allowed and maps to the end of the last character.
        """
        self._check(offset)
        if offset == len(self.text):
            return self.to_original_end(offset)
        return self.offsets.to_original(offset)

    def to_original_end(self, end: int) -> int:
        """Exclusive end in `original` of a span of `text` that ends at `end`."""
        self._check(end)
        return self.offsets.to_original_end(end) if end > 0 else self.offsets.to_original(0)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """A `[start, end)` span of `text` as a span of `original`."""
        return self.to_original(start), self.to_original_end(end)

    def _check(self, offset: int) -> None:
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} is outside the text (0..{len(self.text)})")


def detect_format(path: str) -> SourceFormat:
    """Guess the format from the file extension: Markdown, HTML, otherwise plain text."""
    return _EXTENSIONS.get(Path(path).suffix.lower(), SourceFormat.TEXT)


def read_document(
    path: str | Path, *, format: SourceFormat | None = None, max_bytes: int = MAX_BYTES
) -> Document:
    """Read a file (or stdin for "-") into a `Document`; raise `InputError` if unusable."""
    name = str(path)
    if name == "-":
        data = _read_limited(sys.stdin.buffer, STDIN_PATH, max_bytes)
        return document_from_bytes(
            data, STDIN_PATH, format or SourceFormat.TEXT, max_bytes=max_bytes
        )
    data = _read_file(Path(path), name, max_bytes)
    return document_from_bytes(data, name, format or detect_format(name), max_bytes=max_bytes)


def document_from_bytes(
    data: bytes, path: str, format: SourceFormat, *, max_bytes: int = MAX_BYTES
) -> Document:
    """Decode raw bytes and strip their markup; raise `InputError` if unusable."""
    if len(data) > max_bytes:
        raise InputError(_too_large(max_bytes), path)
    original, encoding, notices = _decode(data, path)
    return _build(original, path, format, encoding, notices)


def document_from_text(
    text: str, path: str = TEXT_PATH, format: SourceFormat = SourceFormat.TEXT
) -> Document:
    """Build a `Document` from text already in memory (the `check` command, tests).

    Its `encoding` is "str": nothing was decoded.
    """
    return _build(text, path, format, "str", ())


def _build(
    original: str, path: str, format: SourceFormat, encoding: str, notices: tuple[str, ...]
) -> Document:
    _check_text(original, path)
    text, offsets = _unmask(*_strip(original, format))
    if not text.strip():
        raise InputError(f"no text left after removing the {format} markup", path)
    return Document(path, original, text, format, encoding, notices, offsets)


def _strip(original: str, format: SourceFormat) -> tuple[str, OffsetMap]:
    match format:
        case SourceFormat.TEXT:
            return original, OffsetMap()
        case SourceFormat.MARKDOWN:
            return _strip_markdown(original)
        case SourceFormat.HTML:
            # NOTE: imported here: html.parser is slow to import, and only HTML needs it
            from claimcheck.htmlsource import strip_html

            return strip_html(original)
        case _:
            assert_never(format)


def _unmask(text: str, offsets: OffsetMap) -> tuple[str, OffsetMap]:
    """The text with invisible characters and look-alike letters undone (`visible.py`)."""
    changes = visible.edits(text)
    if not changes:
        return text, offsets
    builder = Builder(text)
    done = 0
    for at, replacement in changes:
        builder.copy(done, at)
        builder.substitute(replacement, at, 1)
        done = at + 1
    builder.copy(done, len(text))
    unmasked, through = builder.build()
    return unmasked, _compose(through, offsets, len(unmasked))


def _compose(outer: OffsetMap, inner: OffsetMap, length: int) -> OffsetMap:
    """One map for two steps.

    `outer` maps the final text into a middle text, `inner` maps the middle into the original.
    """
    text_starts: list[int] = []
    original_starts: list[int] = []
    widths: list[int] = []
    ends = (*outer.text_starts[1:], length)
    for start, end, source, width in zip(
        outer.text_starts, ends, outer.original_starts, outer.widths, strict=True
    ):
        if width != _COPIED:
            first = inner.to_original(source) if width else inner.to_original(source - 1) + 1
            last = inner.to_original_end(source + width) if width else first
            text_starts.append(start)
            original_starts.append(first)
            widths.append(last - first)
            continue
        # A copied run may cross several runs of the inner map: split it at their starts.
        stop = source + (end - start)
        k = bisect_right(inner.text_starts, source) - 1
        at = source
        while at < stop:
            text_starts.append(start + at - source)
            if inner.widths[k] == _COPIED:
                original_starts.append(inner.original_starts[k] + at - inner.text_starts[k])
            else:
                original_starts.append(inner.original_starts[k])
            widths.append(inner.widths[k])
            k += 1
            at = inner.text_starts[k] if k < len(inner.text_starts) else stop
    return OffsetMap(tuple(text_starts), tuple(original_starts), tuple(widths))


# --- reading and decoding ---------------------------------------------------------------

# NOTE: O_NONBLOCK: should a pipe replace the file after the check, open returns at once
# (and the check after opening refuses it); for a regular file it changes nothing.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _read_file(path: Path, name: str, max_bytes: int) -> bytes:
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise InputError("is a directory, not a file", name)
        _refuse_special_file(status.st_mode, name)  # NOTE: opening a pipe or device can hang
        if status.st_size > max_bytes:
            raise InputError(_too_large(max_bytes), name)
        with os.fdopen(os.open(path, _READ_FLAGS), "rb") as handle:
            _refuse_special_file(os.fstat(handle.fileno()).st_mode, name)  # swapped meanwhile
            return _read_limited(handle, name, max_bytes)
    except FileNotFoundError:
        raise InputError("no such file", name) from None
    except PermissionError:
        raise InputError("permission denied", name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", name) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", name) from None


def _refuse_special_file(mode: int, name: str) -> None:
    if not stat.S_ISREG(mode):
        raise InputError(f"is a {file_kind(mode)}, not a regular file", name)


def _read_limited(handle: _Readable, name: str, max_bytes: int) -> bytes:
    # NOTE: read one byte past the limit: sizes from stat() lie for pipes and /proc.
    data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(_too_large(max_bytes), name)
    return data


class _Readable(Protocol):
    """A binary file object; only `read` is used."""

    def read(self, size: int = -1, /) -> bytes: ...


def _too_large(max_bytes: int) -> str:
    return f"larger than the {_human_size(max_bytes)} input limit"


def _human_size(size: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:g} {unit}"
    return f"{size} bytes"


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(data: bytes, path: str) -> tuple[str, str, tuple[str, ...]]:
    """Text, encoding label and notices; only binary data is refused, never an encoding."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec, ()
            except UnicodeDecodeError:
                text = data.decode(codec, errors="replace")
                return (
                    text,
                    f"{codec} (with replacements)",
                    (f"invalid {codec}; bad bytes replaced",),
                )
    if b"\x00" in data:
        raise InputError(
            "looks binary (contains NUL bytes); UTF-16 text needs a byte-order mark", path
        )
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError as error:
        where = f"byte {error.start}"
    for codec in ("cp1252", "latin-1"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        return text, f"{codec} (fallback)", (f"not valid UTF-8 (at {where}); decoded as {codec}",)
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _check_text(text: str, path: str) -> None:
    if not text.strip():
        raise InputError("is empty" if not text else "contains only whitespace", path)
    encoded = text.encode("utf-8", errors="surrogatepass")
    controls = len(encoded) - len(encoded.translate(None, _CONTROL_BYTES))
    if controls > _CONTROL_SHARE_LIMIT * len(text):
        raise InputError(
            f"looks binary ({controls} control characters in {len(text)}); expected text", path
        )


# --- building stripped text with an offset map ------------------------------------------


class Builder:
    """Accumulates stripped text and the runs that map it back to the original."""

    def __init__(self, original: str) -> None:
        self._original = original
        self._parts: list[str] = []
        self._length = 0
        self._tail = ""
        self._text_starts: list[int] = []
        self._original_starts: list[int] = []
        self._widths: list[int] = []

    def copy(self, start: int, end: int) -> None:
        """Append `original[start:end]` unchanged."""
        if start >= end:
            return
        if not self._continues_copy(start):
            self._add_run(start, _COPIED)
        self._append(self._original[start:end])

    def substitute(self, text: str, at: int, width: int) -> None:
        """Append `text` produced by `original[at:at + width]` (an entity, a separator)."""
        if text:
            self._add_run(at, width)
            self._append(text)

    def paragraph_break(self, at: int) -> None:
        """End the current paragraph (a blank line), unless one already ends here."""
        if self._length and not self._tail.endswith("\n\n"):
            self.substitute("\n" if self._tail.endswith("\n") else "\n\n", at, 0)

    def line_break(self, at: int) -> None:
        """Start a new line, unless the text is empty or already at a line start."""
        if self._length and not self._tail.endswith("\n"):
            self.substitute("\n", at, 0)

    def at_line_start(self) -> bool:
        return not self._length or self._tail.endswith("\n")

    def build(self) -> tuple[str, OffsetMap]:
        if not self._text_starts:
            return "", OffsetMap()
        offsets = OffsetMap(
            tuple(self._text_starts), tuple(self._original_starts), tuple(self._widths)
        )
        return "".join(self._parts), offsets

    def _continues_copy(self, start: int) -> bool:
        return bool(self._widths) and (
            self._widths[-1] == _COPIED
            and self._original_starts[-1] + self._length - self._text_starts[-1] == start
        )

    def _add_run(self, original_start: int, width: int) -> None:
        self._text_starts.append(self._length)
        self._original_starts.append(original_start)
        self._widths.append(width)

    def _append(self, text: str) -> None:
        self._parts.append(text)
        self._length += len(text)
        self._tail = (self._tail + text)[-2:]


# --- Markdown ---------------------------------------------------------------------------

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_THEMATIC_BREAK = re.compile(
    r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$"
)
_REFERENCE_DEFINITION = re.compile(r" {0,3}\[[^\]]+\]:[ \t]*\S+[^\r\n]*$")
_BLOCKQUOTE = re.compile(r"(?: {0,3}>[ \t]?)+")
_HEADING = re.compile(r"[ \t]*#{1,6}(?:[ \t]+|$)")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)(?:\[[ xX]\][ \t]+)?")
_CELL_PIPE = re.compile(r"(?<!\\)\|")
_TRAILING_SPACE = re.compile(r"[ \t]*$")

# NOTE: one pattern, alternatives tried left to right at each position; each alternative is
# an outer named group so `match.lastgroup` names it. Emphasis spans are bounded so an
# unmatched `*` on a long line cannot make the scan quadratic in practice.
_INLINE = re.compile(
    r"""
    (?=[`!\[<*_~\\&])  # NOTE: a cheap first-character test makes the scan ~15x faster
    (?:(?P<code>(?P<ticks>`+)(?P<code_text>.{1,2000}?)(?P=ticks))
    |(?P<image>!\[(?P<alt>(?:\\.|[^\[\]\\])*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"]*")?\s*\))
    |(?P<link>\[(?P<label>(?:\\.|[^\[\]\\]|\[(?:\\.|[^\[\]\\])*\])*)\]
        (?:\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"]*")?\s*\)|\[[^\[\]]*\]))
    |(?P<autolink><(?P<url>(?:https?|ftp|mailto):[^<>\s]+)>)
    |(?P<comment><!--.*?-->)
    |(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)
    |(?P<strong_star>\*\*(?=\S)(?P<strong_star_text>.{1,2000}?)(?<=\S)\*\*)
    |(?P<strong_under>(?<!\w)__(?=\S)(?P<strong_under_text>.{1,2000}?)(?<=\S)__(?!\w))
    |(?P<em_star>\*(?=[^\s*])(?P<em_star_text>.{1,2000}?)(?<=[^\s*])\*)
    |(?P<em_under>(?<!\w)_(?=[^\s_])(?P<em_under_text>.{1,2000}?)(?<=[^\s_])_(?!\w))
    |(?P<strike>~~(?=\S)(?P<strike_text>.{1,2000}?)(?<=\S)~~)
    |(?P<escape>\\(?P<escaped>[!-/:-@\[-`{-~]))
    |(?P<entity>&(?:\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});))
    """,
    re.VERBOSE,
)
_INNER_GROUP = {
    "image": "alt",
    "link": "label",
    "strong_star": "strong_star_text",
    "strong_under": "strong_under_text",
    "em_star": "em_star_text",
    "em_under": "em_under_text",
    "strike": "strike_text",
}
_VERBATIM_GROUP = {"code": "code_text", "autolink": "url", "escape": "escaped"}
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)


@dataclass(slots=True)
class _MarkdownState:
    """What the line-by-line Markdown pass remembers between lines."""

    fence: str = ""
    in_comment: bool = False
    in_table: bool = False
    previous: str = "blank"


def _strip_markdown(original: str) -> tuple[str, OffsetMap]:
    """Plain text of a Markdown document; see the module docstring for the offset rules."""
    builder = Builder(original)
    state = _MarkdownState()
    lines = [match.span() for match in _LINE.finditer(original) if match.start() < len(original)]
    skip = _front_matter_lines(original, lines)
    for index, (start, end) in enumerate(lines):
        content_end = _line_content_end(original, start, end)
        if index < skip:
            builder.copy(content_end, end)
            continue
        next_line = lines[index + 1] if index + 1 < len(lines) else (end, end)
        _markdown_line(builder, original, state, (start, content_end), next_line)
        builder.copy(content_end, end)
    return builder.build()


def _line_content_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in "\r\n":
        end -= 1
    return end


def _front_matter_lines(text: str, lines: list[tuple[int, int]]) -> int:
    """Number of leading lines that are YAML front matter (`---` ... `---`)."""
    if not lines or text[lines[0][0] : lines[0][1]].strip() != "---":
        return 0
    for index, (start, end) in enumerate(lines[1:], start=1):
        if text[start:end].strip() in ("---", "..."):
            return index + 1
    return 0


def _markdown_line(
    builder: Builder,
    text: str,
    state: _MarkdownState,
    line: tuple[int, int],
    next_line: tuple[int, int],
) -> None:
    """Emit the stripped content of one line (its line break is copied by the caller)."""
    start, end = line
    if state.in_comment:
        close = text.find("-->", start, end)
        if close == -1:
            return
        state.in_comment = False
        start = close + 3
    elif _fence_line(text, state, start, end):
        return
    kind = _markdown_block(builder, text, state, start, end, next_line)
    state.previous = kind


def _fence_line(text: str, state: _MarkdownState, start: int, end: int) -> bool:
    """Track fenced code blocks; return True if this line is dropped as code."""
    fence = _FENCE.match(text, start, end)
    if state.fence:
        if (
            fence
            and fence.group(1)[0] == state.fence[0]
            and len(fence.group(1)) >= len(state.fence)
        ):
            state.fence = ""
        return True
    if fence:
        state.fence = fence.group(1)
        return True
    return False


def _markdown_block(
    builder: Builder,
    text: str,
    state: _MarkdownState,
    start: int,
    end: int,
    next_line: tuple[int, int],
) -> str:
    """Strip block markers from one line and emit its inline content; return its kind."""
    if not text[start:end].strip():
        state.in_table = False
        return "blank"
    if _THEMATIC_BREAK.match(text, start, end) or _REFERENCE_DEFINITION.match(text, start, end):
        builder.paragraph_break(start)
        return "blank"
    quote = _BLOCKQUOTE.match(text, start, end)
    content = quote.end() if quote else start
    if _is_delimiter_row(text[content:end]):
        state.in_table = True
        return "row"
    if _is_table_row(text, state, content, end, next_line):
        _table_row(builder, text, state, content, end)
        return "row"
    state.in_table = False
    return _prose_line(builder, text, state, content, end)


def _prose_line(builder: Builder, text: str, state: _MarkdownState, start: int, end: int) -> str:
    """A heading, list item or paragraph line."""
    if heading := _HEADING.match(text, start, end):
        builder.paragraph_break(start)
        closing = _CLOSING_HASHES.search(text, heading.end(), end)
        _inline_line(builder, text, state, heading.end(), closing.start() if closing else end)
        return "heading"
    if item := _LIST_ITEM.match(text, start, end):
        builder.paragraph_break(start)
        _inline_line(builder, text, state, item.end(), end)
        return "item"
    if state.previous in ("row", "heading"):
        builder.paragraph_break(start)
    _inline_line(builder, text, state, start, end)
    return "plain"


def _is_delimiter_row(line: str) -> bool:
    stripped = line.strip()
    return "|" in stripped and "-" in stripped and not stripped.strip("|:- \t")


def _is_table_row(
    text: str, state: _MarkdownState, start: int, end: int, next_line: tuple[int, int]
) -> bool:
    line = text[start:end].strip()
    if "|" not in line:
        return False
    if state.in_table or (line.startswith("|") and line.endswith("|") and len(line) > 1):
        return True
    return _is_delimiter_row(text[next_line[0] : next_line[1]])


def _table_row(builder: Builder, text: str, state: _MarkdownState, start: int, end: int) -> None:
    """A pipe-table row becomes its cells separated by tabs, on a line of its own."""
    if state.previous != "row":
        builder.paragraph_break(start)
    else:
        builder.line_break(start)
    pipes = [match.start() for match in _CELL_PIPE.finditer(text, start, end)]
    bounds = [start - 1, *pipes, end]
    cells = list(pairwise(bounds))
    if cells and not text[cells[0][0] + 1 : cells[0][1]].strip():
        cells = cells[1:]  # before a leading pipe
    if cells and not text[cells[-1][0] + 1 : cells[-1][1]].strip():
        cells = cells[:-1]  # after a trailing pipe
    for number, (left, right) in enumerate(cells):
        if number:
            builder.substitute("\t", left, 1)
        cell_start, cell_end = _trim(text, left + 1, right)
        _inline(builder, text, cell_start, cell_end)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _inline_line(builder: Builder, text: str, state: _MarkdownState, start: int, end: int) -> None:
    """Inline content of a line, leaving out the start of an unclosed HTML comment."""
    opening = text.find("<!--", start, end)
    if opening != -1 and text.find("-->", opening + 4, end) == -1:
        state.in_comment = True
        end = opening
    end = _TRAILING_SPACE.search(text, start, end).start()  # type: ignore[union-attr]
    _inline(builder, text, start, end)


def _inline(builder: Builder, text: str, start: int, end: int) -> None:
    """Copy `text[start:end]`, dropping inline markup and decoding entities and escapes."""
    position = start
    for match in _INLINE.finditer(text, start, end):
        builder.copy(position, match.start())
        _inline_markup(builder, text, match)
        position = match.end()
    builder.copy(position, end)


def _inline_markup(builder: Builder, text: str, match: re.Match[str]) -> None:
    kind = match.lastgroup or ""
    if kind in _INNER_GROUP:
        _inline(builder, text, *match.span(_INNER_GROUP[kind]))
    elif kind in _VERBATIM_GROUP:
        builder.copy(*match.span(_VERBATIM_GROUP[kind]))
    elif kind == "entity":
        add_entity(builder, match.group(), match.start())
    elif kind == "tag" and _BREAK_TAG.fullmatch(match.group()):
        builder.substitute("\n", match.start(), len(match.group()))


def add_entity(builder: Builder, raw: str, at: int) -> None:
    import html  # NOTE: here: its entity table is slow to import, and plain text needs none

    # NOTE: soft hyphens and zero-width characters would split words the matcher looks for.
    decoded = html.unescape(raw).translate(_INVISIBLE)
    if decoded == raw:
        builder.copy(at, at + len(raw))
    else:
        builder.substitute(decoded, at, len(raw))
