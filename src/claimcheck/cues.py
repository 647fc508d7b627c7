"""The cue language every lexicon is written in: one syntax, one compiler.

Lexicons (`lexicons/*.yaml`: wording cues, subject cues, predicates) and pack `requires`
lists are lists of cues. A cue matches case-insensitively, on word boundaries:

    two words     a space matches any run of spaces or hyphens ("clinically proven" also
                  matches "clinically-proven")
    (a|b|)        one of the alternatives; an empty alternative makes the group optional
    word*         the word with any ending: "help*" = help, helps, helpful ...
    *n't          any word ending in n't: doesn't, isn't, can't
    *             (alone) any one word;   *?  (alone) an optional word
    #             a number: 20, 1.5, 2,000
    +             (alone) a short noun phrase (where the lexicon defines one)
    '             a straight or a curly apostrophe

"(", "|" and ")" are syntax only. Alternatives are compiled as prefix trees over the cues'
initial words, so a scan over hundreds of cues costs a few microseconds per sentence, and
where cues overlap at a position the longest one wins. Documented for pack authors in
docs/pack-guide.md.
"""

from __future__ import annotations

import re
import string
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from claimcheck.regexcache import compile_regex, stored

try:  # CPython's own parser, from 3.11 on; without it patterns have no twin
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10 and other interpreters
    _parser = None

__all__ = [
    "APOSTROPHE",
    "SEPARATOR",
    "WORD",
    "AnyCase",
    "alternation",
    "any_case",
    "ascii_lower",
    "compiled_alternation",
    "cue_list_pattern",
    "cue_pattern",
    "fold",
    "literal_alternation",
    "matches_found_by",
    "phrase_regex",
]

APOSTROPHE = "['\u2018\u2019\u02bc\u2032]"
_FOLD = str.maketrans({c: "'" for c in "\u2018\u2019\u02bc\u2032"})

SEPARATOR = r"[\s\-]+"
WORD = r"\w[\w'\-]*"
_NUMBER = r"\d+(?:[.,]\d+)*"
_INITIAL = re.compile(r"[^\W_]+")
_WORDY_START = frozenset("*#(+'")
_CHARACTERS = {
    "*": r"\w*",
    "#": _NUMBER,
    "(": "(?:",
    "|": "|",
    ")": ")",
    " ": SEPARATOR,
    "-": r"[\s\-]",
    "'": APOSTROPHE,
}


