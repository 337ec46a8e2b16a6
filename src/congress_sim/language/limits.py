"""How large an assembly may be: what a replay costs grows with the delegates who come and go,
and with the votes of each faction.

Delegates present are counted by faction and cost nothing each; but a delegate who arrives or
leaves over a window does so at a time of its own, an event of its own in the replay and a
draw of its own in each replay of an ensemble; and each faction's vote on each motion is a draw
and a row of a tally. A scenario is refused when one replay could pass :data:`MAX_MOVES` or
:data:`MAX_TALLIES`, or when there could be more than :data:`MAX_DELEGATES` at all, so that every
scenario that loads replays in seconds and in bounded memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from .scenario import Defection, Scenario, Vote, Walkout
from .source import Key

MAX_MOVES = 100_000
MAX_DELEGATES = 10_000_000
MAX_TALLIES = 200_000  # votes times factions: each faction's tally of each vote is a draw and a row


@dataclass(frozen=True)
class Scale:
    most: int  # the most delegates there can be at once
    spread: int  # the most who can come or go one by one, over a window, in a replay
    moves: int  # the most who can come or go at all in a replay, over a window or at once
    votes: int  # votes on the agenda
    over: list[tuple[Key, str]]  # where the limits are passed, and how


def scale(s: Scenario) -> Scale:
    """Bounds on a replay's size, from the scenario alone (whatever each replay draws)."""
    arriving = {f: 0 for f in s.factions}
    for a in s.arrivals:
        arriving[a.faction] = arriving.get(a.faction, 0) + a.count
    most = sum(f.delegates for f in s.factions.values()) + sum(arriving.values())
    items: list[tuple[Key, object]] = [(("sessions", i, "agenda", j), item) for i, session in enumerate(s.sessions)
                                       for j, item in enumerate(session.agenda)]
    items += [(("triggers", i, "then"), t.then) for i, t in enumerate(s.triggers)]
    gaining = {item.target_faction for _, item in items if isinstance(item, Defection)}  # may hold anyone
    size = {f: most if f in gaining else fac.delegates + arriving.get(f, 0) for f, fac in s.factions.items()}
    over: list[tuple[Key, str]] = []
    if most > MAX_DELEGATES:
        over.append((("factions",), f"{most:,} delegates in all, with those who arrive; an assembly may have at most "
                                    f"{MAX_DELEGATES:,}"))
    moving: list[tuple[Key, int, bool]] = [(("arrivals", i), a.count, a.between is not None)
                                           for i, a in enumerate(s.arrivals)]
    moving += [(key, min(most, sum(size.get(f, 0) for f in (item.factions or s.factions))), item.over > 0) for key, item in items
               if isinstance(item, Walkout)]
    spread = 0
    for key, n, windowed in moving:
        spread += n if windowed else 0
        if spread > MAX_MOVES and windowed:
            over.append((key, f"up to {spread:,} delegates come or go one by one (arrivals and walkouts spread over "
                              f"a window) by here; at most {MAX_MOVES:,} in a replay: give the window's delegates "
                              "one time, or fewer"))
            break
    votes = [key for key, item in items if isinstance(item, Vote)]
    if len(votes) * len(s.factions) > MAX_TALLIES:
        key = votes[MAX_TALLIES // len(s.factions)]
        over.append((key, f"{len(votes):,} votes of {len(s.factions):,} factions: a tally for each faction at each vote "
                          f"is {len(votes) * len(s.factions):,} in a replay; at most {MAX_TALLIES:,}"))
    return Scale(most, spread, sum(n for _, n, _ in moving), len(votes), over)
