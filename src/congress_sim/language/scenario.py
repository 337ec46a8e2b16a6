"""The scenario language: strict, frozen pydantic models of an assembly and its behaviour.

A scenario says who is in the hall, where they stand on the issues, what each motion would
change, and the rules of procedure; never what the outcomes were. Times are text in the
scenario's calendar (``1917-10-25T22:40``); :mod:`congress_sim.language.plan` turns them into
minutes. Cross-references (a faction named in a vote, an item a trigger waits for) are checked
by the planner, where every problem can get its line.
"""

import math
import re
import types
import typing
from collections.abc import Mapping
from fractions import Fraction
from functools import lru_cache
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, model_validator

from . import presets
from .calendar import CalendarName
from .source import as_boolean

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
# when something happens in the hall: the time of day too (the planner says so; the pattern lets an
# editor say it as one types)
Moment = Annotated[
    str,
    Field(
        description="A date and the time of day in the scenario's calendar, both always, e.g. 1917-10-25T22:40.",
        examples=["1917-10-25T22:40"],
        json_schema_extra={"pattern": r"^\s*-?\d{1,4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}\s*$"},
    ),
]
Minutes = Annotated[float, Field(ge=0, le=1e7, allow_inf_nan=False, description="Minutes.")]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0, le=10_000_000)]
Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$", examples=["#b22222"])]
Position = Annotated[float, Field(ge=-1, le=1, allow_inf_nan=False,
                                  description="A place on an issue's line, from -1 (its `low` end) to 1 (its `high` end).")]
Weight = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Content = dict[Id, Position]
Option = Literal["for", "against", "abstain"]
OPTIONS: tuple[Option, ...] = ("for", "against", "abstain")
MajorityName = Literal["simple", "absolute", "two_thirds", "three_fifths", "unanimity"]
MotionType = Literal["main", "amendment", "previous_question", "cloture", "table", "adjourn", "recess",
                     "appeal", "priority"]
MOTION_TYPES: tuple[str, ...] = MotionType.__args__  # type: ignore[attr-defined]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True, defer_build=True)
    # one rule, whose keys are alternatives (a quorum's share or count) or mean something only together
    # (a threshold's share, base and wording): a what-if or a scenario over a preset that gives it
    # replaces it whole, rather than merging into it keys the other rule had (see type_at)
    whole: ClassVar[bool] = False


class Cited(Model):
    """Anything that rests on a source or is an assumption says so in the open."""

    source: Id | None = Field(None, description="Key of the source (in `sources`) this rests on.")
    assumption: str | None = Field(
        None, description="What is assumed here that no source gives, and why."
    )
    note: str | None = Field(None, description="Free text for the reader.")


class Source(Model):
    """A source cited in full, with the short name a reader is given where the citation would not fit
    (a figure's labels): `gse: {cite: "Great Soviet Encyclopedia ...", short: GSE}`."""

    whole = True

    cite: str = Field(description="The full citation.",
                      examples=["R. Pipes, The Russian Revolution (1990)"])
    short: str | None = Field(None, description="The short name readers are given where the citation would not "
                              "fit, e.g. on a figure; the source's key if none.", examples=["GSE"])


# a source's value: its citation, or its citation and short name
SourceEntry = str | Source


def citation(sources: Mapping[str, SourceEntry], key: str, default: str = "") -> str:
    """The full citation of the source ``key`` in ``sources``, or ``default`` if there is none."""
    entry = sources.get(key)
    if entry is None:
        return default
    return entry if isinstance(entry, str) else entry.cite


def short_name(sources: Mapping[str, SourceEntry], key: str) -> str:
    """The name readers are given for the source ``key`` where its citation would not fit: the short
    name ``sources`` gives it, else the key itself."""
    entry = sources.get(key)
    return entry.short if isinstance(entry, Source) and entry.short else key


# --- issues and positions -----------------------------------------------------------------


class Issue(Cited):
    """A line along which delegates stand and motions move things."""

    label: str = Field(description="The issue's name as a historian would put it.", examples=["Who should hold power"])
    low: str | None = Field(None, description="What -1 on this line stands for.",
                            examples=["a coalition with the propertied classes (the Provisional Government)"])
    high: str | None = Field(None, description="What +1 on this line stands for.", examples=["all power to the soviets"])
    status_quo: Position = Field(0.0, description="Where things stand on this issue when the assembly opens, from -1 "
                                 "(its `low` end) to 1 (its `high` end).", examples=[-1, 0.5])


def _leaning_shorthand(value: Any) -> Any:
    # `soviet_power: 0.8` is short for `soviet_power: {centre: 0.8}`
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"centre": value}
    if not isinstance(value, dict):  # a word ("high") is neither form: say both, not only the mapping's
        got = ("true" if value else "false") if isinstance(value, bool) else repr(value)[:40]
        raise ValueError(f"must be a position from -1 to 1, or {{centre, spread}} (got {got})")
    return value


class Leaning(Model):
    """Where a faction's delegates stand on one issue: a centre and a spread around it."""

    centre: Position = Field(description="Where the faction's delegates stand on average, from -1 (the issue's `low` "
                             "end) to 1 (its `high` end).", examples=[0.3, -0.9])
    spread: Annotated[float, Field(ge=0, le=2, allow_inf_nan=False)] | None = Field(
        None, description="The standard deviation of the delegates' positions around the centre, on the same scale "
        "(0 to 2); default: behaviour.spread. A delegate near the tail may stand beyond -1 or 1: further out than "
        "the end's description, not clipped to it.", examples=[0.5])


LeaningField = Annotated[Leaning, BeforeValidator(_leaning_shorthand, json_schema_input_type=float | Leaning)]


