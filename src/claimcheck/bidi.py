r"""Bidirectional control characters: invisible marks that change the order text is shown in.

In copy they can make a sentence display in another order than it is stored and checked
("Trojan Source", CVE-2021-42574), so a reviewer reads one thing and the audit another; in
a report they could reorder what the report seems to say. Renderers show them as
`<U+202E>` (JSON as a `\u202e` escape); the audit adds a `bidi-control` notice.
"""

from __future__ import annotations

import re

__all__ = ["BIDI_CONTROLS", "REORDERING", "escape_bidi_in_json", "find_bidi", "show_bidi"]

# Embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069) reorder whole runs;
# the marks (LRM, RLM, ALM) only set the direction of the neutral characters beside them.
REORDERING = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
BIDI_CONTROLS = REORDERING | frozenset("\u200e\u200f\u061c")

_SHOWN = {ord(char): f"<U+{ord(char):04X}>" for char in BIDI_CONTROLS}
_JSON_ESCAPED = {ord(char): f"\\u{ord(char):04x}" for char in BIDI_CONTROLS}
_ANY = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")


def show_bidi(text: str) -> str:
    """The text with every bidi control written out visibly, as `<U+202E>`."""
    # NOTE: translating with a mapping looks up every character; most text has none to map
    return text if text.isascii() or not _ANY.search(text) else text.translate(_SHOWN)


def escape_bidi_in_json(json_text: str) -> str:
    r"""JSON text with every bidi control as a `\u202e` escape: the same data, shown visibly."""
    # NOTE: outside strings JSON allows only ASCII, so each of these characters sits in a
    # string, where the escape stands for exactly the same character.
    if json_text.isascii() or not _ANY.search(json_text):
        return json_text
    return json_text.translate(_JSON_ESCAPED)


def find_bidi(text: str) -> list[tuple[int, str]]:
    """(index, character) of every bidi control in the text, in order."""
    if text.isascii():
        return []
    return [(match.start(), match.group()) for match in _ANY.finditer(text)]
