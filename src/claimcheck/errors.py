"""Errors claimcheck reports to the user as one line, never as a traceback.

`cli.py` catches `ClaimcheckError` once, prints `str(error)` on stderr and exits 2.
"""

from __future__ import annotations

__all__ = ["ClaimcheckError", "ConfigError", "InputError", "PackError"]


class ClaimcheckError(Exception):
    """Base error: a one-line message and, where known, the `path:line` it concerns."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        # NOTE: pack problems about a whole directory carry line 0; `path:0` would point
        # an editor at a line that does not exist.
        has_line = self.line is not None and self.line >= 1
        where = f"{self.path}:{self.line}" if has_line else self.path
        return f"{where}: {self.message}"


class InputError(ClaimcheckError):
    """A document could not be read: missing, binary, empty, too large."""


class PackError(ClaimcheckError):
    """A knowledge pack is broken or a pack id is unknown."""


class ConfigError(ClaimcheckError):
    """The configuration file or a command-line option is invalid."""
