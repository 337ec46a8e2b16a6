"""The engine: a SimPy replay of a planned scenario, carried out by faction-based delegates.

Delegates are counted by faction (who is in the hall), and each decides for itself when a
replay is seeded: its arrival and departure time within a window, its vote from its
faction's stance. Without a seed, propensities become exact counts by largest remainder
and times are spread evenly, so a replay is the same every time. Nothing here knows any
assembly by name, and nothing here reads the record.
"""

from __future__ import annotations

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
    Scenario,
    Trigger,
    Vote,
    Walkout,
)
from congress_sim.model.apportion import allocate, split
from congress_sim.model.rules import quorum_needed, result_of, rules_for, shares

# At the same minute, delegates' moves come first, then the agenda (in its order), then
# reactions (in the order of their causes). SimPy orders events at one time by priority.
MOVE, AGENDA, REACTION = 0, 1, 2


class _Wait(simpy.events.Event):
    """A timeout with a priority: SimPy's own Timeout, but ordered within its minute."""

    def __init__(self, env: simpy.Environment, delay: float, priority: int):
        super().__init__(env)
        self._ok = True
        self._value = None
        env.schedule(self, priority, delay)  # type: ignore[arg-type]  # any int orders events


def simulate(scenario: Scenario, seed: int | np.random.SeedSequence | None = None) -> Any:
    """Replay ``scenario`` once; deterministic without a seed.

    >>> from congress_sim import load, simulate
    >>> replay = simulate(load("scenarios/historical.yaml"))
    >>> replay.census("opening").total
    649
    """
    from congress_sim.views.replay import Replay

    plan = planning.of(scenario)
    rng = None if seed is None else np.random.default_rng(seed)
    log = _Replayer(plan, rng).run()
    return Replay(scenario, plan, None if seed is None else _seed_label(seed), tuple(log))


def _seed_label(seed: int | np.random.SeedSequence) -> int | str:
    if isinstance(seed, np.random.SeedSequence):
        return f"{seed.entropy}/{'.'.join(map(str, seed.spawn_key))}" if seed.spawn_key else int(seed.entropy)  # type: ignore[arg-type]
    return int(seed)


