"""Reading documents: decoding, refusals, and markup stripping with an exact offset map."""

from __future__ import annotations

import io
import os
import re
import sys
import unicodedata
from pathlib import Path

import pytest

from claimcheck.errors import InputError
from claimcheck.segment import segment_text
from claimcheck.sources import (
    MAX_BYTES,
    Document,
    SourceFormat,
    detect_format,
    document_from_bytes,
    document_from_text,
    read_document,
)

# NOTE: every example text is written for these tests; none is taken from the seeds.
MARKDOWN = """---
title: Magnesium notes
tags: [sleep]
---
# Magnesium & Sleep #

Magnesium is **widely sold** as a _sleep aid_. Labels often cite `Mg2+` levels.
See the [review](https://example.org/review "A review") and ![a capsule photo](cap.png).
A [reference link][1] works too, and snake_case_names stay as they are.

<!-- claimcheck-disable-next-line magnesium-sleep reason="tested" -->
- Doses near 300 mg &amp; more were tested.
- Effects were small\\[3\\]
  and short-lived.
1. Take it with food.

> Quoted advice is still copy.

| Dose | Form |
|------|:----:|
| 0.5 g | *powder* |
| 1 g | capsule |

```python
print("code is dropped")
```

Setext Heading
--------------

<!-- a remark
over two lines -->Text after a comment.
[1]: https://example.org/ref
"""

MARKDOWN_SENTENCES = [
    "Magnesium & Sleep",
    "Magnesium is widely sold as a sleep aid.",
    "Labels often cite Mg2+ levels.",
    "See the review and a capsule photo.",
    "A reference link works too, and snake_case_names stay as they are.",
    "Doses near 300 mg & more were tested.",
    "Effects were small[3]\n  and short-lived.",
    "Take it with food.",
    "Quoted advice is still copy.",
    "Dose\tForm",
    "0.5 g\tpowder",
    "1 g\tcapsule",
    "Setext Heading",
    "Text after a comment.",
]

HTML = """<!DOCTYPE html>
<html><head><title>Zinc &amp; Colds</title>
<style>p { color: red; }</style>
<script>var s = "<p>not text</p>";</script></head>
<body><nav>Home</nav>
<h1>Zinc&nbsp;lozenges</h1>
<p>Zinc may shorten colds&mdash;a little.   Trials
were small &#8220;and mixed.&#8221; Caf&eacute; owners
sell it &#x1F600;.</p>
<ul><li>Take it early</li><li>Stop after a week<br>if no change</li></ul>
<table><tr><th>Dose</th><th>Form</th></tr>
<tr><td><p>10 mg</p></td><td>lozenge</td></tr></table>
<noscript>Enable scripts.</noscript><template><p>Hidden.</p></template>
<pre>Keep
  this</pre><!-- a comment -->
</body></html>"""

HTML_SENTENCES = [
    "Zinc & Colds",
    "Home",
    "Zinc lozenges",  # a non-breaking space reads as a space
    "Zinc may shorten colds\u2014a little.",
    "Trials were small \u201cand mixed.\u201d",
    "Caf\u00e9 owners sell it \U0001f600.",
    "Take it early",
    "Stop after a week\nif no change",
    "Dose\tForm",
    "10 mg \tlozenge",
    "Keep\n  this",
]


def assert_offsets_exact(document: Document) -> None:
    """Each character maps to itself, or to the `&` of its entity; the map never goes back."""
    previous = 0
    for index, char in enumerate(document.text):
        position = document.to_original(index)
        assert position >= previous
        previous = position
        if char.isspace():
            continue  # separators map to the markup that caused them
        assert document.original[position] in (char, "&"), (index, char)


# --- formats and stripping -------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("notes.md", SourceFormat.MARKDOWN),
        ("NOTES.Markdown", SourceFormat.MARKDOWN),
        ("page.html", SourceFormat.HTML),
        ("dir.v2/page.HTM", SourceFormat.HTML),
        ("copy.txt", SourceFormat.TEXT),
        ("README", SourceFormat.TEXT),
        ("-", SourceFormat.TEXT),
    ],
)
def test_detect_format(path: str, expected: SourceFormat) -> None:
    assert detect_format(path) is expected


def test_plain_text_is_kept_as_is() -> None:
    document = document_from_text("One.\r\nTwo.")
    assert document.text == document.original == "One.\r\nTwo."
    assert document.path == "<text>"
    assert [document.to_original(index) for index in range(len(document.text) + 1)] == list(
        range(len(document.text) + 1)
    )


def test_markdown_sentences() -> None:
    document = document_from_text(MARKDOWN, "notes.md", SourceFormat.MARKDOWN)
    assert [sentence.text for sentence in segment_text(document.text)] == MARKDOWN_SENTENCES


