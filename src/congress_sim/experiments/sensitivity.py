"""Global sensitivity: how much of an outcome's variation each uncertain assumption accounts for.

Each uncertain assumption is one input in [0, 1) (its quantile; :mod:`congress_sim.model.draws`), so
SALib's designs and estimators apply unchanged to families and weighted alternatives as to ranges:

- **Sobol indices** (Saltelli's design, ``N (d + 2)`` replays for ``d`` assumptions): the first-order
  index S1 is the share of the outcome's variance that an assumption explains alone; the total index
  ST adds its interactions with the others, so ``S1 <= ST``; intervals by bootstrap.
- **Morris screening** (elementary effects along ``r`` trajectories, ``r (d + 1)`` replays): mu*, the
  mean absolute effect of moving an assumption across its range, ranks them cheaply; sigma, the
  spread of those effects, flags interactions or a non-linear effect.

By default each replay is deterministic: the outcome is what the assumptions decide, with ballots at
their expected shares, and the caucus noise (which acts only by chance) has no effect. With
``chance``, each replay is seeded; the replay's own randomness is then part of the outcome, every
total index includes its share, and that share is estimated apart (``chance``: the variance between
replays at the same assumptions, from ``N`` replays repeated with other streams).
"""

from __future__ import annotations

import textwrap
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from congress_sim.errors import ArgumentError, CongressSimError, Wording
from congress_sim.language import plan as planning
from congress_sim.language.scenario import Scenario
from congress_sim.model import draws
from congress_sim.views import labels
from congress_sim.views.labels import overrides, short

from .outcomes import Outcome, evaluate, parse

METHODS = ("sobol", "morris")
LEVELS = 4  # Morris: the grid each assumption's quantile moves on
# SALib's 95% intervals of Sobol indices take the spread of the estimates over resamples of the base
# samples as normal, which wants some 30 of them; fewer give indices past 1 (S1 1.969 from 2 samples)
LEAST_SOBOL = 32
NAME_WIDTH = 60  # an assumption's words in the table, cut at a word to leave room for its key


@dataclass
class Result:
    """The indices of one outcome, one row per assumption, the most influential first."""

    outcome: Outcome
    description: str
    mean: float
    variance: float
    rows: list[dict[str, Any]]
    chance: float | None = None  # with chance: the share of the variance from the replays' own draws
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {"outcome": self.outcome.text, "description": self.description, "binary": self.outcome.binary,
               "mean": _r(self.mean), "variance": _r(self.variance), "indices": self.rows}
        if self.chance is not None:
            out["chance"] = _r(self.chance)
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class Sensitivity:
    scenario: Scenario
    method: str
    samples: int
    seed: int
    chance: bool
    replays: int
    seconds: float
    assumptions: list[draws.Assumption]
    results: list[Result] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario.title, "sets": list(self.scenario._sets), "method": self.method,
                "samples": self.samples, "seed": self.seed, "replays": self.replays, "seeded": self.chance,
                "seconds": round(self.seconds, 2),
                "assumptions": [{"name": a.name, "distribution": a.describe()} for a in self.assumptions],
                "outcomes": [r.to_dict() for r in self.results]}

    def named(self, name: str) -> str:
        """An assumption (its key) in words, as every command names it; the key stays in ``--json``."""
        return labels.assumption(self.scenario, planning.of(self.scenario), name)


def _r(x: float) -> float | None:
    return None if x is None or not np.isfinite(x) else round(float(x), 4)


def sensitivity(scenario: Scenario, outcomes: list[str], *, method: str = "sobol", samples: int = 1024,
                seed: int = 0, chance: bool = False, jobs: int | None = None, progress: Any = None) -> Sensitivity:
    """Sensitivity of ``outcomes`` (see :mod:`congress_sim.experiments.outcomes`) to the scenario's
    uncertain assumptions: Sobol indices from ``samples`` base samples (a power of two, at least 32), or Morris
    screening along ``samples`` trajectories."""
    if method not in METHODS:
        raise CongressSimError(f"no method {method!r}: sobol or morris")
    plan = planning.of(scenario)
    chosen = draws.assumptions(plan)
    if not chosen:
        raise CongressSimError(f"{scenario._path or scenario.title}: gives no uncertain assumption; write them under "
                               "`uncertain:` (see docs/howto.md)")
    if not outcomes:
        raise ArgumentError("give at least one outcome ({outcomes})", "outcomes")
    parsed = [parse(t, scenario) for t in outcomes]
    problem = {"num_vars": len(chosen), "names": [a.name for a in chosen], "bounds": [[0.0, 1.0]] * len(chosen)}
    started = time.perf_counter()
    if method == "sobol":
        from SALib.sample import sobol as sobol_design

        if samples < LEAST_SOBOL:
            raise ArgumentError(f"{{samples}} {samples} is too few for Sobol indices: give at least {LEAST_SOBOL} (a power "
                                "of two): their 95% intervals take the indices' spread over resamples of the base "
                                "samples as normal, which wants 30 or so", "samples")
        if samples & (samples - 1):
            raise ArgumentError(f"{{samples}} must be a power of two for Sobol indices (e.g. 1024), not {samples}", "samples")
        u = sobol_design.sample(problem, samples, calc_second_order=False, scramble=True, seed=seed)
        if chance:  # the base samples again, on other streams: the variance that chance alone makes
            u = np.vstack([u, u[:: len(chosen) + 2]])
    else:
        from SALib.sample import morris as morris_design

        if samples < 2:
            raise ArgumentError(f"{{samples}} (trajectories) must be at least 2, not {samples}", "samples")
        u = morris_design.sample(problem, samples, num_levels=LEVELS, seed=seed)
    u = np.minimum(u, np.nextafter(1.0, 0.0))
    values, _ = evaluate(scenario, parsed, u=u, seed=seed if chance else None, jobs=jobs, progress=progress)
    result = Sensitivity(scenario, method, samples, seed, chance, len(u), 0.0, chosen)
    for k, o in enumerate(parsed):
        y = values[:, k]
        result.results.append(_sobol(problem, o, scenario, y, seed, chance) if method == "sobol"
                              else _morris(problem, o, scenario, u, y, seed))
    result.seconds = time.perf_counter() - started
    return result


