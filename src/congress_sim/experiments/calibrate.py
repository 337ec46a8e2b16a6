"""Calibration, kept apart from validation: the scenario's free parameters fitted to the facts the
record marks as targets, and nothing else.

Two established methods, each for what it does well:

- the **point fit** minimises the targets' squared errors (each in units of its tolerance) with
  ``scipy.optimize.differential_evolution``: it needs no gradient (a replay's counts move in whole
  delegates) and evaluates a whole population at once, which the vectorised kernel runs as one block;
- the **interval** of each parameter is approximate Bayesian computation by rejection: a scrambled
  Sobol design over the free ranges (``scipy.stats.qmc``, a uniform prior) is replayed, the samples
  that meet every target within its tolerance are kept, and their 5-95% range is reported.

Replays are deterministic (positions at evenly spaced quantiles), so a parameter's interval says how
far it can move and still meet the targets, not how noisy the ballots are. The targets' roles
become *calibrated*: :mod:`congress_sim.record.roles` no longer counts them as evidence.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from congress_sim.drivers.kernel import Kernel
from congress_sim.errors import CongressSimError, Wording
from congress_sim.language import plan as planning
from congress_sim.language.scenario import Scenario
from congress_sim.model.params import central, setter
from congress_sim.record import facts as rec
from congress_sim.record.judge import judge, moments, positions, unjudged
from congress_sim.views.labels import short

CHUNK = 512  # samples replayed at once
PREDICTIVE = 512  # accepted samples at most over which the predictions are replayed


@dataclass
class Fit:
    """The fitted values, their intervals, and how each target came out."""

    scenario: Scenario
    source: str
    targets: list[rec.Fact]
    values: dict[str, float]
    intervals: dict[str, tuple[float, float]]
    accepted: int
    samples: int
    residuals: list[dict[str, Any]] = field(default_factory=list)
    evaluations: int = 0
    predictions: list[dict[str, Any]] = field(default_factory=list)  # each prediction across the accepted fits
    statements: dict[str, str] = field(default_factory=dict)  # each fact in its source's words, for the reader (ids in JSON)

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario.title, "source": self.source,
                "targets": [f.id for f in self.targets], "values": self.values,
                "intervals": {k: list(v) for k, v in self.intervals.items()},
                "accepted": self.accepted, "samples": self.samples, "residuals": self.residuals,
                "evaluations": self.evaluations, "predictions": self.predictions}

    def parameters_yaml(self, command: str) -> str:
        """The parameters file the scenario includes (``parameters:``)."""
        import yaml

        today = _dt.date.today().isoformat()
        head = (f"# Fitted by `{command}` on {today}; written by the program, not by hand.\n"
                f"# The free parameters of the scenario, fitted to the record's targets for {self.source}.\n"
                f"# Point fit: least squares (scipy differential evolution); intervals: the 5-95% range of the\n"
                f"# {self.accepted} of {self.samples} Sobol samples that meet every target within its tolerance.\n")
        body = {"fitted_to": [f.id for f in self.targets], "source": self.source,
                "values": {k: round(v, 4) for k, v in self.values.items()},
                "intervals": {k: [round(a, 4), round(b, 4)] for k, (a, b) in self.intervals.items()},
                "accepted": f"{self.accepted} of {self.samples}"}
        return head + yaml.safe_dump(body, sort_keys=False, width=100)


class _Problem:
    """The targets and the free parameters, evaluated for many parameter values at once."""

    def __init__(self, scenario: Scenario, record: rec.Record, source: str):
        self.scenario, self.source = scenario, source
        self.plan = planning.of(scenario)
        self.paths = list(scenario.free)
        if not self.paths:
            raise CongressSimError(f"{scenario._path or scenario.title}: the scenario leaves no parameter free "
                                   "(give `free: {path: [low, high]}`)")
        self.targets = [f for f in record.facts if f.target]
        if not self.targets:
            raise CongressSimError("the record marks no fact as a calibration target (give a fact `target: true`)")
        # each target's value: the chosen source's, or, where it gives none, the first source's
        self.attested = [next((a for a in fact.attestations if a.source == source), fact.attestations[0])
                         for fact in self.targets]
        wanted = rec.Record(title="targets", facts=self.targets)
        self.kernel = Kernel(scenario, moments(wanted), positions=positions(wanted))
        self.setters = [setter(self.plan, p) for p in self.paths]
        self.low = np.array([scenario.free[p].low for p in self.paths])
        self.high = np.array([scenario.free[p].high for p in self.paths])
        self.evaluations = 0

    def run(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
        """For parameter rows ``x`` (n, d): (every target met, squared error, each target's error)."""
        ok = np.zeros(len(x), dtype=bool)
        err = np.zeros(len(x))
        each = [np.zeros(len(x)) for _ in self.targets]
        for start in range(0, len(x), CHUNK):
            part = x[start:start + CHUNK]
            params = central(self.plan, len(part))
            for put, column in zip(self.setters, part.T, strict=True):
                put(params, column)
            out = self.kernel.run(len(part), None, params)
            met = np.ones(len(part), dtype=bool)
            for i, (fact, a) in enumerate(zip(self.targets, self.attested, strict=True)):
                judged = judge(fact, a, out, self.kernel)
                if judged is None:
                    raise CongressSimError(f"target {fact.id!r} cannot be measured over many replays "
                                           f"({unjudged(fact, a, self.kernel)})")
                passed, error = judged
                met &= passed
                each[i][start:start + len(part)] = error
                err[start:start + len(part)] += error ** 2
            ok[start:start + len(part)] = met
        self.evaluations += len(x)
        return ok, err, each


def calibrate(scenario: Scenario, record: rec.Record | None = None, source: str | None = None,
              samples: int = 2048, seed: int = 1, polish: bool = True) -> Fit:
    """Fit ``scenario``'s free parameters to ``record``'s targets for ``source`` (the primary by default)."""
    from scipy.optimize import differential_evolution
    from scipy.stats import qmc

    record = record or rec.record_of(scenario)
    if record is None:
        raise CongressSimError(f"{scenario._path or scenario.title}: the scenario names no `record` to fit to")
    source = rec.require_source(scenario, record, source)  # an unknown source is an error, as in `check`
    if source is None:
        raise CongressSimError("no source given and the scenario has no primary_source")
    problem = _Problem(scenario, record, source)
    d = len(problem.paths)
    # the interval: rejection over a Sobol design (a power of two keeps its balance)
    n = 1 << max(int(np.ceil(np.log2(max(samples, 2)))), 1)
    design = qmc.scale(qmc.Sobol(d, scramble=True, seed=seed).random(n), problem.low, problem.high)
    ok, err, _ = problem.run(design)
    kept = design[ok]
    intervals = {p: (float(np.quantile(kept[:, j], 0.05)), float(np.quantile(kept[:, j], 0.95)))
                 if len(kept) else (float("nan"), float("nan")) for j, p in enumerate(problem.paths)}
    # the point: least squares, started from the best of the design
    best = design[int(np.argmin(err))]
    if polish:
        result = differential_evolution(
            lambda x: problem.run(np.atleast_2d(x.T))[1], list(zip(problem.low, problem.high, strict=True)),
            seed=seed, vectorized=True, updating="deferred", polish=False, popsize=max(8, 4 * d), maxiter=60, tol=1e-6,
            init=_population(best, problem.low, problem.high, max(8, 4 * d) * d, seed))
        if result.fun <= err.min():
            best = np.asarray(result.x)
    values = {p: float(v) for p, v in zip(problem.paths, best, strict=True)}
    met, _, each = problem.run(best[None, :])
    residuals = [{"fact": f.id, "source": a.source, "error": round(float(e[0]), 4), "within_tolerance": None}
                 for f, a, e in zip(problem.targets, problem.attested, each, strict=True)]
    for r, f, a in zip(residuals, problem.targets, problem.attested, strict=True):
        judged = judge(f, a, _one(problem, best), problem.kernel)
        r["within_tolerance"] = bool(judged[0][0]) if judged else None
    return Fit(scenario, source, problem.targets, values, intervals, int(ok.sum()), n, residuals,
               problem.evaluations, _predictions(problem, record, kept, best),
               {f.id: f.statement_of(source) for f in record.facts})


def _predictions(problem: _Problem, record: rec.Record, kept: np.ndarray, best: np.ndarray) -> list[dict[str, Any]]:
    """Each predicted fact at the fitted point and across the samples that met every target.

    Where the targets leave a parameter loose, its fitted value is one of many that fit as well;
    a prediction that holds at the point but not across the others rests on that arbitrary
    choice, and the share says so.
    """
    from congress_sim.drivers.engine import simulate
    from congress_sim.record.roles import PREDICTED, role

    replay = simulate(problem.scenario)
    facts = [f for f in record.facts if not f.target and role(f, replay, record)[0] == PREDICTED]
    given = [(f, next((a for a in f.attestations if a.source == problem.source), None)) for f in facts]
    chosen = [(f, a) for f, a in given if a is not None]
    if not chosen:
        return []
    wanted = rec.Record(title="predictions", facts=[f for f, _ in chosen])
    kernel = Kernel(problem.scenario, moments(wanted), positions=positions(wanted))
    rows = np.vstack([best[None, :], kept[:PREDICTIVE]])
    params = central(problem.plan, len(rows))
    for put, column in zip(problem.setters, rows.T, strict=True):
        put(params, column)
    out = kernel.run(len(rows), None, params)
    found = []
    for f, a in chosen:
        judged = judge(f, a, out, kernel)
        if judged is None:
            continue
        passed = judged[0]
        found.append({"fact": f.id, "at_fit": bool(passed[0]),
                      "share": float(passed[1:].mean()) if len(rows) > 1 else None, "of": len(rows) - 1})
    return found


def _one(problem: _Problem, x: np.ndarray) -> Any:
    params = central(problem.plan, 1)
    for put, v in zip(problem.setters, x, strict=True):
        put(params, np.array([v]))
    return problem.kernel.run(1, None, params)


def _population(best: np.ndarray, low: np.ndarray, high: np.ndarray, size: int, seed: int) -> np.ndarray:
    """A first population around the design's best sample, and across the whole box."""
    rng = np.random.default_rng(seed)
    near = best + (high - low) * 0.05 * rng.standard_normal((size // 2, len(best)))
    wide = low + (high - low) * rng.random((size - size // 2, len(best)))
    return np.clip(np.vstack([best[None, :], near[1:], wide]), low, high)


def write(fit: Fit, path: str | Path, command: str, force: bool = False) -> Path:
    """Write the parameters file; an existing one is replaced only with ``force``."""
    from congress_sim.outputs import atomic_write, check_file

    target = check_file(path, force)
    atomic_write(target, fit.parameters_yaml(command).encode())
    return target


FACT_WIDTH = 60  # a fact's statement in a table, cut at a word to leave its numbers on the line


def render(fit: Fit) -> str:
    """The fit for a terminal: each parameter with its interval, each target with its error; each
    fact as its source states it (its id in ``--json``)."""
    def said(ident: str, width: int = FACT_WIDTH) -> str:
        return short(fit.statements.get(ident, ident), width)

    lines = [f"Calibrated {fit.scenario.title} against {fit.source}", "",
             "Targets (now calibrated, no longer evidence):",
             *(f"  {short(f.statement_of(r['source']), 96)}" for f, r in zip(fit.targets, fit.residuals, strict=True)), "",
             f"{'parameter':<58}{'fitted':>9}   5-95% of accepted samples"]
    outside = False
    for p, v in fit.values.items():
        lo, hi = fit.intervals[p]
        span = "none met every target" if np.isnan(lo) else f"{lo:.3f} to {hi:.3f}"
        if not np.isnan(lo) and not lo <= round(v, 3) <= hi:
            span += " *"
            outside = True
        lines.append(f"{p:<58}{v:>9.3f}   {span}")
    lines += ["", f"{fit.accepted} of {fit.samples} samples met every target within its tolerance "
              f"({fit.evaluations} replays in all)"]
    if outside:  # two estimates: say why they can disagree, rather than leave it to be puzzled over
        lines += ["* the fitted value lies outside the range of the samples that met every target: the fit is "
                  "the least error,", "  the range the middle 90% of the samples that met every target, which "
                  "few samples make coarse", "  (more {samples} give a finer range)"]
    fact = {f.id: f for f in fit.targets}  # each target in the words of the source it was fitted to
    targets = [f"{short(fact[r['fact']].statement_of(r['source']), FACT_WIDTH - len(r['source']) - 3)} ({r['source']})"
               for r in fit.residuals]
    tw = max([44, *(len(t) + 2 for t in targets)])
    lines += ["", f"{'target':<{tw}}{'error':>8}   within tolerance"]
    for t, r in zip(targets, fit.residuals, strict=True):
        lines.append(f"{t:<{tw}}{r['error']:>8.3f}   {'yes' if r['within_tolerance'] else 'no'}")
    lines.append("(an error is in units of the target's tolerance, or in its own units where it has none)")
    if fit.predictions:
        facts = [said(pred["fact"]) for pred in fit.predictions]
        fw = max([44, *(len(f) + 2 for f in facts)])
        lines += ["", f"Predictions (facts neither written nor fitted), for {fit.source}:",
                  f"{'fact':<{fw}}{'at the fit':>10}   passes across the samples that met every target"]
        for f, pred in zip(facts, fit.predictions, strict=True):
            across = "-" if pred["share"] is None else f"{pred['share']:.0%} of {pred['of']}"
            lines.append(f"{f:<{fw}}{'pass' if pred['at_fit'] else 'fail':>10}   {across}")
    return Wording("\n".join(lines), "samples")
