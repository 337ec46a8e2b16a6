"""The event log: flat, typed records of what happened, in time order.

A replay is its event log; every view (attendance, tallies, seats, the transcript) is a
pure function of these records. ``time`` is minutes since the scenario's epoch (midnight of its
first day); a repr gives it as a reader counts it, ``day 2 01:40``, since an event does not know
the scenario's calendar (``replay.clock.label(event.time)`` gives the date, as the timeline does).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from congress_sim.model.reasons import Reason

Tally = tuple[int, int, int, int]  # for, against, abstain, present but not voting
OPTIONS = ("for", "against", "abstain", "not voting")


def moment(t: float) -> str:
    """Minutes since the epoch as ``day 2 01:40`` (day 1 is the epoch's); seconds only where there are some."""
    day, second = divmod(round(t * 60), 86400)
    hour, second = divmod(second, 3600)
    minute, second = divmod(second, 60)
    return f"day {day + 1} {hour:02d}:{minute:02d}" + (f":{second:02d}" if second else "")


def _compared(event: Event) -> tuple[Any, ...]:
    return tuple(getattr(event, f.name) for f in fields(event) if f.compare)


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Event:
    """One thing that happened, at ``time`` (minutes since the scenario's epoch)."""

    kind: ClassVar[str] = "event"
    time: float

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **asdict(self)}

    # equality and hashing as a dataclass's own, field by field and only between events of one
    # class, written once here: generated for each of two dozen classes they took a third of the
    # time it takes to import this module
    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return _compared(self) == _compared(other)

    def __hash__(self) -> int:
        return hash(_compared(self))

    def __repr__(self) -> str:  # each event's own fields, after the moment in words (not 1420.0 minutes)
        said = [f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr and f.name != "time"]
        return f"{type(self).__name__}({', '.join([moment(self.time), *said])})"


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Roster(Event):
    """Who the delegates are and where each stands, as the replay begins (one per slot)."""

    kind: ClassVar[str] = "roster"
    issues: tuple[str, ...]
    factions: tuple[str, ...]  # each delegate's faction
    positions: tuple[tuple[float, ...], ...]  # each delegate's position on each issue
    persons: dict[str, int] = field(default_factory=dict)  # named person -> delegate number

    def __repr__(self) -> str:  # every delegate's position in full would fill a notebook's screen
        return (f"Roster({moment(self.time)}, {len(self.factions)} delegates, issues={self.issues!r}, "
                f"{len(self.persons)} named persons)")


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Drawn(Event):
    """What a seeded replay drew for the scenario's uncertain assumptions, before anything happens."""

    kind: ClassVar[str] = "drawn"
    values: dict[str, float | str]  # assumption -> the value drawn (a family's alternative by name)


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class SessionOpened(Event):
    """A session opens."""

    kind: ClassVar[str] = "session_opened"
    session: str
    title: str | None = None


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Absent(Event):
    """A named person who does not attend a session (and so is not in the hall for its votes)."""

    kind: ClassVar[str] = "absent"
    person: str
    session: str


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class SessionClosed(Event):
    """A session closes; ``by`` names the item or reaction that closed it early."""

    kind: ClassVar[str] = "session_closed"
    session: str
    by: str | None = None  # the item or reaction that closed it early


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Arrived(Event):
    """Delegates of a faction come into the hall (at the opening, or with an arrival)."""

    kind: ClassVar[str] = "arrived"
    faction: str
    count: int
    item: str | None = None  # the arrival's id; None for those present at the opening
    delegates: tuple[int, ...] = field(default=(), repr=False)  # their numbers in the roster: hundreds, in a repr


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Departed(Event):
    """Delegates of a faction leave the hall during an item (a walkout, a dissolution)."""

    kind: ClassVar[str] = "departed"
    faction: str
    count: int
    item: str
    delegates: tuple[int, ...] = field(default=(), repr=False)


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Dissolved(Event):
    """The assembly is dissolved by an item: everyone at it is sent away (their departures follow,
    one per faction, under the item's id), and no one comes after."""

    kind: ClassVar[str] = "dissolved"
    item: str
    count: int  # members sent away
    by_faction: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Defected(Event):
    """Delegates go over from one faction to another during an item."""

    kind: ClassVar[str] = "defected"
    source: str
    target: str
    count: int
    item: str
    delegates: tuple[int, ...] = field(default=(), repr=False)


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class ItemBegan(Event):
    """A debate, report or announcement; or a close (``what`` is ``close``), which the session's close follows."""

    kind: ClassVar[str] = "item_began"
    item: str
    what: str
    title: str
    speakers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Moved(Event):
    """Where things stand changed: an act adopted, or a fait accompli."""

    kind: ClassVar[str] = "moved"
    item: str
    changes: dict[str, tuple[float, float]]  # issue -> (from, to)


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class WalkoutBegan(Event):
    """A walkout begins: which factions' delegates leave, how many, and whose caucus decided it."""

    kind: ClassVar[str] = "walkout_began"
    item: str
    factions: tuple[str, ...]  # the factions some of whose delegates leave
    delegates: int
    declaration: str | None = None
    by_faction: dict[str, int] = field(default_factory=dict)
    caucus: tuple[str, ...] = ()  # the factions whose caucus decided to leave


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class RecessBegan(Event):
    """A recess begins."""

    kind: ClassVar[str] = "recess_began"
    item: str


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class RecessEnded(Event):
    """A recess ends."""

    kind: ClassVar[str] = "recess_ended"
    item: str


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class VoteTaken(Event):
    """A vote: its result, who was present, the tally by faction, the threshold and the caucuses' lines."""

    kind: ClassVar[str] = "vote_taken"
    item: str
    motion: str
    result: str  # adopted, rejected, not taken
    present: int  # in the hall
    majority: str  # the threshold, in words
    tally: dict[str, Tally] = field(default_factory=dict)  # by faction
    quorum: int = 0  # delegates the quorum required (0: none)
    speakers: tuple[str, ...] = ()
    type: str = "main"
    needed: int | None = 0  # votes for needed to carry, given the rest of the tally; None where each party has one voice
    lines: dict[str, str] = field(default_factory=dict)  # each caucus's line
    casting: str | None = None  # the casting vote of a chair who votes only on a tie, or from outside the assembly
    roll: dict[str, str] = field(default_factory=dict)  # each named person's ballot (not for a secret ballot)
    secret: bool = False

    def totals(self) -> tuple[int, int, int]:
        """For, against, abstaining (a casting vote included)."""
        f = a = b = 0
        for x, y, z, _ in self.tally.values():
            f, a, b = f + x, a + y, b + z
        return f + (self.casting == "for"), a + (self.casting == "against"), b

    @property
    def not_voting(self) -> int:
        return sum(t[3] for t in self.tally.values())

    def __repr__(self) -> str:  # the motion, each faction's tally, lines and roll would fill a notebook's screen
        if self.result == "not taken":
            counted = f"no quorum: {self.present} present, {self.quorum} needed"
        else:
            f, a, b = self.totals()
            counted = f"{f} for, {a} against, {b} abstaining, of {self.present} present"
        return f"VoteTaken({moment(self.time)}, item={self.item!r}, result={self.result!r}, {counted})"


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class BallotTaken(Event):
    """One ballot of an election among candidates, or one round of a ranked count (``transfer``:
    the same ballots counted again, with the votes of whoever dropped out, or an STV surplus, passed
    on to the next preference; fractions after a surplus)."""

    kind: ClassVar[str] = "ballot_taken"
    item: str
    round: int
    votes: dict[str, int | float]  # candidate -> votes
    blank: int = 0
    eliminated: tuple[str, ...] = ()  # who dropped out before this ballot or round
    by_faction: dict[str, dict[str, int]] = field(default_factory=dict)
    roll: dict[str, str] = field(default_factory=dict)
    secret: bool = False
    elected: tuple[str, ...] = ()  # whom this ballot or round elects
    transfer: bool = False


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Elected(Event):
    """An election's outcome: a body's seats by faction, its chair and the members elected."""

    kind: ClassVar[str] = "elected"
    item: str
    body: str
    seats: dict[str, int]
    chair: str | None = None
    members: tuple[str, ...] = ()  # the persons elected among candidates, or the nominees seated by list


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Decided(Event):
    """A faction decides whether it accepts its seats in a body (a `decision` item)."""

    kind: ClassVar[str] = "decided"
    item: str
    faction: str
    body: str
    accepts: bool


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Ruled(Event):
    """The chair's ruling on a point of order."""

    kind: ClassVar[str] = "ruled"
    item: str
    point: str
    upheld: bool
    chair: str


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Skipped(Event):
    """An item not taken, and why: a :class:`~congress_sim.model.reasons.Reason`, whose ``str()``
    says it by ids (as the event log and ``--json`` do, beside the reason as data)."""

    kind: ClassVar[str] = "skipped"
    item: str
    because: Reason

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "time": self.time, "item": self.item, "because": str(self.because),
                "reason": self.because.to_dict()}

    def __repr__(self) -> str:
        return f"Skipped({moment(self.time)}, item={self.item!r}, because={str(self.because)!r})"


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class NotSetOff(Event):
    """A reaction that was not set off, and why: its cause did not come to what it waits for (or
    never happened, said at the close), or its chance did not come up."""

    kind: ClassVar[str] = "not_set_off"
    trigger: str
    action: str
    because: Reason

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "time": self.time, "trigger": self.trigger, "action": self.action,
                "because": str(self.because), "reason": self.because.to_dict()}

    def __repr__(self) -> str:
        return f"NotSetOff({moment(self.time)}, trigger={self.trigger!r}, because={str(self.because)!r})"


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Triggered(Event):
    """A trigger fires: what caused it, and the item (``action``) it sets going."""

    kind: ClassVar[str] = "triggered"
    trigger: str
    cause: str
    action: str
