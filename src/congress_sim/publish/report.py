"""The report: one self-contained HTML file a teacher can hand out.

Figures are inline SVG (their text drawn as paths), styles are inline, and there is no script
and no link to anything outside the file, so it opens the same anywhere, offline, for years.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from congress_sim.language.calendar import STYLE
from congress_sim.language.scenario import citation
from congress_sim.views.html import Raw as _Raw
from congress_sim.views.html import bodies_table, check_table, vote_table
from congress_sim.views.html import escape as _e
from congress_sim.views.html import table as _table
from congress_sim.views.replay import Replay

CSS = """
body{font:15px/1.5 Georgia,'Times New Roman',serif;color:#222;max-width:1180px;margin:2em auto;padding:0 1.2em}
h1{font-size:1.7em;margin:.2em 0}h2{margin-top:2em;border-bottom:1px solid #ccc;padding-bottom:.2em}
.meta{color:#555}table{border-collapse:collapse;margin:.8em 0;font:13px/1.4 system-ui,sans-serif}
th,td{border-bottom:1px solid #e3e3e3;padding:.25em .7em;text-align:left;vertical-align:top}
th{background:#f4f1ea}td.n{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#1a7f37;font-weight:bold}.fail{color:#b42318;font-weight:bold}.skip{color:#888}
figure{margin:1em 0}figure svg{max-width:100%;height:auto}figcaption{color:#555;font-size:.9em}
nav a{margin-right:1em}.transcript td:first-child{white-space:nowrap;color:#555}
"""


def _svg(fig: Any) -> str:
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "congress-sim"}):
        fig.savefig(buf, format="svg", metadata={"Creator": None, "Date": None, "Format": None, "Type": None})
    text = buf.getvalue()
    return text[text.index("<svg"):]  # inline: without the XML prolog and doctype


def render(replay: Replay, compare: Replay | None = None) -> str:
    """The report of a replay (and, for a what-if, how it compares with its base) as HTML."""
    from congress_sim.record.check import check
    from congress_sim.views import labels as name
    from congress_sim.views.transcript import transcript_lines

    from .plot import TimeAxis, plot_attendance, plot_seats, plot_votes

    s, clock = replay.scenario, replay.clock
    sessions = replay.sessions()
    other = STYLE[clock.other]
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{_e(s.title)}</title>"
             f"<meta name='generator' content='congress-sim'><style>{CSS}</style></head><body>"]
    parts.append(f"<h1>{_e(s.title)}</h1>")
    first, last = sessions[0][1], sessions[-1][2]
    when = clock.days(first, last)  # a meeting of one day is dated once
    if clock.dual:
        when += f" ({STYLE[s.calendar]}; {clock.days(first, last, clock.other)} {other})"
    seed = f"a {name.run(replay)}"
    seed += name.overrides(s._sets)
    parts.append(f"<p class='meta'>{_e(s.place or '')} &middot; {_e(when)} &middot; {_e(seed)}</p>")
    whatif = name.whatif(replay)
    if whatif:  # a what-if says what it is, and does not present its base's description as its own
        parts.append(f"<p>{_e(whatif)}</p>")
    if s.description and (s._whatif is None or s._whatif.own_description):
        parts.append(f"<p>{_e(s.description)}</p>")
    elif s.description:
        parts.append(f"<p class='meta'>The base scenario, as it describes itself: {_e(s.description)}</p>")
    nav = ["attendance", "timeline", "votes", "bodies", "check", "assumptions"] + (["comparison"] if compare else [])
    parts.append("<nav>" + "".join(f"<a href='#{n}'>{n.capitalize()}</a>" for n in nav) + "</nav>")

    present = f"{name.members(s).capitalize()} present"
    parts.append(f"<h2 id='attendance'>{_e(present)}</h2>")
    fig = plot_attendance(replay, compare=[compare] if compare else (), width=12, height=6.5)
    said = TimeAxis.of(replay, *([compare] if compare else [])).said()
    parts.append(f"<figure>{_svg(fig)}<figcaption>{_e(present)} by faction{'; ' + said if said else ''}."
                 "</figcaption></figure>")
    opening, closing = replay.census("opening"), replay.census("closing")
    rows = [[f.label, opening.by_faction[fid], closing.by_faction[fid]] for fid, f in s.factions.items()]
    rows.append(["total", opening.total, closing.total])
    parts.append(_table(["Faction", "At the opening", "At the closing"], rows, {1, 2}))

    parts.append("<h2 id='timeline'>Timeline and transcript</h2>")
    rows = []
    for t, kind, text, _ in transcript_lines(replay):
        rows.append([clock.label(t), _Raw(f"<b>{_e(text)}</b>") if kind == "heading" else text])
    column = f"Time ({STYLE[s.calendar]}" + (f" [{other}])" if clock.dual else ")") if clock.styled else "Time"
    parts.append(_table([column, "What happened"], rows, cls="transcript"))

    parts.append("<h2 id='votes'>Votes</h2>")
    parts.append(f"<figure>{_svg(plot_votes(replay))}</figure>")
    parts.append(vote_table(replay))
    parts.append(_roll_calls(replay))

    parts.append("<h2 id='bodies'>Bodies</h2>")
    if replay.elections():
        parts.append(f"<figure>{_svg(plot_seats(replay))}</figure>")
        parts.append(bodies_table(replay))
    else:
        parts.append("<p>No body was elected.</p>")

    parts.append("<h2 id='check'>Checked against the record</h2>")
    if s.record and s.primary_source:
        report = check(replay)
        parts.append(f"<p>Against <b>{_e(report.source)}</b>: {_e(report.citations.get(report.source, ''))}. "
                     f"{_e(report.summary_line())}.</p>")
        parts.append(check_table(report, replay))
        rows = [[src, report.citations.get(src, ""), f"{ok} of {total}"]
                for src, (ok, total) in sorted(report.agreement().items(), key=lambda kv: (-kv[1][1], kv[0])) if total]
        parts.append("<p>How far each source's values are reproduced:</p>")
        parts.append(_table(["Source", "Citation", "Facts reproduced"], rows))
    else:
        parts.append("<p>This scenario names no record to check against.</p>")

    parts.append("<h2 id='assumptions'>Assumptions</h2>")
    stated = s.assumptions()
    if stated:
        parts.append("<p>What the scenario says it assumes where no source gives it, each with the source "
                     "it is read against:</p>")
        same: dict[str, tuple[list[str], list[str]]] = {}  # one assumption made of several things, once
        for part, ident, text, src in stated:
            places, sources = same.setdefault(text, ([], []))
            places.append(name.about(replay, part, ident))
            if src and src not in sources:
                sources.append(src)
        parts.append(_table(["About", "Assumption", "Source"],
                            [["; ".join(places), text, "; ".join(citation(s.sources, k, k) for k in sources)]
                             for text, (places, sources) in same.items()]))
    else:
        parts.append("<p>The scenario states no assumption.</p>")

    if compare is not None:
        from congress_sim.experiments.compare import compare as compare_replays

        c = compare_replays(compare, replay)  # the census, shares, votes, bodies, times and facts, as compare gives them
        parts.append(f"<h2 id='comparison'>Compared with {_e(compare.scenario.title)}</h2>")
        parts.append(c.html(("Base", "This scenario")))
    source = citation(s.sources, s.primary_source or "")
    parts.append(f"<p class='meta'>Made by congress-sim from {_e(name.origin(s))}"
                 + (f"; source: {_e(source)}" if source else "") + ".</p></body></html>")
    return "\n".join(parts)


ROLL = ("for", "against", "abstain", "not voting", "absent")


def _roll_calls(replay: Replay) -> str:
    """The named delegates' ballots, one row per vote: who voted for, against, abstained, did not
    vote or was absent; a secret ballot says it has no roll call."""
    from congress_sim.views import labels as name

    s = replay.scenario
    rows, secret = [], []
    for v in replay.votes():
        if v.secret:
            secret.append(name.item(replay, v.item))
            continue
        roll = replay.roll_call(v.item)
        if roll:
            rows.append([name.item(replay, v.item), *(", ".join(name.person(s, p) for p, o in roll.items() if o == option)
                                                      for option in ROLL)])
    if not rows and not secret:
        return ""
    out = f"<h3 id='roll-calls'>Roll calls of the named {name.members(s)}</h3>"
    if rows:
        out += _table(["Vote", "For", "Against", "Abstaining", "Not voting", "Absent"], rows)
    if secret:
        out += f"<p>Secret ballots, totals only: {_e('; '.join(secret))}.</p>"
    return out


def write(replay: Replay, path: str | Path, compare: Replay | None = None, force: bool = False) -> Path:
    """Write the report, atomically; an existing file is replaced only with ``force``."""
    from congress_sim.outputs import atomic_write, check_file

    target = check_file(path, force)
    atomic_write(target, render(replay, compare).encode("utf-8"))
    return target
