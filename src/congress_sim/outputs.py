"""Writing a replay's files: atomically, and never over a user's earlier results unasked."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import OutputError
from .replay import Replay


def write_replay(replay: Replay, directory: str | Path, force: bool = False) -> list[Path]:
    """Write ``events.jsonl``, ``attendance.csv``, ``votes.csv`` and ``summary.json`` into ``directory``.

    The files are written to a temporary folder beside it and moved into place at the end, so
    a failure leaves what was there before untouched. An existing non-empty ``directory`` is
    replaced only with ``force``.
    """
    files: dict[str, Callable[[Replay], str]] = {
        "events.jsonl": events_jsonl,
        "attendance.csv": attendance_csv,
        "votes.csv": votes_csv,
        "summary.json": lambda r: r.to_json() + "\n",
    }
    return write_dir(directory, {name: make(replay) for name, make in files.items()}, force)


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_dir(directory: str | Path, contents: dict[str, str], force: bool = False) -> list[Path]:
    """Write text files into a fresh folder, then swap it into place as one step."""
    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target}: exists and is not a directory")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise OutputError(f"{target}: directory is not empty; use --force to replace it")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        os.chmod(tmp, 0o777 & ~umask())  # mkdtemp makes it private; results are for sharing
    except OSError as exc:
        raise OutputError(f"{target}: cannot write here: {exc.strerror}") from None
    try:
        for name, text in contents.items():
            (tmp / name).write_text(text, encoding="utf-8")
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
            try:
                os.replace(tmp, target)
            except OSError:
                os.replace(old, target)  # put the earlier results back
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputError(f"{target}: cannot write: {exc.strerror}") from None
    return [target / name for name in contents]


def events_jsonl(replay: Replay) -> str:
    iso = replay.clock.iso
    lines = []
    for e in replay.events:
        d = e.to_dict()
        d["time"] = iso(e.time)
        d["minute"] = round(e.time, 3)
        lines.append(json.dumps(d, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def _csv(rows: list[list[object]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def attendance_csv(replay: Replay) -> str:
    clock, factions = replay.clock, list(replay.plan.factions)
    rows: list[list[object]] = [["time", "time_" + clock.other, "minute", "total", *factions]]
    for c in replay.attendance():
        rows.append([clock.iso(c.time), clock.iso(c.time, clock.other), round(c.time, 3), c.total,
                     *(c.by_faction[f] for f in factions)])
    return _csv(rows)


def votes_csv(replay: Replay) -> str:
    rows: list[list[object]] = [["vote", "motion", "time", "result", "faction", "for", "against", "abstain"]]
    for v in replay.votes():
        for f, (a, b, c) in v.tally.items():
            rows.append([v.item, v.motion, replay.clock.iso(v.time), v.result, f, a, b, c])
    return _csv(rows)


def atomic_write(path: Path, data: bytes) -> None:
    """Write a file whole or not at all: a temporary file beside it, then one rename."""
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
    finally:
        tmp.unlink(missing_ok=True)  # gone already if renamed; else an interrupted write leaves nothing
