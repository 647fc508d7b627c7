"""Compiled regular expressions that outlive the process (for the compiled-pack cache).

The lexicons and the claim index compile a few hundred large alternations, which costs
more than the rest of start-up together: Python's regex compiler is written in Python.
What it produces, the matcher's code words, is plain data, so the compiled-pack cache
(`cache.py`) stores it and later processes hand it straight to the matcher.

Only CPython's own compiler output is stored, checked when recorded: a rebuilt pattern
must compare equal to the one `re.compile` made (equality covers the code words). On any
other Python, or if the internals differ, patterns are simply compiled as usual.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Hashable
from typing import Any

__all__ = [
    "RegexParts",
    "compile_regex",
    "compiled",
    "in_re",
    "install",
    "install_in_re",
    "parts_of",
    "rebuild",
    "recorded",
    "recorded_in_re",
    "stored",
]

try:  # CPython internals, present from 3.11 on; anything else compiles normally
    import _sre  # type: ignore[import-not-found]
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other interpreters and Python 3.10
    _sre = None

# (source, flags) -> what `rebuild` needs; filled from a cache file.
RegexParts = tuple[str, int, bytes, int, dict[str, int], tuple[str | None, ...]]
_known: dict[tuple[Hashable, int], RegexParts] = {}
# Patterns compiled in this process through `compile_regex`, for the next cache file.
_compiled: dict[tuple[Hashable, int], re.Pattern[str]] = {}


def compile_regex(source: Hashable, build: Callable[[], str], flags: int = 0) -> re.Pattern[str]:
    """`re.compile(build(), flags)`, from stored code words when a cache file brought them.

    `source` is what the pattern is built from (a cue list, say), so that a stored pattern
    costs neither building its text nor compiling it.
    """
    key = (source, flags)
    parts = _known.get(key)
    compiled = _rebuilt(parts) if parts is not None else None
    if compiled is None:
        compiled = re.compile(build(), flags)
    _compiled[key] = compiled
    return compiled


def stored(source: Hashable, flags: int = 0) -> bool:
    """Whether a cache file brought this pattern (`compile_regex` will not compile it)."""
    return (source, flags) in _known


def parts_of(compiled: re.Pattern[str]) -> RegexParts | None:
    """What `rebuild` needs to make this pattern again; None if that cannot be done safely."""
    if _sre is None or not isinstance(compiled.pattern, str):
        return None
    try:
        parsed = _parser.parse(compiled.pattern, compiled.flags)
        code = _compiler._code(parsed, compiled.flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, number in groupindex.items():
            indexgroup[number] = name
        parts: RegexParts = (
            compiled.pattern,
            compiled.flags | parsed.state.flags,
            array("I", code).tobytes(),
            parsed.state.groups - 1,
            groupindex,
            tuple(indexgroup),
        )
    except Exception:  # internals differ: no cached form, compile as usual
        return None
    return parts if _rebuilt(parts) == compiled else None


def rebuild(parts: RegexParts) -> re.Pattern[str]:
    """The pattern from its stored parts (unpickling calls this); compiled afresh if refused."""
    return _rebuilt(parts) or re.compile(parts[0], parts[1])


def _rebuilt(parts: RegexParts) -> re.Pattern[str] | None:
    if _sre is None:  # pragma: no cover - not CPython 3.11+
        return None
    pattern, flags, code, groups, groupindex, indexgroup = parts
    try:
        rebuilt: re.Pattern[str] = _sre.compile(
            pattern, flags, array("I", code).tolist(), groups, groupindex, indexgroup
        )
    except Exception:  # the matcher validates the code; refused, compile
        return None
    return rebuilt


def compiled() -> list[re.Pattern[str]]:
    """The patterns compiled through `compile_regex` so far (the engine file stores them)."""
    return list(_compiled.values())


def recorded() -> dict[tuple[Hashable, int], RegexParts]:
    """The parts of every pattern compiled through `compile_regex` so far."""
    known = dict(_known)
    for key, compiled in _compiled.items():
        if key not in known and (parts := parts_of(compiled)) is not None:
            known[key] = parts
    return known


def install(parts: Any) -> None:
    """Make stored patterns available to `compile_regex` (from a cache file)."""
    if isinstance(parts, dict):
        _known.update(parts)


# --- patterns compiled with `re.compile` at import ---------------------------------------
#
# The modules compile over a hundred patterns as they are imported, a sixth of a short run.
# `re` looks every pattern up in its own cache, keyed (type, pattern, flags), before it
# compiles; handing it the stored patterns before the modules are imported saves the work.
# NOTE: `re._cache` is CPython's (3.7 to 3.13 at least); where it is missing or keyed
# otherwise, nothing is stored or installed and patterns compile as usual.


_PROBE = "claimcheck-probe-(?:[a-z])"


def _re_cache() -> dict[Any, Any] | None:
    cache = getattr(re, "_cache", None)
    if _sre is None or not isinstance(cache, dict):
        return None
    re.compile(_PROBE)
    return cache if (str, _PROBE, 0) in cache else None


def in_re() -> dict[Any, Any]:
    """A copy of `re`'s cache: what was compiled so far (cheap; see `recorded_in_re`)."""
    cache = _re_cache()
    return {} if cache is None else dict(cache)


def recorded_in_re(snapshot: dict[Any, Any] | None = None) -> dict[tuple[str, int], RegexParts]:
    """The parts of every text pattern in `re`'s cache, or in a copy `in_re` took earlier.

    (`re` keeps only the last 512 patterns; a copy taken before a burst of compiling keeps
    the ones that burst would push out.)
    """
    cache = _re_cache() if snapshot is None else snapshot
    if cache is None:
        return {}
    found: dict[tuple[str, int], RegexParts] = {}
    for key, compiled in list(cache.items()):
        if _text_key(key) and (parts := parts_of(compiled)) is not None:
            found[(key[1], key[2])] = parts
    return found


def _text_key(key: Any) -> bool:
    """A key of `re`'s cache for a text pattern (not bytes, not our probe)."""
    return (
        isinstance(key, tuple)
        and len(key) == 3
        and key[0] is str
        and key[1] != _PROBE
        and isinstance(key[2], int)
    )


def install_in_re(stored: Any) -> None:
    """Put stored patterns in `re`'s cache, so `re.compile` finds them compiled."""
    cache = _re_cache()
    if cache is None or not isinstance(stored, dict):
        return
    for (pattern, flags), parts in stored.items():
        if (str, pattern, flags) not in cache and (compiled := _rebuilt(parts)) is not None:
            cache[str, pattern, flags] = compiled
