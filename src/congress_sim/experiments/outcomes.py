"""Outcomes an analysis measures in every replay of a block, named in a short text.

=========================  ==================================================================
``ITEM=RESULT``            a vote adopted, rejected or not taken; a decision accepted or
                           declined; any item happened or skipped (1 or 0)
``margin:VOTE``            votes for less votes against (0 where the vote was not taken)
``votes:VOTE:OPTION``      votes for, against or abstaining, or those present
``seats:ELECTION:GROUP``   a group's seats in an election (by the election's id or its body's);
                           ``seats:ELECTION`` counts every seat filled
``winner:ELECTION:PERSON`` the person is among those the election elected (1 or 0): a candidate,
                           or in a body elected by list a nominee whose faction's seats reach them
``present:MOMENT``         delegates at the assembly (as its census counts them, not a vote's
                           count of those present) at ``opening``, ``closing``, just after an item (a
                           walkout: once its last delegate has gone), as a session opened, or
                           at a date while the assembly sits, with or without the time
                           (``present:1917-10-26T01:00``)
                           (``present:MOMENT:FACTION`` counts one faction)
``left:WALKOUT``           delegates who left in a walkout (``left:WALKOUT:FACTION``)
``fact:FACT``              the record's fact passes for the primary source (``fact:FACT:SOURCE``)
=========================  ==================================================================

A number may be compared with a threshold, which makes it an event (1 or 0): ``margin:government<0``,
``left:walkout>=100``, ``seats:sovnarkom_formed:left_sr>0``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from congress_sim.drivers.kernel import Kernel, Outcomes, groups_of_election
from congress_sim.errors import CongressSimError, unknown, with_article
from congress_sim.language import plan as planning
from congress_sim.language.scenario import Decision, Election, Scenario, Vote, Walkout
from congress_sim.model.block import NOT_YET, OUTCOMES, SKIPPED

RESULTS = {"vote": ("adopted", "rejected", "not taken"), "decision": ("accepted", "declined")}
KINDS = ("margin", "votes", "seats", "winner", "present", "left", "fact")
COMPARE = re.compile(r"^(?P<what>[^<>=]+?)\s*(?P<op><=|>=|==|<|>|=)\s*(?P<value>[^<>=]+)$")
OPS = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal, "==": np.equal, "=": np.equal}
# a threshold said as a reader says it, not as a formula: "at least 100 delegates who left in ..." names
# a row, "at least 100 delegates leave in ..." says in a sentence that it happens
COUNT_WORDS = {"<": "fewer than", "<=": "at most", ">": "more than", ">=": "at least", "==": "exactly", "=": "exactly"}
MARGIN_WORDS = {**COUNT_WORDS, "<": "below", ">": "above"}


@dataclass(frozen=True)
class Outcome:
    """One measured outcome: ``kind`` with its ``args``, and an optional comparison."""

    text: str
    kind: str  # result, margin, votes, seats, winner, present, left, fact
    args: tuple[str, ...]
    op: str | None = None
    threshold: float | None = None

    @property
    def binary(self) -> bool:
        """Whether each replay's value is 1 or 0 (it happens or not)."""
        return self.kind in ("result", "winner", "fact") or self.op is not None

    def describe(self, scenario: Scenario, clause: bool = False) -> str:
        """The outcome in words, e.g. ``"Resolution on the organization of state power" is rejected``:
        a count as a row names it (``at least 100 delegates who left in the walkout``), or, with
        ``clause``, as a sentence says it happens (``at least 100 delegates leave in the walkout``)."""
        plan = planning.of(scenario)

        from congress_sim.views import labels

        def named(ident: str) -> str:
            item = plan.items.get(ident)
            if isinstance(item, Walkout) and not item.title:
                return f"the walkout of {labels.the(labels.groups(scenario, item.factions))}" if item.factions \
                    else "the walkout"
            if isinstance(item, Election) and not item.title:
                return labels.the(labels.body(scenario, item.body))
            if isinstance(item, Decision) and not item.title:  # as the transcript names it, not by its id
                return f"the decision of {labels.the(labels.group(scenario, item.faction))} on seats in " \
                       f"{labels.the(labels.body(scenario, item.body))}"
            said = getattr(item, "motion", None) or getattr(item, "title", None) or \
                labels.within(labels.item_of(scenario, plan, ident))  # a debate by its topic, ...
            return f"\u201c{said}\u201d"

        def group(ident: str) -> str:
            return scenario.factions[ident].label if ident in scenario.factions else ident

        def when(at: str) -> str:  # as a census is taken there: at a session as it opened, just after an item
            kind = plan.moment_kind(at)
            if kind in ("opening", "closing"):
                return f"at the {at}"
            if kind == "session":
                return f"at the opening of \u201c{plan.sessions[plan.session_index(at) or 0].session.title or at}\u201d"
            if kind == "time":
                return f"at {plan.clock.label(plan.clock.minutes(at)).strip()}"
            return f"after {named(at)}"

        a = self.args
        if self.kind == "result":
            item = plan.items.get(a[0])
            if isinstance(item, Decision) and not item.title and a[1] in ("accepted", "declined"):
                verb = "accept" if a[1] == "accepted" else "decline"  # the Left SRs decline seats in ...
                return f"{labels.the(labels.group(scenario, item.faction))} {verb} seats in " \
                       f"{labels.the(labels.body(scenario, item.body))}"
            verb = {"happened": "happens", "skipped": "does not happen"}.get(a[1], f"is {a[1]}")
            return f"{named(a[0])} {verb}"
        whose = f" {group(a[1])}" if len(a) > 1 and self.kind in ("present", "left") else ""
        one = self.op is not None and self.kind != "margin" and self.threshold == 1  # "at least 1 seat"
        members = scenario.members_called.one if one else labels.members(scenario)
        text = {
            "margin": lambda: f"votes for less votes against on {named(a[0])}",
            "votes": lambda: (f"{members} present" if a[1] == "present" else f"{'vote' if one else 'votes'} {a[1]}")
            + f" on {named(a[0])}",
            "seats": lambda: f"{'seat' if one else 'seats'}{' of ' + labels.the(group(a[1])) if len(a) > 1 else ''} in "
                             f"{named(a[0])}",
            "winner": lambda: f"{scenario.persons[a[1]].name} is elected in {named(a[0])}",
            # at the assembly, as the census counts them and `run` says at a close: not a vote's "present"
            "present": lambda: f"{whose.strip() or members} at the assembly {when(a[0])}",
            "left": lambda: f"{whose.strip() or members} who left in {named(a[0])}",
            "fact": lambda: f"{_statement(scenario, *a)} passes{' for ' + a[1] if len(a) > 1 else ''}",
        }[self.kind]()
        if self.op is None:
            return text
        if self.kind == "margin":  # a difference, below 0 where more voted against
            if clause:
                return f"the margin on {named(a[0])} (votes for less votes against) is {MARGIN_WORDS[self.op]} " \
                       f"{self.threshold:g}"
            return f"{text} {MARGIN_WORDS[self.op]} {self.threshold:g}"
        count = f"{COUNT_WORDS[self.op]} {self.threshold:g}"
        if not clause:
            return f"{count} {text}"  # at least 100 delegates who left in ...
        singular = one and not whose  # one delegate leaves; a faction's label is plural (1 Mensheviks)
        are, leave = ("is", "leaves") if singular else ("are", "leave")
        return {  # at least 100 delegates leave in ...
            "votes": lambda: f"{count} {members} {are} present for the vote on {named(a[0])}" if a[1] == "present" else
            f"{count} {'abstention' if one else 'abstentions'} {are} recorded on {named(a[0])}" if a[1] == "abstain" else
            f"{count} {'vote' if one else 'votes'} {are} cast {a[1]} {named(a[0])}",
            "seats": lambda: f"{labels.the(group(a[1]))} win {count} {'seat' if one else 'seats'} in {named(a[0])}"
            if len(a) > 1 else f"{count} {'seat' if one else 'seats'} {are} filled in {named(a[0])}",
            "present": lambda: f"{count} {whose.strip() or members} {are} at the assembly {when(a[0])}",
            "left": lambda: f"{count} {whose.strip() or members} {leave} in {named(a[0])}",
        }[self.kind]()