def test_markdown_drops_code_comments_front_matter_and_urls() -> None:
    text = document_from_text(MARKDOWN, "notes.md", SourceFormat.MARKDOWN).text
    for dropped in (
        "code is dropped",
        "remark",
        "two lines",
        "title:",
        "https://",
        "cap.png",
        "---",
        "**",
    ):
        assert dropped not in text


def test_markdown_offsets_are_exact() -> None:
    assert_offsets_exact(document_from_text(MARKDOWN, "notes.md", SourceFormat.MARKDOWN))


def test_markdown_sentence_maps_back_to_its_source_span() -> None:
    document = document_from_text(MARKDOWN, "notes.md", SourceFormat.MARKDOWN)
    sentence = next(s for s in segment_text(document.text) if s.text.startswith("Magnesium is"))
    start, end = document.span_to_original(sentence.start, sentence.end)
    assert document.original[start:end] == "Magnesium is **widely sold** as a _sleep aid_."


def test_markdown_entity_span_ends_after_the_entity() -> None:
    document = document_from_text("Salt &amp; pepper &amp;", "x.md", SourceFormat.MARKDOWN)
    assert document.text == "Salt & pepper &"
    assert document.to_original(5) == 5
    assert document.to_original_end(len(document.text)) == len(document.original)
    assert document.to_original(len(document.text)) == len(document.original)


def test_markdown_keeps_single_markers_that_are_not_markup() -> None:
    text = document_from_text(
        "Rates rose 2 * 3 times; fields marked * are required.", "x.md", SourceFormat.MARKDOWN
    ).text
    assert text == "Rates rose 2 * 3 times; fields marked * are required."


def test_html_sentences() -> None:
    document = document_from_text(HTML, "page.html", SourceFormat.HTML)
    assert [sentence.text for sentence in segment_text(document.text)] == HTML_SENTENCES


def test_html_offsets_are_exact() -> None:
    assert_offsets_exact(document_from_text(HTML, "page.html", SourceFormat.HTML))


def test_html_entity_maps_to_its_start_and_end() -> None:
    document = document_from_text("<p>A&mdash;B</p>", "x.html", SourceFormat.HTML)
    assert document.text.strip() == "A\u2014B"
    dash = document.text.index("\u2014")
    assert document.original[document.to_original(dash) :].startswith("&mdash;")
    assert document.to_original_end(dash + 1) == document.original.index("B")


def test_html_soft_hyphen_is_dropped() -> None:
    assert document_from_text("<p>Mag&shy;ne&#173;sium</p>", "x.html", SourceFormat.HTML).text == (
        "Magnesium\n\n"
    )


def test_offsets_outside_the_text_are_refused() -> None:
    document = document_from_text("abc")
    with pytest.raises(ValueError, match="outside the text"):
        document.to_original(4)


# --- decoding ----------------------------------------------------------------------------


def test_utf8() -> None:
    document = document_from_bytes("Caf\u00e9 \u2014 ok".encode(), "a.txt", SourceFormat.TEXT)
    assert (document.text, document.encoding, document.notices) == (
        "Caf\u00e9 \u2014 ok",
        "utf-8",
        (),
    )


def test_utf8_bom_is_stripped() -> None:
    document = document_from_bytes(b"\xef\xbb\xbfHello.", "a.txt", SourceFormat.TEXT)
    assert (document.original, document.encoding) == ("Hello.", "utf-8-sig")


@pytest.mark.parametrize("codec", ["utf-16", "utf-32"])
def test_utf16_and_utf32_with_bom(codec: str) -> None:
    document = document_from_bytes("Zinc \u00e9t\u00e9.".encode(codec), "a.txt", SourceFormat.TEXT)
    assert (document.text, document.encoding) == ("Zinc \u00e9t\u00e9.", codec)


def test_cp1252_fallback_with_notice() -> None:
    document = document_from_bytes(b"Caf\xe9 \x93quoted\x94.", "a.txt", SourceFormat.TEXT)
    assert document.text == "Caf\u00e9 \u201cquoted\u201d."
    assert document.encoding == "cp1252 (fallback)"
    assert document.notices == ("not valid UTF-8 (at byte 3); decoded as cp1252",)


def test_latin1_fallback_when_cp1252_fails() -> None:
    document = document_from_bytes(b"Ok \x81 text.", "a.txt", SourceFormat.TEXT)
    assert document.encoding == "latin-1 (fallback)"
    assert document.text == "Ok \x81 text."
    assert "decoded as latin-1" in document.notices[0]


