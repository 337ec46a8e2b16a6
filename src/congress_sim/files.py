"""Reading the files a user or a scenario names: regular files only, and never more than a cap.

A scenario may come from a colleague, so a name in it is not trusted: a device, a pipe or a
socket is refused before it is opened (opening some devices does something, and reading a pipe
or a terminal can wait for ever), and a file is read whole only up to its cap.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path, PurePosixPath

from .errors import CongressSimError, close

KINDS = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
         stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a directory"}


class InputError(CongressSimError):
    """A named file cannot be read; ``str()`` is ``path: why``."""

    def __init__(self, path: str, why: str, code: int | None = None):
        self.path, self.why, self.code = path, why, code  # code: the errno, when the system refused
        super().__init__(f"{path}: {why}")


def why_not(exc: OSError) -> str:
    """An operating system's refusal in plain words."""
    plain = {
        errno.ENOENT: "no such file",
        errno.ENOTDIR: "no such file (a part of the path is not a folder)",
        errno.ENAMETOOLONG: "the name is too long",
        errno.ELOOP: "symbolic links that loop (or too many of them)",
        errno.EACCES: "cannot be read: permission denied",
    }
    return plain.get(exc.errno or 0, f"cannot be read: {exc.strerror or exc}")


def kind(mode: int) -> str | None:
    """What a file that is not a regular file is, in words (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    return KINDS.get(stat.S_IFMT(mode), "not a regular file")


def read_regular(path: str | os.PathLike[str], cap: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``cap`` bytes; anything else is an :class:`InputError`."""
    name = os.fspath(path)
    if "\x00" in name:
        raise InputError(name.replace("\x00", "\\0"), "the name contains a NUL byte")
    try:
        before = os.stat(name)  # look before opening: opening a device can have effects of its own
    except OSError as exc:
        raise InputError(name, why_not(exc), exc.errno) from None
    if (other := kind(before.st_mode)) is not None:
        raise InputError(name, f"is {other}, not a {what}" if other == "a directory" else
                         f"is {other}, not a regular file; a {what} must be one")
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(name, why_not(exc), exc.errno) from None
    try:
        now = os.fstat(fd)
        if kind(now.st_mode) is not None or (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino):
            raise InputError(name, "changed while it was being opened; try again")
        if now.st_size > cap:
            raise InputError(name, f"is {now.st_size:,} bytes; a {what} may be at most {cap:,}")
        chunks, size = [], 0
        while size <= cap:  # a file that grows while it is read is still cut at the cap
            chunk = os.read(fd, min(1 << 20, cap + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InputError(name, why_not(exc), exc.errno) from None
    finally:
        os.close(fd)
    if size > cap:
        raise InputError(name, f"is more than {cap:,} bytes; a {what} may be at most {cap:,}")
    return b"".join(chunks)


def meant(name: str, path: Path, ending: str, leaving_out: tuple[str, ...] = ()) -> str | None:
    """The file a scenario likely meant by ``name`` (at ``path``, where there is none): the one beside
    ``path`` ending in ``ending`` (and in none of ``leaving_out``) whose name is near, written as
    ``name`` writes the rest of its path."""
    try:
        there = [p.name.removesuffix(ending) for p in path.parent.glob("*" + ending) if not p.name.endswith(leaving_out)]
    except OSError:
        return None
    # names without the ending they share, and near: `no-such-base` is not a slip for `not-a-date`
    guess = close(path.name.removesuffix(ending), there, cutoff=0.8)
    return str(PurePosixPath(name).with_name(guess + ending)) if guess else None
