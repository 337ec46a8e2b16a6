"""From a scenario to a plan: names resolved, times in minutes, and everything checked.

The plan is what the drivers run. Building it is where a scenario's cross-references (factions,
persons, bodies, issues, items) and its structure (pinned times in order, anchors that can be
met, subsidiary motions before the motions they are about) are checked; each problem is
reported with the key path it belongs to and names the item by its id.

When each item happens is not fixed here: an item follows the one before it, waits for its
anchor and for any pinned time, and a reaction can close a sitting or hold the floor, so times
are worked out in each replay (:mod:`congress_sim.model.procedure`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from congress_sim.errors import nearest, unknown, with_article

from .calendar import Clock, parse_stamp
from .scenario import (
    MOTION_TYPES,
    Anchor,
    Announcement,
    Arrival,
    Close,
    Condition,
    Debate,
    Decision,
    Defection,
    Election,
    Recess,
    Ruling,
    Scenario,
    Session,
    Trigger,
    Vote,
    Walkout,
)
from .source import Key

# Robert's Rules' order of precedence, for subsidiary and privileged motions pending on one question:
# the higher rank is decided first. A rules preset may change it (rules.motions.<type>.rank).
RANKS = {"main": 0, "priority": 0, "amendment": 1, "previous_question": 3, "cloture": 3, "table": 4,
         "recess": 6, "adjourn": 7, "appeal": 2}
NEEDS_TARGET = {"amendment", "previous_question", "cloture", "table", "appeal", "priority"}


class PlanError(Exception):
    """Problems found while planning: (key path, message) pairs, located by the loader.

    ``also``: for a problem that two values make together (two pinned times out of order), by its
    index, the other values' keys; the loader points at whichever the user's own file wrote (a
    what-if that moved one of them), not at the base. ``first``: for a duplicate, by its index, the
    key where what it repeats was first given, which the loader says (file and line)."""

    def __init__(self, problems: list[tuple[Key, str]], also: dict[int, list[Key]] | None = None,
                 first: dict[int, Key] | None = None):
        self.problems = problems
        self.also = also or {}
        self.first = first or {}
        super().__init__("; ".join(m for _, m in problems))


_T = TypeVar("_T")


@dataclass(frozen=True)
class Step:
    """One agenda item, with its pinned times (minutes since the epoch) where it has them."""

    item: Any
    session: int
    index: int  # its place in the session's agenda
    at: float | None  # not before this time
    until: float | None  # a recess that ends at a clock time
    key: Key  # where it is written, for messages


@dataclass(frozen=True)
class SessionPlan:
    session: Session
    opens: float
    steps: tuple[Step, ...]
    close_at: float | None  # a pinned close


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
    issues: tuple[str, ...]
    sessions: tuple[SessionPlan, ...]
    arrivals: tuple[ArrivalPlan, ...]
    triggers: tuple[Trigger, ...]
    by_cause: dict[str, list[int]] = field(default_factory=dict)  # item -> indices of triggers waiting on it
    absent: dict[str, tuple[str, ...]] = field(default_factory=dict)  # session -> persons absent from it
    ranks: dict[str, int] = field(default_factory=dict)  # motion type -> precedence
    # a plan is not changed once built: what is derived from it is worked out once, here and in the
    # memo the model keeps by its own keys
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def kept(self, key: Any, make: Callable[[], _T]) -> _T:
        """What ``make`` gives, made at the first call with ``key`` and kept in the memo for the next."""
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    @cached_property
    def steps(self) -> list[Step]:
        return [s for sp in self.sessions for s in sp.steps]

    @cached_property
    def items(self) -> dict[str, Any]:
        """Every agenda item and trigger reaction, by id."""
        out = {s.item.id: s.item for s in self.steps}
        out.update({t.then.id: t.then for t in self.triggers})
        return out

    @property
    def opens(self) -> float:
        return self.sessions[0].opens

    @cached_property
    def walkouts(self) -> tuple[str, ...]:
        """The ids of the walkouts, in the agenda's order and then the reactions'."""
        return tuple(i for i, item in self.items.items() if isinstance(item, Walkout))

    def session_index(self, ident: str) -> int | None:
        return next((i for i, sp in enumerate(self.sessions) if sp.session.id == ident), None)

    def restates_opening(self, vote: Vote) -> bool:
        """Whether a main motion's content is where things stood at the opening on every issue it
        names: since a main motion is weighed against that (unless it names `against`), adopting it
        moves nothing, and every delegate abstains."""
        issues = self.scenario.issues
        return (vote.type == "main" and bool(vote.content) and not vote.against and not vote.stances
                and all(k in issues and v == issues[k].status_quo for k, v in vote.content.items()))

    def moment_kind(self, at: str) -> str | None:
        """What a moment (a census's, an outcome's, `compare --at`'s) names: ``opening`` or
        ``closing``, an ``item``'s id, a ``session``'s id, or a ``time`` in the scenario's calendar;
        None for none of these."""
        if at in ("opening", "closing"):
            return at
        if at in self.items:
            return "item"
        if self.session_index(at) is not None:
            return "session"
        try:
            self.clock.minutes(at)
        except ValueError:
            return None
        return "time"

    def variable(self, path: str) -> tuple[str, tuple[Any, ...]]:
        """Where a value that may vary between replays lives in the model's parameters: the array's
        name and the index after the replay's. Raises ValueError naming the paths that can vary.

        Paths: ``factions.F.delegates``, ``factions.F.positions.K(.centre|.spread)``,
        ``factions.F.salience.K``, ``factions.F.discipline``, ``factions.F.tolerance``,
        ``factions.F.seat_tolerance``, ``issues.K.status_quo``,
        ``behaviour.(band|noise|tolerance|seat_tolerance|spread)``, an arrival's ``count``
        (``arrivals.ID.count`` or ``ID.count``), a trigger's ``probability`` or ``delay``, and the
        ``share`` of a walkout that gives one (``ID.share``, by the walkout's id).
        """
        s = self.scenario
        fi = {f: i for i, f in enumerate(self.factions)}
        ki = {k: i for i, k in enumerate(self.issues)}
        ai = {a.arrival.id: i for i, a in enumerate(self.arrivals)}
        ti = {t.id: i for i, t in enumerate(self.triggers)}
        head, *rest = path.split(".")
        # a misspelt name is said as such, not as a path that cannot vary
        named = {"factions": (fi, "faction"), "issues": (ki, "issue")}
        if head in named and rest and rest[0] not in named[head][0]:
            raise ValueError(unknown(named[head][1], rest[0], named[head][0]))
        if head == "factions" and len(rest) >= 3 and rest[1] in ("positions", "salience") and rest[2] not in ki:
            raise ValueError(unknown("issue", rest[2], ki))
        if head == "factions" and len(rest) >= 2 and rest[0] in fi:
            f, what = fi[rest[0]], rest[1:]
            if what == ["delegates"]:
                return "opening", (f,)
            if what in (["discipline"], ["tolerance"], ["seat_tolerance"]):
                return what[0], (f,)
            if len(what) >= 2 and what[1] in ki:
                k = ki[what[1]]
                if what[0] == "salience" and len(what) == 2:
                    return "salience", (f, k)
                if what[0] == "positions" and what[2:] in ([], ["centre"]):
                    return "centre", (f, k)
                if what[0] == "positions" and what[2:] == ["spread"]:
                    return "spread", (f, k)
            raise ValueError("not a value that can vary between replays: a faction's delegates, positions, "
                             "salience, discipline or tolerance can")
        if head == "issues" and len(rest) == 2 and rest[0] in ki and rest[1] == "status_quo":
            return "status_quo", (ki[rest[0]],)
        if head == "behaviour" and rest in (["band"], ["noise"]):
            return rest[0], ()
        if head == "behaviour" and rest in (["tolerance"], ["seat_tolerance"], ["spread"]):
            own = [i for i, f in enumerate(self.factions) if getattr(s.factions[f], rest[0], None) is None]
            if rest[0] != "spread":
                return rest[0], (own,)
            cells = [(i, j) for i, f in enumerate(self.factions) for j, k in enumerate(self.issues)
                     if k in s.factions[f].positions and s.factions[f].positions[k].spread is None]
            return "spread", (tuple(c[0] for c in cells), tuple(c[1] for c in cells))
        if head in ("arrivals", "triggers") and len(rest) == 2:
            head, rest = rest[0], rest[1:]
        if head in ai and rest == ["count"]:
            return "arrivals", (ai[head],)
        if head in ti and rest in (["probability"], ["delay"]):
            return rest[0], (ti[head],)
        if head in self.walkouts and rest == ["share"]:
            if self.items[head].share is None:
                raise ValueError(f"walkout {head!r} gives no `share`: who leaves follows from positions; a share "
                                 "can vary only where the walkout gives one")
            return "share", (self.walkouts.index(head),)
        raise ValueError("not a value that can vary between replays (see `congress-sim schema` for the "
                         "paths that can: positions, sizes, tolerances, discipline, status quo, a trigger's "
                         "probability or delay, an arrival's count, a walkout's share)")


# The values each of the model's parameters may take (low, high, whole numbers), by the name
# Plan.variable gives: what a distribution over it must stay within.
RANGES: dict[str, tuple[float, float, bool]] = {
    "opening": (0, 10_000_000, True), "arrivals": (0, 10_000_000, True), "centre": (-1, 1, False),
    "spread": (0, 2, False), "salience": (0, 100, False), "status_quo": (-1, 1, False),
    "discipline": (0, 1, False), "tolerance": (0, 100, False), "band": (0, 100, False),
    "noise": (0, 100, False), "probability": (0, 1, False), "delay": (0, 10_000_000, False),
    "share": (0, 1, False),
}


def build(scenario: Scenario) -> Plan:
    """Plan a scenario; raises :class:`PlanError` listing every problem found."""
    return _Planner(scenario).plan()


class _Planner:
    def __init__(self, scenario: Scenario):
        self.s = scenario
        self.problems: list[tuple[Key, str]] = []
        self.also: dict[int, list[Key]] = {}  # problem -> the other keys it is about
        self.first: dict[int, Key] = {}  # a duplicate's problem -> where what it repeats was first given
        first = scenario.sessions[0].opens
        try:
            epoch = parse_stamp(first, scenario.calendar)[0]
        except ValueError:
            epoch = 0
        dual = scenario.dual_dates if scenario.dual_dates is not None else scenario.calendar == "julian"
        self.clock = Clock(scenario.calendar, epoch, dual)
        self.ids: dict[str, Key] = {}
        self.kinds: dict[str, Any] = {}  # id -> item, for agenda items and reactions (the first, of a duplicate id)
        self.duplicated: set[str] = set()  # ids given twice: said once, not again by what names them
        self.where: dict[str, tuple[int, int]] = {}  # agenda item -> (session, index)
        self.later: list[tuple[Key, Any]] = []  # (key, check) to run once every id is known

    def bad(self, key: Key, message: str, also: tuple[Key, ...] = (), first: Key | None = None) -> None:
        if also:
            self.also[len(self.problems)] = list(also)
        if first is not None:
            self.first[len(self.problems)] = first
        self.problems.append((key, message))

    def time(self, key: Key, text: str, moment: bool = False, near: float | None = None) -> float | None:
        """Minutes of a time written in the scenario. A ``moment`` (something happens in the hall)
        needs its time of day; one written without its date is told the date of ``near`` (a
        session's opening) to write."""
        try:
            return self.clock.minutes(text, moment, self.clock.iso(near)[:10] if near is not None else "YYYY-MM-DD")
        except ValueError as exc:
            self.bad(key, str(exc))
            return None

    def ref(self, key: Key, value: str | None, table: dict[str, Any], what: str) -> None:
        if value is not None and value not in table:
            self.bad(key, unknown(what, value, table))

    def faction(self, key: Key, value: str | None) -> None:
        self.ref(key, value, self.s.factions, "faction")

    def issues_of(self, key: Key, content: dict[str, Any]) -> None:
        for issue in content:
            self.ref((*key, issue), issue, self.s.issues, "issue")

    def plan(self) -> Plan:
        s = self.s
        self.check_tables()
        sessions = self.plan_sessions()
        arrivals = self.plan_arrivals(sessions)
        by_cause = self.plan_triggers()
        for key, check in self.later:
            check(key)
        absent: dict[str, list[str]] = {}
        session_ids = {x.id: x for x in s.sessions}
        for pid, person in s.persons.items():
            for i, sid in enumerate(person.absent):
                self.ref(("persons", pid, "absent", i), sid, session_ids, "session")
                absent.setdefault(sid, []).append(pid)
        if self.problems:
            raise PlanError(self.problems, self.also, self.first)
        ranks = dict(RANKS)
        for kind, rule in s.rules.motions.items():
            if rule.rank is not None:
                ranks[kind] = rule.rank
        return Plan(s, self.clock, tuple(s.factions), tuple(s.issues), tuple(sessions), tuple(arrivals),
                    tuple(s.triggers), by_cause, {k: tuple(v) for k, v in absent.items()}, ranks)

    # --- tables -------------------------------------------------------------------------

    def check_tables(self) -> None:
        s = self.s
        self.ref(("primary_source",), s.primary_source, s.sources, "source")
        self.cited((), s)
        for iid, issue in s.issues.items():
            self.cited(("issues", iid), issue)
        for fid, f in s.factions.items():
            self.ref(("factions", fid, "party"), f.party, s.parties, "party")
            self.cited(("factions", fid), f)
            self.issues_of(("factions", fid, "positions"), f.positions)
            self.issues_of(("factions", fid, "salience"), f.salience)
            if f.caucus and "discipline" not in f.model_fields_set:  # its default, 0, would make the line no one's
                self.bad(("factions", fid, "caucus"), "a caucus's members follow its line with the faction's "
                         "`discipline`, which is not given (0: none would follow it); give it, e.g. discipline: 0.9")
        for name, table in (("persons", s.persons), ("delegations", s.delegations), ("bodies", s.bodies)):
            for key, entry in table.items():
                self.cited((name, key), entry)
        named: dict[str, int] = {}
        for pid, person in s.persons.items():
            self.faction(("persons", pid, "faction"), person.faction)
            self.issues_of(("persons", pid, "positions"), person.positions)
            self.issues_of(("persons", pid, "salience"), person.salience)
            if person.faction in s.factions:
                named[person.faction] = named.get(person.faction, 0) + 1
        for fid, n in named.items():
            total = s.factions[fid].delegates + sum(a.count for a in s.arrivals if a.faction == fid)
            if n > total:
                self.bad(("factions", fid, "delegates"), f"{n} named persons belong to {fid!r}, "
                         f"which has only {total} delegates")
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
            for group in body.reserved:
                if group in s.factions:
                    self.bad(("bodies", bid, "reserved", group), f"{group!r} is a faction: reserved seats are "
                             "for groups outside the factions (use `offered` or `among` for a faction)")
            self.ref(("bodies", bid, "chair"), body.chair, s.persons, "person")
            for fid, seat_holders in body.nominees.items():
                self.faction(("bodies", bid, "nominees", fid), fid)
                for i, holder in enumerate(seat_holders):
                    committee = holder if isinstance(holder, list) else [holder]
                    for j, nominee in enumerate(committee):
                        where: tuple[str | int, ...] = ("bodies", bid, "nominees", fid, i)
                        self.ref((*where, j) if isinstance(holder, list) else where, nominee, s.persons, "person")
            self.issues_of(("bodies", bid, "line"), body.line)
            reserved = sum(body.reserved.values())
            if body.seats is not None and reserved > body.seats:
                self.bad(("bodies", bid, "reserved"), f"reserves {reserved} of only {body.seats} seats")
        rules = s.rules
        cited: list[tuple[Key, Any]] = [(("rules",), rules), (("rules", "quorum"), rules.quorum),
                                         (("rules", "chair"), rules.chair), (("behaviour",), s.behaviour),
                                         (("members",), s.members)]
        for where, entry in cited:
            if entry is not None:
                self.cited(where, entry)
        if rules.chair is not None:
            self.ref(("rules", "chair", "person"), rules.chair.person, s.persons, "person")
        needs_members: list[tuple[Key, str]] = [(("rules", "quorum", "of"), "the quorum")] \
            if rules.quorum and rules.quorum.of == "members" else []
        needs_members += [(("rules", "majority", "of"), "the majority")] \
            if getattr(rules.majority, "of", None) == "members" else []
        needs_members += [(("rules", "motions", k, "majority", "of"), f"the majority of a motion of type {k}")
                          for k, r in rules.motions.items() if getattr(r.majority, "of", None) == "members"]
        if s.members is None:
            for member_key, what in needs_members:
                # a rules preset's threshold is said at the scenario's `preset:`, not in the shipped file
                self.bad(member_key, f"{what} is of the members: it needs `members: {{seats: N}}` in the scenario",
                         also=(("rules", "preset"),))

    def cited(self, key: Key, entry: Any) -> None:
        self.ref((*key, "source"), entry.source, self.s.sources, "source")

    def placed(self, ident: str) -> tuple[Key, ...]:
        """The item ``ident`` itself, for a problem of order it makes with another (a what-if that put it
        there is pointed at, not the base)."""
        key = self.ids.get(ident)
        return (key[:-1],) if key else ()

    def new_id(self, key: Key, ident: str) -> None:
        if ident in self.ids:
            self.bad(key, f"duplicate id {ident!r}: item, arrival and trigger ids must be unique",
                     also=(self.ids[ident],), first=self.ids[ident])
            self.duplicated.add(ident)
        self.ids.setdefault(ident, key)

    # --- sessions and their agendas ------------------------------------------------------

    def plan_sessions(self) -> list[SessionPlan]:
        out: list[SessionPlan] = []
        agendas: list[tuple[Step, ...]] = []
        previous: float | None = None
        previous_key: Key = ()  # where the previous session's opening is written
        seen: dict[str, Key] = {}
        for si, session in enumerate(self.s.sessions):
            key: Key = ("sessions", si)
            if session.id in seen:
                self.bad((*key, "id"), f"duplicate session id {session.id!r}", also=(seen[session.id],),
                         first=seen[session.id])
            seen.setdefault(session.id, (*key, "id"))
            self.cited(key, session)
            # a bad date is said once; the agenda is still checked, so that its items' own problems are
            # said with it and what waits for them is not said to wait for nothing
            opens = self.time((*key, "opens"), session.opens, True, previous)
            if opens is not None and previous is not None and opens < previous:
                self.bad((*key, "opens"), f"session {session.id!r} opens at {self.clock.iso(opens)}, before "
                         f"the previous session opens ({self.clock.iso(previous)})", also=(previous_key,))
            if opens is not None:
                previous, previous_key = opens, (*key, "opens")
            steps: list[Step] = []
            pinned: tuple[str, float, Key] | None = None  # the last pinned time and its key, for the order check
            close_at = None
            for ii, item in enumerate(session.agenda):
                ikey: Key = (*key, "agenda", ii)
                self.new_id((*ikey, "id"), item.id)
                self.kinds.setdefault(item.id, item)
                self.where.setdefault(item.id, (si, ii))
                self.check_item(ikey, item)
                if close_at is not None or (steps and isinstance(steps[-1].item, Close)):
                    self.bad(ikey, f"item {item.id!r} comes after the session's close")
                at = self.time((*ikey, "at"), item.at, True, opens) if item.at is not None else None
                if at is not None:
                    if opens is not None and at < opens:
                        self.bad((*ikey, "at"), f"{item.id!r} is pinned to {self.clock.iso(at)}, before session "
                                 f"{session.id!r} opens ({self.clock.iso(opens)})", also=((*key, "opens"),))
                    elif pinned is not None and at < pinned[1]:
                        self.bad((*ikey, "at"), f"{item.id!r} is pinned to {self.clock.iso(at)}, before "
                                 f"{pinned[0]!r} ({self.clock.iso(pinned[1])}), which comes earlier in the agenda",
                                 also=(pinned[2],))
                    pinned = (item.id, at, (*ikey, "at"))
                until = None
                if isinstance(item, Recess) and item.until is not None:
                    until = self.time((*ikey, "until"), item.until, True, opens)
                    start, begun = (at, (*ikey, "at")) if at is not None else (pinned[1], pinned[2]) if pinned \
                        else (opens, (*key, "opens"))
                    if until is not None and start is not None and until < start:
                        self.bad((*ikey, "until"), f"the recess {item.id!r} ends ({self.clock.iso(until)}) before "
                                 f"it can begin ({self.clock.iso(start)})", also=(begun,))
                    if until is not None:
                        pinned = (item.id, until, (*ikey, "until"))
                if isinstance(item, Close):
                    close_at = at
                steps.append(Step(item, si, ii, at, until, ikey))
            agendas.append(tuple(steps))
            if opens is not None:
                out.append(SessionPlan(session, opens, tuple(steps), close_at))
        for agenda in agendas:
            self.check_motions(agenda)
        return out

    def check_item(self, key: Key, item: Any) -> None:
        s = self.s
        self.cited(key, item)
        self.issues_of((*key, "effect"), item.effect)
        if item.only_if is not None:
            self.later.append(((*key, "only_if"), lambda k, c=item.only_if, me=item.id: self.condition(k, c, me)))
        if isinstance(item.after, Anchor):
            self.later.append(((*key, "after"), lambda k, a=item.after, me=item.id: self.anchor(k, a, me)))
        for i, pid in enumerate(item.speakers):
            self.ref((*key, "speakers", i), pid, s.persons, "person")
        if isinstance(item, Walkout):
            for i, fid in enumerate(item.factions or []):
                self.faction((*key, "factions", i), fid)
        elif isinstance(item, Defection):
            self.faction((*key, "from"), item.source_faction)
            self.faction((*key, "to"), item.target_faction)
        elif isinstance(item, Vote):
            for fid in item.stances:
                self.faction((*key, "stances", fid), fid)
            self.issues_of((*key, "content"), item.content)
            self.issues_of((*key, "against"), item.against)
            for i, group in enumerate(item.voters or []):
                self.ref((*key, "voters", i), group, {**s.factions, **s.parties}, "faction or party")
            if item.against and item.type != "main":
                self.bad((*key, "against"), f"`against` is the alternative to a main motion; a {item.type} motion "
                         "takes its alternative from the motion it is about")
            if item.type in NEEDS_TARGET and item.on is None:
                self.bad((*key, "on"), f"a motion of type {item.type} needs `on`: the "
                         f"{'ruling' if item.type == 'appeal' else 'motion'} it is about")
            if item.on is not None:
                self.later.append(((*key, "on"), lambda k, v=item: self.target(k, v)))
            if item.type == "main" and not item.content and not item.stances and "content" not in item.model_fields_set:
                # no delegate gains or loses by such a motion: all would abstain, and it would fail unnoticed
                example = f"`content: {{{next(iter(s.issues))}: 1}}`" if s.issues else "on the scenario's `issues`"
                self.bad(key, f"a motion needs `content`, where adopting it moves things ({example}); without it "
                         "every delegate abstains (`content: {}` for a motion that moves nothing)")
            if item.type == "recess" and not item.minutes:
                self.bad((*key, "minutes"), "a motion to recess needs `minutes`: how long the recess would be")
        elif isinstance(item, Ruling):
            self.issues_of((*key, "content"), item.content)
            if s.rules.chair is None:
                self.bad(key, "a ruling is the chair's: give `rules.chair`")
            if item.on is not None:
                self.later.append(((*key, "on"), lambda k, r=item: self.point_on(k, r)))
            elif not item.content:
                self.bad(key, f"the point {item.id!r} needs `on` (the motion it is against) or `content`")
        elif isinstance(item, Election):
            self.ref((*key, "body"), item.body, s.bodies, "body")
            for i, pid in enumerate(item.candidates or []):
                self.ref((*key, "candidates", i), pid, s.persons, "person")
            if item.candidates is not None and len(item.candidates) < 1:
                self.bad((*key, "candidates"), "name at least one candidate")
            body = s.bodies.get(item.body)
            if item.candidates and body is not None and body.method == "offered":
                self.bad((*key, "candidates"), f"body {item.body!r} takes the seats it offers; candidates stand "
                         "for a body with `seats`")
            if item.candidates and body is not None and body.seats and body.seats > len(item.candidates):
                self.bad((*key, "candidates"), f"{len(item.candidates)} candidates for {body.seats} seats")
            if item.candidates is None:  # seats shared among the factions: a ballot's keys would go unused
                for field in ("method", "ballots", "majority"):
                    if field in item.model_fields_set:
                        shared = f", {body.method}" if body is not None else ""
                        self.bad((*key, field), f"applies to an election among `candidates`, and this one names "
                                 f"none: its seats go to the factions by the body's method{shared}")
            if item.candidates and item.method != "stv" and body is not None and (body.seats or 1) != 1:
                self.bad((*key, "method"), f"method {item.method} fills one seat; body {item.body!r} has "
                         f"{body.seats} (use stv, or an election by lists without candidates)")
        elif isinstance(item, Decision):
            self.faction((*key, "faction"), item.faction)
            self.ref((*key, "body"), item.body, s.bodies, "body")
            body = s.bodies.get(item.body)
            if item.accepts is None and body is not None and not body.line:
                self.bad((*key, "accepts"), f"the faction judges body {item.body!r} by its `line`, which it does "
                         "not give: give the body a `line`, or the decision `accepts`")
        elif isinstance(item, Recess) and item.until is None and item.duration == 0:
            self.bad(key, f"the recess {item.id!r} needs `until` or `duration`")
        elif not isinstance(item, (Debate, Announcement, Recess, Close)):  # pragma: no cover
            raise TypeError(type(item))

    def target(self, key: Key, vote: Vote) -> None:
        target = self.kinds.get(vote.on or "")
        if target is None:
            self.bad(key, f"no motion or ruling {vote.on!r} for {vote.id!r} to be about"
                     + nearest(vote.on, [k for k, x in self.kinds.items() if isinstance(x, (Vote, Ruling))]))
            return
        wants = Ruling if vote.type == "appeal" else Vote
        if not isinstance(target, wants):
            self.bad(key, f"{vote.id!r} is a motion of type {vote.type}, about a "
                     f"{'ruling' if wants is Ruling else 'vote'}; {vote.on!r} is a {target.kind}")
            return
        mine, theirs = self.where.get(vote.id), self.where.get(target.id)
        if vote.type != "priority" and mine is not None and theirs is not None and \
                (theirs[0], theirs[1]) < (mine[0], mine[1]) and vote.type != "appeal":
            self.bad(key, f"{vote.id!r} ({vote.type}) is decided after {target.id!r}, the motion it is about; "
                     "a subsidiary motion is decided before its main motion", also=self.placed(target.id))
        if vote.type == "appeal" and mine is not None and theirs is not None and mine < theirs:
            self.bad(key, f"the appeal {vote.id!r} comes before the ruling {target.id!r} it appeals",
                     also=self.placed(target.id))

    def point_on(self, key: Key, ruling: Ruling) -> None:
        target = self.kinds.get(ruling.on or "")
        if not isinstance(target, Vote):
            self.bad(key, f"no motion {ruling.on!r} for the point {ruling.id!r} to be against")
        elif (self.where.get(ruling.id) or (0, 0)) > (self.where.get(target.id) or (0, 0)):
            self.bad(key, f"the point {ruling.id!r} comes after {target.id!r}, the motion it is against",
                     also=self.placed(target.id))

    def check_motions(self, steps: tuple[Step, ...]) -> None:
        """Subsidiary motions put one right after another on one question were pending together, and
        are decided in order of precedence, the highest rank first (Robert's Rules, 5:8)."""
        ranks = dict(RANKS)
        for kind, rule in self.s.rules.motions.items():
            if rule.rank is not None:
                ranks[kind] = rule.rank
        for a, b in zip(steps, steps[1:], strict=False):
            x, y = a.item, b.item
            if isinstance(x, Vote) and isinstance(y, Vote) and x.on and x.on == y.on \
                    and x.type not in ("appeal", "priority") and y.type not in ("appeal", "priority") \
                    and ranks[x.type] < ranks[y.type]:
                self.bad(b.key, f"{y.id!r} ({y.type.replace('_', ' ')}, rank {ranks[y.type]}) is decided right "
                         f"after {x.id!r} ({x.type.replace('_', ' ')}, rank {ranks[x.type]}) on the same question "
                         f"{x.on!r}: pending together, the higher rank is decided first", also=(a.key,))

    def anchor(self, key: Key, anchor: Anchor, me: str) -> None:
        if anchor.item == me:
            self.bad((*key, "item"), f"{me!r} cannot start after itself")
            return
        if anchor.item not in self.kinds:
            self.bad((*key, "item"), f"no agenda item or reaction {anchor.item!r} for {me!r} to follow"
                     + nearest(anchor.item, self.kinds))
            return
        mine, theirs = self.where.get(me), self.where.get(anchor.item)
        if mine is not None and theirs is not None and theirs > mine:
            self.bad((*key, "item"), f"{me!r} follows {anchor.item!r}, which comes later in the agenda; an item "
                     "can wait only for what comes before it (or for a reaction)")

    def condition(self, key: Key, cond: Condition, me: str | None) -> None:
        if cond.item is not None:
            if cond.item == me:
                self.bad((*key, "item"), f"{me!r} cannot depend on itself")
            elif cond.item not in self.kinds:
                if cond.left is None or cond.item not in self.s.removed_walkouts:  # a removed walkout took no one
                    self.bad((*key, "item"), f"no agenda item or reaction {cond.item!r} to depend on"
                             + nearest(cond.item, self.kinds))
            elif (cond.tied is not None or cond.margin) and not isinstance(self.kinds[cond.item], Vote):
                self.bad((*key, "item"), f"`tied` and `margin` are about a vote; {cond.item!r} is "
                         f"{with_article(self.kinds[cond.item].kind)}")
            elif cond.left is not None and not isinstance(self.kinds[cond.item], Walkout):
                self.bad((*key, "left"), f"`left` is about a walkout; {cond.item!r} is "
                         f"{with_article(self.kinds[cond.item].kind)}")
            elif cond.winner is not None:
                self.winner(key, cond)
            elif cond.result is not None:  # a result the item can never have: the condition would never hold
                found = self.kinds[cond.item]
                ends = ("adopted", "rejected", "not taken") if isinstance(found, Vote) \
                    else ("accepted", "declined") if isinstance(found, Decision) else ()
                allowed = (*ends, "happened", "skipped")
                if cond.result not in allowed:
                    self.bad((*key, "result"), f"{cond.item!r} is {with_article(found.kind)}: its result is "
                             f"{', '.join(allowed[:-1])} or {allowed[-1]}, never {cond.result!r}")
        if cond.present is not None:
            self.faction((*key, "present", "faction"), cond.present.faction)

    def winner(self, key: Key, cond: Condition) -> None:
        """A condition on who won: an election among candidates, one of them, and held."""
        found = self.kinds[str(cond.item)]
        if not isinstance(found, Election) or not found.candidates:
            what = "an election by list: it names no candidates" if isinstance(found, Election) else with_article(found.kind)
            self.bad((*key, "winner"), f"`winner` is about an election among candidates; {cond.item!r} is {what}")
        elif cond.winner not in found.candidates:
            self.bad((*key, "winner"), unknown("candidate", str(cond.winner), found.candidates, f" in {cond.item!r}"))
        elif cond.result not in (None, "happened"):
            self.bad((*key, "result"), f"no one wins {cond.item!r} where it is {cond.result}: give `winner` alone")

    # --- arrivals and triggers -----------------------------------------------------------

    def plan_arrivals(self, sessions: list[SessionPlan]) -> list[ArrivalPlan]:
        out = []
        # the first session's opening, unless its date is bad (then said already)
        first_open = sessions[0].opens if sessions and sessions[0].session is self.s.sessions[0] else None
        for i, a in enumerate(self.s.arrivals):
            key: Key = ("arrivals", i)
            self.new_id((*key, "id"), a.id)
            self.faction((*key, "faction"), a.faction)
            self.cited(key, a)
            if a.at is not None:
                lo = hi = self.time((*key, "at"), a.at, True, first_open)
            else:
                assert a.between is not None
                lo = self.time((*key, "between", 0), a.between[0], True, first_open)
                hi = self.time((*key, "between", 1), a.between[1], True, first_open)
            if lo is None or hi is None:
                continue
            if hi < lo:
                self.bad((*key, "between"), "the window ends before it begins")
            elif first_open is not None and lo < first_open:
                self.bad((*key, "at" if a.at else "between"), f"{a.id!r} arrives {'at' if a.at else 'from'} "
                         f"{self.clock.iso(lo)}, before the first session opens ({self.clock.iso(first_open)}); count "
                         "these delegates in the faction's `delegates`", also=(("sessions", 0, "opens"),))
            out.append(ArrivalPlan(a, lo, hi))
        return out

    def plan_triggers(self) -> dict[str, list[int]]:
        by_cause: dict[str, list[int]] = {}
        for i, t in enumerate(self.s.triggers):
            key: Key = ("triggers", i)
            self.new_id((*key, "id"), t.id)
            self.cited(key, t)
            self.new_id((*key, "then", "id"), t.then.id)
            self.kinds.setdefault(t.then.id, t.then)
            self.check_item((*key, "then"), t.then)
            if t.then.at is not None:
                self.bad((*key, "then", "at"), "a reaction happens when its trigger fires; use `delay`")
            if isinstance(t.then, Vote) and t.then.type in NEEDS_TARGET - {"priority"}:
                self.bad((*key, "then", "type"), f"{with_article(t.then.type)} motion is decided in the agenda, before "
                         "the motion it is about; a reaction can call a main motion, an adjournment or a recess")
            by_cause.setdefault(str(t.when.item), []).append(i)
        for i, t in enumerate(self.s.triggers):
            cause = str(t.when.item)
            if (cause == t.then.id or cause == t.id) and cause not in self.duplicated:
                self.bad(("triggers", i, "when", "item"), f"trigger {t.id!r} waits for its own reaction, "
                         "which can then never happen")
            elif cause not in self.kinds:
                self.bad(("triggers", i, "when", "item"), f"no agenda item or reaction {cause!r} to wait for"
                         + nearest(cause, self.kinds))
            else:
                self.condition(("triggers", i, "when"), t.when, None)
        self.circles()
        return by_cause

    def circles(self) -> None:
        """A trigger that waits, through other reactions, for its own reaction never fires (one that
        waits for it directly is refused in :meth:`plan_triggers`)."""
        reacting = {t.then.id: t for t in self.s.triggers}  # a reaction -> the trigger that makes it
        for i, t in enumerate(self.s.triggers):
            path, cause = [t.id], str(t.when.item)
            while cause in reacting and reacting[cause].id not in path:
                path.append(reacting[cause].id)
                cause = str(reacting[cause].when.item)
            if cause == t.then.id and len(path) > 1:
                self.bad(("triggers", i, "when", "item"), f"trigger {t.id!r} waits for its own reaction through "
                         f"others ({' -> '.join([*path, t.id])}), so it can never fire")


def of(scenario: Scenario) -> Plan:
    """The scenario's plan, built on first use and kept with the (frozen) scenario."""
    if scenario._plan is None:
        scenario._plan = build(scenario)
    return scenario._plan


def motion_types() -> tuple[str, ...]:
    return MOTION_TYPES
