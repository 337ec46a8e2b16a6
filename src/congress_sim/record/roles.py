"""What a fact that passes is worth: the scenario wrote it, a fitted parameter was aimed at it, or
the model produced it.

- **input**: the scenario writes the value (a pinned time, or one counted from it by the durations
  it gives with nothing the model decides in between, a count of delegates no modelled move
  touched, the seats it offers where no faction decides whether to take them, a speaker, the order
  of its agenda, a person's absence, the votes a vote needed to carry under its rules);
- **calibrated**: a target of the fit (the record marks it, and ``congress-sim calibrate`` fitted the
  free parameters to it), or the value rests on one (seats offered, taken or declined by decisions that
  are targets) or on an override written for the purpose (a faction's propensities on a motion, a fixed
  answer to a decision, a fixed share walking out);
- **predicted**: neither. Only predictions confirm the model.

A role is found from the scenario and, where a count is concerned, from the replay: a faction's count
is written by the scenario unless, by then, a walkout the model decided (who left, if anyone) was put
to it, or a defection changed it. Where the scenario's arrivals have reached such a faction by then,
its count is calibrated: how many came is known only as a later count less an earlier one, so the
arrivals were aimed at that count, and it cannot confirm the model. Seats
shared out among those present rest on every faction's count (a quota or a divisor counts those who
won no seat, and those who walked out): they are written only where every count is.
"""

from __future__ import annotations

from typing import Any

from congress_sim import events as ev
from congress_sim.errors import NotFound
from congress_sim.language.scenario import Anchor, Close, Decision, Recess, Ruling, Scenario, Vote, Walkout
from congress_sim.model import rules
from congress_sim.model.procedure import Procedure
from congress_sim.views.replay import Replay

from . import facts as rec

INPUT, CALIBRATED, PREDICTED = "input", "calibrated", "predicted"
ROLES = (PREDICTED, CALIBRATED, INPUT)


def role(fact: rec.Fact, replay: Replay, record: rec.Record | None = None) -> tuple[str, str]:
    """(role, why) of ``fact`` for this replay's scenario; ``record``, the facts ``fact`` belongs with,
    says which decisions were fitted."""
    s, c = replay.scenario, fact.check
    fitted = s._fitted.get("fitted_to", []) if s._fitted else []
    if fact.target or fact.id in fitted:
        return CALIBRATED, "a target of the fit" + (f" ({s._fitted['file']})" if s._fitted and s._fitted.get("file") else "")
    items = replay.plan.items
    if isinstance(c, (rec.Delegations, rec.History)):
        return INPUT, "the scenario's own data"
    if isinstance(c, rec.Time):
        return _time(s, replay, c)
    if isinstance(c, rec.Census):
        return _census(replay, c.at, {k for a in fact.attestations for k in a.value})
    if isinstance(c, (rec.Vote, rec.Phrase, rec.FactionVote, rec.Roll)):
        vote = items.get(c.vote)
        if isinstance(c, rec.Vote) and isinstance(vote, Vote) and all(set(a.value) == {"needed"} for a in fact.attestations):
            return INPUT, _needed(s, vote)
        if isinstance(vote, Vote) and vote.stances:
            return CALIBRATED, f"{c.vote} has propensities written for {', '.join(vote.stances)} (an override)"
        return PREDICTED, "the ballots follow from positions and content"
    if isinstance(c, rec.Seats):
        body = _body(s, items.get(c.election))
        if body is not None and body.method == "offered":
            # the offer is written; who takes the seats offered may not be
            deciding = [d for d in items.values() if isinstance(d, Decision)
                        and d.body == getattr(items.get(c.election), "body", None)]
            aimed = {f.check.item for f in (record.facts if record else [])
                     if isinstance(f.check, rec.Decided) and (f.target or f.id in fitted)}
            leaned = [d.id for d in deciding if d.accepts is not None or d.id in aimed]
            if leaned:
                return CALIBRATED, (f"the seats of {body.label} are offered in the scenario; who takes them rests on "
                                    f"{', '.join(leaned)} (fitted, or answered in the scenario)")
            if any(d.accepts is None for d in deciding):
                return PREDICTED, f"the seats of {body.label} are offered; who takes them follows from positions"
            return INPUT, f"the seats of {body.label} are offered in the scenario"
        # seats shared out among those present are as written, or as aimed at, as the counts they share out:
        # every faction's, since a quota or a divisor counts those who won no seat too (or who walked out)
        kind, why = _census(replay, c.election, set(s.factions), whole=True)
        if kind != PREDICTED:
            return kind, f"the seats share out those present by the rule, and {why}"
        return PREDICTED, "the seats follow from who is present and the rule"
    if isinstance(c, rec.Body):
        asked = set(fact.attestations[0].value or {})
        if asked == {"chair"}:
            return INPUT, "the scenario names the chair"
        deciding = [d for d in items.values() if isinstance(d, Decision)
                    and d.body == getattr(items.get(c.election), "body", None)]
        if asked == {"members"} and not deciding:
            return INPUT, "the scenario names each faction's nominees; who sits follows from the seats"
        fixed = [d.id for d in deciding if d.accepts is not None]
        if fixed:
            return CALIBRATED, f"{', '.join(fixed)} is answered in the scenario (an override)"
        if asked == {"members"}:  # the nominees are written, but how many of them sit rests on who takes seats
            return PREDICTED, "the scenario names each faction's nominees; how many sit follows from who takes seats"
        return PREDICTED, "who takes seats follows from positions"
    if isinstance(c, rec.Decided):
        d = items.get(c.item)
        if isinstance(d, Decision) and d.accepts is not None:
            return CALIBRATED, f"{c.item} is answered in the scenario (an override)"
        return PREDICTED, "the faction judges the body's line"
    if isinstance(c, rec.Walkout):
        w = items.get(c.walkout)
        if isinstance(w, Walkout) and w.share is not None:
            return CALIBRATED, f"{c.walkout} has a share written (an override)"
        return PREDICTED, "who leaves follows from positions"
    if isinstance(c, rec.Occurrence):
        votes = [i for i in c.items if isinstance(items.get(i), Vote)]
        if fact.attestations and all(a.value == "adopted" for a in fact.attestations) and votes:
            if any(items[i].stances for i in votes):
                return CALIBRATED, "some of them have propensities written (an override)"
            return PREDICTED, "their results follow from positions and content"
        return INPUT, "the scenario's agenda holds them"
    if isinstance(c, (rec.Ballots, rec.Positions)):
        return PREDICTED, "from positions"
    # order, speakers, presence, opens_with: the scenario's agenda and persons
    return INPUT, "the scenario's agenda and persons"