def _split_outside_groups(text: str, separator: str) -> list[str]:
    """Split at the separators that are outside parentheses."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == separator and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def _tokens(cue: str) -> list[str]:
    """Split a cue at the spaces outside parentheses."""
    return [token for token in _split_outside_groups(cue, " ") if token]


def _is_optional_group(token: str) -> bool:
    """`(a|b|)`: one group around the whole token, with an empty alternative."""
    if not (token.startswith("(") and token.endswith(")")) or token.count("(") != 1:
        return False
    return "" in token[1:-1].split("|")


def _token_regex(token: str, phrase: str) -> str:
    if token in ("*", "*?"):
        return WORD
    if token == "+":
        return phrase
    return "".join(_CHARACTERS.get(char) or re.escape(char) for char in token)


def _cue_body(cue: str, phrase: str) -> str:
    """The regular expression of one (lower-case) cue, without boundary guards."""
    body, joined = "", False
    for token in _tokens(cue):
        regex = _token_regex(token, phrase)
        if token == "*?" or _is_optional_group(token):
            body += f"(?:{SEPARATOR}(?:{regex}))?" if joined else f"(?:(?:{regex}){SEPARATOR})?"
        else:
            body += (SEPARATOR if joined else "") + regex
            joined = True
    return body


def _guards(cue: str) -> tuple[str, str]:
    """Word-boundary guards; a punctuation cue (";", a dash) must not cut "10:30" or "2-3"."""
    left = r"(?<!\w)" if cue[0].isalnum() or cue[0] in _WORDY_START else ""
    right = r"(?!\w)" if _INITIAL.search(cue) or "*" in cue else r"(?!\d)"
    return left, right


def _group_end(cue: str) -> int:
    """The index of the parenthesis closing the group that opens `cue`."""
    depth = 0
    for index, char in enumerate(cue):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return index
    raise ValueError(f"unbalanced parentheses in cue {cue!r}")


def _alternatives(group: str) -> list[str]:
    """Split the inside of a group at its top-level bars (an empty one is kept)."""
    return _split_outside_groups(group, "|")


def _expand(cue: str) -> list[str]:
    """Spell out a leading group, so every cue starts with a plain character.

    "(is|are) being" -> "is being", "are being"; "(the |)jury" -> "the jury", "jury".
    """
    if not cue.startswith("("):
        return [cue] if cue else []
    end = _group_end(cue)
    rest = cue[end + 1 :]
    return [
        spelled
        for alternative in _alternatives(cue[1:end])
        for spelled in _expand((alternative + rest).strip())
    ]


@dataclass
class _Node:
    """A node of the prefix tree of cue initials."""

    children: dict[str, _Node] = field(default_factory=dict)
    tails: list[str] = field(default_factory=list)  # the regex after the initial word


def _initial(cue: str) -> str:
    """The leading letters and digits of a cue (its literal prefix)."""
    match = _INITIAL.match(cue)
    return match.group() if match else ""


def _tree_regex(node: _Node) -> str:
    """Children before tails, tails longest first: the longest cue wins at a position."""
    parts = [re.escape(char) + _tree_regex(child) for char, child in node.children.items()]
    parts += sorted(node.tails, key=len, reverse=True)
    if len(parts) == 1 and (not node.tails or not parts[0]):
        return parts[0]
    return f"(?:{'|'.join(parts)})"


def _trie(cues: Sequence[str], phrase: str) -> str:
    """Alternatives as a prefix tree over their initial words.

    NOTE: Python's regex engine tries alternatives one by one; sharing prefixes makes a
    position cost one test per character instead of one per cue, which is what keeps a
    scan over several hundred cues at a few microseconds per sentence.
    """
    root, residual = _Node(), []
    for cue in cues:
        body, initial = _cue_body(cue, phrase), _initial(cue)
        if not initial:
            residual.append(body)
            continue
        node = root
        for char in initial:
            node = node.children.setdefault(char, _Node())
        node.tails.append(body[len(initial) :])
    parts = [*residual, _tree_regex(root)] if root.children else residual
    return "|".join(parts)


def alternation(cues: Iterable[str], phrase: str = WORD) -> str:
    """One regular expression for a cue list; at a position the longest cue wins.

    The cues are spelled out, grouped by their boundary guards and each group built as a
    prefix tree. NOTE: hoisting the guards out of the alternation means one lookbehind
    per position instead of one per cue.
    """
    spelled = {each for cue in cues for each in _expand(cue.strip().lower())}
    groups: dict[tuple[str, str], list[str]] = {}
    for cue in sorted(spelled, key=lambda cue: (-len(cue), cue)):
        groups.setdefault(_guards(cue), []).append(cue)
    return "|".join(
        f"{left}(?:{_trie(cues, phrase)}){right}" for (left, right), cues in groups.items()
    )


def phrase_regex(stops: Iterable[str]) -> str:
    """A `+` noun phrase: one to three words, stopping before a stop word."""
    stop = "|".join(sorted((re.escape(word.lower()) for word in stops), key=len, reverse=True))
    return rf"{WORD}(?:{SEPARATOR}(?!(?:{stop})(?!\w)){WORD}){{0,2}}"


def cue_pattern(cue: str) -> re.Pattern[str]:
    """Compile one cue, matched case-insensitively in text of any apostrophe style."""
    return cue_list_pattern([cue])


def cue_list_pattern(cues: Iterable[str], phrase: str = WORD) -> re.Pattern[str]:
    """Compile a cue list for raw text: case-insensitive, any apostrophe; longest cue wins."""
    return compiled_alternation(cues, phrase, re.IGNORECASE)


def compiled_alternation(
    cues: Iterable[str], phrase: str = WORD, flags: int = 0
) -> re.Pattern[str]:
    """`alternation` compiled; from the compiled-pack cache when it holds the same cue list."""
    listed = tuple(cues)
    return compile_regex(("cues", listed, phrase), lambda: alternation(listed, phrase), flags)


def literal_alternation(words: Iterable[str], space: str | None = None) -> str:
    """Words as literal text (a space as `space`, if given), in a prefix-tree alternation.

    It matches where a flat alternation of the words would, but a position is tried against
    the first characters the words share rather than against each word; where words overlap
    it may choose a different one, so it suits tests of whether any word occurs.
    """
    root: dict[str, dict[str, Any]] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _literal_tree(root, space)


def _literal_tree(node: dict[str, dict[str, Any]], space: str | None) -> str:
    branches = [
        (space if char == " " and space is not None else re.escape(char))
        + _literal_tree(child, space)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def fold(text: str) -> str:
    """Lower-case text with one apostrophe, as the compiled `alternation` expects."""
    return text.lower().translate(_FOLD)


# --- case-insensitive patterns on ASCII text ------------------------------------------------


@dataclass(frozen=True, eq=False)
class AnyCase:
    """A case-insensitive pattern, with a case-sensitive twin for ASCII text, lowered.

    NOTE: Python's matcher tries a case-insensitive pattern's alternatives one by one at
    every position; the twin skips those that cannot start there, and searches lowered text
    about twice as fast. Its matches lie in the lowered text: use their spans, which are the
    same, not their text.
    """

    pattern: re.Pattern[str]
    twin: re.Pattern[str] | None = None

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """As `re.Pattern.search`."""
        if self.twin is not None and text.isascii():
            return self.twin.search(text.lower(), pos, endpos)
        return self.pattern.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """As `re.Pattern.match`."""
        if self.twin is not None and text.isascii():
            return self.twin.match(text.lower(), pos, endpos)
        return self.pattern.match(text, pos, endpos)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        """As `re.Pattern.fullmatch`."""
        if self.twin is not None and text.isascii():
            return self.twin.fullmatch(text.lower())
        return self.pattern.fullmatch(text)

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        """As `re.Pattern.finditer`."""
        if self.twin is not None and text.isascii():
            return self.twin.finditer(text.lower(), pos, endpos)
        return self.pattern.finditer(text, pos, endpos)


def matches_found_by(quick: AnyCase, full: AnyCase, text: str) -> Iterator[re.Match[str]]:
    """`full`'s matches in `text`, as its `finditer` would find them, found by `quick`.

    NOTE: for a long alternation whose longest-first order costs a scan of every term: a
    prefix tree (`quick`) finds where the next match starts, and `full` only reads the term
    there. The two must match at the same places.
    """
    hit = quick.search(text)
    while hit is not None:
        match = full.match(text, hit.start())
        if match is None:  # pragma: no cover - the two patterns match at one place
            return
        yield match
        hit = quick.search(text, match.end())


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def ascii_lower(text: str) -> str:
    """Text with its ASCII capitals in lower case: the same to a pattern that ignores case.

    (Other letters are left alone: some lower to two characters, or to one that matches
    differently.)
    """
    return text.translate(_ASCII_LOWER)


def any_case(pattern: re.Pattern[str]) -> AnyCase:
    """`pattern` with its twin for lowered ASCII text, when one finds exactly what it finds.

    A twin the compiled-pack cache brought was checked when it was made (the cache is kept
    per version of the code): the check, which parses the pattern, is not repeated.
    """
    if not pattern.flags & re.IGNORECASE:
        return AnyCase(pattern)
    source, flags = ("lowered", pattern.pattern), pattern.flags & ~re.IGNORECASE
    if not stored(source, flags) and not _folds_to_itself(pattern.pattern, pattern.flags):
        return AnyCase(pattern)
    return AnyCase(pattern, compile_regex(source, lambda: pattern.pattern, flags))


def _folds_to_itself(source: str, flags: int) -> bool:
    """Whether a case-insensitive pattern matches ASCII text as its twin matches it lowered.

    True when every character the pattern names, alone or in a set, is one whose match in
    ASCII text lowering cannot change: no capital letter, and nothing outside ASCII that
    matches an ASCII letter when case is ignored (the long s, the Kelvin sign ...); and no
    group changes the flags. Conservative: a pattern it cannot read has no twin.
    """
    if _parser is None:  # pragma: no cover - not CPython 3.11+
        return False
    try:
        parsed = _parser.parse(source, flags)
    except Exception:  # internals differ: no twin
        return False
    return _items_fold(list(parsed))


def _items_fold(items: list[tuple[Any, Any]]) -> bool:
    constants = _parser
    for op, av in items:
        if op in (constants.LITERAL, constants.NOT_LITERAL):
            folds = _char_folds(av)
        elif op is constants.IN:
            folds = all(_set_item_folds(kind, value) for kind, value in av)
        elif op is constants.BRANCH:
            folds = all(_items_fold(list(branch)) for branch in av[1])
        elif op is constants.SUBPATTERN:
            folds = not av[1] and not av[2] and _items_fold(list(av[3]))
        elif op in (constants.MAX_REPEAT, constants.MIN_REPEAT, constants.POSSESSIVE_REPEAT):
            folds = _items_fold(list(av[2]))
        elif op in (constants.ASSERT, constants.ASSERT_NOT):
            folds = _items_fold(list(av[1]))
        elif op is constants.ATOMIC_GROUP:
            folds = _items_fold(list(av))
        elif op is constants.GROUPREF_EXISTS:
            folds = _items_fold(list(av[1])) and (av[2] is None or _items_fold(list(av[2])))
        else:
            folds = op in (constants.AT, constants.ANY, constants.CATEGORY, constants.GROUPREF)
        if not folds:
            return False
    return True


def _set_item_folds(kind: Any, value: Any) -> bool:
    if kind is _parser.LITERAL:
        return _char_folds(value)
    if kind is _parser.RANGE:
        low, high = value
        return high - low < 1024 and all(map(_char_folds, range(low, high + 1)))
    return kind in (_parser.NEGATE, _parser.CATEGORY)


def _char_folds(code: int) -> bool:
    """Whether lowering ASCII text keeps its matches of this character, case ignored."""
    if code < 128:
        return not 65 <= code <= 90  # a capital would no longer match its own letter
    return not _matches_ascii(code)


@cache
def _matches_ascii(code: int) -> bool:
    """Whether a character beyond ASCII matches an ASCII one when case is ignored.

    Only a few do: the long s matches "s", the Kelvin sign "k", the dotted capital I "i".
    """
    alone = re.compile(re.escape(chr(code)), re.IGNORECASE)
    in_set = re.compile(f"[{re.escape(chr(code))}]", re.IGNORECASE)
    return any(alone.fullmatch(chr(c)) or in_set.fullmatch(chr(c)) for c in range(128))
