"""Figures: delegates present over time, the votes, and the seats of each body.

matplotlib is imported here only, and only when a figure is made. Figures are built on
``matplotlib.figure.Figure`` directly, without pyplot, so they need no display; in Jupyter a
returned figure shows itself. Each function takes a replay (and optionally an ``Axes`` to draw
into) and returns the figure, so figures compose in a notebook.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from congress_sim import events as ev
from congress_sim.language.calendar import MONTHS, STYLE, from_jdn
from congress_sim.model.apportion import largest_remainder
from congress_sim.views.replay import Replay

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

GAP = 50.0  # the width, in minutes of the axis, that a break between sessions is drawn as
COMPARE_COLOURS = ("#0571b0", "#ca0020", "#008837", "#7b3294", "#e66101", "#404040")
COMPARE_DASHES = ("--", "-.", ":", (0, (5, 1, 1, 1)), (0, (3, 2)), (0, (8, 2)))
RESULT_MARK = {"adopted": "\u2713", "rejected": "\u2717", "not taken": "\u2014"}
TALLY_COLOURS = {"for": "#1a9850", "against": "#d73027", "abstain": "#fdae61", "not voting": "#d9d9d9"}


# --- the compressed time axis ------------------------------------------------------------


@dataclass(frozen=True)
class TimeAxis:
    """Minutes since the epoch -> x, with the time between sessions squeezed into ``GAP``.

    Each session keeps its real length; the break before session k is drawn ``GAP`` wide, and
    what happens in it (arrivals overnight) is spread across that width, in order.
    """

    segments: tuple[tuple[float, float, float], ...]  # (opens, closes, x where it opens)

    @classmethod
    def of(cls, replay: Replay, gap: float = GAP) -> TimeAxis:
        segments, x = [], 0.0
        for k, (_, a, b) in enumerate(replay.sessions()):
            x += gap if k else 0.0
            segments.append((a, b, x))
            x += b - a
        return cls(tuple(segments))

    @property
    def width(self) -> float:
        a, b, x = self.segments[-1]
        return x + b - a

    def x(self, t: float) -> float:
        prev = None
        for a, b, x0 in self.segments:
            if t < a:
                if prev is None:
                    return x0
                pa, pb, px = prev
                end = px + pb - pa
                return end + (x0 - end) * (t - pb) / (a - pb) if a > pb else x0
            if t <= b:
                return x0 + t - a
            prev = (a, b, x0)
        a, b, x0 = self.segments[-1]
        return x0 + b - a

    def gaps(self) -> list[tuple[float, float, float]]:
        """(x from, x to, real minutes) of each break between sessions."""
        out = []
        for (a0, b0, x0), (a1, _, x1) in zip(self.segments, self.segments[1:], strict=False):
            out.append((x0 + b0 - a0, x1, a1 - b0))
        return out


# --- the data behind the attendance figure ----------------------------------------------


def attendance_series(replay: Replay, by: str = "faction") -> tuple[list[float], dict[str, list[int]]]:
    """Times of every change, and the count of each faction (or party) after it; ends at the close."""
    rows = replay.attendance()
    close = replay.sessions()[-1][2]
    times = [c.time for c in rows] + [close]
    groups: dict[str, list[int]] = {}
    for c in rows:
        counts = c.by_faction if by == "faction" else c.by_party
        for g, n in counts.items():
            groups.setdefault(g, []).append(n)
    for g in groups:
        groups[g].append(groups[g][-1])
    return times, groups


def _label_of(replay: Replay, group: str) -> str:
    s = replay.scenario
    if group in s.factions:
        return s.factions[group].label
    return s.parties[group].label if group in s.parties else group.replace("_", " ")


def _colour_of(replay: Replay, group: str) -> str:
    s = replay.scenario
    if group in s.factions:
        return s.factions[group].colour
    party = s.parties.get(group)
    if party and party.colour:
        return party.colour
    members = [f.colour for f in s.factions.values() if f.party == group]
    return members[0] if members else "#888888"


def _owner(ax: Axes) -> Figure:
    """The figure an Axes is drawn on (through any subfigures)."""
    return ax.get_figure(root=True)  # type: ignore[return-value]


def _short(text: str, n: int = 44) -> str:
    return text if len(text) <= n else text[: n - 1] + "\u2026"


MAX_DOTS = 2_000  # seats drawn one by one; a larger body gets a dot for several
MAX_SIDE = 32_768  # pixels: the renderer draws nothing larger a side
MAX_PIXELS = 100_000_000  # 400 MB of raster: the most a figure may take


def _fits(width: float, height: float, dpi: float) -> None:
    from congress_sim.errors import CongressSimError

    w, h = round(width * dpi), round(height * dpi)
    if max(w, h) > MAX_SIDE or w * h > MAX_PIXELS:
        raise CongressSimError(f"a figure of {w:,} x {h:,} pixels is too large to draw (at most {MAX_SIDE:,} a side "
                               f"and {MAX_PIXELS:,} in all); give a smaller --dpi, --width or --height")


def _figure(width: float, height: float, dpi: float = 100) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    _fits(width, height, dpi)  # the text is measured on a raster of this size
    fig = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)  # renders without a display, and measures text for label placement
    return fig


def _caption(replay: Replay, band: dict[str, Any] | None = None) -> str:
    s = replay.scenario
    source = s.sources.get(s.primary_source or "", "")
    where = Path(s._path).name if s._path else "scenario"
    seed = "deterministic" if replay.seed is None else f"seed {replay.seed}"
    spread = f"; band: {band['runs']:,} seeded replays (seed {band['seed']})" if band else ""
    return (f"Source: {source}; " if source else "") + f"replay of {where} ({seed}){spread}"


# --- attendance ----------------------------------------------------------------------------


def plot_attendance(
    replay: Replay,
    ax: Axes | None = None,
    *,
    by: str = "faction",
    compare: Sequence[Replay] = (),
    compare_groups: bool = False,
    band: dict[str, Any] | None = None,
    title: str | None = None,
    width: float = 13,
    height: float = 7,
    dpi: float = 100,
) -> Figure:
    """Delegates present over time: a stacked step area by faction (or party), the total, the
    recesses shaded, the sessions marked, and what happened labelled above. ``band`` (an
    ensemble summary's ``"band"``) adds the median and the 5-95% band of the total.

    >>> import congress_sim as cs
    >>> fig = cs.plot_attendance(cs.simulate(cs.load("scenarios/historical.yaml")))
    >>> fig.axes[1].get_ylabel()
    'delegates present'
    """
    if ax is None:
        fig = _figure(width, height, dpi)
        lane, ax = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [1, 3.2], "hspace": 0})
    else:
        fig, lane = _owner(ax), None
    axis = TimeAxis.of(replay)
    times, groups = attendance_series(replay, by)
    xs = [axis.x(t) for t in times]
    lower = [0] * len(xs)
    for g, counts in groups.items():
        if not any(counts):
            continue
        upper = [lo + n for lo, n in zip(lower, counts, strict=True)]
        ax.fill_between(xs, lower, upper, step="post", color=_colour_of(replay, g), alpha=0.9, linewidth=0,
                        label=_label_of(replay, g), gid=f"stack:{g}")
        lower = upper
    ax.step(xs, lower, where="post", color="black", linewidth=1.4, label="total", gid="total")
    for other, colour, dash in zip(compare, COMPARE_COLOURS, COMPARE_DASHES, strict=False):
        o_axis = TimeAxis.of(other)
        o_times, o_groups = attendance_series(other, by)
        o_xs = [o_axis.x(t) for t in o_times]
        totals = [sum(col) for col in zip(*o_groups.values(), strict=True)]
        ax.step(o_xs, totals, where="post", color=colour, linestyle=dash, linewidth=1.6,
                label=_short(f"total: {other.scenario.title}"), gid=f"compare:{other.scenario.title}")
        if compare_groups:
            for g, counts in o_groups.items():
                if any(counts):
                    ax.step(o_xs, counts, where="post", color=_colour_of(other, g), linestyle=":", linewidth=1.2)
    if band is not None:
        bx = [axis.x(t) for t in band["minutes"]]
        ax.fill_between(bx, band["p5"], band["p95"], color="#000000", alpha=0.18, linewidth=0,
                        label="total, 5-95% of replays", gid="band", zorder=3)
        ax.plot(bx, band["median"], color="#000000", linestyle=(0, (1, 1)), linewidth=1.2,
                label="total, median of replays", gid="band:median", zorder=3)
    top = max(lower) if lower else 1
    if band is not None:
        top = max(top, max(band["p95"]))
    for other in compare:
        top = max(top, max(sum(c) for c in zip(*attendance_series(other, by)[1].values(), strict=True)))
    ax.set_ylim(0, top * 1.12)
    ax.set_xlim(0, axis.width)
    _shade(replay, axis, ax, lane)
    _ticks(replay, axis, ax)
    ax.set_ylabel("delegates present")
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
    if lane is not None:
        lane.set_title(title or f"{replay.scenario.title}: delegates present", loc="left", fontsize=12)
        fig.text(0.01, 0.005, _caption(replay, band), fontsize=7.5, color="#555555", ha="left", va="bottom")
        fig.get_layout_engine().set(h_pad=0.1, rect=(0, 0.03, 1, 0.97))  # type: ignore[union-attr, call-arg]
        _events(replay, axis, lane, ax)
    elif title:
        ax.set_title(title)
    return fig


def _shade(replay: Replay, axis: TimeAxis, ax: Axes, lane: Axes | None) -> None:
    for item, a, b in replay.recesses():
        ax.axvspan(axis.x(a), axis.x(b), color="#9e9e9e", alpha=0.25, linewidth=0, gid=f"recess:{item}")
        ax.text((axis.x(a) + axis.x(b)) / 2, 0.98, "recess", transform=ax.get_xaxis_transform(), ha="center",
                va="top", fontsize=7.5, color="#555555", rotation=90)
    for x0, x1, minutes in axis.gaps():
        ax.axvspan(x0, x1, facecolor="white", edgecolor="#bbbbbb", hatch="////", linewidth=0, alpha=1.0,
                   gid="break", zorder=0.5)
        h, m = divmod(int(round(minutes)), 60)
        ax.text((x0 + x1) / 2, 0.5, f"break\n{h} h {m:02d}", transform=ax.get_xaxis_transform(), ha="center",
                va="center", fontsize=7.5, color="#555555", rotation=90,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    sessions = replay.sessions()
    titles = {s.id: s.title or s.id for s in replay.scenario.sessions}
    for sid, a, b in sessions:
        for target in (ax, lane):
            if target is not None:
                target.axvline(axis.x(a), color="#333333", linewidth=0.8)
                target.axvline(axis.x(b), color="#333333", linewidth=0.8)
        ax.text(axis.x(a) + 4, 0.02, titles[sid], transform=ax.get_xaxis_transform(), fontsize=8.5,
                va="bottom", ha="left", color="#222222", bbox={"facecolor": "white", "alpha": 0.7,
                                                               "edgecolor": "none", "pad": 1})


def _ticks(replay: Replay, axis: TimeAxis, ax: Axes) -> None:
    clock = replay.clock
    ticks: list[float] = []
    for _, a, b in replay.sessions():
        ticks.append(a)
        t = (a // 120 + 1) * 120
        while t < b - 40:
            if t - a >= 40:
                ticks.append(t)
            t += 120
        ticks.append(b)
    labels: list[str] = []
    last_day, last_dated = None, -1e9
    for t in ticks:
        jdn = clock.epoch_jdn + int(round(t)) // 1440
        hhmm = clock.iso(t)[11:]
        x = axis.x(t)
        if jdn == last_day or x - last_dated < 0.2 * axis.width:
            labels.append(hhmm)
            continue
        last_day, last_dated = jdn, x
        _, m, d = from_jdn(jdn, clock.calendar)
        day = f"{d} {MONTHS[m - 1]}"
        if clock.dual:
            _, m2, d2 = from_jdn(jdn, clock.other)
            day += f" [{d2} {MONTHS[m2 - 1]}]"
        labels.append(f"{hhmm}\n{day}")
    ax.set_xticks([axis.x(t) for t in ticks], labels, fontsize=8)
    style = f"{STYLE[clock.calendar]}, {STYLE[clock.other]} in brackets" if clock.dual else STYLE[clock.calendar]
    ax.set_xlabel(f"time ({style}); the breaks between sessions are compressed", fontsize=9)


def _event_labels(replay: Replay) -> list[tuple[float, str, str]]:
    """(time, label, colour) for what is worth marking: walkouts, arrivals, news, votes, elections."""
    items = replay.plan.items
    out: list[tuple[float, str, str]] = []
    arrivals: dict[str, tuple[float, float, int]] = {}
    for e in replay.events:
        if isinstance(e, ev.Arrived) and e.item is not None:
            a0, _, n = arrivals.get(e.item, (e.time, e.time, 0))
            arrivals[e.item] = (a0, e.time, n + e.count)
    if arrivals:  # arrivals that overlap are one label
        spans = sorted(arrivals.values())
        group = [spans[0]]
        for span in [*spans[1:], None]:
            if span is not None and span[0] <= max(g[1] for g in group):
                group.append(span)
                continue
            end = max(g[1] for g in group)
            out.append((end, f"+{sum(g[2] for g in group)} arrive", "#2166ac"))
            group = [span] if span is not None else []
    votes: list[ev.VoteTaken] = []
    for e in replay.events:
        if isinstance(e, ev.WalkoutBegan):
            names = ", ".join(_label_of(replay, f) for f in e.factions)
            out.append((e.time, f"walkout: {names} ({e.delegates})", "#b2182b"))
        elif isinstance(e, ev.ItemBegan) and e.what == "announcement":
            title = getattr(items.get(e.item), "title", None) or (e.title[:28] + "\u2026" if len(e.title) > 29 else e.title)
            out.append((e.time, title, "#444444"))
        elif isinstance(e, ev.VoteTaken):
            votes.append(e)
        elif isinstance(e, ev.Elected):
            label = replay.scenario.bodies[e.body].label
            out.append((e.time, f"{label} ({sum(e.seats.values())})", "#5e3c99"))
    # votes in quick succession with the same result are one label
    run: list[ev.VoteTaken] = []
    for v in [*votes, None]:
        if v is not None and run and v.time - run[-1].time <= 10 and v.result == run[-1].result:
            run.append(v)
            continue
        if len(run) == 1:
            f, a, b = run[0].totals()
            out.append((run[0].time, f"{run[0].item} {RESULT_MARK[run[0].result]} {f}\u2013{a}\u2013{b}", "#1a1a1a"))
        elif run:
            out.append((run[0].time, f"{len(run)} votes {RESULT_MARK[run[0].result]}", "#1a1a1a"))
        run = [v] if v is not None else []
    return sorted(out, key=lambda e: e[0])


def _events(replay: Replay, axis: TimeAxis, lane: Axes, ax: Axes) -> None:
    """Label events in the lane above the plot, in rows, so that no two labels overlap."""
    lane.set_ylim(0, 1)
    lane.set_yticks([])
    for side in ("left", "right", "top"):
        lane.spines[side].set_visible(False)
    lane.tick_params(axis="x", length=0, labelbottom=False)
    fig = _owner(lane)
    fig.draw_without_rendering()  # settle the layout first, so that measured extents stay true
    fig.set_layout_engine("none")
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    placed: list[tuple[int, float, float, float]] = []  # row, left, right, stem (display units)
    n_rows = 6
    for t, text, colour in _event_labels(replay):
        x = axis.x(t)
        ax.axvline(x, color=colour, linewidth=0.6, linestyle=":", alpha=0.8, gid=f"event:{text}")
        label = lane.text(x, 0, " " + text, fontsize=7.5, color=colour, ha="left", va="bottom", gid=f"label:{text}",
                          zorder=3, bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6})
        label.set_in_layout(False)
        box = label.get_window_extent(renderer)
        if box.x1 > lane.get_window_extent(renderer).x1:  # would run off the right: end at the line
            label.set_text(text + " ")
            label.set_horizontalalignment("right")
            box = label.get_window_extent(renderer)
        lo, hi = box.x0 - 3, box.x1 + 3

        def free(r: int, lo: float = lo, hi: float = hi) -> bool:  # no label beside it in its row
            return all(not (pr == r and lo < pr_hi and hi > pr_lo) for pr, pr_lo, pr_hi, _ in placed)

        row = next((r for r in range(n_rows) if free(r)), n_rows - 1)
        placed.append((row, lo, hi, x))
        y = 0.03 + row * 0.16
        label.set_y(y)
        lane.plot([x, x], [0, y], color=colour, linewidth=0.6, zorder=1)


# --- votes ---------------------------------------------------------------------------------


def threshold(vote: ev.VoteTaken) -> float:
    """The number of votes for at which a motion passes under its majority rule."""
    f, a, _ = vote.totals()
    return {"simple": (f + a) / 2, "absolute": vote.present / 2, "two_thirds": 2 * (f + a) / 3,
            "unanimity": f + a}.get(vote.majority, (f + a) / 2)


def plot_votes(replay: Replay, ax: Axes | None = None, *, title: str | None = None, width: float = 11,
               height: float | None = None, dpi: float = 100) -> Figure:
    """Each vote's tally as a bar (for, against, abstaining, not voting), its rule's threshold marked."""
    votes = replay.votes()
    if ax is None:
        fig = _figure(width, height or 1.2 + 0.42 * len(votes), dpi)
        ax = fig.add_subplot()
    else:
        fig = _owner(ax)
    names = [f"{v.item} ({replay.clock.label(v.time, both=False).strip()})" for v in votes]
    ys = list(range(len(votes)))[::-1]
    for y, v in zip(ys, votes, strict=True):
        f, a, b = v.totals()
        left = 0.0
        for part, n in zip(TALLY_COLOURS, (f, a, b, v.present - f - a - b), strict=True):
            ax.barh(y, n, left=left, color=TALLY_COLOURS[part], height=0.7, gid=f"{v.item}:{part}",
                    label=part if y == ys[0] else None)
            left += n
        if v.result != "not taken":
            tx = threshold(v)
            ax.plot([tx, tx], [y - 0.42, y + 0.42], color="black", linewidth=1.5, gid=f"{v.item}:threshold")
        ax.text(left + v.present * 0.01 + 2, y, f"{RESULT_MARK[v.result]} {v.result}  {f}\u2013{a}\u2013{b}",
                va="center", fontsize=8)
    ax.set_yticks(ys, names, fontsize=8)
    ax.set_xlabel("delegates present at the vote (the black mark: votes for needed under the rule)")
    ax.set_xlim(0, max((v.present for v in votes), default=1) * 1.28)
    ax.legend(loc="lower right", fontsize=8, frameon=False, ncols=4, bbox_to_anchor=(1, 1))
    ax.set_title(title or f"{replay.scenario.title}: votes", loc="left", fontsize=12, pad=18)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig


# --- seats ---------------------------------------------------------------------------------


def hemicycle(n: int) -> tuple[list[tuple[float, float]], float]:
    """Positions of ``n`` seats on concentric half circles, ordered from left to right, and the
    spacing between neighbouring seats (the rows from radius 0.4 to 1, each as full as the others)."""
    if n <= 0:
        return [], 1.0
    rows = 1 if n <= 8 else 2
    while True:
        step = 0.6 / (rows - 1) if rows > 1 else (math.pi / max(n - 1, 1))
        radii = [0.4 + step * i for i in range(rows)] if rows > 1 else [1.0]
        room = [int(math.pi * r / step) + 1 for r in radii]
        if sum(room) >= n:
            break
        rows += 1
    share = [n * k / sum(room) for k in room]
    per_row = [int(x) for x in share]
    for i in sorted(range(rows), key=lambda i: per_row[i] - share[i])[: n - sum(per_row)]:
        per_row[i] += 1
    seats = []
    for r, k in zip(radii, per_row, strict=True):
        for j in range(k):
            seats.append((math.pi * (1 - j / (k - 1)) if k > 1 else math.pi / 2, r))
    seats.sort(key=lambda s: (-round(s[0], 9), -s[1]))
    return [(r * math.cos(a), r * math.sin(a)) for a, r in seats], step


def plot_seats(replay: Replay, body: str | None = None, ax: Axes | None = None, *, title: str | None = None,
               width: float | None = None, height: float = 4.2, dpi: float = 100) -> Figure:
    """A hemicycle of each body elected (or of the one named), seats coloured by faction."""
    elected = {e.body: e for e in replay.elections()}
    bodies = [body] if body else list(elected)
    if body and body not in elected or not bodies:
        from congress_sim.errors import CongressSimError

        if not elected:
            raise CongressSimError("no body was elected in this replay: there are no seats to draw")
        raise CongressSimError(f"no body {body!r} was elected in this replay (elected: {', '.join(elected)})")
    if ax is None:
        fig = _figure(width or 4.6 * len(bodies), height, dpi)
        axes = fig.subplots(1, len(bodies), squeeze=False)[0]
    else:
        fig, axes = _owner(ax), [ax]
    order = list(replay.scenario.factions) + list(replay.scenario.parties)
    for a, b in zip(axes, bodies, strict=True):
        e = elected[b]
        groups = sorted(e.seats, key=lambda g: order.index(g) if g in order else len(order))
        total = sum(e.seats[g] for g in groups)
        per_dot = -(-total // MAX_DOTS)  # a large body is drawn with a dot for so many seats
        dots = largest_remainder([e.seats[g] for g in groups], -(-total // per_dot))
        owner = [g for g, k in zip(groups, dots, strict=True) for _ in range(k)]
        pos, step = hemicycle(len(owner))
        for g in groups:
            from matplotlib.collections import PatchCollection
            from matplotlib.patches import Circle

            seats = [Circle(pos[i], 0.42 * min(step, 0.3)) for i, o in enumerate(owner) if o == g]
            a.add_collection(PatchCollection(seats, facecolor=_colour_of(replay, g), edgecolor="white",
                                             linewidth=0.4, gid=f"seats:{g}"))
            a.scatter([], [], s=60, color=_colour_of(replay, g), label=f"{_label_of(replay, g)} {e.seats[g]}")
        chair = f"\nchair: {replay.scenario.persons[e.chair].name}" if e.chair else ""
        a.text(0, 0.02, f"{sum(e.seats.values())}{chair}", ha="center", va="bottom", fontsize=12, fontweight="bold")
        a.set_title(replay.scenario.bodies[b].label + (f" (a dot: {per_dot:,} seats)" if per_dot > 1 else ""), fontsize=10)
        a.set_aspect("equal")
        a.set_xlim(-1.1, 1.1)
        a.set_ylim(-0.05 - 0.12 * len(groups), 1.1)
        a.axis("off")
        a.legend(loc="lower center", fontsize=7.5, frameon=False, ncols=2, bbox_to_anchor=(0.5, -0.02))
    if title:
        fig.suptitle(title)
    return fig


def draw(kind: str, replay: Replay, *, compare: Sequence[Replay] = (), by: str = "faction",
         body: str | None = None, band: dict[str, Any] | None = None, **style: Any) -> Figure:
    """One figure by name: ``attendance``, ``votes`` or ``seats``."""
    style = {k: v for k, v in style.items() if v is not None}
    if kind == "attendance":
        return plot_attendance(replay, by=by, compare=compare, band=band, **style)
    if kind == "votes":
        return plot_votes(replay, **style)
    return plot_seats(replay, body, **style)


def save(fig: Figure, path: str, dpi: float | None = None) -> None:
    """Write a figure atomically; the format follows the extension (png, svg, pdf)."""
    from congress_sim.errors import OutputError
    from congress_sim.outputs import atomic_file

    target = Path(path)
    fmt = target.suffix.lstrip(".").lower()
    if fmt not in ("png", "svg", "pdf"):
        raise OutputError(f"{path}: give a file ending in .png, .svg or .pdf")
    width, height = fig.get_size_inches()
    _fits(width, height, dpi or fig.dpi)
    with atomic_file(target) as fh:
        fig.savefig(fh, format=fmt, dpi=dpi or fig.dpi)
