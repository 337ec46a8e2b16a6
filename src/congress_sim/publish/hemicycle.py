"""Where the seats of a body sit: concentric half rings, as dense along each ring as between rings,
and each group in one wedge, left to right.

The number of rings and the radius of the innermost follow from the number of seats, so that a
council of 13 is a hemicycle as much as a committee of 101: with ``r`` rings from radius ``inner``
to 1, the rings are ``(1 - inner) / (r - 1)`` apart, and the seats along them as far apart when
``inner = (2n - pi r (r - 1)) / (2n + pi r (r - 1))``; the ``r`` chosen puts ``inner`` nearest 0.4.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

INNER = 0.4  # the radius of the innermost ring aimed at (the outermost is 1): room for the count
ONE = 0.2  # the diameter of an office's one seat: a seat of a body of a few dozen, not the whole half ring
MOST = 0.33  # the widest a seat of a hemicycle is drawn: a seat of a council of a dozen, clear of the count


@dataclass(frozen=True)
class Seat:
    x: float
    y: float
    angle: float  # radians, pi at the left end, 0 at the right
    ring: int  # 0 is the innermost


def _inner(n: int, rings: int) -> float:
    k = math.pi * rings * (rings - 1)
    return (2 * n - k) / (2 * n + k)


def rings_for(n: int) -> tuple[int, float]:
    """(how many rings, the innermost radius) for ``n`` seats; a handful sit on one ring."""
    if n <= 5:
        return 1, 1.0
    best = min(range(2, n + 1), key=lambda r: abs(_inner(n, r) - INNER) if _inner(n, r) > 0 else math.inf)
    return best, _inner(n, best)


def hemicycle(n: int) -> tuple[list[Seat], float]:
    """``n`` seats ordered left to right (by angle, so that consecutive seats make a wedge), and the
    diameter a seat may have without touching its neighbours."""
    if n <= 0:
        return [], 1.0
    if n == 1:  # an office: one seat, in the middle of where the half ring would be
        return [Seat(0.0, 0.5, math.pi / 2, 0)], ONE
    rings, inner = rings_for(n)
    radii = [inner + i * (1 - inner) / (rings - 1) for i in range(rings)] if rings > 1 else [1.0]
    share = [n * r / sum(radii) for r in radii]  # each ring as full as the others
    per_ring = [max(1, int(s)) for s in share]
    while sum(per_ring) > n:
        per_ring[per_ring.index(max(per_ring))] -= 1
    for i in sorted(range(rings), key=lambda i: per_ring[i] - share[i])[: n - sum(per_ring)]:
        per_ring[i] += 1
    seats = []
    for ring, (radius, k) in enumerate(zip(radii, per_ring, strict=True)):
        for j in range(k):
            # each seat in the middle of its arc; a ring's tilt of a billionth breaks ties between rings,
            # so that the order by angle (and so each wedge) is the same on every machine
            angle = math.pi * (1 - (j + 0.5) / k) + ring * 1e-9
            seats.append(Seat(radius * math.cos(angle), radius * math.sin(angle), angle, ring))
    seats.sort(key=lambda s: -s.angle)
    gap = min((2 * r * math.sin(math.pi / (2 * k)) for r, k in zip(radii, per_ring, strict=True) if k > 1), default=1.0)
    if rings > 1:
        gap = min(gap, (1 - inner) / (rings - 1))
    # a handful on one ring stand far apart: each seat the size of an office's one seat, not a ball as wide as
    # the gap to the next, three of them filling the half ring
    return seats, min(gap * 0.86, MOST if rings > 1 else ONE)