class Behaviour(Cited):
    """The parameters of how delegates choose, for every faction that does not set its own."""

    band: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] = Field(
        0.05, description="A delegate abstains when a motion changes its utility by no more than this. Utility is "
        "minus the salience-weighted squared distance from the delegate's position: crossing a whole issue of "
        "weight 1 costs 4.", examples=[0.05])
    noise: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] = Field(
        0.1, description="Scale of the logistic shock to each caucus's decision in a seeded replay, in units of "
        "utility (0: none).", examples=[0.2])
    spread: Annotated[float, Field(ge=0, le=2, allow_inf_nan=False)] = Field(
        0.2, description="Default spread (standard deviation, 0 to 2) of the delegates' positions around their "
        "faction's centre.", examples=[0.25])
    tolerance: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] = Field(
        1.0, description="The loss of utility since the opening a delegate bears before it walks out.",
        examples=[2.0])
    seat_tolerance: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] = Field(
        1.0, description="How far from its own position (as a loss of utility) a body's line may lie before a "
        "faction's median member, and so the faction, declines seats in it.", examples=[3.112])


# --- who is in the hall -------------------------------------------------------------------


class Called(Model):
    """What the assembly's members are called where congress-sim counts them: delegates, unless the
    scenario calls them otherwise (deputies, councillors)."""

    one: str = Field("delegate", min_length=1, max_length=40, description="One of them.", examples=["deputy"])
    many: str = Field("delegates", min_length=1, max_length=40, description="Several.", examples=["deputies"])


class Party(Model):
    label: str = Field(description="The party's name as a historian writes it.",
                       examples=["Socialist Revolutionaries (SRs)"])
    colour: Colour | None = None


class Person(Cited):
    name: str
    faction: Id | None = Field(None, description="The person's faction (one of its delegates); none for a guest.")
    positions: Content = Field(default_factory=dict, description="The person's own positions, by issue, from -1 to 1; "
                               "the faction's centre on any issue not given.", examples=[{"socialist_coalition": -0.9}])
    salience: dict[Id, Weight] = Field(
        default_factory=dict, description="How much each issue weighs with the person (0 to 100); default: the "
        "faction's salience, or 1 on an issue the person takes a position on and the faction does not.",
        examples=[{"socialist_coalition": 2}])
    absent: list[Id] = Field(
        default_factory=list, description="Sessions this person does not attend (and so does not vote in)."
    )
    role: str | None = None


class Delegation(Cited):
    label: str = Field(description="A kind of body that sent delegates, e.g. 'soviets of workers' deputies'.",
                       examples=["soviets of workers' deputies"])
    count: Count = Field(description="How many such bodies were represented.", examples=[46])


class Membership(Cited):
    """The seats of the assembly, apart from who comes: the base of thresholds `of: members`."""

    seats: Annotated[int, Field(ge=1, le=10_000_000)] = Field(description="Members elected or appointed.",
                                                              examples=[767, 100])
    vacancies: Count = Field(0, description="Seats empty (not duly chosen and sworn); they are not counted in "
                             "thresholds and quorums `of: members`.", examples=[0, 2])

    @model_validator(mode="before")
    @classmethod
    def _a_mapping(cls, data: Any) -> Any:
        if isinstance(data, int) and not isinstance(data, bool):  # `members: 45`
            raise ValueError(f"must be a mapping: {{seats: {data}}} (got {data})")
        return data


class Arrival(Cited):
    """Delegates who come after the opening: at a fixed time, or spread over a window."""

    id: Id = Field(description="The arrival's id, for a what-if to remove or change it.")
    faction: Id = Field(description="The faction the delegates join (in `factions`).")
    count: Annotated[int, Field(ge=1, le=10_000_000)]
    at: Moment | None = None
    between: Annotated[list[Moment], Field(min_length=2, max_length=2)] | None = Field(
        None, description="A window [from, to]: evenly spread when deterministic, uniform when seeded."
    )

    @model_validator(mode="after")
    def _one_time(self) -> Self:
        if (self.at is None) == (self.between is None):
            raise ValueError("give either `at` or `between`, not both or neither")
        return self


# --- overrides ----------------------------------------------------------------------------


def _option_shorthand(value: Any) -> Any:
    # `bolsheviks: for` is short for `bolsheviks: {for: 1}`
    if isinstance(value, str):
        if value not in OPTIONS:
            raise ValueError(f"must be for, against, abstain or a mapping like {{for: 0.9, abstain: 0.1}} "
                             f"(got {value!r})")
        return {value: 1.0}
    if isinstance(value, bool):  # `bolsheviks: yes`
        instead = as_boolean(value, 'write "for" or "against"')
        raise ValueError(f"must be for, against, abstain or a mapping like {{for: 0.9, abstain: 0.1}}, not {instead}")
    return value


class Stance(Model):
    """An override: propensities of a faction's delegates to vote for, against or abstain on one
    motion, instead of what their positions say. Every fact that depends on one is calibrated."""

    for_: Share = Field(0.0, alias="for")
    against: Share = 0.0
    abstain: Share = 0.0

    @model_validator(mode="after")
    def _sums_to_one(self) -> Self:
        total = self.for_ + self.against + self.abstain
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            raise ValueError(f"propensities for + against + abstain must sum to 1, not {total:g}")
        return self

    @property
    def shares(self) -> tuple[float, float, float]:
        """The propensities, normalised to sum to exactly 1 (they are accepted within 1e-6 of 1,
        and a draw refuses shares that sum to more)."""
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
    positions: dict[Id, LeaningField] = Field(
        default_factory=dict, description="Where the faction's delegates stand on each issue, from -1 to 1 (a "
        "centre, or a centre and a spread). On an issue not given, they are indifferent to it.",
        examples=[{"soviet_power": 0.9, "insurrection": 0.4, "socialist_coalition": {"centre": 0.3, "spread": 0.5}}])
    salience: dict[Id, Weight] = Field(
        default_factory=dict, description="How much each issue weighs with the faction, from 0 to 100 (default 1): "
        "a weight of 2 makes a move on that issue count twice as much.", examples=[{"soviet_power": 2}])
    caucus: bool = Field(False, description="Whether the faction decides a line in caucus before each vote "
                         "and each walkout (from its members' positions); give its `discipline` with it.",
                         examples=[True])
    discipline: Share = Field(
        0.0, description="The probability that a member follows the caucus's line rather than its own "
        "position (with `caucus`).")
    tolerance: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] | None = Field(
        None, description="The faction's own tolerance (see behaviour.tolerance), in units of utility.",
        examples=[0.5])
    seat_tolerance: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] | None = Field(
        None, description="The faction's own seat tolerance (see behaviour.seat_tolerance), in units of utility.",
        examples=[1.5])

    @model_validator(mode="after")
    def _discipline_needs_caucus(self) -> Self:
        if self.discipline and not self.caucus:
            raise ValueError("`discipline` is how far members follow a caucus's line: set `caucus: true` too")
        return self