def _sobol(problem: dict[str, Any], o: Outcome, scenario: Scenario, y: np.ndarray, seed: int, chance: bool) -> Result:
    from SALib.analyze import sobol

    d = problem["num_vars"]
    replicas = None
    if chance:
        n = len(y) // (d + 3)  # the design (d + 2 rows per base sample), then the base samples again
        y, replicas = y[: n * (d + 2)], y[n * (d + 2):]
    base = np.r_[y[:: d + 2], y[d + 1:: d + 2]]
    described = o.describe(scenario)
    if np.var(base) == 0:
        return Result(o, described, float(y.mean()), 0.0, [], note="the outcome is the same in every replay: "
                      "no assumption moves it")
    # SALib takes a seed of 0 (our default) for none and draws its resamples unseeded: the intervals
    # would change from run to run. Its resamples take a stream of their own, derived from the seed
    resamples = int(np.random.SeedSequence(seed).generate_state(1)[0]) or 1
    si = sobol.analyze(problem, y, calc_second_order=False, num_resamples=200, conf_level=0.95, seed=resamples)
    rows = [{"assumption": name, "S1": _r(si["S1"][i]), "S1_conf": _r(si["S1_conf"][i]),
             "ST": _r(si["ST"][i]), "ST_conf": _r(si["ST_conf"][i])} for i, name in enumerate(problem["names"])]
    rows.sort(key=lambda r: -(r["ST"] or 0))
    share = None
    if replicas is not None:
        share = float(np.mean((y[:: d + 2] - replicas) ** 2) / 2 / np.var(base))
    return Result(o, described, float(y.mean()), float(np.var(base)), rows, chance=share)


def _morris(problem: dict[str, Any], o: Outcome, scenario: Scenario, u: np.ndarray, y: np.ndarray, seed: int) -> Result:
    from SALib.analyze import morris

    described = o.describe(scenario)
    if np.var(y) == 0:
        return Result(o, described, float(y.mean()), 0.0, [], note="the outcome is the same in every replay: "
                      "no assumption moves it")
    mi = morris.analyze(problem, u, y, num_resamples=200, conf_level=0.95, num_levels=LEVELS, seed=seed)
    rows = [{"assumption": name, "mu_star": _r(mi["mu_star"][i]), "mu_star_conf": _r(mi["mu_star_conf"][i]),
             "mu": _r(mi["mu"][i]), "sigma": _r(mi["sigma"][i])} for i, name in enumerate(problem["names"])]
    rows.sort(key=lambda r: -(r["mu_star"] or 0))
    return Result(o, described, float(y.mean()), float(np.var(y)), rows)


