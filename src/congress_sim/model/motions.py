"""What a motion means to each delegate, and what adopting it does.

A motion's content says where adopting it moves things; a delegate's stake is the gain in its
utility from the alternative to that point. The alternative is where things stood when the assembly
opened, on the issues the motion names (what rejecting it would leave in place of what it enacts),
unless the motion says otherwise (``against``); on the other issues, where they stand now. So a
resolution that confirms what an earlier one did is still judged by what it enacts. Procedural
motions take their stake from the motion they are about:

- an **amendment** compares the motion as amended with the motion as it stands;
- the **previous question** or **cloture** ends the debate on a motion: those who want the motion
  adopted want the vote now, so the stake is the motion's; its own content, if it has one, is what
  ending the debate does besides (a precedent against unlimited debate), and adds to the stake;
- to **lay on the table** sets a motion aside: the stake is the motion's, reversed;
- to **adjourn** or **recess** while a motion is pending (``on``) puts it off: reversed too;
  without ``on`` they are judged by their own content;
- a **priority** motion (take this proposal before ``on``) compares the two proposals;
- an **appeal** from the chair's ruling asks whether the ruling stands: the stake is the ruling's.
"""

from __future__ import annotations

import numpy as np

from congress_sim.language.scenario import Ruling, Vote

from .block import Block, Stake


def vector(block: Block, content: dict[str, float]) -> np.ndarray:
    """(K,) a content as a point on the issues; nan where it does not touch an issue."""
    out = np.full(len(block.plan.issues), np.nan)
    for k, v in content.items():
        out[block.plan.issues.index(k)] = v
    return out


def content_of(block: Block, vote: Vote | Ruling, rows: np.ndarray) -> np.ndarray:
    """(rows, K) the motion's content as it stands in each replay (amendments included)."""
    if vote.id in block.content:
        return block.content[vote.id][rows]
    return np.broadcast_to(vector(block, vote.content), (len(rows), len(block.plan.issues)))


def apply(sq: np.ndarray, content: np.ndarray) -> np.ndarray:
    return np.where(np.isnan(content), sq, content)