# --- rules of procedure -------------------------------------------------------------------


def _fraction_text(value: Any) -> Any:
    if isinstance(value, str):
        try:
            f = Fraction(value.replace(" ", ""))
        except (ValueError, ZeroDivisionError):
            if re.fullmatch(r"\d+(\.\d+)?%", value.strip()):  # a percentage: the fraction it stands for
                f = Fraction(value.strip()[:-1]) / 100
                written = str(f) if f.denominator <= 10 else f"{float(f):g}"
                raise ValueError(f"must be a fraction such as 1/2, 3/5 or 2/3, or a number (got {value!r}; "
                                 f"write {written})") from None
            raise ValueError(f"must be a fraction such as 1/2, 3/5 or 2/3, or a number (got {value!r})") from None
        if not 0 <= f <= 1:
            raise ValueError(f"must be between 0 and 1 (got {value})")
        return float(f)
    return value


@lru_cache(maxsize=256)
def fraction_of(share: float) -> Fraction:
    """A share as the fraction it stands for (3/5, 2/3): the nearest with a denominator up to 1000."""
    return Fraction(share).limit_denominator(1000)


Base = Literal["votes_cast", "votes_and_abstentions", "present", "members"]


class Threshold(Model):
    """What carries a motion: a fraction of a base. `votes_cast` counts for and against;
    `votes_and_abstentions` adds recorded abstentions; `present` counts everyone in the hall;
    `members` the assembly's seats less vacancies (`members` at the top of the scenario)."""

    whole = True

    share: Annotated[float, BeforeValidator(_fraction_text, json_schema_input_type=str | float),
                     Field(ge=0, le=1, allow_inf_nan=False)] = Field(
        description="The fraction needed: 1/2, 3/5, 2/3 (as text or a number).", examples=["2/3", 0.5])
    of: Base = Field("votes_cast", description="What the fraction is of.")
    strict: bool = Field(False, description="true: more than the fraction (a majority is more than 1/2); false: at "
                         "least the fraction (two thirds is at least 2/3).", examples=[True])
    by: Literal["head", "party"] = Field(
        "head", description="head: every delegate's vote counts; party: each party (an order, a chamber) casts "
        "one vote, for if more of its members vote for than against, and the fraction is of the parties.")
    text: str | None = Field(None, description="The rule in its own words, for the reader.",
                             examples=["by order: two of the three orders"])

    @property
    def fraction(self) -> Fraction:
        return fraction_of(self.share)


# built without validation (valid as written): validating here would build Threshold's validator
# on import, which a scenario's validation does not need (it has its own)
NAMED: dict[str, Threshold] = {
    "simple": Threshold.model_construct(share=0.5, of="votes_cast", strict=True, text="more for than against"),
    "absolute": Threshold.model_construct(share=0.5, of="present", strict=True, text="more than half of those present"),
    "two_thirds": Threshold.model_construct(share=2 / 3, of="votes_cast", text="two thirds of the votes cast"),
    "three_fifths": Threshold.model_construct(share=0.6, of="votes_cast", text="three fifths of the votes cast"),
}
Majority = MajorityName | Threshold


class Quorum(Cited):
    whole = True

    share: Annotated[float, BeforeValidator(_fraction_text, json_schema_input_type=str | float),
                     Field(ge=0, le=1, allow_inf_nan=False)] | None = Field(
        None, description="At least this share of the base must be present.")
    count: Count | None = Field(None, description="At least this many delegates must be present.")
    of: Literal["registered", "opening", "members"] = Field(
        "registered",
        description="registered: every delegate who has arrived so far, present or gone; "
        "opening: the delegates present at the first opening; members: the assembly's seats less vacancies.",
    )
    strict: bool = Field(False, description="With `share`: more than the share must be present (a majority of "
                         "the members is more than half of them); false: at least the share.", examples=[True])

    @model_validator(mode="before")
    @classmethod
    def _a_mapping(cls, data: Any) -> Any:
        # `quorum: 23` or `quorum: 1/2`: say which of the two it is written as
        if isinstance(data, (int, float)) and not isinstance(data, bool) and data >= 1:
            raise ValueError(f"must be a mapping: {{count: {data:g}}} for {data:g} delegates present, or a share "
                             f"such as {{share: 1/2, of: members}} (got {data:g})")
        if isinstance(data, float) or isinstance(data, str) and re.fullmatch(r"\s*\d+\s*/\s*\d+\s*", data):
            raise ValueError(f"must be a mapping: {{share: {data}, of: members}} for that share of the members "
                             f"(or of: registered, opening), or a count such as {{count: 23}} (got {data!r})")
        if isinstance(data, str) and data.strip().lower() == "none":
            raise ValueError("must be a mapping; for no quorum at all (not even a preset's), write `quorum: null`")
        return data

    @model_validator(mode="after")
    def _one_measure(self) -> Self:
        if (self.share is None) == (self.count is None):
            raise ValueError("give either `share` or `count`")
        return self


