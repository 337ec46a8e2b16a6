"""An ensemble's folder: manifest.json, blocks/NNNNNN.npz, then summary.json and the per-replay table.

Each block is written whole (a temporary file, then a rename) as soon as it is done, and carries
its ensemble's digest, its number and its size, so that ``--resume`` runs again any block that is
cut short, unreadable or from another ensemble. The table is written at the end, block by block
from the files, so that neither it nor the summary needs the ensemble in memory.

The folder is replaced (with ``--force``) only if it is provably an ensemble's: a manifest with
exactly our keys, and nothing in it but the files listed here; only those files are removed.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from congress_sim.errors import ArgumentError, CongressSimError, OutputError, Wording
from congress_sim.files import read_regular
from congress_sim.outputs import atomic_file, atomic_write, check_dir, existing_dir

from .tally import RESULTS

MANIFEST_KEYS = {"written_by", "digest", "scenario", "seed", "runs", "block", "source", "outcomes"}
FILES = {"manifest.json", "summary.json", "outcomes.csv", "outcomes.parquet"}
BLOCK = re.compile(r"^\d{6,}\.npz$")
TEMPORARY = re.compile(r"^\.congress-sim-[^/]*\.tmp$")  # what outputs.atomic_file writes, before its rename

Progress = Callable[[str, int, int], None]


class Store:
    """The folder of one ensemble (its :class:`~congress_sim.experiments.ensembles.Job`)."""

    def __init__(self, path: str | Path, job: Any, schema: dict[str, tuple[int, ...]], resume: bool, force: bool,
                 say: Callable[[str], None], per_replay: int):
        self.path, self.job, self.schema = Path(path), job, schema
        self.blocks = self.path / "blocks"
        self.manifest = {"written_by": "congress-sim ensemble", "digest": job.digest(), "scenario": job.scenario.title,
                         "seed": job.seed, "runs": job.runs, "block": job.block, "source": job.source,
                         "outcomes": job.asked}
        has = existing_dir(path, "out") if resume else check_dir(path, force, ensemble_folder, "out")
        self._room(per_replay, resume and has)
        if resume and has:
            old = read_manifest(self.path)
            if old is None:
                raise CongressSimError(f"{path}: nothing to resume (no manifest.json of an ensemble)")
            if old["outcomes"] != self.manifest["outcomes"]:  # its blocks keep those, and only those
                asked = f"the outcomes {', '.join(repr(o) for o in old['outcomes'])}" if old["outcomes"] else "no outcome"
                raise ArgumentError(f"{path}: was started with {asked} ({{outcomes}}); give the same to "
                                    "resume (its blocks keep those), or another {out}", "outcomes", "out")
            if old["digest"] != self.manifest["digest"]:
                raise CongressSimError(Wording(f"{path}: was started with another scenario, seed or number of runs; "
                                               "give the same ones to resume, or another {out}", "out"))
            if (why := ensemble_folder(self.path)) is not None:
                raise CongressSimError(f"{path}: {why}; not resuming into it")
            _sweep(self.blocks)  # a block, or the table, whose writing a kill cut short
            _sweep(self.path)
            return
        if resume:
            say(f"{path}: nothing to resume there; starting the ensemble")
        if has:  # checked: an ensemble's folder, replaced with --force; its own files go, the folder stays
            for entry in [*self.blocks.iterdir()] if self.blocks.is_dir() else []:
                entry.unlink()
            for entry in [*self.path.iterdir()]:
                if entry.name in FILES or TEMPORARY.match(entry.name):
                    entry.unlink()
        try:
            self.blocks.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write here: {exc.strerror}") from None
        atomic_write(self.path / "manifest.json", (json.dumps(self.manifest, indent=2) + "\n").encode())

    def file(self, b: int) -> Path:
        return self.blocks / f"{b:06d}.npz"

    def save(self, b: int, arrays: dict[str, np.ndarray]) -> None:
        """Write block ``b`` whole (in a worker, where there is one), marked as this ensemble's."""
        mark = {"_ensemble": np.array([self.manifest["digest"]]), "_block": np.array([b, self.job.size(b)])}
        buf = io.BytesIO()
        # an .npz as numpy.savez_compressed writes it, at the fastest level: a tenth of the size for a
        # fraction of the time a block takes to run
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            for name, a in {**mark, **arrays}.items():
                with zf.open(f"{name}.npy", "w", force_zip64=True) as fh:
                    np.lib.format.write_array(fh, np.asanyarray(a), allow_pickle=False)
        atomic_write(self.file(b), buf.getvalue())

    def load(self, b: int) -> dict[str, np.ndarray] | None:
        """Block ``b`` as saved, or None if it is missing, cut short, unreadable or not this ensemble's."""
        n = self.job.size(b)
        limit = 4096 + 2 * n * sum(8 * int(np.prod(shape)) for shape in self.schema.values())
        try:
            raw = read_regular(self.file(b), limit, "block")
            with np.load(io.BytesIO(raw), allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
        except (CongressSimError, OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile, zlib.error):
            return None
        ensemble, block = arrays.pop("_ensemble", None), arrays.pop("_block", None)
        if ensemble is None or block is None or ensemble.tolist() != [self.manifest["digest"]] \
                or block.tolist() != [b, n] or set(arrays) != set(self.schema):
            return None
        for key, shape in self.schema.items():
            a = arrays[key]
            if a.shape != (n, *shape) or a.dtype.kind != ("f" if key == "drawn" else "i"):
                return None
        return {key: arrays[key] for key in self.schema}  # in the order run_block gives them

    def finished(self, say: Callable[[str], None]) -> Iterator[tuple[int, dict[str, np.ndarray]]]:
        """The blocks already done, each checked; one that does not pass is said and left to run again."""
        for entry in sorted(self.blocks.iterdir()):
            if not BLOCK.match(entry.name):
                continue
            b = int(entry.name[:-4])
            kept = self.load(b) if b < self.job.blocks else None
            if kept is None:
                say(f"{entry}: cut short, unreadable or from another ensemble; its replays are run again")
                entry.unlink(missing_ok=True)
                continue
            yield b, kept

    def finish(self, summary: dict[str, Any], columns: list[str], rows: Callable[[int, dict[str, np.ndarray]], list[np.ndarray]],
               table_format: str, progress: Progress) -> None:
        """Write summary.json, then the table, block by block from the files."""
        _sweep(self.blocks)  # what a worker killed in the middle of a block was writing (its block was run again)
        text = json.dumps(summary, indent=2, ensure_ascii=False) + "\n"
        atomic_write(self.path / "summary.json", text.encode())
        blocks = self.job.blocks
        if table_format == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            with atomic_file(self.path / "outcomes.parquet") as fh:
                writer = None
                for b, kept in self._in_order():
                    table = pa.table(dict(zip(columns, rows(b, kept), strict=True)))
                    writer = writer or pq.ParquetWriter(fh, table.schema)
                    writer.write_table(table)
                    progress("writing the table", b + 1, blocks)
                if writer is not None:
                    writer.close()
            return
        with atomic_file(self.path / "outcomes.csv") as fh:
            fh.write((",".join(columns) + "\n").encode())
            for b, kept in self._in_order():
                fh.write(csv_rows(rows(b, kept)))
                progress("writing the table", b + 1, blocks)

    def _in_order(self) -> Iterator[tuple[int, dict[str, np.ndarray]]]:
        for b in range(self.job.blocks):
            kept = self.load(b)
            if kept is None:
                raise CongressSimError(Wording(f"{self.file(b)}: changed while the table was written; run again with "
                                               "{resume}", "resume"))
            yield b, kept

    def _room(self, per_replay: int, resuming: bool) -> None:
        """Refuse now, before anything is written, an ensemble that will not fit on the disk."""
        need = self.job.runs * per_replay
        if resuming:  # what is there already is part of it
            need -= sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())
        there = next(p for p in (self.path, *self.path.absolute().parents) if p.exists())
        usage = shutil.disk_usage(there)
        if not (there.is_dir() and os.access(there, os.W_OK | os.X_OK)) or usage.total == 0:  # /proc: no disk at all
            raise OutputError(f"{self.path}: cannot be written ({there} is not a folder on a disk this user may "
                              "write in)")
        free = usage.free
        if need > free:
            raise OutputError(Wording(f"{self.path}: the blocks and table of {self.job.runs:,} replays need about "
                                      f"{_size(need)} and the disk has {_size(free)} free; give fewer {{runs}}, "
                                      "or no folder ({out}): the summary alone needs no disk", "runs", "out"))


