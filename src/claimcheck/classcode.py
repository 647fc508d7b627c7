"""Dataclass methods compiled once and kept (for the console script's start-up).

`@dataclass` writes each class's methods (`__init__`, `__eq__`, `__hash__`, `__repr__`,
the frozen `__setattr__` ...) as source text and compiles it. For claimcheck's ~75 records
that is about 0.045 s of CPU, a quarter of a one-sentence `check`, every run, for text that
only changes when the code does.

So the console script gives `dataclasses` its own `exec` (a module global shadows the
builtin), which looks the text up among code objects that an earlier run compiled, and
compiles only text it has not seen, exactly as `exec` would (`compile(text, "<string>",
"exec")`). The same text always compiles to the same code, so the classes are the same.
`cache.py` stores what was compiled next to the start-up patterns, keyed by claimcheck's
code and the Python version (marshal's format is the interpreter's own).

Nothing here is installed by `import claimcheck`: only the console script calls `record`,
so the Python API leaves the standard library as it is.
"""

from __future__ import annotations

import builtins
import dataclasses
import marshal
from types import CodeType
from typing import Any

__all__ = ["fresh", "install", "record", "recorded"]

# text -> its code, marshalled: decoded only when a class asks (a stored file also holds
# the texts only a cache-miss run needs, pydantic's and the pack loader's)
_known: dict[str, bytes] = {}
_fresh: dict[str, CodeType] = {}  # what this process had to compile: the next file adds it


def _exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:
    """`exec`, with the text of a dataclass method compiled at most once."""
    if globals is None:  # not how dataclasses calls it: run it as its own `exec` would
        globals = vars(dataclasses)
    if isinstance(source, str):
        stored = _known.get(source)
        code = _decoded(stored) if stored is not None else None
        if code is None:
            code = _fresh[source] = compile(source, "<string>", "exec", dont_inherit=True)
        source = code
    builtins.exec(source, globals, locals)


def _decoded(stored: bytes) -> CodeType | None:
    try:
        code = marshal.loads(stored)
    except (EOFError, ValueError, TypeError):
        return None
    return code if isinstance(code, CodeType) else None


def record() -> None:
    """From now on, dataclasses compile their methods through `_exec` (the console script)."""
    dataclasses.exec = _exec  # type: ignore[attr-defined]


def install(stored: Any) -> bool:
    """Take code a previous run compiled (`recorded`'s bytes); False if they are not that."""
    try:
        codes = marshal.loads(stored) if isinstance(stored, bytes) else None
    except (EOFError, ValueError, TypeError):
        return False
    if not (isinstance(codes, dict) and codes):
        return False
    if not all(isinstance(k, str) and isinstance(v, bytes) for k, v in codes.items()):
        return False
    _known.update(codes)
    return True


def fresh() -> bool:
    """Whether this process compiled a text that was not stored (or not usable)."""
    return bool(_fresh)


def recorded() -> bytes:
    """The stored code and what this process compiled, for `install` in the next."""
    codes = {**_known, **{text: marshal.dumps(code) for text, code in _fresh.items()}}
    return marshal.dumps(codes) if codes else b""