class Chair(Cited):
    """The presiding officer, and when the chair votes."""

    person: Id = Field(description="The presiding officer (in `persons`).", examples=["kamenev"])
    votes: Literal["never", "always", "tie"] = Field(
        "always", description="always: as a member; never; tie: only to break a tie (a casting vote), and only where that one "
        "vote decides (not on a tie that fails a threshold of the members either way). A chair who votes only on a "
        "tie, or who is not a member (who can cast nothing but a casting vote, unless never), is not counted among "
        "those present, for the quorum or a threshold; one who is a member is still at the assembly, in its census.")


class MotionRule(Model):
    majority: Majority | None = Field(None, description="What carries this type of motion (default: the rules' "
                                      "majority): a name such as two_thirds, or a threshold {share, of, strict}.",
                                      examples=["two_thirds"])
    rank: int | None = Field(None, ge=0, le=100, description="Precedence, 0 to 100: a pending motion of higher rank is "
                             "decided first (the Robert's Rules preset: main 0, amendment 1, adjourn 7).", examples=[3])


class Rules(Cited):
    quorum: Quorum | None = Field(None, description="None: no quorum is required.")
    majority: Majority = Field(
        "simple",
        description="simple: more for than against; absolute: for is more than half of those present; "
        "two_thirds, three_fifths: at least that share of the votes cast; unanimity: none against; or a "
        "threshold {share, of, strict}.",
    )
    motions: dict[MotionType, MotionRule] = Field(
        default_factory=dict, description="The majority and precedence of each type of motion.",
        examples=[{"main": {"majority": "simple", "rank": 0}, "previous_question": {"majority": "two_thirds", "rank": 3}}])
    chair: Chair | None = Field(None, description="The presiding officer, and when the chair votes.",
                                examples=[{"person": "kamenev", "votes": "always"}])
    abstentions: Literal["recorded", "not_recorded"] = Field(
        "recorded", description="not_recorded: a delegate who would abstain is present but not voting.")
    preset: str | None = Field(
        None, description=f"The rules preset these rules extend: one shipped with congress-sim, by its name "
        f"({', '.join(presets.names())}), or a rules file of your own, by its path relative to this file "
        "(bylaws.yaml). The keys given here win; a quorum or a threshold given here replaces the preset's whole.",
        examples=["roberts-rules", "bylaws.yaml"])


class RuleOverride(Model):
    quorum: Quorum | None = None
    majority: Majority | None = None


class Body(Cited):
    label: str = Field(description="The body's name as a historian writes it.", examples=["Presidium of the congress"])
    seats: Annotated[int, Field(ge=1, le=1_000_000)] | None = Field(
        None, description="Seats to fill; with method `offered` the sum of the offers."
    )
    method: Literal["hare", "droop", "dhondt", "sainte_lague", "offered"] = Field(
        "hare",
        description="For an election by lists: hare/droop: largest remainder with that quota; dhondt, "
        "sainte_lague: highest averages; offered: each faction is offered the seats in `offered`.",
    )
    offered: dict[Id, Count] | None = None
    reserved: dict[Id, Count] = Field(
        default_factory=dict, description="Seats set aside for groups outside the factions."
    )
    among: list[Id] | None = Field(
        None, description="Only these factions take part (e.g. parties invited into a government)."
    )
    chair: Id | None = Field(None, description="Person who chairs the body, if their faction takes seats.")
    nominees: dict[Id, list[Id | list[Id]]] = Field(
        default_factory=dict, description="Whom each faction puts in the seats it takes, one entry a seat in the "
        "order given; an entry may list several persons who hold one seat together (a committee). The body's "
        "members are each seated faction's first entries, as many as its seats.")
    line: Content = Field(default_factory=dict, description="Where the body stands on each issue it names, from -1 "
                          "to 1: a faction whose seat tolerance it exceeds declines seats in it.",
                          examples=[{"soviet_power": 1, "insurrection": 1, "socialist_coalition": -1}])

    @model_validator(mode="after")
    def _seats_given(self) -> Self:
        if self.method == "offered":
            if not self.offered:
                raise ValueError("method `offered` needs `offered: {faction: seats}`")
        elif self.seats is None:
            raise ValueError(f"method `{self.method}` needs `seats`")
        return self


# --- agenda items -------------------------------------------------------------------------


class Bounds(Model):
    at_least: float | None = Field(None, allow_inf_nan=False, description="At least this many more votes for than "
                                   "against (a negative number: against may lead by that many).", examples=[1])
    at_most: float | None = Field(None, allow_inf_nan=False, description="At most this many more votes for than "
                                  "against (0: the motion did not win more for than against).", examples=[0])


class Presence(Model):
    faction: Id | None = Field(None, description="Count this faction's delegates; all present if none.")
    at_least: Count | None = Field(None, description="At least this many delegates are in the hall.", examples=[400])
    at_most: Count | None = Field(None, description="At most this many delegates are in the hall (0: none of them).",
                                  examples=[0])


class Headcount(Model):
    at_least: Count | None = Field(None, description="At least this many delegates.", examples=[1])
    at_most: Count | None = Field(None, description="At most this many delegates (0: none).", examples=[0])