def _needed(s: Scenario, vote: Vote) -> str:
    """Why what a vote needed is written: its rule is; a share of those voting rests on how many voted too."""
    threshold = rules.majority_of(s, vote)
    why = f"the scenario's rules write what {vote.id} needed: {rules.describe(threshold)}"
    if getattr(threshold, "of", "members") != "members":
        why += "; as a share of those voting or present, the count rests on how many there were too (the tally's fact)"
    return why


def _body(s: Scenario, item: Any) -> Any:
    return s.bodies.get(getattr(item, "body", ""))


def _time(s: Scenario, replay: Replay, c: rec.Time) -> tuple[str, str]:
    plan = replay.plan
    for sp in plan.sessions:
        if sp.session.id == c.of:
            if c.edge == "start":
                return INPUT, f"the session opens at {_at(replay, sp.session.opens)} in the scenario"
            last = sp.steps[-1] if sp.steps else None
            if last is not None and isinstance(last.item, Close) and last.at is not None:
                return INPUT, f"the close is pinned to {_at(replay, last.item.at)}"
            closed = [e.time for e in replay.events if isinstance(e, ev.SessionClosed) and e.session == c.of]
            return _counted(replay, sp, len(sp.steps), closed[0] if closed else None,
                            "the session ends when its agenda does")
        for i, st in enumerate(sp.steps):
            if st.item.id == c.of:
                if c.edge == "end" and isinstance(st.item, Recess) and st.until is not None:
                    return INPUT, f"the recess is pinned to end at {_at(replay, st.item.until)}"
                if c.edge == "start" and st.at is not None:
                    return INPUT, f"pinned to {_at(replay, st.item.at)} in the scenario"
                began = [e.time for e in replay.events if isinstance(e, ev.ItemBegan) and e.item == c.of]
                at = began[0] + (st.item.duration if c.edge == "end" else 0) if began else None
                return _counted(replay, sp, i + (c.edge == "end"), at, "it follows from the items before it")
    return PREDICTED, "a reaction's time follows from its cause"


def _at(replay: Replay, stamp: Any) -> str:
    """A time the scenario writes, as every output writes it: ``25 Oct 22:40 [7 Nov]``."""
    return replay.clock.label_iso(str(stamp))


