"""Exports: the event log, tidy tables, and Popolo data, for the tools users already have.

Tables are long ("tidy"): one row per observation, keyed by scenario, seed and time, as CSV or,
where pyarrow is installed, Parquet. Popolo (popoloproject.com) is the open-government data
standard for legislatures; its dates are ISO 8601, so they are given New Style (Gregorian), at
the scenario's ``utc_offset``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from congress_sim import events as ev
from congress_sim.errors import CongressSimError
from congress_sim.files import read_regular
from congress_sim.outputs import atomic_write, check_file, only_files, write_dir
from congress_sim.views.replay import Replay
from congress_sim.views.tables import TIME, event_row, frame, stamp, table  # noqa: F401 - the tables are exported from here too

FORMATS = ("events", "attendance", "votes", "seats", "popolo")


def write_replay(replay: Replay, directory: str | Path, force: bool = False) -> list[Path]:
    """Write ``events.jsonl``, ``attendance.csv``, ``votes.csv`` and ``summary.json`` into ``directory``.

    The files are written to a temporary folder beside it and moved into place at the end, so
    a failure leaves what was there before untouched. An existing non-empty ``directory`` is
    replaced only with ``force``.
    """
    files: dict[str, Callable[[Replay], str]] = {
        "events.jsonl": events_jsonl,
        "attendance.csv": attendance_csv,
        "votes.csv": votes_csv,
        "summary.json": lambda r: r.to_json() + "\n",
    }
    return write_dir(directory, {name: make(replay) for name, make in files.items()}, force, _a_replay_folder)


def _a_replay_folder(folder: Path) -> str | None:
    """None if ``folder`` is what :func:`write_replay` writes (the four files and nothing else)."""
    names = {"events.jsonl", "attendance.csv", "votes.csv", "summary.json"}
    if (why := only_files(folder, names)) is not None:
        return why
    if {p.name for p in folder.iterdir()} != names:
        return "is not a folder `run --out` wrote (some of its files are missing)"
    try:
        data = json.loads(read_regular(folder / "summary.json", 1 << 30, "summary"))
    except (CongressSimError, ValueError):
        data = None
    if not isinstance(data, dict) or not {"scenario", "seed", "sessions", "votes"} <= set(data):
        return "holds a summary.json that is not a replay's"
    return None


def events_jsonl(replay: Replay) -> str:
    return "".join(json.dumps(event_row(replay, e), ensure_ascii=False) + "\n" for e in replay.events)


def _csv(rows: list[list[object]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def attendance_csv(replay: Replay) -> str:
    clock, factions = replay.clock, list(replay.plan.factions)
    rows: list[list[object]] = [[*TIME, "minute", "total", *factions]]
    for c in replay.attendance():
        rows.append([*stamp(clock, c.time), round(c.time, 3), c.total, *(c.by_faction[f] for f in factions)])
    return _csv(rows)


def votes_csv(replay: Replay) -> str:
    rows: list[list[object]] = [["vote", "motion", *TIME, "result", "faction", "for", "against", "abstain", "not_voting"]]
    for v in replay.votes():
        for f, counts in v.tally.items():
            rows.append([v.item, v.motion, *stamp(replay.clock, v.time), v.result, f, *counts])
    return _csv(rows)


# a named delegate's ballot as a Popolo vote's option
POPOLO_OPTION = {"for": "yes", "against": "no", "abstain": "abstain", "not voting": "not voting", "absent": "absent"}


def popolo_votes(replay: Replay, item: str) -> list[dict[str, Any]]:
    """The roll call of a vote as Popolo vote objects, one per named delegate (and a presiding
    officer's casting vote); none for a secret ballot."""
    s = replay.scenario
    chair = s.rules.chair.person if s.rules.chair else None
    out = []
    for pid, option in replay.roll_call(item).items():
        faction = s.persons[pid].faction
        out.append({"voter_id": f"person/{pid}", "option": POPOLO_OPTION[option],
                    **({"group_id": f"faction/{faction}"} if faction else {}),
                    **({"role": "chair"} if pid == chair else {})})
    return out


def _iso(replay: Replay, t: float) -> str:
    """ISO 8601 needs the Gregorian calendar and an offset from UTC."""
    return replay.clock.iso(t, "gregorian") + (replay.scenario.utc_offset or "Z")


def popolo(replay: Replay) -> dict[str, list[dict[str, Any]]]:
    """The replay as Popolo data: organizations, persons, memberships, events, motions, vote
    events (with each named delegate's vote, where the ballot was not secret), and the transcript
    as speeches."""
    from congress_sim.views.transcript import transcript_lines

    s = replay.scenario
    congress = "congress"
    orgs: list[dict[str, Any]] = [{"id": congress, "name": s.title, "classification": "legislature"}]
    orgs += [{"id": f"party/{p}", "name": party.label, "classification": "party", "parent_id": congress}
             for p, party in s.parties.items()]
    orgs += [{"id": f"faction/{f}", "name": fac.label, "classification": "faction",
              "parent_id": f"party/{fac.party}" if fac.party else congress} for f, fac in s.factions.items()]
    orgs += [{"id": f"body/{b}", "name": body.label, "classification": "committee", "parent_id": congress}
             for b, body in s.bodies.items()]
    persons = [{"id": f"person/{p}", "name": person.name} for p, person in s.persons.items()]
    memberships = [{"id": f"membership/{p}", "person_id": f"person/{p}", "organization_id": f"faction/{person.faction}",
                    "role": person.role or "delegate"}
                   for p, person in s.persons.items() if person.faction]
    sessions = replay.sessions()
    events = [{"id": congress, "name": s.title, "classification": "congress", "organization_id": congress,
               "start_date": _iso(replay, sessions[0][1]), "end_date": _iso(replay, sessions[-1][2]),
               **({"location": s.place} if s.place else {})}]
    titles = {x.id: x.title or x.id for x in s.sessions}
    events += [{"id": f"session/{sid}", "name": titles[sid], "classification": "session", "parent_id": congress,
                "organization_id": congress, "start_date": _iso(replay, a), "end_date": _iso(replay, b)}
               for sid, a, b in sessions]
    session_of = _session_of(replay)
    motions, vote_events = [], []
    for v in replay.votes():
        result = {"adopted": "pass", "rejected": "fail"}.get(v.result, v.result)
        f, a, b = v.totals()
        motions.append({"id": f"motion/{v.item}", "organization_id": congress, "text": v.motion,
                        "date": _iso(replay, v.time), "requirement": v.majority.replace("_", " ") + " majority",
                        "result": result, "legislative_session_id": f"session/{session_of[v.item]}"})
        # not voting counted by faction: a chair's casting vote is among the yeses or noes but not
        # among those present, so present less the totals would count it as -1 not voting
        counts = [{"option": o, "value": n} for o, n in (("yes", f), ("no", a), ("abstain", b),
                                                         ("not voting", v.not_voting))]
        groups, group_counts = [], []
        for fac, (x, y, z, w) in v.tally.items():
            group = {"name": s.factions[fac].label}
            groups.append({"group": group, "result": "pass" if x > y else "fail"})
            group_counts += [{"option": o, "value": n, "group": group}
                             for o, n in (("yes", x), ("no", y), ("abstain", z), ("not voting", w))]
        roll = popolo_votes(replay, v.item)
        vote_events.append({"id": f"vote/{v.item}", "organization_id": congress, "motion_id": f"motion/{v.item}",
                            "identifier": v.item, "legislative_session_id": f"session/{session_of[v.item]}",
                            "start_date": _iso(replay, v.time), "result": result, "counts": counts + group_counts,
                            "group_results": groups, **({"votes": roll} if roll else {})})
    for e in replay.elections():
        for g, n in e.seats.items():
            member = f"faction/{g}" if g in s.factions else f"party/{g}" if g in s.parties else g
            memberships.append({"id": f"seats/{e.item}/{g}", "organization_id": f"body/{e.body}",
                                "on_behalf_of_id": member, "label": f"{n} seat{'s' if n != 1 else ''}",
                                "start_date": _iso(replay, e.time)})
        if e.chair:
            memberships.append({"id": f"chair/{e.item}", "person_id": f"person/{e.chair}",
                                "organization_id": f"body/{e.body}", "role": "chair", "start_date": _iso(replay, e.time)})
    speeches = [{"id": f"speech/{i}", "type": "scene" if kind == "heading" else kind,
                 "text": f"{text} opens" if kind == "heading" else text, "date": _iso(replay, t),
                 "event_id": f"session/{sid}" if sid else congress}
                for i, (t, kind, text, sid) in enumerate(transcript_lines(replay))]
    return {"organizations": orgs, "persons": persons, "memberships": memberships, "events": events,
            "motions": motions, "vote_events": vote_events, "speeches": speeches}


def _session_of(replay: Replay) -> dict[str, str]:
    out: dict[str, str] = {}
    current = ""
    for e in replay.events:
        item = getattr(e, "item", None)
        if isinstance(e, ev.SessionOpened):
            current = e.session
        elif item is not None:
            out.setdefault(item, current)
    return out


def export(replay: Replay, fmt: str, path: str | Path, force: bool = False) -> Path:
    """Write the replay in format ``fmt`` (one of :data:`FORMATS`) to ``path``, atomically.

    A table goes to CSV, or to Parquet when ``path`` ends in ``.parquet``.
    """
    if fmt not in FORMATS:
        raise CongressSimError(f"no format {fmt!r}: {', '.join(FORMATS)}")
    target = check_file(path, force)
    if fmt == "events":
        data = events_jsonl(replay).encode()
    elif fmt == "popolo":
        data = (json.dumps(popolo(replay), ensure_ascii=False, indent=2) + "\n").encode()
    elif target.suffix == ".parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise CongressSimError("Parquet needs pyarrow: pip install pyarrow (or write .csv)") from None
        import io

        cols, rows = table(replay, fmt)
        buf = io.BytesIO()
        pq.write_table(pa.table({c: [r[i] for r in rows] for i, c in enumerate(cols)}), buf)
        data = buf.getvalue()
    else:
        import csv
        import io

        cols, rows = table(replay, fmt)
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(cols)
        writer.writerows(rows)
        data = text.getvalue().encode()
    atomic_write(target, data)
    return target