def render(s: Sensitivity) -> str:
    """The indices as a table for a terminal."""
    mode = "seeded replays (chance included)" if s.chance else "deterministic replays"
    what = (f"Sobol indices, {s.samples:,} base samples" if s.method == "sobol"
            else f"Morris screening, {s.samples:,} trajectories")
    lines = [f"{s.scenario.title}: {what}, {s.replays:,} {mode}, seed {s.seed}{overrides(s.scenario._sets)}, "
             f"{s.seconds:.1f} s",
             f"{len(s.assumptions)} uncertain assumptions"]
    # each assumption in words, then its key (what --set and a scenario's `uncertain:` call it)
    named = {a.name: short(labels.capital(s.named(a.name)), NAME_WIDTH) for a in s.assumptions}
    width = max([10, *(len(x) for x in named.values())]) + 2
    for r in s.results:
        level = f"P = {r.mean:.3f}" if r.outcome.binary else f"mean {number(r.mean)}, variance {number(r.variance)}"
        lines += ["", f"{r.outcome.text}  ({r.description}; {level})"]
        if r.note:
            lines.append(f"  {r.note}")
            continue
        if s.method == "sobol":
            lines.append(f"  {'assumption':<{width}} {'first order S1':>18} {'total ST':>18}   key")
            for row in r.rows:
                lines.append(f"  {named[row['assumption']]:<{width}} {_shown(row['S1']):>9.3f} ± {row['S1_conf']:<6.3f} "
                             f"{_shown(row['ST']):>9.3f} ± {row['ST_conf']:<6.3f}  {row['assumption']}")
            total = sum(row["S1"] for row in r.rows)
            lines.append(f"  {'sum of S1':<{width}} {total:>9.3f}" + (
                f"   (chance, the replays' own draws: {r.chance:.3f} of the variance)" if r.chance is not None else ""))
        else:
            lines.append(f"  {'assumption':<{width}} {'mu*':>18} {'sigma':>9}   key")
            for row in r.rows:
                lines.append(f"  {named[row['assumption']]:<{width}} {row['mu_star']:>9.3f} ± {row['mu_star_conf']:<6.3f} "
                             f"{row['sigma']:>9.3f}   {row['assumption']}")
    lines += ["", "(± : 95% bootstrap interval)"]
    if not s.chance and any(a.name == "behaviour.noise" for a in s.assumptions):
        # the caucus noise acts only by chance: without seeds its index is 0 by construction, not by finding
        lines += textwrap.wrap(f"({s.named('behaviour.noise')} moves nothing in deterministic replays, which take no "
                               "caucus shock; {chance} measures it)", 100)
    below = most_negative(s)
    if below:  # said once: a reader takes a negative share of variance for an error
        name, key, value = below
        lines += textwrap.wrap(f"(a negative index, as {key} {value:.3f} for {s.named(name)}, is sampling noise: a share of "
                               "the variance is never below 0, and this one is at or near 0; more {samples} narrow "
                               "the intervals)", 100)
    beyond = most_beyond(s)
    if beyond:  # likewise: S1 above ST, or a share above the whole, reads as an error in the estimator
        more = "" if below else "; more {samples} narrow the intervals"
        lines += textwrap.wrap(f"({', or '.join(w for w, _ in beyond)}, is sampling noise too: "
                               f"{', and '.join(why for _, why in beyond)}{more})", 100)
    return Wording("\n".join(lines), "chance", "samples")


def most_negative(s: Sensitivity) -> tuple[str, str, float] | None:
    """The Sobol index furthest below 0 as printed (assumption, ``S1`` or ``ST``, value), if any is.
    A share of variance is never negative: a negative estimate is the estimator's sampling noise
    about an index at or near 0."""
    found = [(row[key], row["assumption"], key) for r in s.results for row in r.rows for key in ("S1", "ST")
             if s.method == "sobol" and row.get(key) is not None and _shown(row[key]) < 0]
    if not found:
        return None
    value, name, key = min(found)
    return name, key, value


def most_beyond(s: Sensitivity) -> list[tuple[str, str]]:
    """Estimates past what a Sobol index can be, as printed, each kind with its furthest case in words
    and why it cannot be: a first-order index above its total, or an index (or the sum of the
    first-order ones) above 1. Both are the estimators' sampling noise."""
    over: list[tuple[float, str]] = []
    whole: list[tuple[float, str]] = []
    for r in s.results if s.method == "sobol" else ():
        rows = [row for row in r.rows if row.get("S1") is not None and row.get("ST") is not None]
        over += [(round(row["S1"], 3) - round(row["ST"], 3),
                  f"{row['S1']:.3f} against {row['ST']:.3f} for {s.named(row['assumption'])}") for row in rows]
        whole += [(round(row[k], 3) - 1, f"{k} {row[k]:.3f} for {s.named(row['assumption'])}")
                  for row in rows for k in ("S1", "ST")]
        total = sum(row["S1"] for row in rows)
        whole.append((round(total, 3) - 1, f"the sum of S1, {total:.3f}, for {r.outcome.text}"))
    out = []
    if over and (worst := max(over))[0] > 0:
        out.append((f"an S1 above its ST, as {worst[1]}",
                    "what an assumption explains alone is part of what it explains with its interactions"))
    if whole and (worst := max(whole))[0] > 0:
        out.append((f"an index above 1, as {worst[1]}", "no share of the variance is more than the whole"))
    return out


def number(x: float) -> str:
    """A mean or a variance to three figures, but whole past a thousand: ``2,457``, not ``2.46e+03``."""
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}"


def _shown(x: float) -> float:
    """An index as printed to three places: a tiny negative estimate (sampling error) is 0, not -0.000."""
    return 0.0 if abs(x) < 0.0005 else x
