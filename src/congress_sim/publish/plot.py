"""Figures: delegates present over time, the votes, and the seats of each body.

matplotlib is imported only when a figure is made. Figures are built on
``matplotlib.figure.Figure`` directly, without pyplot (:mod:`.figure`), so they need no display;
in Jupyter a returned figure shows itself, once. Each function takes a replay (and optionally an
``Axes`` to draw into) and returns the figure, so figures compose in a notebook.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from congress_sim import events as ev
from congress_sim.language.calendar import MONTHS, STYLE, from_jdn
from congress_sim.language.scenario import citation
from congress_sim.model.apportion import largest_remainder
from congress_sim.record.attested import Attested
from congress_sim.views import labels as name
from congress_sim.views.replay import Replay

from .colours import distinct, unlike
from .hemicycle import hemicycle

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

GAP = 50.0  # the width, in minutes of the axis, that a break between sessions is drawn as
# colours for the totals of compared scenarios: those least like the stacks beneath are taken
COMPARE_COLOURS = ("#e7298a", "#00d0b0", "#bcbd22", "#66a61e", "#f781bf", "#17becf", "#7570b3", "#a6761d")
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
    def of(cls, *replays: Replay, gap: float = GAP) -> TimeAxis:
        """The axis of a replay's sessions; of several replays', their sessions merged where they
        overlap, so that each replay's times fall where they happened (a what-if whose sessions
        open or close at other times is drawn at its own times, not at the base's)."""
        merged: list[list[float]] = []
        for a, b in sorted((a, b) for r in replays for _, a, b in r.sessions()):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        segments, x = [], 0.0
        for k, (a, b) in enumerate(merged):
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

    @property
    def drawn(self) -> float:
        """How wide the axis is drawn: a sitting of no length, a minute wide."""
        return self.width or 1.0

    def series(self, times: list[float]) -> list[float]:
        """x of each time of a series that ends at the close. On the axis of a sitting of no length,
        the close is put at the far edge: what the sitting holds is drawn across the minute the axis
        is, not as a line of no width."""
        xs = [self.x(t) for t in times]
        if not self.width:
            xs[-1] = self.drawn
        return xs

    def gaps(self) -> list[tuple[float, float, float]]:
        """(x from, x to, real minutes) of each break between sessions."""
        out = []
        for (a0, b0, x0), (a1, _, x1) in zip(self.segments, self.segments[1:], strict=False):
            out.append((x0 + b0 - a0, x1, a1 - b0))
        return out

    def said(self) -> str:
        """What a reader is told of the breaks: nothing where there is none to compress."""
        n = len(self.segments) - 1
        return "" if not n else ("the break between sessions is compressed" if n == 1
                                 else "the breaks between sessions are compressed")


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


def _lines(text: str, width: int, most: int = 2, tail: str = "") -> str:
    """Text wrapped to at most ``most`` lines, for a tick label; ``tail`` (a date) is kept whole at
    its end, and where the two do not fit, ``text`` is cut at a word, with an ellipsis.

    >>> print(_lines("Martov's proposal for a peaceful settlement and talks on a united government", 42,
    ...              tail=" (25 Oct 23:35)"))
    Martov's proposal for a peaceful
    settlement and talks on a… (25 Oct 23:35)
    """
    import textwrap

    n = len(text)
    while True:
        lines = textwrap.wrap(name.short(text, n) + tail, width)
        if len(lines) <= most or n <= 1:
            return "\n".join(lines)
        n -= 1


MAX_DOTS = 2_000  # seats drawn one by one; a larger body gets a dot for several
MAX_SIDE = 32_768  # pixels: the renderer draws nothing larger a side
MAX_PIXELS = 100_000_000  # 400 MB of raster: the most a figure may take


def _fits(width: float, height: float, dpi: float) -> None:
    from congress_sim.errors import ArgumentError

    w, h = round(width * dpi), round(height * dpi)
    if max(w, h) > MAX_SIDE or w * h > MAX_PIXELS:
        raise ArgumentError(f"a figure of {w:,} x {h:,} pixels is too large to draw (at most {MAX_SIDE:,} a side "
                            f"and {MAX_PIXELS:,} in all); give a smaller {{dpi}}, {{width}} or {{height}}",
                            "dpi", "width", "height")


def _figure(width: float, height: float, dpi: float = 100) -> Figure:
    from .figure import Figure

    _fits(width, height, dpi)  # the text is measured on a raster of this size
    return Figure(figsize=(width, height), dpi=dpi, layout="constrained")


def _compared(other: Replay, replay: Replay) -> str:
    """A compared replay as the legend names it: its title; where it keeps the base's (a what-if
    given in Python, a --set), what tells it from the base: where it came from, its seed, its
    overrides."""
    s = other.scenario
    if s.title != replay.scenario.title:
        return s.title
    where = name.origin(s)
    parts = [where] if where != name.origin(replay.scenario) else []
    parts += [f"seed {other.seed}"] if other.seed is not None else []
    parts += [x.removeprefix(", ") for x in [name.overrides(s._sets)] if x]
    return ", ".join(parts) or where


def _legend_names(compare: Sequence[Replay], replay: Replay) -> list[str]:
    """Each compared replay's total as the legend names it, shortened; where two would read alike
    (one what-if at two seeds, titles alike in their first words), each says in brackets what tells
    it from the others: its file, its seed, its overrides."""
    names = [name.short(f"total: {_compared(o, replay)}", 44) for o in compare]
    out = list(names)
    for k, other in enumerate(compare):
        alike = [o for o, n in zip(compare, names, strict=True) if n == names[k]]
        if len(alike) < 2:
            continue
        parts = [(name.origin(o.scenario), "deterministic" if o.seed is None else f"seed {o.seed}",
                  name.overrides(o.scenario._sets).removeprefix(", ")) for o in alike]
        own = parts[alike.index(other)]
        said = ", ".join(p for i, p in enumerate(own) if p and len({q[i] for q in parts}) > 1)
        if said:
            out[k] = f"{names[k]} ({said})"  # the name kept as long: cut shorter, others would read alike
    return out


def _caption(replay: Replay, band: dict[str, Any] | None = None, attested: Sequence[Attested] = (),
             compare: Sequence[Replay] = ()) -> str:
    s = replay.scenario
    source = citation(s.sources, s.primary_source or "")

    def run(r: Replay) -> str:
        return f"replay of {name.origin(r.scenario)} ({'deterministic' if r.seed is None else f'seed {r.seed}'}" \
               f"{name.overrides(r.scenario._sets)})"

    # the legend shortens a compared title; the caption says it whole, and what it is a replay of
    spread = "".join(f";\ncompared: the total of {o.scenario.title}, {run(o)}" for o in compare)
    if band:
        sets = name.overrides(band.get("sets", ()))
        flat = " (zero width: every replay has the same total at every time)" if _flat(band) else ""
        drawn = band.get("drawn") or 0  # the band is wider for what the replays drew, not only for chance
        spread += (f";\nband: 5-95% of the total in {band['runs']:,} seeded replays (seed {band['seed']}{sets})"
                   + (f", each drawing the {drawn} uncertain assumption{'s' if drawn > 1 else ''} anew" if drawn else "")
                   + flat)
    marks = ""
    if attested:
        marks = (f";\npoints: the counts of {name.members(replay.scenario)} the record's sources give, each labelled "
                 "with the short names "
                 "the scenario or its record gives those sources; between them the counts are the replay's, assumed")
    return (f"Source: {source}; " if source else "") + f"{run(replay)}{spread}{marks}"


