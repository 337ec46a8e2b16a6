"""The figure of a sensitivity analysis: each outcome's indices per assumption, the largest first.

Sobol: the first-order index (the assumption alone) in a dark bar over the total index (with its
interactions) in a light one, each with its 95% interval. Morris: mu* (the mean absolute effect)
with its interval, and sigma (the spread of the effects) as a dot. matplotlib is imported only
when a figure is made.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from congress_sim.experiments.sensitivity import Sensitivity

DARK, LIGHT, DOT = "#08519c", "#9ecae1", "#d94801"
SHARES = (-0.5, 1.5)  # the widest the axis of shares of variance goes; an interval past it is marked at the edge


def plot_sensitivity(s: Sensitivity, *, width: float = 9.0, dpi: float = 100) -> Figure:
    """One panel per outcome, the assumptions sorted by their total index (or mu*).

    >>> import congress_sim as cs
    >>> from congress_sim.experiments.sensitivity import sensitivity
    >>> s = sensitivity(cs.load("scenarios/historical-uncertain.yaml"), ["left:walkout"], samples=8, jobs=1)
    >>> len(plot_sensitivity(s).axes)
    1
    """
    from congress_sim.experiments.sensitivity import most_beyond, most_negative, number
    from congress_sim.views.labels import capital, overrides

    from .figure import Figure
    from .plot import _footnote

    shown = s.results
    d = len(s.assumptions)
    height = 1.2 + sum(0.8 + 0.28 * max(len(r.rows), 1) for r in shown)
    fig = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
    axes = fig.subplots(len(shown), 1, squeeze=False, height_ratios=[max(len(r.rows), 1) + 2 for r in shown])[:, 0]
    # Sobol: one axis of shares for every panel, so that their zeros line up, wide enough for every
    # interval (Morris's effects are in each outcome's own units, so each panel keeps its own axis)
    ends = [row[k] + sign * row[f"{k}_conf"] for r in shown for row in r.rows for k in ("S1", "ST") for sign in (-1, 1)
            if s.method == "sobol" and row[k] is not None and row[f"{k}_conf"] is not None]
    limits = (max(SHARES[0], min([-0.05, *(e - 0.03 for e in ends)])), min(SHARES[1], max([1.05, *(e + 0.03 for e in ends)])))
    beyond = False
    for ax, r in zip(axes, shown, strict=True):
        level = f"P = {r.mean:.3f}" if r.outcome.binary else f"mean {number(r.mean)}"
        said = "" if r.description == r.outcome.text else f": {r.description}"
        ax.set_title(textwrap.fill(f"{r.outcome.text}{said} ({level})", 70), loc="left", fontsize=10)
        if not r.rows:
            ax.text(0.5, 0.5, r.note or "", ha="center", va="center", transform=ax.transAxes, fontsize=9)
            ax.set_axis_off()
            continue
        rows = r.rows[::-1]  # the largest at the top
        y = [float(i) for i in range(len(rows))]
        names = [textwrap.fill(capital(s.named(row["assumption"])), 40) for row in rows]  # in words, as the table
        if s.method == "sobol":
            _bars(ax, [v + 0.1 for v in y], rows, "ST", LIGHT, "total (ST)", 0.6)
            _bars(ax, [v - 0.2 for v in y], rows, "S1", DARK, "first order (S1)", 0.3)
            beyond |= _past(ax, [v + 0.1 for v in y], rows, "ST", limits)
            beyond |= _past(ax, [v - 0.2 for v in y], rows, "S1", limits)
            ax.set_xlabel("share of the outcome's variance")
            ax.axvline(0, color="#444444", linewidth=0.8)
            ax.set_xlim(*limits)
            if r.chance is not None:
                ax.axvline(r.chance, color=DOT, linestyle="--", linewidth=1, label=f"chance ({r.chance:.2f})")
        else:
            _bars(ax, y, rows, "mu_star", LIGHT, "mu* (mean absolute effect)", 0.7)
            ax.plot([row["sigma"] for row in rows], y, "o", color=DOT, markersize=4, label="sigma (spread of effects)")
            ax.set_xlabel("effect on the outcome of moving the assumption across its range")
        ax.set_yticks(y, names, fontsize=8)
        ax.set_ylim(-0.7, len(rows) - 0.3)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    what = (f"Sobol indices, {s.samples:,} base samples" if s.method == "sobol"
            else f"Morris screening, {s.samples:,} trajectories")
    mode = "seeded replays" if s.chance else "deterministic replays"
    fig.suptitle(f"{s.scenario.title}\nsensitivity to {d} uncertain assumptions", x=0.01, ha="left", fontsize=11)
    notes = [f"{what}; {s.replays:,} {mode}, seed {s.seed}{overrides(s.scenario._sets)}; bars: 95% bootstrap intervals"]
    if beyond:
        notes.append("a triangle at the axis's end: an interval that runs past it")
    if most_negative(s):
        notes.append("a bar below 0 is sampling noise (a share of the variance is never below 0)")
    if most_beyond(s):
        notes.append("so is a dark bar longer than its light one, or one past 1 (S1 is part of ST, and no share is above "
                     "the whole)" if most_negative(s) else
                     "a dark bar longer than its light one, or one past 1, is sampling noise (S1 is part of ST, and no "
                     "share is above the whole)")
    foot = _footnote(fig, "; ".join(notes))
    fig.get_layout_engine().set(rect=(0, foot, 1, 1 - foot))  # type: ignore[union-attr, call-arg]
    return fig


def _past(ax: Any, y: list[float], rows: list[dict[str, Any]], key: str, limits: tuple[float, float]) -> bool:
    """Mark with a triangle at the axis's end each interval that runs past it; whether any does."""
    marks = [(limits[0], at, "<") for at, row in zip(y, rows, strict=True)
             if row[key] is not None and row[key] - (row[f"{key}_conf"] or 0) < limits[0]]
    marks += [(limits[1], at, ">") for at, row in zip(y, rows, strict=True)
              if row[key] is not None and row[key] + (row[f"{key}_conf"] or 0) > limits[1]]
    for x, at, marker in marks:
        ax.plot([x], [at], marker=marker, color="#333333", markersize=5, clip_on=False, zorder=4, gid=f"past:{key}")
    return bool(marks)


def _bars(ax: Any, y: list[float], rows: list[dict[str, Any]], key: str, colour: str, label: str, height: float) -> None:
    values = [row[key] for row in rows]
    conf = [row[f"{key}_conf"] for row in rows]
    ax.barh(y, values, height=height, color=colour, label=label, xerr=conf,
            error_kw={"elinewidth": 0.8, "capsize": 2, "ecolor": "#333333"})
