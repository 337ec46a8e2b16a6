"""Comparing two replays: what differs in the census, the votes, the bodies, the times and the facts."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Any

from congress_sim import events as ev
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
    statements: dict[str, str] = field(default_factory=dict)  # each fact of the record, in its words

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
    """When each session opened and closed (``first``, ``first:end``) and each item began."""
    out: dict[str, str] = {}
    for e in r.events:
        if isinstance(e, ev.SessionOpened):
            out.setdefault(e.session, r.clock.iso(e.time))
        elif isinstance(e, ev.SessionClosed):
            out.setdefault(f"{e.session}:end", r.clock.iso(e.time))
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
    137
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
    statements: dict[str, str] = {}
    used = None
    if a.scenario.record and b.scenario.record:
        from congress_sim.record.check import check

        ra = check(a, source=source)
        rb = check(b, source=source or ra.source)
        used = ra.source
        facts = _pairs({o.fact.id: o.passed for o in ra.outcomes}, {o.fact.id: o.passed for o in rb.outcomes})
        statements = {o.fact.id: o.fact.statement for o in [*rb.outcomes, *ra.outcomes]}
    return Comparison(a, b, census, votes, elections, _pairs(_times(a), _times(b)), facts, used, statements)


def render(c: Comparison) -> str:
    """The differences as text, in labels; what is the same is counted, not listed."""
    from congress_sim.views import labels as name
    from congress_sim.views.transcript import WIDTH, columns

    a, b = c.a.scenario, c.b.scenario
    out = [f"A: {a.title} ({a._path or 'in memory'})", f"B: {b.title} ({b._path or 'in memory'})"]

    def label(key: str, of: Any) -> str:
        mine = of(c.a, key)  # the base's name for it, or the other's where only the other has it
        return str(of(c.b, key) if mine == key.replace("_", " ") else mine)

    def section(title: str, rows: list[str], same: int) -> None:
        out.append("")
        out.append(title + (f": {same} the same" if same else ("" if rows else ": none")))
        out.extend(rows)

    def group(r: Replay, k: str) -> str:
        return "total" if k == "total" else name.group(r.scenario, k)

    for when, pairs in c.census.items():
        rows = [f"  {label(k, group):<30} {x:>6} -> {y:<6} ({y - x:+d})" for k, (x, y) in pairs.items() if x != y]
        section(f"Census at the {when}", rows, sum(1 for p in pairs.values() if p[0] == p[1]))

    def vote(v: dict[str, Any] | None) -> str:
        if v is None:
            return "no such vote"
        return f"{v['result']} {v['for']}-{v['against']}-{v['abstain']} of {v['present']}"

    widths = (32, 26, 30)
    rows = ["  " + line for k, (x, y) in c.votes.items() if x != y
            for line in columns([label(k, name.item), vote(x), f"-> {vote(y)}"], widths)]
    section("Votes (for-against-abstain of present)", rows, sum(1 for p in c.votes.values() if p[0] == p[1]))

    def seats(r: Replay, s: dict[str, int] | None) -> str:
        return "not elected" if s is None else ", ".join(f"{group(r, f)} {n}" for f, n in s.items()) or "none"

    def elected(r: Replay, key: str) -> str:
        it = r.plan.items.get(key)
        return name.body(r.scenario, it.body) if it is not None and it.kind == "election" else name.item(r, key)

    rows = [f"  {label(k, elected)}\n" + textwrap.fill(seats(c.a, x), WIDTH, initial_indent="    ", subsequent_indent="    ")
            + "\n" + textwrap.fill(f"-> {seats(c.b, y)}", WIDTH, initial_indent="    ", subsequent_indent="       ")
            for k, (x, y) in c.elections.items() if x != y]
    section("Bodies", rows, sum(1 for p in c.elections.values() if p[0] == p[1]))

    def moment(r: Replay, key: str) -> str:
        session, _, end = key.partition(":")
        if any(x.id == session for x in r.scenario.sessions):
            return f"{name.session(r.scenario, session)} {'closes' if end else 'opens'}"
        return name.item(r, key)

    rows = ["  " + line for k, (x, y) in c.times.items() if x != y
            for line in columns([label(k, moment), x or "did not happen", f"-> {y or 'did not happen'}"], widths)]
    section("Times", rows, sum(1 for p in c.times.values() if p[0] == p[1]))
    if c.facts:
        mark = {True: "passes", False: "fails", None: "skipped"}
        rows = ["  " + line for k, (x, y) in c.facts.items() if x != y
                for line in columns([f"{mark[x]} -> {mark[y]}", c.statements.get(k, k)], (18, 78))]
        section(f"Facts of the record ({c.source})", rows, sum(1 for p in c.facts.values() if p[0] == p[1]))
    return "\n".join(out)


def compare_summaries(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Two ensembles side by side: each vote's chance of passing, mean counts, seats, facts."""

    def by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {r["id"]: r for r in rows}

    votes = _pairs(by_id(a["votes"]), by_id(b["votes"]))
    seats = _pairs(by_id(a["elections"]), by_id(b["elections"]))
    facts = _pairs(by_id(a.get("facts", {}).get("rows", [])), by_id(b.get("facts", {}).get("rows", [])))
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
        "facts": [{"id": k, "pass_rate": [x and x["pass_rate"], y and y["pass_rate"]]} for k, (x, y) in facts.items()],
    }


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