class Condition(Model):
    item: Id | None = Field(None, description="The agenda item (or trigger action) to wait for.")
    result: Literal["adopted", "rejected", "not taken", "accepted", "declined", "happened", "skipped"] | None = Field(
        None, description="For a vote (adopted, rejected, not taken) or a decision (accepted, declined): "
        "only this result counts; happened, skipped: whether the item took place at all."
    )
    tied: bool | None = Field(None, description="For a vote: as many for as against (true), or not (false).",
                              examples=[True])
    margin: Bounds | None = Field(None, description="For a vote: bounds on the votes for less the votes against.",
                                  examples=[{"at_least": -5, "at_most": 5}])
    winner: Id | None = Field(None, description="For an election among candidates: this person is elected (one "
                              "of the winners, where it fills several seats).", examples=["okafor"])
    present: Presence | None = Field(None, description="Who is in the hall at the time: how many of a faction, or "
                                     "of everyone.", examples=[{"faction": "bolsheviks", "at_most": 0}])
    left: Headcount | None = Field(None, description="For a walkout: how many delegates it took (all who walk out, "
                                   "the last of them perhaps still on their way; 0 where it never happened, or "
                                   "a what-if removed it).", examples=[{"at_least": 1}])

    @model_validator(mode="after")
    def _something(self) -> Self:
        if self.item is None and (self.result or self.tied is not None or self.margin or self.winner or self.left):
            raise ValueError("`result`, `tied`, `margin`, `winner` and `left` need the `item` they are about")
        if self.item is None and self.present is None:
            raise ValueError("give `item` (and how it ended) or `present`")
        return self


class Anchor(Model):
    """Start after another item (or trigger action) has ended, plus a delay."""

    item: Id = Field(description="The item (or trigger action) to follow: its id.")
    delay: Minutes = Field(0.0, description="Minutes between that item's end (or start) and this one.")
    edge: Literal["start", "end"] = Field("end", description="Count from the item's start or its end.")


def _anchor_shorthand(value: Any) -> Any:
    if isinstance(value, str):
        return {"item": value}
    return value


AnchorField = Annotated[Anchor, BeforeValidator(_anchor_shorthand, json_schema_input_type=str | Anchor)]


class Item(Cited):
    id: Id = Field(description="The item's id, by which triggers, anchors, what-ifs and the record name it.")
    title: str | None = None
    at: Moment | None = Field(None, description="Not before this clock time (a pinned time: an input); otherwise "
                             "it follows the previous item.")
    after: Minutes | AnchorField = Field(
        0.0, description="Minutes after the previous item ends; or {item, delay}: after another item.")
    duration: Minutes = Field(0.0, description="How long the item takes, in minutes.")
    speakers: list[Id] = Field(default_factory=list, description="Persons who speak or read (those present).")
    quote: str | None = Field(None, description="The sentence of the source this item comes from.")
    only_if: Condition | None = Field(
        None, description="Take this item only if this holds; otherwise it is skipped."
    )
    effect: Content = Field(default_factory=dict, description="Where the item, once it has happened, moves "
                            "things on each issue it names, from -1 to 1 (a fait accompli).",
                            examples=[{"insurrection": 1}])


class Debate(Item):
    kind: Literal["debate", "report"]
    topic: str


class Announcement(Item):
    """Something said or decreed in the assembly's name or over its head; with `dissolves`, the act
    that ends the assembly (a decree of dissolution, the hall closed to its members)."""

    kind: Literal["announcement"]
    text: str
    dissolves: bool = Field(
        False, description="The assembly is dissolved: at this item's time every member at the assembly is sent "
        "away and anyone still due never comes. No one is in the hall from then on, in this sitting or any later "
        "one: every later item but an announcement or a close is not taken.", examples=[True])


class Walkout(Item):
    """Delegates leave whose loss since the opening exceeds their tolerance (a caucus decides for
    its faction, and its members follow with its discipline); or, as an override, a fixed share."""

    kind: Literal["walkout"]
    factions: list[Id] | None = Field(None, description="The factions whose delegates consider leaving "
                                      "(default: every faction).")
    share: Share | None = Field(None, description="Override: this share of each faction's delegates present "
                                "leaves, whatever their positions.")
    over: Minutes = Field(0.0, description="The departures are spread over this many minutes.")
    declaration: str | None = None


class Defection(Item):
    """Delegates change faction: a given number or share, or (by default) those whose positions
    are nearer the other faction's centre than their own's."""

    kind: Literal["defection"]
    source_faction: Id = Field(alias="from", description="The faction the delegates leave.")
    target_faction: Id = Field(alias="to", description="The faction they join.")
    count: Count | None = None
    share: Share | None = None

    @model_validator(mode="after")
    def _one_size(self) -> Self:
        if self.count is not None and self.share is not None:
            raise ValueError("give `count` or `share`, not both")
        return self


class Recess(Item):
    kind: Literal["recess"]
    until: Moment | None = Field(None, description="When the sitting resumes (or give `duration`).")


class Vote(Item):
    kind: Literal["vote"]
    motion: str = Field(description="What is put to the vote, e.g. the Decree on Peace.")
    type: MotionType = Field("main", description="main; amendment (of `on`); previous_question or cloture "
                             "(ends the debate on `on`); table (sets `on` aside); adjourn; recess; appeal (from "
                             "the ruling `on`); priority (take this before `on`).")
    on: Id | None = Field(None, description="The motion (or ruling) a subsidiary motion is about: its id.",
                          examples=["passage"])
    content: Content = Field(default_factory=dict, description="Where adopting the motion moves things on each issue "
                             "it names, from -1 to 1; for an amendment, what it changes in the motion it amends. A "
                             "main motion gives it (without `stances`): `{}` for one that moves nothing.",
                             examples=[{"insurrection": 0, "socialist_coalition": 1}])
    against: Content = Field(default_factory=dict, description="Where things would stand if the motion were "
                             "rejected, on the issues it names (default: where they stood when the assembly opened).",
                             examples=[{"insurrection": 1}])
    minutes: Minutes | None = Field(None, description="For a motion to recess: how long, in minutes.", examples=[30])
    stances: dict[Id, StanceField] = Field(
        default_factory=dict,
        description="Override: a faction's propensities on this motion instead of its positions.",
    )
    rules: RuleOverride | None = Field(None, description="Quorum or majority for this motion only.")
    secret: bool = Field(False, description="A secret ballot: the record gives totals only, no roll call.",
                         examples=[True])
    voters: list[Id] | None = Field(None, description="Only the delegates of these factions or parties vote "
                                    "(an order or a chamber voting on its own); the others are not counted.",
                                    examples=[["third"]])