def _statement(scenario: Scenario, ident: str, source: str | None = None) -> str:
    """A fact of the scenario's record in the words of ``source`` (default: the primary source)."""
    from congress_sim.record.facts import record_of

    record = record_of(scenario)
    fact = next((f for f in record.facts if f.id == ident), None) if record else None
    if fact is None:
        return f"the fact {ident}"
    return f"\u201c{fact.statement_of(source or scenario.primary_source or '')}\u201d"


def parse(text: str, scenario: Scenario) -> Outcome:
    """Read an outcome; a CongressSimError says what is wrong with it and what is known."""
    text = text.strip()
    plan = planning.of(scenario)
    m = COMPARE.match(text)
    if m and ":" in m["what"]:  # a number compared with a threshold
        try:
            threshold = float(m["value"])
            if not math.isfinite(threshold):  # nothing compares with nan; every count is below inf
                raise ValueError
        except ValueError:
            raise CongressSimError(f"outcome {text!r}: {m['value']!r} is not a number to compare with") from None
        base = parse(m["what"], scenario)
        if base.binary:
            raise CongressSimError(f"outcome {text!r}: {m['what']!r} already happens or not; compare a number")
        return Outcome(text, base.kind, base.args, m["op"], threshold)
    if m and m["op"] == "=":
        item, result = m["what"].strip(), m["value"].strip()
        found = plan.items.get(item)
        if found is None:
            raise CongressSimError(f"outcome {text!r}: {unknown('item', item, plan.items)}")
        kind = "vote" if isinstance(found, Vote) else "decision" if isinstance(found, Decision) else "item"
        allowed = (*RESULTS.get(kind, ()), "happened", "skipped")
        if result not in allowed:
            what = {"vote": "a vote ends", "decision": "a decision ends"}.get(
                kind, f"{with_article(found.kind)} either")
            # who wins an election is measured by the seats it gives, or by the persons it elects
            seats = "" if not isinstance(found, Election) else f"; who wins it: seats:{item}:FACTION" + \
                (f" or winner:{item}:PERSON" if electable(scenario, found) else "")
            raise CongressSimError(f"outcome {text!r}: {what} {_or(allowed)}, not {result!r}{seats}")
        return Outcome(text, "result", (item, result))
    kind, _, rest = text.partition(":")
    args = _present(rest, scenario) if kind == "present" and rest else tuple(rest.split(":")) if rest else ()
    if kind not in KINDS or not args or not args[0]:
        raise CongressSimError(f"outcome {text!r}: write ITEM=RESULT (government=adopted), or one of "
                               "margin:VOTE, votes:VOTE:OPTION, seats:ELECTION:GROUP, winner:ELECTION:PERSON, "
                               "present:MOMENT, left:WALKOUT, fact:FACT, optionally compared with a number "
                               "(margin:government<0)")
    _check(text, kind, args, scenario)
    if kind == "seats":
        args = (_election(text, args[0], scenario), *args[1:])
        groups = groups_of_election(scenario, plan.items[args[0]])
        if len(args) == 2 and args[1] not in groups:  # a misspelt group would count no seat in any replay
            raise CongressSimError(f"outcome {text!r}: {unknown('group', args[1], groups, f' with seats in {args[0]!r}')}")
    if kind == "winner":
        args = (_election(text, args[0], scenario), args[1])
        elected = electable(scenario, plan.items[args[0]])
        if not elected:
            raise CongressSimError(f"outcome {text!r}: {args[0]!r} elects no one by name (its seats go to factions; "
                                   f"its body names no nominees and no chair); who wins it: seats:{args[0]}:FACTION")
        if args[1] not in elected:  # a misspelt person would be elected in no replay
            what = "candidate" if plan.items[args[0]].candidates else "nominee or chair"
            raise CongressSimError(f"outcome {text!r}: {unknown(what, args[1], elected, f' in {args[0]!r}')}")
    return Outcome(text, kind, args)


