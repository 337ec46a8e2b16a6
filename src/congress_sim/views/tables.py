"""Tidy tables of a replay: one row per observation, keyed by scenario, seed and time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from congress_sim.errors import CongressSimError

if TYPE_CHECKING:
    from .replay import Replay


# Every table says its calendar: `time` is in the scenario's own (Old Style for the congress), and
# `time_gregorian` in ISO 8601's, so that a join with other data is never 13 days off.
TIME = ["time", "calendar", "time_gregorian"]


def stamp(clock: Any, t: float) -> list[str]:
    """The :data:`TIME` columns of a moment."""
    return [clock.iso(t), clock.calendar, clock.iso(t, "gregorian")]


def table(replay: Replay, name: str) -> tuple[list[str], list[list[Any]]]:
    """A tidy table of the replay: ``attendance``, ``votes`` or ``seats``; (columns, rows)."""
    s, clock = replay.scenario, replay.clock
    key = [s.title, replay.seed]
    if name == "attendance":
        cols = ["scenario", "seed", *TIME, "minute", "faction", "party", "present"]
        rows = [[*key, *stamp(clock, c.time), round(c.time, 3), f, s.party_of(f), n]
                for c in replay.attendance() for f, n in c.by_faction.items()]
    elif name == "votes":
        cols = ["scenario", "seed", "vote", "motion", *TIME, "majority", "result", "faction", "for", "against",
                "abstain", "not_voting"]
        rows = [[*key, v.item, v.motion, *stamp(clock, v.time), v.majority, v.result, f, *t]
                for v in replay.votes() for f, t in v.tally.items()]
        # a chair's casting vote is in no faction's count: its own row, so that the rows add up to the tally
        chair = f"chair:{s.rules.chair.person}" if s.rules.chair else "chair"
        rows += [[*key, v.item, v.motion, *stamp(clock, v.time), v.majority, v.result, chair,
                  int(v.casting == "for"), int(v.casting == "against"), 0, 0]
                 for v in replay.votes() if v.casting]
    elif name == "seats":
        cols = ["scenario", "seed", "election", "body", *TIME, "group", "seats", "chair"]
        rows = [[*key, e.item, e.body, *stamp(clock, e.time), g, n, e.chair or ""]
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
        return pd.DataFrame([event_row(replay, e) for e in replay.events])
    cols, rows = table(replay, name)
    return pd.DataFrame(rows, columns=cols)




def event_row(replay: Replay, e: Any) -> dict[str, Any]:
    """An event as a flat record: its kind, its :data:`TIME` columns and minute, then its fields."""
    return {"kind": e.kind, **dict(zip(TIME, stamp(replay.clock, e.time), strict=True)), "minute": round(e.time, 3),
            **{k: v for k, v in e.to_dict().items() if k not in ("kind", "time")}}