def _counted(replay: Replay, sp: Any, upto: int, at: float | None, follows: str) -> tuple[str, str]:
    """The role of the time ``at`` (None: not reached), after the first ``upto`` steps of session
    ``sp``: written, if it is counted from the last pinned time (or the opening) by the durations the
    scenario gives, every item since taken whatever the model decides and no reaction holding the
    floor or closing the sitting meanwhile; otherwise the model's (an item taken on a condition, or
    cut, tabled or ruled out, moves it)."""
    plan = replay.plan
    cut = Procedure(plan).closures
    aside = {v.on for v in plan.items.values() if isinstance(v, Vote) and v.type == "table"}
    ruled = any(isinstance(r, Ruling) for r in plan.items.values())
    start, since = sp.opens, f"the opening at {_at(replay, sp.session.opens)}"
    for st in reversed(sp.steps[:upto]):
        item = st.item
        if (item.only_if is not None or isinstance(item.after, Anchor) or isinstance(item, (Decision, Ruling))
                or item.id in cut or isinstance(item, Vote) and (item.type == "appeal" or ruled
                                                                 or {item.id, item.on} & aside)):
            return PREDICTED, f"{follows}, and whether or when {item.id} is taken is the model's"
        if isinstance(item, Recess) and st.until is not None:
            start, since = st.until, f"the end of {item.id} (pinned to {_at(replay, item.until)})"
            break
        if st.at is not None:
            start, since = st.at, f"{item.id} (pinned to {_at(replay, item.at)})"
            break
    # a reaction set off meanwhile may have held the floor or closed the sitting
    end = float("inf") if at is None else at
    reactions = {t.then.id: t.then for t in plan.triggers}
    for e in replay.events:
        if isinstance(e, ev.Triggered) and e.time <= end and \
                (e.time + reactions[e.action].duration >= start or isinstance(reactions[e.action], Recess)):
            return PREDICTED, f"{follows}, and the reaction {e.action} came meanwhile"
    return INPUT, f"{follows}: the durations the scenario gives, counted from {since}"


def _census(replay: Replay, at: str, keys: set[str], whole: bool = False) -> tuple[str, str]:
    """The role of the counts ``keys`` at ``at``: a count is written unless a departure or defection the model
    decided touched it by then; where the scenario's arrivals reached it too, it is calibrated (aimed at).
    Any count written makes the fact an input; with ``whole``, only every count written does (a value
    that rests on all of them together, as seats shared out do)."""
    if at == "opening":
        return INPUT, "the scenario writes the delegates at the opening"
    s = replay.scenario
    try:  # as the census is taken (a session as it opened, a walkout once the last has gone)
        t: float | None = replay.moment(at)[0]
    except NotFound:  # an item that did not happen: whatever the model decided may have stopped it
        t = None
    touched: set[str] = set()
    arrived: set[str] = set()
    modelled = {w.id: w for w in replay.plan.items.values() if isinstance(w, Walkout) and w.share is None}
    for e in replay.events:
        if t is not None and e.time > t:
            break
        if isinstance(e, ev.WalkoutBegan) and e.item in modelled:
            # the model decided who of these factions left, even if it decided that no one did
            touched |= set(modelled[e.item].factions or s.factions)
        elif isinstance(e, ev.Defected):
            touched |= {e.source, e.target}
        elif isinstance(e, ev.Arrived) and e.item is not None:
            arrived.add(e.faction)
    groups = {k: _members(s, k) for k in keys}
    written = [k for k, fs in groups.items() if not fs & touched]
    if written and not whole:
        return INPUT, f"the scenario writes {', '.join(sorted(written))} (no walkout or defection the model decided touched them)"
    if whole and len(written) == len(groups):
        return INPUT, "the scenario writes every count (no walkout or defection the model decided touched them)"
    # an arrival's count is a later count less an earlier one: a count it reached was aimed at
    aimed = [k for k, fs in groups.items() if fs & touched and fs & touched <= arrived]
    if aimed:
        return CALIBRATED, (f"the scenario's arrivals bring {', '.join(sorted(aimed))} to this count, worked out from "
                            "a later count (aimed at it), whoever the model had leave")
    return PREDICTED, "every count follows from walkouts or defections the model decided"


def _members(s: Scenario, key: str) -> set[str]:
    out: set[str] = set()
    for part in key.split("+"):
        if part == "total":
            out |= set(s.factions)
        elif part in s.factions:
            out.add(part)
        else:
            out |= {f for f in s.factions if s.party_of(f) == part}
    return out
