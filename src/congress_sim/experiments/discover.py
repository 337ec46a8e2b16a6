"""Scenario discovery: the regions of the assumptions under which an outcome happens.

Seeded replays draw their uncertain assumptions (the replays of ``congress-sim ensemble`` with the
same seed); PRIM, the patient rule induction method of Friedman and Fisher (1999) as the EMA
Workbench implements it for scenario discovery (Bryant and Lempert 2010; Kwakkel 2017), then peels
the space of what was drawn down to boxes where the outcome is frequent. Each box is a few limits
on a few assumptions, and is judged by its **density** (the share of the replays in the box where
the outcome happens) and its **coverage** (the share of all the replays where it happens that fall
in the box). Boxes are found one after another, each among the replays the earlier ones left out.

Along each box's peeling trajectory, the box kept is, of those with at least ``density`` and
``coverage``, the one with the largest product of the two (peeling further buys density with
coverage; this stops where the trade stops paying); its limits whose quasi-p value (the
workbench's one-sided binomial test) is above 5% are dropped, since peeling that far could be
chance. If no box of the first peeling is dense enough, the densest that covers enough is told as
the densest region there is.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from congress_sim.errors import ArgumentError, CongressSimError, Wording
from congress_sim.language import plan as planning
from congress_sim.language.scenario import Scenario
from congress_sim.model import draws
from congress_sim.views import labels
from congress_sim.views.labels import overrides

from .outcomes import Outcome, evaluate, parse

SIGNIFICANT = 0.05  # a box's limit is kept if the chance of a limit as good on random data is at most this


@dataclass
class Limit:
    """A box's limit on one assumption: a range, or the alternatives it keeps."""

    assumption: str
    low: float | None = None
    high: float | None = None
    among: tuple[str, ...] | None = None

    def words(self, scenario: Scenario | None = None) -> str:
        """The limit in words: with the ``scenario``, the assumption and its alternatives by their
        labels (``the count of delegates at the opening is the credentials report's 670``)."""
        name, among = self.assumption, self.among
        if scenario is not None:
            name = labels.assumption(scenario, planning.of(scenario), self.assumption)
            among = tuple(labels.alternative(scenario, self.assumption, a) for a in among or ()) or None
        if among is not None:
            return f"{name} is {_either(among)}"
        if self.low is not None and self.high is not None:
            return f"{name} is between {self.low:.3g} and {self.high:.3g}"
        if self.high is not None:
            return f"{name} is below {self.high:.3g}"
        return f"{name} is above {self.low:.3g}"

    def to_dict(self) -> dict[str, Any]:
        if self.among is not None:
            return {"assumption": self.assumption, "among": list(self.among)}
        return {"assumption": self.assumption, "low": self.low, "high": self.high}


def _either(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" or {names[-1]}"


@dataclass
class Box:
    limits: list[Limit]
    density: float
    coverage: float
    mass: float  # the share of all replays in the box
    replays: int
    sparse: bool = False  # below the density asked for: the densest region there is, not a region where it is frequent
    loosened: bool = False  # dense enough until the limits that could be chance were dropped

    def to_dict(self) -> dict[str, Any]:
        return {"limits": [x.to_dict() for x in self.limits], "density": round(self.density, 4),
                "coverage": round(self.coverage, 4), "mass": round(self.mass, 4), "replays": self.replays,
                "below_density": self.sparse or self.loosened}


@dataclass
class Discovery:
    scenario: Scenario
    outcome: Outcome
    description: str
    runs: int
    seed: int
    rate: float  # the share of all replays where the outcome happens
    seconds: float
    density: float  # the density and coverage asked for
    coverage: float
    boxes: list[Box] = field(default_factory=list)

    @property
    def clause(self) -> str:
        """The outcome as a sentence says it happens (``description`` names it as a row does)."""
        return self.outcome.describe(self.scenario, clause=True)

    def sentences(self) -> list[str]:
        """Each box in words: where the outcome happens, how often, and how much of it the box holds."""
        out = []
        for b in self.boxes:
            where = " and ".join(x.words(self.scenario) for x in b.limits) or "anywhere"
            out.append(f"{self.clause} in {b.density:.0%} of replays where {where} "
                       f"({b.coverage:.0%} of the replays where it happens; {b.mass:.0%} of all replays)")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario.title, "sets": list(self.scenario._sets),
                "outcome": self.outcome.text, "description": self.description,
                "runs": self.runs, "seed": self.seed, "rate": round(self.rate, 4), "seconds": round(self.seconds, 2),
                "boxes": [b.to_dict() for b in self.boxes], "sentences": self.sentences()}


