"""Files claimcheck writes for the user: whole or not at all, and never through a trap.

Every file claimcheck writes (`--output`, `--write-baseline`) goes through `write_file`:
a temporary file with an unpredictable name is created beside the target (`O_EXCL`, and
`O_NOFOLLOW` where the system has it, so a planted link cannot redirect it), written,
flushed to disk, and only then moved into place. The target must be missing or a regular
file: a symbolic link, a named pipe, a device or a directory is refused, so a report can
never be written through a link or into `/dev/full`. A file the user listed as an input is
refused too. The temporary file is removed on any failure, Ctrl-C and SIGTERM included.

`append_to_file` is the one exception: `$GITHUB_STEP_SUMMARY` is appended to (other steps
write there too), with the same refusal of links, pipes and devices.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType

from claimcheck.errors import InputError

__all__ = [
    "TEMPORARY_SUFFIX",
    "append_to_file",
    "check_target",
    "file_kind",
    "read_bounded",
    "write_file",
]

TEMPORARY_SUFFIX = ".claimcheck-tmp"
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW | _BINARY
# NOTE: O_NONBLOCK makes opening a pipe or device that replaced the file fail or return at
# once instead of hanging; it changes nothing for a regular file.
_APPEND_FLAGS = (
    os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NO_FOLLOW | getattr(os, "O_NONBLOCK", 0) | _BINARY
)
_WRITE_SIZE = 1 << 20  # pieces of a streamed report are gathered into writes this large
_NEW_FILE_MODE = 0o666  # narrowed by the umask, as for any file the user creates
_EXIT_ON_SIGNAL = 128  # shells report death by signal N as exit status 128 + N

_KINDS = (
    (stat.S_ISLNK, "symbolic link"),
    (stat.S_ISDIR, "directory"),
    (stat.S_ISFIFO, "named pipe (FIFO)"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISSOCK, "socket"),
)


def file_kind(mode: int) -> str:
    """What a `stat` mode describes, in words: "regular file", "symbolic link", ..."""
    if stat.S_ISREG(mode):
        return "regular file"
    return next((name for test, name in _KINDS if test(mode)), "special file")


def read_bounded(descriptor: int, limit: int) -> bytes:
    """An open file's bytes, stopping once more than `limit` have been read.

    The caller refuses a result longer than `limit`. A single read of `limit + 1` bytes
    would allocate that much first (50 µs for a megabyte, for a pack file of a few KB), so
    the first read asks for the size `fstat` gives, and later ones for 64 KiB: a file that
    grows meanwhile still ends the reading soon after the limit.
    """
    request = min(os.fstat(descriptor).st_size, limit) + 1
    parts: list[bytes] = []
    total = 0
    while total <= limit:
        part = os.read(descriptor, max(request - total, 1 << 16))
        if not part:
            break
        parts.append(part)
        total += len(part)
    return b"".join(parts)


def check_target(path: Path, *, overwrite: bool, inputs: Iterable[str] = ()) -> None:
    """Raise `InputError` (one line) unless `path` may receive a new file.

    It may when its directory exists, it is not one of `inputs` (compared by real path),
    and it is missing, or is a regular file and `overwrite` is set.
    """
    target = os.path.realpath(path)
    if any(os.path.realpath(name) == target for name in inputs):
        raise InputError("refusing to overwrite an input file", str(path))
    if not path.parent.is_dir():
        raise InputError("cannot write file: its directory does not exist", str(path))
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise InputError(f"cannot write file: {error.strerror}", str(path)) from None
    if not stat.S_ISREG(mode):
        raise _not_regular_error(path, mode)
    if not overwrite:
        raise _exists_error(path)


def write_file(
    path: Path, text: str | Iterable[str], *, overwrite: bool, inputs: Iterable[str] = ()
) -> None:
    """Write `text` (UTF-8; a string or its pieces) to `path` atomically.

    `InputError` if refused or failed. The rules are `check_target`'s. Readers see the old
    file or the whole new one, never a part; after a failure or a signal the target is
    untouched and no temporary is left.
    """
    check_target(path, overwrite=overwrite, inputs=inputs)
    pieces = (text,) if isinstance(text, str) else text
    try:
        with _signals_raise_exit():
            _write_via_temporary(path, (p.encode("utf-8") for p in pieces), overwrite=overwrite)
    except OSError as error:
        raise InputError(f"cannot write file: {error.strerror or error}", str(path)) from None
    _sync_directory(path.parent)


def append_to_file(path: Path, text: str) -> None:
    """Append `text` (UTF-8) to a regular file, creating it if missing; `InputError` if not."""
    check_target(path, overwrite=True)
    try:
        descriptor = os.open(path, _APPEND_FLAGS, _NEW_FILE_MODE)
    except OSError as error:
        raise InputError(f"cannot write file: {_reason(error)}", str(path)) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):  # replaced after the check above
            raise _not_regular_error(path, mode)
        _write_all(descriptor, text.encode("utf-8"))
    except OSError as error:
        raise InputError(f"cannot write file: {_reason(error)}", str(path)) from None
    finally:
        os.close(descriptor)


def _write_via_temporary(path: Path, pieces: Iterable[bytes], *, overwrite: bool) -> None:
    descriptor, temporary = _create_temporary(path)
    try:
        try:
            _write_pieces(descriptor, pieces)
            os.fsync(descriptor)  # the data is on disk before the name points at it
        finally:
            os.close(descriptor)
        if overwrite:
            temporary.replace(path)
        else:
            _move_to_new_name(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _create_temporary(path: Path) -> tuple[int, Path]:
    """A new, empty file beside `path` that no one could have predicted or planted."""
    import secrets  # NOTE: here: most runs write nothing

    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}{TEMPORARY_SUFFIX}")
    return os.open(temporary, _CREATE_FLAGS, _NEW_FILE_MODE), temporary


def _move_to_new_name(temporary: Path, path: Path) -> None:
    """Give the temporary file the name `path`, failing if anything has taken it meanwhile.

    A hard link cannot replace an existing name, so a file that appeared since
    `check_target` is never overwritten. Filesystems without hard links fall back to
    checking just before the rename.
    """
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise _exists_error(path) from None
    except OSError:
        if path.is_symlink() or path.exists():
            raise _exists_error(path) from None
        temporary.replace(path)
        return
    temporary.unlink()


def _write_pieces(descriptor: int, pieces: Iterable[bytes]) -> None:
    """Write the pieces in the order given, gathered into large writes."""
    gathered = bytearray()
    for data in pieces:
        gathered += data
        if len(gathered) >= _WRITE_SIZE:
            _write_all(descriptor, bytes(gathered))
            gathered.clear()
    _write_all(descriptor, bytes(gathered))


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _sync_directory(directory: Path) -> None:
    """Best effort: make the rename itself durable (not possible on every system)."""
    with suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


@contextmanager
def _signals_raise_exit() -> Iterator[None]:
    """While a temporary file exists, SIGINT and SIGTERM exit through Python's cleanup.

    By default SIGTERM kills the process at once, leaving the temporary file behind;
    raising `SystemExit` instead runs the `except` that removes it. Handlers can only be
    set from the main thread; elsewhere the defaults stay.
    """
    import signal  # NOTE: here, with threading: only writing a file needs them
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signals = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.getsignal(number) for number in signals}
    for number in signals:
        signal.signal(number, _exit_on_signal)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)


def _exit_on_signal(number: int, _frame: FrameType | None) -> None:
    raise SystemExit(_EXIT_ON_SIGNAL + number)


def _not_regular_error(path: Path, mode: int) -> InputError:
    return InputError(f"is a {file_kind(mode)}, not a regular file; not written", str(path))


def _exists_error(path: Path) -> InputError:
    return InputError("file exists; pass --force to overwrite it", str(path))


def _reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:  # O_NOFOLLOW met a symbolic link
        return "it is a symbolic link"
    return error.strerror or str(error)
