"""HTML tables: the report's, and those a notebook shows for a replay, a check, a comparison or an
ensemble. Every piece of text is escaped; only :class:`Raw` markup is written as it is."""

from __future__ import annotations

import html
from typing import Any


class Raw(str):
    """Markup already made safe."""


def escape(value: Any) -> str:
    return html.escape(str(value))


def table(head: list[str], rows: list[list[Any]], numeric: frozenset[int] | set[int] = frozenset(), cls: str = "") -> str:
    """A table with a header row; the cells of the ``numeric`` columns are aligned right."""
    out = [f'<table class="{escape(cls)}"><thead><tr>' + "".join(f"<th>{escape(h)}</th>" for h in head)
           + "</tr></thead><tbody>"]
    for row in rows:
        cells = []
        for i, v in enumerate(row):
            klass = ' class="n"' if i in numeric else ""
            cells.append(f"<td{klass}>{v if isinstance(v, Raw) else escape(v)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(out) + "</tbody></table>"


def vote_table(replay: Any) -> str:
    """Each vote of a replay: its time, the counts, the majority asked and the result, as ``run``'s
    table gives them: those present but not voting where any held back (else the counts fall short of
    those present), and no counts for a vote not taken for want of a quorum."""
    from . import labels as name

    votes = replay.votes()
    held = any(v.not_voting for v in votes)
    rows = []
    for v in votes:
        lacking = v.result == "not taken"
        counts = ["-"] * (4 if held else 3) if lacking else [*v.totals(), *([v.not_voting] if held else [])]
        rows.append([name.item(replay, v.item), replay.clock.label(v.time), *counts, v.present,
                     v.majority.replace("_", " "), v.result])
    head = ["Vote", "Time", "For", "Against", "Abstaining", *(["Not voting"] if held else []), "Present", "Majority", "Result"]
    return table(head, rows, set(range(2, len(head) - 2)))


def bodies_table(replay: Any) -> str:
    """Each body elected in a replay: its seats, by faction, and its chair (or an office's holder)."""
    from . import labels as name

    s, elected = replay.scenario, replay.elections()
    rows = [[name.body(s, e.body), sum(e.seats.values()), ", ".join(f"{name.group(s, g)} {n}" for g, n in e.seats.items()),
             name.person(s, e.chair) if e.chair else ""] for e in elected]
    held = any(name.holder(e) for e in elected)  # an office of one seat has a holder, not a chair
    return table(["Body", "Seats", "By faction", "Chair or holder" if held else "Chair"], rows, {1})


MARK = {True: Raw("<span class='pass'>pass</span>"), False: Raw("<span class='fail'>fail</span>"),
        None: Raw("<span class='skip'>skipped</span>")}


def check_table(report: Any, replay: Any) -> str:
    """A check (record.check.Report) as a table, as ``check`` prints it: each fact with what a pass is
    worth (its role: why, on hover), the source's value and the replay's (where it fails, how it
    differs), and the level of agreement asked; then what the roles and levels mean."""
    from . import labels as name

    rows = []
    for o in report.outcomes:
        kind = o.fact.check.kind
        if o.passed is None:  # why in place of the value expected, as `check` puts it
            rows.append([MARK[None], "", o.statement, o.skipped_because, "\u2014", ""])
            continue
        got = name.fact_value(replay, kind, o.replayed)
        got = f"{got} ({o.why})" if got and o.why and o.passed is False else got or o.why
        rows.append([MARK[o.passed], Raw(f"<span title='{escape(o.because)}'>{escape(o.role)}</span>"), o.statement,
                     name.fact_value(replay, kind, o.expected), got, name.level(o)])
    return (table(["", "Role", "Fact", f"Expected ({report.source})", "Replayed", "Level"], rows)
            + f"<p class='meta'>{escape(ROLES_AND_LEVELS)}</p>")


ROLES_AND_LEVELS = (
    "Role: what a pass is worth. An input is a value the scenario writes; a calibrated one, a value the "
    "scenario was fitted to (its free parameters, or an override written for it); only a predicted one, "
    "which neither touched, tests the model. Level: how close the replay must come to the source: exact; "
    "within the source's tolerance; within the bounds it gives (at least, at most); direction only, for a "
    "phrase such as \u201can overwhelming majority\u201d; includes, for the speakers a source names (others "
    "may have spoken too).")