def _renderer(fig: Figure) -> Any:
    """What measures text as the figure's own canvas draws it; for a figure without one (made by hand), Agg."""
    from matplotlib.backends.backend_agg import RendererAgg

    canvas = getattr(fig.canvas, "get_renderer", None)
    return canvas() if canvas else RendererAgg(*fig.bbox.size, fig.dpi)


def _wrapped(fig: Figure, text: str, size: float, room: float) -> str:
    """A title wrapped at words into lines no wider than ``room`` pixels of ``fig`` (a long what-if's
    title on a narrow figure ran off its edge), as few lines as that allows."""
    import textwrap

    from matplotlib.text import Text

    renderer, probe = _renderer(fig), Text(0, 0, "", fontsize=size)
    probe.set_figure(fig)

    def wide(lines: str) -> float:
        probe.set_text(lines)
        return float(probe.get_window_extent(renderer).width)

    if wide(text) <= room:  # as given, its own line breaks too
        return text
    chars, out = len(text), text
    while wide(out := "\n".join(textwrap.wrap(text, chars, break_on_hyphens=False)) or text) > room and chars > 20:
        chars -= 2
    return out


def _footnote(fig: Figure, text: str) -> float:
    """Write the caption at the foot of ``fig``, wrapped to its width; the share of its height it takes."""
    import textwrap

    width_in, height_in = fig.get_size_inches()
    chars = max(40, int(width_in * 17))  # about 17 characters of 7.5 pt text to the inch
    lines = [ln for part in text.split("\n") for ln in textwrap.wrap(part, chars, break_on_hyphens=False)]
    fig.text(0.01, 0.005, "\n".join(lines), fontsize=7.5, color="#555555", ha="left", va="bottom")
    return 0.01 + len(lines) * 7.5 * 1.3 / 72 / height_in


def _flat(band: dict[str, Any]) -> bool:
    """Whether a band has no width anywhere: drawn, it would be invisible."""
    return all(lo == hi for lo, hi in zip(band["p5"], band["p95"], strict=True))


# --- attendance ----------------------------------------------------------------------------


