"""Time as a consequence: when an item starts, whether it is taken at all, and when a reaction fires.

An item starts when the one before it has ended (plus its ``after`` minutes), not before its
anchor (another item's start or end, plus a delay), not before its pinned time (``at``), and not
while the floor is held (a recess called by a reaction). It is skipped when its condition does
not hold (how a vote or decision ended, whom an election elected, how many a walkout took, who is
in the hall), when the debate it belongs to was closed (the previous question, cloture), when its
motion was laid on the table, when the faction that would decide is not in the hall, or when the
assembly has been dissolved (then only an announcement or a close is still taken).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from congress_sim.language.plan import Plan, Step
from congress_sim.language.scenario import Anchor, Announcement, Close, Condition, Debate, Decision, Recess, Trigger, Vote

from . import rules
from .block import NAMES, NOT_YET, Block
from .reasons import Reason


def earliest(step: Step, previous_end: np.ndarray) -> np.ndarray:
    """(rows,) the earliest an agenda item can start: after the previous one ended, plus ``after``."""
    after = step.item.after
    return previous_end + (0.0 if isinstance(after, Anchor) else after)


def start(block: Block, step: Step, rows: np.ndarray, first: np.ndarray) -> np.ndarray:
    """(rows,) when the agenda item ``step`` starts, given the :func:`earliest` it could: its anchor,
    its pinned time and the floor may each hold it back (asked again when the time comes, since a
    reaction may have taken the floor meanwhile)."""
    item = step.item
    t = first.copy()
    if isinstance(item.after, Anchor):
        ref = (block.started if item.after.edge == "start" else block.ended).get(item.after.item)
        if ref is not None:  # an anchor that never happened does not hold the item back
            at = ref[rows] + item.after.delay
            t = np.where(np.isnan(at), t, np.maximum(t, at))
    t = np.maximum(t, block.floor[rows])
    if step.at is not None:
        t = np.maximum(t, step.at)
    return t


def end(item: Any, t: np.ndarray, until: float | None = None) -> np.ndarray:
    """(rows,) when an item that started at ``t`` ends."""
    if isinstance(item, Recess) and until is not None:
        return np.maximum(t, until)
    return t + item.duration


def holds(block: Block, cond: Condition, rows: np.ndarray, t: np.ndarray, session: str | None) -> np.ndarray:
    """(rows,) whether ``cond`` holds at ``t``."""
    ok = np.ones(len(rows), dtype=bool)
    if cond.item is not None:
        if cond.result is not None or cond.left is None:  # a walkout that never happened took no one
            ok &= block.result_is(cond.item, rows, cond.result or "happened")
        if cond.left is not None:
            ok &= _within(block.walked_out(cond.item, rows), cond.left.at_least, cond.left.at_most)
        margin = block.margin.get(cond.item)
        if cond.tied is not None or cond.margin is not None:
            m = margin[rows] if margin is not None else np.full(len(rows), np.iinfo(np.int64).min)
            taken = m != np.iinfo(np.int64).min
            if cond.tied is not None:
                ok &= taken & ((m == 0) == cond.tied)
            if cond.margin is not None:
                ok &= taken & _within(m, cond.margin.at_least, cond.margin.at_most)
        if cond.winner is not None:
            ok &= block.elected(cond.item, cond.winner, rows)
    if cond.present is not None:
        hall = block.hall(rows, t, session)
        here = hall.present if cond.present.faction is None else \
            hall.by_faction[:, block.plan.factions.index(cond.present.faction)]
        ok &= _within(here, cond.present.at_least, cond.present.at_most)
    return ok


def _within(x: np.ndarray, low: float | None, high: float | None) -> np.ndarray:
    ok = np.ones(len(x), dtype=bool)
    if low is not None:
        ok &= x >= low
    if high is not None:
        ok &= x <= high
    return ok


def unmet(block: Block, cond: Condition, row: int | None) -> Reason:
    """Why a condition failed: what it wanted, and how its item ended in replay ``row`` (None: a
    block of replays, each its own way)."""
    if cond.item is None or row is None:
        return Reason("condition", condition=cond)
    code = block.outcome.get(cond.item)
    was = NAMES.get(int(code[row]), "not reached") if code is not None and code[row] != NOT_YET else "not reached"
    margin, won = block.margin.get(cond.item), block.winners.get(cond.item)
    counted = None if margin is None or margin[row] == np.iinfo(np.int64).min else int(margin[row])
    names = [block.plan.items[cond.item].candidates[c] for c in won[row] if c >= 0] if won is not None else []
    left = int(block.walked_out(cond.item, np.array([row]))[0]) if cond.left is not None else None
    ayes = int(block.ayes[cond.item][row]) if counted is not None and cond.item in block.ayes else None
    # where the rule, not the count of heads, decided (two thirds, by order), the reason says the rule,
    # as the vote's own line does: "rejected, 66 for and 34 against" is no contradiction under two thirds
    item = block.plan.items.get(cond.item)
    rule = rules.describe_vote(block.plan.scenario, item) \
        if counted is not None and isinstance(item, Vote) and (was == "adopted") != (counted > 0) else None
    return Reason("condition", condition=cond, was=was, margin=counted, ayes=ayes, rule=rule, won=tuple(names),
                  left=left)


@dataclass
class Procedure:
    """What the agenda's structure says about skipping: which debates a closure cuts."""

    plan: Plan

    @cached_property
    def closures(self) -> dict[str, list[tuple[str, str]]]:
        """item -> [(closing motion, the motion it closes the debate on)]: the debates, and the
        amendments of that motion, between the previous question (or cloture) and its vote."""
        out: dict[str, list[tuple[str, str]]] = {}
        for sp in self.plan.sessions:
            ids = [st.item.id for st in sp.steps]
            for i, st in enumerate(sp.steps):
                item = st.item
                on = item.on if isinstance(item, Vote) and item.type in ("previous_question", "cloture") else None
                if on is not None and on in ids:
                    for between in sp.steps[i + 1: ids.index(on)]:
                        x = between.item
                        if isinstance(x, Debate) or isinstance(x, Vote) and x.type == "amendment" and x.on == on:
                            out.setdefault(x.id, []).append((item.id, on))
        return out

    def skips(self, block: Block, item: Any, rows: np.ndarray, t: np.ndarray, session: str | None,
              ) -> list[tuple[np.ndarray, Reason]]:
        """(mask, why) for each reason the item is not taken in some of ``rows``."""
        out: list[tuple[np.ndarray, Reason]] = []
        if block.dissolved and not isinstance(item, (Announcement, Close)):  # no one is left to take it
            for by, gone in block.dissolved.items():
                if gone[rows].any():
                    at = float(block.started[by][rows[gone[rows]][0]])
                    out.append((gone[rows].copy(), Reason("dissolved", item=by, at=at)))
        if item.only_if is not None:
            ok = holds(block, item.only_if, rows, t, session)
            if not ok.all():
                out.append((~ok, unmet(block, item.only_if, 0 if len(rows) == 1 else None)))
        for closing, on in self.closures.get(item.id, ()):
            cut = block.cut.get(on)
            if cut is not None and cut[rows].any():
                out.append((cut[rows].copy(), Reason("closure", item=on, by=closing)))
        if isinstance(item, Vote):
            for target in (item.id, item.on):
                tabled = block.tabled.get(target or "")
                if tabled is not None and tabled[rows].any():
                    out.append((tabled[rows].copy(), Reason("tabled", item=target)))
                ruled = block.out_of_order.get(target or "")
                if ruled is not None and ruled[rows].any():
                    out.append((ruled[rows].copy(), Reason("out_of_order", item=target)))
            if item.type == "appeal" and item.on not in block.sustained:
                out.append((np.ones(len(rows), dtype=bool), Reason("no_ruling", item=item.on)))
        if isinstance(item, Decision):
            fi = block.plan.factions.index(item.faction)
            gone = block.hall(rows, t, session).by_faction[:, fi] == 0
            if gone.any():
                out.append((gone, Reason("not_in_hall", faction=item.faction)))
        return out


def fires(block: Block, trigger: Trigger, index: int, rows: np.ndarray, t: np.ndarray,
          session: str | None) -> np.ndarray:
    """(rows,) whether a trigger fires now that its cause has happened."""
    return _fires(block, trigger, index, rows, t, session)[0]


def _fires(block: Block, trigger: Trigger, index: int, rows: np.ndarray, t: np.ndarray,
           session: str | None) -> tuple[np.ndarray, np.ndarray]:
    ok = holds(block, trigger.when, rows, t, session)
    p = block.p.probability[rows, index]
    return ok & ((p >= 0.5) if block.rng is None else (block.rng.random(len(rows)) < p)), ok


def not_set_off(block: Block, trigger: Trigger, index: int, row: int, t: np.ndarray,
                session: str | None) -> Reason | None:
    """Whether a trigger fires in replay ``row`` now that its cause has happened: None if it does,
    else why not (its condition unmet, or its chance did not come up)."""
    fired, held = _fires(block, trigger, index, np.array([row]), t, session)
    if fired[0]:
        return None
    if held[0]:
        return Reason("chance", chance=float(block.p.probability[row, index]))
    return unmet(block, trigger.when, row)
