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
    out: list[str] = []
    try:
        _pretty(value, "\n" + INDENT * level, out)
    except _NotPlain:  # NOTE: a type only the stdlib knows: its writer (slow) decides
        # A JSON string never holds a raw newline, so every newline is indentation.
        text = json.dumps(value, ensure_ascii=False, indent=2)
        return text.replace("\n", "\n" + INDENT * level) if level else text
    return "".join(out)


class _NotPlain(Exception):
    """A value `_pretty` leaves to `json.dumps`."""


# NOTE: `json.dumps(indent=2)` runs the stdlib's pure-Python writer (its C one cannot
# indent), a third of a SARIF report's time; this writes the same bytes from C-encoded
# strings. `tests/unit/test_jsonstream.py` holds the two equal on any JSON value.
_string = json.encoder.encode_basestring


def _pretty(value: Any, newline: str, out: list[str]) -> None:
    """Append `value` as `json.dumps(value, ensure_ascii=False, indent=2)` writes it."""
    if isinstance(value, str):
        out.append(_string(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, dict):
        _pretty_object(value, newline, out)
    elif isinstance(value, (list, tuple)):
        _pretty_array(value, newline, out)
    else:
        raise _NotPlain


def _pretty_object(value: dict[Any, Any], newline: str, out: list[str]) -> None:
    if not value:
        out.append("{}")
        return
    inner = newline + INDENT
    opener = "{" + inner
    for key, item in value.items():
        if not isinstance(key, str):
            raise _NotPlain  # the stdlib turns numbers, booleans and None into keys
        out.append(opener)
        out.append(_string(key))
        out.append(": ")
        _pretty(item, inner, out)
        opener = "," + inner
    out.append(newline + "}")


def _pretty_array(value: list[Any] | tuple[Any, ...], newline: str, out: list[str]) -> None:
    if not value:
        out.append("[]")
        return
    inner = newline + INDENT
    opener = "[" + inner
    for item in value:
        out.append(opener)
        _pretty(item, inner, out)
        opener = "," + inner
    out.append(newline + "]")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)
