"""Where output goes: a rich console at a terminal, plain writes to a pipe or a file.

Importing rich costs about 0.09 s, and what a rich console writes to a pipe or a file is
the text alone: no styles, and no wrapping when it soft-wraps. So `write_plain` and `say`
write such output plainly, byte for byte as the console would (with its flush, its hint
on an encoding error and its exit on a broken pipe); whatever rich would change (an emoji
code, a tab) still goes through rich.
"""

from __future__ import annotations

import os
import re
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["RICH_DROPS", "is_plain", "say", "stderr_console", "stdout_console", "write_plain"]

# The control codes rich drops from any text it is given (`rich.control.STRIP_CONTROL_CODES`:
# bell, backspace, vertical tab, form feed, carriage return).
RICH_DROPS = dict.fromkeys((7, 8, 11, 12, 13))
# Anything rich could read as an emoji code (":pill:") in a printed string.
_EMOJI_CODE = re.compile(r":\S*?:")
_ENCODING_HINT = "\n*** You may need to add PYTHONIOENCODING=utf-8 to your environment ***"


def stdout_console() -> Console:
    """Console for results; plain text, 120 columns wide, when stdout is not a terminal."""
    from rich.console import Console  # NOTE: imported only when used: machine formats need none

    width = None if sys.stdout.isatty() else 120
    return Console(highlight=False, soft_wrap=False, width=width)


def stderr_console() -> Console:
    """Console for diagnostics; never mixed with a machine payload on stdout."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def is_plain(stream: TextIO) -> bool:
    """Whether a rich console would write to `stream` as to a file: no styles, no codes."""
    # NOTE: rich takes even a pipe for a terminal when TTY_COMPATIBLE=1 or FORCE_COLOR is
    # set (`Console.is_terminal`); such runs are left to rich.
    if os.environ.get("TTY_COMPATIBLE") == "1" or os.environ.get("FORCE_COLOR"):
        return False
    return not stream.isatty()


def write_plain(stream: TextIO, text: str) -> None:
    """Write and flush `text` as a rich console writes its output to a file."""
    try:
        try:
            stream.write(text)
        except UnicodeEncodeError as error:
            error.reason += _ENCODING_HINT  # rich's hint, so the error line is the same
            raise
        stream.flush()
    except BrokenPipeError:
        # As rich's `Console.on_broken_pipe`: nothing more reaches the pipe; exit 1.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(1) from None


def say(line: str) -> None:
    """Print one line on stderr, as `stderr_console().print(line, markup=False)` does."""
    if is_plain(sys.stderr) and "\t" not in line and not _EMOJI_CODE.search(line):
        write_plain(sys.stderr, f"{line}\n".translate(RICH_DROPS))
    else:
        stderr_console().print(line, markup=False)
