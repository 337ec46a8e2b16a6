"""The counts of delegates the sources attest, placed on a replay's clock: what a figure of
attendance can mark as evidence, apart from the replay's counts between them, which are the
model's (assumptions).

Each census fact of the record whose source gives a ``total`` is a point at the moment the fact
names (the opening, the close, just after an item, or a date and time); sources that give the same
count at the same moment are one point. A moment outside the replay (before it begins) is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from congress_sim.errors import CongressSimError
from congress_sim.language.scenario import short_name
from congress_sim.views.replay import Replay

from . import facts as rec
from .check import Skip, moment


@dataclass(frozen=True)
class Attested:
    """A count of delegates present that sources give, at a time of the replay's clock."""

    time: float  # minutes since the clock's epoch
    total: int
    sources: tuple[str, ...]  # the record's source keys (those of `check --source`), in the record's order
    facts: tuple[str, ...]  # the facts that give it
    when: str = field(default="", compare=False)  # the time in the scenario's calendar, as a census's
    names: tuple[str, ...] = field(default=(), compare=False)  # the sources' short names, for readers

    def __repr__(self) -> str:  # the moment as the timeline gives it, not 2835.0 minutes
        return f"<Attested at {self.when or self.time}: {self.total} present, by {', '.join(self.sources)}>"


def attested_counts(replay: Replay, record: rec.Record | None = None) -> list[Attested]:
    """The totals the record's census facts attest, one point per moment and count, in time order.

    >>> import congress_sim as cs
    >>> replay = cs.simulate(cs.load("scenarios/historical.yaml"))
    >>> cs.attested_counts(replay)[-1]
    <Attested at 27 Oct 05:15 [9 Nov]: 625 present, by gse, savelev>
    >>> last = cs.attested_counts(replay)[-1]
    >>> last.time, last.when, last.sources
    (3195.0, '27 Oct 05:15 [9 Nov]', ('gse', 'savelev'))
    """
    record = record or rec.record_of(replay.scenario)
    if record is None:
        return []
    points: dict[tuple[float, int], tuple[list[str], list[str]]] = {}
    for fact in record.facts:
        if not isinstance(fact.check, rec.Census):
            continue
        try:
            t, _ = moment(replay, fact.check.at)
        except Skip:
            continue
        for a in fact.attestations:
            total = a.value.get("total")
            if isinstance(total, int) and not isinstance(total, bool):
                sources, ids = points.setdefault((t, total), ([], []))
                sources += [a.source] if a.source not in sources else []
                ids += [fact.id] if fact.id not in ids else []
    known = {**replay.scenario.sources, **record.sources}
    return [Attested(t, n, tuple(s), tuple(f), replay.clock.label(t).strip(), tuple(short_name(known, k) for k in s))
            for (t, n), (s, f) in sorted(points.items())]


def own_record(replay: Replay, use: bool | None = None) -> list[Attested]:
    """The attested counts to mark on a figure of ``replay``: with ``use`` None, from the record the
    scenario's own file names (a what-if that only inherits its base's record gets none: its
    moments are not the base's); True, from the record it names or inherits (an error if none);
    False, none."""
    s = replay.scenario
    if use is False:
        return []
    named_here = s.record is not None and s._record_from is not None and s._path is not None \
        and Path(s._record_from[0]).resolve() == Path(s._path).resolve()
    if use is None and not named_here:
        return []
    if s.record is None:
        raise CongressSimError(f"{s._path or s.title}: the scenario names no `record` to mark attested counts from")
    return attested_counts(replay)
