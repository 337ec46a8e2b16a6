"""The record held against many replays at once: for each fact and source, whether each replay of a
block passes it, and how far it misses (for calibration).

The same tests as :mod:`congress_sim.record.check`, on a block's outcomes
(:class:`congress_sim.drivers.kernel.Outcomes`) instead of one event log.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from congress_sim.drivers.kernel import Kernel, Outcomes
from congress_sim.model.block import ADOPTED, NOT_YET, OUTCOMES, SKIPPED
from congress_sim.model.elections import nominated

from . import facts as rec

OPTIONS = ("for", "against", "abstain")


def moments(record: rec.Record | None) -> dict[str, str | float]:
    """The census and positions each fact of ``record`` asks for, by name, for the kernel to keep."""
    out: dict[str, str | float] = {"opening": "opening", "closing": "closing"}
    for fact in record.facts if record is not None else []:
        if isinstance(fact.check, (rec.Census, rec.Positions)):
            out[f"fact:{fact.id}"] = fact.check.at
    return out


def positions(record: rec.Record | None) -> dict[str, tuple[str, str, list[tuple[float, float]]]]:
    out = {}
    for fact in record.facts if record is not None else []:
        c = fact.check
        if isinstance(c, rec.Positions):
            out[f"fact:{fact.id}"] = (c.at, c.issue, [(b[0], b[1]) for b in c.bands.values()])
    return out


def _within(x: np.ndarray, want: Any, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """(passes, error): the error is the distance from the value (or outside the bounds), in units
    of the tolerance, or of 1 where there is none."""
    x = np.asarray(x, dtype=float)
    scale = tol if tol > 0 else 1.0
    if isinstance(want, dict):
        low = want.get("at_least", want.get("between", [None, None])[0])
        high = want.get("at_most", want.get("between", [None, None])[1])
        below = np.maximum((low if low is not None else -np.inf) - x, 0)
        above = np.maximum(x - (high if high is not None else np.inf), 0)
        return (below <= tol) & (above <= tol), (below + above) / scale
    return np.abs(x - want) <= tol, np.abs(x - want) / scale


def unjudged(fact: rec.Fact, a: rec.Attestation, kernel: Kernel) -> str | None:
    """Why one attestation of a fact cannot be judged over many replays, in a few words; None if it
    can. The same in every replay and block, so an ensemble says it beside the fact it skips."""
    c, plan = fact.check, kernel.plan
    if isinstance(c, rec.Roll):
        return "a roll call: many replays at once keep each faction's count, not each person's vote"
    if isinstance(c, rec.Ballots) and set(a.value) != {"winner"}:
        return "many replays at once keep who won, not the votes of each ballot"
    if isinstance(c, (rec.Census, rec.Positions)):
        at = kernel._minutes(c.at)
        if isinstance(at, float) and at < plan.opens:
            return f"{plan.clock.label(at).strip()} is before the replay begins"
        if isinstance(at, str) and at not in ("opening", "closing") and at not in plan.items \
                and plan.session_index(at) is None:
            return f"{c.at!r} is neither an item, a session nor a date"
    return None


def judge(fact: rec.Fact, a: rec.Attestation, out: Outcomes, kernel: Kernel) -> tuple[np.ndarray, np.ndarray] | None:
    """(passes (n,), error (n,)) of one attestation in each replay of a block; None where it cannot
    apply (:func:`unjudged` says why). The error is how far the replay is from the value, in units
    of the tolerance (1 for a fact that only passes or fails): what calibration makes small."""
    if unjudged(fact, a, kernel) is not None:
        return None
    c, want, tol, n = fact.check, a.value, a.tolerance, out.n
    s, plan = kernel.scenario, kernel.plan
    no = np.zeros(n, dtype=bool)
    yes = ~no

    def flag(ok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return ok, (~ok).astype(float)

    def happened(item: str) -> np.ndarray:
        code = out.code.get(item)
        return no if code is None else (code != NOT_YET) & (code != SKIPPED)

    # a census or survey just after an item: where the item did not happen, it fails, as in `check`
    after = happened(c.at) if isinstance(c, (rec.Census, rec.Positions)) and c.at in plan.items else yes
    if isinstance(c, rec.Census):
        counts = out.census.get(f"fact:{fact.id}" if c.at not in ("opening", "closing") else c.at)
        if counts is None:
            return None  # not a moment this kernel was asked to keep
        ok, miss = after.copy(), np.zeros(n)
        for key, x in want.items():
            idx = _members(kernel, key)
            if idx is None:
                return flag(no)
            p, m = _within(counts[:, idx].sum(axis=1), x, tol)
            ok &= p
            miss += m ** 2
        return ok, np.sqrt(miss)
    if isinstance(c, rec.Positions):
        got = out.positions.get(f"fact:{fact.id}")
        if got is None:
            return None  # not a survey this kernel was asked to keep
        total, asked = got.sum(axis=1), sum(want.values())
        shares = got / np.maximum(total, 1)[:, None]
        wanted = np.array([want[k] / asked for k in c.bands])
        diff = np.abs(shares - wanted[None, :])
        scale = tol if tol > 0 else 0.01
        return after & (diff <= tol).all(axis=1) & (total > 0), np.sqrt((diff ** 2).sum(axis=1)) / scale
    if isinstance(c, rec.Time):
        at = plan.clock.minutes(str(want))
        if plan.session_index(c.of) is not None:
            t = (out.opened if c.edge == "start" else out.closed).get(c.of)
        else:
            t = (out.start if c.edge == "start" else out.end).get(c.of)
        if t is None:
            return flag(no)
        ok, miss = _within(np.nan_to_num(t, nan=-1e12), at, tol)
        return ok, np.minimum(miss, 1e6)
    if isinstance(c, (rec.Vote, rec.Phrase, rec.FactionVote)):
        tally = out.tally.get(c.vote)
        if tally is None:
            return flag(no)
        code = out.code[c.vote]
        taken = (code == ADOPTED) | (code == OUTCOMES["rejected"])
        casting = out.casting[c.vote]
        f = tally[:, :, 0].sum(1) + (casting == 0)
        ag = tally[:, :, 1].sum(1) + (casting == 1)
        ab = tally[:, :, 2].sum(1)
        if isinstance(c, rec.FactionVote):
            t = tally[:, kernel.index[c.faction], :3]
            if want == "not voting":
                return flag(taken & (t.sum(1) == 0))
            if want == "not for":  # as check: most against or abstaining, or none voting
                return flag(taken & ~((t.sum(1) > 0) & (np.argmax(t, axis=1) == OPTIONS.index("for"))))
            return flag(taken & (t.sum(1) > 0) & (np.argmax(t, axis=1) == OPTIONS.index(want)))
        if isinstance(c, rec.Phrase):
            cast = f + ag + ab
            ok = taken & (code == ADOPTED) & (cast > 0)
            return flag(ok & {"unanimously": (ag == 0) & (ab == 0), "overwhelming majority": f >= 0.9 * cast,
                              "majority": 2 * f > cast}[want])
        ok, miss = yes.copy(), np.zeros(n)
        needed = out.needed[c.vote]  # the vote's, as its result is; -1 (by party) is no count `check` could match
        values = {"for": f, "against": ag, "abstain": ab, "not_voting": tally[:, :, 3].sum(1), "present": out.present[c.vote],
                  "needed": needed}
        if isinstance(c, rec.Vote) and c.among is not None:
            idx = [i for i, fac in enumerate(plan.factions) if fac in c.among or s.party_of(fac) in c.among]
            mine = tally[:, idx, :].sum(axis=1)
            values = {"for": mine[:, 0], "against": mine[:, 1], "abstain": mine[:, 2], "not_voting": mine[:, 3],
                      "present": mine.sum(axis=1), "needed": needed}
        for key, x in want.items():
            if key == "result":
                hit = code == OUTCOMES[x]
                ok &= hit
                miss += (~hit).astype(float)
            else:
                p, m = _within(values[key], x, tol)
                ok &= p & taken & ((needed >= 0) if key == "needed" else yes)
                miss += m ** 2
        return ok, np.sqrt(miss)
    if isinstance(c, rec.Seats):
        seats = out.seats.get(c.election)
        if seats is None:
            return flag(no)
        groups = kernel.groups[c.election]
        ok, miss = happened(c.election).copy(), np.zeros(n)
        for key, x in want.items():
            have = seats.sum(axis=1) if key == "total" else seats[:, groups.index(key)] if key in groups else np.zeros(n)
            p, m = _within(have, x, tol)
            ok &= p
            miss += m ** 2
        return ok, np.sqrt(miss)
    if isinstance(c, rec.Body):
        seats = out.seats.get(c.election)
        if seats is None:
            return flag(no)
        groups = kernel.groups[c.election]
        item = plan.items[c.election]
        body, names = s.bodies[item.body], item.candidates
        ok = happened(c.election).copy()
        if "only" in want:
            ok &= ((seats > 0) == np.isin(groups, want["only"])[None, :]).all(axis=1)
        if "chair" in want:
            if names and body.chair is None and (body.seats or 1) == 1:  # the one elected chairs it
                ok &= out.winners[c.election][:, 0] == (names.index(want["chair"]) if want["chair"] in names else -9)
            else:
                ok &= out.chair.get(c.election, no) if body.chair == want["chair"] else no
        if "members" in want:  # the candidates elected; or the nominees seated, which follow from the seats
            asked = sorted(want["members"])
            won = out.winners[c.election] if names else seats
            for combo in np.unique(won, axis=0):
                same = (won == combo[None, :]).all(axis=1)
                seated = [names[k] for k in combo if k >= 0] if names else \
                    nominated(body, {g: int(k) for g, k in zip(groups, combo, strict=True)})
                if sorted(seated) != asked:
                    ok &= ~same
        return flag(ok)
    if isinstance(c, rec.Decided):
        decided = out.code.get(c.item)
        return flag(no if decided is None else decided == OUTCOMES[want])
    if isinstance(c, rec.Walkout):
        left = out.leaving.get(c.walkout)
        if left is None:
            return flag(no)
        wanted = np.isin(kernel.factions, want)
        return flag(happened(c.walkout) & ((left > 0) == wanted[None, :]).all(axis=1))
    if isinstance(c, rec.Presence):
        person = s.persons.get(c.person)
        if person is None or plan.session_index(c.session) is None:
            return flag(no)
        return flag(yes if (c.session in person.absent) == (want == "absent") else no)
    if isinstance(c, rec.Order):
        times, ranks = [], []
        for i in want:
            t = out.opened.get(i) if plan.session_index(i) is not None else out.start.get(i)
            if t is None:
                return flag(no)
            times.append(t)
            ranks.append(_rank(plan, i))
        stack = np.stack(times, axis=1)
        dt, dr = np.diff(np.nan_to_num(stack), axis=1), np.diff(ranks)[None, :]
        # at the same minute, in the order the log has them: a session's opening, then the agenda, then reactions
        return flag(~np.isnan(stack).any(axis=1) & ((dt > 0) | ((dt == 0) & (dr >= 0))).all(axis=1))
    if isinstance(c, rec.Occurrence):
        ok = yes.copy()
        for item in c.items:
            ok &= happened(item)
            if want == "adopted":
                ok &= out.code.get(item, np.full(n, NOT_YET)) == ADOPTED
        return flag(ok)
    if isinstance(c, rec.Speakers):  # among those who spoke: written as speakers, and in the hall
        item = plan.items.get(c.item)
        if item is None or not set(want) <= set(getattr(item, "speakers", [])):
            return flag(no)
        ok = happened(c.item).copy()
        named = [p for p in s.persons if p in kernel.roster_named]
        here = out.named.get(c.item)
        for p in want:
            if p in named and here is not None:
                ok &= here[:, named.index(p)]
        return flag(ok)
    if isinstance(c, rec.OpensWith):  # the first of the kind to happen while the session sat, a reaction too
        opened, closed = out.opened.get(c.session), out.closed.get(c.session)
        if opened is None or closed is None:
            return flag(no)
        kind = [i for i, item in plan.items.items() if item.kind == c.item_kind]  # at the same minute, in this order
        first, when = np.full(n, -1), np.full(n, np.inf)
        for j, i in enumerate(kind):
            t = out.start.get(i)
            if t is not None:
                sooner = happened(i) & (t >= opened) & (t <= closed) & (t < when)
                first, when = np.where(sooner, j, first), np.where(sooner, t, when)
        return flag(first == (kind.index(want) if want in kind else -1 if want == "none" else -2))  # none, as check says
    if isinstance(c, rec.Ballots):  # who won (unjudged says why not the votes)
        winners = out.winners.get(c.election)
        if winners is None:  # no replay of the block held it
            return flag(no)
        names = plan.items[c.election].candidates or []
        return flag(winners[:, 0] == (names.index(want["winner"]) if want["winner"] in names else -9))
    if isinstance(c, (rec.Delegations, rec.History)):
        from .check import _compare  # the scenario's own data: the same in every replay

        same = _compare(c, a, _static(c, s), None)[0]  # type: ignore[arg-type]
        return flag(yes if same else no)
    raise TypeError(type(c))  # pragma: no cover - unjudged names what is left


def _rank(plan: Any, ident: str) -> int:
    """Where an item (or a session's opening, first) comes among those at the same minute."""
    return -1 if plan.session_index(ident) is not None else list(plan.items).index(ident)


def _static(c: Any, s: Any) -> Any:
    if isinstance(c, rec.Delegations):
        counts = {k: d.count for k, d in s.delegations.items()}
        return {**counts, "total": sum(counts.values())}
    return [{"date": h.date, "sets_opening": h.sets_opening} for h in s.history]


def _members(kernel: Kernel, key: str) -> list[int] | None:
    out: list[int] = []
    for part in key.split("+"):
        if part == "total":
            out += list(range(len(kernel.factions)))
        elif part in kernel.index:
            out.append(kernel.index[part])
        else:
            members = [kernel.index[f] for f in kernel.factions if kernel.scenario.party_of(f) == part]
            if not members:
                return None
            out += members
    return out

