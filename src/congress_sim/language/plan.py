"""From a scenario to a plan: times in minutes, names resolved, and everything checked.

The plan is what the engine runs. Building it is where a scenario's cross-references
(factions, persons, bodies, items) and its timeline (items in order, sessions apart) are
checked; each problem is reported with the key path it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .calendar import Clock, parse_stamp
from .scenario import (
    Announcement,
    Arrival,
    Close,
    Debate,
    Decision,
    Defection,
    Election,
    Recess,
    Scenario,
    Session,
    Trigger,
    Vote,
    Walkout,
)
from .source import Key


class PlanError(Exception):
    """Problems found while planning: (key path, message) pairs, located by the loader."""

    def __init__(self, problems: list[tuple[Key, str]]):
        self.problems = problems
        super().__init__("; ".join(m for _, m in problems))


@dataclass(frozen=True)
class Step:
    """One agenda item with its place in time (minutes since the epoch)."""

    item: Any
    start: float
    end: float


@dataclass(frozen=True)
class SessionPlan:
    session: Session
    opens: float
    closes: float
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class ArrivalPlan:
    arrival: Arrival
    start: float
    end: float


@dataclass
class Plan:
    scenario: Scenario
    clock: Clock
    factions: tuple[str, ...]
    sessions: tuple[SessionPlan, ...]
    arrivals: tuple[ArrivalPlan, ...]
    triggers: dict[str, list[Trigger]] = field(default_factory=dict)  # by the item they wait for
    absent: dict[str, dict[str, int]] = field(default_factory=dict)  # session -> faction -> persons

    @property
    def items(self) -> dict[str, Any]:
        """Every agenda item and trigger reaction, by id."""
        out = {step.item.id: step.item for sp in self.sessions for step in sp.steps}
        out.update({t.then.id: t.then for ts in self.triggers.values() for t in ts})
        return out

    def moment(self, at: str) -> float | None:
        """The time a census asks about: a session's opening, an agenda item's planned start, or a date."""
        for sp in self.sessions:
            if sp.session.id == at:
                return float(sp.opens)
            for step in sp.steps:
                if step.item.id == at:
                    return float(step.start)
        try:
            return float(self.clock.minutes(at))
        except ValueError:
            return None

    @property
    def opens(self) -> float:
        return self.sessions[0].opens

    @property
    def closes(self) -> float:
        return self.sessions[-1].closes


def build(scenario: Scenario) -> Plan:
    """Plan a scenario; raises :class:`PlanError` listing every problem found."""
    return _Planner(scenario).plan()


class _Planner:
    def __init__(self, scenario: Scenario):
        self.s = scenario
        self.problems: list[tuple[Key, str]] = []
        first = scenario.sessions[0].opens
        try:
            epoch = parse_stamp(first, scenario.calendar)[0]
        except ValueError:
            epoch = 0
        dual = scenario.dual_dates if scenario.dual_dates is not None else scenario.calendar == "julian"
        self.clock = Clock(scenario.calendar, epoch, dual)
        self.items: set[str] = set()
        self.conditions: list[tuple[Key, Any]] = []

    def bad(self, key: Key, message: str) -> None:
        self.problems.append((key, message))

    def time(self, key: Key, text: str) -> float | None:
        try:
            return self.clock.minutes(text)
        except ValueError as exc:
            self.bad(key, str(exc))
            return None

    def ref(self, key: Key, value: str | None, table: dict[str, Any], what: str) -> None:
        if value is not None and value not in table:
            known = ", ".join(sorted(table)) or "none defined"
            self.bad(key, f"no {what} {value!r} (known: {known})")

    def faction(self, key: Key, value: str | None) -> None:
        self.ref(key, value, self.s.factions, "faction")

    def plan(self) -> Plan:
        s = self.s
        self.check_tables()
        sessions = self.plan_sessions()
        arrivals = self.plan_arrivals(sessions)
        triggers = self.plan_triggers()
        absent: dict[str, dict[str, int]] = {}
        session_ids = {x.id: x for x in s.sessions}
        for pid, person in s.persons.items():
            self.faction(("persons", pid, "faction"), person.faction)
            for i, sid in enumerate(person.absent):
                self.ref(("persons", pid, "absent", i), sid, session_ids, "session")
                if person.faction is not None:
                    per = absent.setdefault(sid, {})
                    per[person.faction] = per.get(person.faction, 0) + 1
        if self.problems:
            raise PlanError(self.problems)
        return Plan(s, self.clock, tuple(s.factions), tuple(sessions), tuple(arrivals), triggers, absent)

    def check_tables(self) -> None:
        s = self.s
        self.ref(("primary_source",), s.primary_source, s.sources, "source")
        self.cited((), s)
        for fid, f in s.factions.items():
            self.ref(("factions", fid, "party"), f.party, s.parties, "party")
            self.cited(("factions", fid), f)
        for name, table in (("persons", s.persons), ("delegations", s.delegations), ("bodies", s.bodies)):
            for key, entry in table.items():
                self.cited((name, key), entry)
        for i, h in enumerate(s.history):
            for name in ("date", "sets_opening"):
                if getattr(h, name) is not None:
                    self.time(("history", i, name), getattr(h, name))
            self.cited(("history", i), h)
        for bid, body in s.bodies.items():
            for fid in body.offered or {}:
                self.faction(("bodies", bid, "offered", fid), fid)
            for i, fid in enumerate(body.among or []):
                self.faction(("bodies", bid, "among", i), fid)
            self.ref(("bodies", bid, "chair"), body.chair, s.persons, "person")
            reserved = sum(body.reserved.values())
            if body.seats is not None and reserved > body.seats:
                self.bad(("bodies", bid, "reserved"), f"reserves {reserved} of only {body.seats} seats")

    def cited(self, key: Key, entry: Any) -> None:
        self.ref((*key, "source"), entry.source, self.s.sources, "source")

    def new_id(self, key: Key, ident: str) -> None:
        if ident in self.items:
            self.bad(key, f"duplicate id {ident!r}: item, arrival and trigger ids must be unique")
        self.items.add(ident)

    def plan_sessions(self) -> list[SessionPlan]:
        out: list[SessionPlan] = []
        previous_close: float | None = None
        seen: set[str] = set()
        for si, session in enumerate(self.s.sessions):
            key: Key = ("sessions", si)
            if session.id in seen:
                self.bad((*key, "id"), f"duplicate session id {session.id!r}")
            seen.add(session.id)
            self.cited(key, session)
            opens = self.time((*key, "opens"), session.opens)
            if opens is None:
                continue
            if previous_close is not None and opens < previous_close:
                self.bad((*key, "opens"), f"opens at {self.clock.iso(opens)}, before the previous "
                         f"session closes at {self.clock.iso(previous_close)}")
            now, closed = opens, False
            steps: list[Step] = []
            for ii, item in enumerate(session.agenda):
                ikey: Key = (*key, "agenda", ii)
                self.new_id((*ikey, "id"), item.id)
                self.check_item(ikey, item)
                if closed:
                    self.bad(ikey, f"item {item.id!r} comes after the session's close")
                start = now + item.after
                if item.at is not None:
                    at = self.time((*ikey, "at"), item.at)
                    if at is not None:
                        if at < now:
                            what = "the session opens" if not steps else f"{steps[-1].item.id!r} ends"
                            self.bad((*ikey, "at"), f"{self.clock.iso(at)} is before {what} "
                                     f"({self.clock.iso(now)}); items must be in time order")
                        start = at
                end = start + item.duration
                if isinstance(item, Recess) and item.until is not None:
                    until = self.time((*ikey, "until"), item.until)
                    if until is not None:
                        if until < start:
                            self.bad((*ikey, "until"), f"the recess ends ({self.clock.iso(until)}) "
                                     f"before it begins ({self.clock.iso(start)})")
                        end = max(until, start)
                steps.append(Step(item, start, end))
                now = max(now, end)
                closed = closed or isinstance(item, Close)
            out.append(SessionPlan(session, opens, now, tuple(steps)))
            previous_close = now
        return out

    def check_item(self, key: Key, item: Any) -> None:
        s = self.s
        self.cited(key, item)
        if item.only_if is not None:
            self.conditions.append((key, item.only_if))
        for i, pid in enumerate(item.speakers):
            self.ref((*key, "speakers", i), pid, s.persons, "person")
        if isinstance(item, Walkout):
            for i, fid in enumerate(item.factions):
                self.faction((*key, "factions", i), fid)
        elif isinstance(item, Defection):
            self.faction((*key, "from"), item.source_faction)
            self.faction((*key, "to"), item.target_faction)
        elif isinstance(item, Vote):
            for fid in item.stances:
                self.faction((*key, "stances", fid), fid)
        elif isinstance(item, Election):
            self.ref((*key, "body"), item.body, s.bodies, "body")
        elif isinstance(item, Decision):
            self.faction((*key, "faction"), item.faction)
            self.ref((*key, "body"), item.body, s.bodies, "body")
        elif isinstance(item, Recess) and item.until is None and item.duration == 0:
            self.bad(key, "a recess needs `until` or `duration`")
        elif not isinstance(item, (Debate, Announcement, Recess, Close)):  # pragma: no cover
            raise TypeError(type(item))

    def plan_arrivals(self, sessions: list[SessionPlan]) -> list[ArrivalPlan]:
        out = []
        first_open = sessions[0].opens if sessions else None
        for i, a in enumerate(self.s.arrivals):
            key: Key = ("arrivals", i)
            self.new_id((*key, "id"), a.id)
            self.faction((*key, "faction"), a.faction)
            self.cited(key, a)
            if a.at is not None:
                lo = hi = self.time((*key, "at"), a.at)
            else:
                assert a.between is not None
                lo = self.time((*key, "between", 0), a.between[0])
                hi = self.time((*key, "between", 1), a.between[1])
            if lo is None or hi is None:
                continue
            if hi < lo:
                self.bad((*key, "between"), "the window ends before it begins")
            elif first_open is not None and lo < first_open:
                self.bad((*key, "at" if a.at else "between"), f"{self.clock.iso(lo)} is before the "
                         "first session opens; count these delegates in the faction's `delegates`")
            out.append(ArrivalPlan(a, lo, hi))
        return out

    def plan_triggers(self) -> dict[str, list[Trigger]]:
        by_item: dict[str, list[Trigger]] = {}
        for i, t in enumerate(self.s.triggers):
            key: Key = ("triggers", i)
            self.new_id((*key, "id"), t.id)
            self.cited(key, t)
            self.new_id((*key, "then", "id"), t.then.id)
            self.check_item((*key, "then"), t.then)
            if t.then.at is not None:
                self.bad((*key, "then", "at"), "a reaction happens when its trigger fires; use `delay`")
            by_item.setdefault(t.when.item, []).append(t)
        # causes are agenda items or reactions: their times are fixed, whatever a replay draws
        causes = self.items - {a.id for a in self.s.arrivals}
        for i, t in enumerate(self.s.triggers):
            if t.when.item not in causes:
                self.bad(("triggers", i, "when", "item"), f"no agenda item or reaction {t.when.item!r} to wait for")
        for key, cond in self.conditions:
            if cond.item not in causes:
                self.bad((*key, "only_if", "item"), f"no agenda item or reaction {cond.item!r} to depend on")
        self.circles()
        return by_item

    def circles(self) -> None:
        """A trigger that waits, through other reactions or directly, for its own reaction never fires."""
        reacting = {t.then.id: t for t in self.s.triggers}  # a reaction -> the trigger that makes it
        for i, t in enumerate(self.s.triggers):
            path, cause = [t.id], t.when.item
            while cause in reacting and reacting[cause].id not in path:
                path.append(reacting[cause].id)
                cause = reacting[cause].when.item
            if cause == t.then.id:
                loop = f" ({' -> '.join([*path, t.id])})" if len(path) > 1 else ""
                self.bad(("triggers", i, "when", "item"), f"waits for its own reaction{loop}, so it can never fire")


def of(scenario: Scenario) -> Plan:
    """The scenario's plan, built on first use and kept with the (frozen) scenario."""
    if scenario._plan is None:
        scenario._plan = build(scenario)
    return scenario._plan
