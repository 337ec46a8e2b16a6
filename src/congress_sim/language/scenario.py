"""The scenario language: strict, frozen pydantic models of an assembly and its behaviour.

A scenario says who is in the hall and how they behave, never what the outcomes are.
Times are text in the scenario's calendar (``1917-10-25T22:40``); :mod:`congress_sim.plan`
turns them into minutes. Cross-references (a faction named in a vote, an item a trigger
waits for) are checked in :mod:`congress_sim.load`, where every problem can get its line.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, model_validator

from .calendar import CalendarName

Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*$",
        description="An identifier: lower-case letters, digits and underscores, e.g. left_sr.",
    ),
]
Stamp = Annotated[
    str,
    Field(
        description="A date and time in the scenario's calendar, e.g. 1917-10-25T22:40.",
        examples=["1917-10-25T22:40"],
    ),
]
Minutes = Annotated[float, Field(ge=0, le=1e7, allow_inf_nan=False, description="Minutes.")]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0, le=10_000_000)]
Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$", examples=["#b22222"])]
Majority = Literal["simple", "absolute", "two_thirds", "unanimity"]
Option = Literal["for", "against", "abstain"]
OPTIONS: tuple[Option, ...] = ("for", "against", "abstain")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True, defer_build=True)


class Cited(Model):
    """Anything that rests on a source or is an assumption says so in the open."""

    source: Id | None = Field(None, description="Key of the source (in `sources`) this rests on.")
    assumption: str | None = Field(
        None, description="What is assumed here that no source gives, and why."
    )
    note: str | None = Field(None, description="Free text for the reader.")


# --- who is in the hall -------------------------------------------------------------------


class Party(Model):
    label: str = Field(description="The party's name as a historian writes it.")
    colour: Colour | None = None


class Person(Cited):
    name: str
    faction: Id | None = Field(None, description="The person's faction; none for a guest.")
    absent: list[Id] = Field(
        default_factory=list, description="Sessions this person does not attend (and so does not vote in)."
    )
    role: str | None = None


class Delegation(Cited):
    label: str = Field(description="A kind of body that sent delegates, e.g. 'soviets of workers' deputies'.")
    count: Count = Field(description="How many such bodies were represented.")


class Arrival(Cited):
    """Delegates who come after the opening: at a fixed time, or spread over a window."""

    id: Id
    faction: Id
    count: Annotated[int, Field(ge=1, le=10_000_000)]
    at: Stamp | None = None
    between: Annotated[list[Stamp], Field(min_length=2, max_length=2)] | None = Field(
        None, description="A window [from, to]: evenly spread when deterministic, uniform when seeded."
    )

    @model_validator(mode="after")
    def _one_time(self) -> Arrival:
        if (self.at is None) == (self.between is None):
            raise ValueError("give either `at` or `between`, not both or neither")
        return self


# --- how they behave ----------------------------------------------------------------------


def _option_shorthand(value: Any) -> Any:
    # `bolsheviks: for` is short for `bolsheviks: {for: 1}`
    if isinstance(value, str):
        if value not in OPTIONS:
            raise ValueError(f"must be for, against, abstain or a mapping like {{for: 0.9, abstain: 0.1}} "
                             f"(got {value!r})")
        return {value: 1.0}
    return value


class Stance(Model):
    """Propensities of a faction's delegates to vote for, against or abstain. Behaviour, not outcome."""

    for_: Share = Field(0.0, alias="for")
    against: Share = 0.0
    abstain: Share = 0.0

    @model_validator(mode="after")
    def _sums_to_one(self) -> Stance:
        total = self.for_ + self.against + self.abstain
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            raise ValueError(f"propensities for + against + abstain must sum to 1, not {total:g}")
        return self

    @property
    def shares(self) -> tuple[float, float, float]:
        # accepted within 1e-6 of 1; scaled to 1, since a draw refuses shares that sum to more
        total = self.for_ + self.against + self.abstain
        return (self.for_ / total, self.against / total, self.abstain / total)


StanceField = Annotated[Stance, BeforeValidator(_option_shorthand, json_schema_input_type=Option | Stance)]


