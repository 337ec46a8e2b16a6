"""A replay: one run of a scenario, and the views derived from its event log.

Nothing here keeps state of its own: every view is computed from ``replay.events``.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from congress_sim import events as ev
from congress_sim.errors import LISTED, NotFound
from congress_sim.language.plan import Plan
from congress_sim.language.scenario import Scenario

# a tally's keys in what programs read (--json), as the vote's own totals name them: ``not_voting``,
# where the words a reader sees say "not voting"
TALLY_KEYS = ("for", "against", "abstain", "not_voting")

# events that bear an item's id but are not the item happening: moves, an arrival's id, an item not taken
AFTER_AN_ITEM = (ev.Arrived, ev.Departed, ev.Skipped, ev.Moved)


@dataclass(frozen=True)
class Census:
    """Who is at the assembly at one moment, by faction and by party; ``time`` in minutes since the
    scenario's epoch, ``when`` the same in its calendar."""

    time: float
    by_faction: dict[str, int]
    by_party: dict[str, int]
    when: str = field(default="", compare=False)

    @property
    def total(self) -> int:
        """Everyone present, of every faction."""
        return sum(self.by_faction.values())

    def __repr__(self) -> str:  # a notebook shows hundreds of these in a list: the moment and the counts
        # "at the assembly", as the transcript says: a delegate who does not attend a session is counted
        # here, but not among its votes' "present"
        counts = ", ".join(f"{f} {n}" for f, n in self.by_faction.items())
        return f"<Census at {self.when or self.time}: {self.total} at the assembly ({counts})>"


class Span(tuple[str, float, float]):
    """A session or a recess: ``(id, start, end)`` as a tuple, in minutes since the scenario's epoch,
    so that it unpacks and compares as three values; ``began`` and ``ended`` the same in its
    calendar, as a census's ``when``."""

    what: str  # Session or Recess
    began: str
    ended: str

    @property
    def id(self) -> str:
        return self[0]

    @property
    def start(self) -> float:
        return self[1]

    @property
    def end(self) -> float:
        return self[2]

    def __new__(cls, what: str, ident: str, start: float, end: float, began: str, ended: str) -> Span:
        span = super().__new__(cls, (ident, start, end))
        span.what, span.began, span.ended = what, began, ended
        return span

    def __getnewargs__(self) -> tuple[str, str, float, float, str, str]:
        return self.what, self[0], self[1], self[2], self.began, self.ended

    def __repr__(self) -> str:  # a notebook shows the times as the timeline gives them, not 1360.0 minutes
        return f"<{self.what} {self[0]!r}: {self.began} to {self.ended}>"