def _present(rest: str, scenario: Scenario) -> tuple[str, ...]:
    """``MOMENT`` or ``MOMENT:FACTION``: a time of day holds colons of its own (``1917-10-26T01:00``),
    so a faction is what follows the last colon only where the whole is no moment and what comes
    before it is one (else the whole is refused as a moment, saying why)."""
    moment, _, faction = rest.rpartition(":")
    plan = planning.of(scenario)
    if plan.moment_kind(rest) is not None or plan.moment_kind(moment) is None:
        return (rest,)
    return (moment, faction)


def electable(scenario: Scenario, item: Election) -> dict[str, tuple[str, int]]:
    """Whom an election can elect by name: its candidates (each with its index, no faction), or the
    nominees of the body it fills, each with its faction and its entry in the faction's list (a seat
    each), and the body's chair (index -1: seated with the chair's faction, as `run` says)."""
    if item.candidates:
        return {c: ("", i) for i, c in enumerate(item.candidates)}
    body = scenario.bodies[item.body]
    named = {person: (faction, i) for faction, entries in body.nominees.items()
             for i, entry in enumerate(entries) for person in (entry if isinstance(entry, list) else [entry])}
    if body.chair is not None and body.chair not in named:
        named[body.chair] = ("", -1)
    return named


def _or(words: tuple[str, ...]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1]


