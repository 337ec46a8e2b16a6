"""The SimPy engine: one replay, with its full event log.

A sitting is a SimPy process that walks the agenda; each reaction is a process that waits for its
delay. What an item does is the model's (:func:`congress_sim.model.acts.act`, with a block of one
replay); this module only decides when, and writes the log. At the same minute, delegates' moves
come first, then the agenda, then reactions (in the order they were set off).

Delegates' moves change nothing but the log (who is in the hall is read from the block's arrival
and departure times), so they are not SimPy events: each group of moves (an arrival, a faction's
departures) is a queue of its own, one logged event per distinct time, and is merged into the log
in the order SimPy would have processed it had each group been a process waiting from one time to
the next (see :meth:`_Engine.flush`). Nothing here knows any assembly by name, and nothing here
reads the record.
"""

from __future__ import annotations

import contextlib
import copy
import heapq
from collections.abc import Generator
from dataclasses import fields
from typing import Any

import numpy as np
import simpy

from congress_sim import events as ev
from congress_sim.language import plan as planning
from congress_sim.language.scenario import (
    Announcement,
    Close,
    Debate,
    Decision,
    Defection,
    Election,
    Recess,
    Ruling,
    Scenario,
    Vote,
    Walkout,
)
from congress_sim.model import draws, procedure, rules
from congress_sim.model.acts import Done, act
from congress_sim.model.ballots import ABSTAIN, AGAINST, FOR
from congress_sim.model.block import NOT_VOTING, SKIPPED, Block
from congress_sim.model.elections import groups_of, nominated
from congress_sim.model.params import Params, central
from congress_sim.model.reasons import Reason
from congress_sim.views.replay import Replay

from . import collector

AGENDA, REACTION = 1, 2  # SimPy priorities within a minute (moves, queued apart, come first)
URGENT = 0  # before the agenda, as SimPy's interruptions are: a recess the sitting's close interrupts ends first
OPTION = {FOR: "for", AGAINST: "against", ABSTAIN: "abstain", NOT_VOTING: "not voting"}
RESULT = {0: "adopted", 1: "rejected", 2: "not taken"}


class _Wait(simpy.events.Event):
    """A timeout with a priority: SimPy's own Timeout, but ordered within its minute."""

    def __init__(self, env: simpy.Environment, delay: float, priority: int):
        super().__init__(env)
        self._ok = True
        self._value = None
        env.schedule(self, priority, delay)  # type: ignore[arg-type]  # any int orders events


def simulate(scenario: Scenario, seed: int | np.random.SeedSequence | None = None, params: Params | None = None) -> Replay:
    """Replay ``scenario`` once; deterministic without a seed.

    >>> from congress_sim import load, simulate
    >>> replay = simulate(load("scenarios/historical.yaml"))
    >>> replay.census("opening").total
    649
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"simulate replays a Scenario (cs.load(path)), not {type(scenario).__name__}")
    if seed is not None and not isinstance(seed, np.random.SeedSequence):
        draws.require_seed(seed)  # as --seed is
    plan = planning.of(scenario)
    rng = None if seed is None else np.random.default_rng(seed)
    drawn = None
    block = None
    if params is None and rng is None:
        block = _opening_block(plan)
    elif params is None:
        params = central(plan)
        if rng is not None and scenario.uncertain:  # a seeded replay draws its assumptions first
            drawn = draws.draw(plan, params, rng)
    with collector.paused():
        engine = _Engine(plan, params, rng, block)
        if drawn is not None:
            engine.emit(ev.Drawn(plan.opens, _drawn(plan, drawn[0])))
        log = engine.run()
    return Replay(scenario, plan, None if seed is None else _seed_label(seed), tuple(log))


def _opening_block(plan: planning.Plan) -> Block:
    """The block a deterministic replay of the scenario's own values opens with: the same every time,
    so made once per plan and copied for each replay (what a replay changes is its own; the plan and
    the values, which it only reads, are shared)."""
    def make() -> Block:
        params = central(plan)
        for f in fields(params):  # shared by every replay: none may change them
            if isinstance(value := getattr(params, f.name), np.ndarray):
                value.flags.writeable = False
        return Block(plan, params, None)

    got = plan.kept("opening block", make)
    return copy.deepcopy(got, {id(plan): plan, id(got.p): got.p})


def _drawn(plan: planning.Plan, row: np.ndarray) -> dict[str, float | str]:
    """What one replay drew, by assumption: a family's alternative by name, a value as a number."""
    out: dict[str, float | str] = {}
    for a, x in zip(draws.assumptions(plan), row, strict=True):
        out[a.name] = a.labels[int(x)] if a.form == "alternatives" else (float(a.table()[int(x), 0]) if a.discrete
                                                                        else round(float(x), 6))
    return out