class Faction(Cited):
    label: str = Field(description="The faction's name, e.g. 'Left SRs'.")
    party: Id | None = Field(
        None, description="The party (in `parties`) the faction belongs to; itself if none."
    )
    colour: Colour = Field("#888888", description="Colour in plots, as #rrggbb.")
    delegates: Count = Field(0, description="Delegates present at the opening of the first session.")
    stance: StanceField | None = Field(
        None, description="How the faction leans on a motion whose vote gives it no stance."
    )
    discipline: Share | None = Field(
        None,
        description=(
            "Share of the faction's delegates who vote its line (its most likely option) "
            "whatever their own leaning; the rest vote by the stance's propensities."
        ),
    )


class Quorum(Cited):
    share: Share | None = Field(None, description="At least this share of the base must be present.")
    count: Count | None = Field(None, description="At least this many delegates must be present.")
    of: Literal["registered", "opening"] = Field(
        "registered",
        description="registered: every delegate who has arrived so far, present or gone; "
        "opening: the delegates present at the first opening.",
    )

    @model_validator(mode="after")
    def _one_measure(self) -> Quorum:
        if (self.share is None) == (self.count is None):
            raise ValueError("give either `share` or `count`")
        return self


class Rules(Model):
    quorum: Quorum | None = Field(None, description="None: no quorum is required.")
    majority: Majority = Field(
        "simple",
        description="simple: more for than against; absolute: for is more than half of those "
        "present; two_thirds: for is at least two thirds of for + against; unanimity: none against.",
    )


class RuleOverride(Model):
    quorum: Quorum | None = None
    majority: Majority | None = None


class Body(Cited):
    label: str
    seats: Annotated[int, Field(ge=1, le=1_000_000)] | None = Field(
        None, description="Seats to fill; with method `offered` the sum of the offers."
    )
    method: Literal["hare", "droop", "dhondt", "sainte_lague", "offered"] = Field(
        "hare",
        description="hare/droop: largest remainder with that quota; dhondt, sainte_lague: "
        "highest averages; offered: each faction is offered the seats in `offered`.",
    )
    offered: dict[Id, Count] | None = None
    reserved: dict[str, Count] = Field(
        default_factory=dict, description="Seats set aside for groups outside the factions."
    )
    among: list[Id] | None = Field(
        None, description="Only these factions take part (e.g. parties invited into a government)."
    )
    chair: Id | None = Field(None, description="Person who chairs the body, if their faction takes seats.")

    @model_validator(mode="after")
    def _seats_given(self) -> Body:
        if self.method == "offered":
            if not self.offered:
                raise ValueError("method `offered` needs `offered: {faction: seats}`")
        elif self.seats is None:
            raise ValueError(f"method `{self.method}` needs `seats`")
        return self


# --- agenda items -------------------------------------------------------------------------


class Condition(Model):
    item: Id = Field(description="The agenda item (or trigger action) to wait for.")
    result: Literal["adopted", "rejected", "not taken", "accepted", "declined"] | None = Field(
        None, description="For a vote (adopted, rejected, not taken) or a decision (accepted, declined): "
        "only this result counts."
    )




class Item(Cited):
    id: Id
    title: str | None = None
    at: Stamp | None = Field(None, description="Anchor to a clock time; otherwise it follows the previous item.")
    after: Minutes = Field(0.0, description="Minutes after the previous item ends (when there is no `at`).")
    duration: Minutes = Field(0.0, description="How long the item takes, in minutes.")
    speakers: list[Id] = Field(default_factory=list, description="Persons who speak or read.")
    quote: str | None = Field(None, description="The sentence of the source this item comes from.")
    only_if: Condition | None = Field(
        None, description="Take this item only if an earlier item ended so; otherwise it is skipped."
    )


class Debate(Item):
    kind: Literal["debate", "report"]
    topic: str


class Announcement(Item):
    kind: Literal["announcement"]
    text: str


class Walkout(Item):
    kind: Literal["walkout"]
    factions: list[Id] = Field(min_length=1)
    share: Share = Field(1.0, description="Share of each faction's present delegates who leave.")
    over: Minutes = Field(0.0, description="The departures are spread over this many minutes.")
    declaration: str | None = None


