"""The event log: flat, typed records of what happened, in time order.

A replay is its event log; every view (attendance, tallies, seats, the transcript) is a
pure function of these records. ``time`` is minutes since the scenario's epoch.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

Tally = tuple[int, int, int]  # for, against, abstain


@dataclass(frozen=True, slots=True)
class Event:
    kind: ClassVar[str] = "event"
    time: float

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **asdict(self)}


@dataclass(frozen=True, slots=True)
class SessionOpened(Event):
    kind: ClassVar[str] = "session_opened"
    session: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Absent(Event):
    """A named person who does not attend a session (and so does not vote in it)."""

    kind: ClassVar[str] = "absent"
    person: str
    session: str


@dataclass(frozen=True, slots=True)
class SessionClosed(Event):
    kind: ClassVar[str] = "session_closed"
    session: str


@dataclass(frozen=True, slots=True)
class Arrived(Event):
    kind: ClassVar[str] = "arrived"
    faction: str
    count: int
    item: str | None = None  # the arrival's id; None for those present at the opening


@dataclass(frozen=True, slots=True)
class Departed(Event):
    kind: ClassVar[str] = "departed"
    faction: str
    count: int
    item: str


@dataclass(frozen=True, slots=True)
class Defected(Event):
    kind: ClassVar[str] = "defected"
    source: str
    target: str
    count: int
    item: str


@dataclass(frozen=True, slots=True)
class ItemBegan(Event):
    """A debate, report or announcement."""

    kind: ClassVar[str] = "item_began"
    item: str
    what: str
    title: str
    speakers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class WalkoutBegan(Event):
    kind: ClassVar[str] = "walkout_began"
    item: str
    factions: tuple[str, ...]
    delegates: int
    declaration: str | None = None


@dataclass(frozen=True, slots=True)
class RecessBegan(Event):
    kind: ClassVar[str] = "recess_began"
    item: str


@dataclass(frozen=True, slots=True)
class RecessEnded(Event):
    kind: ClassVar[str] = "recess_ended"
    item: str


@dataclass(frozen=True, slots=True)
class VoteTaken(Event):
    kind: ClassVar[str] = "vote_taken"
    item: str
    motion: str
    result: str  # adopted, rejected, not taken
    present: int
    majority: str
    tally: dict[str, Tally] = field(default_factory=dict)  # by faction
    quorum: int = 0  # delegates the quorum required (0: none)
    speakers: tuple[str, ...] = ()

    def totals(self) -> Tally:
        f = a = b = 0
        for x, y, z in self.tally.values():
            f, a, b = f + x, a + y, b + z
        return f, a, b


@dataclass(frozen=True, slots=True)
class Elected(Event):
    kind: ClassVar[str] = "elected"
    item: str
    body: str
    seats: dict[str, int]
    chair: str | None = None


@dataclass(frozen=True, slots=True)
class Decided(Event):
    kind: ClassVar[str] = "decided"
    item: str
    faction: str
    body: str
    accepts: bool


@dataclass(frozen=True, slots=True)
class Skipped(Event):
    """An item not taken, because the earlier outcome it depends on did not come about."""

    kind: ClassVar[str] = "skipped"
    item: str
    because: str


@dataclass(frozen=True, slots=True)
class Triggered(Event):
    kind: ClassVar[str] = "triggered"
    trigger: str
    cause: str
    action: str