def discover(scenario: Scenario, outcome: str, *, runs: int = 4000, seed: int = 0, density: float = 0.8,
             coverage: float = 0.5, boxes: int = 3, jobs: int | None = None, progress: Any = None) -> Discovery:
    """Find up to ``boxes`` regions of the uncertain assumptions where ``outcome`` (one that happens
    or not) is frequent, from ``runs`` seeded replays."""
    plan = planning.of(scenario)
    chosen = draws.assumptions(plan)
    if not chosen:
        raise CongressSimError(f"{scenario._path or scenario.title}: gives no uncertain assumption; write them under "
                               "`uncertain:` (see docs/howto.md)")
    o = parse(outcome, scenario)
    if not o.binary:  # a threshold worth trying: the deterministic replay's own value
        (value,), _ = evaluate(scenario, [o], runs=1, jobs=1)
        raise CongressSimError(f"outcome {outcome!r}: discovery needs an outcome that happens or not, such as "
                               f"government=rejected, or a number compared with a threshold ({outcome}>={value[0]:g}; "
                               f"the deterministic replay gives {value[0]:g})")
    for name, value, low, high in (("density", density, 0.0, 1.0), ("coverage", coverage, 0.0, 1.0)):
        if not low < value <= high:
            raise ArgumentError(f"{{{name}}} must be above {low:g} and at most {high:g}, not {value:g}", name)
    if runs < 100:
        raise ArgumentError(f"{{runs}} must be at least 100 for boxes worth the name, not {runs}", "runs")
    started = time.perf_counter()
    values, drawn = evaluate(scenario, [o], runs=runs, seed=seed, jobs=jobs, progress=progress)
    assert drawn is not None
    y = values[:, 0] > 0.5
    result = Discovery(scenario, o, o.describe(scenario), runs, seed, float(y.mean()), 0.0, density, coverage)
    if y.any() and not y.all() and result.rate < density:  # where it is frequent anyway, there is no region to find
        result.boxes = _prim(chosen, drawn, y, density, coverage, boxes)
    result.seconds = time.perf_counter() - started
    return result


def _frame(chosen: list[draws.Assumption], drawn: np.ndarray) -> Any:
    """What was drawn, one column per assumption: a family's alternatives as categories, values as numbers."""
    import pandas as pd

    columns: dict[str, Any] = {}
    for a, col in zip(chosen, drawn.T, strict=True):
        if a.form == "alternatives":
            columns[a.name] = pd.Categorical(draws.shown(a, col), categories=list(a.labels))
        else:
            columns[a.name] = draws.shown(a, col).astype(float)
    return pd.DataFrame(columns)