def movement(block: Block, vote: Vote, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(from, to, sign): voting for ``vote`` is voting to move things ``from`` -> ``to`` (each
    (rows, K)), or, where ``sign`` is -1, against that move (see the module)."""
    sq = block.sq[rows]
    plus = np.ones(len(rows))
    target = block.plan.items.get(vote.on) if vote.on else None
    if vote.type == "amendment" and isinstance(target, Vote):
        as_is = content_of(block, target, rows)
        change = vector(block, vote.content)
        return apply(sq, as_is), apply(sq, np.where(np.isnan(change), as_is, change)), plus
    if vote.type in ("previous_question", "cloture", "table", "adjourn", "recess") and isinstance(target, Vote):
        old, new, sign = movement(block, target, rows)
        return old, new, sign * (1 if vote.type in ("previous_question", "cloture") else -1)
    if vote.type == "priority" and isinstance(target, Vote):
        return apply(sq, content_of(block, target, rows)), apply(sq, content_of(block, vote, rows)), plus
    if vote.type == "appeal" and isinstance(target, Ruling):
        upheld = block.sustained.get(target.id, np.zeros(block.n, dtype=bool))[rows]
        # for sustaining the chair: for the point if the chair upheld it, against it if not
        old, new, sign = point(block, target, rows)
        return old, new, sign * np.where(upheld, 1.0, -1.0)
    # a main motion is weighed against where things stood when the assembly opened, on the issues it
    # names: what rejecting it would leave in place of what it enacts (or `against`, where given)
    content = content_of(block, vote, rows)
    old = apply(sq, np.where(np.isnan(content), np.nan, block.sq0[rows]))
    if vote.against:
        old = apply(old, np.broadcast_to(vector(block, vote.against), sq.shape))
    return old, apply(sq, content), plus


def point(block: Block, ruling: Ruling, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What sustaining a point of order does: put the motion it is against out of order (the reverse
    of adopting that motion), or move things as its content says."""
    target = block.plan.items.get(ruling.on) if ruling.on else None
    if isinstance(target, Vote):
        old, new, sign = movement(block, target, rows)
        return old, new, -sign
    # once ruled, the point's issues stand as the ruling left them: an appeal weighs them as they were before
    content = content_of(block, ruling, rows)
    before = block.ruled_from.get(ruling.id)
    old = block.sq[rows] if before is None else np.where(np.isnan(content), block.sq[rows], before[rows])
    return old, apply(old, content), np.ones(len(rows))


def stake(block: Block, vote: Vote, rows: np.ndarray) -> Stake:
    """What adopting ``vote`` gains each delegate (see the module)."""
    old, new, sign = movement(block, vote, rows)
    gain = block.stake(rows, old, new).scaled(sign)
    if _closes_debate(block, vote) and vote.content:
        sq = block.sq[rows]
        gain = gain.plus(block.stake(rows, sq, apply(sq, content_of(block, vote, rows))))
    return gain


def _closes_debate(block: Block, vote: Vote) -> bool:
    """A previous question or cloture on a motion, whose own content adds to the motion's stake."""
    return vote.type in ("previous_question", "cloture") and isinstance(block.plan.items.get(vote.on or ""), Vote)


def person_gain(block: Block, person: str, old: np.ndarray, new: np.ndarray) -> np.ndarray:
    """(rows,) the gain of a person who is not one of the delegates (the issues it takes a position on
    weigh 1, or its own salience)."""
    who = block.plan.scenario.persons[person]
    pos = vector(block, who.positions)
    w = (~np.isnan(pos)).astype(float)
    for k, weight in who.salience.items():
        w[block.plan.issues.index(k)] *= weight
    pos = np.nan_to_num(pos)
    return (w * (new - old) * (2 * pos - old - new)).sum(axis=1)


def chair_stake(block: Block, vote: Vote, rows: np.ndarray) -> np.ndarray | None:
    """The presiding officer's own gain, when the chair is not one of the delegates."""
    chair = block.plan.scenario.rules.chair
    if chair is None or chair.person in block.roster.named:
        return None
    old, new, sign = movement(block, vote, rows)
    gain = sign * person_gain(block, chair.person, old, new)
    if _closes_debate(block, vote) and vote.content:
        sq = block.sq[rows]
        gain = gain + person_gain(block, chair.person, sq, apply(sq, content_of(block, vote, rows)))
    return gain


def adopted(block: Block, vote: Vote, rows: np.ndarray, t: np.ndarray) -> None:
    """What adopting ``vote`` does in the replays ``rows`` (at times ``t``)."""
    if not len(rows):
        return
    on = vote.on
    if vote.type == "main":
        block.sq[rows] = apply(block.sq[rows], content_of(block, vote, rows))
    elif vote.type == "amendment" and on:
        target = block.plan.items[on]
        current = block.content.setdefault(on, np.broadcast_to(vector(block, target.content),
                                                               (block.n, len(block.plan.issues))).copy())
        change = vector(block, vote.content)
        current[rows] = np.where(np.isnan(change), current[rows], change)
    elif vote.type in ("previous_question", "cloture") and on:
        block.cut.setdefault(on, np.zeros(block.n, dtype=bool))[rows] = True
        if vote.content:
            block.sq[rows] = apply(block.sq[rows], content_of(block, vote, rows))
    elif vote.type == "table" and on:
        block.tabled.setdefault(on, np.zeros(block.n, dtype=bool))[rows] = True
    elif vote.type == "adjourn":
        block.closed[rows] = True
    elif vote.type == "recess":
        block.floor[rows] = np.maximum(block.floor[rows], t + (vote.minutes or 0))
    elif vote.type == "appeal" and on:
        pass  # the chair is sustained: its ruling stands as it was applied


def rejected_appeal(block: Block, vote: Vote, rows: np.ndarray) -> None:
    """An appeal that does not sustain the chair reverses the ruling."""
    ruling = block.plan.items[vote.on or ""]
    upheld = ~block.sustained[ruling.id][rows]
    block.sustained[ruling.id][rows] = upheld
    _decide_point(block, ruling, rows, upheld)


def rule(block: Block, ruling: Ruling, rows: np.ndarray) -> np.ndarray:
    """The chair rules on a point of order from the chair's own positions: upheld if it gains."""
    chair = block.plan.scenario.rules.chair
    assert chair is not None
    slot = block.roster.named.get(chair.person)
    old, new, sign = point(block, ruling, rows)
    gain = sign * (block.gains(rows, block.stake(rows, old, new), slot, slot + 1)[:, 0] if slot is not None
                   else person_gain(block, chair.person, old, new))
    upheld = gain > 0
    block.ruled_from.setdefault(ruling.id, block.sq.copy())[rows] = block.sq[rows]  # where things stood
    block.sustained.setdefault(ruling.id, np.zeros(block.n, dtype=bool))[rows] = upheld
    _decide_point(block, ruling, rows, upheld)
    return upheld


def _decide_point(block: Block, ruling: Ruling, rows: np.ndarray, stands: np.ndarray) -> None:
    """Where the point stands: its motion out of order, or its content applied (undone where it falls)."""
    if ruling.on:
        block.out_of_order.setdefault(ruling.on, np.zeros(block.n, dtype=bool))[rows] = stands
        return
    before = block.ruled_from[ruling.id]
    content = content_of(block, ruling, rows)
    block.sq[rows] = np.where(stands[:, None], apply(before[rows], content),
                              np.where(np.isnan(content), block.sq[rows], before[rows]))