def _check(text: str, kind: str, args: tuple[str, ...], scenario: Scenario) -> None:
    plan = planning.of(scenario)
    items = plan.items
    votes = [i for i, x in items.items() if isinstance(x, Vote)]
    need = {"margin": (1, 1), "votes": (2, 2), "seats": (1, 2), "winner": (2, 2), "present": (1, 2), "left": (1, 2),
            "fact": (1, 2)}[kind]
    if not need[0] <= len(args) <= need[1]:
        raise CongressSimError(f"outcome {text!r}: {kind} takes {need[0] if need[0] == need[1] else f'{need[0]} or {need[1]}'}"
                               f" name{'s' if need[1] > 1 else ''} after it, separated by ':'")
    if kind in ("margin", "votes") and args[0] not in votes:
        raise CongressSimError(f"outcome {text!r}: {unknown('vote', args[0], votes)}")
    if kind == "votes" and args[1] not in ("for", "against", "abstain", "present"):
        raise CongressSimError(f"outcome {text!r}: count for, against, abstain or present; not {args[1]!r}")
    if kind == "left":
        walkouts = [i for i, x in items.items() if isinstance(x, Walkout)]
        if args[0] not in walkouts:
            raise CongressSimError(f"outcome {text!r}: {unknown('walkout', args[0], walkouts)}")
    if kind in ("present", "left") and len(args) == 2 and args[1] not in scenario.factions:
        raise CongressSimError(f"outcome {text!r}: {unknown('faction', args[1], scenario.factions)}")
    if kind == "fact":
        from congress_sim.record.facts import record_of

        record = record_of(scenario)
        ids = [f.id for f in record.facts] if record else []
        if args[0] not in ids:
            raise CongressSimError(f"outcome {text!r}: " + (unknown("fact", args[0], ids, " in the scenario's record")
                                                              if record else f"no fact {args[0]!r}: the scenario has no record"))
        if len(args) == 2 and args[1] not in scenario.sources:
            raise CongressSimError(f"outcome {text!r}: {unknown('source', args[1], scenario.sources)}")


def _election(text: str, name: str, scenario: Scenario) -> str:
    """An election by its id, or by the body it fills (when one election fills it)."""
    items = planning.of(scenario).items
    elections = [i for i, x in items.items() if isinstance(x, Election)]  # among candidates: the winners' factions
    if name in elections:
        return name
    filling = [i for i in elections if items[i].body == name]
    if len(filling) == 1:
        return filling[0]
    raise CongressSimError(f"outcome {text!r}: {unknown('election', name, elections)}"
                           + (f"; body {name!r} is filled by {len(filling)} elections" if filling else ""))


def probes(outcomes: list[Outcome]) -> dict[str, str]:
    """The census a kernel must keep for ``outcomes``: each ``present:MOMENT``'s, by that name."""
    return {f"present:{o.args[0]}": o.args[0] for o in outcomes if o.kind == "present"}


def kernel_for(scenario: Scenario, outcomes: list[Outcome]) -> Kernel:
    """A kernel that keeps what ``outcomes`` measure (the census at their moments, the record's facts)."""
    from congress_sim.record.facts import record_of
    from congress_sim.record.judge import moments, positions

    wanted: dict[str, str | float] = {}
    record = record_of(scenario) if any(o.kind == "fact" for o in outcomes) else None
    wanted.update(moments(record) if record else {})
    wanted.update(probes(outcomes))
    kernel = Kernel(scenario, wanted, positions=positions(record) if record else None)
    measurable(outcomes, kernel)
    return kernel


