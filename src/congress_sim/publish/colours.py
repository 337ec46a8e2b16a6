"""Colours a reader can tell apart: the distance between two colours as the eye sees it (CIELAB),
and the changes that keep the groups of one figure apart.

A scenario picks each faction's colour on its own; two of them may look alike only once they are
drawn side by side (a party outside the factions beside a faction of a similar hue). The figures
then darken or lighten the later one until the two can be told apart.
"""

from __future__ import annotations

from collections.abc import Sequence

APART = 25.0  # CIELAB distance (Delta E 1976) below which two colours drawn side by side are confused
_WHITE = (0.95047, 1.0, 1.08883)  # D65


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(c: float) -> float:
    c = min(max(c, 0.0), 1.0)
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def lab(colour: str) -> tuple[float, float, float]:
    """``#rrggbb`` -> (L*, a*, b*)."""
    r, g, b = (_linear(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    xyz = (0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b,
           0.0193 * r + 0.1192 * g + 0.9505 * b)
    fx, fy, fz = (t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116
                  for t in (v / w for v, w in zip(xyz, _WHITE, strict=True)))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def hex_of(lab_: tuple[float, float, float]) -> str:
    """(L*, a*, b*) -> ``#rrggbb`` (clipped to what a screen shows)."""
    big_l, a, b = lab_
    fy = (big_l + 16) / 116
    fx, fz = fy + a / 500, fy - b / 200

    def inv(f: float) -> float:
        return f ** 3 if f ** 3 > 216 / 24389 else (116 * f - 16) * 27 / 24389

    x, y, z = (inv(f) * w for f, w in zip((fx, fy, fz), _WHITE, strict=True))
    rgb = (3.2406 * x - 1.5372 * y - 0.4986 * z, -0.9689 * x + 1.8758 * y + 0.0415 * z,
           0.0557 * x - 0.2040 * y + 1.0570 * z)
    return "#" + "".join(f"{round(_gamma(c) * 255):02x}" for c in rgb)


def distance(c1: str, c2: str) -> float:
    """How different two colours look (Delta E 1976)."""
    return sum((p - q) ** 2 for p, q in zip(lab(c1), lab(c2), strict=True)) ** 0.5


def distinct(colours: Sequence[str], apart: float = APART) -> list[str]:
    """The colours of groups drawn together, each later one darkened or lightened (its hue kept)
    until it is at least ``apart`` from every earlier one; colours already apart are unchanged."""
    out: list[str] = []
    for colour in colours:
        best = colour
        if any(distance(colour, c) < apart for c in out):
            big_l, a, b = lab(colour)
            tries = [hex_of((min(max(big_l + d, 5), 95), a, b)) for step in range(5, 65, 5) for d in (-step, step)]
            best = next((t for t in tries if all(distance(t, c) >= apart for c in out)), colour)
        out.append(best)
    return out


def unlike(taken: Sequence[str], n: int, candidates: Sequence[str], apart: float = 1.5 * APART) -> list[str]:
    """``n`` colours from ``candidates``: each the first one ``apart`` from the ``taken`` ones and
    from those chosen before it, or, where none is, the one farthest from them; once every candidate
    is chosen, they are taken again in the order first chosen (not the same one each time)."""
    chosen: list[str] = []
    for k in range(n):
        if k >= len(candidates):
            chosen.append(chosen[k % len(candidates)])
            continue
        pool = [c for c in candidates if c not in chosen]

        def nearest(c: str) -> float:
            return min((distance(c, t) for t in [*taken, *chosen]), default=1e9)

        chosen.append(next((c for c in pool if nearest(c) >= apart), max(pool, key=nearest)))
    return chosen