class Defection(Item):
    """Delegates change faction (a split, or going over)."""

    kind: Literal["defection"]
    source_faction: Id = Field(alias="from")
    target_faction: Id = Field(alias="to")
    count: Count | None = None
    share: Share | None = None

    @model_validator(mode="after")
    def _one_size(self) -> Defection:
        if (self.count is None) == (self.share is None):
            raise ValueError("give either `count` or `share`")
        return self


class Recess(Item):
    kind: Literal["recess"]
    until: Stamp | None = Field(None, description="When the sitting resumes (or give `duration`).")


class Vote(Item):
    kind: Literal["vote"]
    motion: str = Field(description="What is put to the vote, e.g. the Decree on Peace.")
    stances: dict[Id, StanceField] = Field(
        default_factory=dict,
        description="Each faction's leaning on this motion; a faction not listed abstains.",
    )
    rules: RuleOverride | None = Field(None, description="Quorum or majority for this motion only.")


class Election(Item):
    kind: Literal["election"]
    body: Id


class Decision(Item):
    """A faction accepts or declines seats in a body (with a probability when seeded)."""

    kind: Literal["decision"]
    faction: Id
    body: Id
    accepts: bool | Share = Field(
        description="true/false, or the probability of accepting (deterministic: accepts if >= 0.5)."
    )


class Close(Item):
    kind: Literal["close"]


AgendaItem = Annotated[
    Debate | Announcement | Walkout | Defection | Recess | Vote | Election | Decision | Close,
    Field(discriminator="kind"),
]
ActionItem = Annotated[
    Announcement | Walkout | Defection | Decision, Field(discriminator="kind")
]


class Session(Cited):
    id: Id
    title: str | None = None
    opens: Stamp
    agenda: list[AgendaItem] = Field(default_factory=list)


class Trigger(Cited):
    """When something happens, a faction reacts: causes, so that what-ifs propagate."""

    id: Id
    when: Condition
    probability: Share = Field(1.0, description="Chance the reaction happens (deterministic: if >= 0.5).")
    delay: Minutes = Field(0.0, description="Minutes between the cause and the reaction.")
    then: ActionItem


class HistoryEntry(Cited):
    date: Stamp | None = Field(None, description="When it happened, where a source says.")
    text: str
    sets_opening: Stamp | None = Field(None, description="The opening date this decision set.")


class Scenario(Cited):
    """An assembly, its delegates and their behaviour: everything a replay needs."""

    title: str
    place: str | None = None
    description: str | None = None
    calendar: CalendarName = Field("gregorian", description="The calendar the dates are written in.")
    utc_offset: str | None = Field(
        None, pattern=r"^[+-][0-9]{2}:[0-9]{2}$",
        description="How far the local time the scenario is written in was from UTC, for ISO 8601 exports.",
        examples=["+02:01"],
    )
    dual_dates: bool | None = Field(
        None, description="Show dates in both styles, Old and New; by default only for the Julian calendar."
    )
    primary_source: Id | None = Field(None, description="The source a check uses by default.")
    sources: dict[Id, str] = Field(default_factory=dict, description="Source keys and full citations.")
    history: list[HistoryEntry] = Field(
        default_factory=list, description="Dated events before the assembly, kept as data."
    )
    parties: dict[Id, Party] = Field(default_factory=dict)
    factions: dict[Id, Faction] = Field(min_length=1)
    persons: dict[Id, Person] = Field(default_factory=dict)
    delegations: dict[Id, Delegation] = Field(default_factory=dict)
    rules: Rules = Field(default_factory=Rules)
    bodies: dict[Id, Body] = Field(default_factory=dict)
    arrivals: list[Arrival] = Field(default_factory=list)
    sessions: list[Session] = Field(min_length=1)
    triggers: list[Trigger] = Field(default_factory=list)

    record: str | None = Field(
        None, description="The record file (what the sources say happened), relative to this file. "
        "Only `congress-sim check` reads it; the engine never does."
    )

    _plan: Any = PrivateAttr(None)  # the checked plan, built once by congress_sim.plan.of
    _path: str | None = PrivateAttr(None)  # the file it was loaded from, if any
    _record_from: tuple[str, int | None, int | None] | None = PrivateAttr(None)  # where `record:` was written

    def party_of(self, faction: str) -> str:
        return self.factions[faction].party or faction