def plot_attendance(
    replay: Replay,
    ax: Axes | None = None,
    *,
    by: str = "faction",
    compare: Sequence[Replay] = (),
    compare_groups: bool = False,
    band: dict[str, Any] | None = None,
    attested: Sequence[Attested] = (),
    title: str | None = None,
    width: float = 13,
    height: float = 7,
    dpi: float = 100,
) -> Figure:
    """Delegates present over time: a stacked step area by faction (or party), the total, the
    recesses shaded, the sessions marked, and what happened labelled above. ``band`` (an
    ensemble summary's ``"band"``) adds the median and the 5-95% band of the total. ``attested``
    (:func:`congress_sim.record.attested.attested_counts`) marks the counts sources give as points
    labelled with their sources; the replay's stacks and total are then drawn lighter and dashed, as
    what they are between those points: the model's assumption.

    >>> import congress_sim as cs
    >>> fig = cs.plot_attendance(cs.simulate(cs.load("scenarios/historical.yaml")))
    >>> fig.axes[1].get_ylabel()
    'delegates present'
    """
    if by not in ("faction", "party"):  # anything else drew parties, unasked
        from congress_sim.errors import CongressSimError

        raise CongressSimError(f"by must be 'faction' or 'party', not {by!r}")
    if ax is None:
        fig = _figure(width, height, dpi)
        lane, ax = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [1, 3.2], "hspace": 0})
    else:
        fig, lane = _owner(ax), None
    axis = TimeAxis.of(replay, *compare)
    times, groups = attendance_series(replay, by)
    xs = axis.series(times)
    drawn = [g for g, counts in groups.items() if any(counts)]
    colours = dict(zip(drawn, distinct([_colour_of(replay, g) for g in drawn]), strict=True))
    lower = [0] * len(xs)
    stacks = []
    for g in drawn:
        upper = [lo + n for lo, n in zip(lower, groups[g], strict=True)]
        stacks.append(ax.fill_between(xs, lower, upper, step="post", color=colours[g], alpha=0.55 if attested else 0.9,
                                      linewidth=0, label=name.group(replay.scenario, g), gid=f"stack:{g}"))
        lower = upper
    if attested:  # the replay's total is evidence only where a source gives it
        lines = ax.step(xs, lower, where="post", color="#222222", linewidth=1.3, linestyle=(0, (4, 2)),
                        label="total: assumed between attested counts", gid="total")
    else:
        lines = ax.step(xs, lower, where="post", color="black", linewidth=1.4, label="total", gid="total")
    others = unlike([*colours.values(), "#000000"], len(compare), COMPARE_COLOURS)
    for other, colour, dash, said in zip(compare, others, COMPARE_DASHES * len(compare), _legend_names(compare, replay),
                                         strict=False):
        o_times, o_groups = attendance_series(other, by)
        o_xs = axis.series(o_times)
        totals = [sum(col) for col in zip(*o_groups.values(), strict=True)]
        lines += ax.step(o_xs, totals, where="post", color=colour, linestyle=dash, linewidth=1.6,
                         label=said, gid=f"compare:{other.scenario.title}")
        if compare_groups:
            for g, counts in o_groups.items():
                if any(counts):
                    ax.step(o_xs, counts, where="post", color=_colour_of(other, g), linestyle=":", linewidth=1.2)
    if band is not None:
        fill, median = _band(ax, axis, band, xs, lower)
        stacks.append(fill)
        lines.append(median)
    top = max(lower) if lower else 1
    if band is not None:
        top = max(top, max(band["p95"]))
    top = max([top, *(p.total for p in attested)])
    for other in compare:
        top = max(top, max(sum(c) for c in zip(*attendance_series(other, by)[1].values(), strict=True)))
    ax.set_ylim(0, top * 1.12)
    ax.set_xlim(0, axis.drawn)
    if attested:
        lines += _attested(attested, axis, ax)
    _shade(replay, axis, ax, lane)
    _ticks(replay, axis, ax)
    ax.set_ylabel(f"{name.members(replay.scenario)} present")
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    # the legend reads as the stack does, top down; then the lines
    band_patch = stacks[len(drawn):]
    ax.legend(handles=[*reversed(stacks[:len(drawn)]), *lines, *band_patch], loc="upper left",
              bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
    if lane is not None:
        grouped = ", by party" if by == "party" else ""  # the two figures of one scenario told apart
        said = title or f"{replay.scenario.title}: {name.members(replay.scenario)} present{grouped}"
        # the title starts over the plot, right of its axis's labels (about an inch): it wraps before the figure's edge
        lane.set_title(_wrapped(fig, said, 12, fig.bbox.width - fig.dpi), loc="left", fontsize=12)
        foot = _footnote(fig, _caption(replay, band, attested, compare))
        fig.get_layout_engine().set(h_pad=0.1, rect=(0, foot, 1, 1 - foot))  # type: ignore[union-attr, call-arg]
        _events(replay, axis, lane, ax)  # settles the layout
    else:
        if title:
            ax.set_title(title)
        fig.draw_without_rendering()
    if attested:
        crossing = [(line.get_xdata(), line.get_ydata()) for line in lines
                    if (line.get_gid() or "").startswith(("compare:", "band:median"))]
        _attested_labels(attested, axis, ax, (xs, lower), crossing)
    _clear_labels(ax)
    _thin_ticks(replay, axis, ax)
    return fig


BAND_EDGE = "#444444"


def _band(ax: Axes, axis: TimeAxis, band: dict[str, Any], xs: list[float], total: list[int]) -> tuple[Any, Any]:
    """The 5-95% band of the total and its median. Grey laid over the stacks would mix with each
    faction's colour, so the band is filled grey only above the replay's total; across the stacks it
    is dotted (unlike the breaks' hatching), and its bounds are lines, which leave their colours as they are."""
    from matplotlib.cbook import pts_to_poststep
    from matplotlib.path import Path as Outline

    bx = axis.series(band["minutes"])  # as the total is: on a sitting of no length, across the minute drawn
    sx, sy = pts_to_poststep(xs, total)
    left, right, high = min(bx[0], sx[0]), max(bx[-1], sx[-1]), 2 * max(*band["p95"], *total, 1)
    top = [(left, sy[0]), *zip(sx, sy, strict=True), (right, sy[-1])]
    fill = ax.fill_between(bx, band["p5"], band["p95"], facecolor="#00000029", edgecolor=BAND_EDGE, hatch=".",
                           linewidth=0, label="total, 5-95% of replays" + (" (zero width)" if _flat(band) else ""),
                           gid="band", zorder=1.5)
    fill.set_clip_path(Outline([*top, (right, high), (left, high)]), ax.transData)
    across = ax.fill_between(bx, band["p5"], band["p95"], facecolor="none", edgecolor=BAND_EDGE, hatch=".",
                             linewidth=0, gid="band:across", zorder=1.5)
    across.set_clip_path(Outline([*top, (right, -high), (left, -high)]), ax.transData)
    for key in ("p5", "p95"):
        ax.plot(bx, band[key], color=BAND_EDGE, linewidth=0.8, gid=f"band:{key}", zorder=3)
    median, = ax.plot(bx, band["median"], color="#000000", linestyle=(0, (1, 1)), linewidth=1.2,
                      label="total, median of replays", gid="band:median", zorder=3)
    return fill, median


def _attested(attested: Sequence[Attested], axis: TimeAxis, ax: Axes) -> list[Any]:
    """Each attested count as a point (:func:`_attested_labels` labels them, once the layout is settled)."""
    return ax.plot([axis.x(p.time) for p in attested], [p.total for p in attested], linestyle="none", marker="D",
                   markersize=6.5, markerfacecolor="white", markeredgecolor="black", markeredgewidth=1.5, clip_on=False,
                   zorder=5, label="attested count (labelled with its sources)", gid="attested")


def _attested_labels(attested: Sequence[Attested], axis: TimeAxis, ax: Axes, total: tuple[Sequence[float], Sequence[float]],
                     others: Sequence[tuple[Any, Any]]) -> None:
    """Beside each attested point, the count and its sources' keys, one line per count: labels at one
    moment stand above the replay's ``total`` and clear of the ``others`` drawn (each line as xs and
    ys: a compared total, a median) across the width they take, and of one another, joined to their
    points by leaders, and point inward, away from the edge the moment is nearest. Call once the
    layout is settled: the labels' widths are measured as drawn."""
    from matplotlib.text import Text

    renderer = _renderer(_owner(ax))
    per_x = ax.get_window_extent(renderer).width / max(axis.width, 1)  # pixels to a minute of the axis
    low, high = ax.get_ylim()
    gap = 0.042 * (high - low)  # a line of the labels' text, in delegates
    clear = 0.8 * gap  # from a line to the middle of a label
    at: dict[float, list[Attested]] = {}
    for p in attested:
        at.setdefault(axis.x(p.time), []).append(p)
    for x, points in at.items():
        points.sort(key=lambda p: p.total)
        right = x < axis.width / 2
        dx = 0.035 * axis.width * (1 if right else -1)
        labels = []
        for p in points:
            text = f"{p.total} ({'sources' if len(p.sources) > 1 else 'source'}: {', '.join(p.names or p.sources)})"
            labels.append(ax.annotate(
                text, (x, p.total), xytext=(x + dx, p.total), textcoords="data", fontsize=7.5,
                ha="left" if right else "right", va="center", color="#111111", zorder=6, gid=f"attested:{text}",
                annotation_clip=False, in_layout=False,
                bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 1},
                arrowprops={"arrowstyle": "-", "color": "#444444", "linewidth": 0.7, "shrinkA": 0, "shrinkB": 4,
                            "relpos": (0.0 if right else 1.0, 0.5)}))
        wide = max(Text.get_window_extent(t, renderer).width for t in labels)  # the text, without its leader
        # a line of text, as drawn: in a short plot more delegates than the share of the axis above
        tall = max(Text.get_window_extent(t, renderer).height for t in labels) + 2
        gap = max(gap, tall * (high - low) / ax.get_window_extent(renderer).height)
        reach = dx + (1 if right else -1) * wide / per_x
        lo, hi = sorted((x, x + reach))
        floor = max(b for _, b in _taken(*total, lo, hi)) + clear
        taken = [(a - clear, b + clear) for line in others for a, b in _taken(*line, lo, hi)]
        ys: list[float] = []
        for p in points:  # each label at its count, or just above the line and the label below it,
            y = max(p.total, ys[-1] + gap if ys else floor)
            while hit := [b for a, b in taken if a < y < b]:  # and above any other line it would cross
                y = max(hit)
            ys.append(y)
        over = ys[-1] - (high - gap / 2)
        for label, y in zip(labels, ys, strict=True):  # the top label stays inside the axes
            label.xyann = (x + dx, y - max(over, 0))


def _clear_labels(ax: Axes) -> None:
    """Keep the words written on the plot apart, once the layout is settled: breaks drawn close
    together (a narrow figure of many sittings) have theirs set on one line, and where even so one
    would print over the one before, it is left out (the hatching still marks the break); and a
    recess's word that an attested count's label crosses goes down, under the labels."""
    from matplotlib.text import Text

    renderer = _renderer(_owner(ax))

    def box(t: Any) -> Any:
        if hasattr(t, "update_positions"):  # an annotation: where it is now, not where it was last drawn
            t.update_positions(renderer)
        return Text.get_window_extent(t, renderer)  # the text alone, without its leader

    def clash(boxes: list[Any]) -> bool:
        return any(a.x1 > b.x0 for a, b in zip(boxes, boxes[1:], strict=False))

    breaks = sorted((t for t in ax.texts if t.get_gid() == "break-label"), key=lambda t: t.get_position()[0])
    if clash([box(t) for t in breaks]):
        for t in breaks:
            t.set_text(t.get_text().replace("\n", " "))
        kept = None
        for t in breaks:
            if kept is not None and box(kept).x1 > box(t).x0:
                t.set_visible(False)
            else:
                kept = t
    points = [box(t) for t in ax.texts if (t.get_gid() or "").startswith("attested:")]
    frame = ax.get_window_extent(renderer)
    for t in ax.texts:
        if not (t.get_gid() or "").startswith("recess-label:"):
            continue
        while crossed := [p for p in points if box(t).overlaps(p)]:  # under the lowest label it crosses
            t.set_y((min(p.y0 for p in crossed) - 3 - frame.y0) / frame.height)


def _taken(xs: Sequence[float], ys: Sequence[float], lo: float, hi: float) -> list[tuple[float, float]]:
    """The heights a step line (each value held from its x to the next) takes between lo and hi: each
    level, and the span of each rise or fall."""
    out = []
    for k, (x, y) in enumerate(zip(xs, ys, strict=True)):
        if x > hi:
            break
        if k + 1 < len(xs) and xs[k + 1] < lo:
            continue
        out.append((y, y))
        if k + 1 < len(xs) and xs[k + 1] <= hi:
            out.append((min(y, ys[k + 1]), max(y, ys[k + 1])))
    return out