class Ruling(Item):
    """The chair rules on a point of order, from the chair's own positions; an appeal may follow.

    A point raised against a pending motion (``on``) would, if it stands, put that motion out of
    order: it is not taken. Otherwise the point's ``content`` says where sustaining it moves things."""

    kind: Literal["ruling"]
    point: str = Field(description="The point of order, in words.",
                       examples=["the amended cost estimate was not circulated"])
    on: Id | None = Field(None, description="The pending motion the point is against: if the point stands, "
                          "the motion is out of order and not taken.", examples=["park_motion"])
    content: Content = Field(default_factory=dict, description="Where sustaining the point moves things on each issue "
                             "it names, from -1 to 1 (for a point against no pending motion).",
                             examples=[{"procedure": -1}])


class Election(Item):
    kind: Literal["election"]
    body: Id = Field(description="The body (in `bodies`) this election fills.")
    candidates: list[Id] | None = Field(None, description="Persons standing; without them, seats are shared "
                                        "among the factions by the body's method.",
                                        examples=[["alvarez", "okafor"]])
    method: Literal["majority", "plurality", "runoff", "irv", "stv"] = Field(
        "majority", description="With candidates: majority (ballots until one has the majority, the last "
        "dropping out), plurality, runoff (the top two), irv or stv (ranked ballots).")
    ballots: int = Field(10, ge=1, le=100, description="Most ballots a majority election takes (1 to 100); if no "
                         "one has the majority by then, no one is elected.", examples=[3])
    majority: Majority | None = Field(None, description="What wins a majority election (default: the rules').")
    secret: bool = Field(False, description="A secret ballot: the record gives totals only, no one's vote.",
                         examples=[True])


class Decision(Item):
    """A faction accepts or declines seats in a body: from positions (the body's line against the
    caucus's tolerance) or, as an override, a fixed answer or probability."""

    kind: Literal["decision"]
    faction: Id = Field(description="The faction that decides.")
    body: Id = Field(description="The body (in `bodies`) whose seats it accepts or declines.")
    accepts: bool | Share | None = Field(
        None, description="Override: true/false, or the probability of accepting (deterministic: accepts if >= 0.5)."
    )


class Close(Item):
    kind: Literal["close"]


AgendaItem = Annotated[
    Debate | Announcement | Walkout | Defection | Recess | Vote | Ruling | Election | Decision | Close,
    Field(discriminator="kind"),
]
ActionItem = Annotated[
    Announcement | Walkout | Defection | Decision | Vote | Recess | Close | Election, Field(discriminator="kind")
]


class Session(Cited):
    id: Id = Field(description="The session's id, by which persons' `absent` and the record name it.",
                   examples=["first"])
    title: str | None = None
    opens: Moment = Field(description="When the session opens: its date and time of day, in the scenario's "
                          "calendar.")
    agenda: list[AgendaItem] = Field(default_factory=list)


class Trigger(Cited):
    """When something happens, a faction reacts: causes, so that what-ifs propagate."""

    id: Id = Field(description="The trigger's id, for a what-if to remove or change it.", examples=["protest"])
    when: Condition
    probability: Share = Field(1.0, description="Chance the reaction happens (deterministic: if >= 0.5).")
    delay: Minutes = Field(0.0, description="Minutes between the cause and the reaction.")
    then: ActionItem

    @model_validator(mode="after")
    def _cause(self) -> Self:
        if self.when.item is None:
            raise ValueError("`when` needs the `item` whose outcome causes the reaction")
        return self


class HistoryEntry(Cited):
    date: Stamp | None = Field(None, description="When it happened, where a source says.")
    text: str
    sets_opening: Stamp | None = Field(None, description="The opening date this decision set.")


class FreeParameter(Model):
    """A value left to `congress-sim calibrate`, within a range."""

    low: float = Field(allow_inf_nan=False, description="The lowest value calibration may try.", examples=[0.05])
    high: float = Field(allow_inf_nan=False, description="The highest value calibration may try.", examples=[4])
    note: str | None = Field(None, description="What the value is, for the reader.",
                             examples=["How much loss since the opening a delegate bears before it leaves."])

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not self.low < self.high:
            raise ValueError(f"`low` ({self.low:g}) must be below `high` ({self.high:g})")
        return self


def _range_shorthand(value: Any) -> Any:
    if isinstance(value, list) and len(value) == 2:
        return {"low": value[0], "high": value[1]}
    return value


FreeField = Annotated[FreeParameter, BeforeValidator(_range_shorthand, json_schema_input_type=list[float] | FreeParameter)]


# --- uncertain assumptions ---------------------------------------------------------------

UncertainKey = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$", examples=[
    "behaviour.tolerance", "factions.left_sr.delegates", "count"])]
Number = Annotated[float, Field(allow_inf_nan=False)]
Pair = Annotated[list[Number], Field(min_length=2, max_length=2)]
FORMS = ("choice", "uniform", "triangular", "normal", "alternatives")


def _alternative_shorthand(value: Any) -> Any:
    # `choice: [92, 95]` is short for `choice: [{value: 92}, {value: 95}]`
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"value": value}
    return value


class Alternative(Cited):
    """One value that a source gives, with its weight among the others."""

    value: Number = Field(description="The value one source gives.", examples=[96])
    label: str | None = Field(None, description="What the value is, in a few words, for what is printed and drawn "
                              "(by default the value itself).", examples=["the credentials report's 670"])
    weight: Annotated[float, Field(gt=0, le=1e6, allow_inf_nan=False)] = Field(
        1.0, description="How much this value counts against the others (weights need not sum to 1).")


