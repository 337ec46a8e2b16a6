"""Comparing two replays: what differs in the census, the votes, the bodies, the times and the facts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from congress_sim import events as ev
from congress_sim.errors import CongressSimError
from congress_sim.files import read_regular
from congress_sim.views.replay import Replay

TIMED = (ev.ItemBegan, ev.WalkoutBegan, ev.RecessBegan, ev.VoteTaken, ev.Elected, ev.Decided)


@dataclass
class Comparison:
    """Side by side: each entry is (A's value, B's value); ``None`` where a replay has no such thing."""

    a: Replay
    b: Replay
    census: dict[str, dict[str, tuple[int, int]]]
    votes: dict[str, tuple[dict[str, Any] | None, dict[str, Any] | None]]
    elections: dict[str, tuple[dict[str, int] | None, dict[str, int] | None]]
    times: dict[str, tuple[str | None, str | None]]
    facts: dict[str, tuple[bool | None, bool | None]]
    source: str | None

    def differs(self, pair: tuple[Any, Any]) -> bool:
        return pair[0] != pair[1]

    def to_dict(self) -> dict[str, Any]:
        def side(pairs: dict[str, Any]) -> list[dict[str, Any]]:
            return [{"id": k, "a": x, "b": y, "differs": x != y} for k, (x, y) in pairs.items()]

        return {
            "a": {"scenario": self.a.scenario.title, "seed": self.a.seed},
            "b": {"scenario": self.b.scenario.title, "seed": self.b.seed},
            "census": {when: side(rows) for when, rows in self.census.items()},
            "votes": side(self.votes),
            "elections": side(self.elections),
            "times": side(self.times),
            "facts": {"source": self.source, "rows": side(self.facts)},
        }


def _vote(v: ev.VoteTaken) -> dict[str, Any]:
    f, a, b = v.totals()
    return {"result": v.result, "for": f, "against": a, "abstain": b, "present": v.present}


def _times(r: Replay) -> dict[str, str]:
    out: dict[str, str] = {}
    for e in r.events:
        if isinstance(e, ev.SessionOpened):
            out.setdefault(e.session, r.clock.iso(e.time))
        elif isinstance(e, TIMED):
            out.setdefault(e.item, r.clock.iso(e.time))
    return out


def _pairs(a: dict[str, Any], b: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    keys = list(a) + [k for k in b if k not in a]
    return {k: (a.get(k), b.get(k)) for k in keys}


def compare(a: Replay, b: Replay, source: str | None = None) -> Comparison:
    """What differs between replay ``a`` (the base) and ``b`` (say, a what-if).

    >>> import congress_sim as cs
    >>> base = cs.simulate(cs.load("scenarios/historical.yaml"))
    >>> other = cs.simulate(cs.load("scenarios/whatif/no-walkout.yaml"))
    >>> cs.compare(base, other).votes["appeal"][1]["against"]
    138
    """
    census = {}
    for when in ("opening", "closing"):
        ca, cb = a.census(when), b.census(when)
        rows = _pairs({**ca.by_faction, **ca.by_party, "total": ca.total},
                      {**cb.by_faction, **cb.by_party, "total": cb.total})
        census[when] = {k: (x or 0, y or 0) for k, (x, y) in rows.items()}
    votes = _pairs({v.item: _vote(v) for v in a.votes()}, {v.item: _vote(v) for v in b.votes()})
    elections = _pairs({e.item: e.seats for e in a.elections()}, {e.item: e.seats for e in b.elections()})
    facts: dict[str, tuple[bool | None, bool | None]] = {}
    used = None
    if a.scenario.record and b.scenario.record:
        from congress_sim.record.check import check

        ra = check(a, source=source)
        rb = check(b, source=source or ra.source)
        used = ra.source
        facts = _pairs({o.fact.id: o.passed for o in ra.outcomes}, {o.fact.id: o.passed for o in rb.outcomes})
    return Comparison(a, b, census, votes, elections, _pairs(_times(a), _times(b)), facts, used)


def render(c: Comparison) -> str:
    """The differences as text; what is the same is counted, not listed."""
    a, b = c.a.scenario, c.b.scenario
    names = {**{k: f.label for k, f in a.factions.items()}, **{k: p.label for k, p in a.parties.items()},
             **{k: f.label for k, f in b.factions.items()}, "total": "total"}
    out = [f"A: {a.title} ({a._path or 'in memory'})", f"B: {b.title} ({b._path or 'in memory'})"]

    def section(title: str, rows: list[str], same: int) -> None:
        out.append("")
        out.append(title + (f": {same} the same" if same else ("" if rows else ": none")))
        out.extend(rows)

    for when, pairs in c.census.items():
        rows = [f"  {names.get(k, k):<30} {x:>6} -> {y:<6} ({y - x:+d})" for k, (x, y) in pairs.items() if x != y]
        section(f"Census at the {when}", rows, sum(1 for p in pairs.values() if p[0] == p[1]))

    def vote(v: dict[str, Any] | None) -> str:
        if v is None:
            return "no such vote"
        return f"{v['result']} {v['for']}-{v['against']}-{v['abstain']} of {v['present']}"

    rows = [f"  {k:<20} {vote(x):<32} -> {vote(y)}" for k, (x, y) in c.votes.items() if x != y]
    section("Votes (for-against-abstain of present)", rows, sum(1 for p in c.votes.values() if p[0] == p[1]))

    def seats(s: dict[str, int] | None) -> str:
        return "not elected" if s is None else ", ".join(f"{names.get(f, f)} {n}" for f, n in s.items()) or "none"

    rows = [f"  {k:<20} {seats(x)}\n  {'':<20} -> {seats(y)}" for k, (x, y) in c.elections.items() if x != y]
    section("Bodies", rows, sum(1 for p in c.elections.values() if p[0] == p[1]))
    rows = [f"  {k:<32} {x or 'did not happen':<18} -> {y or 'did not happen'}"
            for k, (x, y) in c.times.items() if x != y]
    section("Times", rows, sum(1 for p in c.times.values() if p[0] == p[1]))
    if c.facts:
        mark = {True: "passes", False: "fails", None: "skipped"}
        rows = [f"  {k:<30} {mark[x]:<8} -> {mark[y]}" for k, (x, y) in c.facts.items() if x != y]
        section(f"Facts of the record ({c.source})", rows, sum(1 for p in c.facts.values() if p[0] == p[1]))
    return "\n".join(out)


MAX_SUMMARY = 256 << 20  # bytes of a summary.json read


def summary_at(path: str | Path) -> dict[str, Any] | None:
    """The summary of an ensemble, if ``path`` is one (or a folder holding one); None for anything else.

    A summary is checked before it is used: what `compare` reads is named if it is missing."""
    p = Path(path)
    try:
        if p.is_dir():
            p = p / "summary.json"
    except OSError:
        return None  # a name the system refuses: left to the scenario loader to say why
    if p.suffix != ".json":
        return None
    try:
        data = json.loads(read_regular(p, MAX_SUMMARY, "summary"))
    except ValueError as exc:
        raise CongressSimError(f"{p}: not a readable ensemble summary ({exc})") from None
    if not isinstance(data, dict) or data.get("ensemble") is not True:
        raise CongressSimError(f"{p}: not an ensemble summary (write one with `congress-sim ensemble --out`)")
    if (wrong := _malformed(data, SUMMARY)) is not None:
        raise CongressSimError(f"{p}: not a whole ensemble summary: {wrong}")
    return data


_NUMBER = (int, float)
_MEAN = {"mean": _NUMBER}
# what compare_summaries reads, and its type: a list of [shape] is a list of such mappings
SUMMARY: dict[str, Any] = {
    "scenario": str, "runs": int, "seed": int,
    "votes": [{"id": str, "p": {"adopted": _NUMBER}, "for": _MEAN, "against": _MEAN}],
    "elections": [{"id": str, "seats": dict}],
}


def _malformed(data: Any, shape: Any, where: str = "") -> str | None:
    """What in ``data`` does not have ``shape``, as ``key: what it should be``; None if all does."""
    if isinstance(shape, dict):
        if not isinstance(data, dict):
            return f"{where or 'the file'}: must be a mapping"
        for key, inner in shape.items():
            if key not in data:
                return f"{where + '.' if where else ''}{key}: missing"
            if (wrong := _malformed(data[key], inner, f"{where + '.' if where else ''}{key}")) is not None:
                return wrong
        return None
    if isinstance(shape, list):
        if not isinstance(data, list):
            return f"{where}: must be a list"
        return next((w for i, x in enumerate(data) if (w := _malformed(x, shape[0], f"{where}[{i}]")) is not None), None)
    if shape is dict and isinstance(data, dict):
        bad = next((g for g, d in data.items() if not isinstance(d, dict) or not isinstance(d.get("mean"), _NUMBER)), None)
        return None if bad is None else f"{where}.{bad}.mean: must be a number"
    ok = isinstance(data, shape) and not isinstance(data, bool)
    return None if ok else f"{where}: must be {'a number' if shape is _NUMBER else 'text' if shape is str else 'a whole number'}"


def compare_summaries(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Two ensembles side by side: each vote's chance of passing, mean counts, seats, facts."""

    def by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {r["id"]: r for r in rows}

    votes = _pairs(by_id(a["votes"]), by_id(b["votes"]))
    seats = _pairs(by_id(a["elections"]), by_id(b["elections"]))
    facts = _pairs(by_id(_fact_rows(a)), by_id(_fact_rows(b)))
    return {
        "a": {k: a[k] for k in ("scenario", "runs", "seed")},
        "b": {k: b[k] for k in ("scenario", "runs", "seed")},
        "votes": [{"id": k, "p_adopted": [x and x["p"]["adopted"], y and y["p"]["adopted"]],
                   "mean_for": [x and x["for"]["mean"], y and y["for"]["mean"]],
                   "mean_against": [x and x["against"]["mean"], y and y["against"]["mean"]]}
                  for k, (x, y) in votes.items()],
        "elections": [{"id": k, "mean_seats": [
            x and {g: d["mean"] for g, d in x["seats"].items()}, y and {g: d["mean"] for g, d in y["seats"].items()}]}
            for k, (x, y) in seats.items()],
        "facts": [{"id": k, "pass_rate": [x and x.get("pass_rate"), y and y.get("pass_rate")]} for k, (x, y) in facts.items()],
    }


