"""Skipping the character-by-character translation where text holds nothing to translate
changes nothing: the guarded functions equal their plain translations on any text."""

from __future__ import annotations

import html

from hypothesis import given
from hypothesis import strategies as st

from claimcheck import bidi
from claimcheck.report import html as html_report
from claimcheck.report import markdown

# Every control character, the bidi controls, and ordinary text around them.
TEXT = st.text(
    alphabet=st.sampled_from(
        [
            *map(chr, range(0x20)),
            "\x7f",
            *map(chr, range(0x80, 0xA0)),
            *sorted(bidi.BIDI_CONTROLS),
            *"ab é\u2028\u00a0",
        ]
    )
    | st.characters(),
    max_size=30,
)


@given(TEXT)
def test_show_bidi_is_its_translation(text: str) -> None:
    assert bidi.show_bidi(text) == text.translate(bidi._SHOWN)


@given(TEXT)
def test_bidi_escapes_in_json_are_its_translation(text: str) -> None:
    assert bidi.escape_bidi_in_json(text) == text.translate(bidi._JSON_ESCAPED)


@given(TEXT)
def test_flatten_is_its_translation(text: str) -> None:
    shown = text.translate(bidi._SHOWN)
    assert markdown.flatten(text) == " ".join(shown.translate(markdown._CONTROL).split())


@given(TEXT)
def test_copy_text_is_its_translation(text: str) -> None:
    normalised = html_report._LINE_BREAK.sub("\n", text)
    shown = normalised.translate(bidi._SHOWN).translate(html_report._COPY_CONTROLS)
    assert html_report.copy_text(text) == html.escape(shown, quote=True)