AlternativeField = Annotated[Alternative, BeforeValidator(_alternative_shorthand,
                                                          json_schema_input_type=float | Alternative)]


class Variant(Cited):
    """One alternative of a family: values that go together, as one source gives them."""

    label: str | None = Field(None, description="What the alternative is, in a few words, for what is printed and "
                              "drawn (by default its name).", examples=["the credentials report's 670"])
    weight: Annotated[float, Field(gt=0, le=1e6, allow_inf_nan=False)] = Field(
        1.0, description="How much this alternative counts against the others.")
    values: dict[UncertainKey, Number] = Field(
        min_length=1, description="Each value this alternative sets, by dotted path (as in `free` and `set`).")


class Uncertain(Cited):
    """An assumption that varies between seeded replays: one value given as a distribution or as
    weighted alternatives, or (under a name of its own) a family of values that go together.

    Exactly one of `choice`, `uniform`, `triangular`, `normal` (one value, keyed by its dotted
    path) or `alternatives` (a family, keyed by a name). A seeded replay draws it from its own
    stream; the deterministic replay uses its `central` value."""

    whole = True

    label: str | None = Field(
        None, description="What is assumed, in a few words, for what is printed and drawn (by default said from its "
        "path: the Left SRs' position on who should form the new government; a family by its name).",
        examples=["the count of delegates at the opening"])
    choice: Annotated[list[AlternativeField], Field(min_length=2)] | None = Field(
        None, description="Weighted alternatives: numbers, or {value, weight, source}.")
    uniform: Pair | None = Field(None, description="[low, high]: every value between equally likely.")
    triangular: Annotated[list[Number], Field(min_length=3, max_length=3)] | None = Field(
        None, description="[low, mode, high]: most likely at the mode, falling to nothing at the ends.")
    normal: Pair | None = Field(None, description="[mean, standard deviation], cut to `within` (by default to "
                                "the values the path allows).")
    within: Pair | None = Field(None, description="With `normal`: [low, high], the range it is cut to.")
    alternatives: dict[Id, Variant] | None = Field(
        None, description="A family: named alternatives, each setting several values that go together.")
    central: Number | Id | None = Field(
        None, description="The value the deterministic replay uses (for a family, the name of an alternative). "
        "Default: the scenario's own value at the path.")

    @model_validator(mode="after")
    def _one_form(self) -> Self:
        given = [f for f in FORMS if getattr(self, f) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of choice, uniform, triangular, normal or alternatives"
                             + (f" (got {', '.join(given)})" if given else ""))
        if self.uniform is not None and not self.uniform[0] < self.uniform[1]:
            raise ValueError(f"uniform: low ({self.uniform[0]:g}) must be below high ({self.uniform[1]:g})")
        if self.triangular is not None:
            lo, mode, hi = self.triangular
            if not (lo <= mode <= hi and lo < hi):
                raise ValueError(f"triangular: give [low, mode, high] with low <= mode <= high and low < high "
                                 f"(got [{lo:g}, {mode:g}, {hi:g}])")
        if self.normal is not None and not self.normal[1] > 0:
            raise ValueError(f"normal: the standard deviation must be above 0 (got {self.normal[1]:g})")
        if self.within is not None:
            if self.normal is None:
                raise ValueError("`within` cuts a `normal` to a range; the other forms have their own")
            if not self.within[0] < self.within[1]:
                raise ValueError(f"within: low ({self.within[0]:g}) must be below high ({self.within[1]:g})")
        if self.alternatives is not None:
            if len(self.alternatives) < 2:
                raise ValueError("a family needs at least two alternatives")
            if self.central is None:
                raise ValueError(f"a family states its central alternative: `central: NAME` (one of "
                                 f"{', '.join(self.alternatives)})")
            if self.central not in self.alternatives:
                raise ValueError(f"central: no alternative {self.central!r} (known: {', '.join(self.alternatives)})")
        elif isinstance(self.central, str):
            raise ValueError(f"central: must be a number (got {self.central!r}); a name is the central of a family")
        return self

    @property
    def form(self) -> str:
        return next(f for f in FORMS if getattr(self, f) is not None)


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
    sources: dict[Id, SourceEntry] = Field(default_factory=dict, description="Source keys and full citations: "
                                           "each a citation, or `{cite: ..., short: ...}` to give it a short name.")
    history: list[HistoryEntry] = Field(
        default_factory=list, description="Dated events before the assembly, kept as data."
    )
    issues: dict[Id, Issue] = Field(
        default_factory=dict, description="The lines along which delegates stand, by id: each from -1 (`low`) to 1 "
        "(`high`).", examples=[{"peace": {"label": "The war", "low": "war to victory with the Allies",
                                          "high": "an immediate armistice and a peace without annexations",
                                          "status_quo": -0.5}}])
    behaviour: Behaviour = Field(
        default_factory=Behaviour, description="How delegates choose: the parameters every faction takes unless it "
        "sets its own.", examples=[{"band": 0.05, "noise": 0.2, "spread": 0.25, "tolerance": 2.0}])
    members: Membership | None = Field(None, description="The assembly's seats, apart from who comes: the base of "
                                       "thresholds and quorums `of: members`.", examples=[{"seats": 100, "vacancies": 0}])
    members_called: Called = Field(default_factory=Called, description="What the members are called in what is "
                                   "printed and drawn: `{one: deputy, many: deputies}`; delegates unless given.",
                                   examples=[{"one": "deputy", "many": "deputies"}])
    parties: dict[Id, Party] = Field(default_factory=dict)
    factions: dict[Id, Faction] = Field(min_length=1)
    persons: dict[Id, Person] = Field(default_factory=dict)
    delegations: dict[Id, Delegation] = Field(default_factory=dict)
    rules: Rules = Field(default_factory=Rules)
    bodies: dict[Id, Body] = Field(default_factory=dict)
    arrivals: list[Arrival] = Field(default_factory=list)
    sessions: list[Session] = Field(min_length=1)
    triggers: list[Trigger] = Field(default_factory=list)
    removed_walkouts: list[Id] = Field(
        default_factory=list, description="The walkouts a what-if removed (its `remove` writes them here, as "
        "`validate --print` shows): a condition on how many one took (`left`) may still name it, and finds no "
        "one left.", examples=[["walkout"]])
    free: dict[str, FreeField] = Field(
        default_factory=dict, description="Values left to `congress-sim calibrate`: a dotted path and its range.",
        examples=[{"behaviour.tolerance": {"low": 0.05, "high": 4}, "factions.republicans.positions.civil_rights": [-0.5, 1]}])
    uncertain: dict[UncertainKey, Uncertain] = Field(
        default_factory=dict, description="Assumptions that vary between seeded replays, by dotted path (one "
        "value as a distribution or weighted alternatives) or by a name (a family of values that go together). "
        "Later entries win where they set the same value.")
    parameters: str | None = Field(
        None, description="A file of fitted values (written by `congress-sim calibrate`), applied as `set` to this "
        "file, before a what-if that extends it changes anything.",
        examples=["historical.parameters.yaml"])

    record: str | None = Field(
        None, description="The record file (what the sources say happened), relative to this file. "
        "`check` holds the replay against it, `run` ends with its summary and `validate` checks it; "
        "the engine never reads it."
    )

    _plan: Any = PrivateAttr(None)  # the checked plan, built once by congress_sim.language.plan.of
    _path: str | None = PrivateAttr(None)  # the file it was loaded from, if any
    _sets: tuple[str, ...] = PrivateAttr(())  # the --set overrides applied as it was loaded
    _record_from: tuple[str, int | None, int | None] | None = PrivateAttr(None)  # where `record:` was written
    _fitted: dict[str, Any] = PrivateAttr(default_factory=dict)  # what the parameters file set, and its targets
    _whatif: Any = PrivateAttr(None)  # a what-if's base and what it changes (congress_sim.language.whatif.WhatIf)

    def __repr__(self) -> str:  # the fields in full would run to tens of thousands of characters
        where = self._path.rsplit("/", 1)[-1] if self._path else "in memory"
        sets = "".join(f", --set {x}" for x in self._sets)
        items = sum(len(x.agenda) for x in self.sessions)
        title = self.title if len(self.title) <= 50 else self.title[:49].rsplit(" ", 1)[0] + "\u2026"

        def n(k: int, word: str) -> str:
            return f"{k} {word}" + ("" if k == 1 else "s")

        return (f"<Scenario {title!r} ({where}{sets}): {n(len(self.factions), 'faction')}, "
                f"{n(sum(f.delegates for f in self.factions.values()), 'delegate')} at the opening, "
                f"{n(len(self.sessions), 'session')}, {n(items, 'agenda item')}>")

    def __str__(self) -> str:  # print(scenario) too: pydantic's would print every field
        return repr(self)

    def party_of(self, faction: str) -> str:
        return self.factions[faction].party or faction

    def assumptions(self) -> list[tuple[str, str | None, str, str | None]]:
        """Every ``assumption:`` the scenario states, in the order written: (the part of the scenario
        it is in, such as ``factions`` or ``sessions``; the id of the entry there, None for a part
        that is one thing, such as ``behaviour``; the assumption; the source it is read against)."""
        out: list[tuple[str, str | None, str, str | None]] = []

        def visit(value: Any, part: str, ident: str | None) -> None:
            if isinstance(value, Cited) and value.assumption:
                out.append((part, ident, value.assumption, value.source))
            if isinstance(value, BaseModel):
                for key in type(value).model_fields:
                    visit(getattr(value, key), part, ident)
            elif isinstance(value, dict):
                for key, x in value.items():
                    visit(x, part, key if ident is None else ident)  # a faction's, not its position's
            elif isinstance(value, list):
                for x in value:
                    visit(x, part, getattr(x, "id", None) or ident)  # an agenda item's, within its session

        for key in type(self).model_fields:
            visit(getattr(self, key), key, None)
        return out


