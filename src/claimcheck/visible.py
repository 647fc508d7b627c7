"""Read copy the way a reader sees it: invisible characters and look-alike letters undone.

"L-serine cures in\u200bsomnia" shows a reader "insomnia" but hides the word from a search;
so do a soft hyphen, a bidi control, full-width letters and a Cyrillic "\u0435" inside a Latin
word. `edits` lists what to change for matching; `sources.py` applies the edits while
keeping every position pointing into the original file, so findings still land on the
characters the author wrote.
"""

from __future__ import annotations

import re
import unicodedata

from claimcheck.bidi import BIDI_CONTROLS

__all__ = ["edits"]

# Format characters that draw nothing: soft hyphen, Mongolian vowel separator, zero-width
# space/non-joiner/joiner, word joiner and invisible operators, byte order mark; and the
# bidirectional controls (`bidi.py`), which a reviewer cannot see either.
_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff"
_DROPPED = frozenset(_INVISIBLE) | BIDI_CONTROLS

# Cyrillic and Greek letters drawn like Latin ones (Unicode's confusables, the common
# subset), as escapes so the source shows which is which. They are mapped only inside words
# that also hold Latin letters: a Russian or Greek word stays as written.
_CYRILLIC = "\u0430\u0435\u043e\u0440\u0441\u0445\u0443\u0456\u0458\u0455\u0501\u04cf"
_CYRILLIC_UPPER = "\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425"
_GREEK = "\u03bf\u03b1\u03b9\u03bd\u03ba\u03c1\u03c4\u03c5\u03c7"
_GREEK_UPPER = "\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4"
_LOOK_ALIKES = dict(
    zip(
        _CYRILLIC + _CYRILLIC_UPPER + _GREEK + _GREEK_UPPER,
        "aeopcxyijsdl" + "ABEKMHOPCTX" + "oaivkptux" + "ABEZHIKMNOPT",
        strict=True,
    )
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WORD = re.compile(r"[^\W\d_]+(?:[\u00ad\u200b-\u200d\u2060][^\W\d_]+)*")
_LATIN = re.compile(r"[A-Za-z]")


def edits(text: str) -> list[tuple[int, str]]:
    """(index, replacement) for each character matching should read differently, in order.

    An empty replacement drops an invisible character or a combining mark on a Latin letter;
    a look-alike letter in a Latin word becomes its Latin twin; a compatibility character
    (full-width letter, ligature, non-breaking space) becomes its NFKC form. ASCII text has
    nothing to edit.
    """
    if text.isascii():
        return []
    look_alikes = _look_alikes_in_latin_words(text)
    found: list[tuple[int, str]] = []
    for match in _NON_ASCII.finditer(text):
        at, char = match.start(), match.group()
        if char in _DROPPED or _mark_on_latin_letter(text, at):
            found.append((at, ""))
        elif at in look_alikes:
            found.append((at, _LOOK_ALIKES[char]))
        else:
            normal = unicodedata.normalize("NFKC", char)
            if normal != char:
                found.append((at, normal))
    return found


def _mark_on_latin_letter(text: str, at: int) -> bool:
    """Whether `text[at]` is a combining mark on a plain Latin letter ("i\u0307nsomnia").

    Such marks decorate a letter without making another word; precomposed letters ("é") and
    marks in other scripts are left alone.
    """
    return (
        at > 0
        and unicodedata.category(text[at]) == "Mn"
        and text[at - 1].isascii()
        and text[at - 1].isalpha()
    )


def _look_alikes_in_latin_words(text: str) -> frozenset[int]:
    """Indexes of look-alike letters inside words that mix them with Latin letters."""
    hits: set[int] = set()
    if _LOOK_ALIKES.keys().isdisjoint(text):
        return frozenset()
    for word in _WORD.finditer(text):
        chunk = word.group()
        if chunk.isascii() or not _LATIN.search(chunk):
            continue
        hits.update(word.start() + i for i, c in enumerate(chunk) if c in _LOOK_ALIKES)
    return frozenset(hits)
