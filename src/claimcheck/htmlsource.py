"""Reading HTML: its visible text, with offsets back into the source (part of "read").

`sources.py` calls `strip_html` for HTML documents only, so a run on plain text or
Markdown never imports `html.parser`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from claimcheck.sources import Builder, OffsetMap, add_entity

__all__ = ["strip_html"]

_DROPPED_TAGS = frozenset({"script", "style", "template", "noscript"})
_BLOCK_TAGS = frozenset(
    (
        *("address", "article", "aside", "blockquote", "body", "caption", "dd", "details"),
        *("dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main"),
        *("nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead"),
        *("title", "ul"),
    )
)
_CELL_TAGS = frozenset({"td", "th"})
_ENTITY_AT = re.compile(r"&(?:#[xX]?[0-9a-fA-F]+|[A-Za-z][-.A-Za-z0-9]*);?")
_COLLAPSIBLE_SPACE = re.compile(r"[ \t\n\r\f\v]{2,}|[\t\n\r\f\v]")


def strip_html(original: str) -> tuple[str, OffsetMap]:
    """Visible text of an HTML document; blocks become paragraphs, cells tab-separated."""
    builder = Builder(original)
    parser = _HtmlStripper(original, builder)
    parser.feed(original)
    parser.close()
    return builder.build()


class _HtmlStripper(HTMLParser):
    """Streams text out of `html.parser` events, with each event's offset in the source."""

    def __init__(self, original: str, builder: Builder) -> None:
        super().__init__(convert_charrefs=False)
        self._original = original
        self._builder = builder
        self._line_starts = [0, *(match.end() for match in re.finditer("\n", original))]
        self._dropped = 0
        self._cell_depth = 0
        self._cells_in_row = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED_TAGS:
            self._dropped += 1
        if self._dropped:
            return
        at = self._offset()
        if tag == "tr":
            self._builder.line_break(at)
            self._cells_in_row = 0
        elif tag in _CELL_TAGS:
            self._start_cell(at)
        elif tag == "br":
            self._builder.substitute("\n", at, len(self.get_starttag_text() or ""))
        elif tag in _BLOCK_TAGS:
            self._block(at)
        if tag == "pre":
            self._pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED_TAGS:
            self._dropped = max(0, self._dropped - 1)
            return
        if self._dropped:
            return
        at = self._offset()
        if tag in _CELL_TAGS:
            self._cell_depth = max(0, self._cell_depth - 1)
        elif tag == "tr":
            self._builder.line_break(at)
        elif tag in _BLOCK_TAGS:
            self._block(at)
        if tag == "pre":
            self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._dropped:
            return
        at = self._offset()
        if self._pre:
            self._builder.copy(at, at + len(data))
            return
        # NOTE: source line breaks inside a paragraph are spaces in HTML; collapsing them
        # keeps the segmenter from reading them as hard-wrapped lines or table cells.
        position = at
        for match in _COLLAPSIBLE_SPACE.finditer(self._original, at, at + len(data)):
            self._builder.copy(position, match.start())
            self._builder.substitute(" ", match.start(), match.end() - match.start())
            position = match.end()
        self._builder.copy(position, at + len(data))

    def handle_entityref(self, name: str) -> None:
        self._reference()

    def handle_charref(self, name: str) -> None:
        self._reference()

    def _reference(self) -> None:
        if self._dropped:
            return
        at = self._offset()
        raw = _ENTITY_AT.match(self._original, at)
        if raw is not None:
            add_entity(self._builder, raw.group(), at)

    def _start_cell(self, at: int) -> None:
        if self._cells_in_row:
            self._builder.substitute("\t", at, 0)
        else:
            self._builder.line_break(at)
        self._cells_in_row += 1
        self._cell_depth += 1

    def _block(self, at: int) -> None:
        # NOTE: inside a table cell a block only separates words, so a row stays one line.
        if self._cell_depth:
            self._builder.substitute(" ", at, 0)
        else:
            self._builder.paragraph_break(at)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column