def type_at(root: type[BaseModel], key: tuple[str | int, ...], data: Any = None) -> Any:
    """The type the value at ``key`` below ``root`` is validated as (None where the key leads
    nowhere): through mappings by id and lists to their entries, and of a union to the member whose
    `kind` the value in ``data`` names (else its first model).

    >>> type_at(Scenario, ("rules", "quorum")).__name__
    'Quorum'
    """
    ann: Any = root
    node = data
    for part in key:
        ann = _concrete(ann, node)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            node = None
        ann = declared(ann, part)
        if ann is None:
            return None
    return _concrete(ann, node)


def declared(ann: Any, part: str | int) -> Any:
    """The type declared for ``part`` inside ``ann``: a model's field (by its name in the file), a
    list's or a mapping's entries; None where there is none."""
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        field = next((f for n, f in ann.model_fields.items() if (f.alias or n) == part), None)
        return field.annotation if field is not None else None
    if typing.get_origin(ann) in (dict, list):
        return typing.get_args(ann)[-1]
    return None


def _concrete(ann: Any, node: Any) -> Any:
    """Through Annotated, Optional and unions to the type a value is validated as (a model by its kind)."""
    while True:
        origin = typing.get_origin(ann)
        if origin is typing.Annotated:
            ann = typing.get_args(ann)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(ann) if a is not type(None)]
            models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
            kind = node.get("kind") if isinstance(node, dict) else None
            pick = [m for m in models if "kind" in m.model_fields and kind in typing.get_args(m.model_fields["kind"].annotation)]
            ann = (pick or models or members)[0]
        else:
            return ann
