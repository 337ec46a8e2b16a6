"""Quorum, majority and how delegates lean: the rules the engine and the kernel share.

Each function works on plain numbers (one replay) and on NumPy arrays (a block of replays) alike.
"""

from __future__ import annotations

import math
from typing import Any

from congress_sim.events import Tally
from congress_sim.language.scenario import Quorum, Scenario, Vote


def rules_for(scenario: Scenario, vote: Vote) -> tuple[Quorum | None, str]:
    """The quorum and majority a vote is taken under: its own, where it gives them, else the assembly's."""
    over = vote.rules
    quorum = over.quorum if over and over.quorum else scenario.rules.quorum
    majority = over.majority if over and over.majority else scenario.rules.majority
    return quorum, majority


def quorum_needed(quorum: Quorum | None, base: int) -> int:
    """Delegates who must be present; ``base`` is the registered (or opening) total."""
    if quorum is None:
        return 0
    if quorum.count is not None:
        return quorum.count
    return math.ceil((quorum.share or 0) * base - 1e-9)


def passes(majority: str, f: Any, a: Any, present: Any) -> Any:
    """Whether ``f`` votes for and ``a`` against carry a motion under the majority rule.

    simple: more for than against; absolute: for is more than half of those present;
    two_thirds: for is at least two thirds of those voting for or against;
    unanimity: at least one for and none against (abstentions do not break it).
    """
    if majority == "simple":
        return f > a
    if majority == "absolute":
        return 2 * f > present
    if majority == "two_thirds":
        return (f > 0) & (3 * f >= 2 * (f + a))
    return (f > 0) & (a == 0)


def result_of(majority: str, tally: dict[str, Tally], present: int) -> str:
    """"adopted" or "rejected" for one replay's tally (see :func:`passes`)."""
    f = sum(t[0] for t in tally.values())
    a = sum(t[1] for t in tally.values())
    return "adopted" if passes(majority, f, a, present) else "rejected"


def shares(scenario: Scenario, faction: str, vote: Vote) -> tuple[float, float, float]:
    """The propensities a faction's delegates vote by: its stance on the motion (or its general
    leaning; none: abstain), with its discipline pulling that share of them to its line."""
    stance = vote.stances.get(faction) or scenario.factions[faction].stance
    p = stance.shares if stance is not None else (0.0, 0.0, 1.0)
    d = scenario.factions[faction].discipline
    if d is None:
        return p
    line = max(range(3), key=lambda k: (p[k], -k))
    x, y, z = (d * (k == line) + (1 - d) * q for k, q in enumerate(p))
    return (x, y, z)
