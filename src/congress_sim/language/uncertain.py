"""Checks of a scenario's uncertain assumptions that need its plan: every path names a value the
model can vary, every value stays within what that value may be, and a stated central value is
one the distribution can give. Each problem is reported at its key, for the loader to locate.
"""

from __future__ import annotations

from typing import Any

from congress_sim.errors import unknown

from .plan import RANGES, Plan
from .source import Key


def problems(plan: Plan) -> list[tuple[Key, str]]:
    """Every problem of the plan's ``uncertain`` section, as (key path, message)."""
    out: list[tuple[Key, str]] = []
    for name, spec in plan.scenario.uncertain.items():
        key: Key = ("uncertain", name)
        if spec.alternatives is not None:
            if "." in name:
                out.append((key, "a family (`alternatives`) is named by an id, such as `count`; a dotted path "
                                 "is one value, given as choice, uniform, triangular or normal"))
            for label, variant in spec.alternatives.items():
                for path, value in variant.values.items():
                    out += _value(plan, (*key, "alternatives", label, "values", path), path, [value])
            out += _cited(plan, key, spec)
            continue
        try:
            kind = plan.variable(name)[0]
        except ValueError as exc:
            out.append((key, str(exc)))
            continue
        low, high, whole = RANGES[kind]
        if spec.choice is not None:
            for i, alt in enumerate(spec.choice):
                out += _value(plan, (*key, "choice", i), name, [alt.value])
                out += _cited(plan, (*key, "choice", i), alt)
            support = [a.value for a in spec.choice]
            if spec.central is not None and spec.central not in support:
                out.append(((*key, "central"), f"{spec.central:g} is not one of the alternatives "
                                               f"({', '.join(f'{v:g}' for v in support)})"))
        else:
            form = spec.form
            span = spec.uniform or spec.within or (spec.triangular[::2] if spec.triangular else None)
            if span is not None:
                out += _value(plan, (*key, "within" if spec.within else form), name, list(span), whole=False)
            elif spec.normal is not None and not low <= spec.normal[0] <= high:
                out.append(((*key, "normal"), f"the mean {spec.normal[0]:g} is outside {low:g} to {high:g}, "
                                              f"the values {name} can take"))
            lo, hi = (span[0], span[1]) if span is not None else (low, high)
            if isinstance(spec.central, float) and not lo <= spec.central <= hi:
                out.append(((*key, "central"), f"{spec.central:g} is outside {lo:g} to {hi:g}, where the "
                                               f"{form} distribution lies"))
        if isinstance(spec.central, float):
            out += _value(plan, (*key, "central"), name, [spec.central])
        out += _cited(plan, key, spec)
    return out


def _value(plan: Plan, key: Key, path: str, values: list[float], whole: bool | None = None) -> list[tuple[Key, str]]:
    """Problems of ``values`` at ``path``: a path that cannot vary, a value out of its range."""
    try:
        kind = plan.variable(path)[0]
    except ValueError as exc:
        return [(key, f"{path}: {exc}")]
    low, high, is_whole = RANGES[kind]
    whole = is_whole if whole is None else whole
    for v in values:
        if not low <= v <= high:
            return [(key, f"{v:g} is outside {low:g} to {high:g}, the values {path} can take")]
        if whole and v != int(v):
            return [(key, f"{v:g} is not a whole number; {path} counts delegates")]
    if kind == "opening":
        # as for the scenario's own count: a named person may be one of the faction's later arrivals
        faction = path.split(".")[1]
        named = sum(1 for p in plan.scenario.persons.values() if p.faction == faction)
        later = sum(a.count for a in plan.scenario.arrivals if a.faction == faction)
        if min(values) + later < named:
            return [(key, f"{min(values):g} delegates leave no seat for the {named} named persons of {faction!r}"
                          + (f" ({later} arrive later)" if later else ""))]
    return []


def _cited(plan: Plan, key: Key, entry: Any) -> list[tuple[Key, str]]:
    out: list[tuple[Key, str]] = []
    sources = plan.scenario.sources
    if entry.source is not None and entry.source not in sources:
        out.append(((*key, "source"), unknown("source", entry.source, sources)))
    for label, variant in (getattr(entry, "alternatives", None) or {}).items():
        if variant.source is not None and variant.source not in sources:
            out.append(((*key, "alternatives", label, "source"), unknown("source", variant.source, sources)))
    return out
