"""Why an item was not taken, as data: what kind of reason, and the ids it names.

The procedure (and the engine, for a sitting that is over) gives a :class:`Reason`; the words come
after, from its fields, never from other words: ``str()`` says it by ids, for what programs read
(``--json``, the event log) and wherever there is no scenario to name things with;
``views.labels.reason`` says it in the scenario's labels, through :func:`words` with its own
:class:`Naming`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from congress_sim.events import moment

if TYPE_CHECKING:
    from congress_sim.language.scenario import Condition

Kind = Literal[
    "condition",  # its `only_if` did not hold
    "closure",  # the debate it belongs to was closed (the previous question, cloture)
    "tabled",  # its motion was laid on the table
    "out_of_order",  # its motion was ruled out of order
    "no_ruling",  # an appeal from a ruling that was never made
    "not_in_hall",  # the faction that would decide is not in the hall
    "dissolved",  # the assembly had been dissolved: no one is left to take it
    "sitting_closed",  # the sitting closed before the agenda reached it
    "no_sitting",  # a reaction that would close a sitting, when none was in progress
    "after_close",  # a reaction due after the assembly's last close
    "chance",  # a reaction whose cause held, but whose chance did not come up
]


@dataclass(frozen=True, slots=True)
class Reason:
    """Why an item was not taken: its ``kind``, and the ids (and the one time) it names."""

    kind: Kind
    item: str | None = None  # the motion closed, tabled or ruled out of order; the ruling appealed from; a dissolution
    by: str | None = None  # the motion that closed the debate
    faction: str | None = None  # the faction not in the hall
    at: float | None = None  # when a reaction was due, in minutes since the epoch
    chance: float | None = None  # a reaction's probability
    condition: Condition | None = None  # the condition that did not hold, as the scenario gives it
    was: str | None = None  # how the condition's item ended (``not reached``); None for a block of replays
    margin: int | None = None  # the margin of the condition's vote, where it was counted
    ayes: int | None = None  # its votes for (for the words; ``margin`` gives the rest of the tally)
    rule: str | None = None  # the rule that decided it, where the count of heads alone did not
    won: tuple[str, ...] = ()  # whom the condition's election elected
    left: int | None = None  # how many the condition's walkout took, where the condition asks

    def __str__(self) -> str:
        return words(self, BY_ID)

    def to_dict(self) -> dict[str, Any]:
        """Its kind and what it names, for programs (``--json``, the event log): the fields it has."""
        out: dict[str, Any] = {"kind": self.kind}
        for key in ("item", "by", "faction", "at", "was", "margin", "left", "chance"):
            if (value := getattr(self, key)) is not None:
                out[key] = value
        if self.won:
            out["won"] = list(self.won)
        if self.condition is not None:
            out["condition"] = self.condition.model_dump(mode="json", exclude_none=True, by_alias=True)
        return out


class Naming(NamedTuple):
    """How :func:`words` names what a reason names: an item, a faction, persons, a time, the members."""

    item: Callable[[str], str]
    group: Callable[[str], str]
    people: Callable[[Sequence[str]], str]
    when: Callable[[float], str]
    members: str = "delegates"


BY_ID = Naming(str, str, " and ".join, moment)


def words(r: Reason, name: Naming) -> str:  # noqa: C901 - one phrase per kind of reason
    """The reason in words, each thing it names as ``name`` names it."""
    if r.kind == "condition" and r.condition is not None:
        return _unmet(r, r.condition, name)
    if r.kind == "closure":
        return f"the debate on {name.item(r.item or '')} was closed by {name.item(r.by or '')}"
    if r.kind == "tabled":
        return f"{name.item(r.item or '')} was laid on the table"
    if r.kind == "out_of_order":
        return f"{name.item(r.item or '')} was ruled out of order"
    if r.kind == "no_ruling":
        return f"the ruling it appeals from, {name.item(r.item or '')}, was not made"  # a label in brackets would nest
    if r.kind == "not_in_hall":  # an id is no plural noun: "faction left_sr", not "the left_sr are"
        if name is BY_ID:
            return f"faction {r.faction} is not in the hall"
        return f"the {name.group(r.faction or '')} are not in the hall"
    if r.kind == "chance":  # deterministic: a chance under one half never comes up
        return f"its chance, {r.chance or 0.0:g}, did not come up"
    if r.kind == "dissolved":  # the dissolution has its own line just before: its time, not its title again
        return f"the assembly had been dissolved, at {name.when(r.at or 0.0)}"
    if r.kind == "after_close":
        return f"the assembly closed before it was due, at {name.when(r.at or 0.0)}"
    return {"sitting_closed": "the sitting had closed", "no_sitting": "no sitting was in progress"}.get(r.kind, r.kind)


def _unmet(r: Reason, cond: Condition, name: Naming) -> str:
    """``only if <what was wanted>; it was <what happened>``, for each part of the condition."""
    parts = []
    if cond.item is not None:
        wanted = f"{name.item(cond.item)} {cond.result or 'happened'}"
        if cond.tied is not None:
            wanted += " and tied" if cond.tied else " and not tied"
        if cond.margin is not None:
            wanted += f" with a margin {_bounds(cond.margin.at_least, cond.margin.at_most)}"
        # the rule after the tally, not in brackets: its words may hold brackets of their own (a preset's source)
        shown = r.was if r.margin is None else f"{r.was}, {_margin(r.margin)}" if r.ayes is None else \
            f"{r.was}, {r.ayes} for and {r.ayes - r.margin} against{f', under {r.rule}' if r.rule else ''}"
        if cond.winner is not None:
            wanted = f"{name.item(cond.item)} won by {name.people([cond.winner])}"
            if r.was == "happened":
                shown = f"won by {name.people(r.won) or 'no one'}"
        said = "" if r.was is None else f"; it {shown}" if shown == "happened" else f"; it was {shown}"
        if cond.left is not None:  # how many it took, whether or not it happened (none, if it did not)
            bounds = _bounds(cond.left.at_least, cond.left.at_most)
            wanted = f"{wanted} and {bounds} left in it" if cond.result else \
                f"{bounds} left in {_walkout(name.item(cond.item))}"
            # by then: a walkout still to come (or that never came) had taken no one
            gone = "" if r.left is None else "none had left" if r.left == 0 else f"{r.left} had left"
            said = "" if r.left is None else f"{said}, {gone}" if cond.result else f"; {gone}"
        parts.append(f"only if {wanted}{said}")
    if cond.present is not None:
        parts.append(f"only if {_present(cond.present.faction, cond.present.at_least, cond.present.at_most, name)}")
    return "; ".join(parts)


def _present(faction: str | None, low: int | None, high: int | None, name: Naming) -> str:
    """Who was to be in the hall, as a clause: ``no Bolsheviks are present``, ``at least 400
    delegates are present``; an id is no plural noun, so by ids ``faction left_sr has none present``."""
    if faction is not None and name is BY_ID:
        return f"faction {faction} has {'none' if high == 0 and not low else _bounds(low, high)} present"
    who = name.group(faction) if faction is not None else name.members
    if high == 0 and not low:
        return f"no {who} are present"
    if low == 1 and high is None and faction is not None:
        return f"some {who} are present"
    return f"{_bounds(low, high)} {who} are present"


def _walkout(label: str) -> str:
    """A walkout's label inside a sentence: ``the walkout of the Mensheviks``, where a heading has
    ``Walkout of the Mensheviks`` (a removed walkout is named by its id, ``walkout``)."""
    return f"the {label[0].lower()}{label[1:]}" if label.lower().startswith("walkout") else label


def _margin(m: int) -> str:
    """Votes for less votes against, in words that claim no threshold: a motion lost 50 to 50 where
    three fifths were needed was no near miss, as "margin +0" read."""
    if m == 0:
        return "as many for as against"
    return f"{abs(m)} more {'for than against' if m > 0 else 'against than for'}"


def _bounds(low: float | None, high: float | None) -> str:
    return " and ".join(x for x in (f"at least {low:g}" if low is not None else "",
                                    f"at most {high:g}" if high is not None else "") if x)
