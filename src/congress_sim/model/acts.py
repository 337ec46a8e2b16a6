"""Carrying out one item in a block of replays: the one place where an item changes the state.

Both drivers call :func:`act` for every item they reach (the SimPy engine with a block of one
replay, asking for the detail a log needs; the kernel with many, keeping outcomes) and turn what it
returns into events or arrays. An item's ``effect`` moves where things stand once it has happened;
a motion's content does so once it is adopted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from congress_sim.language.scenario import (
    Announcement,
    Close,
    Debate,
    Decision,
    Defection,
    Election,
    Recess,
    Ruling,
    Vote,
    Walkout,
)

from . import ballots, elections, motions, reactions, rules
from .block import ACCEPTED, ADOPTED, DECLINED, HAPPENED, NOT_TAKEN, REJECTED, Block

NONE = np.iinfo(np.int64).min  # the margin of a vote not taken


@dataclass
class Done:
    """What an item came to in ``rows``; the fields its kind uses are set."""

    item: Any
    rows: np.ndarray
    t: np.ndarray
    moved: np.ndarray | None = None  # (rows, K) where things stood before, where they moved
    tally: ballots.Tally | None = None
    code: np.ndarray | None = None  # a vote's or decision's outcome code
    needed: np.ndarray | None = None  # votes for needed; -1 where no count of heads carries it (by party)
    quorum: np.ndarray | None = None
    departure: reactions.Departure | None = None
    defected: np.ndarray | None = None
    seats: np.ndarray | None = None  # (rows, groups)
    chair: np.ndarray | None = None
    election: elections.Outcome | None = None
    upheld: np.ndarray | None = None
    sent_away: np.ndarray | None = None  # (rows, D) who a dissolution sent away


def act(block: Block, item: Any, rows: np.ndarray, t: np.ndarray, session: str | None, detail: bool = False) -> Done:
    """Carry out ``item`` at times ``t`` in the replays ``rows``."""
    block.keep(block.started, item.id, rows, t, np.nan)
    before = block.sq[rows]  # a copy (rows index it)
    done = Done(item, rows, t)
    code: np.ndarray | int = HAPPENED
    if isinstance(item, Vote):
        code = vote(block, item, rows, t, session, detail, done)
    elif isinstance(item, Walkout):
        done.departure = reactions.walkout(block, item, rows, t, block.hall(rows, t, session))
        # kept for a condition on how many left (procedure.holds)
        block.keep(block.took, item.id, rows, done.departure.leaving.sum(axis=1), 0, np.int64)
    elif isinstance(item, Defection):
        done.defected = reactions.defect(block, item, rows, block.in_hall(rows, t, session))
    elif isinstance(item, Decision):
        accepts = reactions.decide(block, item, rows, block.hall(rows, t, session))
        code = np.where(accepts, ACCEPTED, DECLINED)
        done.code = code
    elif isinstance(item, Election):
        here = block.in_hall(rows, t, session)
        if item.candidates:
            done.election = elections.by_candidates(block, item, rows, here, detail)
            won = done.election.winners  # kept for a condition on who won (procedure.holds)
            assert won is not None
            kept = block.winners.get(item.id)
            if kept is None:
                kept = block.winners[item.id] = np.full((block.n, won.shape[1]), -1, dtype=np.int64)
            kept[rows] = won
        else:
            done.seats, done.chair = elections.by_list(block, item, rows, here)
    elif isinstance(item, Ruling):
        done.upheld = motions.rule(block, item, rows)
    elif isinstance(item, Announcement) and item.dissolves:
        done.sent_away = reactions.dissolve(block, rows, t)
        block.keep(block.dissolved, item.id, rows, True, False, bool)  # what follows is not taken (procedure.skips)
    elif not isinstance(item, (Debate, Announcement, Recess, Close)):  # pragma: no cover
        raise TypeError(type(item))
    if item.effect:
        block.sq[rows] = motions.apply(block.sq[rows], motions.vector(block, item.effect))
    done.moved = before
    block.mark(item.id, rows, code)
    return done


def _rules(block: Block, item: Vote) -> tuple[np.ndarray, dict[int, tuple[float, float, float]], Any, Any, bool]:
    """What the scenario says about a vote, worked out once: the factions that vote (an order voting
    on its own: the others are not counted), the propensities written for it by faction, its
    threshold and quorum, and whether abstentions are recorded."""
    def make() -> tuple[np.ndarray, dict[int, tuple[float, float, float]], Any, Any, bool]:
        s, factions = block.plan.scenario, block.plan.factions
        allowed = np.ones(len(factions), dtype=bool)
        if item.voters is not None:
            allowed = np.array([f in item.voters or s.party_of(f) in item.voters for f in factions])
        allowed.flags.writeable = False
        overrides = {factions.index(f): st.shares for f, st in item.stances.items()}
        return allowed, overrides, rules.majority_of(s, item), rules.quorum_of(s, item), s.rules.abstentions == "recorded"

    return block.plan.kept(("vote", item.id), make)


def _alone(block: Block, item: Vote, threshold: Any) -> bool:
    """Whether one party votes alone on ``item`` under a rule by party, and its one voice carries."""
    def make() -> bool:
        parties = len({block.plan.scenario.party_of(x) for x in block.plan.factions})
        return rules.alone(block.plan.scenario, item) is not None and bool(rules.carries(threshold, 1, 0, 0, 1, parties))

    return block.plan.kept(("alone", item.id), make)


def vote(block: Block, item: Vote, rows: np.ndarray, t: np.ndarray, session: str | None, detail: bool,
         done: Done) -> np.ndarray:
    s = block.plan.scenario
    stake = motions.stake(block, item, rows)
    hall = block.hall(rows, t, session)
    allowed, overrides, threshold, quorum, recorded = _rules(block, item)
    slot = block.chair_slot  # a chair who is a delegate is a named person, with a gain of its own
    chair_gain = stake.named[:, block.named_index[slot]] if slot is not None else motions.chair_stake(block, item, rows)
    tally = ballots.tally(block, rows, hall, allowed, stake, overrides, chair_gain, recorded, detail)
    seats = rules.members(s)
    by_head = getattr(threshold, "by", "head") == "head"
    if by_head and (tally.casting >= 0).any():
        # a casting vote is cast only where it decides: a tie that one more vote for carries and one more
        # against defeats (a tie under a threshold of the members is no question one vote settles)
        f0, a0, b0, _ = tally.totals(casting=False)
        decides = rules.carries(threshold, f0 + 1, a0, b0, tally.present, seats) != \
            rules.carries(threshold, f0, a0 + 1, b0, tally.present, seats)
        tally.casting[~decides] = -1
    f, a, b, _ = tally.totals()
    opening = block.p.opening[rows].sum(axis=1) if quorum is not None and quorum.of == "opening" else None
    done.quorum = rules.quorum_needed(quorum, hall.registered, opening, seats)
    taken = tally.present >= done.quorum
    if not by_head:
        in_hall = np.where(allowed[None, :], hall.by_faction, 0)
        ok = rules.carries(threshold, *rules.by_party(s, block.plan.factions, tally.counts, in_hall),
                           len({s.party_of(x) for x in block.plan.factions}))
    else:
        ok = rules.carries(threshold, f, a, b, tally.present, seats)
    code = np.where(taken, np.where(ok, ADOPTED, REJECTED), NOT_TAKEN).astype(np.int8)
    if not taken.all():
        tally.counts[~taken] = 0
        tally.casting[~taken] = -1
    done.tally, done.code = tally, code
    # votes for needed to carry; none can be given when each party casts one vote (-1), unless one party votes
    # alone: its voice is for when more of its members vote for than against, if one voice carries at all
    done.needed = rules.needed(threshold, f, a, b, tally.present, seats) if by_head else np.full(len(rows), -1, dtype=np.int64)
    if not by_head and _alone(block, item, threshold):
        done.needed = np.asarray(a, dtype=np.int64) + 1
    block.keep(block.margin, item.id, rows, np.where(taken, f - a, NONE), NONE, np.int64)
    block.keep(block.ayes, item.id, rows, np.where(taken, f, NONE), NONE, np.int64)
    carried = code == ADOPTED
    if carried.any():
        motions.adopted(block, item, rows[carried], t[carried])
    if item.type == "appeal":
        motions.rejected_appeal(block, item, rows[code == REJECTED])
    return code
