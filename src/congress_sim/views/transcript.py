"""Plain-text views of a replay for a terminal: the transcript, the census, votes and bodies."""

from __future__ import annotations

import textwrap
from typing import Any

from congress_sim import events as ev
from congress_sim.language.calendar import STYLE

from .replay import Replay

WIDTH = 100


def render(replay: Replay) -> str:
    """Everything ``congress-sim run`` prints, as one string."""
    parts = [header(replay), transcript(replay), census_table(replay), vote_table(replay), bodies(replay)]
    return "\n\n".join(p for p in parts if p)


def header(replay: Replay) -> str:
    s, clock = replay.scenario, replay.clock
    first, last = replay.sessions()[0][1], replay.sessions()[-1][2]
    other = STYLE[clock.other]
    lines = [s.title, "=" * min(len(s.title), 100)]
    where = f"{s.place}, " if s.place else ""
    days = clock.day(first) if clock.day(first) == clock.day(last) else f"{clock.day(first)} to {clock.day(last)}"
    styles = f" ({STYLE[s.calendar]}; {other} in brackets)" if clock.dual else ""
    lines.append(f"{where}{days}{styles}")
    lines.append("deterministic replay" if replay.seed is None else f"stochastic replay, seed {replay.seed}")
    return "\n".join(lines)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _names(replay: Replay, factions: Any) -> str:
    labels = [replay.scenario.factions[f].label for f in factions]
    return " and ".join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 1 else labels)


def _person(replay: Replay, pid: str) -> str:
    return replay.scenario.persons[pid].name


def transcript(replay: Replay) -> str:
    """One line per thing that happened; delegates' comings and goings are summed up per group."""
    label = replay.clock.label
    session_title = {x.id: x.title or x.id for x in replay.scenario.sessions}
    out = []
    for t, kind, text, sid in transcript_lines(replay):
        if kind == "heading":
            out += ["", session_title[sid]]
            continue
        stamp = f"  {label(t)}  "
        out.append(textwrap.fill(text, WIDTH, initial_indent=stamp, subsequent_indent=" " * len(stamp)))
    return "\n".join(out).lstrip("\n")


def transcript_lines(replay: Replay) -> list[tuple[float, str, str, str]]:
    """(time, kind, text, session) for each line of the transcript, in order; the kind is "heading"
    (a session opens), "scene" (it closes, or breaks for a recess) or "narrative"."""
    s, label = replay.scenario, replay.clock.label
    rows: list[tuple[float, int, str]] = []
    present = 0
    moved: dict[str, list[Any]] = {}
    for i, e in enumerate(replay.events):
        if isinstance(e, (ev.Arrived, ev.Departed)):
            present += e.count if isinstance(e, ev.Arrived) else -e.count
            if e.item is not None:
                moved.setdefault(e.item, []).append((e, present))
            continue
        if isinstance(e, ev.Defected):
            rows.append((e.time, i, f"{e.count} {s.factions[e.source].label} go over to the "
                                    f"{s.factions[e.target].label}"))
            continue
        text = _line(replay, e, present)
        if text:
            rows.append((e.time, i, text))
    for moves in moved.values():  # one line when each group has finished moving
        last, now = moves[-1]
        by: dict[str, int] = {}
        for e, _ in moves:
            by[e.faction] = by.get(e.faction, 0) + e.count
        verb = "arrived" if isinstance(last, ev.Arrived) else "left"
        first = moves[0][0].time
        span = "" if first == last.time else f" (from {label(first, both=False).strip()})"
        who = ", ".join(f"1 of the {s.factions[f].label}" if n == 1 else f"{n} {s.factions[f].label}"
                        for f, n in by.items())
        verb = ("has " if sum(by.values()) == 1 else "have ") + verb
        rows.append((last.time, len(replay.events), f"{who} {verb}{span}; {now} present"))
    rows.sort()
    titles = {x.id: x.title or x.id for x in s.sessions}
    out, session = [], ""
    for t, _, text in rows:
        if text.startswith("\x00"):
            session = text[1:]
            out.append((t, "heading", f"{titles[session]} opens", session))
            continue
        scene = text.startswith(("Session closes", "Recess", "The session resumes"))
        out.append((t, "scene" if scene else "narrative", text, session))
    return out


