"""Holding a replay against the record: each fact, each source, pass or fail and why, and what
each pass is worth (:mod:`congress_sim.record.roles`).

Every kind of check measures something in the replay (or, for facts about the scenario itself, in
the scenario) and compares it with each source's value. Qualitative phrases get explicit tests,
documented in :data:`~congress_sim.record.facts.PHRASE_TESTS`. "Exact" means exact: a list with an
extra name is no match.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from congress_sim import events as ev
from congress_sim.errors import CongressSimError, NotFound
from congress_sim.language.scenario import citation
from congress_sim.views import labels as name
from congress_sim.views.replay import AFTER_AN_ITEM, Replay

from . import facts as rec
from .facts import PHRASE_TESTS
from .roles import PREDICTED, ROLES, role


class Skip(Exception):
    """The fact cannot apply to this replay (it says why)."""


class DidNotHappen(Skip):
    """The item a census is taken just after did not happen in this replay: the fact fails."""


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
    role: str = PREDICTED
    because: str = ""  # why the fact has its role

    def __repr__(self) -> str:  # the fact in full, with every source's quote, would run to a page each
        if self.passed is None:
            return f"<Outcome {self.fact.id} against {self.source}: skipped ({name.short(self.skipped_because, 120)})>"
        said = "passes" if self.passed else "fails"
        why = self.why if not self.passed and self.why else self.level
        return f"<Outcome {self.fact.id} against {self.source}, {self.role}: {said} ({name.short(why, 120)})>"

    @property
    def skipped_because(self) -> str:
        """Why the fact was not checked, said where its expected value would be: the source does not
        give it (``not given by gse``), or the replay cannot measure it (``... is before the replay begins``)."""
        return f"not given by {self.source}" if self.expected is None else str(self.why)

    @property
    def statement(self) -> str:
        """The fact in the words of the source it was checked against."""
        return self.fact.statement_of(self.source)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.fact.id, "statement": self.statement, "source": self.source,
                "expected": self.expected, "replayed": self.replayed, "passed": self.passed,
                "level": self.level, "why": self.why or None, "role": self.role, "role_because": self.because}


@dataclass
class Report:
    """The outcome of every fact for the chosen source, and how far each source agrees."""

    source: str
    outcomes: list[Outcome]
    by_source: dict[str, list[Outcome]] = field(default_factory=dict)
    # each source's citation: the scenario's, and those only the record names
    citations: dict[str, str] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self._replay: Replay | None = None  # the replay checked, for its labels (set by check)

    def __repr__(self) -> str:
        return f"<Report against {self.source}: {self.summary_line()}>"

    def __str__(self) -> str:
        """What ``congress-sim check`` prints: ``print(report)``."""
        from congress_sim.views.transcript import check_table

        if self._replay is None:  # made by hand: no labels to show the values in
            return f"Against {self.source}: {self.summary_line()}"
        return check_table(self, self._replay)

    def _repr_html_(self) -> str:
        """In a notebook: the summary, then each fact as a table."""
        from congress_sim.views.html import check_table, escape

        replay = self._replay
        if replay is None:  # made by hand: no labels to show the values in
            return f"<p>Against <b>{escape(self.source)}</b>: {escape(self.summary_line())}</p>"
        citation = self.citations.get(self.source, "")
        return (f"<p>Against <b>{escape(self.source)}</b>" + (f" ({escape(citation)})" if citation else "")
                + f": {escape(self.summary_line())}</p>" + check_table(self, replay))

    def count(self, passed: bool | None, role: str | None = None) -> int:
        """How many facts passed (True), failed (False) or were skipped (None), of one role if given."""
        return sum(1 for o in self.outcomes if o.passed is passed and (role is None or o.role == role))

    @property
    def ok(self) -> bool:
        """Whether no fact failed (as the exit code of ``congress-sim check`` says)."""
        return self.count(False) == 0

    def summary_line(self) -> str:
        """``36 passed, 5 failed, 13 skipped; predicted: 8 of 13 pass; calibrated: 4 of 4; input: 24 of 24``."""
        line = f"{self.count(True)} passed, {self.count(False)} failed"
        skipped = self.count(None)
        line += f", {skipped} skipped" if skipped else ""
        return f"{line}; {self.roles_line()}" if self.roles_line() else line

    def roles(self) -> dict[str, tuple[int, int]]:
        """Per role: (passed, checked) among the facts that apply."""
        return {r: (self.count(True, r), self.count(True, r) + self.count(False, r)) for r in ROLES}

    def roles_line(self) -> str:
        """``predicted: 8 of 13 pass; calibrated: 4 of 4; input: 24 of 24``."""
        parts = []
        for r, (ok, n) in self.roles().items():
            if n:
                parts.append(f"{r}: {ok} of {n} pass" if r == PREDICTED else f"{r}: {ok} of {n}")
        return "; ".join(parts)

    def agreement(self) -> dict[str, tuple[int, int]]:
        """Per source: facts whose value the replay reproduces, of the facts it gives and that apply."""
        return {s: (sum(1 for o in outs if o.passed), sum(1 for o in outs if o.passed is not None))
                for s, outs in self.by_source.items()}


def check(replay: Replay, record: rec.Record | str | Path | None = None, source: str | None = None) -> Report:
    """Check ``replay`` against ``record`` (a Record or its file; default: the scenario's own) for
    ``source`` (default: the scenario's primary source).

    >>> import congress_sim as cs
    >>> report = cs.check(cs.simulate(cs.load("scenarios/historical.yaml")))
    >>> report.source
    'gse'
    """
    if not isinstance(replay, Replay):
        raise TypeError(f"check takes a Replay (cs.simulate(scenario)), not {type(replay).__name__}")
    scenario = replay.scenario
    if isinstance(record, (str, Path)):
        record = rec.load_record(record, scenario)
    record = record or rec.record_of(scenario)
    if record is None:
        raise CongressSimError(f"{scenario._path or scenario.title}: the scenario names no `record` to check against")
    source = rec.require_source(scenario, record, source)
    if source is None:
        raise CongressSimError("no source given and the scenario has no primary_source")
    by_source: dict[str, list[Outcome]] = {}
    chosen: list[Outcome] = []
    for fact in record.facts:
        try:
            replayed, why = _measure(fact.check, replay), ""
        except Skip as exc:
            replayed, why = None, str(exc)
        kind, because = role(fact, replay, record)
        mine = None
        for a in fact.attestations:
            o = _judge(fact, a, replayed, why, replay, kind, because)
            by_source.setdefault(a.source, []).append(o)
            if a.source == source:
                mine = o
        chosen.append(mine or Outcome(fact, source, None, None, None, _level(fact, None),
                                      f"{source} does not give this fact", kind, because))
    known = {**scenario.sources, **record.sources}
    report = Report(source, chosen, by_source, {k: citation(known, k) for k in known})
    report._replay = replay
    return report


def _level(fact: rec.Fact, a: rec.Attestation | None) -> str:
    if fact.level:
        return fact.level
    if isinstance(fact.check, rec.Phrase):
        return "direction only"
    if isinstance(fact.check, rec.Speakers):
        return "includes"  # a source names those it quotes, rarely everyone who spoke
    if a is not None and isinstance(a.value, dict) and any(isinstance(v, dict) for v in a.value.values()):
        return "within bounds"
    return "within tolerance" if a is not None and a.tolerance else "exact"


def _judge(fact: rec.Fact, a: rec.Attestation, replayed: Any, why: str, replay: Replay, kind: str,
           because: str) -> Outcome:
    level = _level(fact, a)
    if why:
        return Outcome(fact, a.source, a.value, None, None, level, why, kind, because)
    passed, shown, diff = _compare(fact.check, a, replayed, replay, level)
    return Outcome(fact, a.source, a.value, shown, passed, level, diff, kind, because)


# --- measuring the replay ------------------------------------------------------------------


def _event_time(replay: Replay, ident: str, edge: str = "start") -> float:
    """When an item (or a session) happened; its end: a session's close, a recess's end, or an
    item's start and its duration (as the ensemble measures it)."""
    if edge == "end":
        for e in replay.events:
            if (isinstance(e, ev.SessionClosed) and e.session == ident) or \
                    (isinstance(e, ev.RecessEnded) and e.item == ident and replay.plan.items[ident].kind == "recess"):
                return e.time
    found = replay.happened(ident)
    if found is None or (edge == "end" and ident not in replay.plan.items):
        raise LookupError(ident)
    return found[1] + (replay.plan.items[ident].duration if edge == "end" else 0)


def not_taken(replay: Replay, item: str) -> str:
    """Why an item has no outcome: "not taken: <reason>", or that it never came up."""
    return replay.not_taken(item) or "did not happen"


def moment(replay: Replay, at: str) -> tuple[float, int | None]:
    """The time a census asks about, and how much of the log it counts, as :meth:`Replay.moment`
    says; a fact about an item that did not happen fails (DidNotHappen), one about no moment or a
    time before the replay begins is skipped."""
    try:
        t, through = replay.moment(at)
    except NotFound:
        if at in replay.plan.items:
            raise DidNotHappen(at) from None
        raise Skip(f"{at!r} is neither an item, a session nor a date") from None
    if t < replay.plan.opens:
        raise Skip(f"{replay.clock.label(t).strip()} is before the replay begins")
    return t, through


def _measure(check: Any, replay: Replay) -> Any:  # noqa: C901 - one branch per kind of check
    s = replay.scenario
    if isinstance(check, (rec.Census, rec.Positions)):
        try:
            t, through = moment(replay, check.at)
        except DidNotHappen:
            return not_taken(replay, check.at)
        if isinstance(check, rec.Census):
            return replay.census(t, through)
        values = replay.positions(check.issue, t, through)
        return {band: sum(1 for v in values if lo <= v < hi) for band, (lo, hi) in check.bands.items()}
    if isinstance(check, rec.Time):
        try:
            return replay.clock.iso(_event_time(replay, check.of, check.edge))
        except LookupError:
            return not_taken(replay, check.of)
    if isinstance(check, (rec.Vote, rec.Phrase, rec.FactionVote, rec.Roll)):
        try:
            v = replay.vote(check.vote)
        except KeyError:
            return not_taken(replay, check.vote)
        if isinstance(check, rec.Roll):
            return v.roll.get(check.person, "absent")
        if isinstance(check, rec.FactionVote):
            cast = v.tally.get(check.faction)
            if not cast or not sum(cast[:3]):
                return "not voting"
            return ("for", "against", "abstain")[max(range(3), key=lambda k: (cast[k], -k))]
        if isinstance(check, rec.Vote) and check.among is not None:
            mine = [t for fac, t in v.tally.items() if fac in check.among or s.party_of(fac) in check.among]
            f, a, b, n = (sum(t[k] for t in mine) for k in range(4))
            return {"result": v.result, "for": f, "against": a, "abstain": b, "not_voting": n,
                    "present": f + a + b + n, "needed": v.needed}
        f, a, b = v.totals()
        return {"result": v.result, "for": f, "against": a, "abstain": b, "not_voting": v.not_voting,
                "present": v.present, "needed": v.needed}
    if isinstance(check, (rec.Seats, rec.Body)):
        for elected in replay.elections():
            if elected.item == check.election:
                if isinstance(check, rec.Body):
                    return {"only": sorted(f for f, n in elected.seats.items() if n), "chair": elected.chair,
                            "members": list(elected.members)}
                return {**elected.seats, "total": sum(elected.seats.values())}
        return not_taken(replay, check.election)
    if isinstance(check, rec.Ballots):
        rounds = replay.ballots(check.election)
        if not rounds:
            return not_taken(replay, check.election)
        chosen = rounds[-1] if check.round is None else next((b for b in rounds if b.round == check.round), None)
        if chosen is None:
            return f"no ballot {check.round}; there were {len(rounds)}"
        won = next((e.members for e in replay.elections() if e.item == check.election), ())
        return {**chosen.votes, "blank": chosen.blank, "winner": won[0] if won else None, "ballots": len(rounds)}
    if isinstance(check, rec.Decided):
        for d in replay.of(ev.Decided):
            if d.item == check.item:
                return "accepted" if d.accepts else "declined"
        return not_taken(replay, check.item)
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
            elif replay.happened(item) is not None:
                out[item] = "happened"
            else:
                out[item] = not_taken(replay, item)
        return out
    if isinstance(check, rec.Speakers):
        for e in replay.events:
            if getattr(e, "item", None) == check.item and hasattr(e, "speakers"):
                return list(e.speakers)
        return not_taken(replay, check.item)
    if isinstance(check, rec.OpensWith):
        inside = False
        for e in replay.events:
            if isinstance(e, (ev.SessionOpened, ev.SessionClosed)):
                inside = isinstance(e, ev.SessionOpened) and e.session == check.session
            elif inside and not isinstance(e, AFTER_AN_ITEM):
                of = replay.plan.items.get(getattr(e, "item", ""))
                if of is not None and of.kind == check.item_kind:
                    return str(of.id)
        return "none"
    if isinstance(check, rec.Walkout):
        for e in replay.events:
            if isinstance(e, ev.WalkoutBegan) and e.item == check.walkout:
                return sorted(e.factions)
        return not_taken(replay, check.walkout)
    if isinstance(check, rec.Delegations):
        counts = {k: d.count for k, d in s.delegations.items()}
        return {**counts, "total": sum(counts.values())}
    if isinstance(check, rec.History):
        return [{"date": h.date, "sets_opening": h.sets_opening} for h in s.history]
    raise TypeError(type(check))  # pragma: no cover


# --- comparing with a source ---------------------------------------------------------------


def within(got: Any, want: Any, tol: float) -> bool:
    """A replayed number against a source's value: equal, within the tolerance, or within bounds."""
    if not isinstance(got, (int, float)) or isinstance(got, bool):
        return got == want
    if isinstance(want, dict):
        low = want.get("at_least", want.get("between", [None, None])[0])
        high = want.get("at_most", want.get("between", [None, None])[1])
        return (low is None or got >= low - tol) and (high is None or got <= high + tol)
    return isinstance(want, (int, float)) and abs(got - want) <= tol


def group_count(census: Any, key: str) -> int | None:
    """A count the record asks for: a faction, a party, `total`, or a group joined by `+`."""
    counts = {**census.by_faction, **census.by_party, "total": census.total}
    parts = key.split("+")
    if any(p not in counts for p in parts):
        return None
    return sum(counts[p] for p in parts)


def _compare(check: Any, a: rec.Attestation, got: Any, replay: Replay,  # noqa: C901
             level: str = "exact") -> tuple[bool, Any, str]:
    """(passed, the replayed value as shown beside the source's, what differs)."""
    want, tol = a.value, a.tolerance
    if isinstance(got, str) and not isinstance(check, (rec.Time, rec.FactionVote, rec.Presence, rec.OpensWith,
                                                      rec.Roll, rec.Decided)):
        return False, got, got  # "did not happen", "not taken: ...", ...
    if isinstance(check, rec.Census):
        shown: dict[str, Any] = {k: group_count(got, k) for k in want}
        off = [k for k, x in want.items() if not within(shown[k], x, tol)]
        return not off, shown, "; ".join(f"{name.fact_value(replay, 'census', {k: shown[k]})}, not {name.bounded(want[k])}"
                                         for k in off)
    if isinstance(check, rec.Positions):
        total, asked = sum(got.values()), sum(want.values())
        if not total or not asked:
            return False, got, "no one to count"
        shares = {k: got.get(k, 0) / total for k in want}
        off = [k for k in want if abs(shares[k] - want[k] / asked) > (tol or 0.0)]
        percent = {k: f"{got.get(k, 0)} ({100 * shares[k]:.0f}%)" for k in want}
        return not off, percent, ", ".join(f"{k} {100 * shares[k]:.0f}%, not {100 * want[k] / asked:.0f}%" for k in off)
    if isinstance(check, (rec.Vote, rec.Seats, rec.Delegations, rec.Ballots)):
        default = 0 if isinstance(check, (rec.Seats, rec.Ballots)) else None
        shown = {k: got.get(k, default) for k in want}
        off = [k for k, x in want.items() if not within(shown[k], x, tol)]
        return not off, shown, ", ".join(f"{name.fact_value(replay, check.kind, {k: shown[k]})}, not "
                                         f"{name.bounded(want[k])}" for k in off)
    if isinstance(check, rec.Time):
        if not got[:1].isdigit():
            return False, got, got
        delta = replay.clock.minutes(got) - replay.clock.minutes(str(want))
        return abs(delta) <= tol, got, f"{delta:+.0f} min" if abs(delta) > tol else ""
    if isinstance(check, rec.Phrase):
        said = f"{describe(got)} ({got['for']} for, {got['against']} against, {got['abstain']} abstaining)"
        holds = phrase_holds(str(want), got)
        return holds, said, "" if holds else _short_of(str(want), got)
    if isinstance(check, rec.FactionVote) and want == "not for":  # against, abstaining or not voting
        return got != "for", got, ""
    if isinstance(check, (rec.FactionVote, rec.Presence, rec.OpensWith, rec.Roll, rec.Decided)):
        return got == want, got, ""
    if isinstance(check, rec.Body):
        made = {k: got.get(k) for k in want}
        off = [k for k in want if k != "members" and (sorted(want[k]) if k == "only" else want[k])
               != (sorted(made[k] or []) if k == "only" else made[k])]
        diff = [name.fact_value(replay, "body", {k: made[k] for k in off})] if off else []
        if "members" in want:  # person by person: who is missing, who is there besides
            have = list(made["members"] or [])
            missing = [p for p in want["members"] if p not in have]
            extra = [p for p in have if p not in want["members"]]
            diff += [f"no {name.person(replay.scenario, p)}" for p in missing]
            diff += [f"also {name.person(replay.scenario, p)}" for p in extra]
            off += ["members"] if missing or extra else []
        return not off, made, ", ".join(d for d in diff if d)
    if isinstance(check, rec.Order):
        where = {i: replay.happened(i) for i in want}
        found = {i: p[0] for i, p in where.items() if p is not None}
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


def _short_of(phrase: str, tally: dict[str, Any]) -> str:
    """Why a tally does not bear a phrase out: its test, and the tally's share for (rounded down, so
    that 625 of 626 reads 99.8%, never the 100% a unanimous vote would be)."""
    f, a, b = tally["for"], tally["against"], tally["abstain"]
    cast = f + a + b
    share = f"; {math.floor(1000 * f / cast) / 10:g}% of {cast} here ({f}-{a}-{b})" \
        if cast and tally["result"] == "adopted" else f"; here {tally['result']}"
    return f"{phrase}: {PHRASE_TESTS[phrase]}{share}"


def describe(tally: dict[str, Any]) -> str:
    """The strongest phrase that holds for a tally."""
    for phrase in PHRASE_TESTS:
        if phrase_holds(phrase, tally):
            return phrase
    return tally["result"]
