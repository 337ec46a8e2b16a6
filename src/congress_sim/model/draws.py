"""Uncertain assumptions: values that differ between seeded replays, drawn from their distributions.

A scenario's ``uncertain`` section gives some of the values the model reads (a faction's size, a
tolerance, a trigger's delay, a family of counts that go together) as distributions. Each is one
dimension of the space of assumptions: a number ``u`` in [0, 1) picks a value through the
distribution's quantile function, so that the same mapping serves a replay's draw (``u`` uniform
from the replay's own stream), a sensitivity design (``u`` from a Sobol or Morris sample) and the
boxes of scenario discovery. A family's alternatives are picked by their weights; a value an
alternative does not give is left as it was. Assumptions are applied in the order they are
written, so a later one wins where two set the same value.

The deterministic replay uses each assumption's central value
(:func:`congress_sim.model.params.central`); without a stated one, the scenario's own value stands.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from congress_sim.errors import ArgumentError
from congress_sim.language.plan import RANGES, Plan
from congress_sim.language.scenario import Uncertain

from .params import Params, setter


def require_seed(value: object) -> None:
    """Refuse what does not seed replays as ``--seed`` does: a whole number, 0 or more (from Python, a
    bool or a float is refused rather than read as one)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or int(value) < 0:
        raise ArgumentError(f"{{seed}} must be a whole number, 0 or more, not {value!r}", "seed")


@dataclass(frozen=True)
class Assumption:
    """One uncertain assumption: the paths it sets and how ``u`` in [0, 1) picks their values."""

    name: str  # the key in `uncertain`: a dotted path, or a family's name
    spec: Uncertain
    paths: tuple[str, ...]
    whole: tuple[bool, ...]  # per path: a count, drawn as a whole number
    allowed: tuple[float, float]  # the values its (first) path may take

    @property
    def form(self) -> str:
        return self.spec.form

    @property
    def discrete(self) -> bool:
        return self.form in ("choice", "alternatives")

    @property
    def labels(self) -> tuple[str, ...]:
        """The alternatives' names (a family) or values (a choice); empty for a continuous one."""
        if self.spec.alternatives is not None:
            return tuple(self.spec.alternatives)
        if self.spec.choice is not None:
            return tuple(f"{a.value:g}" for a in self.spec.choice)
        return ()

    @property
    def weights(self) -> np.ndarray:
        if self.spec.alternatives is not None:
            w = np.array([v.weight for v in self.spec.alternatives.values()])
        else:
            w = np.array([a.weight for a in self.spec.choice or []])
        return w / w.sum()

    def table(self) -> np.ndarray:
        """(alternatives, paths): each alternative's value of each path (nan: left as it was)."""
        if self.spec.alternatives is not None:
            return np.array([[v.values.get(p, np.nan) for p in self.paths] for v in self.spec.alternatives.values()])
        return np.array([[a.value] for a in self.spec.choice or []])

    def pick(self, u: np.ndarray) -> np.ndarray:
        """(n,) the alternative that each ``u`` picks, by the weights."""
        edges = np.cumsum(self.weights)
        return np.minimum(np.searchsorted(edges, u, side="right"), len(edges) - 1)

    def values(self, u: np.ndarray) -> np.ndarray:
        """(n, paths) the values that each ``u`` in [0, 1) stands for."""
        u = np.asarray(u, dtype=float)
        s = self.spec
        if self.discrete:
            out = self.table()[self.pick(u)]
        elif s.uniform is not None:
            lo, hi = s.uniform
            out = (lo + u * (hi - lo))[:, None]
        elif s.triangular is not None:
            lo, mode, hi = s.triangular
            cut = (mode - lo) / (hi - lo)
            left = lo + np.sqrt(u * (hi - lo) * (mode - lo))
            right = hi - np.sqrt((1 - u) * (hi - lo) * (hi - mode))
            out = np.where(u < cut, left, right)[:, None]
        else:
            from scipy.special import ndtr, ndtri

            assert s.normal is not None
            mean, sd = s.normal
            lo, hi = self.within()
            a, b = ndtr((lo - mean) / sd), ndtr((hi - mean) / sd)
            out = np.clip(mean + sd * ndtri(a + u * (b - a)), lo, hi)[:, None]
        return np.where(np.array(self.whole)[None, :], np.rint(out), out)

    def within(self) -> tuple[float, float]:
        """The range a continuous assumption's values fall in."""
        s = self.spec
        if s.uniform is not None:
            return s.uniform[0], s.uniform[1]
        if s.triangular is not None:
            return s.triangular[0], s.triangular[2]
        if s.within is not None:
            return s.within[0], s.within[1]
        return self.allowed

    def describe(self) -> str:
        """The distribution in a few words, e.g. ``triangular 1-2-3.5``."""
        s = self.spec
        if s.alternatives is not None:
            return "one of " + ", ".join(f"{k} ({w:.0%})" for k, w in zip(self.labels, self.weights, strict=True))
        if s.choice is not None:
            return "one of " + ", ".join(f"{k} ({w:.0%})" for k, w in zip(self.labels, self.weights, strict=True))
        if s.uniform is not None:
            return f"uniform {s.uniform[0]:g} to {s.uniform[1]:g}"
        if s.triangular is not None:
            return "triangular {:g}, {:g}, {:g}".format(*s.triangular)
        assert s.normal is not None
        lo, hi = self.within()
        return f"normal {s.normal[0]:g} ± {s.normal[1]:g}, within {lo:g} to {hi:g}"


def assumptions(plan: Plan) -> list[Assumption]:
    """The plan's uncertain assumptions, in the order written (checked by the loader)."""
    out = []
    for name, spec in plan.scenario.uncertain.items():
        paths = tuple(dict.fromkeys(p for v in spec.alternatives.values() for p in v.values)) \
            if spec.alternatives is not None else (name,)
        kinds = [RANGES[plan.variable(p)[0]] for p in paths]
        out.append(Assumption(name, spec, paths, tuple(k[2] for k in kinds), (kinds[0][0], kinds[0][1])))
    return out


def apply(plan: Plan, params: Params, u: np.ndarray, chosen: list[Assumption] | None = None) -> np.ndarray:
    """Put the values that ``u`` (n, assumptions) stands for into ``params``, in order; returns
    what was drawn (n, assumptions): a family's or choice's alternative (its index), or the value."""
    chosen = assumptions(plan) if chosen is None else chosen
    drawn = np.zeros((params.n, len(chosen)))
    for j, a in enumerate(chosen):
        values = a.values(u[:, j])
        for k, path in enumerate(a.paths):
            setter(plan, path)(params, values[:, k])
        drawn[:, j] = a.pick(u[:, j]) if a.discrete else values[:, 0]
    return drawn


def draw(plan: Plan, params: Params, rng: np.random.Generator) -> np.ndarray:
    """Draw every uncertain assumption for each replay of ``params`` from ``rng`` (one uniform
    number per replay and assumption) and put the values in; returns what was drawn (see apply)."""
    chosen = assumptions(plan)
    if not chosen:
        return np.zeros((params.n, 0))
    return apply(plan, params, rng.random((params.n, len(chosen))), chosen)


def shown(a: Assumption, column: np.ndarray) -> np.ndarray:
    """What was drawn, as a table shows it: a family's alternative by name, a value as a number."""
    if a.form == "alternatives":
        return np.array(a.labels)[column.astype(np.int64)]
    if a.discrete:
        return a.table()[column.astype(np.int64), 0]
    return column