def _line(replay: Replay, e: ev.Event, present: int) -> str | None:
    s = replay.scenario
    if isinstance(e, ev.SessionOpened):
        return "\x00" + e.session
    if isinstance(e, ev.SessionClosed):
        by = f" ({e.by})" if e.by else ""
        return f"Session closes{by}; {plural(present, 'delegate')} present"
    if isinstance(e, ev.ItemBegan):
        by = f" ({', '.join(_person(replay, p) for p in e.speakers)})" if e.speakers else ""
        if e.what == "announcement":
            return f"Announcement{by}: {e.title}"
        return f"{e.what.capitalize()} on {e.title}{by}"
    if isinstance(e, ev.WalkoutBegan):
        said = f": {e.declaration}" if e.declaration else ""
        return f"Walkout of the {_names(replay, e.factions)}, {plural(e.delegates, 'delegate')}{said}"
    if isinstance(e, ev.RecessBegan):
        return "Recess"
    if isinstance(e, ev.RecessEnded):
        return "The session resumes"
    if isinstance(e, ev.VoteTaken):
        f, a, b = e.totals()
        read = f", read by {', '.join(_person(replay, p) for p in e.speakers)}" if e.speakers else ""
        kind = "" if e.type == "main" else f" ({e.type.replace('_', ' ')})"
        if e.result == "not taken":
            return f"Vote on {e.motion}{kind}{read}: not taken, no quorum ({e.present} present, {e.quorum} needed)"
        nv = f", {e.not_voting} not voting" if e.not_voting else ""
        casting = f"; the chair's casting vote {e.casting}" if e.casting else ""
        return (f"Vote on {e.motion}{kind}{read}: {e.result.upper()}, {f} for, {a} against, {b} abstaining{nv} "
                f"({e.present} present{casting})")
    if isinstance(e, ev.BallotTaken):
        votes = ", ".join(f"{_person(replay, c)} {n}" for c, n in e.votes.items())
        blank = f", {e.blank} blank" if e.blank else ""
        out = f"; {_person(replay, e.eliminated)} drops out" if e.eliminated else ""
        return f"Ballot {e.round} for the {s.bodies[replay.plan.items[e.item].body].label}: {votes}{blank}{out}"
    if isinstance(e, ev.Elected):
        if e.members and len(e.members) <= 3:
            return f"{s.bodies[e.body].label}: {', '.join(_person(replay, m) for m in e.members)} elected"
        return f"{s.bodies[e.body].label} formed: {_seats(replay, e)}"
    if isinstance(e, ev.Ruled):
        verdict = "well taken" if e.upheld else "not well taken"
        return f"The chair ({_person(replay, e.chair)}) rules the point of order ({e.point}) {verdict}"
    if isinstance(e, ev.Decided):
        verb = "accept" if e.accepts else "decline"
        return f"The {s.factions[e.faction].label} {verb} seats in the {s.bodies[e.body].label}"
    if isinstance(e, ev.Skipped):
        return f"Not taken: {e.item} ({e.because})"
    if isinstance(e, ev.Triggered):
        return None  # the reaction itself is the next line
    return None


def _seats(replay: Replay, e: ev.Elected) -> str:
    parts = [f"{_group(replay, f)} {n}" for f, n in e.seats.items()]
    chair = f"; chair {_person(replay, e.chair)}" if e.chair else ""
    return f"{sum(e.seats.values())} seats: {', '.join(parts) or 'none'}{chair}"


def _group(replay: Replay, ident: str) -> str:
    s = replay.scenario
    if ident in s.factions:
        return s.factions[ident].label
    return s.parties[ident].label if ident in s.parties else ident.replace("_", " ")


