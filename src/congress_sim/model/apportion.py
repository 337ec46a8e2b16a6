"""Turning shares into whole seats or votes: largest remainder and highest averages.

Ties go to the earlier entry (the order factions are listed in the scenario), so every
allocation is reproducible. The functions over arrays take one row per replay, so that the
engine (one replay) and the kernel (a block of them) allocate alike; their cost does not grow
with the number of seats.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

METHODS = ("hare", "droop", "dhondt", "sainte_lague")
_EXACT = 2**52  # below this, c / d in floating point orders distinct fractions c/d exactly


def largest_remainder(counts: Sequence[int], seats: int, quota: str = "hare") -> list[int]:
    """Seats in proportion to ``counts``: whole quotas first, then the largest remainders.

    >>> largest_remainder([390, 179, 35, 21], 100)
    [62, 29, 6, 3]
    """
    total = sum(counts)
    if total == 0 or seats == 0:
        return [0] * len(counts)
    if quota == "hare":  # exact integer arithmetic: quota = total / seats
        base = [c * seats // total for c in counts]
        rem = [c * seats % total for c in counts]
    else:  # droop: the smallest whole quota no more than seats + 1 parties can each reach
        q = total // (seats + 1) + 1
        base = [c // q for c in counts]
        rem = [c % q for c in counts]
    # a Droop quota can leave more seats than parties when the electorate is tiny: go round again
    order = sorted((i for i in range(len(counts)) if counts[i] > 0), key=lambda i: (-rem[i], i))
    for k in range(seats - sum(base)):
        base[order[k % len(order)]] += 1
    return base


def highest_averages(counts: Sequence[int], seats: int, method: str = "dhondt") -> list[int]:
    """D'Hondt (divisors 1, 2, 3, ...) or Sainte-Laguë (1, 3, 5, ...): each seat to the largest average.

    >>> highest_averages([390, 179, 35, 21], 101, "dhondt")
    [64, 29, 5, 3]
    """
    return [int(x) for x in highest_averages_many(np.array([counts], dtype=np.int64), seats, method)[0]]


def highest_averages_many(counts: np.ndarray, seats: int, method: str = "dhondt") -> np.ndarray:
    """:func:`highest_averages` for each row of ``counts`` (rows = replays), in O(parties log parties).

    Giving seats one by one to the largest average c / d takes, in the end, the ``seats`` largest
    averages of all (ties to the earlier party). Every average at least T/(S+g) (D'Hondt) is among
    them if there are at most S of them, and those at least T/S are: the seats are found between
    two thresholds with at most 3g averages between them (g parties, S seats, T delegates).
    """
    counts = np.asarray(counts, dtype=np.int64)
    n, g = counts.shape
    out = np.zeros((n, g), dtype=np.int64)
    total = counts.sum(axis=1)
    rows = np.flatnonzero(total > 0)
    if seats <= 0 or rows.size == 0:
        return out
    c, t = counts[rows], total[rows][:, None]
    step = 1 if method == "dhondt" else 2
    if int(t.max()) * (step * (seats + g) + 1) >= _EXACT:  # too large for exact floating point
        for i, r in enumerate(rows):
            out[r] = _by_fractions([int(x) for x in c[i]], seats, step)
        return out
    if step == 1:  # averages >= T/S: floor(c S / T) of them; >= T/(S+g): floor(c (S+g) / T)
        low, high = c * seats // t, c * (seats + g) // t
    else:  # averages c/(2j+1) >= T/(2x): floor(c x / T + 1/2) of them, for x = S - g and S + g
        low, high = (2 * c * max(seats - g, 0) + t) // (2 * t), (2 * c * (seats + g) + t) // (2 * t)
    # the averages between the thresholds, (row, party, j) flattened: at most 3g a row
    extra = (high - low).ravel()
    at = np.repeat(np.arange(extra.size), extra)
    j = low.ravel()[at] + np.arange(at.size) - np.repeat(np.cumsum(extra) - extra, extra)
    average = c.ravel()[at] / (step * j + 1)
    row, party = at // g, at % g
    order = np.lexsort((party, -average, row))  # by row, the largest average first, ties to the earlier party
    row, party = row[order], party[order]
    rank = np.arange(row.size) - np.searchsorted(row, row)  # place within its row
    take = rank < (seats - low.sum(axis=1))[row]
    won = np.bincount(row[take] * g + party[take], minlength=len(rows) * g).reshape(len(rows), g)
    out[rows] = low + won
    return out


def _by_fractions(counts: list[int], seats: int, step: int) -> list[int]:
    """The same, exactly, for counts too large for floating point (slower, and rarely needed)."""
    g, total = len(counts), sum(counts)
    if step == 1:
        low = [c * seats // total for c in counts]
        high = [c * (seats + g) // total for c in counts]
    else:
        low = [(2 * c * max(seats - g, 0) + total) // (2 * total) for c in counts]
        high = [(2 * c * (seats + g) + total) // (2 * total) for c in counts]
    averages = sorted((-Fraction(c, step * j + 1), i) for i, c in enumerate(counts) for j in range(low[i], high[i]))
    won = list(low)
    for _, i in averages[: seats - sum(low)]:
        won[i] += 1
    return won


def allocate(counts: Sequence[int], seats: int, method: str) -> list[int]:
    """Seats by the named method (one of :data:`METHODS`)."""
    if method in ("hare", "droop"):
        return largest_remainder(counts, seats, method)
    return highest_averages(counts, seats, method)


def split(n: int, shares: Sequence[float]) -> list[int]:
    """``n`` delegates apportioned to ``shares`` by largest remainder: exactly ``n`` of them.

    >>> split(96, (0.98, 0.02, 0.0))
    [94, 2, 0]
    """
    # the arithmetic of split_many, written out for one replay: the engine calls it for each
    # faction at each vote, where numpy's overhead would cost more than the sums
    total = sum(shares)
    p = [x / total for x in shares] if total > 0 else [1.0 / len(shares)] * len(shares)
    exact = [float(n) * x for x in p]
    base = [math.floor(x) for x in exact]
    order = sorted(range(len(p)), key=lambda i: (base[i] - exact[i], i))
    for i in order[: n - sum(base)]:
        base[i] += 1
    return base


def split_many(n: np.ndarray, shares: Sequence[float]) -> np.ndarray:
    """:func:`split` for each of ``n`` (rows = replays): (rows, len(shares)), each row summing to its n.

    The shares are scaled to sum to 1, whole parts go first, then one more each by the largest
    remainder (ties to the earlier share), so rounding never adds a delegate or loses one.
    """
    n = np.asarray(n, dtype=np.int64)
    p = np.asarray(shares, dtype=np.float64)
    p = p / p.sum() if p.sum() > 0 else np.full(p.size, 1.0 / p.size)
    exact = n[:, None] * p[None, :]
    base = np.floor(exact).astype(np.int64)
    rank = np.argsort(np.argsort(-(exact - base), axis=1, kind="stable"), axis=1, kind="stable")
    # the whole parts sum to at most n (the shares sum to 1) and to more than n - len(shares)
    left = n - base.sum(axis=1)
    return base + (rank < left[:, None])  # one more to each of the largest remainders


# --- many replays at once: rows of an array ---------------------------------------------------


def split_rows(k: np.ndarray, weights: np.ndarray, first: np.ndarray | None = None) -> np.ndarray:
    """Each row's ``k`` apportioned to its whole-number ``weights`` by largest remainder (ties to
    the earlier column); rows whose weights are all 0 get nothing. Exact: every row sums to its k.

    ``first`` (a column per row, -1 for none) settles ties without the columns' order: of columns
    tied at the last remainder, it is served first, and a unit that could go to only some of the
    others goes to it instead. The split then does not change when the other columns are
    reordered (voting for a motion and against its reverse come out alike).

    >>> split_rows(np.array([19]), np.array([[312, 0, 78]])).tolist()
    [[15, 0, 4]]
    >>> split_rows(np.array([1, 1]), np.array([[1, 1, 1], [1, 1, 1]]), np.array([1, 2])).tolist()
    [[0, 1, 0], [0, 0, 1]]
    """
    weights = np.asarray(weights, dtype=np.int64)
    c = weights.shape[-1]
    if weights.size <= SMALL:  # a few rows (one replay): the same whole-number steps, row by row
        ks = np.broadcast_to(k, weights.shape[:-1]).reshape(-1).tolist()
        fs = [-1] * len(ks) if first is None else np.broadcast_to(first, weights.shape[:-1]).reshape(-1).tolist()
        parts = [split_row(kk, w, f) for kk, w, f in zip(ks, weights.reshape(-1, c).tolist(), fs, strict=True)]
        return np.array(parts, dtype=np.int64).reshape(weights.shape)
    total = weights.sum(axis=-1, keepdims=True)
    safe = np.where(total > 0, total, 1)
    k = np.where(total[..., 0] > 0, k, 0).astype(np.int64)[..., None]
    base, rem = np.divmod(k * weights, safe)
    left = k[..., 0] - base.sum(axis=-1)
    # rank columns by remainder (largest first, earlier column on ties): the keys are distinct, so a
    # column's rank is how many keys are smaller; the first `left` get one more
    key = rem * -c + np.arange(c)
    rank = (key[..., None, :] < key[..., :, None]).sum(axis=-1)
    by_order = base + (rank < left[..., None])
    if first is None:
        return by_order
    # the remainder at the cut, and the columns above it and tied at it
    cut = np.take_along_axis(-np.sort(-rem, axis=-1), np.clip(left - 1, 0, c - 1)[..., None], axis=-1)
    above = rem > cut
    tied = (rem == cut) & (left > 0)[..., None]
    mine = np.arange(c) == first[..., None]
    to_first = tied & mine
    units = left - above.sum(axis=-1) - to_first.sum(axis=-1)  # for the other tied columns
    others = tied & ~mine
    all_others = units >= others.sum(axis=-1)
    settled = base + above + to_first + (others & all_others[..., None])
    settled = settled + mine * np.where(all_others, 0, units)[..., None]
    return np.where((first >= 0)[..., None], settled, by_order)


SMALL = 64  # up to this many weights, split_rows works row by row on Python integers


def split_row(k: int, weights: list[int], first: int = -1) -> list[int]:
    """One row of :func:`split_rows` (``k``, ``weights`` and ``first`` as Python integers), by the same steps."""
    c = len(weights)
    total = sum(weights)
    if total <= 0 or k == 0:  # nothing to split (whatever the ties): what the steps give
        return [0] * c
    base = [k * w // total for w in weights]
    rem = [k * w % total for w in weights]
    left = k - sum(base)
    if first < 0:
        key = [r * -c + j for j, r in enumerate(rem)]
        return [b + (sum(x < kj for x in key) < left) for b, kj in zip(base, key, strict=True)]
    if left <= 0:
        return base
    cut = sorted(rem, reverse=True)[min(left - 1, c - 1)]
    above = [r > cut for r in rem]
    to_first = [r == cut and j == first for j, r in enumerate(rem)]
    others = [r == cut and j != first for j, r in enumerate(rem)]
    units = left - sum(above) - sum(to_first)
    all_others = units >= sum(others)
    return [b + up + mine + (other and all_others) + (units if j == first and not all_others else 0)
            for j, (b, up, mine, other) in enumerate(zip(base, above, to_first, others, strict=True))]


def allocate_rows(counts: np.ndarray, seats: int, method: str) -> np.ndarray:
    """:func:`allocate` for many replays at once (rows of ``counts``)."""
    n, g = counts.shape
    counts = counts.astype(np.int64)
    total = counts.sum(axis=1)
    out = np.zeros_like(counts)
    has = total > 0
    if seats <= 0 or not has.any():
        return out
    if method in ("hare", "droop"):
        safe = np.where(has, total, 1)[:, None]
        if method == "hare":
            base, rem = counts * seats // safe, counts * seats % safe
        else:
            q = safe // (seats + 1) + 1
            base, rem = counts // q, counts % q
        positive = counts > 0
        left = seats - base.sum(axis=1)
        order = np.argsort(-np.where(positive, rem, -1), axis=1, kind="stable")
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, np.broadcast_to(np.arange(g), (n, g)).copy(), axis=1)
        npos = np.maximum(positive.sum(axis=1), 1)
        extra = (left // npos)[:, None] + (rank < (left % npos)[:, None])
        return np.where(has[:, None], base + np.where(positive, extra, 0), 0)
    return highest_averages_many(counts, seats, method)
