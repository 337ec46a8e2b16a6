"""Comparing two replays: what differs in the census, each faction's share of those at the assembly at
the moments that decide votes, the votes, the bodies, the times and the facts."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from congress_sim import events as ev
from congress_sim.errors import ArgumentError, CongressSimError, unknown
from congress_sim.files import read_regular
from congress_sim.record.check import Skip, check, moment
from congress_sim.record.facts import record_of
from congress_sim.views.replay import Replay

TIMED = (ev.ItemBegan, ev.WalkoutBegan, ev.RecessBegan, ev.VoteTaken, ev.Elected, ev.Decided)


@dataclass
class Comparison:
    """Side by side: each entry is (A's value, B's value); ``None`` where a replay has no such thing."""

    a: Replay
    b: Replay
    census: dict[str, dict[str, tuple[int, int]]]
    votes: dict[str, tuple[dict[str, Any] | None, dict[str, Any] | None]]
    elections: dict[str, tuple[dict[str, int] | None, dict[str, int] | None]]
    times: dict[str, tuple[str | None, str | None]]
    facts: dict[str, tuple[bool | None, bool | None]]
    source: str | None
    statements: dict[str, str] = field(default_factory=dict)  # each fact of the record, in its words
    shares: list[Moment] = field(default_factory=list)  # each faction's share of those at the assembly, at key moments

    def differs(self, pair: tuple[Any, Any]) -> bool:
        """Whether A's and B's values of an entry differ."""
        return pair[0] != pair[1]

    def vote_words(self, key: str) -> tuple[str, str]:
        """A vote in A and in B, in the words every view of a comparison uses (``not taken`` for one
        a replay skipped, ``no such vote`` for one not on its agenda)."""
        x, y = self.votes[key]
        moved = _rule_moved(x, y)
        return _vote_words(x, self.a, key, moved), _vote_words(y, self.b, key, moved)

    def _counts(self) -> str:
        """``what differs: votes 1 of 15, bodies 0 of 3, times 4 of 45, facts 2 of 49 (gse)``."""
        def n(pairs: dict[str, Any]) -> str:
            return f"{sum(1 for p in pairs.values() if p[0] != p[1])} of {len(pairs)}"

        line = f"what differs: votes {n(self.votes)}, bodies {n(self.elections)}, times {n(self.times)}"
        given = {k: p for k, p in self.facts.items() if p != (None, None)}  # the source's facts, not the others
        return line + (f", facts {n(given)} ({self.source})" if given else "")

    def __repr__(self) -> str:
        from congress_sim.views.labels import short

        ta, tb = self.a.scenario.title, self.b.scenario.title
        # where the titles are the same (a --set, or a what-if that keeps its base's), the files tell them apart
        which = (f"{short(ta, 50)!r} ({_run(self.a, True)}) with ({_run(self.b, True)})" if ta == tb
                 else f"{short(ta, 50)!r} ({_run(self.a)}) with {short(tb, 50)!r} ({_run(self.b)})")
        return f"<Comparison of {which}; {self._counts()}>"

    def __str__(self) -> str:
        """What ``congress-sim compare`` prints: ``print(comparison)``."""
        return render(self)

    def _repr_html_(self) -> str:
        """In a notebook: what differs, a row each (what is the same is counted, not listed)."""
        return self.html()

    def html(self, sides: tuple[str, str] = ("A", "B")) -> str:
        """What differs as an HTML table, a row each; ``sides`` names the two replays (the report's
        ``Base`` and ``This scenario``)."""
        from congress_sim.views import labels as name
        from congress_sim.views.html import escape, table

        a, b = self.a, self.b
        rows: list[list[Any]] = []
        for when, pairs in self.census.items():
            rows += [[f"census at the {when}", "total" if k == "total" else name.group(a.scenario, k), x, y]
                     for k, (x, y) in pairs.items() if x != y]
        for m in self.shares:  # each faction's share of those at the assembly, where it differs
            if m.a is None and m.b is None or m.kind == "walkout" and m.left == (0, 0):
                continue
            head = _moment_head(self, m)
            totals = ["-" if p is None else p.total for p in (m.a, m.b)]
            called = name.members(a.scenario)
            rows += [[f"{called} at the assembly {head}", "total", *totals]] if totals[0] != totals[1] else []
            rows += [[f"share of the {called} at the assembly {head}", label, x, y]
                     for label, x, y, _, _ in _faction_shares(self, m) if x != y]
        for k, (x, y) in self.votes.items():
            if x != y:
                rows.append(["vote", name.item(a if x is not None else b, k), *self.vote_words(k)])
        for k, (x, y) in self.elections.items():
            if x != y:
                rows.append(["body", _elected(a if x is not None else b, k), _seat_words(a, x), _seat_words(b, y)])
        rows += [["time", _timed(a if x is not None else b, k), _at(a, x), _at(b, y)]
                 for k, (x, y) in self.times.items() if x != y]
        mark = {True: "passes", False: "fails", None: "skipped"}
        rows += [[f"fact ({self.source})", self.statements.get(k, k), mark[p], mark[q]]
                 for k, (p, q) in self.facts.items() if p != q]
        head = (f"<p>{escape(sides[0])}: <b>{escape(a.scenario.title)}</b> ({escape(_run(a, True))}); "
                f"{escape(sides[1])}: <b>{escape(b.scenario.title)}</b> ({escape(_run(b, True))}). "
                f"{escape(self._counts())}.</p>")
        return head + (table(["", "What", *sides], rows) if rows else "<p>Nothing differs.</p>")

    def to_dict(self) -> dict[str, Any]:
        """The comparison as plain data: the JSON that ``congress-sim compare --json`` prints."""

        def side(pairs: dict[str, Any]) -> list[dict[str, Any]]:
            return [{"id": k, "a": x, "b": y, "differs": x != y} for k, (x, y) in pairs.items()]

        return {
            "a": {"scenario": self.a.scenario.title, "seed": self.a.seed, "sets": list(self.a.scenario._sets)},
            "b": {"scenario": self.b.scenario.title, "seed": self.b.seed, "sets": list(self.b.scenario._sets)},
            "census": {when: side(rows) for when, rows in self.census.items()},
            "votes": side(self.votes),
            "elections": side(self.elections),
            "times": side(self.times),
            "facts": {"source": self.source, "rows": side(self.facts)},
            "shares": [m.to_dict() for m in self.shares],
        }


@dataclass(frozen=True)
class Present:
    """Who is at the assembly at one moment of one replay (as a census counts them, a named person
    who does not attend the session included): the total and each faction's count."""

    time: str
    total: int
    by_faction: dict[str, int]

    def share(self, faction: str) -> float:
        return self.by_faction.get(faction, 0) / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"time": self.time, "present": self.total,
                "shares": {f: round(self.share(f), 4) for f, n in self.by_faction.items() if n}}