def census_table(replay: Replay) -> str:
    s = replay.scenario
    opening, closing = replay.census("opening"), replay.census("closing")
    width = max(len(f.label) for f in s.factions.values()) + 2
    lines = [f"{'Census':<{width}} {'opening':>8} {'closing':>8}"]
    for fid, f in s.factions.items():
        lines.append(f"  {f.label:<{width - 2}} {opening.by_faction[fid]:>8} {closing.by_faction[fid]:>8}")
    lines.append(f"  {'total':<{width - 2}} {opening.total:>8} {closing.total:>8}")
    parties = [p for p in s.parties if p in opening.by_party]
    for p in parties:
        members = [f.label for f in s.factions.values() if f.party == p]
        lines.append(f"  {s.parties[p].label} ({' + '.join(members)}): "
                     f"{opening.by_party[p]} at the opening, {closing.by_party[p]} at the closing")
    return "\n".join(lines)


def vote_table(replay: Replay) -> str:
    votes = replay.votes()
    if not votes:
        return ""
    tw = len(replay.clock.label(votes[0].time))
    iw = max(18, *(len(v.item) for v in votes))
    nv = any(v.not_voting for v in votes)
    head = f"{'Votes':<{iw + 2}} {'time':<{tw}} {'for':>5} {'against':>8} {'abstain':>8}"
    lines = [head + (f" {'not voting':>11}" if nv else "") + f" {'present':>8}  result"]
    for v in votes:
        f, a, b = v.totals()
        cells = f"  {v.item:<{iw}} {replay.clock.label(v.time):<{tw}} {f:>5} {a:>8} {b:>8}"
        lines.append(cells + (f" {v.not_voting:>11}" if nv else "") + f" {v.present:>8}  {v.result}")
    return "\n".join(lines)


def bodies(replay: Replay) -> str:
    elected = replay.elections()
    if not elected:
        return ""
    lines = ["Bodies"]
    for e in elected:
        lines.append(f"  {replay.scenario.bodies[e.body].label}: {_seats(replay, e)}")
    return "\n".join(lines)



def plain(v: Any, none: str = "") -> str:
    """A value of a fact as words: ``{"total": 649, "sr": 160}`` -> ``"total 649, sr 160"``."""
    if isinstance(v, dict):
        return ", ".join(f"{k} {plain(x, none)}" for k, x in v.items())
    if isinstance(v, list):
        return ", ".join(plain(x, none) for x in v)
    return none if v is None else str(v)


def check_table(report: Any, sources: dict[str, str]) -> str:
    """The check as a table: fact, expected (with source), replayed, result; then the sources."""
    cols = (5, 27, 30, 30)
    head = ("", "fact", f"expected ({report.source})", "replayed")
    lines = [f"Checked against {report.source}: {sources.get(report.source, '')}".rstrip(), ""]
    lines.append("  ".join(h.ljust(w) for h, w in zip(head, cols, strict=True)) + "level")
    silent = [o.fact.id for o in report.outcomes if o.passed is None and o.expected is None]
    for o in report.outcomes:
        if o.fact.id in silent:
            continue
        mark = {True: "PASS", False: "FAIL", None: "skip"}[o.passed]
        if o.passed is None:
            cells = [mark, o.fact.id, o.why, ""]
        else:
            got = plain(o.replayed, "none") + (f" ({o.why})" if o.why and o.passed is False else "")
            cells = [mark, o.fact.id, plain(o.expected, "none"), got]
        wrapped = [textwrap.wrap(c, w) or [""] for c, w in zip(cells, cols, strict=True)]
        for k in range(max(len(w) for w in wrapped)):
            row = "  ".join((w[k] if k < len(w) else "").ljust(n) for w, n in zip(wrapped, cols, strict=True))
            lines.append((row + (o.level if k == 0 and o.passed is not None else "")).rstrip())
    if silent:
        lines += [""] + textwrap.wrap(f"Skipped, as {report.source} does not give them: {', '.join(silent)}", WIDTH)
    roles = report.roles_line()
    lines += ["", report.summary_line(), *([f"By role: {roles}"] if roles else []),
              "", "Sources: facts the replay reproduces, of those each gives"]
    for src, (ok, total) in sorted(report.agreement().items(), key=lambda kv: (-kv[1][1], kv[0])):
        if total == 0:
            continue
        differs = [o.fact.id for o in report.by_source[src] if o.passed is False]
        tail = f"  differs on: {', '.join(differs)}" if differs else ""
        lines.append(f"  {src:<18} {ok:>3}/{total:<3}{tail}")
    return "\n".join(lines)