def _fact_rows(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """The facts' rows of a summary that say a share of replays (or none), others left out."""
    facts = summary.get("facts")
    rows = facts.get("rows") if isinstance(facts, dict) else None
    return [r for r in rows or [] if isinstance(r, dict) and isinstance(r.get("id"), str)
            and (r.get("pass_rate") is None or isinstance(r.get("pass_rate"), _NUMBER))]


def render_summaries(c: dict[str, Any]) -> str:
    """Two ensembles' differences as text."""
    a, b = c["a"], c["b"]
    out = [f"A: {a['scenario']} ({a['runs']:,} replays, seed {a['seed']})",
           f"B: {b['scenario']} ({b['runs']:,} replays, seed {b['seed']})", "",
           f"{'Votes':<20} {'P(adopted) A':>12} {'B':>7}   {'mean for A':>10} {'B':>8}   {'against A':>9} {'B':>8}"]

    def num(x: Any, fmt: str) -> str:
        return "-" if x is None else format(x, fmt)

    for v in c["votes"]:
        (pa, pb), (fa, fb), (ga, gb) = v["p_adopted"], v["mean_for"], v["mean_against"]
        out.append(f"  {v['id']:<18} {num(pa, '.3f'):>12} {num(pb, '.3f'):>7}   {num(fa, '.1f'):>10} "
                   f"{num(fb, '.1f'):>8}   {num(ga, '.1f'):>9} {num(gb, '.1f'):>8}")
    for el in c["elections"]:
        sa, sb = (s or {} for s in el["mean_seats"])
        out += ["", f"Mean seats: {el['id']}"]
        for g in list(sa) + [g for g in sb if g not in sa]:
            out.append(f"  {g:<28} {num(sa.get(g, 0.0), '6.2f')} -> {num(sb.get(g, 0.0), '6.2f')}")
    changed = [f for f in c["facts"] if f["pass_rate"][0] != f["pass_rate"][1]]
    if c["facts"]:
        out += ["", f"Facts passed (share of replays): {len(c['facts']) - len(changed)} the same"]
        for f in changed:
            x, y = f["pass_rate"]
            out.append(f"  {f['id']:<30} {num(x, '.3f'):>7} -> {num(y, '.3f')}")
    return "\n".join(out)