def _prim(chosen: list[draws.Assumption], drawn: np.ndarray, y: np.ndarray, density: float, coverage: float,
          most: int) -> list[Box]:
    import logging
    import warnings

    with warnings.catch_warnings():  # the workbench warns about optional parallel back ends it does not find
        warnings.simplefilter("ignore")
        try:
            from ema_workbench.analysis import prim
        except ImportError:
            raise CongressSimError("discover needs the EMA Workbench: pip install -e '.[discover]'") from None
    logging.getLogger("EMA").setLevel(logging.WARNING)
    x = _frame(chosen, drawn)
    # the workbench's threshold both marks the cases (y >= threshold: here the replays where the outcome
    # happens) and is the least density of a box it keeps; any box is kept, and the density asked for applied below
    found: list[Box] = []
    with warnings.catch_warnings():  # and about pandas features it uses that pandas will drop
        warnings.simplefilter("ignore")
        engine = prim.Prim(x, y.astype(float), threshold=0.5 / len(y), peel_alpha=0.05, paste_alpha=0.05, mass_min=0.05)
    for _ in range(most):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            box = engine.find_box()
        if box is None:
            break
        trajectory = box.peeling_trajectory
        covering = trajectory[trajectory["coverage"] >= coverage]
        dense = covering[covering["density"] >= density]
        if dense.empty and (found or covering.empty):
            break
        # of the boxes dense enough, the best balance of coverage and density; if none is dense enough, the
        # densest that covers enough is still told (the first box only), as such
        if dense.empty:
            best = covering.sort_values(["density", "coverage"], ascending=False).index[0]
        else:
            best = (dense["coverage"] * dense["density"]).idxmax()
        box.select(int(best))
        for name, p in box.qp[int(best)].items():  # a limit that could be chance (quasi-p above 5%) is dropped
            if not any(0 <= v <= SIGNIFICANT for v in p):
                box.drop_restriction(name)
        limits = _limits(x, box.box_lims[box._cur_box], engine.box_init, {a.name for a in chosen if a.form == "choice"})
        if not limits:
            break
        row = box.peeling_trajectory.iloc[box._cur_box]
        found.append(Box(limits, float(row["density"]), float(row["coverage"]), float(row["mass"]), int(row["n"]),
                         dense.empty, not dense.empty and float(row["density"]) < density))
        if dense.empty:
            break
    return found


def _limits(x: Any, lims: Any, init: Any, choices: set[str] | frozenset[str] = frozenset()) -> list[Limit]:
    """The assumptions a box restricts, with their limits (those it leaves as they were are not named).
    A choice among values is told by the values the box keeps (is 21), not by a cut between them."""
    out = []
    for name in x.columns:
        lo, hi = lims[name][0], lims[name][1]
        first, last = init[name][0], init[name][1]
        if isinstance(lo, set):
            if set(lo) != set(first):
                categories = list(x[name].cat.categories)
                out.append(Limit(name, among=tuple(c for c in categories if c in lo)))
        elif (lo > first or hi < last) and name in choices:
            values = sorted(set(x[name].tolist()))
            out.append(Limit(name, among=tuple(f"{v:g}" for v in values if lo <= v <= hi)))
        elif lo > first or hi < last:
            out.append(Limit(name, low=float(lo) if lo > first else None, high=float(hi) if hi < last else None))
    return out


def render(d: Discovery) -> str:
    """The boxes in words, then as a table."""
    lines = [f"{d.scenario.title}: {d.runs:,} seeded replays, seed {d.seed}{overrides(d.scenario._sets)}, "
             f"{d.seconds:.1f} s (PRIM: density at least "
             f"{d.density:.0%}, coverage at least {d.coverage:.0%})",
             f"{labels.capital(d.clause)} ({d.outcome.text}) in {d.rate:.1%} of all replays", ""]
    if not d.boxes:
        if d.rate in (0, 1):
            lines.append("It happens in every replay or in none: there is nothing to tell apart.")
        elif d.rate >= d.density:
            lines.append(f"That is already at least the density asked for ({d.density:.0%}): ask for a higher "
                         "{density} to find where it is more frequent still.")
        else:
            lines.append("No region of the assumptions holds enough of the replays where it happens "
                         "(try a lower {coverage}, or more {runs}).")
        return Wording("\n".join(lines), "density", "coverage", "runs")
    for i, (b, sentence) in enumerate(zip(d.boxes, d.sentences(), strict=True), 1):
        if b.sparse:
            lines.append(f"No region where it happens in {d.density:.0%} of the replays or more; the densest that "
                         f"covers {d.coverage:.0%} of them:")
        lines.append(f"Box {i}: {sentence}.")
        if len(b.limits) > 1:  # one a line, where the sentence joins several; one alone it has said
            for x in b.limits:
                lines.append(f"  {x.words(d.scenario)}")
        if b.loosened:
            lines.append(f"  (under the {d.density:.0%} asked: the box met it until the limits that could be chance "
                         "were dropped)")
        lines.append("")
    lines.append("density: the share of the box's replays where it happens; coverage: the share of the replays "
                 "where it happens that fall in the box")
    return "\n".join(lines)