def measurable(outcomes: list[Outcome], kernel: Kernel) -> None:
    """Refuse, before any replay runs, an outcome the kernel cannot measure: a moment that is none,
    a fact its source does not give or that many replays cannot judge."""
    dated = [o for o in outcomes if o.kind == "present" and kernel.plan.moment_kind(o.args[0]) == "time"]
    # the close of the replay without chance, as the attendance of `ensemble` dates it: one replay for them all
    closing = float(kernel.run(1).closed[kernel.plan.sessions[-1].session.id][0]) if dated else 0.0
    for o in outcomes:
        if o.kind == "present" and kernel.plan.moment_kind(o.args[0]) is None:
            at, clock, why = o.args[0], kernel.plan.clock, ""
            try:
                clock.minutes(at)
            except ValueError as exc:  # a date mistyped says what is wrong with it
                why = f" ({exc})" if at[:1].isdigit() else ""
            raise CongressSimError(f"outcome {o.text!r}: a moment is opening, closing, an item's or a session's id or "
                                   f"a date in the scenario's calendar ({clock.iso(kernel.plan.opens)!r}); "
                                   f"not {at!r}{why}")
        if o in dated:
            _sitting(o, kernel, closing)
        if o.kind == "fact":
            _attested(o, kernel)


def _sitting(o: Outcome, kernel: Kernel, closing: float) -> None:
    """Refuse a date before the assembly opens or after it closes (at ``closing``): no one would be
    counted before it, and after it those present at the close, with no word that it had closed."""
    plan, clock = kernel.plan, kernel.plan.clock
    at = clock.minutes(o.args[0])
    if plan.opens <= at <= closing:
        return
    edge, what, moment = (plan.opens, "before the assembly opens", "opening") if at < plan.opens else \
        (closing, "after the assembly closes", "closing")
    raise CongressSimError(f"outcome {o.text!r}: {what}, at {clock.iso(edge)} ({clock.label(edge).strip()}); "
                           f"ask a moment while it sits, from {clock.iso(plan.opens)} to {clock.iso(closing)}, "
                           f"or present:{moment}")


def measure(o: Outcome, out: Outcomes, kernel: Kernel) -> np.ndarray:
    """(n,) the outcome in each replay of a block: a count, or 1 where it happens and 0 where not."""
    n = out.n
    if o.kind == "result":
        code = out.code.get(o.args[0], np.full(n, NOT_YET))
        happened = (code != NOT_YET) & (code != SKIPPED)
        want = o.args[1]
        hit = happened if want == "happened" else ~happened if want == "skipped" else code == OUTCOMES[want]
        return hit.astype(float)
    if o.kind == "fact":
        return _fact(o, out, kernel)
    if o.kind == "winner":
        faction, index = electable(kernel.scenario, kernel.plan.items[o.args[0]])[o.args[1]]
        if index < 0:  # the body's chair
            chair = out.chair.get(o.args[0])
            return np.zeros(n) if chair is None else chair.astype(float)
        if not faction:  # among candidates: one of the winners (none where the election was not held)
            won = out.winners.get(o.args[0])
            return np.zeros(n) if won is None else (won == index).any(axis=1).astype(float)
        seats = out.seats.get(o.args[0])  # by list: the faction's seats reach the person's entry
        groups = kernel.groups[o.args[0]]
        if seats is None or faction not in groups:
            return np.zeros(n)
        return (seats[:, groups.index(faction)] > index).astype(float)
    if o.kind in ("margin", "votes"):
        tally = out.tally.get(o.args[0])
        if tally is None:
            value = np.zeros(n)
        elif o.kind == "margin" or o.args[1] != "present":
            totals = tally.sum(axis=1)[:, :3].astype(float) + (out.casting[o.args[0]][:, None] == np.arange(3))
            column = 0 if o.kind == "margin" else ("for", "against", "abstain").index(o.args[1])
            value = totals[:, 0] - totals[:, 1] if o.kind == "margin" else totals[:, column]
        else:
            value = out.present[o.args[0]].astype(float)
    elif o.kind == "seats":
        seats = out.seats.get(o.args[0])
        groups = kernel.groups[o.args[0]]
        if seats is None:
            value = np.zeros(n)
        elif len(o.args) == 1:
            value = seats.sum(axis=1).astype(float)
        else:
            value = seats[:, groups.index(o.args[1])].astype(float) if o.args[1] in groups else np.zeros(n)
    else:
        counts = out.census.get(f"present:{o.args[0]}") if o.kind == "present" else out.leaving.get(o.args[0])
        if counts is None:
            value = np.zeros(n)
        else:
            value = (counts.sum(axis=1) if len(o.args) == 1 else counts[:, kernel.index[o.args[1]]]).astype(float)
    if o.op is not None:
        assert o.threshold is not None
        return OPS[o.op](value, o.threshold).astype(float)
    return value