def duration(minutes: float) -> str:
    """A length of time as a reader counts it: ``6 h 56`` within a day, ``108 d 5 h`` beyond (to the
    nearest hour), ``3 d`` for whole days.

    >>> duration(416), duration(155_810), duration(2 * 1440 + 20)
    ('6 h 56', '108 d 5 h', '2 d')
    """
    whole = int(round(minutes))
    if whole < 1440:
        h, m = divmod(whole, 60)
        return f"{h} h {m:02d}"
    d, h = divmod(int(round(whole / 60)), 24)
    return f"{d} d {h} h" if h else f"{d} d"


def _shade(replay: Replay, axis: TimeAxis, ax: Axes, lane: Axes | None) -> None:
    for item, a, b in replay.recesses():
        ax.axvspan(axis.x(a), axis.x(b), color="#9e9e9e", alpha=0.25, linewidth=0, gid=f"recess:{item}")
        ax.text((axis.x(a) + axis.x(b)) / 2, 0.98, "recess", transform=ax.get_xaxis_transform(), ha="center",
                va="top", fontsize=7.5, color="#555555", rotation=90, gid=f"recess-label:{item}")
    for x0, x1, minutes in axis.gaps():
        ax.axvspan(x0, x1, facecolor="white", edgecolor="#bbbbbb", hatch="////", linewidth=0, alpha=1.0,
                   gid="break", zorder=0.5)
        ax.text((x0 + x1) / 2, 0.5, f"break\n{duration(minutes)}", transform=ax.get_xaxis_transform(), ha="center",
                va="center", fontsize=7.5, color="#555555", rotation=90,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1}, gid="break-label")
    sessions = replay.sessions()
    titles = {s.id: s.title or s.id for s in replay.scenario.sessions}
    # a title stands 4 minutes off its session's edge; on the axis of a sitting of no length (drawn a
    # minute wide) 4 minutes would put it outside the figure, and the layout would collapse to fit it
    pad = 4.0 if axis.width else 0.005
    for k, (sid, a, b) in enumerate(sessions):  # the sessions' edges in the plot only: in the lane they would cut labels
        ax.axvline(axis.x(a), color="#333333", linewidth=0.8)
        ax.axvline(axis.x(b), color="#333333", linewidth=0.8)
        # a short last session (a sitting of minutes) has its title end at its close, inside the plot
        inside = k == len(sessions) - 1 and axis.x(b) - axis.x(a) < 0.15 * axis.width
        ax.text(axis.x(b) - pad if inside else axis.x(a) + pad, 0.02, titles[sid], transform=ax.get_xaxis_transform(),
                fontsize=8.5, va="bottom", ha="right" if inside else "left", color="#222222",
                bbox={"facecolor": "white", "alpha": 0.7, "edgecolor": "none", "pad": 1},
                gid=f"session-title:{axis.x(a)}:{axis.x(b)}")  # where its session is drawn: how far it may reach


STEPS = (10, 15, 30, 60, 120, 360, 720, 1440, 2880, 10080, 20160, 43200)  # minutes between ticks: 10 min to 30 days
TICK_ROOM = 0.4  # inches: the least distance between two ticks, as drawn