# --- refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "format", "message"),
    [
        (b"", SourceFormat.TEXT, "is empty"),
        (b" \n\t\r\n ", SourceFormat.TEXT, "contains only whitespace"),
        (b"PK\x03\x04\x00\x00binary", SourceFormat.TEXT, "looks binary (contains NUL bytes)"),
        ("Hi.".encode("utf-16-le"), SourceFormat.TEXT, "needs a byte-order mark"),
        (b"\x01\x02\x03\x04text\x05\x06\x07\x08", SourceFormat.TEXT, "looks binary"),
        (b"<script>only()</script>", SourceFormat.HTML, "no text left after removing the html"),
        (b"```\ncode only\n```\n", SourceFormat.MARKDOWN, "no text left after removing"),
    ],
    ids=["empty", "whitespace", "nul", "utf16-no-bom", "controls", "html-no-text", "md-no-text"],
)
def test_unusable_bytes(data: bytes, format: SourceFormat, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)) as caught:
        document_from_bytes(data, "in.txt", format)
    assert caught.value.path == "in.txt"
    assert "\n" not in str(caught.value)


def test_too_large_says_the_limit() -> None:
    with pytest.raises(InputError, match="larger than the 1 KiB input limit"):
        document_from_bytes(b"a" * 1025, "big.txt", SourceFormat.TEXT, max_bytes=1024)
    assert MAX_BYTES == 10 * 1024 * 1024


def test_empty_text_is_refused() -> None:
    with pytest.raises(InputError, match="is empty"):
        document_from_text("")


# --- files and stdin ---------------------------------------------------------------------


def test_read_file_detects_format(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_bytes(b"# Title\n\nBody **text**.\n")
    document = read_document(path)
    assert (document.path, document.format, document.text.strip()) == (
        str(path),
        SourceFormat.MARKDOWN,
        "Title\n\nBody text.",
    )


def test_read_file_with_explicit_format(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_text("Body **text**.")
    assert read_document(path, format=SourceFormat.TEXT).text == "Body **text**."


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as caught:
        read_document(tmp_path / "absent.txt")
    assert str(caught.value) == f"{tmp_path / 'absent.txt'}: no such file"


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_document(tmp_path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("text")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # NOTE: chmod does not stop root (CI containers), so the refusal is simulated.
    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(InputError, match="permission denied"):
        read_document(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "copy.txt"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match="is a named pipe \\(FIFO\\), not a regular file"):
        read_document(pipe)


def test_device_is_refused() -> None:
    if not Path(os.devnull).exists() or os.name != "posix":
        pytest.skip("needs a POSIX /dev/null")
    with pytest.raises(InputError, match="is a character device, not a regular file"):
        read_document(os.devnull)


def test_file_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 300)
    with pytest.raises(InputError, match="larger than the 1 KiB input limit"):
        read_document(path, max_bytes=1024)


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"From a pipe.")))
    document = read_document("-")
    assert (document.path, document.text, document.format) == (
        "<stdin>",
        "From a pipe.",
        SourceFormat.TEXT,
    )


def test_stdin_over_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 2000)))
    with pytest.raises(InputError, match="larger than") as caught:
        read_document("-", max_bytes=1024)
    assert caught.value.path == "<stdin>"


# --- invisible characters and look-alike letters ----------------------------------------

HIDDEN = [
    "L-serine cures in\u200bsomnia.",  # zero-width space
    "L-serine cures in\u00adsomnia.",  # soft hyphen
    "L-serine cures insom\u2060nia.",  # word joiner
    "L-serine cures in\u202esomnia.",  # right-to-left override
    "L-\ufeffserine cures insomnia.",  # byte order mark inside the name
    "L-serine \u0441ur\u0435s insomnia.",  # Cyrillic es and ie in "cures"
    "L-serine cures \uff49\uff4e\uff53\uff4f\uff4d\uff4e\uff49\uff41.",  # full-width letters
    "L\u2011serine cures insomnia.",  # non-breaking hyphen in the name
    "L-serine cures i\u0307nsomnia.",  # a combining dot on a Latin letter
]


@pytest.mark.parametrize("copy", HIDDEN)
def test_hidden_characters_do_not_hide_a_claim(copy: str) -> None:
    document = document_from_text(copy, "ad.txt")
    assert document.text.replace("\u2010", "-") == "L-serine cures insomnia."
    assert document.to_original(0) == 0
    assert document.to_original_end(len(document.text)) == len(copy)


def test_unmasked_text_maps_each_character_back_to_its_source() -> None:
    copy = (
        "# Sle\u200bep\n\n**L-ser\u00adine** c\u0443res &amp; heals"
        " in\u200bsom\u200bnia\u2026 fast."
    )
    document = document_from_text(copy, "ad.md", SourceFormat.MARKDOWN)
    assert "L-serine cyres & heals insomnia... fast." in document.text  # Cyrillic u reads y
    previous = 0
    for index, char in enumerate(document.text):
        position = document.to_original(index)
        assert position >= previous
        previous = position
        if char.isspace() or char == ".":
            continue
        assert unicodedata.normalize("NFKC", document.original[position])[0] in (
            char,
            "&",
            "\u0443",
        ), (index, char)


def test_a_word_in_another_script_is_left_alone() -> None:
    copy = "L-serine is called \u0441\u0435\u0440\u0438\u043d in Russian."
    assert document_from_text(copy, "ru.txt").text == copy