class _Replayer:
    def __init__(self, plan: planning.Plan, rng: np.random.Generator | None):
        self.plan = plan
        self.s = plan.scenario
        self.rng = rng
        self.env = simpy.Environment()
        self.present = {f: 0 for f in plan.factions}
        self.leaving = {f: 0 for f in plan.factions}  # on their way out in a walkout, not yet gone
        self.registered = 0
        self.opening_total = 0
        self.log: list[ev.Event] = []
        self.session: str | None = None
        self.declined: dict[str, set[str]] = {}  # body -> factions that declined
        self.outcomes: dict[str, str] = {}  # item -> how it ended (a vote's result, ...)

    # --- running ------------------------------------------------------------------------

    def run(self) -> list[ev.Event]:
        env = self.env
        for a in self.plan.arrivals:
            self.arrive(a)
        done = env.process(self.sessions())
        env.run(until=done)
        return self.log

    def chance(self, p: float) -> bool:
        """A yes/no draw; deterministic replays take the likelier side (ties: yes)."""
        return p >= 0.5 if self.rng is None else bool(self.rng.random() < p)

    def spread(self, n: int, start: float, width: float) -> list[float]:
        """Times of ``n`` delegates' moves in [start, start + width]: even, or uniform when seeded."""
        if width <= 0 or n == 0:
            return [start] * n
        if self.rng is None:
            return [start + width * (i + 0.5) / n for i in range(n)]
        return sorted((start + width * self.rng.random(n)).tolist())

    def wait(self, delay: float, priority: int) -> _Wait:
        return _Wait(self.env, delay, priority)

    def moves(self, times: list[float], make: Any) -> None:
        """Log one event for everyone who moves at each distinct time: now at once, later in turn."""
        now = [t for t in times if t <= self.env.now]
        if now:
            make(len(now))
        later = times[len(now):]
        if later:
            self.env.process(self._later(later, make))

    def _later(self, times: list[float], make: Any) -> Any:
        i = 0
        while i < len(times):
            t = times[i]
            j = i
            while j < len(times) and times[j] == t:
                j += 1
            yield self.wait(t - self.env.now, MOVE)
            make(j - i)
            i = j

    def sessions(self) -> Any:
        env = self.env
        first = True
        for sp in self.plan.sessions:
            if sp.opens > env.now:
                yield self.wait(sp.opens - env.now, AGENDA)
            self.session = sp.session.id
            self.emit(ev.SessionOpened(env.now, sp.session.id, sp.session.title))
            if first:
                for f, fac in self.s.factions.items():
                    if fac.delegates:
                        self.add(f, fac.delegates)
                        self.emit(ev.Arrived(env.now, f, fac.delegates, None))
                self.opening_total = self.registered
                first = False
            for pid, person in self.s.persons.items():
                if sp.session.id in person.absent:
                    self.emit(ev.Absent(env.now, pid, sp.session.id))
            for step in sp.steps:
                if step.start > env.now:
                    yield self.wait(step.start - env.now, AGENDA)
                yield from self.perform(step.item, step.end - step.start, AGENDA)
            if sp.closes > env.now:
                yield self.wait(sp.closes - env.now, AGENDA)
            self.emit(ev.SessionClosed(env.now, sp.session.id))

    # --- state --------------------------------------------------------------------------

    def add(self, faction: str, n: int) -> None:
        self.present[faction] += n
        self.registered += n

    def emit(self, event: ev.Event, outcome: str | None = None) -> None:
        self.log.append(event)
        item = getattr(event, "item", None)
        if item is not None and not isinstance(event, ev.Skipped):
            self.note(item, outcome)

    def note(self, item: str, outcome: str | None = None) -> None:
        """An item came about: record how, and start the reactions to it (once per item)."""
        if item in self.outcomes:
            return  # an item's later events (each departure of a walkout, ...) are not new causes
        self.outcomes[item] = outcome or "happened"
        for trigger in self.plan.triggers.get(item, ()):
            if trigger.when.result is None or trigger.when.result == outcome:
                self.env.process(self.react(trigger, item))

    def react(self, trigger: Trigger, cause: str) -> Any:
        if not self.chance(trigger.probability):
            return
        yield self.wait(trigger.delay, REACTION)
        self.emit(ev.Triggered(self.env.now, trigger.id, cause, trigger.then.id))
        yield from self.perform(trigger.then, trigger.then.duration, REACTION)

    # --- items --------------------------------------------------------------------------

    def perform(self, item: Any, duration: float, priority: int) -> Any:
        """Carry out one item (the agenda's or a trigger's); a generator for SimPy."""
        env, now = self.env, self.env.now
        cond = item.only_if
        if cond is not None and (self.outcomes.get(cond.item) is None or
                                 (cond.result is not None and self.outcomes[cond.item] != cond.result)):
            wanted = f"{cond.item} {cond.result}" if cond.result else f"{cond.item} happened"
            self.emit(ev.Skipped(now, item.id, f"only if {wanted}; it was {self.outcomes.get(cond.item, 'not')}"))
            return
        if isinstance(item, Debate):
            self.emit(ev.ItemBegan(now, item.id, item.kind, item.topic, tuple(item.speakers)))
        elif isinstance(item, Announcement):
            self.emit(ev.ItemBegan(now, item.id, "announcement", item.text, tuple(item.speakers)))
        elif isinstance(item, Walkout):
            self.walkout(item)
        elif isinstance(item, Defection):
            self.defect(item)
        elif isinstance(item, Recess):
            self.emit(ev.RecessBegan(now, item.id))
            if duration:
                yield self.wait(duration, priority)
            self.emit(ev.RecessEnded(env.now, item.id))
            return
        elif isinstance(item, Vote):
            self.vote(item)
        elif isinstance(item, Election):
            self.elect(item)
        elif isinstance(item, Decision):
            accepts = item.accepts if isinstance(item.accepts, bool) else self.chance(item.accepts)
            if not accepts:
                self.declined.setdefault(item.body, set()).add(item.faction)
            self.emit(ev.Decided(now, item.id, item.faction, item.body, accepts),
                      "accepted" if accepts else "declined")
        elif isinstance(item, Close):
            self.note(item.id)  # the session closes when its agenda is done
        if duration:
            yield self.wait(duration, priority)

    def walkout(self, item: Walkout) -> None:
        # a walkout takes a share of those present who are not already on their way out
        leaving = {f: int((self.present[f] - self.leaving[f]) * item.share + 0.5) for f in item.factions}
        self.emit(ev.WalkoutBegan(self.env.now, item.id, tuple(item.factions), sum(leaving.values()),
                                  item.declaration))
        for f, n in leaving.items():
            self.leaving[f] += n
            self.moves(self.spread(n, self.env.now, item.over), lambda k, f=f: self.depart(f, k, item.id))

    def depart(self, faction: str, n: int, item: str) -> None:
        self.present[faction] -= n
        self.leaving[faction] -= n
        self.emit(ev.Departed(self.env.now, faction, n, item))

    def arrive(self, a: planning.ArrivalPlan) -> None:
        f, ident = a.arrival.faction, a.arrival.id

        def come(k: int) -> None:
            self.add(f, k)
            self.emit(ev.Arrived(self.env.now, f, k, ident))

        self.moves(self.spread(a.arrival.count, a.start, a.end - a.start), come)

    def defect(self, item: Defection) -> None:
        src, dst = item.source_faction, item.target_faction
        have = self.present[src] - self.leaving[src]  # those leaving do not change sides on the way
        n = min(have, item.count) if item.count is not None else int(have * (item.share or 0) + 0.5)
        self.present[src] -= n
        self.present[dst] += n
        self.emit(ev.Defected(self.env.now, src, dst, n, item.id))

    def vote(self, item: Vote) -> None:
        quorum, majority = rules_for(self.s, item)
        present = sum(self.present.values())
        base = self.registered if quorum is None or quorum.of == "registered" else self.opening_total
        needed = quorum_needed(quorum, base)
        tally: dict[str, ev.Tally] = {}
        if present >= needed:
            absent = self.plan.absent.get(self.session or "", {})
            for f, n in self.present.items():
                n -= absent.get(f, 0)
                if n > 0:
                    tally[f] = self.ballots(f, n, item)
            result = result_of(majority, tally, present)
        else:
            result = "not taken"
        self.emit(ev.VoteTaken(self.env.now, item.id, item.motion, result, present, majority, tally,
                               needed, tuple(item.speakers)), result)

    def ballots(self, faction: str, n: int, item: Vote) -> ev.Tally:
        p = shares(self.s, faction, item)
        if self.rng is None:
            f, a, b = split(n, p)
        else:
            f, a, b = (int(x) for x in self.rng.multinomial(n, p))
        return f, a, b

    def elect(self, item: Election) -> None:
        body = self.s.bodies[item.body]
        declined = self.declined.get(item.body, set())
        taking = [f for f in self.plan.factions
                  if self.present[f] > 0 and f not in declined and (body.among is None or f in body.among)]
        if body.method == "offered":
            won = [(body.offered or {}).get(f, 0) for f in taking]
        else:
            assert body.seats is not None
            won = allocate([self.present[f] for f in taking], body.seats - sum(body.reserved.values()),
                           body.method)
        seats = {f: n for f, n in zip(taking, won, strict=True) if n}
        seats.update(body.reserved)
        chair = body.chair
        if chair is not None and seats.get(self.s.persons[chair].faction or "", 0) == 0:
            chair = None
        self.emit(ev.Elected(self.env.now, item.id, item.body, seats, chair))