def _tick_times(axis: TimeAxis, step: float) -> list[tuple[float, bool]]:
    """Each session's edges and the whole multiples of ``step`` within it (none too near an edge to
    be read apart from it), each with whether it is a session's edge."""
    ticks: list[tuple[float, bool]] = []
    for a, b, _ in axis.segments:
        ticks.append((a, True))
        t = (a // step + 1) * step
        while t < b - step / 3:
            if t - a >= step / 3:
                ticks.append((t, False))
            t += step
        ticks.append((b, True))
    return [tick for k, tick in enumerate(ticks) if not k or tick[0] > ticks[k - 1][0]]  # a sitting of no length


def _ticks(replay: Replay, axis: TimeAxis, ax: Axes) -> None:
    """Set the time axis's label, and its sessions' edges as ticks until the layout is settled
    (:func:`_thin_ticks` then chooses the step between them, from the width as drawn)."""
    clock = replay.clock
    kept = _tick_times(axis, STEPS[-1])
    ax.set_xticks([axis.x(t) for t, _ in kept], _tick_labels(replay, [t for t, _ in kept]), fontsize=8)
    style = f"{STYLE[clock.calendar]}, {STYLE[clock.other]} in brackets" if clock.dual else STYLE[clock.calendar]
    when = f"time ({style})" if clock.styled else "time"  # an ordinary Gregorian date is not called New Style
    ax.set_xlabel(f"{when}; {axis.said()}" if axis.said() else when, fontsize=9)


def _tick_labels(replay: Replay, ticks: Sequence[float]) -> list[str]:
    """Each tick's time, and under the first of each day its date (where dates would crowd, the
    thinning of the labels decides which stay: :func:`_thin_ticks`)."""
    clock = replay.clock
    labels: list[str] = []
    last_day = None
    for t in ticks:
        jdn = clock.epoch_jdn + int(round(t)) // 1440
        hhmm = clock.iso(t)[11:]
        if jdn == last_day:
            labels.append(hhmm)
            continue
        last_day = jdn
        _, m, d = from_jdn(jdn, clock.calendar)
        day = f"{d} {MONTHS[m - 1]}"
        if clock.dual:
            _, m2, d2 = from_jdn(jdn, clock.other)
            day += f" [{d2} {MONTHS[m2 - 1]}]"
        labels.append(f"{hhmm}\n{day}")
    return labels


def _thin_ticks(replay: Replay, axis: TimeAxis, ax: Axes) -> None:
    """Tick the time axis as finely as its drawn width allows: every 10, 15 or 30 minutes, every 1,
    2, 6 or 12 hours, or every 1, 2, 7, 14 or 30 days, the finest step whose ticks stand
    ``TICK_ROOM`` apart, the same across every session; then leave out the tick labels that would
    still print over their neighbours: of two that overlap, the one that tells less goes (a time
    before a date, a tick within a session before a session's edge; the axis's two ends stay), and
    the dates are set again. Call once the layout is settled: widths are measured in pixels."""
    from matplotlib.text import Text

    fig = _owner(ax)
    renderer = _renderer(fig)
    probe = Text(0, 0, "", fontproperties=ax.get_xticklabels()[0].get_fontproperties())
    probe.set_figure(fig)
    pad = 4.0 * fig.dpi / 100

    def widths(labels: list[str]) -> list[float]:
        out = []
        for label in labels:
            probe.set_text(label)
            out.append(probe.get_window_extent(renderer).width)
        return out

    per_minute = ax.get_window_extent(renderer).width / max(axis.width, 1)  # a sitting of no length: as of one minute
    for step in STEPS:  # the finest whose every label, a date too, has room between two ticks
        ticks = _tick_times(axis, step)
        room = max(widths(_tick_labels(replay, [t for t, _ in ticks]))) + pad
        if step * per_minute >= max(room, TICK_ROOM * fig.dpi):
            break
    while True:
        labels = _tick_labels(replay, [t for t, _ in ticks])
        px = [ax.transData.transform((axis.x(t), 0))[0] for t, _ in ticks]
        half = [w / 2 for w in widths(labels)]
        clash = next((i for i in range(len(ticks) - 1) if px[i] + half[i] + pad > px[i + 1] - half[i + 1]), None)
        if clash is None:
            break
        worth = [(k in (0, len(ticks) - 1), "\n" in labels[k], ticks[k][1]) for k in (clash, clash + 1)]
        ticks.pop(clash if worth[0] < worth[1] else clash + 1)  # a tie: the later goes
    ax.set_xticks([axis.x(t) for t, _ in ticks], labels, fontsize=8)
    _fit_titles(ax, renderer, pad)


def _fit_titles(ax: Axes, renderer: Any, pad: float) -> None:
    """Shorten each session's title to the width of its session (to its end, or from its start for
    one drawn leftwards), so that no title prints over the next. A sitting too narrow for its title
    across (a stump such as ``The…`` says nothing), or of no length, drawn as a line, has it written
    upward on its middle, from the foot of the plot, as far as the plot is tall and clear of every
    other text drawn there; one that has no room for it even so is left out."""
    upward = []
    for text in ax.texts:
        gid = text.get_gid() or ""
        if not gid.startswith("session-title:"):
            continue
        full = text.get_text()
        opens, closes = (ax.transData.transform((float(x), 0))[0] for x in gid.split(":")[1:])
        at = ax.transData.transform((text.get_position()[0], 0))[0]
        room = (closes - at if text.get_horizontalalignment() == "left" else at - opens) - pad
        n = len(full)
        while n > 0 and text.get_window_extent(renderer).width > room:
            n -= 1
            text.set_text(name.short(full, n))
        if n == 0 or len(text.get_text()) < min(len(full), 12):
            text.set_text(full)
            text.set_visible(False)  # not yet in the way of another
            upward.append((text, (opens + closes) / 2))
    frame = ax.get_window_extent(renderer)
    to_data = ax.transData.inverted()
    for text, middle in upward:
        text.set_rotation(90)
        text.set_horizontalalignment("center")
        text.set_x(to_data.transform((middle, 0))[0])
        others = [t.get_window_extent(renderer) for t in ax.texts if t is not text and t.get_visible() and t.get_text()]
        text.set_visible(True)  # measured: a hidden text has no extent
        box = text.get_window_extent(renderer)
        if box.x1 > frame.x1 or box.x0 < frame.x0:  # a sitting at an end of the axis: the title stays inside
            right = box.x1 > frame.x1
            text.set_horizontalalignment("right" if right else "left")
            text.set_x(to_data.transform((frame.x1 if right else frame.x0, 0))[0])
        full, n = text.get_text(), len(text.get_text())
        while n > 0 and ((box := text.get_window_extent(renderer)).y1 > frame.y1 - pad
                         or any(box.overlaps(o) for o in others)):
            n -= 1
            text.set_text(name.short(full, n))
        text.set_visible(n > 0 and len(text.get_text()) >= min(len(full), 12))


def _event_labels(replay: Replay) -> list[tuple[float, str, str, int]]:
    """(time, label, colour, rank) for what is worth marking: votes and walkouts (rank 0), elections (1),
    arrivals (2) and news (3); where the lane has no room for all, the highest rank goes first."""
    out: list[tuple[float, str, str, int]] = []
    arrivals: dict[str, tuple[float, float, int]] = {}
    for e in replay.events:
        if isinstance(e, ev.Arrived) and e.item is not None:
            a0, _, n = arrivals.get(e.item, (e.time, e.time, 0))
            arrivals[e.item] = (a0, e.time, n + e.count)
    votes = [v.time for v in replay.votes()]
    if arrivals:  # arrivals that overlap are one label
        spans = sorted(arrivals.values())
        group = [spans[0]]
        for span in [*spans[1:], None]:
            if span is not None and span[0] <= max(g[1] for g in group):
                group.append(span)
                continue
            start, end = group[0][0], max(g[1] for g in group)
            n = sum(g[2] for g in group)
            arrive = f"+{n} {'arrives' if n == 1 else 'arrive'}"
            if any(start < v < end for v in votes):  # some counted at a vote, some after it: a span, not a moment
                arrive = f"+{n} arrived since {replay.clock.label(start, both=False).strip()}"
            out.append((end, arrive, "#2166ac", 2))
            group = [span] if span is not None else []
    # votes in quick succession with the same result are one label, at the first of them; but not
    # across anything else labelled, which would then seem to come after them all
    arrived = [t for t, *_ in out]  # the arrivals' labels, so far the only ones
    run: list[ev.VoteTaken] = []

    def votes_end() -> None:
        if len(run) == 1:
            f, a, b = run[0].totals()
            motion = name.short(name.item(replay, run[0].item), 40)
            out.append((run[0].time, f"{motion} {RESULT_MARK[run[0].result]} {f}\u2013{a}\u2013{b}", "#1a1a1a", 0))
        elif run:
            out.append((run[0].time, f"{len(run)} votes {RESULT_MARK[run[0].result]}", "#1a1a1a", 0))
        run.clear()

    for e in replay.events:
        if isinstance(e, ev.VoteTaken):
            if run and (e.time - run[-1].time > 10 or e.result != run[-1].result
                        or any(run[-1].time < t < e.time for t in arrived)):
                votes_end()
            run.append(e)
        elif isinstance(e, ev.WalkoutBegan):
            votes_end()
            if e.delegates:
                names = ", ".join(name.group(replay.scenario, f) for f in e.factions)
                out.append((e.time, f"walkout: {names} ({e.delegates})", "#b2182b", 0))
            else:  # put, and no one went: said, not drawn as a walkout of nobody; named as the others are
                asked = getattr(replay.plan.items.get(e.item), "factions", None) or ()
                names = ", ".join(name.group(replay.scenario, f) for f in asked)
                out.append((e.time, f"walkout: {names} (no one leaves)" if names else "walkout: no one leaves",
                            "#444444", 0))
        elif isinstance(e, ev.ItemBegan) and e.what == "announcement":
            votes_end()
            out.append((e.time, name.short(name.item(replay, e.item), 32), "#444444", 3))
        elif isinstance(e, ev.Elected):
            votes_end()
            out.append((e.time, f"{name.body(replay.scenario, e.body)} ({sum(e.seats.values())})", "#5e3c99", 1))
    votes_end()
    return sorted(out, key=lambda e: e[0])


def _events(replay: Replay, axis: TimeAxis, lane: Axes, ax: Axes) -> None:
    """Label events in the lane above the plot, each on a stem from the axis to the lowest row where
    it overlaps no other label and no other stem crosses it, and its own stem crosses no label; at a
    smaller size if the lane cannot hold them all."""
    lane.set_ylim(0, 1)
    lane.set_yticks([])
    for side in ("left", "right", "top"):
        lane.spines[side].set_visible(False)
    lane.tick_params(axis="x", length=0, labelbottom=False)
    fig = _owner(lane)
    fig.draw_without_rendering()  # settle the layout first, so that measured extents stay true
    fig.set_layout_engine("none")
    events = _event_labels(replay)
    # a line at each event labelled, and at each vote, one of several labelled as one too
    lines = {**{v.time: "#1a1a1a" for v in replay.votes()}, **{t: colour for t, _, colour, _ in events}}
    for t, colour in lines.items():
        ax.axvline(axis.x(t), color=colour, linewidth=0.6, linestyle=":", alpha=0.8, gid="event")
    sizes, texts = [7.5, 7.0, 6.5, 6.0], []
    while events:
        texts = [lane.text(axis.x(t), 0, " " + text, fontsize=sizes[0], color=colour, ha="left", va="bottom",
                           gid=f"label:{text}", zorder=3, bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6})
                 for t, text, colour, _ in events]
        if _place(texts, [axis.x(t) for t, _, _, _ in events], lane):
            break
        for label in texts:
            label.remove()
        texts = []
        if len(sizes) > 1:
            sizes.pop(0)
        elif not _grow_lane(lane, ax, sizes[0]):  # still no room at the smallest size: the least telling label goes
            events.remove(max(events, key=lambda e: (e[3], e[0])))
    _fit_lane(lane, ax, texts)
    for label, (t, _, colour, _) in zip(texts, events, strict=True):
        x = axis.x(t)
        lane.plot([x, x], [0, label.get_position()[1]], color=colour, linewidth=0.6, zorder=1, gid="stem")