def _sweep(folder: Path) -> None:
    """Remove the files outputs.atomic_file was writing in ``folder`` when a kill stopped it."""
    for stale in folder.glob(".congress-sim-*"):
        if TEMPORARY.match(stale.name) and stat.S_ISREG(stale.lstat().st_mode):
            stale.unlink(missing_ok=True)


def _size(n: float) -> str:
    """Bytes in the unit that shows them: 1.5 GiB, 12.0 MiB, 0.4 KiB."""
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20)):
        if n >= scale:
            return f"{n / scale:,.1f} {unit}"
    return f"{n / 2**10:,.1f} KiB"


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """An ensemble's manifest, or None if there is no such file or it is not one of ours."""
    try:
        data = json.loads(read_regular(folder / "manifest.json", 1 << 16, "manifest"))
    except (CongressSimError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("written_by") != "congress-sim ensemble":
        return None
    data.setdefault("outcomes", [])  # written before an ensemble kept outcomes asked of it: none
    if set(data) != MANIFEST_KEYS or not isinstance(data["outcomes"], list):
        return None
    return data


def ensemble_folder(folder: Path) -> str | None:
    """None if ``folder`` holds an ensemble's files and nothing else; else what else it holds."""
    if read_manifest(folder) is None:
        return "is not an ensemble's folder (no manifest.json of an ensemble)"
    for entry in folder.iterdir():
        mode = entry.lstat().st_mode
        if entry.name == "blocks" and stat.S_ISDIR(mode):
            for block in entry.iterdir():
                if not (BLOCK.match(block.name) or TEMPORARY.match(block.name)) or not stat.S_ISREG(block.lstat().st_mode):
                    return f"holds blocks/{block.name}, which congress-sim did not write"
        elif not ((entry.name in FILES or TEMPORARY.match(entry.name)) and stat.S_ISREG(mode)):
            return f"holds {entry.name!r}, which congress-sim did not write"
    return None


_SMALL: list[np.ndarray] = []  # the text of 0 .. 65535, made once


def csv_rows(columns: list[np.ndarray]) -> bytes:
    """CSV lines of equal-length columns (whole numbers, or text without commas or quotes)."""
    if not _SMALL:
        _SMALL.append(np.array([str(i) for i in range(1 << 16)], dtype=object))
    text = []
    for c in columns:
        small = c.dtype.kind == "i" and c.size and c.min() >= 0 and c.max() < 1 << 16
        text.append(_SMALL[0][c] if small else c.astype(str).astype(object))
    return ("\n".join(map(",".join, np.column_stack(text).tolist())) + "\n").encode()


def table_columns(schema: dict[str, tuple[int, ...]], groups: dict[str, list[str]], names: dict[str, Any],
                  block: int, drawn: list[Any] | None = None
                  ) -> tuple[list[str], Callable[[int, dict[str, np.ndarray]], list[np.ndarray]]]:
    """The per-replay table's column names, and a function that gives a block's columns
    (``drawn``: the uncertain assumptions, model.draws.Assumption, whose draws are kept)."""
    from congress_sim.model.draws import shown

    drawn = drawn or []
    cols = ["replay"]
    for key in schema:
        kind, _, name = key.partition(":")
        if kind == "result":
            cols.append(f"{name}_result")
        elif kind == "counts":
            cols += [f"{name}_{part}" for part in ("for", "against", "abstain", "present")]
        elif kind == "seats":
            cols += [f"{name}_{g}" for g in groups[name]]
        elif kind == "elected":
            cols += [f"{name}_elected_{c}" for c in names["candidates"][name]]
        elif kind == "attendance":
            cols += [f"present_{m.replace(':', '_')}" for m in names["moments"]]
        elif kind == "facts":
            cols += [f"fact_{fid}" for fid in names["facts"]]
        elif kind == "drawn":
            cols += [f"drawn_{a.name}" for a in drawn]
        elif kind == "outcome":  # as asked (margin:government<0): ids, words and a number, no comma or quote
            cols.append(name)
    results = np.array([*RESULTS, "skipped", "not reached"])  # codes -2 and -1 index from the end
    passed = np.array(["fail", "pass", ""])

    def rows(b: int, kept: dict[str, np.ndarray]) -> list[np.ndarray]:
        out: list[np.ndarray] = [np.arange(b * block, b * block + len(kept["attendance"]))]
        for key, arr in kept.items():
            kind = key.partition(":")[0]
            if kind == "result":
                out.append(results[arr])
            elif kind == "outcome":
                out.append(arr)
            elif kind == "facts":
                out += [passed[arr[:, j]] for j in range(arr.shape[1])]
            elif kind == "drawn":
                out += [shown(a, arr[:, j]) for j, a in enumerate(drawn)]
            elif kind == "attendance":  # at a vote not reached, 0, as its counts (the summary leaves it out)
                out += [np.maximum(arr[:, j], 0) for j in range(arr.shape[1])]
            elif kind != "band":
                out += [arr[:, j] for j in range(arr.shape[1])]
        return out

    return cols, rows