def _attested(o: Outcome, kernel: Kernel) -> tuple[Any, Any]:
    """The fact a ``fact:`` outcome names and its source's attestation, if many replays can judge it."""
    from congress_sim.record.facts import record_of
    from congress_sim.record.judge import unjudged

    scenario = kernel.scenario
    record = record_of(scenario)
    assert record is not None
    fact = next(f for f in record.facts if f.id == o.args[0])
    source = o.args[1] if len(o.args) == 2 else scenario.primary_source
    a = next((a for a in fact.attestations if a.source == source), None)
    if a is None:
        raise CongressSimError(f"outcome {o.text!r}: source {source!r} gives no value for fact {fact.id!r}")
    if (why := unjudged(fact, a, kernel)) is not None:
        raise CongressSimError(f"outcome {o.text!r}: fact {fact.id!r} cannot be measured over many replays ({why})")
    return fact, a


def _fact(o: Outcome, out: Outcomes, kernel: Kernel) -> np.ndarray:
    from congress_sim.record.judge import judge

    judged = judge(*_attested(o, kernel), out, kernel)
    assert judged is not None  # every moment of the record is kept (kernel_for, the ensemble's probes)
    return judged[0].astype(float)


# --- many replays, in blocks, on local processes ---------------------------------------------

BLOCK = 1000  # replays per block, as in an ensemble: block b of a seeded run draws from seeds(seed, b)
_WORK: dict[str, Any] = {}  # per process: the kernel and the outcomes


def _start(scenario: Scenario, outcomes: list[Outcome]) -> None:
    _WORK.update(kernel=kernel_for(scenario, outcomes), outcomes=outcomes)


def _block(task: tuple[int, int, np.ndarray | None, int | None]) -> tuple[int, np.ndarray, np.ndarray | None]:
    """One block: ``size`` replays at the assumptions ``u`` (None: drawn), seeded or not."""
    from congress_sim.drivers.kernel import seeds
    from congress_sim.model import draws
    from congress_sim.model.params import central

    b, size, u, seed = task
    kernel, outcomes = _WORK["kernel"], _WORK["outcomes"]
    rng = None if seed is None else seeds(seed, b)
    params = None
    if u is not None:
        params = central(kernel.plan, size)
        draws.apply(kernel.plan, params, u)
    out = kernel.run(size, rng, params)
    return b, np.column_stack([measure(o, out, kernel) for o in outcomes]), out.drawn


def evaluate(scenario: Scenario, outcomes: list[Outcome], *, u: np.ndarray | None = None, runs: int = 0,
             seed: int | None = None, jobs: int | None = None,
             progress: Any = None) -> tuple[np.ndarray, np.ndarray | None]:
    """Measure ``outcomes`` in many replays: at the assumptions ``u`` (rows, assumptions) of a design,
    or, without ``u``, in ``runs`` seeded replays that draw their assumptions (the replays of
    ``congress-sim ensemble`` with the same seed). With a ``seed``, each block of replays draws from
    ``seeds(seed, block)``; without one, replays are deterministic. Returns (rows, outcomes) values
    and, for drawn replays, what each drew (rows, assumptions)."""
    import os

    total = len(u) if u is not None else runs
    tasks = [(b, min(BLOCK, total - start), None if u is None else u[start:start + BLOCK], seed)
             for b, start in enumerate(range(0, total, BLOCK))]
    results: dict[int, tuple[np.ndarray, np.ndarray | None]] = {}
    workers = min(max(1, jobs or os.cpu_count() or 1), len(tasks))
    done = 0
    if workers <= 1:
        _start(scenario, outcomes)
        stream: Any = map(_block, tasks)
        pool = None
    else:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_start, initargs=(scenario, outcomes))
        stream = pool.map(_block, tasks)
    try:
        for b, values, drawn in stream:
            results[b] = (values, drawn)
            done += len(values)
            if progress:
                progress(done, total)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    values = np.concatenate([results[b][0] for b in range(len(tasks))])
    drawn = [results[b][1] for b in range(len(tasks))]
    return values, (np.concatenate(drawn) if all(d is not None for d in drawn) else None)
