"""Files on disk as a user meets them: reports written safely, directory walks that end.

Reports (`--output`, `--write-baseline`, the GitHub step summary) never go through a
link, into a pipe or device, over an audited file, or half-written; inputs that are
pipes or devices are refused unopened; walks survive link loops and unreadable
directories; long exclude lists stay fast.
"""

from __future__ import annotations

import errno
import fnmatch
import glob
import json
import os
import secrets
import signal
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from claimcheck.discover import discover_inputs
from claimcheck.files import file_kind, read_bounded
from tests.conftest import Run, one_line_error, write

ERROR_TEXT = "L-serine helps sleep.\n"  # preliminary evidence stated as fact: an error
DEFAULT_LOOKED_FOR = "(looked for *.txt, *.md, *.markdown, *.html, *.htm)"


def lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


def audited(out: str) -> list[str]:
    return [f["path"] for f in json.loads(out)["files"]]


def make_fifo(path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes need a POSIX system")
    os.mkfifo(path)


def make_full_device(path: Path) -> None:
    """A character device like /dev/full (writes fail with ENOSPC), inside the test dir."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except (AttributeError, OSError) as error:
        pytest.skip(f"cannot create a device node here (needs root and CAP_MKNOD): {error}")


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Turn a hang (a walk that never ends, a pipe opened for reading) into a failure."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def stuck(_number: int, _frame: object) -> None:
        raise TimeoutError("claimcheck did not finish within 60 s")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(60)  # generous: each of these runs takes well under a second
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def limit_listings(monkeypatch: pytest.MonkeyPatch, limit: int) -> list[str]:
    """Fail fast when more than `limit` directories under the test dir are listed."""
    real_scandir = os.scandir
    root = Path.cwd().resolve()
    listed: list[str] = []

    def scandir(path: str = ".") -> Iterator[os.DirEntry[str]]:
        if Path(path).resolve().is_relative_to(root):
            listed.append(str(path))
            if len(listed) > limit:
                raise RuntimeError(f"more than {limit} directory listings: the walk loops")
        return real_scandir(path)  # type: ignore[return-value]

    monkeypatch.setattr(os, "scandir", scandir)
    return listed


# --- writing reports ----------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_a_report_is_never_written_through_a_symlink(run: Run, option: str) -> None:
    source = write("copy.txt", ERROR_TEXT)
    write("mine.txt", "mine\n")
    Path("report.json").symlink_to("mine.txt")
    code, out, err = run("audit", source, option, "report.json", "--force")
    assert (code, out) == (2, "")
    one_line_error(err)
    assert "report.json: is a symbolic link, not a regular file; not written" in err
    assert Path("report.json").is_symlink()
    assert Path("mine.txt").read_text() == "mine\n"


@pytest.mark.parametrize(
    ("make", "kind"),
    [(make_fifo, "named pipe (FIFO)"), (make_full_device, "character device")],
    ids=["fifo", "device"],
)
@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_a_report_never_replaces_a_pipe_or_device(
    run: Run, make: Callable[[Path], None], kind: str, option: str
) -> None:
    source = write("copy.txt", ERROR_TEXT)
    make(Path("target"))
    code, out, err = run("audit", source, option, "target", "--force")
    assert (code, out) == (2, "")
    one_line_error(err)
    assert f"target: is a {kind}, not a regular file; not written" in err
    assert file_kind(Path("target").lstat().st_mode) == kind


def test_a_link_planted_at_the_temporary_name_is_not_followed(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write("copy.txt", ERROR_TEXT)
    write("victim.txt", "mine\n")
    Path(".report.json.claimcheck-tmp").symlink_to("victim.txt")  # the fixed name once used
    assert run("audit", source, "-o", "report.json", "-f", "json")[0] == 1
    assert json.loads(Path("report.json").read_text())["summary"]["findings"] == 1
    # Even a link at the exact temporary name (here made guessable) is not written through.
    monkeypatch.setattr(secrets, "token_hex", lambda _size: "guessed")
    Path(".again.json.guessed.claimcheck-tmp").symlink_to("victim.txt")
    code, _, err = run("audit", source, "-o", "again.json")
    assert code == 2
    one_line_error(err)
    assert "again.json: cannot write file" in err
    assert Path("victim.txt").read_text() == "mine\n"
    assert not Path("again.json").exists()


@pytest.mark.parametrize("argument", ["d/*.txt", "d", "./d/../d", "d/**/*.txt"])
@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_an_audited_file_is_never_overwritten_by_the_report(
    run: Run, argument: str, option: str
) -> None:
    write("d/r.txt", ERROR_TEXT)
    code, out, err = run("audit", argument, option, "./d/r.txt", "--force")
    assert (code, out) == (2, "")  # refused before auditing anything
    one_line_error(err)
    assert "d/r.txt: refusing to overwrite an input file" in err
    assert Path("d/r.txt").read_text() == ERROR_TEXT


def test_the_baseline_read_is_never_overwritten_by_the_report(run: Run) -> None:
    source = write("copy.txt", ERROR_TEXT)
    assert run("audit", source, "--write-baseline", "known.json")[0] == 0
    recorded = Path("known.json").read_text()
    code, _, err = run("audit", source, "--baseline", "known.json", "-o", "known.json", "--force")
    assert code == 2
    one_line_error(err)
    assert Path("known.json").read_text() == recorded


@pytest.mark.parametrize(
    ("signal_number", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["int", "term"]
)
def test_a_signal_while_writing_leaves_the_old_report_and_no_temporary_file(
    run: Run, monkeypatch: pytest.MonkeyPatch, signal_number: int, code: int
) -> None:
    source = write("copy.txt", ERROR_TEXT)
    write("report.txt", "old report\n")

    def signalled_fsync(_descriptor: int) -> None:
        os.kill(os.getpid(), signal_number)

    monkeypatch.setattr(os, "fsync", signalled_fsync)
    assert run("audit", source, "-o", "report.txt", "--force")[0] == code
    assert Path("report.txt").read_text() == "old report\n"
    assert sorted(p.name for p in Path().iterdir()) == ["copy.txt", "report.txt"]


def test_a_failed_write_is_one_line_and_keeps_the_old_report(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write("copy.txt", ERROR_TEXT)
    write("report.txt", "old report\n")

    def disk_full(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    code, _, err = run("audit", source, "-o", "report.txt", "--force")
    assert code == 2
    one_line_error(err)
    assert f"report.txt: cannot write file: {os.strerror(errno.ENOSPC)}" in err
    assert Path("report.txt").read_text() == "old report\n"
    assert sorted(p.name for p in Path().iterdir()) == ["copy.txt", "report.txt"]


def test_the_step_summary_is_not_appended_through_a_symlink(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write("copy.txt", ERROR_TEXT)
    write("mine.md", "mine\n")
    Path("summary.md").symlink_to("mine.md")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(Path("summary.md").absolute()))
    code, _, err = run("audit", source, "-f", "github")
    assert code == 1  # the summary is a convenience: the exit code still reports the findings
    assert "warning: cannot write the job summary" in err
    assert "is a symbolic link, not a regular file; not written" in err
    assert Path("mine.md").read_text() == "mine\n"


# --- finding inputs -----------------------------------------------------------------------


@pytest.mark.parametrize("argument", ["d", "d/**/*.txt"])
def test_directory_loops_end_with_one_warning_each(
    run: Run, monkeypatch: pytest.MonkeyPatch, argument: str
) -> None:
    write("d/a.txt", ERROR_TEXT)
    write("d/sub/b.txt", ERROR_TEXT)
    for link, target in (("d/x", "."), ("d/y", "."), ("d/sub/up", "..")):
        Path(link).symlink_to(target)
    limit_listings(monkeypatch, limit=50)
    code, out, err = run("audit", argument, "-f", "json")
    assert code == 1  # the findings; a loop is only a warning
    assert audited(out) == ["d/a.txt", "d/sub/b.txt"]
    assert lines(err) == [
        f"claimcheck: {link}: warning: directory loop (leads back to d)"
        for link in ("d/sub/up", "d/x", "d/y")
    ]


def test_an_unreadable_subdirectory_is_one_error_and_the_rest_is_audited(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("d/a.txt", ERROR_TEXT)
    write("d/private/b.txt", ERROR_TEXT)
    real_scandir = os.scandir

    def scandir(path: str = ".") -> Iterator[os.DirEntry[str]]:
        # NOTE: simulated, since chmod 000 does not stop root (CI containers)
        if Path(path).name == "private":
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_scandir(path)  # type: ignore[return-value]

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, err = run("audit", "d", "-f", "json")
    assert code == 2  # an unreadable input wins over findings
    assert audited(out) == ["d/a.txt"]
    assert json.loads(out)["summary"]["findings"] == 1
    one_line_error(err)
    assert "claimcheck: d/private: permission denied; the rest was audited" in err


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0,
    reason="root reads a chmod 000 directory anyway; the simulated test above covers it",
)
def test_a_chmod_000_subdirectory_is_one_error(run: Run) -> None:
    write("d/a.txt", ERROR_TEXT)
    write("d/private/b.txt", ERROR_TEXT)
    Path("d/private").chmod(0)
    try:
        code, out, err = run("audit", "d", "-f", "json")
    finally:
        Path("d/private").chmod(0o755)
    assert code == 2
    assert audited(out) == ["d/a.txt"]
    one_line_error(err)


@pytest.mark.usefixtures("no_hang")
def test_a_pipe_or_device_named_as_input_is_refused_unopened(run: Run) -> None:
    make_fifo(Path("pipe.txt"))
    good = write("good.txt", ERROR_TEXT)
    code, out, err = run("audit", "pipe.txt", os.devnull, good, "-f", "json")
    assert code == 2
    assert audited(out) == [good]
    assert lines(err) == [
        "claimcheck: pipe.txt: is a named pipe (FIFO), not a regular file; not opened "
        "(to audit piped text, use -)",
        f"claimcheck: {os.devnull}: is a character device, not a regular file; not opened",
    ]


@pytest.mark.parametrize("contents", [{}, {"notes.rst": "L-serine helps sleep."}])
def test_a_directory_with_nothing_to_audit_fails_like_a_glob_matching_nothing(
    run: Run, contents: dict[str, str]
) -> None:
    Path("d").mkdir()
    for name, text in contents.items():
        write(f"d/{name}", text)
    glob_code, _, glob_err = run("audit", "d/*.md")
    code, _, err = run("audit", "d")
    assert code == glob_code == 2
    assert lines(glob_err) == ["claimcheck: d/*.md: no files match this pattern"]
    assert lines(err) == [f"claimcheck: d: no files to audit here {DEFAULT_LOOKED_FOR}"]


def test_forty_thousand_exclude_patterns_compile_only_those_a_path_could_match(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("a.md", "drafts7/b.md", "drafts12345/c.md", "site/x.min.html", "site/y/d.md"):
        write(name, ERROR_TEXT)
    exclude = [f"drafts{number}/*" for number in range(40_000)] + ["*.min.html", "site/z.md"]
    real_translate = fnmatch.translate
    compiled: list[str] = []

    def counting_translate(pattern: str) -> str:
        compiled.append(pattern)
        return real_translate(pattern)

    monkeypatch.setattr(fnmatch, "translate", counting_translate)
    found = discover_inputs(["."], exclude=exclude)
    assert found.files == ("a.md", "site/y/d.md")
    # Before: all 40,002 patterns were compiled again for every path part checked.
    assert len(compiled) < 20


def test_recursive_globs_find_what_glob_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(str(tmp_path / "outside/g.md"), ERROR_TEXT)
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    for name in (
        "top.md", "site/a.md", "site/.hidden.md", "site/deep/b.md", "site/deep/deeper/c.md",
        "site/[x]/e.md", ".cache/f.md", "site/notes.txt",
    ):  # fmt: skip
        write(name, ERROR_TEXT)
    Path("site/elsewhere").symlink_to(tmp_path / "outside")  # followed, as glob does
    for pattern in (
        "**/*.md", "site/**/*.md", "site/**", "**", "s*/**/deeper/*.md", "site/**/**/*.md",
        "./site/**/*.txt", f"{glob.escape(str(tmp_path))}/work/site/**/*.md",
    ):  # fmt: skip
        matches = glob.glob(pattern, recursive=True)  # noqa: PTH207 - the reference
        expected = {str(Path(p)) for p in matches if Path(p).is_file()}
        found = discover_inputs([pattern])
        assert set(found.files) == expected, pattern
        assert len(found.files) == len(expected), pattern


@pytest.mark.parametrize("size", [0, 1, 99, 100, 101, 70_000, 300_000])
def test_read_bounded_reads_a_file_whole_or_just_past_the_limit(tmp_path: Path, size: int) -> None:
    path = tmp_path / "data"
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    path.write_bytes(data)
    limit = 100 if size <= 101 else 200_000
    descriptor = os.open(path, os.O_RDONLY)
    try:
        read = read_bounded(descriptor, limit)
    finally:
        os.close(descriptor)
    if size <= limit:
        assert read == data
    else:  # the caller refuses it; it must not have read the whole of a large file
        assert limit < len(read) <= min(size, limit + 1 + (1 << 16))
        assert data.startswith(read)