@dataclass(frozen=True)
class Moment:
    """A moment both replays are looked at (the opening, just after a walkout, just after an item,
    as a session opened, at a time); ``None`` on a side where it did not happen."""

    id: str
    kind: str  # opening, walkout, item, session or time
    a: Present | None
    b: Present | None
    left: tuple[int | None, int | None] = (None, None)  # for a walkout: how many left in each replay

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "a": self.a and self.a.to_dict(), "b": self.b and self.b.to_dict(),
                **({"left": list(self.left)} if self.kind == "walkout" else {})}


def _vote(v: ev.VoteTaken) -> dict[str, Any]:
    f, a, b = v.totals()
    return {"result": v.result, "for": f, "against": a, "abstain": b, "present": v.present,
            "majority": v.majority, "needed": v.needed,
            **({"quorum": v.quorum} if v.result == "not taken" else {})}  # a quorum met changes nothing


def _times(r: Replay) -> dict[str, str]:
    """When each session opened and closed (``first``, ``first:end``) and each item began."""
    out: dict[str, str] = {}
    for e in r.events:
        if isinstance(e, ev.SessionOpened):
            out.setdefault(e.session, r.clock.iso(e.time))
        elif isinstance(e, ev.SessionClosed):
            out.setdefault(f"{e.session}:end", r.clock.iso(e.time))
        elif isinstance(e, TIMED) and not (isinstance(e, ev.ItemBegan) and e.what == "close"):  # the session's end says it
            out.setdefault(e.item, r.clock.iso(e.time))
    return out


