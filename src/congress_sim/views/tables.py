"""Tidy tables of a replay: one row per observation, keyed by scenario, seed and time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from congress_sim.errors import CongressSimError

if TYPE_CHECKING:
    from .replay import Replay


def table(replay: Replay, name: str) -> tuple[list[str], list[list[Any]]]:
    """A tidy table of the replay: ``attendance``, ``votes`` or ``seats``; (columns, rows)."""
    s, clock = replay.scenario, replay.clock
    key = [s.title, replay.seed]
    if name == "attendance":
        cols = ["scenario", "seed", "time", f"time_{clock.other}", "minute", "faction", "party", "present"]
        rows = [[*key, clock.iso(c.time), clock.iso(c.time, clock.other), round(c.time, 3), f, s.party_of(f), n]
                for c in replay.attendance() for f, n in c.by_faction.items()]
    elif name == "votes":
        cols = ["scenario", "seed", "vote", "motion", "time", "majority", "result", "faction", "for", "against",
                "abstain"]
        rows = [[*key, v.item, v.motion, clock.iso(v.time), v.majority, v.result, f, *t]
                for v in replay.votes() for f, t in v.tally.items()]
    elif name == "seats":
        cols = ["scenario", "seed", "election", "body", "time", "group", "seats", "chair"]
        rows = [[*key, e.item, e.body, clock.iso(e.time), g, n, e.chair or ""]
                for e in replay.elections() for g, n in e.seats.items()]
    else:
        raise CongressSimError(f"no table {name!r}: attendance, votes or seats")
    return cols, rows


def frame(replay: Replay, name: str) -> Any:
    """The same table as a pandas DataFrame (``events`` too: one row per event)."""
    try:
        import pandas as pd
    except ImportError:
        raise CongressSimError("DataFrames need pandas: pip install pandas") from None
    if name == "events":
        return pd.DataFrame([{**e.to_dict(), "time": replay.clock.iso(e.time), "minute": e.time} for e in replay.events])
    cols, rows = table(replay, name)
    return pd.DataFrame(rows, columns=cols)


