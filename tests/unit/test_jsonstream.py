"""The streamed JSON writer writes what `json.dumps(indent=2)` writes, on any JSON value."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from claimcheck.bidi import BIDI_CONTROLS, escape_bidi_in_json
from claimcheck.findings import Severity
from claimcheck.report.jsonstream import Deferred, Stream, json_chunks

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
    | st.text(alphabet=st.sampled_from(["a", '"', "\\", "\n", "\x00", *sorted(BIDI_CONTROLS)]))
    | st.sampled_from(list(Severity))  # str enums, as reports hold them
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
        | st.dictionaries(st.integers(), inner, max_size=2)
    ),  # keys the stdlib turns to text
    max_leaves=25,
)


def written(value: Any) -> str:
    return "".join(json_chunks(value))


def stdlib(value: Any) -> str:
    """What `json.dumps` writes, bidi controls escaped as every claimcheck JSON has them."""
    return escape_bidi_in_json(json.dumps(value, ensure_ascii=False, indent=2)) + "\n"


@given(VALUES)
def test_any_value_is_written_as_the_stdlib_writes_it(value: Any) -> None:
    assert written(value) == stdlib(value)


@given(st.lists(VALUES, max_size=4), VALUES)
def test_streamed_parts_are_written_as_the_whole_would_be(items: list[Any], total: Any) -> None:
    document = {"findings": Stream(iter(items)), "summary": Deferred(lambda: total)}
    expected = {"findings": items, "summary": total}
    assert written(document) == stdlib(expected)
