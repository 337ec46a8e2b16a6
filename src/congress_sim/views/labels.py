"""Names a reader knows, in place of the ids a scenario uses to refer to things: factions, parties,
bodies, persons, sessions and agenda items by their labels, and the values of facts in those words.

Ids stay in what programs read (``--json``, exports); whatever a person reads goes through here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from congress_sim.language.scenario import Scenario

    from .replay import Replay


def group(s: Scenario, ident: str) -> str:
    """A faction's or a party's label (a body's seats may go to either, to a group of neither, or
    to a person of no faction); a sum of them (``mensheviks+menshevik_internationalists``) joined with +."""
    if "+" in ident:
        return " + ".join(group(s, part) for part in ident.split("+"))
    if ident in s.factions:
        return s.factions[ident].label
    if ident in s.parties:
        return s.parties[ident].label
    return person(s, ident)  # a candidate of no faction holds a seat of their own


def groups(s: Scenario, idents: Iterable[str]) -> str:
    """``Mensheviks and Right SRs``; ``Bolsheviks, Left SRs and Ukrainian Socialists``."""
    labels = [group(s, f) for f in idents]
    return " and ".join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 1 else labels)


def party(s: Scenario, ident: str) -> str:
    """A party's label, with its factions in brackets where they say more than the label does:
    ``Democratic caucus (Democrats + Independents)``, but ``Third Estate (commons)`` for a party whose
    one faction is the Third Estate."""
    label = s.parties[ident].label
    members = [f.label for f in s.factions.values() if f.party == ident]
    if not members or (len(members) == 1 and members[0].casefold() in label.casefold()):
        return label
    return f"{label} ({' + '.join(members)})"


def person(s: Scenario, ident: str) -> str:
    return s.persons[ident].name if ident in s.persons else ident.replace("_", " ")


def body(s: Scenario, ident: str) -> str:
    return s.bodies[ident].label if ident in s.bodies else ident.replace("_", " ")


def session(s: Scenario, ident: str) -> str:
    titles = {x.id: x.title for x in s.sessions}
    return titles.get(ident) or f"Session {ident.replace('_', ' ')}"


def item(replay: Replay, ident: str) -> str:  # noqa: C901 - one phrase per kind of item
    """What an agenda item (a trigger's reaction, an arrival, a session) is, in words: its title if
    the scenario gives one, else the motion put to the vote, the topic of the debate, ..."""
    s = replay.scenario
    if any(x.id == ident for x in s.sessions):
        return session(s, ident)
    arrival = next((a for a in s.arrivals if a.id == ident), None)
    if arrival is not None:
        return f"Arrival of {arrival.count} {group(s, arrival.faction)}"
    it = replay.plan.items.get(ident)
    if it is None:
        return ident.replace("_", " ")
    if it.title:
        return str(it.title)
    kind = it.kind
    if kind == "vote":
        return str(it.motion)
    if kind in ("debate", "report"):
        return f"{kind.capitalize()} on {it.topic}"
    if kind == "announcement":
        return str(it.text)
    if kind == "walkout":
        return f"Walkout of {the(groups(s, it.factions))}" if it.factions else "Walkout"
    if kind == "ruling":
        return f"Ruling on the point of order: {it.point}"
    if kind == "defection":
        return f"{group(s, it.source_faction)} going over to {the(group(s, it.target_faction))}"
    if kind == "election":
        return f"Election of {the(body(s, it.body))}"
    if kind == "decision":
        return f"Decision of {the(group(s, it.faction))} on seats in {the(body(s, it.body))}"
    return {"recess": "Recess", "close": "Close of the session"}.get(kind, ident.replace("_", " "))


def the(label: str) -> str:
    """``the Presidium``, but ``The Board`` as the label has it: never ``the The Board``."""
    return label if label[:4].lower() == "the " else f"the {label}"


def short(text: str, n: int) -> str:
    """``text`` cut at a word to at most ``n`` characters, with an ellipsis where it was cut."""
    if len(text) <= n:
        return text
    cut = text[: n - 1].rsplit(" ", 1)[0] if " " in text[: n - 1] else text[: n - 1]
    return cut.rstrip(" ,;:") + "\u2026"


def fact_value(replay: Replay, kind: str, value: Any, none: str = "") -> str:  # noqa: C901 - one rule per kind
    """A fact's value (a source's, or the replay's as measured) in words, for a check of ``kind``."""
    s = replay.scenario
    if value is None:
        return none
    if isinstance(value, str):
        return item(replay, value) if kind == "opens_with" and value != "none" else value
    if isinstance(value, dict):
        if kind in ("census", "seats"):
            named = {("total" if k == "total" else group(s, k)): v for k, v in value.items()}
        elif kind == "delegations":
            named = {(s.delegations[k].label if k in s.delegations else k): v for k, v in value.items()}
        elif kind == "body":
            named = {"only": groups(s, value["only"]) if isinstance(value.get("only"), list) else value.get("only"),
                     "chair": person(s, value["chair"]) if value.get("chair") else value.get("chair"),
                     "members": ", ".join(person(s, p) for p in value["members"])
                     if isinstance(value.get("members"), list) else value.get("members")}
            named = {k: v for k, v in named.items() if k in value}
        elif kind == "occurrence":
            named = {item(replay, k): v for k, v in value.items()}
        elif kind == "history":  # an entry of the scenario's history; what it does not say is left out
            words = {"date": "on", "sets_opening": "opening set for"}
            return ", ".join(f"{words.get(k, k)} {v}" for k, v in value.items() if v is not None)
        else:
            named = value
        return ", ".join(f"{k} {none if v is None else v}" for k, v in named.items())
    if isinstance(value, list):
        name = {"speakers": lambda p: person(s, p), "walkout": lambda f: group(s, f),
                "order": lambda i: item(replay, i)}.get(kind, str)
        return ", ".join(name(x) for x in value)
    return str(value)


def skipped(replay: Replay, item_id: str, because: str) -> str:
    """Why an item was not taken, its condition's item named by its label."""
    it = replay.plan.items.get(item_id)
    cond = getattr(it, "only_if", None)
    on = getattr(cond, "item", None)
    if on:
        because = because.replace(f" {on} ", f" {item(replay, on)} ", 1)
    who = getattr(getattr(cond, "present", None), "faction", None)
    if who:
        because = because.replace(f" {who} present", f" {group(replay.scenario, who)} present", 1)
    return because