def _seed_label(seed: int | np.random.SeedSequence) -> int | str:
    if isinstance(seed, np.random.SeedSequence):
        return f"{seed.entropy}/{'.'.join(map(str, seed.spawn_key))}" if seed.spawn_key else int(seed.entropy)  # type: ignore[arg-type]
    return int(seed)


class _Engine:
    def __init__(self, plan: planning.Plan, params: Params | None, rng: np.random.Generator | None,
                 block: Block | None = None):
        self.plan = plan
        self.s = plan.scenario
        if block is None:
            assert params is not None
            block = Block(plan, params, rng)
        self.block = block
        self.proc = procedure.Procedure(plan)
        self.row = np.array([0])
        self._now, self._t = np.array([np.nan]), np.nan  # see now(): nan is no time, so the first call makes one
        self.env = simpy.Environment()
        self.log: list[ev.Event] = []
        self.session: str | None = None
        self.sitting: Any = None
        self.waiting = False  # the sitting waits, and a reaction that closes it may interrupt
        self.closer: str | None = None  # the reaction that closed the sitting in progress
        self.settled: set[int] = set()  # triggers whose cause has happened: set off then, or never
        self.due: dict[int, float] = {}  # reactions fired and not yet come, by trigger: when they are due
        # moves still to be logged: (when SimPy would process it, order scheduled, group); per group,
        # its events still to come and the time of the next
        self.queue: list[tuple[float, int, int]] = []
        self.groups: list[tuple[list[tuple[float, tuple[int, ...]]], Any, bool]] = []  # steps, event, arriving
        self.scheduled = 0
        self.pauses: dict[str, Any] = {}  # recesses under way that hold the floor, by item

    # --- running ------------------------------------------------------------------------

    def run(self) -> list[ev.Event]:
        b = self.block
        names = self.plan.factions
        self.emit(ev.Roster(self.plan.opens, self.plan.issues, self.kept("factions", b.roster.origin, self._factions),
                            self.kept("positions", b.positions(self.row)[0], self._positions), dict(b.roster.named)))
        for fi, first, stop, ai in b.roster.groups:
            if ai >= 0:
                slots = first + np.flatnonzero(np.isfinite(b.arrive[0, first:stop]))
                arrival = self.plan.arrivals[ai].arrival.id
                # the faction's name, not the engine: a queued move holding the engine would make a
                # cycle through its log, freed only by the cycle collector (scanned again and again)
                self.moves(b.arrive[0, slots], slots,
                           lambda t, who, name=names[fi], a=arrival: ev.Arrived(t, name, len(who), a, who),
                           arriving=True)
        self.sitting = self.env.process(self.sit())
        self.env.run(until=self.sitting)
        self.flush()
        for index, at in sorted(self.due.items()):  # a reaction whose delay ran past the last close
            self.skip(self.plan.triggers[index].then, Reason("after_close", at=at))
        end = float(self.env.now)
        for index, trigger in enumerate(self.plan.triggers):  # a cause that never happened: said at the close
            if index not in self.settled:
                self.emit(ev.NotSetOff(end, trigger.id, trigger.then.id, procedure.unmet(self.block, trigger.when, 0)))
        return self.log

    def kept(self, what: str, values: np.ndarray, made: Any) -> Any:
        """What ``made`` makes of ``values`` for the log, kept with the plan for the next replay whose
        values are the same (a deterministic replay's, every time): a roster is hundreds of delegates."""
        key = ("roster", what)
        got = self.plan.memo.get(key)
        raw = values.tobytes()
        if got is None or got[0] != raw:
            got = self.plan.memo[key] = (raw, made(values))
        return got[1]

    def _factions(self, origin: np.ndarray) -> tuple[str, ...]:
        names = self.plan.factions
        return tuple([names[f] for f in origin.tolist()])

    @staticmethod
    def _positions(positions: np.ndarray) -> tuple[tuple[float, ...], ...]:
        return tuple(map(tuple, np.round(positions, 4).tolist()))

    def now(self) -> np.ndarray:
        """SimPy's time as the model takes times (one replay): the same read-only array while the clock stands."""
        t = float(self.env.now)
        if t != self._t:
            self._now, self._t = np.array([t]), t
            self._now.flags.writeable = False
        return self._now

    def wait(self, t: float, priority: int) -> Generator[Any, Any, bool]:
        """Wait until ``t``; True if a reaction closed the sitting meanwhile."""
        if t <= self.env.now:
            return False
        self.waiting = True
        try:
            yield _Wait(self.env, t - self.env.now, priority)
        except simpy.Interrupt:
            return True
        finally:
            self.waiting = False
        return False

    def moves(self, times: np.ndarray, slots: np.ndarray, make: Any, arriving: bool = False) -> None:
        """Log one event for the delegates (``slots``) who move at each distinct time: now at once,
        later in turn (queued as a group, see :meth:`flush`)."""
        order = np.argsort(times, kind="stable")
        times, slots = times[order], slots[order]
        now = times <= self.env.now
        if now.any():
            self.emit(make(float(self.env.now), tuple(slots[now].tolist())))
        if (~now).any():
            later, who = times[~now], slots[~now].tolist()
            values, first = np.unique(later, return_index=True)
            bounds = [*first[1:].tolist(), len(later)]
            steps = [(t, tuple(who[a:b])) for t, a, b in zip(values.tolist(), first.tolist(), bounds, strict=True)]
            steps.reverse()  # popped from the end
            self.groups.append((steps, make, arriving))
            self.schedule(len(self.groups) - 1, float(self.env.now))

    def schedule(self, group: int, now: float) -> None:
        """Queue a group's next move as SimPy would a timeout set at ``now``: due at ``now + (t - now)``
        (the same floating-point sum), ordered after everything scheduled before it."""
        t = self.groups[group][0][-1][0]
        heapq.heappush(self.queue, (now + (t - now), self.scheduled, group))
        self.scheduled += 1

    def flush(self) -> None:
        """Log the moves SimPy would have processed by now.

        A move is due strictly after the moment it was scheduled, and moves come first at their
        minute: so when anything else happens at SimPy's current time, every move due by then has
        been processed, and none due later has. Moves due at the same time go in the order they
        were scheduled (SimPy's event ids); a group schedules its next move when one is logged.
        """
        queue, now, groups, log = self.queue, self.env.now, self.groups, self.log
        dissolved = bool(self.block.dissolved)
        while queue and queue[0][0] <= now:
            due, _, group = heapq.heappop(queue)
            steps, make, arriving = groups[group]
            t, who = steps.pop()
            if dissolved:
                who = self.still(who, t, arriving)
            if who:
                log.append(make(t, who))
            if steps:
                self.schedule(group, due)

    def still(self, who: tuple[int, ...], t: float, arriving: bool) -> tuple[int, ...]:
        """Those of a queued move who still make it once the assembly is dissolved: an arrival of
        those who come before it (the others never come), a departure of those who had not been sent
        away before their turn (one on the way out of a walkout)."""
        b = self.block
        if arriving:
            return tuple(w for w in who if b.arrive[0, w] < b.depart[0, w])
        return tuple(w for w in who if b.depart[0, w] == t)

    def emit(self, event: ev.Event) -> None:
        if self.queue and self.queue[0][0] <= self.env.now:
            self.flush()
        self.log.append(event)

    # --- the sittings -------------------------------------------------------------------

    def sit(self) -> Generator[Any, Any, None]:
        b, env = self.block, self.env
        for si, sp in enumerate(self.plan.sessions):
            yield from self.wait(sp.opens, AGENDA)
            self.session = sp.session.id
            b.closed[:] = False
            self.emit(ev.SessionOpened(env.now, sp.session.id, sp.session.title))
            if si == 0:
                for fi, lo, stop, ai in b.roster.groups:
                    slots = lo + np.flatnonzero(np.isfinite(b.arrive[0, lo:stop]))
                    if ai < 0 and len(slots):
                        self.emit(ev.Arrived(env.now, self.plan.factions[fi], len(slots), None, tuple(slots.tolist())))
            for pid in self.plan.absent.get(sp.session.id, ()):
                self.emit(ev.Absent(env.now, pid, sp.session.id))
            closed_by = None
            for step in sp.steps:
                earliest = procedure.earliest(step, self.now())
                while not b.closed[0]:  # the floor may be taken while the agenda waits: ask again
                    t = float(procedure.start(b, step, self.row, earliest)[0])
                    if t <= env.now:
                        break
                    if (yield from self.wait(t, AGENDA)):
                        b.closed[0] = True
                if b.closed[0]:
                    self.skip(step.item, Reason("sitting_closed"))
                    continue
                yield from self.perform(step.item, step.until, AGENDA)
                if b.closed[0] and closed_by is None and not self.closer:
                    closed_by = step.item.id  # an adjournment carried
                if isinstance(step.item, Close):
                    break
            for pause in list(self.pauses.values()):  # a recess still holding the floor ends with the sitting
                pause.interrupt("closed")
                yield _Wait(env, 0, URGENT)
            self.emit(ev.SessionClosed(env.now, sp.session.id, self.closer or closed_by))
            self.session, self.closer = None, None

    def skip(self, item: Any, why: Reason) -> None:
        self.block.mark(item.id, self.row, SKIPPED)
        self.emit(ev.Skipped(self.env.now, item.id, why))

    def perform(self, item: Any, until: float | None, priority: int) -> Generator[Any, Any, Done | None]:
        """Carry out one item (the agenda's or a reaction's) and wait for its end."""
        b, t = self.block, float(self.env.now)
        now = self.now()
        skips = self.proc.skips(b, item, self.row, now, self.session)
        if skips:
            self.skip(item, skips[0][1])
            return None
        done = act(b, item, self.row, now, self.session, detail=True)
        self.record(done)
        for index in self.plan.by_cause.get(item.id, ()):
            if index in self.settled:
                continue
            trigger = self.plan.triggers[index]
            self.settled.add(index)
            why = procedure.not_set_off(b, trigger, index, 0, now, self.session)
            if why is not None:
                self.emit(ev.NotSetOff(t, trigger.id, trigger.then.id, why))
                continue
            self.due[index] = t + float(b.p.delay[0, index])
            self.env.process(self.react(index, item.id, self.due[index]))
        end = float(procedure.end(item, now, until)[0])
        b.keep(b.ended, item.id, self.row, end, np.nan)
        if isinstance(item, Recess):
            self.emit(ev.RecessBegan(t, item.id))
        if isinstance(item, Vote) and item.type == "recess" and done.code is not None and done.code[0] == 0:
            self.env.process(self.recess(item.id, float(b.floor[0])))
        if end > t:
            if priority == AGENDA:
                if (yield from self.wait(end, AGENDA)):
                    b.closed[0] = True  # a reaction closed the sitting while the item went on
            else:
                b.floor[0] = max(b.floor[0], end)  # a reaction holds the floor while it lasts
        if isinstance(item, Recess):
            if priority == AGENDA:
                self.emit(ev.RecessEnded(self.env.now, item.id))
            else:  # a reaction's recess holds the floor; the sitting resumes when it ends
                self.env.process(self.recess(item.id, end, began=False))
        return done

    def recess(self, item: str, until: float, began: bool = True) -> Generator[Any, Any, None]:
        """A recess that holds the floor (a motion carried, or a reaction); it ends early if the sitting closes."""
        if began:
            self.emit(ev.RecessBegan(self.env.now, item))
        self.pauses[item] = self.env.active_process
        with contextlib.suppress(simpy.Interrupt):  # the sitting closed first
            yield _Wait(self.env, until - self.env.now, AGENDA)
        del self.pauses[item]
        self.emit(ev.RecessEnded(self.env.now, item))

    def react(self, index: int, cause: str, at: float) -> Generator[Any, Any, None]:
        yield _Wait(self.env, at - self.env.now, REACTION)
        del self.due[index]
        trigger = self.plan.triggers[index]
        item = trigger.then
        self.emit(ev.Triggered(self.env.now, trigger.id, cause, item.id))
        if isinstance(item, Close):
            if self.session is None:
                self.skip(item, Reason("no_sitting"))
                return
            self.began(item)
            self.block.mark(item.id, self.row, 5)
            self.block.closed[0] = True
            self.closer = item.id
            if self.waiting:
                self.sitting.interrupt("closed")
            return
        yield from self.perform(item, None, REACTION)

    # --- the log ------------------------------------------------------------------------

    def present(self, persons: list[str]) -> tuple[str, ...]:
        """The persons among ``persons`` who are in the hall (a guest always is)."""
        if not persons:
            return ()
        here = self.block.hall(self.row, self.now(), self.session).named[0].tolist()
        column = self.block.person_index
        return tuple(p for p in persons if p not in column or here[column[p]])

    def began(self, item: Debate | Announcement | Close) -> None:
        """An item that only takes place: a debate, report or announcement, or a close (which the
        session's close follows), logged so that the record can name it like any other item."""
        title = item.topic if isinstance(item, Debate) else item.text if isinstance(item, Announcement) else item.title
        self.emit(ev.ItemBegan(float(self.env.now), item.id, item.kind, title or "", self.present(item.speakers)))

    def record(self, done: Done) -> None:
        item, t, b = done.item, float(self.env.now), self.block
        f = self.plan.factions
        if isinstance(item, (Debate, Announcement, Close)):
            self.began(item)
            if done.sent_away is not None:
                self.dissolved(item.id, done.sent_away[0])
        elif isinstance(item, Walkout):
            dep = done.departure
            assert dep is not None
            counts = b.per_faction(self.row, dep.leaving, dep.first)[0]
            by = {f[i]: int(n) for i, n in enumerate(counts) if n}
            caucus = tuple(f[i] for i in range(len(f)) if dep.lines[0, i])
            self.emit(ev.WalkoutBegan(t, item.id, tuple(by), int(counts.sum()), item.declaration, by, caucus))
            member = b.member[0, dep.first:dep.first + dep.leaving.shape[1]]
            for i, name in enumerate(f):
                mine = np.flatnonzero(dep.leaving[0] & (member == i))
                if len(mine):
                    self.moves(dep.times[0][mine], mine + dep.first,
                               lambda tt, who, name=name: ev.Departed(tt, name, len(who), item.id, who))
        elif isinstance(item, Defection):
            assert done.defected is not None
            who = tuple(int(x) for x in np.flatnonzero(done.defected[0]))
            self.emit(ev.Defected(t, item.source_faction, item.target_faction, len(who), item.id, who))
        elif isinstance(item, Vote):
            self.record_vote(done)
        elif isinstance(item, Ruling):
            assert done.upheld is not None and self.s.rules.chair is not None
            self.emit(ev.Ruled(t, item.id, item.point, bool(done.upheld[0]), self.s.rules.chair.person))
        elif isinstance(item, Election):
            self.record_election(done)
        elif isinstance(item, Decision):
            assert done.code is not None
            self.emit(ev.Decided(t, item.id, item.faction, item.body, bool(done.code[0] == 3)))
        if done.moved is not None:
            was, now = done.moved[0].tolist(), b.sq[0].tolist()
            if was != now:  # most items move nothing
                changes = {k: (x, y) for k, x, y in zip(self.plan.issues, was, now, strict=True) if x != y}
                if changes:
                    self.emit(ev.Moved(t, item.id, changes))

    def dissolved(self, item: str, sent: np.ndarray) -> None:
        """The dissolution's line, then the departures of those it sent away, faction by faction."""
        b, f, t = self.block, self.plan.factions, float(self.env.now)
        counts = b.per_faction(self.row, sent[None, :])[0]
        self.emit(ev.Dissolved(t, item, int(counts.sum()), {f[i]: int(n) for i, n in enumerate(counts) if n}))
        member = b.member[0]
        for i, name in enumerate(f):
            mine = np.flatnonzero(sent & (member == i))
            if len(mine):
                self.emit(ev.Departed(t, name, len(mine), item, tuple(mine.tolist())))

    def record_vote(self, done: Done) -> None:
        item, tally, b = done.item, done.tally, self.block
        assert tally is not None and done.code is not None
        f = self.plan.factions
        code = int(done.code[0])
        present = int(tally.present[0])
        counts: dict[str, ev.Tally] = {}  # four columns, for each faction that voted or sat it out in the hall
        in_hall: list[int] | None = None  # asked only of a faction with no votes
        for i, c in enumerate(tally.counts[0].tolist()):
            if not sum(c):
                if code == 2 or not present:
                    continue
                if in_hall is None:
                    in_hall = b.hall(self.row, self.now(), self.session).by_faction[0].tolist()
                if not in_hall[i]:
                    continue
            counts[f[i]] = tuple(c)
        lines = {f[i]: OPTION[x] for i, x in enumerate(tally.lines[0].tolist()) if x >= 0}
        roll: dict[str, str] = {}
        if tally.ballots is not None and not item.secret and code != 2:
            named = b.roster.named
            for pid, ballot in zip(named, tally.ballots[0, list(named.values())].tolist(), strict=True):
                if ballot >= 0:
                    roll[pid] = OPTION[ballot]
        casting = OPTION.get(int(tally.casting[0])) if tally.casting[0] >= 0 else None
        if casting and self.s.rules.chair is not None and not item.secret:  # a secret ballot has no roll call
            roll[self.s.rules.chair.person] = casting
        assert done.quorum is not None and done.needed is not None
        needed = int(done.needed[0]) if done.needed[0] >= 0 else None  # None: each party has one voice
        self.emit(ev.VoteTaken(float(self.env.now), item.id, item.motion, RESULT[code], present,
                               self.rule_of(item), counts, int(done.quorum[0]),
                               self.present(item.speakers), item.type, needed, lines, casting, roll,
                               item.secret))

    def rule_of(self, item: Vote) -> str:
        """The rule a vote is decided by, in words: the same in every replay of the plan, worked out once."""
        return self.plan.kept(("rule in words", item.id), lambda: rules.describe_vote(self.s, item))

    def record_election(self, done: Done) -> None:
        item, t, b = done.item, float(self.env.now), self.block
        body = self.s.bodies[item.body]
        if done.seats is not None:
            groups = groups_of(b, item)
            shared = {g: int(n) for g, n in zip(groups, done.seats[0], strict=True) if n}
            chair = body.chair if done.chair is not None and done.chair[0] else None
            self.emit(ev.Elected(t, item.id, item.body, shared, chair, nominated(body, shared)))
            return
        outcome = done.election
        assert outcome is not None and outcome.winners is not None
        names = item.candidates or []
        won = tuple(names[c] for c in outcome.winners[0] if c >= 0)
        previous: set[str] = set(names)
        for r, bal in enumerate(outcome.ballots):
            standing = {names[c] for c in range(len(names)) if bal.standing[0, c]}
            out = sorted(previous - standing)
            previous = standing
            votes: dict[str, int | float] = {names[c]: int(bal.votes[0, c]) for c in range(len(names)) if bal.standing[0, c]}
            by = {self.plan.factions[i]: {**{names[c]: int(bal.by_faction[0, i, c]) for c in range(len(names))
                                             if bal.by_faction[0, i, c]},
                                          **({"blank": int(bal.by_faction[0, i, -1])} if bal.by_faction[0, i, -1] else {})}
                  for i in range(len(self.plan.factions)) if bal.by_faction[0, i].sum()}
            roll: dict[str, str] = {}
            if bal.choice is not None and not item.secret:
                for pid, slot in b.roster.named.items():
                    c = int(bal.choice[0, slot])
                    if c >= 0:
                        roll[pid] = names[c] if c < len(names) else "blank"
            if outcome.ranked:  # a ranked count: whom its first round elects
                elected = tuple(names[c] for c in outcome.ranked[0].elected)
            else:  # the deciding ballot elects
                elected = won if r == len(outcome.ballots) - 1 else ()
            self.emit(ev.BallotTaken(t, item.id, r + 1, votes, int(bal.blank[0]), tuple(out), by, roll,
                                     item.secret, elected))
        for r, rnd in enumerate((outcome.ranked or [])[1:], start=2):  # the count's later rounds
            self.emit(ev.BallotTaken(t, item.id, r, {names[c]: int(v) if v.is_integer() else v for c, v in rnd.votes},
                                     0, tuple(names[c] for c in rnd.eliminated), {}, {}, item.secret,
                                     tuple(names[c] for c in rnd.elected), transfer=True))
        seats: dict[str, int] = {}
        for pid in won:
            group = self.s.persons[pid].faction or pid
            seats[group] = seats.get(group, 0) + 1
        chair = won[0] if won and body.chair is None and (body.seats or 1) == 1 else body.chair if body.chair in won else None
        self.emit(ev.Elected(t, item.id, item.body, seats, chair, won))
