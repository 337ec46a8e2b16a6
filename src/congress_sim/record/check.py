"""Holding a replay against the record: each fact, each source, pass or fail and why.

Every kind of check measures something in the replay (or, for facts about the scenario
itself, in the scenario) and compares it with each source's value. Qualitative phrases get
explicit tests, documented in :data:`PHRASE_TESTS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from congress_sim import events as ev
from congress_sim.views import labels as name
from congress_sim.views.replay import Replay

from . import facts as rec

PHRASE_TESTS = {
    "unanimously": "adopted with no vote against and no abstention",
    "overwhelming majority": "adopted with at least 90% of the votes cast (for, against, abstaining) for",
    "majority": "adopted with more than half of the votes cast (for, against, abstaining) for",
}


class Skip(Exception):
    """The fact cannot apply to this replay (it says why)."""


@dataclass(frozen=True)
class Outcome:
    """One fact checked against one source."""

    fact: rec.Fact
    source: str
    expected: Any
    replayed: Any
    passed: bool | None  # None: skipped
    level: str
    why: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.fact.id, "statement": self.fact.statement, "source": self.source,
                "expected": self.expected, "replayed": self.replayed, "passed": self.passed,
                "level": self.level, "why": self.why or None}


@dataclass
class Report:
    """The outcome of every fact for the chosen source, and how far each source agrees."""

    source: str
    outcomes: list[Outcome]
    by_source: dict[str, list[Outcome]] = field(default_factory=dict)

    def count(self, passed: bool | None) -> int:
        return sum(1 for o in self.outcomes if o.passed is passed)

    @property
    def ok(self) -> bool:
        return self.count(False) == 0

    def summary_line(self) -> str:
        line = f"{self.count(True)} passed, {self.count(False)} failed"
        skipped = self.count(None)
        return line + (f", {skipped} skipped" if skipped else "")

    def agreement(self) -> dict[str, tuple[int, int]]:
        """Per source: facts whose value the replay reproduces, of the facts it gives and that apply."""
        return {s: (sum(1 for o in outs if o.passed), sum(1 for o in outs if o.passed is not None))
                for s, outs in self.by_source.items()}


def check(replay: Replay, record: rec.Record | None = None, source: str | None = None) -> Report:
    """Check ``replay`` against ``record`` (default: the scenario's own) for ``source``.

    >>> import congress_sim as cs
    >>> report = cs.check(cs.simulate(cs.load("scenarios/historical.yaml")))
    >>> report.ok, report.source
    (True, 'gse')
    """
    from congress_sim.errors import CongressSimError

    scenario = replay.scenario
    record = record or rec.record_of(scenario)
    if record is None:
        raise CongressSimError(f"{scenario._path or scenario.title}: the scenario names no `record` to check against")
    source = source or scenario.primary_source
    if source is None:
        raise CongressSimError("no source given and the scenario has no primary_source")
    known = {**scenario.sources, **record.sources}
    if source not in known:
        raise CongressSimError(f"no source {source!r}; the record knows {', '.join(sorted(known))}")
    by_source: dict[str, list[Outcome]] = {}
    chosen: list[Outcome] = []
    for fact in record.facts:
        try:
            replayed, why = _measure(fact.check, replay), ""
        except Skip as exc:
            replayed, why = None, str(exc)
        mine = None
        for a in fact.attestations:
            o = _judge(fact, a, replayed, why, replay)
            by_source.setdefault(a.source, []).append(o)
            if a.source == source:
                mine = o
        chosen.append(mine or Outcome(fact, source, None, None, None, _level(fact, None),
                                      f"{source} does not give this fact"))
    return Report(source, chosen, by_source)


def _level(fact: rec.Fact, a: rec.Attestation | None) -> str:
    if fact.level:
        return fact.level
    if isinstance(fact.check, rec.Phrase):
        return "direction only"
    if isinstance(fact.check, rec.Speakers):
        return "includes"  # a source names those it quotes, rarely everyone who spoke
    return "within tolerance" if a is not None and a.tolerance else "exact"


def _judge(fact: rec.Fact, a: rec.Attestation, replayed: Any, why: str, replay: Replay) -> Outcome:
    level = _level(fact, a)
    if why:
        return Outcome(fact, a.source, a.value, None, None, level, why)
    passed, shown, diff = _compare(fact.check, a, replayed, replay, level)
    return Outcome(fact, a.source, a.value, shown, passed, level, diff)


# --- measuring the replay ------------------------------------------------------------------


def _event_time(replay: Replay, ident: str, edge: str = "start") -> float:
    """When an item (or a session) happened; for a recess or session, its start or end."""
    for e in replay.events:
        if edge == "start" and isinstance(e, ev.SessionOpened) and e.session == ident:
            return e.time
        if edge == "end" and isinstance(e, ev.SessionClosed) and e.session == ident:
            return e.time
        if getattr(e, "item", None) == ident and not isinstance(e, (ev.Arrived, ev.Departed)):
            if edge == "end" and isinstance(e, ev.RecessBegan):
                continue
            return e.time
    raise LookupError(ident)


def _position(replay: Replay, ident: str) -> int | None:
    for i, e in enumerate(replay.events):
        if getattr(e, "item", None) == ident or (isinstance(e, ev.SessionOpened) and e.session == ident):
            return i
    return None


def _measure(check: Any, replay: Replay) -> Any:  # noqa: C901 - one branch per kind of check
    s = replay.scenario
    if isinstance(check, rec.Census):
        if check.at in ("opening", "closing"):
            return replay.census(check.at)
        t = replay.plan.moment(check.at)
        if t is None:
            raise Skip(f"{check.at!r} is neither an agenda item, a session nor a date")
        if t < replay.plan.opens:
            raise Skip(f"{check.at} is before the replay begins")
        return replay.census(t)
    if isinstance(check, rec.Time):
        try:
            return replay.clock.iso(_event_time(replay, check.of, check.edge))
        except LookupError:
            return "did not happen"
    if isinstance(check, (rec.Vote, rec.Phrase, rec.FactionVote)):
        try:
            v = replay.vote(check.vote)
        except KeyError:
            skipped = next((e for e in replay.of(ev.Skipped) if e.item == check.vote), None)
            return f"not taken: {name.skipped(replay, skipped.item, skipped.because)}" if skipped else "no such vote"
        if isinstance(check, rec.FactionVote):
            ballots = v.tally.get(check.faction)
            if not ballots or not sum(ballots):
                return "not voting"
            return ("for", "against", "abstain")[max(range(3), key=lambda k: (ballots[k], -k))]
        f, a, b = v.totals()
        return {"result": v.result, "for": f, "against": a, "abstain": b}
    if isinstance(check, (rec.Seats, rec.Body)):
        for elected in replay.elections():
            if elected.item == check.election:
                if isinstance(check, rec.Body):
                    return {"only": sorted(f for f, n in elected.seats.items() if n), "chair": elected.chair}
                return {**elected.seats, "total": sum(elected.seats.values())}
        return "no such election"
    if isinstance(check, rec.Presence):
        if not any(isinstance(e, ev.SessionOpened) and e.session == check.session for e in replay.events):
            return "no such session"
        gone = any(isinstance(e, ev.Absent) and e.person == check.person and e.session == check.session
                   for e in replay.events)
        return "absent" if gone else "present"
    if isinstance(check, rec.Order):
        return None  # measured against the attested order itself
    if isinstance(check, rec.Occurrence):
        out = {}
        for item in check.items:
            votes = [v for v in replay.votes() if v.item == item]
            if votes:
                out[item] = votes[0].result
            else:
                out[item] = "happened" if any(getattr(e, "item", None) == item for e in replay.events) \
                    else "did not happen"
        return out
    if isinstance(check, rec.Speakers):
        for e in replay.events:
            if getattr(e, "item", None) == check.item and hasattr(e, "speakers"):
                return list(e.speakers)
        return "did not happen"
    if isinstance(check, rec.OpensWith):
        inside = False
        for e in replay.events:
            if isinstance(e, ev.SessionOpened):
                inside = e.session == check.session
            elif inside and isinstance(e, ev.ItemBegan) and e.what == check.item_kind:
                return e.item
        return "none"
    if isinstance(check, rec.Walkout):
        for e in replay.events:
            if isinstance(e, ev.WalkoutBegan) and e.item == check.walkout:
                return sorted(e.factions)
        return "did not happen"
    if isinstance(check, rec.Delegations):
        counts = {k: d.count for k, d in s.delegations.items()}
        return {**counts, "total": sum(counts.values())}
    if isinstance(check, rec.History):
        return [{"date": h.date, "sets_opening": h.sets_opening} for h in s.history]
    raise TypeError(type(check))  # pragma: no cover


# --- comparing with a source ---------------------------------------------------------------


def _near(x: Any, y: Any, tol: float) -> bool:
    numbers = (int, float)
    return isinstance(x, numbers) and isinstance(y, numbers) and abs(x - y) <= tol


def _compare(check: Any, a: rec.Attestation, got: Any, replay: Replay,  # noqa: C901
             level: str = "exact") -> tuple[bool, Any, str]:
    """(passed, the replayed value as shown beside the source's, what differs)."""
    want, tol = a.value, a.tolerance
    if isinstance(got, str) and not isinstance(check, (rec.Time, rec.FactionVote, rec.Presence, rec.OpensWith)):
        return False, got, got  # "did not happen", "no such vote", ...
    if isinstance(check, rec.Census):
        got = {**got.by_faction, **got.by_party, "total": got.total}
    if isinstance(check, (rec.Census, rec.Vote, rec.Seats, rec.Delegations)):
        shown = {k: got.get(k, 0 if isinstance(check, rec.Seats) else None) for k in want}
        off = [k for k, x in want.items() if not (shown[k] == x or _near(shown[k], x, tol))]
        return not off, shown, "; ".join(f"{name.fact_value(replay, check.kind, {k: shown[k]})}, not {want[k]}" for k in off)
    if isinstance(check, rec.Time):
        if got == "did not happen":
            return False, got, got
        delta = replay.clock.minutes(got) - replay.clock.minutes(str(want))
        return abs(delta) <= tol, got, f"{delta:+.0f} min" if abs(delta) > tol else ""
    if isinstance(check, rec.Phrase):
        said = f"{describe(got)} ({got['for']} for, {got['against']} against, {got['abstain']} abstaining)"
        return phrase_holds(str(want), got), said, ""
    if isinstance(check, (rec.FactionVote, rec.Presence, rec.OpensWith)):
        return got == want, got, ""
    if isinstance(check, rec.Body):
        made = {k: got.get(k) for k in want}
        off = [k for k in want if (sorted(want[k]) if k == "only" else want[k]) != made[k]]
        return not off, made, name.fact_value(replay, "body", {k: made[k] for k in off})
    if isinstance(check, rec.Order):
        where = {i: _position(replay, i) for i in want}
        found = {i: p for i, p in where.items() if p is not None}
        if len(found) < len(where):
            return False, f"{', '.join(name.item(replay, i) for i in where if i not in found)}: did not happen", ""
        order = sorted(want, key=lambda i: found[i])
        return order == list(want), order, ""
    if isinstance(check, rec.Occurrence):
        ok_values = ("adopted",) if want == "adopted" else ("adopted", "rejected", "happened", "not taken")
        off = [k for k, v in got.items() if v not in ok_values]
        return not off, want if not off else {k: got[k] for k in off}, ""
    if isinstance(check, (rec.Speakers, rec.Walkout)):
        missing = [p for p in want if p not in got]
        extra = [p for p in got if p not in want] if level != "includes" else []  # exact: no one more
        label = name.person if isinstance(check, rec.Speakers) else name.group
        diff = [f"no {label(replay.scenario, p)}" for p in missing] + [f"also {label(replay.scenario, p)}" for p in extra]
        return not missing and not extra, got, ", ".join(diff)
    if isinstance(check, rec.History):
        hits = [h for h in got if all(h.get(k) == v for k, v in want.items())]
        return bool(hits), hits[0] if hits else "no such entry in the scenario's history", ""
    raise TypeError(type(check))  # pragma: no cover


def phrase_holds(phrase: str, tally: dict[str, Any]) -> bool:
    """The documented test of a qualitative phrase (see :data:`PHRASE_TESTS`)."""
    f, a, b = tally["for"], tally["against"], tally["abstain"]
    cast = f + a + b
    if tally["result"] != "adopted" or cast == 0:
        return False
    if phrase == "unanimously":
        return a == 0 and b == 0
    if phrase == "overwhelming majority":
        return f >= 0.9 * cast
    if phrase == "majority":
        return 2 * f > cast
    raise ValueError(f"no test for the phrase {phrase!r}; known: {', '.join(PHRASE_TESTS)}")


def describe(tally: dict[str, Any]) -> str:
    """The strongest phrase that holds for a tally."""
    for phrase in PHRASE_TESTS:
        if phrase_holds(phrase, tally):
            return phrase
    return tally["result"]


# --- many replays at once (an ensemble's blocks) ---------------------------------------------


def judge_many(fact: rec.Fact, a: rec.Attestation, out: Any, kernel: Any) -> Any:  # noqa: C901
    """Pass (True/False) of one attestation in each replay of a block; None where it cannot apply.

    The same rules as :func:`check`, on a block's outcomes instead of one event log.
    """
    import numpy as np

    from congress_sim.drivers.batch import RESULTS

    c, want, tol, n = fact.check, a.value, a.tolerance, out.n
    s = kernel.scenario
    yes, no = np.ones(n, dtype=bool), np.zeros(n, dtype=bool)
    happened = out.happened

    def near(x: Any, y: Any) -> Any:
        return np.abs(np.asarray(x) - y) <= tol

    if isinstance(c, rec.Census):
        name = c.at if c.at in ("opening", "closing") else f"fact:{fact.id}"
        if name not in out.census:
            return None  # before the replay begins, or no such moment
        counts = out.census[name]
        idx = kernel.index
        ok = yes.copy()
        for key, x in want.items():
            if key == "total":
                have = counts.sum(axis=1)
            elif key in idx:
                have = counts[:, idx[key]]
            else:
                members = [idx[f] for f in kernel.factions if s.party_of(f) == key]
                have = counts[:, members].sum(axis=1) if members else np.full(n, -10**9)
            ok &= near(have, x)
        return ok
    if isinstance(c, rec.Time):
        t = kernel.when.get((c.of, c.edge))
        if t is None:
            return no
        is_session = any(sp.session.id == c.of for sp in kernel.plan.sessions)
        done = yes if is_session else happened.get(c.of, no)
        try:
            return done & (abs(t - kernel.plan.clock.minutes(str(want))) <= tol)
        except ValueError:
            return no
    if isinstance(c, (rec.Vote, rec.Phrase, rec.FactionVote)):
        if c.vote not in out.tally:
            return no
        code, tally = out.result[c.vote], out.tally[c.vote]
        taken = code >= 0
        totals = {"for": tally[:, :, 0].sum(1), "against": tally[:, :, 1].sum(1), "abstain": tally[:, :, 2].sum(1)}
        if isinstance(c, rec.FactionVote):
            t = tally[:, kernel.index[c.faction], :]
            if want == "not voting":
                return taken & (t.sum(1) == 0)
            return taken & (t.sum(1) > 0) & (np.argmax(t, axis=1) == ("for", "against", "abstain").index(want))
        if isinstance(c, rec.Phrase):
            f, ag, ab = totals["for"], totals["against"], totals["abstain"]
            cast = f + ag + ab
            ok = taken & (code == 0) & (cast > 0)
            return ok & {"unanimously": (ag == 0) & (ab == 0), "overwhelming majority": f >= 0.9 * cast,
                         "majority": 2 * f > cast}[want]
        ok = taken.copy()
        for key, x in want.items():
            ok &= (code == RESULTS.index(x)) if key == "result" else near(totals[key], x)
        return ok
    if isinstance(c, (rec.Seats, rec.Body)):
        if c.election not in out.seats:
            return no
        seats, groups = out.seats[c.election], kernel.groups[c.election]
        ok = happened.get(c.election, no).copy()
        if isinstance(c, rec.Body):
            if "only" in want:
                ok &= ((seats > 0) == np.isin(groups, want["only"])[None, :]).all(axis=1)
            if "chair" in want:
                chair = s.bodies[_body_of(kernel, c.election)].chair
                ok &= out.chair.get(c.election, no) if chair == want["chair"] else no
            return ok
        for key, x in want.items():
            have = seats.sum(axis=1) if key == "total" else seats[:, groups.index(key)] if key in groups else 0
            ok &= near(have, x)
        return ok
    if isinstance(c, rec.Presence):
        person = s.persons.get(c.person)
        if person is None or not any(sp.session.id == c.session for sp in kernel.plan.sessions):
            return no
        return yes if (c.session in person.absent) == (want == "absent") else no
    if isinstance(c, rec.Order):
        if any(i not in kernel.order for i in want):
            return no
        where = [kernel.order[i] for i in want]
        if where != sorted(where):
            return no
        ok = yes.copy()
        for i in want:
            if i in happened:
                ok &= happened[i]
        return ok
    if isinstance(c, rec.Occurrence):
        ok = yes.copy()
        for item in c.items:
            ok &= happened.get(item, no)
            if want == "adopted":
                ok &= out.result.get(item, np.full(n, -1)) == 0
        return ok
    if isinstance(c, rec.Speakers):
        item = kernel.plan.items.get(c.item)
        if item is None or item.kind not in ("debate", "report", "announcement", "vote"):
            return no
        named = set(want) <= set(item.speakers) if _level(fact, a) == "includes" else set(want) == set(item.speakers)
        return happened.get(c.item, no) if named else no
    if isinstance(c, rec.OpensWith):
        ok, earlier = no.copy(), no.copy()
        for sp in kernel.plan.sessions:
            if sp.session.id != c.session:
                continue
            for step in sp.steps:
                if step.item.kind == c.item_kind and c.item_kind in ("debate", "report", "announcement"):
                    h = happened.get(step.item.id, no)
                    if step.item.id == want:
                        ok = h & ~earlier
                    earlier = earlier | h
        return ok
    if isinstance(c, rec.Walkout):
        item = kernel.plan.items.get(c.walkout)
        if item is None or item.kind != "walkout" or sorted(item.factions) != sorted(want):
            return no
        return happened.get(c.walkout, no)
    if isinstance(c, (rec.Delegations, rec.History)):
        return yes if _measure_static(c, s, a) else no
    raise TypeError(type(c))  # pragma: no cover


def _body_of(kernel: Any, election: str) -> str:
    return str(kernel.plan.items[election].body)


def _measure_static(check: Any, scenario: Any, a: rec.Attestation) -> bool:
    """Facts about the scenario itself are the same in every replay."""
    if isinstance(check, rec.Delegations):
        counts = {k: d.count for k, d in scenario.delegations.items()}
        counts["total"] = sum(counts.values())
        return all(counts.get(k) == v for k, v in a.value.items())
    entries = [{"date": h.date, "sets_opening": h.sets_opening} for h in scenario.history]
    return any(all(h.get(k) == v for k, v in a.value.items()) for h in entries)
