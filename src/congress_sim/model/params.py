"""The numbers a block of replays runs on, as arrays over its replays.

Everything the model reads that a user may want to vary between replays (a faction's size, where
its delegates stand, a tolerance, a trigger's probability) lives here, one row per replay, built
from the scenario's values. Calibration and uncertain assumptions replace columns of it through
:func:`setter`, by the dotted path the scenario file uses; the model never knows the difference.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace

import numpy as np

from congress_sim.errors import CongressSimError
from congress_sim.language.plan import Plan


@dataclass
class Params:
    """Shapes: n replays, F factions, K issues, A arrivals, T triggers."""

    n: int
    opening: np.ndarray  # (n, F) delegates present at the opening
    arrivals: np.ndarray  # (n, A) delegates in each arrival
    centre: np.ndarray  # (n, F, K) where each faction's delegates stand
    spread: np.ndarray  # (n, F, K) how far apart they stand
    salience: np.ndarray  # (n, F, K) how much each issue weighs (0 where the faction takes no position)
    status_quo: np.ndarray  # (n, K) where things stand at the opening
    discipline: np.ndarray  # (n, F)
    tolerance: np.ndarray  # (n, F)
    seat_tolerance: np.ndarray  # (n, F)
    band: np.ndarray  # (n,)
    noise: np.ndarray  # (n,)
    probability: np.ndarray  # (n, T) each trigger's chance
    delay: np.ndarray  # (n, T) each trigger's delay
    share: np.ndarray  # (n, W) the share of each walkout that gives one (nan: who leaves follows from positions)

    def rows(self, idx: np.ndarray) -> Params:
        """The same parameters for a subset of the replays."""
        return replace(self, n=len(idx), **{f.name: getattr(self, f.name)[idx] for f in fields(self) if f.name != "n"})


def central(plan: Plan, n: int = 1) -> Params:
    """The scenario's own values, the same in each of ``n`` replays; where the scenario makes a
    value uncertain (:mod:`congress_sim.model.draws`), its central value."""
    params = scenario_values(plan, n)
    for name, spec in plan.scenario.uncertain.items():
        if spec.alternatives is not None:  # a family: its central alternative's values
            for path, value in spec.alternatives[str(spec.central)].values.items():
                setter(plan, path)(params, np.full(n, value))
        elif spec.central is not None:  # one value: a stated central (otherwise the scenario's own stands)
            setter(plan, name)(params, np.full(n, float(spec.central)))
    return params


def scenario_values(plan: Plan, n: int = 1) -> Params:
    """The values the scenario writes, the same in each of ``n`` replays."""
    s = plan.scenario
    F, K = len(plan.factions), len(plan.issues)
    b = s.behaviour
    centre = np.zeros((F, K))
    spread = np.zeros((F, K))
    salience = np.zeros((F, K))
    for i, f in enumerate(plan.factions):
        fac = s.factions[f]
        for j, k in enumerate(plan.issues):
            leaning = fac.positions.get(k)
            if leaning is not None:
                centre[i, j] = leaning.centre
                spread[i, j] = b.spread if leaning.spread is None else leaning.spread
                salience[i, j] = fac.salience.get(k, 1.0)
            else:
                centre[i, j] = s.issues[k].status_quo  # indifferent: its weight is 0 anyway
    tile = lambda a: np.repeat(np.asarray(a, dtype=float)[None], n, axis=0)  # noqa: E731
    return Params(
        n=n,
        opening=np.repeat(np.array([[s.factions[f].delegates for f in plan.factions]], dtype=np.int64), n, axis=0),
        arrivals=np.repeat(np.array([[a.arrival.count for a in plan.arrivals]], dtype=np.int64).reshape(1, -1), n, axis=0),
        centre=tile(centre), spread=tile(spread), salience=tile(salience),
        status_quo=tile([s.issues[k].status_quo for k in plan.issues]),
        discipline=tile([s.factions[f].discipline for f in plan.factions]),
        tolerance=tile([b.tolerance if s.factions[f].tolerance is None else s.factions[f].tolerance
                        for f in plan.factions]),
        seat_tolerance=tile([b.seat_tolerance if s.factions[f].seat_tolerance is None else s.factions[f].seat_tolerance
                             for f in plan.factions]),
        band=np.full(n, b.band), noise=np.full(n, b.noise),
        probability=tile([t.probability for t in plan.triggers]).reshape(n, -1),
        delay=tile([t.delay for t in plan.triggers]).reshape(n, -1),
        share=tile([np.nan if (w := plan.items[i].share) is None else w for i in plan.walkouts]).reshape(n, -1),
    )


Setter = Callable[[Params, np.ndarray], None]


def setter(plan: Plan, path: str) -> Setter:
    """How to put per-replay values of the scenario's ``path`` into :class:`Params` (the paths
    that can vary are :meth:`Plan.variable`'s)."""
    try:
        name, index = plan.variable(path)
    except ValueError as exc:
        raise CongressSimError(f"{path}: {exc}") from None

    def put(p: Params, values: np.ndarray) -> None:
        array, at = getattr(p, name), (slice(None), *index)
        cells = array[at]  # the value of each replay goes to every cell the path stands for
        new = np.asarray(values, dtype=float).reshape(-1, *([1] * (cells.ndim - 1)))
        array[at] = np.where(np.isnan(new), cells, new)  # nan: this replay keeps its value

    return put