LANE_MOST = 0.5  # the tallest the lane may grow, as a share of the plot's height beneath it


def _grow_lane(lane: Axes, ax: Axes, size: float) -> bool:
    """Make the lane a row of ``size`` point labels taller, taking the height from the plot (a caption
    of several compared replays leaves the lane less of the figure); False where it would then be
    taller than ``LANE_MOST`` of the plot."""
    row = size * 1.5 / 72 / _owner(lane).get_size_inches()[1]  # a share of the figure's height
    top, plot = lane.get_position(), ax.get_position()
    if top.height + row > LANE_MOST * (plot.height - row):
        return False
    lane.set_position((top.x0, top.y0 - row, top.width, top.height + row))
    ax.set_position((plot.x0, plot.y0, plot.width, plot.height - row))
    return True


def _fit_lane(lane: Axes, ax: Axes, texts: list[Any]) -> None:
    """Give the plot the height of the lane its labels leave empty: the lane keeps its top (and the
    title above it) and is only as tall as its labels reach, and the plot reaches up to its foot."""
    renderer = _renderer(_owner(lane))
    frame = lane.get_window_extent(renderer).frozen()  # as it is now: the lane's own extent follows it
    used = max((t.get_window_extent(renderer).y1 for t in texts), default=frame.y0) - frame.y0 + 4
    if used >= frame.height:
        return
    top, plot = lane.get_position(), ax.get_position()
    spare = (frame.height - used) / _owner(lane).bbox.height  # a share of the figure's height
    lane.set_position((top.x0, top.y0 + spare, top.width, top.height - spare))
    ax.set_position((plot.x0, plot.y0, plot.width, plot.height + spare))
    for label in texts:  # each stays as far above the lane's foot as it was
        label.set_y(label.get_position()[1] * frame.height / used)