class Replay:
    """One replay of a scenario: its event log and the views of it."""

    def __init__(self, scenario: Scenario, plan: Plan, seed: int | str | None, events: tuple[ev.Event, ...]):
        self.scenario = scenario
        self.plan = plan
        self.seed = seed
        self.events = events

    def __repr__(self) -> str:
        return f"<Replay of {self.scenario.title!r}, seed={self.seed}, {len(self.events)} events>"

    def __str__(self) -> str:
        """What ``congress-sim run`` prints: ``print(replay)``."""
        from .transcript import render

        return render(self)

    def _repr_html_(self) -> str:
        """In a notebook: who was there at the opening and the closing, then each vote and each body
        elected as a table."""
        from .html import bodies_table, escape, vote_table

        opening, closing = self.census("opening").total, self.census("closing").total
        seed = "deterministic" if self.seed is None else f"seed {self.seed}"
        head = (f"<p><b>{escape(self.scenario.title)}</b>, {escape(seed)}: {len(self.events)} events; "
                f"{opening} present at the opening, {closing} at the closing</p>")
        return (head + (vote_table(self) if any(True for _ in self.of(ev.VoteTaken)) else "<p>No vote was taken.</p>")
                + (bodies_table(self) if self.elections() else ""))

    @property
    def clock(self) -> Any:
        """The scenario's calendar: ``clock.label(t)`` and ``clock.iso(t)`` write a time (minutes since its
        epoch), ``clock.minutes("1917-10-26T01:00")`` reads one."""
        return self.plan.clock

    def of(self, kind: type[ev.Event]) -> Iterator[Any]:
        """The events of one kind (``congress_sim.events.Departed``, ...), in time order."""
        return (e for e in self.events if isinstance(e, kind))

    # --- attendance ---------------------------------------------------------------------

    @cached_property
    def _steps(self) -> list[tuple[float, dict[str, int]]]:
        """(time, counts by faction) after every instant at which someone came, left or switched."""
        return self._steps_of(self.events)

    def _steps_of(self, events: tuple[ev.Event, ...]) -> list[tuple[float, dict[str, int]]]:
        counts = {f: 0 for f in self.plan.factions}
        steps: list[tuple[float, dict[str, int]]] = []
        for e in events:
            if isinstance(e, ev.Arrived):
                counts[e.faction] += e.count
            elif isinstance(e, ev.Departed):
                counts[e.faction] -= e.count
            elif isinstance(e, ev.Defected):
                counts[e.source] -= e.count
                counts[e.target] += e.count
            else:
                continue
            if steps and steps[-1][0] == e.time:
                steps[-1] = (e.time, dict(counts))
            else:
                steps.append((e.time, dict(counts)))
        return steps

    def attendance(self) -> list[Census]:
        """The census at every change, in time order."""
        return [self._census(t, c) for t, c in self._steps]

    def _moment(self, when: str | float) -> float:
        return self.moment(when)[0]

    def moment(self, when: str | float) -> tuple[float, int | None]:
        """The time a census at ``when`` is taken, and how much of the log it counts (``through``,
        see :meth:`census`): at the opening or the closing, or a time, all of the log up to then
        (None); just after an item, the log up to its own events: the moves due at its minute came
        first, but not what followed it within its minute (a vote, a walkout after it); just after
        a walkout whose delegates leave over a while, once the last of them has gone, or a
        dissolution has sent the rest away (all of the log up to then); at a session, the assembly
        as it opened, before its first item. The record's census facts are counted so
        (``congress-sim check``)."""
        if when == "opening":
            return next(self.of(ev.SessionOpened)).time, None
        if when == "closing":
            return [e for e in self.of(ev.SessionClosed)][-1].time, None
        if isinstance(when, (int, float)) and not isinstance(when, bool):
            return float(when), None
        if not isinstance(when, str):
            raise NotFound(self._no_moment(when))
        if (found := self.happened(when)) is not None:
            i, t = found
            began = self.events[i]
            if isinstance(began, ev.SessionOpened):
                return t, self._opened(i)
            # an item's first event changes the count if any does (a defection); a walkout's or a
            # dissolution's departures follow it
            departed = [(j, e) for j, e in enumerate(self.events) if isinstance(e, ev.Departed) and e.item == when]
            gone = [j for j, _ in departed]
            if not isinstance(began, ev.WalkoutBegan):
                return t, (gone[-1] if gone else i) + 1
            last = max((e.time for _, e in departed), default=t)
            if sum(e.count for _, e in departed) < began.delegates:  # a dissolution sent the rest away
                last = next((e.time for e in self.of(ev.Dissolved) if e.time >= t), last)
            if last > t:  # leaving over a while: whatever else happened by the time the last had gone
                return last, None
            return t, (gone[-1] if gone else i) + 1  # leaving at once: up to its departures
        if self.plan.moment_kind(when) in ("item", "session"):
            why = self.not_taken(when)
            raise NotFound(f"{when!r} did not happen in this replay{f' ({why})' if why else ''}: there is no "
                           "moment just after it")
        try:
            return self.clock.minutes(when), None
        except ValueError:
            raise NotFound(self._no_moment(when)) from None

    def not_taken(self, item: str) -> str | None:
        """Why an item was not taken, in the scenario's labels (``not taken: <reason>``); None for
        an item this replay did not skip."""
        from .labels import reason

        return next((f"not taken: {reason(self, e.item, e.because)}" for e in self.of(ev.Skipped) if e.item == item),
                    None)

    def _no_moment(self, when: object) -> str:
        sessions = [sp.session.id for sp in self.plan.sessions]
        items = list(self.plan.items)
        guess = difflib.get_close_matches(str(when), ["opening", "closing", *sessions, *items], n=1)
        more = f" and {len(items) - LISTED} more" if len(items) > LISTED else ""
        return (f"no moment {when!r}" + (f" (did you mean {guess[0]!r}?)" if guess else "")
                + f": give 'opening', 'closing', a session's id ({', '.join(sessions)}), an item's id (just after "
                f"it: {', '.join(items[:LISTED])}{more}), a time in the scenario's calendar "
                f"({self.clock.iso(self._moment('opening'))!r}) or minutes since its epoch")

    def happened(self, ident: str) -> tuple[int, float] | None:
        """Where in the log and when an item happened (its first event), or a session opened; None if
        neither did. Every kind of item, a close included, logs an event of its own when it happens."""
        for i, e in enumerate(self.events):
            if (isinstance(e, ev.SessionOpened) and e.session == ident) or \
                    (getattr(e, "item", None) == ident and not isinstance(e, AFTER_AN_ITEM)):
                return i, e.time
        return None

    def _opened(self, i: int) -> int:
        """How much of the log a session's opening (the ``i``-th event) counts: its own events, the
        delegates present from the opening (of the first) and those absent from it."""
        for j, e in enumerate(self.events[i + 1:], start=i + 1):
            if not (isinstance(e, ev.Absent) or isinstance(e, ev.Arrived) and e.item is None):
                return j
        return len(self.events)

    def _present_slots(self, t: float, through: int | None = None) -> list[bool]:
        """Which roster slots are at the assembly at ``t`` (counting the log's first ``through`` events)."""
        out = [False] * len(self.roster.factions)
        for e in self.events[:through]:
            if e.time > t:
                break
            if isinstance(e, ev.Arrived):
                for i in e.delegates:
                    out[i] = True
            elif isinstance(e, ev.Departed):
                for i in e.delegates:
                    out[i] = False
        return out

    def census(self, when: str | float = "closing", through: int | None = None) -> Census:
        """Who is there at ``"opening"``, ``"closing"``, as a session opened (its id), just after an
        item (its id; a walkout: once its last delegate has gone), or at a time: in the scenario's
        calendar, as its file writes one (``"1917-10-26T01:00"``), or in minutes since its epoch;
        as ``congress-sim check`` counts a census (see :meth:`moment`). ``through`` counts only the
        log's first ``through`` events.

        >>> import congress_sim as cs
        >>> replay = cs.simulate(cs.load("scenarios/historical.yaml"))
        >>> night = replay.census("1917-10-26T01:00")
        >>> night.when, night.total, night.by_party["mensheviks"]
        ('26 Oct 01:00 [8 Nov]', 508, 0)
        >>> replay.census("walkout").total, replay.census("second").total
        (512, 626)
        """
        t, counted = self.moment(when)
        through = counted if through is None else through
        counts = {f: 0 for f in self.plan.factions}
        for time, c in self._steps if through is None else self._steps_of(self.events[:through]):
            if time > t:
                break
            counts = c
        return self._census(t, counts)

    def _census(self, t: float, counts: dict[str, int]) -> Census:
        by_party: dict[str, int] = {}
        for f, n in counts.items():
            p = self.scenario.party_of(f)
            by_party[p] = by_party.get(p, 0) + n
        return Census(t, dict(counts), by_party, self.clock.label(t).strip())

    # --- what happened ------------------------------------------------------------------

    def votes(self) -> list[ev.VoteTaken]:
        """Every vote taken (or not taken, for want of a quorum), in time order."""
        return list(self.of(ev.VoteTaken))

    def vote(self, item: str) -> ev.VoteTaken:
        """The vote on the agenda item ``item`` (its id in the scenario)."""
        for v in self.of(ev.VoteTaken):
            if v.item == item:
                return v
        raise NotFound(f"no vote {item!r} in this replay; the votes are {', '.join(v.item for v in self.votes())}")

    def roll_call(self, item: str) -> dict[str, str]:
        """Each named delegate's ballot on a vote (for, against, abstain, not voting), ``absent`` for
        those not in the hall, and a presiding officer's casting vote; empty for a secret ballot or
        a vote not taken."""
        v = self.vote(item)
        if v.secret or v.result == "not taken":
            return {}
        named = [p for p, person in self.scenario.persons.items() if person.faction in self.scenario.factions]
        return {**{p: v.roll.get(p, "absent") for p in named}, **v.roll}

    def elections(self) -> list[ev.Elected]:
        """Each body filled (its seats by group, its chair), in time order."""
        return list(self.of(ev.Elected))

    def ballots(self, item: str | None = None) -> list[ev.BallotTaken]:
        """The ballots of elections among candidates (of one election, with ``item``)."""
        return [b for b in self.of(ev.BallotTaken) if item is None or b.item == item]

    @property
    def roster(self) -> ev.Roster:
        """Who the delegates were and where each stood."""
        return next(self.of(ev.Roster))

    def positions(self, issue: str, when: str | float = "opening", through: int | None = None) -> list[float]:
        """The positions on ``issue`` of the delegates present at ``when`` (see :meth:`census`)."""
        roster = self.roster
        if issue not in roster.issues:
            raise NotFound(f"no issue {issue!r}; the scenario's issues are {', '.join(roster.issues)}")
        k = roster.issues.index(issue)
        t, counted = self.moment(when)
        through = counted if through is None else through
        here = self._present_slots(t, through)
        return [roster.positions[i][k] for i in range(len(roster.factions)) if here[i]]

    def sessions(self) -> list[Span]:
        """(session id, opened, closed) for each session, in minutes since the epoch; each a
        :class:`Span`, whose ``began`` and ``ended`` give the times in the scenario's calendar.

        >>> import congress_sim as cs
        >>> first = cs.simulate(cs.load("scenarios/historical.yaml")).sessions()[0]
        >>> first
        <Session 'first': 25 Oct 22:40 [7 Nov] to 26 Oct 05:15 [8 Nov]>
        >>> session, opened, closed = first
        >>> opened, first.began
        (1360.0, '25 Oct 22:40 [7 Nov]')
        """
        opened = {e.session: e.time for e in self.of(ev.SessionOpened)}
        return [self._span("Session", e.session, opened[e.session], e.time) for e in self.of(ev.SessionClosed)]

    def recesses(self) -> list[Span]:
        """(recess id, began, ended) for each recess, in minutes since the epoch; each a :class:`Span`,
        as :meth:`sessions` gives."""
        began = {e.item: e.time for e in self.of(ev.RecessBegan)}
        return [self._span("Recess", e.item, began[e.item], e.time) for e in self.of(ev.RecessEnded)]

    def _span(self, what: str, ident: str, start: float, end: float) -> Span:
        return Span(what, ident, start, end, self.clock.label(start).strip(), self.clock.label(end).strip())

    def walkouts(self) -> list[dict[str, Any]]:
        """Each walkout: its id, when it began (``time`` in minutes since the epoch, ``when`` in the
        scenario's calendar), the factions some of whose delegates left, how many left, and how many
        of each of those factions (``left``)."""
        gone: dict[str, dict[str, int]] = {}
        for e in self.of(ev.Departed):
            by_faction = gone.setdefault(e.item, {})
            by_faction[e.faction] = by_faction.get(e.faction, 0) + e.count
        return [
            {"id": w.item, "time": w.time, "when": self.clock.label(w.time).strip(), "factions": list(w.factions),
             "delegates": sum(gone.get(w.item, {}).values()), "left": gone.get(w.item, {})}
            for w in self.of(ev.WalkoutBegan)
        ]

    # --- the timeline -------------------------------------------------------------------

    def timeline(self) -> list[tuple[str, str]]:
        """What happened, in order, as ``congress-sim run`` tells it: (when, in the scenario's
        calendar, the other style in brackets; what).

        >>> import congress_sim as cs
        >>> cs.simulate(cs.load("scenarios/historical.yaml")).timeline()[9]
        ('25 Oct 23:05 [7 Nov]', 'Debate on the powers of the congress')
        """
        from .transcript import transcript_lines

        return [(self.clock.label(t).strip(), text) for t, _, text, _ in transcript_lines(self)]

    def transcript(self) -> str:
        """The timeline as ``congress-sim run`` prints it, by session, to ``print``."""
        from .transcript import transcript

        return transcript(self)

    # --- the summary (the --json contract) ----------------------------------------------

    def summary(self) -> dict[str, Any]:
        """The replay as plain data: the JSON that ``congress-sim run --json`` prints."""
        iso = self.clock.iso

        def census(c: Census) -> dict[str, Any]:
            return {"time": iso(c.time), "total": c.total, "by_faction": c.by_faction,
                    "by_party": c.by_party}

        return {
            "scenario": self.scenario.title,
            "calendar": self.scenario.calendar,
            "seed": self.seed,
            "sessions": [{"id": s, "opened": iso(a), "closed": iso(b)} for s, a, b in self.sessions()],
            "recesses": [{"id": r, "start": iso(a), "end": iso(b)} for r, a, b in self.recesses()],
            "census": {"opening": census(self.census("opening")), "closing": census(self.census("closing"))},
            "attendance": [{"time": iso(c.time), "total": c.total, "by_faction": c.by_faction}
                           for c in self.attendance()],
            "walkouts": [{k: iso(v) if k == "time" else v for k, v in w.items() if k not in ("when", "left")}
                         for w in self.walkouts()],
            "votes": [
                {"id": v.item, "motion": v.motion, "type": v.type, "time": iso(v.time), "for": t[0], "against": t[1],
                 "abstain": t[2], "not_voting": v.not_voting, "present": v.present,
                 "majority": v.majority,
                 # short of its quorum, no vote was cast and none needed: the quorum it lacked, as the transcript says
                 **({"needed": None, "quorum": v.quorum} if v.result == "not taken" else {"needed": v.needed}),
                 "result": v.result,
                 "by_faction": {f: dict(zip(TALLY_KEYS, x, strict=True)) for f, x in v.tally.items()},
                 "lines": v.lines, **({"casting": v.casting} if v.casting else {}), "roll": v.roll}
                for v in self.votes() for t in [v.totals()]
            ],
            "ballots": [{"id": b.item, "round": b.round, "time": iso(b.time), "votes": b.votes, "blank": b.blank,
                         "eliminated": list(b.eliminated), "elected": list(b.elected), "transfer": b.transfer}
                        for b in self.of(ev.BallotTaken)],
            "elections": [{"id": e.item, "body": e.body, "time": iso(e.time), "total": sum(e.seats.values()),
                           "seats": e.seats, "chair": e.chair, **({"members": list(e.members)} if e.members else {})}
                          for e in self.elections()],
            "rulings": [{"id": r.item, "time": iso(r.time), "point": r.point, "upheld": r.upheld}
                        for r in self.of(ev.Ruled)],
            "skipped": [{"id": k.item, "time": iso(k.time), "because": str(k.because), "reason": k.because.to_dict()}
                        for k in self.of(ev.Skipped)],
            "not_set_off": [{"trigger": k.trigger, "reaction": k.action, "time": iso(k.time), "because": str(k.because),
                             "reason": k.because.to_dict()} for k in self.of(ev.NotSetOff)],
            "decisions": [{"id": d.item, "time": iso(d.time), "faction": d.faction, "body": d.body,
                           "accepts": d.accepts} for d in self.of(ev.Decided)],
        }

    def table(self, name: str) -> tuple[list[str], list[list[Any]]]:
        """A tidy table: ``attendance``, ``votes`` or ``seats``, as (columns, rows).

        >>> import congress_sim as cs
        >>> cols, rows = cs.simulate(cs.load("scenarios/historical.yaml")).table("votes")
        >>> cols[2:7], rows[0][2]
        (['vote', 'motion', 'time', 'calendar', 'time_gregorian'], 'martov_proposal')
        >>> rows[0][4:7]
        ['1917-10-25T23:35', 'julian', '1917-11-07T23:35']
        """
        from .tables import table

        return table(self, name)

    def frame(self, name: str) -> Any:
        """The same as a pandas DataFrame (and ``events``: one row per event); needs pandas."""
        from .tables import frame

        return frame(self, name)

    def to_json(self) -> str:
        """:meth:`summary` as JSON text."""
        return json.dumps(self.summary(), ensure_ascii=False, indent=2)
