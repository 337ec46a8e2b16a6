"""What a record's facts name, held against the scenario they are about.

A fact that names a vote, a person or a faction the scenario does not have can never pass: left
alone it would be reported as a failed prediction of the model, though the mistake is the
record's. So every id a fact names, in its check and in its sources' values, must be one the
scenario knows, and every time one its calendar can read; a mistake is a located error, with the
nearest id when one is close.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from congress_sim.errors import Problem, unknown, with_article
from congress_sim.language import plan as planning
from congress_sim.language.calendar import parse_stamp
from congress_sim.language.scenario import Scenario
from congress_sim.language.source import Document, Key, shorten

if TYPE_CHECKING:
    from .facts import Record

MOMENTS = ("opening", "closing")
VOTE_KEYS = ("result", "for", "against", "abstain", "not_voting", "present", "needed")
BODY_KEYS = ("only", "chair", "members")
BALLOT_KEYS = ("winner", "blank", "ballots")


def problems(record: Record, scenario: Scenario, doc: Document) -> list[Problem]:
    """Every id or time in ``record`` that ``scenario`` does not know, as located problems."""
    plan = planning.of(scenario)
    items = plan.items
    sessions = [sp.session.id for sp in plan.sessions]
    factions, parties, persons = list(scenario.factions), list(scenario.parties), list(scenario.persons)
    groups = [*factions, *parties]
    known_sources = {**scenario.sources, **record.sources}
    found: list[Problem] = []

    def one_of(key: Key, value: Any, known: Iterable[str], what: str) -> None:
        known = list(known)
        if value not in known:
            found.append(doc.problem(key, unknown(what, value, known, " in the scenario")))

    def item(key: Key, ident: str, kind: str | None = None, sessions_too: bool = False) -> None:
        if sessions_too and ident in sessions:
            return
        if kind is None:
            what = "agenda item, reaction or session" if sessions_too else "agenda item or reaction"
            one_of(key, ident, [*items, *(sessions if sessions_too else [])], what)
        elif ident not in items:  # the votes are known, not every debate and recess
            one_of(key, ident, [i for i, it in items.items() if it.kind == kind], kind)
        elif items[ident].kind != kind:
            found.append(doc.problem(key, f"{ident!r} is {with_article(items[ident].kind)}, not {with_article(kind)}"))

    first_day = plan.clock.iso(plan.sessions[0].opens)[:10] if plan.sessions else "YYYY-MM-DD"

    def time(key: Key, text: Any, moment: bool = False) -> None:
        try:
            parse_stamp(str(text), scenario.calendar, moment, first_day)
        except ValueError as exc:
            found.append(doc.problem(key, str(exc)))

    def moment(key: Key, at: str) -> None:
        if at in MOMENTS or at in items or at in sessions:
            return
        if at[:1].isdigit():
            time(key, at)
        else:
            guess = difflib.get_close_matches(at, [*MOMENTS, *items, *sessions], n=1)
            found.append(doc.problem(key, f"{at!r} is neither opening, closing, an item or session of the scenario, "
                                          "nor a date and time" + (f" (did you mean {guess[0]!r}?)" if guess else "")))

    def keys(key: Key, value: dict[str, Any], allowed: Callable[[str], bool], known: list[str], what: str) -> None:
        for k in value:
            if not allowed(k):
                one_of((*key, k), k, known, what)

    def counts(key: Key, value: dict[str, Any], words: tuple[str, ...] = ()) -> None:
        """Each count a source gives is a whole number, or bounds on one (checked with the fact)."""
        for k, n in value.items():
            if k not in words and (isinstance(n, bool) or not isinstance(n, (int, dict))):
                shown = ("true" if n else "false") if isinstance(n, bool) else shorten(repr(n))
                found.append(doc.problem((*key, k), f"must be a whole number, or bounds such as {{at_least: n}} "
                                                    f"(got {shown})"))

    def group(k: str) -> bool:
        return k == "total" or all(p in groups for p in k.split("+"))

    for i, fact in enumerate(record.facts):
        c: Any = fact.check  # its fields are read by its kind
        at: Key = ("facts", i, "check")
        kind = c.kind
        if kind in ("census", "positions"):
            moment((*at, "at"), c.at)
        if kind == "positions":
            one_of((*at, "issue"), c.issue, scenario.issues, "issue")
        if kind == "time":
            item((*at, "of"), c.of, sessions_too=True)
        if kind in ("vote", "phrase", "faction_vote", "roll"):
            item((*at, "vote"), c.vote, "vote")
        if kind == "vote":
            for j, g in enumerate(c.among or []):
                one_of((*at, "among", j), g, groups, "faction or party")
        if kind == "faction_vote":
            one_of((*at, "faction"), c.faction, factions, "faction")
        if kind in ("roll", "presence"):
            one_of((*at, "person"), c.person, persons, "person")
        if kind in ("presence", "opens_with"):
            one_of((*at, "session"), c.session, sessions, "session")
        if kind in ("seats", "body", "ballots"):
            item((*at, "election"), c.election, "election")
        if kind == "ballots" and c.election in items and items[c.election].kind == "election" \
                and not items[c.election].candidates:  # seats by lists: no one's votes to count
            found.append(doc.problem((*at, "election"), f"{c.election!r} shares seats among the factions, with no "
                                     "ballots among candidates; check its seats with `kind: seats`"))
        if kind == "walkout":
            item((*at, "walkout"), c.walkout, "walkout")
        if kind == "decision":
            item((*at, "item"), c.item, "decision")
        if kind == "speakers":
            item((*at, "item"), c.item)
        if kind == "occurrence":
            for j, ident in enumerate(c.items):
                item((*at, "items", j), ident)
        for j, a in enumerate(fact.attestations):
            here: Key = ("facts", i, "attestations", j)
            if a.source not in known_sources:
                one_of((*here, "source"), a.source, known_sources, "source")
            v, vk = a.value, (*here, "value")
            if kind == "census":
                keys(vk, v, group, [*groups, "total"], "faction or party")
                counts(vk, v)
            elif kind == "seats":
                keys(vk, v, lambda k: k in factions or k == "total", [*factions, "total"], "faction")
                counts(vk, v)
            elif kind == "vote":
                keys(vk, v, lambda k: k in VOTE_KEYS, list(VOTE_KEYS), "part of a tally")
                counts(vk, v, ("result",))
            elif kind == "delegations":
                keys(vk, v, lambda k: k in scenario.delegations or k == "total", [*scenario.delegations, "total"],
                     "kind of delegation")
            elif kind == "time":  # when an item began or ended: to the minute, as the replay gives it
                time(vk, v, moment=True)
            elif kind == "walkout":
                for n, f in enumerate(v):
                    one_of((*vk, n), f, factions, "faction")
            elif kind == "speakers":
                for n, p in enumerate(v):
                    one_of((*vk, n), p, persons, "person")
            elif kind == "order":
                for n, ident in enumerate(v):
                    item((*vk, n), ident, sessions_too=True)
            elif kind == "opens_with" and v != "none":  # "none": the session had no item of that kind
                item(vk, v)
            elif kind == "body":
                keys(vk, v, lambda k: k in BODY_KEYS, list(BODY_KEYS), "part of a body")
                for n, f in enumerate(v.get("only") or []):
                    one_of((*vk, "only", n), f, factions, "faction")
                if v.get("chair") is not None:
                    one_of((*vk, "chair"), v["chair"], persons, "person")
                for n, p in enumerate(v.get("members") or []):
                    one_of((*vk, "members", n), p, persons, "person")
            elif kind == "ballots":
                keys(vk, v, lambda k: k in persons or k in BALLOT_KEYS, [*persons, *BALLOT_KEYS], "candidate")
                if v.get("winner") is not None:
                    one_of((*vk, "winner"), v["winner"], persons, "person")
    return found