def _place(texts: list[Any], xs: list[float], lane: Axes) -> bool:
    """Put each label in its row; False if they do not all fit.

    A label reaching over another event's stem must sit higher than that event's label, or the stem
    would cross it; so each label takes the side of its stem (left or right) that reaches over the
    fewest other stems and stays in the lane, and labels are placed lowest first in the
    order that rule sets, each in the lowest row above those it reaches over where it overlaps none.
    """
    renderer = _renderer(_owner(lane))
    frame = lane.get_window_extent(renderer)
    px = [lane.transData.transform((x, 0))[0] for x in xs]
    pad = 6.0 * _owner(lane).dpi / 100  # room for text set at another resolution (a saved copy, an SVG)
    boxes = [label.get_window_extent(renderer) for label in texts]
    height = max((b.height for b in boxes), default=10) + 2
    rows = max(1, int((frame.height - 2) // height))

    def over(lo: float, hi: float, x: float) -> list[int]:  # the other stems a span reaches over
        return [j for j, s in enumerate(px) if lo - 1 < s < hi + 1 and s != x]

    spans: list[tuple[float, float]] = []
    other: list[tuple[float, float] | None] = []  # the side each label did not take, where it stays in the lane
    for x, box in zip(px, boxes, strict=True):
        sides = [(x, x + box.width), (x - box.width, x)]
        sides = [s for s in sides if s[0] >= frame.x0 and s[1] <= frame.x1]
        if not sides:
            return False
        spans.append(min(sides, key=lambda s: len(over(s[0], s[1], x))))  # ties: the first, to the right
        other.append(next((s for s in sides if s != spans[-1]), None))
    below = [set(over(lo, hi, x)) for (lo, hi), x in zip(spans, px, strict=True)]
    row: dict[int, int] = {}
    while len(row) < len(texts):
        ready = [i for i in range(len(texts)) if i not in row and below[i] <= set(row)]
        if not ready:  # labels reach over each other's stems (two facing each other): one turns to its other side,
            # once, the one that then reaches over the fewest stems not yet placed
            turn = {i: side for i, side in enumerate(other) if i not in row and side is not None}
            if not turn:
                return False
            i = min(turn, key=lambda i: len(set(over(*turn[i], px[i])) - set(row)))
            spans[i], other[i] = turn[i], None
            below[i] = set(over(*spans[i], px[i]))
            continue
        for i in ready:
            lo, hi = spans[i]
            r = 1 + max((row[j] for j in below[i]), default=-1)
            while any(row[j] == r and lo - pad < spans[j][1] and hi + pad > spans[j][0] for j in row):
                r += 1
            row[i] = r
    if max(row.values()) >= rows:
        return False
    for i, label in enumerate(texts):
        label.set_in_layout(False)
        if spans[i][0] < px[i]:  # ends at its stem
            label.set_text(label.get_text().lstrip() + " ")
            label.set_horizontalalignment("right")
        label.set_y((2 + row[i] * height) / frame.height)
    return True


# --- votes ---------------------------------------------------------------------------------


def threshold(vote: ev.VoteTaken) -> float | None:
    """The number of votes for at which a motion passes under its majority rule (None where each
    party casts one vote, and no count of heads carries it)."""
    return None if vote.needed is None else float(vote.needed)


def plot_votes(replay: Replay, ax: Axes | None = None, *, ensemble: dict[str, Any] | None = None,
               title: str | None = None, width: float = 11, height: float | None = None, dpi: float = 100) -> Figure:
    """Each vote's tally as a bar (for, against, abstaining, not voting), its rule's threshold marked.
    ``ensemble`` (an ensemble summary, :meth:`Ensemble.summary`) adds under each bar the 5-95% range
    of the votes for and against over the replays that put the vote, and beside it the share of
    replays that adopted it where some did and some did not, and of those that lacked its quorum or did
    not put it.

    >>> import congress_sim as cs
    >>> scenario = cs.load("scenarios/historical-uncertain.yaml")
    >>> summary = cs.ensemble(scenario, runs=200, seed=1, jobs=1).summary()
    >>> fig = cs.plot_votes(cs.simulate(scenario), ensemble=summary)
    >>> sorted({line.get_gid().split(":")[1] for line in fig.axes[0].get_lines() if line.get_gid().endswith(":spread")})
    ['against', 'for']
    """
    votes = replay.votes()
    spread = {v["id"]: v for v in ensemble["votes"]} if ensemble is not None else None
    if ax is None:
        fig = _figure(width, height or 1.5 + (0.42 if spread is None else 0.6) * max(len(votes), 2), dpi)
        ax = fig.add_subplot()
        foot = _footnote(fig, _caption(replay) + (_spread_said(replay, ensemble) if ensemble is not None else ""))
        fig.get_layout_engine().set(rect=(0, foot, 1, 1 - foot))  # type: ignore[union-attr, call-arg]
    else:
        fig = _owner(ax)
    if not votes:  # say so, rather than draw empty axes
        ax.text(0.5, 0.5, "No vote was taken in this replay.", transform=ax.transAxes, ha="center", va="center",
                fontsize=11, color="#555555", gid="none")
    when = [replay.clock.label(v.time, both=False).strip().replace(" ", "\u00a0") for v in votes]  # never broken
    names = [_lines(name.item(replay, v.item), 42, tail=f" ({w})") for v, w in zip(votes, when, strict=True)]
    ys = list(range(len(votes)))[::-1]
    casting_drawn = False
    # a vote no count of heads carries (each party casting one vote) has no mark; where others have one,
    # or the rules differ, its bar says which rule it was decided by
    unmarked = [v for v in votes if v.result != "not taken" and threshold(v) is None]
    marked = sum(v.result != "not taken" for v in votes) - len(unmarked)
    each = bool(unmarked) and (marked > 0 or len({v.majority for v in unmarked}) > 1)
    # with an ensemble, each bar is drawn narrower and higher in its row, and its whiskers beneath it
    bar, high, reach = (0.7, 0.0, 0.42) if spread is None else (0.5, 0.12, 0.3)
    ends: list[float] = []  # where each whisker ends
    for y, v in zip(ys, votes, strict=True):
        f, a, b = v.totals()
        # the bar is those present; a chair's casting vote (the chair is not one of them) is drawn after it
        f0, a0 = f - (v.casting == "for"), a - (v.casting == "against")
        left = 0.0
        for part, n in zip(TALLY_COLOURS, (f0, a0, b, v.present - f0 - a0 - b), strict=True):
            ax.barh(y + high, n, left=left, color=TALLY_COLOURS[part], height=bar, gid=f"{v.item}:{part}",
                    label=part if y == ys[0] else None)
            left += n
        if v.casting in ("for", "against"):
            ax.barh(y + high, 1, left=left, color=TALLY_COLOURS[v.casting], height=bar, hatch="////",
                    edgecolor="white", linewidth=0, gid=f"{v.item}:casting",
                    label=None if casting_drawn else "the chair's casting vote")
            casting_drawn = True
            left += 1
        tx = threshold(v)
        if v.result != "not taken" and tx is not None:
            ax.plot([tx, tx], [y + high - reach, y + high + reach], color="black", linewidth=1.5,
                    gid=f"{v.item}:threshold")
        cast = f" (casting vote {v.casting})" if v.casting else ""
        none = f"\nno mark: {v.majority}" if each and v in unmarked else ""
        # a vote not taken has no tally to give, but the quorum it fell short of, as the transcript says
        said = (f", no quorum ({v.present} present, {v.quorum} needed)" if v.result == "not taken"
                else f"  {f}\u2013{a}\u2013{b}{cast}{none}")
        row = spread.get(v.item) if spread is not None else None
        reach_to = _whiskers(ax, y, v.item, row) if row is not None else []
        end = max([left, *reach_to])
        ends += reach_to
        ax.text(end + v.present * 0.01 + 2, y + high, f"{RESULT_MARK[v.result]} {v.result}{said}",
                va="center", fontsize=8, gid=f"{v.item}:result")
        if row is not None and (shares := _shares(row, ensemble["runs"] if ensemble else 0)):
            ax.text(end + v.present * 0.01 + 2, y - 0.28, shares, va="center", fontsize=7, color="#444444",
                    gid=f"{v.item}:shares")
    ax.set_yticks(ys, names, fontsize=8)
    styled = f"; times {STYLE[replay.clock.calendar]}" if replay.clock.styled else ""  # the labels give one style only
    ax.set_xlabel(_votes_axis(replay, marked, unmarked) + styled)
    ax.set_xlim(0, max([*ends, *(v.present for v in votes)], default=1) * 1.28)
    if votes:
        ax.legend(loc="lower right", fontsize=8, frameon=False, ncols=4 + casting_drawn, bbox_to_anchor=(1, 1))
    # the title stands clear above the legend, which stands on the plot's top at its right
    ax.set_title(title or f"{replay.scenario.title}: votes", loc="left", fontsize=12, pad=22)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig


SPREAD_ROWS = {"for": -0.22, "against": -0.34}  # where in its row each whisker is drawn, under the bar


def _whiskers(ax: Axes, y: float, vote: str, row: dict[str, Any]) -> list[float]:
    """Under a vote's bar, the 5-95% range of its votes for and against over the replays that put
    it (none where no replay did); where the whiskers end."""
    ends = []
    for part, dy in SPREAD_ROWS.items():
        lo, hi = row[part]["p5"], row[part]["p95"]
        if lo != lo:  # NaN: no replay put the vote, and there is no range to draw
            continue
        ax.plot([lo, hi], [y + dy, y + dy], color=TALLY_COLOURS[part], linewidth=1.6, marker="|", markersize=5,
                markeredgewidth=1.2, solid_capstyle="butt", gid=f"{vote}:{part}:spread")  # capped at both ends
        ends.append(hi)
    return ends


def _shares(row: dict[str, Any], runs: int) -> str:
    """What a vote's bar and whiskers do not say, as ``ensemble`` says it: the share of the replays
    that adopted it, where some did and some did not; of those that lacked its quorum; of those that
    did not put it (skipped it, or never reached it)."""
    from congress_sim.experiments.tally import share

    p = row["p"]
    parts = [f"P(adopted) {share(p['adopted'])}"] if 0 < p["adopted"] < 1 else []
    parts += [f"P({said}) {share(p[key])}" for key, said in (("not taken", "no quorum"), ("skipped", "skipped"),
                                                             ("not reached", "not reached")) if p.get(key)]
    return f"in {runs:,} replays: " + ", ".join(parts) if parts else ""


def _spread_said(replay: Replay, ensemble: dict[str, Any]) -> str:
    """The votes figure's caption of its whiskers: what they are, over how many replays of which seed
    and overrides; and any vote some replays put that this replay did not, which the figure cannot draw."""
    from congress_sim.experiments.tally import share

    band = band_of(ensemble)
    drawn = band["drawn"]
    each = f", each drawing the {drawn} uncertain assumption{'s' if drawn > 1 else ''} anew" if drawn else ""
    said = (f";\nwhiskers: 5-95% of the votes for (green) and against (red) over those of {ensemble['runs']:,} "
            f"seeded replays (seed {ensemble['seed']}{name.overrides(band['sets'])}{each}) that put the vote; "
            "beside them the share of the replays that adopted it, where not all or none did, and of those "
            "that lacked its quorum, skipped it or never reached it, where any did")
    here = {v.item for v in replay.votes()}
    elsewhere = [v for v in ensemble["votes"] if v["id"] not in here
                 and v["p"]["adopted"] + v["p"]["rejected"] + v["p"]["not taken"] > 0]
    if elsewhere:
        said += ";\nput in some replays, not in this one: " + "; ".join(
            f"{name.item(replay, v['id'])} (P(put) {share(v['p']['adopted'] + v['p']['rejected'] + v['p']['not taken'])}, "
            f"P(adopted) {share(v['p']['adopted'])})" for v in elsewhere)
    return said


def band_of(summary: dict[str, Any]) -> dict[str, Any]:
    """An ensemble summary's attendance band (:func:`plot_attendance`'s ``band``), with what its
    caption says of it: the ``--set`` overrides its replays were run with, and how many uncertain
    assumptions each drew anew."""
    return {**summary["band"], "sets": list(summary.get("sets", ())), "drawn": len(summary.get("assumptions", []))}


def _votes_axis(replay: Replay, marked: int, unmarked: Sequence[ev.VoteTaken]) -> str:
    """The votes figure's axis label: it promises the black mark only where one is drawn, and says
    why a vote has none (a rule under which each party casts one vote: no count of heads carries it)."""
    from congress_sim.model.rules import majority_of

    def by_party(v: ev.VoteTaken) -> bool:
        item = replay.plan.items.get(v.item)
        return getattr(majority_of(replay.scenario, item) if item is not None and item.kind == "vote" else None,
                       "by", "head") == "party"

    what = f"{name.members(replay.scenario)} present at the vote"
    mark = "the black mark: votes for needed under the rule"
    heads = "heads" if all(by_party(v) for v in unmarked) else "votes for"
    rules = {v.majority for v in unmarked}
    if marked and unmarked:
        return f"{what} ({mark}; none where no count of {heads} carries a motion)"
    if len(rules) == 1:
        return f"{what} (no black mark: {rules.pop()}; no count of {heads} carries a motion)"
    if unmarked:
        return f"{what} (no black mark: no count of {heads} carries these motions)"
    return f"{what} ({mark})" if marked else what


# --- seats ---------------------------------------------------------------------------------


def require_body(replay: Replay, body: str | None) -> None:
    """An error unless ``body`` (if one is named) was elected in ``replay``: the seats of no other
    can be drawn. The body meant is named where one elected is near."""
    elected = [e.body for e in replay.elections()]
    if body is not None and body not in elected:
        from congress_sim.errors import CongressSimError, unknown

        raise CongressSimError(unknown("body", body, elected, " was elected in this replay", known_as="elected"))


def plot_seats(replay: Replay, body: str | None = None, ax: Axes | None = None, *, title: str | None = None,
               width: float | None = None, height: float = 4.4, dpi: float = 100) -> Figure:
    """A hemicycle of each body elected (or of the one named): each group a wedge, left to right in
    the scenario's order, the number of seats in the middle, the chair (or an office's holder) named
    under the body's name; an office of one seat, that seat, named by who holds it."""
    elected = {e.body: e for e in replay.elections()}
    bodies = [body] if body else list(elected)
    require_body(replay, body)
    if ax is None:
        fig = _figure(width or max(4.6 * len(bodies), 6.5), height, dpi)
        axes = list(fig.subplots(1, len(bodies), squeeze=False)[0]) if bodies else [fig.add_subplot()]
    else:
        fig, axes = _owner(ax), [ax]
    if not bodies:  # a scenario without bodies: say so, rather than draw nothing
        axes[0].axis("off")
        axes[0].text(0.5, 0.5, "No body was elected in this replay.", transform=axes[0].transAxes, ha="center",
                     va="center", fontsize=11, color="#555555", gid="none")
    for a, b in zip(axes, bodies, strict=False):
        _hemicycle(replay, elected[b], a)
    if ax is None:
        said = title or f"{replay.scenario.title}: the bodies elected"
        fig.suptitle(_wrapped(fig, said, 12, 0.97 * fig.bbox.width), x=0.01, ha="left", fontsize=12)
        foot = _footnote(fig, _caption(replay))
        fig.get_layout_engine().set(rect=(0, foot, 1, 1 - foot))  # type: ignore[union-attr, call-arg]
        # the first layout places a panel as if it could stretch, and its equal aspect then outgrows the
        # slot of a lone panel, over the title and the source: lay it out once, so the figure as saved
        # or shown starts from where the panels really sit
        fig.draw_without_rendering()
    elif title:
        axes[0].set_title(title)
    return fig


def _hemicycle(replay: Replay, e: ev.Elected, a: Axes) -> None:
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Circle, Patch

    s = replay.scenario
    order = [*s.factions, *s.parties]
    groups = sorted((g for g, n in e.seats.items() if n), key=lambda g: order.index(g) if g in order else len(order))
    colours = dict(zip(groups, distinct([_colour_of(replay, g) for g in groups]), strict=True))
    total = sum(e.seats[g] for g in groups)
    per_dot = -(-total // MAX_DOTS) if total else 1  # a large body is drawn with a dot for so many seats
    dots = largest_remainder([e.seats[g] for g in groups], -(-total // per_dot))
    owner = [g for g, k in zip(groups, dots, strict=True) for _ in range(k)]
    seats, size = hemicycle(len(owner))
    for g in groups:
        circles = [Circle((seat.x, seat.y), size / 2) for seat, o in zip(seats, owner, strict=True) if o == g]
        a.add_collection(PatchCollection(circles, facecolor=colours[g], edgecolor="white", linewidth=0.5,
                                         gid=f"seats:{g}"))
    holder = name.holder(e)
    if len(seats) == 1 and holder:  # an office: its one seat is named by who holds it, not counted
        a.text(0, seats[0].y - size / 2 - 0.06, name.person(s, holder), ha="center", va="top", fontsize=10, gid="holder")
    else:
        a.text(0, 0, str(total), ha="center", va="bottom", fontsize=14, fontweight="bold", gid="count")
    chair = (f", held by {name.person(s, holder)}" if holder else f"; chair: {name.person(s, e.chair)}" if e.chair else "")
    each = f" (a dot: {per_dot:,} seats)" if per_dot > 1 else ""
    a.set_title(f"{name.body(s, e.body)}\n{total} seat{'' if total == 1 else 's'}{chair}{each}", fontsize=9.5)
    edge = size / 2 + 0.03  # the outermost seats whole, with a margin
    a.set_xlim(-1 - edge, 1 + edge)
    a.set_ylim(-0.03, 1 + edge)
    a.set_aspect("equal", adjustable="box")
    a.axis("off")
    handles = [Patch(facecolor=colours[g], label=f"{name.group(s, g)} {e.seats[g]}") for g in groups]
    a.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), fontsize=8, frameon=False,
             ncols=2 if len(groups) > 3 else 1, handlelength=1.2)


def draw(kind: str, replay: Replay, *, compare: Sequence[Replay] = (), by: str = "faction",
         body: str | None = None, ensemble: dict[str, Any] | None = None, attested: Sequence[Attested] = (),
         **style: Any) -> Figure:
    """One figure by name: ``attendance``, ``votes`` or ``seats``; ``ensemble`` (an ensemble summary,
    run once for them all) adds the band of the total to the attendance figure, and the range of each
    vote's tally and its chances to the votes figure."""
    style = {k: v for k, v in style.items() if v is not None}
    if kind == "attendance":
        band = band_of(ensemble) if ensemble is not None else None
        return plot_attendance(replay, by=by, compare=compare, band=band, attested=attested, **style)
    if kind == "votes":
        return plot_votes(replay, ensemble=ensemble, **style)
    return plot_seats(replay, body, **style)


def save(fig: Figure, path: str, dpi: float | None = None) -> None:
    """Write a figure atomically; the format follows the extension (png, svg, pdf)."""
    from congress_sim.errors import OutputError
    from congress_sim.outputs import atomic_file

    fmt = Path(path).suffix.lstrip(".").lower()
    if fmt not in ("png", "svg", "pdf"):
        raise OutputError(f"{path}: give a file ending in .png, .svg or .pdf")
    width, height = fig.get_size_inches()
    _fits(width, height, dpi or fig.dpi)
    with atomic_file(Path(path)) as fh:
        fig.savefig(fh, format=fmt, dpi=dpi or fig.dpi)
