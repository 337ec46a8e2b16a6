"""Writing results: atomically, and never over anything but a result of our own, and that only asked.

A file is replaced only if it is a regular file and ``--force`` is given: never a directory, a
symbolic link or a device (as root, ``-o /dev/null --force`` must not replace ``/dev/null``). A
folder is replaced only if everything in it is provably what the same command writes.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from .errors import OutputError, Wording
from .files import kind, why_not


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _existing(path: str | Path, what: str, argument: str) -> tuple[Path, os.stat_result | None]:
    """The path and its own status (None if nothing is there); an empty name or a link is refused.
    ``argument``: the caller's argument that gave the path, named in the refusal (``out``; ``--out``
    from the command line)."""
    if str(path) == "":
        raise OutputError(Wording(f"{{{argument}}}: give a {what} name", argument))
    target = Path(path)
    if "\x00" in str(path):
        raise OutputError(f"{str(path)!r}: the name contains a NUL byte")
    try:
        st = os.lstat(target)  # the path itself: a link is not followed
    except FileNotFoundError:
        return target, None
    except OSError as exc:
        why = why_not(exc) if exc.errno == errno.ENAMETOOLONG else f"cannot write here: {exc.strerror}"
        raise OutputError(f"{target}: {why}") from None
    if stat.S_ISLNK(st.st_mode):
        raise OutputError(f"{target}: is a symbolic link; name the {what} itself")
    return target, st


def check_file(path: str | Path, force: bool) -> Path:
    """Refuse, before any work is done, a file that cannot or may not be written."""
    target, st = _existing(path, "file", "path")  # as every function that writes a file names it
    if st is None:
        return target
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{target}: is a directory; give a file")
    if (other := kind(st.st_mode)) is not None:
        raise OutputError(f"{target}: is {other}, not a regular file; only a regular file is replaced")
    if not force:
        raise OutputError(Wording(f"{target}: exists; use {{force}} to replace it", "force"))
    return target


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A file to write that appears at ``path``, whole, only when the block ends without error.
    A missing folder on the way is made (``-o out/fig.png``), as ``--out`` makes its own."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        while True:  # a fresh name, as mkstemp makes, but known before the file is made: a Ctrl-C the
            # moment it is made (before mkstemp would have returned its name) still removes it
            tmp = path.parent / f".congress-sim-{secrets.token_hex(8)}.tmp"
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
                break
            except FileExistsError:  # another's (64 random bits: in theory): not ours to remove
                tmp = None
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~umask())  # private while it is written; results are for sharing
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
    finally:
        if tmp is not None:  # an error or an interruption: nothing is left behind
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def atomic_write(path: Path, data: bytes) -> None:
    """Write a file whole or not at all: a temporary file beside it, then one rename."""
    with atomic_file(path) as fh:
        fh.write(data)


def existing_dir(directory: str | Path, argument: str = "directory") -> bool:
    """Whether an output folder is there and holds anything; refuses a name that is not a folder's."""
    target, st = _existing(directory, "folder", argument)
    if st is None:
        return False
    if not stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{target}: exists and is not a directory")
    return any(target.iterdir())


def check_dir(directory: str | Path, force: bool, ours: Callable[[Path], str | None], argument: str = "directory") -> bool:
    """Whether ``directory`` holds anything; refuses one that may not be replaced.

    ``ours(path)`` says why a folder is not one the command wrote (None when it is): only such
    a folder is replaced, and only with ``force``.
    """
    if not existing_dir(directory, argument):
        return False
    if not force:
        raise OutputError(Wording(f"{directory}: directory is not empty; use {{force}} to replace it", "force"))
    why = ours(Path(directory))
    if why is not None:
        raise OutputError(f"{directory}: {why}; not replacing it")
    return True


def only_files(folder: Path, names: set[str]) -> str | None:
    """None if ``folder`` holds regular files with these names and nothing else; else what it holds."""
    for entry in folder.iterdir():
        st = entry.lstat()
        if entry.name not in names or not stat.S_ISREG(st.st_mode):
            return f"holds {entry.name!r}, which congress-sim did not write"
    return None


def remove_files(folder: Path, names: set[str]) -> None:
    """Remove these files of ours, then the folder if that left it empty: never anything else."""
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
    with contextlib.suppress(OSError):  # something appeared meanwhile: it stays, and so does the folder
        folder.rmdir()


def write_dir(directory: str | Path, contents: dict[str, str], force: bool = False,
              ours: Callable[[Path], str | None] | None = None) -> list[Path]:
    """Write text files into a fresh folder, then swap it into place as one step.

    A folder already there is replaced only with ``force``, and only if ``ours`` (by default:
    the same file names, nothing else) says the command wrote it.
    """
    target = Path(directory)
    names = set(contents)
    replacing = check_dir(directory, force, ours or (lambda folder: only_files(folder, names)))
    here = Path.cwd().resolve()
    if replacing and (here == target.resolve() or target.resolve() in here.parents):
        raise OutputError(Wording(f"{target}: is the folder you are in, or holds it; give another {{directory}}",
                                  "directory"))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".congress-sim-", dir=target.parent))
        os.chmod(tmp, 0o777 & ~umask())  # mkdtemp makes it private; results are for sharing
    except OSError as exc:
        raise OutputError(f"{target}: cannot write here: {exc.strerror}") from None
    try:
        for name, text in contents.items():
            (tmp / name).write_text(text, encoding="utf-8")
        if replacing:
            # the old folder goes to a fresh name of our own (renaming over the empty folder
            # mkdtemp made), so that no folder of the user's with a likely name is ever in the way
            old = Path(tempfile.mkdtemp(prefix=".congress-sim-", dir=target.parent))
            os.replace(target, old)
            try:
                os.replace(tmp, target)
            except OSError:
                os.replace(old, target)  # put the earlier results back
                raise
            remove_files(old, names)
        else:
            os.replace(tmp, target)  # over nothing, or over an empty folder
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)  # our own temporary folder
        raise OutputError(f"{target}: cannot write: {exc.strerror}") from None
    return [target / name for name in contents]
