"""Turning shares into whole seats or votes: largest remainder and highest averages.

Ties go to the earlier entry (the order factions are listed in the scenario), so every
allocation is reproducible.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

METHODS = ("hare", "droop", "dhondt", "sainte_lague")


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
    """D'Hondt (divisors 1, 2, 3, ...) or Sainte-Laguë (1, 3, 5, ...) seat by seat.

    >>> highest_averages([390, 179, 35, 21], 101, "dhondt")
    [64, 29, 5, 3]
    """
    step = 1 if method == "dhondt" else 2
    won = [0] * len(counts)
    if sum(counts) == 0:
        return won
    for _ in range(seats):
        # compare c_i / d_i without division: c_i * d_j > c_j * d_i
        best = 0
        for i in range(1, len(counts)):
            if counts[i] * (step * won[best] + 1) > counts[best] * (step * won[i] + 1):
                best = i
        won[best] += 1
    return won


def allocate(counts: Sequence[int], seats: int, method: str) -> list[int]:
    """Seats by the named method (one of :data:`METHODS`)."""
    if method in ("hare", "droop"):
        return largest_remainder(counts, seats, method)
    return highest_averages(counts, seats, method)


def split(n: int, shares: Sequence[float]) -> list[int]:
    """``n`` delegates apportioned to ``shares`` (summing to 1) by largest remainder.

    >>> split(96, (0.98, 0.02, 0.0))
    [94, 2, 0]
    """
    exact = [n * s for s in shares]
    base = [int(x) for x in exact]
    left = n - sum(base)
    if left:
        order = sorted(range(len(shares)), key=lambda i: (base[i] - exact[i], i))
        for i in order[:left]:
            base[i] += 1
    return base


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
    if total <= 0:
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
    step = 1 if method == "dhondt" else 2
    rows = np.arange(n)
    for _ in range(seats):
        best = np.argmax(counts / (step * out + 1), axis=1)
        out[rows, best] += has
    return out
