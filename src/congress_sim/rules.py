"""Quorum and majority: when a vote may be taken, and when a motion is adopted."""

from __future__ import annotations

import math

from .events import Tally
from .scenario import Quorum


def quorum_needed(quorum: Quorum | None, base: int) -> int:
    """Delegates who must be present; ``base`` is the registered (or opening) total."""
    if quorum is None:
        return 0
    if quorum.count is not None:
        return quorum.count
    return math.ceil((quorum.share or 0) * base - 1e-9)


def result_of(majority: str, tally: dict[str, Tally], present: int) -> str:
    """"adopted" or "rejected" under the majority rule.

    simple: more for than against; absolute: for is more than half of those present;
    two_thirds: for is at least two thirds of those voting for or against;
    unanimity: at least one for and none against (abstentions do not break it).
    """
    f = sum(t[0] for t in tally.values())
    a = sum(t[1] for t in tally.values())
    if majority == "simple":
        ok = f > a
    elif majority == "absolute":
        ok = 2 * f > present
    elif majority == "two_thirds":
        ok = f > 0 and 3 * f >= 2 * (f + a)
    else:
        ok = f > 0 and a == 0
    return "adopted" if ok else "rejected"
