"""Pretty JSON written piece by piece, byte for byte what `json.dumps(indent=2)` writes.

A report's findings are an array that grows with the copy; building the whole document
as one string holds every finding twice more (as data, then as text). Here the arrays
marked `Stream` are written one element at a time: peak memory is one element's text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from claimcheck.bidi import escape_bidi_in_json

__all__ = ["Deferred", "Stream", "json_chunks"]

INDENT = "  "


class Stream:
    """An array whose elements are made only as they are written."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


class Deferred:
    """A value computed only when the writer reaches it (a total after the streamed parts)."""

    def __init__(self, compute: Callable[[], Any]) -> None:
        self.compute = compute


def json_chunks(value: Any) -> Iterator[str]:
    """The value as pretty JSON with a final newline, bidi controls escaped, in pieces."""
    for chunk in _chunks(value, 0):
        yield escape_bidi_in_json(chunk)
    yield "\n"


def _chunks(value: Any, level: int) -> Iterator[str]:
    if isinstance(value, Deferred):
        value = value.compute()
    if isinstance(value, Stream):
        yield from _array(value.items, level)
    elif isinstance(value, dict) and _holds_parts(value.values()):
        yield from _object(value, level)
    elif isinstance(value, list) and _holds_parts(value):
        yield from _array(value, level)
    else:
        yield _dumps(value, level)


def _holds_parts(values: Iterable[Any]) -> bool:
    """Whether a Stream or Deferred is inside (else the stdlib writes it in one go)."""
    return any(
        isinstance(v, (Stream, Deferred))
        or (isinstance(v, dict) and _holds_parts(v.values()))
        or (isinstance(v, list) and _holds_parts(v))
        for v in values
    )


def _object(value: dict[str, Any], level: int) -> Iterator[str]:
    inner = "\n" + INDENT * (level + 1)
    for number, (key, item) in enumerate(value.items()):
        yield ("{" if number == 0 else ",") + inner + json.dumps(key, ensure_ascii=False) + ": "
        yield from _chunks(item, level + 1)
    yield "\n" + INDENT * level + "}"


def _array(items: Iterable[Any], level: int) -> Iterator[str]:
    inner = "\n" + INDENT * (level + 1)
    empty = True
    for item in items:
        yield ("[" if empty else ",") + inner
        yield from _chunks(item, level + 1)
        empty = False
    yield "[]" if empty else "\n" + INDENT * level + "]"


def _dumps(value: Any, level: int) -> str:
    # NOTE: a JSON string never holds a raw newline, so every newline is indentation.
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + INDENT * level) if level else text