def _pairs(a: dict[str, Any], b: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    keys = list(a) + [k for k in b if k not in a]
    return {k: (a.get(k), b.get(k)) for k in keys}


def _present(r: Replay, at: str) -> Present | None:
    """Who is at the assembly at a moment, counted as a record's census counts it (just after a walkout:
    once its last delegate has gone); None where it did not happen."""
    try:
        t, through = moment(r, at)
    except Skip:
        return None
    c = r.census(t, through)
    return Present(r.clock.iso(t), c.total, dict(c.by_faction))


def _left(r: Replay, walkout: str) -> int | None:
    """How many left in a walkout; None if it did not happen."""
    if not any(e.item == walkout for e in r.of(ev.WalkoutBegan)):
        return None
    return sum(e.count for e in r.of(ev.Departed) if e.item == walkout)


def moments(a: Replay, b: Replay, at: tuple[str, ...] = ()) -> list[Moment]:
    """Each faction's share of those at the assembly in both replays: at the opening, just after each walkout
    (the base's first, in order, then any only the other has), and just after each item in ``at``."""
    out = [Moment("opening", "opening", _present(a, "opening"), _present(b, "opening"))]
    walkouts = [w.item for w in a.of(ev.WalkoutBegan)]
    walkouts += [w.item for w in b.of(ev.WalkoutBegan) if w.item not in walkouts]
    for w in walkouts:
        out.append(Moment(w, "walkout", _present(a, w), _present(b, w), (_left(a, w), _left(b, w))))
    for when in at:
        out.append(Moment(when, _kind(a, b, when), _present(a, when), _present(b, when)))
    return out


def _kind(a: Replay, b: Replay, at: str) -> str:
    """What a moment ``--at`` names in either scenario: an item, a session (as it opened) or a time
    (in A's calendar); "" for none of these."""
    mine = a.plan.moment_kind(at)
    kinds = {mine, b.plan.moment_kind(at)}
    if "item" in kinds or "session" in kinds:
        return "item" if "item" in kinds else "session"
    return "time" if mine == "time" else ""


def compare(a: Replay, b: Replay, source: str | None = None, at: tuple[str, ...] = ()) -> Comparison:
    """What differs between replay ``a`` (the base) and ``b`` (say, a what-if); ``at`` names moments
    at which each faction's share of those at the assembly is wanted too (besides the opening and each
    walkout): just after an item, as a session opened, or at a time in the scenario's calendar,
    counted as a record's census counts them (a walkout: once its last delegate has gone).

    >>> import congress_sim as cs
    >>> base = cs.simulate(cs.load("scenarios/historical.yaml"))
    >>> other = cs.simulate(cs.load("scenarios/whatif/no-walkout.yaml"))
    >>> cs.compare(base, other).votes["appeal"][1]["against"]
    137
    """
    wrong = next((x for x in (a, b) if not isinstance(x, Replay)), None)
    if wrong is not None:  # an ensemble has no one replay's census, votes or times to set side by side
        hint = ("; two ensembles are compared by their summaries: congress-sim compare A/summary.json "
                "B/summary.json (ensemble --out writes them)") if hasattr(wrong, "summary_data") else ""
        raise TypeError(f"compare takes two Replays (cs.simulate(scenario)), not {type(wrong).__name__}{hint}")
    for when in at:
        if _kind(a, b, when):
            continue
        if when[:1].isdigit():  # a time mistyped says what is wrong with it
            try:
                a.clock.minutes(when)
            except ValueError as exc:
                raise ArgumentError(f"{{at}}: {exc}", "at") from None
        raise ArgumentError(f"{{at}}: {unknown('item', when, {*a.plan.items, *b.plan.items}, ' in either scenario')}"
                            f"; or give a session's id or a time ({a.clock.iso(a.plan.opens)!r})", "at")
    census = {}
    for when in ("opening", "closing"):
        ca, cb = a.census(when), b.census(when)
        rows = _pairs({**ca.by_faction, **ca.by_party, "total": ca.total},
                      {**cb.by_faction, **cb.by_party, "total": cb.total})
        census[when] = {k: (x or 0, y or 0) for k, (x, y) in rows.items()}
    votes = _pairs({v.item: _vote(v) for v in a.votes()}, {v.item: _vote(v) for v in b.votes()})
    elections = _pairs({e.item: e.seats for e in a.elections()}, {e.item: e.seats for e in b.elections()})
    facts: dict[str, tuple[bool | None, bool | None]] = {}
    statements: dict[str, str] = {}
    used = None
    theirs = record_of(b.scenario) if a.scenario.record and b.scenario.record else None
    ra = check(a, source=source) if theirs else None
    # another assembly, with a record of its own that lacks A's source: no fact of the one is a fact of the other
    if ra and theirs and (source or ra.source in {**b.scenario.sources, **theirs.sources}):
        rb = check(b, source=source or ra.source)
        used = ra.source
        facts = _pairs({o.fact.id: o.passed for o in ra.outcomes}, {o.fact.id: o.passed for o in rb.outcomes})
        statements = {o.fact.id: o.statement for o in [*rb.outcomes, *ra.outcomes]}
    return Comparison(a, b, census, votes, elections, _pairs(_times(a), _times(b)), facts, used, statements,
                      moments(a, b, at))


def _run(r: Replay, file: bool = False) -> str:
    """``no-walkout.yaml, seed 4, --set x=1``: the file (if asked), the seed, or ``deterministic`` as a
    figure's caption says, and the overrides."""
    from congress_sim.views.labels import origin, overrides

    where = f"{origin(r.scenario)}, " if file else ""
    return where + ("deterministic" if r.seed is None else f"seed {r.seed}") + overrides(r.scenario._sets)


def render(c: Comparison) -> str:
    """The differences as text, in labels; what is the same is counted, not listed."""
    from congress_sim.views import labels as name
    from congress_sim.views.transcript import WIDTH, columns

    def where(s: Any) -> str:  # its file as given; one made in Python by what it extends, not as `<dict>`
        given = s._path if s._path and not s._path.startswith("<") else name.origin(s)
        return f"{s.title} ({given}{name.overrides(s._sets)})"

    out = [f"A: {where(c.a.scenario)}", f"B: {where(c.b.scenario)}"]

    def label(key: str, of: Any) -> str:
        mine = of(c.a, key)  # the base's name for it, or the other's where only the other has it
        return str(of(c.b, key) if mine == key.replace("_", " ") else mine)

    def section(title: str, rows: list[str], same: int) -> None:
        out.append("")
        out.append(title + (f": {same} the same" if same else ("" if rows else ": none")))
        out.extend(rows)

    def group(r: Replay, k: str) -> str:
        return "total" if k == "total" else name.group(r.scenario, k)

    for when, pairs in c.census.items():
        lw = max([30, *(len(label(k, group)) for k in pairs)])
        rows = [f"  {label(k, group):<{lw}} {x:>6} -> {y:<6} ({y - x:+d})" for k, (x, y) in pairs.items() if x != y]
        section(f"Census at the {when}", rows, sum(1 for p in pairs.values() if p[0] == p[1]))

    if c.shares:
        # at the assembly, as a census counts them (and `run` when a session closes), not a vote's count of
        # those present, which leaves out any who do not attend the session
        out += ["", f"Shares of the {name.members(c.a.scenario)} at the assembly (each faction's, A -> B)"]
        for m in c.shares:
            out += _moment_rows(c, m)

    widths = (32, 26, 30)
    rows = ["  " + line for k, (x, y) in c.votes.items() if x != y
            for a, b in [c.vote_words(k)] for line in columns([label(k, name.item), a, f"-> {b}"], widths)]
    section("Votes (for-against-abstain of present)", rows, sum(1 for p in c.votes.values() if p[0] == p[1]))

    rows = [f"  {label(k, _elected)}\n"
            + textwrap.fill(_seat_words(c.a, x), WIDTH, initial_indent="    ", subsequent_indent="    ")
            + "\n" + textwrap.fill(f"-> {_seat_words(c.b, y)}", WIDTH, initial_indent="    ", subsequent_indent="       ")
            for k, (x, y) in c.elections.items() if x != y]
    section("Bodies", rows, sum(1 for p in c.elections.values() if p[0] == p[1]))

    rows = ["  " + line for k, (x, y) in c.times.items() if x != y
            for line in columns([label(k, _timed), _at(c.a, x), f"-> {_at(c.b, y)}"], widths)]
    section("Times", rows, sum(1 for p in c.times.values() if p[0] == p[1]))
    if c.facts:
        mark = {True: "passes", False: "fails", None: "skipped"}
        rows = ["  " + line for k, (x, y) in c.facts.items() if x != y
                for line in columns([f"{mark[x]} -> {mark[y]}", c.statements.get(k, k)], (18, 78))]
        # a fact the source does not give is skipped on both sides: not one more "the same"
        skipped = sum(1 for p in c.facts.values() if p == (None, None))
        counts = [f"{n} the same" for n in [sum(1 for x, y in c.facts.values() if x == y) - skipped] if n]
        counts += [f"{skipped} not given by {c.source}"] if skipped else []
        out.extend(["", f"Facts of the record ({c.source})" + (f": {', '.join(counts)}" if counts else ""), *rows])
    return "\n".join(out)


def _timed(r: Replay, key: str) -> str:
    """What a time compared is the time of: a session opening or closing, or an item."""
    from congress_sim.views import labels as name

    session, _, end = key.partition(":")
    if any(x.id == session for x in r.scenario.sessions):
        return f"{name.session(r.scenario, session)} {'closes' if end else 'opens'}"
    return name.item(r, key)


def _at(r: Replay, iso: str | None) -> str:
    return "did not happen" if iso is None else r.clock.label_iso(iso)


def _rule_moved(x: dict[str, Any] | None, y: dict[str, Any] | None) -> bool:
    """Whether a what-if changed what carries the vote (its threshold), which the tally alone does not show."""
    if x is None or y is None:
        return False
    if "not taken" in (x["result"], y["result"]):
        return False  # its quorum is said instead
    tally = ("result", "for", "against", "abstain", "present")
    return x["majority"] != y["majority"] or (x["needed"] != y["needed"] and all(x[k] == y[k] for k in tally))


def _vote_words(v: dict[str, Any] | None, r: Replay, key: str, rule: bool = False) -> str:
    """A vote as compared: ``adopted 506-1-0 of 507`` (for-against-abstain of present); with
    ``rule``, what carries it too: ``adopted 71-29-0 of 100, 60 needed``."""
    if v is None:  # on the agenda but skipped (ruled out of order, its condition unmet), or not on it
        return "not taken" if key in r.plan.items else "no such vote"
    if v["result"] == "not taken":  # no tally to show: the quorum it lacked
        return f"not taken, no quorum ({v['present']} present, {v['quorum']} needed)"
    words = f"{v['result']} {v['for']}-{v['against']}-{v['abstain']} of {v['present']}"
    return words + (f", {v['needed']} needed" if v["needed"] is not None else f", {v['majority']}") if rule else words


def _elected(r: Replay, key: str) -> str:
    """An election named by the body it fills."""
    from congress_sim.views import labels as name

    it = r.plan.items.get(key)
    return name.body(r.scenario, it.body) if it is not None and it.kind == "election" else name.item(r, key)


def _seat_words(r: Replay, seats: dict[str, int] | None) -> str:
    from congress_sim.views import labels as name

    if seats is None:
        return "not elected"
    return ", ".join(f"{'total' if f == 'total' else name.group(r.scenario, f)} {n}" for f, n in seats.items()) or "none"


MAX_SUMMARY = 256 << 20  # bytes of a summary.json read


def summary_at(path: str | Path) -> dict[str, Any] | None:
    """The summary of an ensemble, if ``path`` is one (or a folder holding one); None for anything else.

    A summary is checked before it is used: what `compare` reads is named if it is missing."""
    p = Path(path)
    try:
        if p.is_dir():
            p = p / "summary.json"
    except OSError:
        return None  # a name the system refuses: left to the scenario loader to say why
    if p.suffix != ".json":
        return None
    try:
        data = json.loads(read_regular(p, MAX_SUMMARY, "summary"))
    except ValueError as exc:
        raise CongressSimError(f"{p}: not a readable ensemble summary ({exc})") from None
    if not isinstance(data, dict) or data.get("ensemble") is not True:
        raise CongressSimError(f"{p}: not an ensemble summary (write one with `congress-sim ensemble --out`)")
    if (wrong := _malformed(data, SUMMARY)) is not None:
        raise CongressSimError(f"{p}: not a whole ensemble summary: {wrong}")
    return data


_NUMBER = (int, float)
_MEAN = {"mean": _NUMBER}
# what compare_summaries reads, and its type: a list of [shape] is a list of such mappings
SUMMARY: dict[str, Any] = {
    "scenario": str, "runs": int, "seed": int,
    "votes": [{"id": str, "p": {"adopted": _NUMBER}, "for": _MEAN, "against": _MEAN}],
    "elections": [{"id": str, "seats": dict}],
}


def _malformed(data: Any, shape: Any, where: str = "") -> str | None:
    """What in ``data`` does not have ``shape``, as ``key: what it should be``; None if all does."""
    if isinstance(shape, dict):
        if not isinstance(data, dict):
            return f"{where or 'the file'}: must be a mapping"
        for key, inner in shape.items():
            if key not in data:
                return f"{where + '.' if where else ''}{key}: missing"
            if (wrong := _malformed(data[key], inner, f"{where + '.' if where else ''}{key}")) is not None:
                return wrong
        return None
    if isinstance(shape, list):
        if not isinstance(data, list):
            return f"{where}: must be a list"
        return next((w for i, x in enumerate(data) if (w := _malformed(x, shape[0], f"{where}[{i}]")) is not None), None)
    if shape is dict and isinstance(data, dict):
        bad = next((g for g, d in data.items() if not isinstance(d, dict) or not isinstance(d.get("mean"), _NUMBER)), None)
        return None if bad is None else f"{where}.{bad}.mean: must be a number"
    ok = isinstance(data, shape) and not isinstance(data, bool)
    return None if ok else f"{where}: must be {'a number' if shape is _NUMBER else 'text' if shape is str else 'a whole number'}"


def _moment_head(c: Comparison, m: Moment) -> str:
    """When a moment is, in words: ``at the opening``, ``after the walkout (137 left -> did not
    happen)``, ``just after ...``, ``at the opening of "Second session"``, ``at 26 Oct 01:00``."""
    from congress_sim.views import labels as name

    if m.kind == "opening":
        return "at the opening"
    if m.kind == "walkout":
        r = c.a if m.a is not None else c.b
        what = name.item(r, m.id)
        began = next((e.time for e in r.of(ev.WalkoutBegan) if e.item == m.id), None)
        twins = [x for x in c.shares if x.kind == "walkout" and x.id != m.id
                 and name.item(c.a if x.a is not None else c.b, x.id) == what]
        # two walkouts of one faction read alike: the time tells them apart
        when = "" if began is None or not twins else f" at {r.clock.label(began).strip()}"
        head = f"after {name.the(what[:1].lower() + what[1:])}{when}"
        if m.left == (0, 0):
            return head
        return head + " (" + " -> ".join("did not happen" if n is None else f"{n} left" for n in m.left) + ")"
    if m.kind == "session":
        r = c.a if c.a.plan.session_index(m.id) is not None else c.b
        return f"at the opening of \u201c{name.session(r.scenario, m.id)}\u201d"
    if m.kind == "time":
        return f"at {c.a.clock.label(c.a.clock.minutes(m.id)).strip()}"
    return f"just after {name.item(c.a if m.a is not None else c.b, m.id)}"


def _moment_rows(c: Comparison, m: Moment) -> list[str]:
    """A moment's heading (when, and how many at the assembly in each replay) and a row per faction
    there in either: its share and count in each, the change in points, and whether it alone is more
    than half of those at the assembly."""
    from congress_sim.views import labels as name

    def total(p: Present | None) -> str:
        return "-" if p is None else str(p.total)

    head = _moment_head(c, m)
    if m.kind == "walkout" and m.left == (0, 0):  # put in both, and no one went: the hall is as before it
        return [f"  {head}: no one left in either"]
    rows = [f"  {head}: {total(m.a)} -> {total(m.b)} at the assembly"]
    if m.a is None and m.b is None:
        return [f"  {head}: {'before either replay begins' if m.kind == 'time' else 'did not happen in either'}"]
    rows += [f"    {name.short(label, 28):<28} {x:>13} -> {y:<13} {change:>6}  {note}".rstrip()
             for label, x, y, change, note in _faction_shares(c, m)]
    return rows


def _faction_shares(c: Comparison, m: Moment) -> list[tuple[str, str, str, str, str]]:
    """Each faction in the hall at a moment in either replay: its label, its share and count in each
    (``76.2% (390)``, ``-`` where the moment did not happen), the change in points, and whether it
    alone is more than half of those present."""
    from congress_sim.views import labels as name

    factions = [f for f in [*c.a.plan.factions, *(f for f in c.b.plan.factions if f not in c.a.plan.factions)]
                if (m.a and m.a.by_faction.get(f)) or (m.b and m.b.by_faction.get(f))]

    def cell(p: Present | None, f: str) -> str:
        return "-" if p is None else f"{100 * p.share(f):.1f}% ({p.by_faction.get(f, 0)})"

    out = []
    for f in factions:
        label = name.group(c.a.scenario if f in c.a.scenario.factions else c.b.scenario, f)
        change = f"{100 * (m.b.share(f) - m.a.share(f)) + 0.0:+.1f}".replace("-0.0", "+0.0") if m.a and m.b else ""
        half = [p is not None and 2 * p.by_faction.get(f, 0) > p.total for p in (m.a, m.b)]
        note = {(True, True): "more than half in both", (True, False): "more than half in A, not in B",
                (False, True): "more than half in B, not in A"}.get((half[0], half[1]), "")
        out.append((label, cell(m.a, f), cell(m.b, f), change, note))
    return out


def compare_summaries(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Two ensembles side by side: each vote's chance of passing, mean counts, seats, those present
    at each moment counted, facts; each named as the summaries name it (A's name, else B's)."""

    def by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {r["id"]: r for r in rows}

    def named(x: dict[str, Any] | None, y: dict[str, Any] | None, key: str) -> Any:
        return (x or {}).get(key) or (y or {}).get(key)

    votes = _pairs(by_id(a["votes"]), by_id(b["votes"]))
    seats = _pairs(by_id(a["elections"]), by_id(b["elections"]))
    facts = _pairs(by_id(_fact_rows(a)), by_id(_fact_rows(b)))
    present = _pairs(*({r["moment"]: r for r in _attendance(s)} for s in (a, b)))
    groups = {**_labels(b, "groups"), **_labels(a, "groups")}  # a summary written before they were kept names none
    motions = {k: named(x, y, "motion") for k, (x, y) in votes.items()}
    return {
        "a": {**{k: a[k] for k in ("scenario", "runs", "seed")}, "sets": _sets(a)},
        "b": {**{k: b[k] for k in ("scenario", "runs", "seed")}, "sets": _sets(b)},
        "votes": [{"id": k, "motion": motions[k], "p_adopted": [x and x["p"]["adopted"], y and y["p"]["adopted"]],
                   "mean_for": [x and x["for"]["mean"], y and y["for"]["mean"]],
                   "mean_against": [x and x["against"]["mean"], y and y["against"]["mean"]]}
                  for k, (x, y) in votes.items()],
        "elections": [{"id": k, "label": named(x, y, "label"), "mean_seats": [
            x and {g: d["mean"] for g, d in x["seats"].items()}, y and {g: d["mean"] for g, d in y["seats"].items()}]}
            for k, (x, y) in seats.items()],
        "groups": groups,
        "attendance": [{"moment": k, "label": _moment_label(k, motions), "median": [x and x["median"], y and y["median"]]}
                       for k, (x, y) in present.items()],
        "facts": [{"id": k, "statement": named(x, y, "statement"),
                   "pass_rate": [x and x.get("pass_rate"), y and y.get("pass_rate")]} for k, (x, y) in facts.items()],
        # the outcomes asked (--outcome) of either: the share of replays where each happens, or a number's mean
        "outcomes": [{"outcome": k, "description": (x or y)["description"],
                      "share" if "share" in (x or y) else "mean": [x and x.get("share", x.get("mean")),
                                                                   y and y.get("share", y.get("mean"))]}
                     for k, (x, y) in _pairs(*({r["outcome"]: r for r in _outcome_rows(s)} for s in (a, b))).items()],
    }


def _labels(summary: dict[str, Any], key: str) -> dict[str, str]:
    """A summary's names of things by id (its ``groups``), those that are text."""
    found = summary.get(key)
    return {k: v for k, v in found.items() if isinstance(v, str)} if isinstance(found, dict) else {}


def _attendance(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """The moments a summary counts those present at, with a median each (others left out)."""
    rows = summary.get("attendance")
    return [r for r in rows if isinstance(r, dict) and isinstance(r.get("moment"), str)
            and isinstance(r.get("median"), _NUMBER)] if isinstance(rows, list) else []


def _moment_label(moment: str, motions: dict[str, str | None]) -> str:
    """A moment an ensemble counts those present at, in words: ``the opening``, ``the vote on ...``."""
    from congress_sim.views.labels import within

    from .tally import voted_at

    if moment in ("opening", "closing"):
        return f"the {moment}"
    vote = voted_at(moment)
    return moment if vote is None else f"the vote on {within(motions.get(vote) or vote)}"


def _sets(summary: dict[str, Any]) -> list[str]:
    """The --set overrides a summary says its ensemble ran with (none in a summary written before they were kept)."""
    sets = summary.get("sets")
    return [x for x in sets if isinstance(x, str)] if isinstance(sets, list) else []


def _fact_rows(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """The facts' rows of a summary that say a share of replays (or none), others left out."""
    facts = summary.get("facts")
    rows = facts.get("rows") if isinstance(facts, dict) else None
    return [r for r in rows or [] if isinstance(r, dict) and isinstance(r.get("id"), str)
            and (r.get("pass_rate") is None or isinstance(r.get("pass_rate"), _NUMBER))]


def _outcome_rows(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """The outcomes asked of an ensemble, as its summary gives them (a share, or a mean), others left out."""
    rows = summary.get("outcomes")
    return [r for r in rows if isinstance(r, dict) and isinstance(r.get("outcome"), str)
            and isinstance(r.get("description"), str)
            and isinstance(r.get("share", r.get("mean")), _NUMBER)] if isinstance(rows, list) else []


def render_summaries(c: dict[str, Any]) -> str:
    """Two ensembles' differences as text, in the names the summaries give (ids only where a summary
    written by an older version gives none)."""
    from congress_sim.views.labels import overrides, short, the
    from congress_sim.views.transcript import columns

    from .tally import fact_name, vote_name

    a, b = c["a"], c["b"]
    groups = c.get("groups") or {}

    def where(x: dict[str, Any]) -> str:
        return f"{x['scenario']} ({x['runs']:,} replays, seed {x['seed']}{overrides(x['sets'])})"

    def num(x: Any, fmt: str) -> str:
        return "-" if x is None else format(x, fmt)

    def labelled(label: str, numbers: str, width: int = 34) -> list[str]:
        """A row: its label wrapped within ``width``, the numbers beside its first line."""
        lines = textwrap.wrap(label, width) or [""]
        return [f"  {lines[0]:<{width}} {numbers}".rstrip(), *(f"  {line}" for line in lines[1:])]

    out = [f"A: {where(a)}", f"B: {where(b)}", "",
           f"{'Votes':<36} {'P(adopted) A':>12} {'B':>7}   {'mean for A':>10} {'B':>8}   {'against A':>9} {'B':>8}"]
    for v in c["votes"]:
        (pa, pb), (fa, fb), (ga, gb) = v["p_adopted"], v["mean_for"], v["mean_against"]
        out += labelled(vote_name(v), f"{num(pa, '.3f'):>12} {num(pb, '.3f'):>7}   {num(fa, '.1f'):>10} "
                        f"{num(fb, '.1f'):>8}   {num(ga, '.1f'):>9} {num(gb, '.1f'):>8}")
    for el in c["elections"]:
        sa, sb = (s or {} for s in el["mean_seats"])
        out += ["", f"Mean seats of {the(el['label'])}" if el.get("label") else f"Mean seats: {el['id']}"]
        for g in list(sa) + [g for g in sb if g not in sa]:
            out.append(f"  {groups.get(g, g):<32} {num(sa.get(g, 0.0), '6.2f')} -> {num(sb.get(g, 0.0), '6.2f')}")
    present = c.get("attendance") or []
    moved = [m for m in present if m["median"][0] != m["median"][1]]
    if present:  # what is the same is counted, as a comparison of two replays does
        same = len(present) - len(moved)
        out += ["", "At the assembly (median of the replays), A -> B" + (f": {same} the same" if same else "")]
        for m in moved:
            x, y = m["median"]
            out.append(f"  {short('at ' + m['label'], 60):<60} {num(x, '.0f'):>6} -> {num(y, '.0f')}")
    changed = [f for f in c["facts"] if f["pass_rate"][0] != f["pass_rate"][1]]
    if c["facts"]:  # a fact skipped in both (its source does not give it) is not one more "the same"
        skipped = sum(1 for f in c["facts"] if f["pass_rate"] == [None, None])
        counts = [f"{n} the same" for n in [len(c["facts"]) - len(changed) - skipped] if n]
        counts += [f"{skipped} skipped in both"] if skipped else []
        out += ["", "Facts passed (share of replays)" + (f": {', '.join(counts)}" if counts else "")]
        for f in changed:
            x, y = f["pass_rate"]
            out += ["  " + line for line in columns([f"{num(x, '.3f')} -> {num(y, '.3f')}", fact_name(f)],
                                                    (16, 78))]
    if c.get("outcomes"):  # -: not asked of that ensemble
        out += ["", "Outcomes asked (share of replays, or mean)"]
        ow = max([30, *(len(o["outcome"]) for o in c["outcomes"])])
        for o in c["outcomes"]:
            (x, y), fmt = (o["share"], ".3f") if "share" in o else (o["mean"], ".1f")
            out.append(f"  {o['outcome']:<{ow}} {num(x, fmt):>7} -> {num(y, fmt):<7}  {o['description']}")
        if any(None in o.get("share", o.get("mean")) for o in c["outcomes"]):
            out.append("  (-: not asked of that ensemble)")
    return "\n".join(out)
