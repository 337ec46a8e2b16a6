"""The figures, inspected: what is drawn is what the replay says."""

import subprocess
import sys
from unittest import mock

import pytest
from click.testing import CliRunner

import congress_sim as cs
from congress_sim import events as ev
from congress_sim.cli import cli
from congress_sim.publish.colours import distance
from congress_sim.publish.hemicycle import hemicycle
from congress_sim.publish.plot import TimeAxis, _event_labels, attendance_series, threshold
from congress_sim.views import labels as labels_of

from .conftest import HISTORICAL, ROOT


@pytest.fixture(scope="module")
def figure(replay):
    return cs.plot_attendance(replay)


def main_axes(fig):
    return next(a for a in fig.axes if a.get_ylabel().endswith(" present"))  # delegates, senators...


def test_the_stacks_sum_to_the_replay_totals(replay):
    times, groups = attendance_series(replay)
    rows = replay.attendance()
    for i, census in enumerate(rows):
        assert times[i] == census.time
        assert sum(g[i] for g in groups.values()) == census.total
    by_party = attendance_series(replay, by="party")[1]
    assert by_party["sr"][0] == 160


def test_the_total_line_is_the_replay_total(replay, figure):
    total = next(line for line in main_axes(figure).get_lines() if line.get_gid() == "total")
    assert list(total.get_ydata())[:-1] == [c.total for c in replay.attendance()]


def test_labels_legend_title_and_caption(replay, figure):
    ax = main_axes(figure)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [f.label for f in replay.scenario.factions.values()][::-1] + ["total"]  # as the stack reads
    assert figure.axes[0].get_title(loc="left").endswith("delegates present")
    by_party = cs.plot_attendance(replay, by="party").axes[0].get_title(loc="left")  # the two figures told apart
    assert by_party.endswith("delegates present, by party")
    assert any(t.get_text().startswith("Source: \"Second All-Russian") for t in figure.texts)
    labels = [t.get_text().strip() for a in figure.axes for t in a.texts]
    walkout = replay.walkouts()[0]
    assert any(t.startswith("walkout: ") and t.endswith(f"({walkout['delegates']})") for t in labels)
    # the remnant's walkout takes no one: said, naming whom it was put to, as the other walkouts are
    assert "walkout: Menshevik-Internationalists (no one leaves)" in labels
    assert not any(t.startswith("walkout:  ") or t.endswith(" (0)") for t in labels)
    f, a, b = replay.vote("appeal").totals()
    assert any(t.startswith("Appeal \"To Workers") and t.endswith(f"\u2713 {f}\u2013{a}\u2013{b}") for t in labels)
    assert any("Winter Palace taken" in t for t in labels)


def test_a_whatif_made_in_python_is_captioned_by_what_it_extends(monkeypatch):
    monkeypatch.chdir(ROOT)
    stay = cs.simulate(cs.loads({"extends": "scenarios/historical.yaml", "remove": ["protest"]}))
    captions = [t.get_text() for t in cs.plot_seats(stay, "cec").texts]
    assert any(t.endswith("; replay of a what-if of historical.yaml (deterministic)") for t in captions), captions
    assert not any("<dict>" in t for t in captions)


def test_recess_shading_matches_the_recesses(replay, figure):
    axis = TimeAxis.of(replay)
    spans = [p for p in main_axes(figure).patches if (p.get_gid() or "").startswith("recess:")]
    assert len(spans) == len(replay.recesses()) == 2  # the recess of the first session, the Left SRs' caucus
    for span, (_, a, b) in zip(spans, replay.recesses(), strict=True):
        x0, width = span.get_x(), span.get_width()
        assert (x0, x0 + width) == pytest.approx((axis.x(a), axis.x(b)))


def test_the_compressed_axis_keeps_event_order(replay):
    axis = TimeAxis.of(replay)
    xs = [axis.x(e.time) for e in replay.events]
    assert xs == sorted(xs)
    (_, a1, b1), (_, a2, _) = replay.sessions()
    assert axis.x(b1) - axis.x(a1) == b1 - a1  # a session keeps its real length
    assert axis.x(a2) - axis.x(b1) == pytest.approx(50)  # the night is squeezed
    assert axis.x(a1) < axis.x((b1 + a2) / 2) < axis.x(a2)


def lane_labels_and_lines(fig):
    """The labels of the lane above the plot, and every line drawn in it (stems), in display units."""
    renderer = fig.canvas.get_renderer()
    lane = fig.axes[0]
    labels = [(t.get_text().strip(), t.get_window_extent(renderer)) for t in lane.texts
              if (t.get_gid() or "").startswith("label:")]
    lines = [line.get_transform().transform(line.get_xydata()) for line in lane.get_lines()]
    return labels, lines


@pytest.mark.parametrize("size", [(13, 7), (12, 6.5), (10, 5.5)], ids=["default", "report", "small"])
@pytest.mark.parametrize("whatif", [None, "no-walkout"])
def test_event_labels_overlap_no_label_and_no_line(replay, size, whatif):
    compare = [cs.simulate(cs.load(ROOT / "scenarios" / "whatif" / f"{whatif}.yaml"))] if whatif else []
    fig = cs.plot_attendance(replay, compare=compare, width=size[0], height=size[1])
    labels, lines = lane_labels_and_lines(fig)
    assert len(labels) >= (12 if size[0] >= 12 else 5)
    for i, (text, box) in enumerate(labels):
        for other, box2 in labels[i + 1:]:
            assert not box.overlaps(box2), (text, other)
        for xy in lines:  # a vertical stem: one x, from the axis up to its label
            x, (y0, y1) = xy[0][0], sorted(xy[:, 1])
            assert not (box.x0 + 1 < x < box.x1 - 1 and y0 < box.y1 - 1 and y1 > box.y0 + 1), (text, x)
    assert fig.axes[0].get_lines(), "each label stands on a stem"


def test_compared_totals_take_no_event_label_from_the_lane(replay):
    # each compared replay adds a line to the caption, and the lane shrank with the figure's room: at
    # its smallest size, events were left out. The lane grows into the plot before any label goes
    whatifs = ["no-walkout", "credentials-670", "martov-talks", "sr-unsplit"]
    compare = [cs.simulate(cs.load(ROOT / "scenarios" / "whatif" / f"{w}.yaml")) for w in whatifs]
    for size in [(13, 7), (12, 6.5)]:
        fig = cs.plot_attendance(replay, compare=compare, width=size[0], height=size[1])
        labels = [t.get_text().strip() for t in fig.axes[0].texts if (t.get_gid() or "").startswith("label:")]
        assert sorted(labels) == sorted(text for _, text, _, _ in _event_labels(replay)), size
        lane, ax = fig.axes[0].get_position(), main_axes(fig).get_position()
        assert ax.height >= 2 * lane.height  # the plot stays the larger part
        legend = [t.get_text() for t in main_axes(fig).get_legend().get_texts()]
        assert sum(t.startswith("total: ") for t in legend) == len(compare)  # each compared line listed


def test_compare_draws_the_whatif_total(replay):
    other = cs.simulate(cs.load(ROOT / "scenarios" / "whatif" / "no-walkout.yaml"))
    fig = cs.plot_attendance(replay, compare=[other])
    line = next(ln for ln in main_axes(fig).get_lines() if (ln.get_gid() or "").startswith("compare:"))
    assert max(line.get_ydata()) == other.census("closing").total


def test_a_compared_replay_that_keeps_the_bases_title_is_named_by_where_it_came_from(replay):
    # a what-if given in Python without a title of its own, the base with a --set, or with a seed
    others = [cs.simulate(cs.loads({"extends": "historical.yaml", "remove": ["protest"]},
                                   name=str(ROOT / "scenarios" / "mine.yaml"))),
              cs.simulate(cs.load(HISTORICAL, ["protest.probability=0"])), cs.simulate(cs.load(HISTORICAL), 3),
              cs.simulate(cs.load(ROOT / "scenarios" / "whatif" / "no-walkout.yaml"))]
    labels = [ln.get_label() for ln in main_axes(cs.plot_attendance(replay, compare=others)).get_lines()
              if (ln.get_gid() or "").startswith("compare:")]
    assert labels == ["total: mine.yaml", "total: --set protest.probability=0", "total: seed 3",
                      "total: What if: no walkout"]


def test_compared_replays_of_one_title_are_told_apart_in_the_legend(replay):
    # two replays of one what-if (seeds apart) were both "total: What if: no walkout", and two titles
    # alike in their first 44 characters were cut to one name: one line was as good as unlabelled
    no_walkout = ROOT / "scenarios" / "whatif" / "no-walkout.yaml"
    others = [cs.simulate(cs.load(no_walkout)), cs.simulate(cs.load(no_walkout), 3),
              cs.simulate(cs.loads({"extends": "historical.yaml", "title": "What if: the Left SRs join the government"},
                                   name=str(ROOT / "scenarios" / "a.yaml"))),
              cs.simulate(cs.loads({"extends": "historical.yaml", "title": "What if: the Left SRs join the presidium"},
                                   name=str(ROOT / "scenarios" / "b.yaml")))]
    ax = main_axes(cs.plot_attendance(replay, compare=others))
    listed = [t.get_text() for t in ax.get_legend().get_texts() if t.get_text().startswith("total: ")]
    drawn = [ln.get_label() for ln in ax.get_lines() if (ln.get_gid() or "").startswith("compare:")]
    assert listed == drawn and len(set(listed)) == len(others), listed
    assert listed[:2] == ["total: What if: no walkout (deterministic)", "total: What if: no walkout (seed 3)"]
    assert listed[2].endswith("(a.yaml)") and listed[3].endswith("(b.yaml)")


def test_more_compared_replays_than_colours_are_drawn_each_in_a_colour_and_dash_of_its_own(replay):
    # past the eight colours, every further line was drawn in the same one
    whatifs = sorted((ROOT / "scenarios" / "whatif").glob("*.yaml"))[:8]
    others = [cs.simulate(cs.load(w), seed) for w in whatifs for seed in (None, 3)]
    ax = main_axes(cs.plot_attendance(replay, compare=others))
    styles = [(ln.get_color(), ln._unscaled_dash_pattern) for ln in ax.get_lines()
              if (ln.get_gid() or "").startswith("compare:")]
    assert len(styles) == len(others) == 16 and len(set(styles)) == 16, styles


def test_the_caption_names_each_compared_replay_whole(replay):
    # the legend shortens a long title ("total: Second All-Russian Congress of..."): the caption says
    # what the compared line is the total of, in full, and what it is a replay of
    stay = cs.simulate(cs.load(ROOT / "scenarios" / "whatif" / "no-walkout.yaml"))
    fig = cs.plot_attendance(stay, compare=[replay, cs.simulate(cs.load(HISTORICAL, ["protest.probability=0"]))])
    caption = next(t.get_text() for t in fig.texts if t.get_text().startswith("Source:")).replace("\n", " ")
    assert ("replay of no-walkout.yaml (deterministic); compared: the total of Second All-Russian Congress of "
            "Soviets of Workers' and Soldiers' Deputies, replay of historical.yaml (deterministic); compared: the "
            "total of Second All-Russian Congress of Soviets of Workers' and Soldiers' Deputies, replay of "
            "historical.yaml (deterministic, --set protest.probability=0)") in caption
    alone = next(t.get_text() for t in cs.plot_attendance(stay).texts if t.get_text().startswith("Source:"))
    assert "compared" not in alone


def test_compare_draws_the_other_total_at_its_own_times(replay):
    moved = cs.load(HISTORICAL, ["sessions.second.opens=1917-10-26T20:00", "close_first.at=1917-10-26T04:45",
                                 "appeal.at=1917-10-26T04:30"])
    other = cs.simulate(moved)
    fig = cs.plot_attendance(replay, compare=[other])
    line = next(ln for ln in main_axes(fig).get_lines() if (ln.get_gid() or "").startswith("compare:"))
    axis = TimeAxis.of(replay, other)
    steps = dict(zip(line.get_xdata(), line.get_ydata(), strict=True))
    for census in other.attendance():  # every change of the other's total, where and when it happened
        assert steps[axis.x(census.time)] == census.total
    (_, _, closes), (_, opens, _) = other.sessions()
    assert axis.x(opens) == axis.segments[1][2] and axis.x(closes) < axis.segments[0][2] + 400  # not in the break
    level = steps[max(x for x in steps if x <= axis.x(opens))]
    assert level == other.census(opens).total  # at its level when its session opens
    assert axis.x(opens) < axis.x(replay.sessions()[1][1])  # an hour before the base's


def test_compare_lines_have_colours_of_their_own(replay):
    others = [cs.simulate(cs.load(ROOT / "scenarios" / "whatif" / f"{n}.yaml")) for n in ("no-walkout", "sr-unsplit")]
    ax = main_axes(cs.plot_attendance(replay, compare=others))
    stacks = [c.get_facecolor()[0] for c in ax.collections if (c.get_gid() or "").startswith("stack:")]
    lines = [ln.get_color() for ln in ax.get_lines() if (ln.get_gid() or "").startswith("compare:")]
    hexes = [matplotlib_hex(c) for c in stacks] + ["#000000"]
    assert len(lines) == 2 and distance(lines[0], lines[1]) >= 25
    assert all(distance(line, s) >= 25 for line in lines for s in hexes)


def matplotlib_hex(colour):
    from matplotlib.colors import to_hex

    return to_hex(colour, keep_alpha=False)


def test_votes_figure_bars_and_thresholds(replay):
    fig = cs.plot_votes(replay)
    ax = fig.axes[0]
    for v in replay.votes():
        widths = sum(p.get_width() for p in ax.patches if (p.get_gid() or "").startswith(f"{v.item}:"))
        assert widths == v.present
    marks = {ln.get_gid(): ln.get_xdata()[0] for ln in ax.get_lines()}
    appeal = replay.vote("appeal")
    a, b, _ = appeal.totals()
    assert marks["appeal:threshold"] == threshold(appeal) == (a + b) // 2 + 1  # more than half of the votes cast


def test_a_casting_vote_is_drawn_after_those_present():
    replay = cs.simulate(cs.load(ROOT / "scenarios" / "senate-2021" / "senate-2021.yaml"))
    ax = cs.plot_votes(replay).axes[0]
    vote = replay.vote("proceed_relief")  # 50-50, the Vice President's casting vote for
    parts = {p.get_gid()[len(vote.item) + 1:]: p for p in ax.patches if (p.get_gid() or "").startswith(f"{vote.item}:")}
    assert all(p.get_width() >= 0 for p in parts.values())
    assert parts["for"].get_width() == parts["against"].get_width() == 50 and parts["not voting"].get_width() == 0
    assert parts["casting"].get_x() == vote.present and parts["casting"].get_width() == 1
    assert "the chair's casting vote" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_seats_figure_has_a_seat_for_each_member(replay):
    fig = cs.plot_seats(replay, "cec")
    drawn = {c.get_gid(): len(c.get_paths()) for c in fig.axes[0].collections if c.get_gid()}
    assert drawn == {f"seats:{k}": n for k, n in replay.elections()[-1].seats.items()}


@pytest.mark.parametrize("n", [1, 2, 5, 6, 13, 22, 101, 500])
def test_hemicycle_places_every_seat_once_in_rings_as_dense_as_they_are_apart(n):
    import math

    seats, size = hemicycle(n)
    assert len({(s.x, s.y) for s in seats}) == n and all(s.y > 0 for s in seats)
    assert [s.angle for s in seats] == sorted((s.angle for s in seats), reverse=True)  # left to right
    gaps = [math.dist((a.x, a.y), (b.x, b.y)) for i, a in enumerate(seats) for b in seats[i + 1:]]
    assert size < min(gaps, default=2)  # no two seats touch
    if n >= 6:  # a hemicycle: rings from the left end to the right, each as dense as they are apart
        rings = sorted({round(math.hypot(s.x, s.y), 9) for s in seats})
        assert len(rings) >= 2 and min(s.angle for s in seats) < 0.35 and max(s.angle for s in seats) > math.pi - 0.35
        along = [2 * r * math.sin(math.pi / 2 / sum(1 for s in seats if round(math.hypot(s.x, s.y), 9) == r))
                 for r in rings]
        apart = rings[1] - rings[0]
        assert all(0.6 < a / apart < 1.6 for a in along), (along, apart)


def seats_of(ax):
    """(group, centre, radius) of every seat drawn in a panel, in data units."""
    import numpy as np

    out = []
    for c in ax.collections:
        if (c.get_gid() or "").startswith("seats:"):
            for path in c.get_paths():
                v = np.asarray(path.vertices)
                lo, hi = v.min(axis=0), v.max(axis=0)
                out.append((c.get_gid()[6:], (lo + hi) / 2, (hi - lo)[0] / 2))
    return out


SEATS = [(HISTORICAL, None), (HISTORICAL, "sovnarkom"), (ROOT / "examples" / "town-council.yaml", None),
         (ROOT / "scenarios" / "whatif" / "no-walkout.yaml", None),
         (ROOT / "scenarios" / "constituent-assembly" / "constituent-assembly.yaml", None)]
SEAT_IDS = ["congress", "sovnarkom", "council", "no-walkout", "one-seat-office"]


def test_an_office_of_one_seat_is_one_seat_of_a_councils_size_named_by_its_holder():
    replay = cs.simulate(cs.load(SEATS[-1][0]))
    (ax,) = (a for a in cs.plot_seats(replay).axes if seats_of(a))
    ((_, _, radius),) = seats_of(ax)
    assert radius < hemicycle(13)[1] / 2  # not the whole half ring: a seat no larger than a council's
    texts = {t.get_gid(): t.get_text() for t in ax.texts}
    assert texts.get("holder") == "V. M. Chernov" and "count" not in texts  # named, not counted "1"


@pytest.mark.parametrize("seats", [2, 3, 5, 6, 8])
def test_a_small_body_is_drawn_with_seats_of_a_proportionate_size_clear_of_its_count(seats):
    # drawn as wide as the gaps between them, three seats were balls filling the half ring, and the
    # inner seat of six sat on the count
    import numpy as np
    from matplotlib.transforms import Bbox

    replay = cs.simulate(cs.load(ROOT / "examples" / "town-council.yaml", [f"bodies.parks_committee.seats={seats}"]))
    fig = cs.plot_seats(replay)
    (ax,) = (a for a in fig.axes if seats_of(a))
    drawn = seats_of(ax)
    assert len(drawn) == seats
    largest = hemicycle(1)[1] if seats <= 5 else hemicycle(12)[1]  # an office's one seat; a council's of a dozen
    assert all(2 * radius <= largest + 1e-9 for _, _, radius in drawn)
    renderer = fig.canvas.get_renderer()
    count = next(t for t in ax.texts if t.get_gid() == "count").get_window_extent(renderer)
    assert not any(Bbox(ax.transData.transform(np.array([c - r, c + r]))).overlaps(count) for _, c, r in drawn)


@pytest.mark.parametrize(("path", "body"), SEATS, ids=SEAT_IDS)
def test_the_seats_figure_keeps_every_seat_in_its_panel_and_every_label_off_the_seats(path, body):
    import numpy as np
    from matplotlib.transforms import Bbox

    fig = cs.plot_seats(cs.simulate(cs.load(path)), body)
    renderer = fig.canvas.get_renderer()
    hidden = {id(t) for a in fig.axes if not a.axison for t in a.get_xticklabels() + a.get_yticklabels()}
    texts = [t for t in fig.findobj(lambda a: hasattr(a, "get_text") and a.get_text())
             if t.get_visible() and id(t) not in hidden]  # an axis turned off draws no tick labels
    boxes = [t.get_window_extent(renderer) for t in texts]
    panels = [a for a in fig.axes if seats_of(a)]
    assert panels
    for ax in panels:
        frame = ax.get_window_extent(renderer)
        for _, centre, radius in seats_of(ax):
            corners = ax.transData.transform(np.array([centre - radius, centre + radius]))
            seat = Bbox(corners)
            assert frame.x0 - 0.5 <= seat.x0 and seat.x1 <= frame.x1 + 0.5 and frame.y0 - 0.5 <= seat.y0 \
                and seat.y1 <= frame.y1 + 0.5, "a seat is cut by its panel's edge"
            shrunk = Bbox.from_extents(seat.x0 + 1, seat.y0 + 1, seat.x1 - 1, seat.y1 - 1)
            for text, box in zip(texts, boxes, strict=True):
                assert not shrunk.overlaps(box), f"{text.get_text()!r} is drawn over a seat"
        legend = ax.get_legend().get_window_extent(renderer)
        assert not any(Bbox(ax.transData.transform(np.array([c - r, c + r]))).overlaps(legend)
                       for _, c, r in seats_of(ax))


@pytest.mark.parametrize(("path", "body"), SEATS, ids=SEAT_IDS)
def test_the_seats_figure_as_saved_keeps_its_title_panels_legends_and_source_apart(path, body):
    import io

    fig = cs.plot_seats(cs.simulate(cs.load(path)), body)
    fig.savefig(io.BytesIO(), format="png")  # one draw, as `plot` saves it: the layout it was saved with
    renderer = fig.canvas.get_renderer()
    boxes = {"title": fig._suptitle.get_window_extent(renderer)}
    boxes |= {f"source {i}": t.get_window_extent(renderer) for i, t in enumerate(fig.texts)
              if t.get_text() and t is not fig._suptitle}
    for i, ax in enumerate(a for a in fig.axes if seats_of(a)):
        boxes[f"panel {i}"] = ax.title.get_window_extent(renderer)
        boxes[f"legend {i}"] = ax.get_legend().get_window_extent(renderer)
    names = list(boxes)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert not boxes[a].overlaps(boxes[b]), f"{a} is drawn over {b}"


@pytest.mark.parametrize(("path", "body"), SEATS, ids=SEAT_IDS)
def test_each_group_sits_in_one_wedge_in_the_scenario_order(path, body):
    import math

    replay = cs.simulate(cs.load(path))
    fig = cs.plot_seats(replay, body)
    for ax in (a for a in fig.axes if seats_of(a)):
        angles: dict[str, list[float]] = {}
        for group, (x, y), _ in seats_of(ax):
            angles.setdefault(group, []).append(math.atan2(y, x))
        spans = [(min(v), max(v)) for v in angles.values()]  # in drawing order: the scenario's
        for (lo, _), (_, hi) in zip(spans, spans[1:], strict=False):
            assert hi < lo, "two groups share an angle: one is not a wedge"


@pytest.mark.parametrize(("path", "body"), SEATS, ids=SEAT_IDS)
def test_the_groups_of_a_panel_can_be_told_apart_and_it_has_a_title_and_source(path, body):
    fig = cs.plot_seats(cs.simulate(cs.load(path)), body)
    for ax in (a for a in fig.axes if seats_of(a)):
        colours = [matplotlib_hex(c.get_facecolor()[0]) for c in ax.collections if (c.get_gid() or "").startswith("seats:")]
        assert all(distance(a, b) >= 25 for i, a in enumerate(colours) for b in colours[i + 1:]), colours
        assert " seat" in ax.get_title()
    assert fig.get_suptitle() and any(t.get_text().startswith("Source:") for t in fig.texts)


TOWN = """
title: Committee
issues: {plan: {label: The plan}}
factions:
  ayes: {label: Ayes, delegates: 5, positions: {plan: 1}}
sessions:
  - {id: s1, opens: 2024-01-01T10:00, agenda: [{id: v, kind: vote, motion: The plan, content: {plan: 1}, duration: 10}]}
"""


def test_a_scenario_without_bodies_gets_a_figure_that_says_so(tmp_path):
    fig = cs.plot_seats(cs.simulate(cs.loads(TOWN)))
    assert [t.get_text() for t in fig.axes[0].texts] == ["No body was elected in this replay."]


def test_plot_all_writes_no_seats_figure_where_no_body_is_elected_and_says_so(tmp_path):
    (tmp_path / "town.yaml").write_text(TOWN)
    result = CliRunner().invoke(cli, ["plot", str(tmp_path / "town.yaml"), "--kind", "all", "-o", str(tmp_path / "t.png")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("t-*.png")) == ["t-attendance.png", "t-votes.png"]
    assert result.stdout.split() == [str(tmp_path / "t-attendance.png"), str(tmp_path / "t-votes.png")]
    assert result.stderr == "no seats figure: no body was elected in this replay\n"


@pytest.mark.parametrize("args", [["--kind", "seats"], ["--kind", "all", "--body", "board"]], ids=["seats", "body"])
def test_plot_seats_where_no_body_is_elected_is_an_error_and_writes_nothing(tmp_path, args):
    (tmp_path / "town.yaml").write_text(TOWN)
    result = CliRunner().invoke(cli, ["plot", str(tmp_path / "town.yaml"), *args, "-o", str(tmp_path / "t.png")])
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("error: no body")
    assert "elected in this replay" in result.stderr
    assert list(tmp_path.glob("t*.png")) == []


def test_plot_seats_of_a_misspelt_body_names_the_body_meant(tmp_path):
    said = "no body 'ce' was elected in this replay (did you mean 'cec'? elected: cec, presidium, sovnarkom)"
    result = CliRunner().invoke(cli, ["plot", str(HISTORICAL), "--kind", "seats", "--body", "ce",
                                      "-o", str(tmp_path / "s.png")])
    assert result.exit_code == 2 and result.stdout == "" and list(tmp_path.iterdir()) == []
    assert result.stderr == f"error: {said}\n"
    with pytest.raises(cs.CongressSimError) as info:
        cs.plot_seats(cs.simulate(cs.load(HISTORICAL)), "ce")
    assert str(info.value) == said


def test_plot_runs_for_the_seats_alone_is_an_error(tmp_path):
    (tmp_path / "town.yaml").write_text(TOWN)
    result = CliRunner().invoke(cli, ["plot", str(tmp_path / "town.yaml"), "--kind", "seats", "--runs", "20",
                                      "-o", str(tmp_path / "t.png")])
    assert result.exit_code == 2 and result.stdout == "" and list(tmp_path.glob("t*.png")) == []
    assert result.stderr == ("error: --runs draws on the attendance and votes figures, and --kind seats draws nothing "
                             "of it; use --kind attendance, votes or all, or leave --runs out\n")


def spread_of(fig):
    """Each whisker of a votes figure: (vote, for or against) -> (from, to)."""
    out = {}
    for line in fig.axes[0].get_lines():
        gid = line.get_gid() or ""
        if gid.endswith(":spread"):
            vote, part, _ = gid.split(":")
            out[vote, part] = tuple(line.get_xdata())
    return out


@pytest.mark.parametrize("kind", ["votes", "all"])
def test_plot_runs_gives_the_votes_figure_each_votes_range_and_chances_from_one_ensemble(tmp_path, kind):
    from congress_sim.experiments import ensembles
    from congress_sim.publish import plot as plotting

    scenario = ROOT / "scenarios" / "historical-uncertain.yaml"
    run, runs, drawn = ensembles.ensemble, [], {}
    with mock.patch.object(ensembles, "ensemble", side_effect=lambda *a, **k: runs.append(run(*a, **k)) or runs[-1]), \
            mock.patch.object(plotting, "save", side_effect=lambda fig, path, dpi: drawn.update({path: fig})):
        result = CliRunner().invoke(cli, ["plot", str(scenario), "--kind", kind, "--runs", "100", "--seed", "3",
                                          "--set", "protest.probability=0.5", "-o", str(tmp_path / "t.png")])
    assert result.exit_code == 0, result.output
    assert len(runs) == 1  # once, for every figure
    summary = runs[0].summary()
    votes = drawn[str(tmp_path / ("t-votes.png" if kind == "all" else "t.png"))]
    if kind == "all":  # the attendance figure's band from the same replays
        band = next(a for a in main_axes(drawn[str(tmp_path / "t-attendance.png")]).get_lines()
                    if a.get_gid() == "band:median")
        assert list(band.get_ydata()) == summary["band"]["median"]
    rows = {v["id"]: v for v in summary["votes"]}
    spread = spread_of(votes)
    replay = cs.simulate(cs.load(scenario, ["protest.probability=0.5"]))
    assert {vote for vote, _ in spread} == {v.item for v in replay.votes()}
    for (vote, part), (lo, hi) in spread.items():
        assert (lo, hi) == (rows[vote][part]["p5"], rows[vote][part]["p95"])
    texts = {t.get_gid(): t.get_text() for t in votes.axes[0].texts}
    martov = rows["martov_proposal"]["p"]
    assert 0 < martov["adopted"] < 1
    assert texts["martov_proposal:shares"] == f"in 100 replays: P(adopted) {martov['adopted']:.3f}"
    assert "appeal:shares" not in texts or "P(adopted)" not in texts["appeal:shares"]  # adopted in every replay
    caption = votes.texts[0].get_text().replace("\n", " ")
    assert ("whiskers: 5-95% of the votes for (green) and against (red) over those of 100 seeded replays (seed 3, "
            "--set protest.probability=0.5, each drawing the 10 uncertain assumptions anew) that put the vote") in caption


def test_the_votes_figure_of_an_ensemble_says_in_how_many_replays_a_vote_was_not_put():
    from .test_tally import REACTION

    # Again is set off in half the replays, and put only where First passed: skipped, not reached or taken
    scenario = cs.loads(
        REACTION.replace("content: {x: 1}}]}", "content: {x: 1}}, {id: talk, kind: debate, topic: T, duration: 60}]}")
        .replace("when: {item: first, result: rejected}", "when: {item: first}, probability: 0.5")
        .replace("motion: Again, content: {x: 1}", "motion: Again, content: {x: 1}, only_if: {item: first, result: adopted}"))
    summary = cs.ensemble(scenario, runs=200, seed=1, jobs=1).summary()
    p = next(v for v in summary["votes"] if v["id"] == "again")["p"]
    fig = cs.plot_votes(cs.simulate(scenario), ensemble=summary)
    texts = {t.get_gid(): t.get_text() for t in fig.axes[0].texts}
    assert texts["again:shares"] == (f"in 200 replays: P(adopted) {p['adopted']:.3f}, P(skipped) {p['skipped']:.3f}, "
                                     f"P(not reached) {p['not reached']:.3f}")
    # a vote some replays put and this one did not has no bar to stand beside: the caption names it
    scenario = cs.loads(REACTION.replace("content: {x: 1}}]}",
                                         "content: {x: 1}}, {id: talk, kind: debate, topic: T, duration: 60}]}"))
    summary = cs.ensemble(scenario, runs=200, seed=1, jobs=1).summary()
    replay = cs.simulate(scenario)
    assert [v.item for v in replay.votes()] == ["first"]
    p = next(v for v in summary["votes"] if v["id"] == "again")["p"]
    caption = cs.plot_votes(replay, ensemble=summary).texts[0].get_text().replace("\n", " ")
    assert caption.endswith(f"; put in some replays, not in this one: Again (P(put) {p['rejected']:.3f}, "
                            "P(adopted) 0.000)")


def test_the_votes_figure_without_an_ensemble_draws_no_whiskers(replay):
    fig = cs.plot_votes(replay)
    assert spread_of(fig) == {} and "whiskers" not in fig.texts[0].get_text()
    assert not any((t.get_gid() or "").endswith(":shares") for t in fig.axes[0].texts)


@pytest.mark.parametrize("kind", ["votes", "seats"])
def test_plot_compare_for_a_figure_that_draws_no_total_is_an_error(tmp_path, kind):
    (tmp_path / "town.yaml").write_text(TOWN)
    result = CliRunner().invoke(cli, ["plot", str(tmp_path / "town.yaml"), "--kind", kind, "--compare",
                                      str(tmp_path / "town.yaml"), "-o", str(tmp_path / "t.png")])
    assert result.exit_code == 2 and result.stdout == "" and list(tmp_path.glob("t*.png")) == []
    assert result.stderr == (f"error: --compare draws another scenario's total on the attendance figure, and --kind "
                             f"{kind} draws none; use --kind attendance or all, or plot the other scenario on its own\n")


def test_plot_all_with_compare_says_the_other_figures_draw_the_base_alone(tmp_path):
    (tmp_path / "town.yaml").write_text(TOWN)
    result = CliRunner().invoke(cli, ["plot", str(tmp_path / "town.yaml"), "--kind", "all", "--compare",
                                      str(tmp_path / "town.yaml"), "-o", str(tmp_path / "t.png")])
    assert result.exit_code == 0, result.output
    assert "--compare is drawn on the attendance figure only; the votes figure" in result.stderr
    assert "the base scenario's alone" in result.stderr and "--compare" not in result.stdout
    alone = CliRunner().invoke(cli, ["plot", str(tmp_path / "town.yaml"), "--kind", "all", "-o", str(tmp_path / "u.png")])
    assert "--compare" not in alone.stderr  # nothing compared: nothing to say


def test_a_figure_drawn_into_a_given_axes(replay):
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    assert cs.plot_votes(replay, ax=ax) is fig and cs.plot_attendance(replay, ax=ax) is fig


@pytest.mark.parametrize("kind", ["attendance", "votes", "seats"])
def test_a_figure_shows_itself_once_in_a_notebook_pyplot_in_use_or_not(replay, kind):
    # pyplot holds none of them, so it does not show them again at the end of the cell; and each
    # says how a notebook shows it, as pyplot's backend does only once pyplot has made a figure
    import matplotlib.pyplot as plt

    from congress_sim.publish.plot import draw

    fig = draw(kind, replay, dpi=30)
    assert plt.get_fignums() == []
    assert fig._repr_png_().startswith(b"\x89PNG")


@pytest.mark.parametrize(("suffix", "magic"), [(".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")])
def test_cli_plot_format_by_extension(tmp_path, suffix, magic):
    target = tmp_path / f"fig{suffix}"
    result = CliRunner().invoke(cli, ["plot", str(HISTORICAL), "-o", str(target), "--dpi", "40"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(target)
    assert target.read_bytes().startswith(magic)


def test_cli_plot_default_name_all_kinds_and_no_overwrite(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ok = CliRunner().invoke(cli, ["plot", str(HISTORICAL), "--kind", "all", "--dpi", "40"])
    assert ok.exit_code == 0, ok.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "historical-attendance.png", "historical-seats.png", "historical-votes.png"]
    before = (tmp_path / "historical-votes.png").read_bytes()
    again = CliRunner().invoke(cli, ["plot", str(HISTORICAL), "--kind", "all"])
    assert again.exit_code == 2 and "exists; use --force" in again.output
    assert (tmp_path / "historical-votes.png").read_bytes() == before


def test_a_figure_too_large_is_refused_naming_the_arguments_or_options_that_size_it(replay, tmp_path):
    with pytest.raises(ValueError, match=r"too large to draw .*; give a smaller dpi, width or height$"):
        cs.plot_votes(replay, width=400)
    run = CliRunner().invoke(cli, ["plot", str(HISTORICAL), "--kind", "votes", "--width", "100", "--dpi", "1200",
                                   "-o", str(tmp_path / "v.png")])
    assert run.exit_code == 2 and run.stderr.endswith("; give a smaller --dpi, --width or --height\n")
    assert not (tmp_path / "v.png").exists()


def test_cli_plot_bad_extension(tmp_path):
    result = CliRunner().invoke(cli, ["plot", str(HISTORICAL), "-o", str(tmp_path / "x.jpg")])
    assert result.exit_code == 2 and "png, .svg or .pdf" in result.output


def test_importing_the_library_does_not_import_matplotlib():
    code = "import congress_sim, sys; congress_sim.simulate(congress_sim.load(sys.argv[1])); print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code, str(HISTORICAL)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_figures_script_draws_every_figure(tmp_path):
    out = subprocess.run([sys.executable, str(ROOT / "examples" / "figures.py"), str(tmp_path)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    names = out.stdout.split()
    assert names and all((tmp_path / n).read_bytes().startswith(b"\x89PNG") for n in names)
    assert all((ROOT / "docs" / "images" / n).exists() for n in names)  # and the docs show them


def test_attested_counts_are_marked_apart_from_what_the_replay_assumes(replay):
    points = cs.attested_counts(replay)
    assert [(replay.clock.iso(p.time), p.total, p.sources) for p in points] == [
        ("1917-10-25T22:40", 649, ("gse", "lenin_cw")), ("1917-10-25T22:40", 650, ("trotsky", "pipes")),
        ("1917-10-25T22:40", 670, ("pravda",)), ("1917-10-25T22:40", 739, ("de_wikipedia",)),
        ("1917-10-27T05:15", 625, ("gse", "savelev"))]  # 175 by 22 October is before the replay begins
    fig = cs.plot_attendance(replay, attested=points)
    ax = main_axes(fig)
    marks = next(ln for ln in ax.get_lines() if ln.get_gid() == "attested")
    assert list(marks.get_ydata()) == [649, 650, 670, 739, 625]
    labels = [t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("attested:")]
    assert labels == ["649 (sources: GSE, Lenin's note)", "650 (sources: Trotsky, Pipes)",
                      "670 (source: the credentials report)", "739 (source: the reconstruction)",
                      "625 (sources: GSE, Savelev)"]  # the short names the scenario gives, not its keys
    total = next(ln for ln in ax.get_lines() if ln.get_gid() == "total")
    assert total.get_linestyle() != "-"  # the replay's count between the points: drawn as assumed
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "total: assumed between attested counts" in legend and "attested count (labelled with its sources)" in legend
    assert ax.get_ylim()[1] > 739
    caption = next(t.get_text() for t in fig.texts if "points: the counts of delegates" in t.get_text())
    assert "`" not in caption and "check --source" not in caption  # no command line in a figure's caption


def test_plot_marks_the_scenarios_own_record_unless_told_otherwise(tmp_path):
    def drawn(*args):
        out = tmp_path / "a.png"
        result = CliRunner().invoke(cli, ["plot", *map(str, args), "-o", str(out), "--force"])
        assert result.exit_code == 0, result.output
        return result

    with mock.patch("congress_sim.publish.plot.plot_attendance", wraps=cs.plot_attendance) as spy:
        drawn(HISTORICAL)
        assert len(spy.call_args.kwargs["attested"]) == 5  # its own record
        drawn(HISTORICAL, "--no-record")
        assert spy.call_args.kwargs["attested"] == []
        whatif = ROOT / "scenarios" / "whatif" / "no-walkout.yaml"
        drawn(whatif)
        assert spy.call_args.kwargs["attested"] == []  # a what-if's moments are not the base's
        drawn(whatif, "--record")
        assert len(spy.call_args.kwargs["attested"]) == 5


SENATE_2021 = ROOT / "scenarios" / "senate-2021" / "senate-2021.yaml"


@pytest.fixture(scope="module")
def senate_2021():
    return cs.simulate(cs.load(SENATE_2021))


def test_the_time_axis_names_a_style_only_where_the_calendar_has_two(replay, figure, senate_2021):
    assert main_axes(figure).get_xlabel().startswith("time (Old Style, New Style in brackets); ")
    label = main_axes(cs.plot_attendance(senate_2021)).get_xlabel()
    assert label.startswith("time; ") and "Style" not in label  # 2021: an ordinary date
    julian_alone = cs.simulate(cs.load(HISTORICAL, ["dual_dates=false"]))
    assert main_axes(cs.plot_attendance(julian_alone)).get_xlabel().startswith("time (Old Style); ")


def breaks_of(fig):
    return [t.get_text() for t in main_axes(fig).texts if t.get_text().startswith("break\n")]


def test_a_break_of_days_is_written_in_days_and_hours(figure, senate_2021):
    assert breaks_of(figure) == ["break\n15 h 45"]  # the night between the congress's sessions
    assert breaks_of(cs.plot_attendance(senate_2021)) == ["break\n6 h 56", "break\n108 d 5 h"]  # 4-5 March; to 22 June


ASSEMBLIES = [HISTORICAL, SENATE_2021, *(ROOT / "scenarios" / n / f"{n}.yaml"
                                        for n in ("senate-1964", "estates-general", "constituent-assembly"))]


@pytest.mark.parametrize("width", [13, 9])
@pytest.mark.parametrize("path", ASSEMBLIES, ids=lambda p: p.stem)
def test_no_tick_label_of_the_time_axis_prints_over_another(path, width):
    replay = cs.simulate(cs.load(path))
    fig = cs.plot_attendance(replay, width=width)
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    ax = main_axes(fig)
    labels = [t for t in ax.get_xticklabels() if t.get_text()]
    boxes = [t.get_window_extent(renderer) for t in labels]
    for (a, box), (b, box2) in zip(zip(labels, boxes, strict=True), list(zip(labels, boxes, strict=True))[1:],
                                   strict=False):
        assert box.x1 < box2.x0, (a.get_text(), b.get_text())
    axis = TimeAxis.of(replay)
    assert [ax.get_xticks()[0], ax.get_xticks()[-1]] == pytest.approx([0, axis.width])  # both ends stay labelled
    assert sum("\n" in t.get_text() for t in labels) >= 1  # and a date


@pytest.mark.parametrize("path", ASSEMBLIES, ids=lambda p: p.stem)
def test_session_titles_stay_inside_their_sessions_and_dates_mark_each_new_day_labelled(path):
    replay = cs.simulate(cs.load(path))
    fig = cs.plot_attendance(replay, width=13)
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    ax = main_axes(fig)
    axis = TimeAxis.of(replay)
    px = lambda x: ax.transData.transform((x, 0))[0]  # noqa: E731
    spans = [(sid, axis.x(a), axis.x(b)) for sid, a, b in replay.sessions()]
    titles = {s.id: s.title or s.id for s in replay.scenario.sessions}
    drawn = [t for t in ax.texts if (t.get_gid() or "").startswith("session-title:") and t.get_visible()]
    assert drawn  # the first session at least has room
    for text in drawn:
        box = text.get_window_extent(renderer)
        # inside its own session; one written upward, on it (a sitting of no length is a line)
        if text.get_rotation():
            sid, x0, x1 = min(spans, key=lambda span: abs((px(span[1]) + px(span[2]) - box.x0 - box.x1) / 2))
            assert box.x0 <= px(x1) + 1 and px(x0) - 1 <= box.x1, text.get_text()
        else:
            sid, x0, x1 = next(span for span in spans if span[1] <= text.get_position()[0] <= span[2])
            assert px(x0) <= box.x0 and box.x1 <= px(x1), text.get_text()
        assert text.get_text() == titles[sid] or text.get_text().endswith("\u2026")
        assert len(text.get_text()) >= min(12, len(titles[sid]))  # never a stump such as "The..."
    # a labelled tick on a day no tick before it was labelled on carries the date; the others do not
    seen: set[str] = set()
    for tick, label in zip(ax.get_xticks(), ax.get_xticklabels(), strict=True):
        t = next(a + tick - x0 for a, b, x0 in axis.segments if x0 - 1e-9 <= tick <= x0 + b - a + 1e-9)
        day = replay.clock.iso(t)[:10]
        assert ("\n" in label.get_text()) == (day not in seen), (label.get_text(), day)
        seen.add(day)


@pytest.mark.parametrize("path", ASSEMBLIES, ids=lambda p: p.stem)
def test_every_session_is_titled_a_sitting_too_narrow_upward_on_it(path):
    # the Estates-General's sittings of an hour or two had no room for their titles, and only the first was titled
    replay = cs.simulate(cs.load(path))
    fig = cs.plot_attendance(replay, width=13)
    renderer = fig.canvas.get_renderer()
    ax = main_axes(fig)
    axis = TimeAxis.of(replay)
    titles = [t for t in ax.texts if (t.get_gid() or "").startswith("session-title:")]
    assert all(t.get_visible() for t in titles), [t.get_text() for t in titles if not t.get_visible()]
    boxes = [t.get_window_extent(renderer) for t in titles]
    others = [t.get_window_extent(renderer) for t in ax.texts if t not in titles and t.get_visible() and t.get_text()]
    frame = ax.get_window_extent(renderer)
    px = [[ax.transData.transform((axis.x(t), 0))[0] for t in (a, b)] for _, a, b in replay.sessions()]
    for k, (sid, text, box) in enumerate(zip((sid for sid, _, _ in replay.sessions()), titles, boxes, strict=True)):
        x0, x1 = px[k]
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1, sid
        assert not any(box.overlaps(o) for o in others), sid
        if not text.get_rotation():  # across, inside its sitting
            assert x0 <= box.x0 and box.x1 <= x1, sid
        else:  # upward only where the title, even shortened, had no room across: on its sitting, and no other
            assert box.width < 0.5 * box.height and box.x0 <= x1 + 1 and x0 - 1 <= box.x1, sid
            assert not any(box.x0 < b and a < box.x1 for j, (a, b) in enumerate(px) if j != k), sid
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    if path == HISTORICAL:  # sessions with room keep their titles across, whole
        assert [(t.get_text(), t.get_rotation()) for t in titles] == [("First session", 0), ("Second session", 0)]


@pytest.mark.parametrize("path", ASSEMBLIES, ids=lambda p: p.stem)
def test_every_vote_is_labelled_with_its_date_a_long_title_shortened_instead(path):
    replay = cs.simulate(cs.load(path))
    labels = [t.get_text() for t in cs.plot_votes(replay).axes[0].get_yticklabels()]
    assert len(labels) == len(replay.votes())
    for label, v in zip(labels, replay.votes(), strict=True):
        assert label.count("\n") <= 1, label
        when = replay.clock.label(v.time, both=False).strip().replace(" ", "\u00a0")
        text = label.replace("\n", " ")
        assert text.endswith(f" ({when})"), label
        title = text[:-len(f" ({when})")]
        assert title == labels_of.item(replay, v.item) or title.endswith("\u2026"), label


TWO_RULES = """
title: Two chambers
issues: {plan: {label: The plan}}
parties: {upper: {label: Upper}, lower: {label: Lower}}
factions:
  lords: {label: Lords, delegates: 4, party: upper, positions: {plan: 1}}
  commons: {label: Commons, delegates: 9, party: lower, positions: {plan: 1}}
sessions:
  - id: s1
    opens: 2024-01-01T10:00
    agenda:
      - {id: by_head, kind: vote, motion: By head, content: {plan: 1}, duration: 10}
      - {id: by_chamber, kind: vote, motion: By chamber, content: {plan: 1}, duration: 10,
         rules: {majority: {share: 1/2, of: votes_cast, strict: true, by: party, text: by chamber}}}
"""


def marks_and_notes(fig):
    ax = fig.axes[0]
    marks = {ln.get_gid().split(":")[0] for ln in ax.get_lines() if (ln.get_gid() or "").endswith(":threshold")}
    notes = {t.get_gid().split(":")[0]: t.get_text().split("\n")[1] for t in ax.texts
             if (t.get_gid() or "").endswith(":result") and "\n" in t.get_text()}
    return marks, notes, ax.get_xlabel()


def test_the_votes_figure_promises_a_mark_only_where_it_draws_one(replay):
    marks, notes, label = marks_and_notes(cs.plot_votes(replay))
    assert marks == {v.item for v in replay.votes()} and notes == {}
    # the labels' times are in one style, and the axis says which (a Gregorian assembly's are just dates)
    assert label == "delegates present at the vote (the black mark: votes for needed under the rule); times Old Style"
    # decided by order: no count of heads carries it, and the bar says so instead of a mark; an order voting
    # alone is decided by its deputies' heads, and has its mark
    marks, notes, label = marks_and_notes(cs.plot_votes(cs.simulate(cs.load(ASSEMBLIES[3]))))
    assert marks == {"national_assembly", "clergy_joins", "oath", "persist"}
    assert notes == {"verify_in_common": "no mark: by order: two of the three orders"}
    assert label.endswith("(the black mark: votes for needed under the rule; none where no count of heads "
                          "carries a motion)")
    # some with a mark, some without: those without say by what rule they were decided
    marks, notes, label = marks_and_notes(cs.plot_votes(cs.simulate(cs.loads(TWO_RULES))))
    assert marks == {"by_head"} and notes == {"by_chamber": "no mark: by chamber"}
    assert label.endswith("(the black mark: votes for needed under the rule; none where no count of heads "
                          "carries a motion)")


MEETING = """
title: A students' union meeting
sources: {minutes: The minutes}
issues: {fees: {label: Fees, status_quo: -1}, grants: {label: Grants, status_quo: 0}}
factions:
  left: {label: Left, delegates: 80, caucus: true, discipline: 0.9, positions: {fees: 0.8, grants: 0.3}}
  moderates: {label: Moderates, delegates: 55, caucus: true, discipline: 0.8, tolerance: 0.5,
              positions: {fees: -0.3, grants: 0.6}}
sessions:
  - id: agm
    opens: 2025-10-15T18:00
    agenda:
      - {id: debate, kind: debate, topic: fees, duration: 45}
      - {id: fees_motion, kind: vote, motion: Campaign against the fee rise, content: {fees: 0.8}}
      - {id: grants_motion, kind: vote, motion: Raise grants, content: {grants: 0.4}, after: 5}
      - {id: close, kind: close, after: 20}
triggers:
  - {id: protest, when: {item: fees_motion, result: adopted}, delay: 2,
     then: {id: walkout, kind: walkout, factions: [moderates]}}
"""


@pytest.fixture(scope="module")
def meeting():
    return cs.simulate(cs.loads(MEETING))  # 70 minutes: votes at 18:45 and 18:50, a walkout at 18:47 between


def tick_times(replay, fig):
    """The times of the labelled ticks of the time axis, each with whether it is a session's edge."""
    axis, ax = TimeAxis.of(replay), main_axes(fig)
    out = []
    for tick, label in zip(ax.get_xticks(), ax.get_xticklabels(), strict=True):
        a, b, x0 = next(s for s in axis.segments if s[2] - 1e-9 <= tick <= s[2] + s[1] - s[0] + 1e-9)
        out.append((a + tick - x0, min(abs(tick - x0), abs(tick - x0 - (b - a))) < 1e-9))
        assert label.get_text()
    return out


@pytest.mark.parametrize("width", [13, 30])
def test_a_short_meeting_is_ticked_every_ten_or_fifteen_minutes(meeting, width):
    inner = [t for t, edge in tick_times(meeting, cs.plot_attendance(meeting, width=width)) if not edge]
    steps = {round(b - a) for a, b in zip(inner, inner[1:], strict=False)}
    assert len(inner) >= 4 and len(steps) == 1 and steps <= {10, 15}, [meeting.clock.iso(t) for t in inner]


@pytest.mark.parametrize("path", ASSEMBLIES, ids=lambda p: p.stem)
def test_the_time_axis_is_ticked_at_one_step_across_its_sessions(path):
    replay = cs.simulate(cs.load(path))
    ticks = tick_times(replay, cs.plot_attendance(replay, width=13))
    steps = set()
    for a, b, _ in TimeAxis.of(replay).segments:
        inner = [t for t, edge in ticks if not edge and a < t < b]
        steps |= {round(y - x) for x, y in zip(inner, inner[1:], strict=False)}
    assert len(steps) <= 1, steps  # the same in every session, as a reader counts them
    assert sum(not edge for _, edge in ticks) >= 3


def test_votes_are_labelled_as_one_only_where_nothing_else_comes_between(meeting, replay):
    fig = cs.plot_attendance(meeting)
    labels = sorted((t.get_position()[0], t.get_text().strip()) for t in fig.axes[0].texts
                    if (t.get_gid() or "").startswith("label:"))
    assert [text.split(" \u2713")[0] for _, text in labels] == [
        "Campaign against the fee rise", "walkout: Moderates (51)", "Raise grants"]  # in the order they came
    axis, ax = TimeAxis.of(meeting), main_axes(fig)
    lines = {ln.get_xdata()[0] for ln in ax.get_lines() if ln.get_gid() == "event"}
    assert {axis.x(v.time) for v in meeting.votes()} <= lines
    # votes in a row with nothing between them are still one label, and each has its line
    fig = cs.plot_attendance(replay)
    axis, ax = TimeAxis.of(replay), main_axes(fig)
    assert any(t.get_text().strip() == "5 votes \u2713" for t in fig.axes[0].texts)
    lines = {ln.get_xdata()[0] for ln in ax.get_lines() if ln.get_gid() == "event"}
    assert {axis.x(v.time) for v in replay.votes()} <= lines


@pytest.mark.parametrize("which", ["meeting", "replay"])
def test_the_lane_of_labels_is_no_taller_than_they_are(which, request):
    replay = request.getfixturevalue(which)
    fig = cs.plot_attendance(replay)
    renderer = fig.canvas.get_renderer()
    lane, ax = fig.axes[0], main_axes(fig)
    top = max(t.get_window_extent(renderer).y1 for t in lane.texts if (t.get_gid() or "").startswith("label:"))
    assert lane.get_window_extent(renderer).y1 - top < 8  # no empty band between the title and the labels
    assert lane.get_window_extent(renderer).y0 > ax.get_window_extent(renderer).y1  # the plot takes the room


def test_an_attested_count_is_labelled_clear_of_a_compared_total(meeting):
    from congress_sim.record.attested import Attested

    early = cs.simulate(cs.loads(MEETING + """
arrivals:
  - {id: early, faction: left, count: 15, between: [2025-10-15T18:00, 2025-10-15T18:20]}
"""))
    opens, closes = meeting.sessions()[0][1:]
    points = [Attested(opens, 135, ("minutes",), ()), Attested(closes, 80, ("minutes",), ())]
    fig = cs.plot_attendance(meeting, compare=[early], attested=points)
    renderer = fig.canvas.get_renderer()
    ax = main_axes(fig)
    drawn = [ln for ln in ax.get_lines() if (ln.get_gid() or "").startswith(("compare:", "total"))]
    labels = [t for t in ax.texts if (t.get_gid() or "").startswith("attested:")]
    assert len(labels) == 2 and max(early.attendance()[-1].total, 150) > 135  # the other's total rises past it
    for label in labels:
        box = label.get_bbox_patch().get_window_extent(renderer)  # the label's box, without its leader
        for line in drawn:
            path = line.get_transform().transform_path(line.get_path())
            assert not path.intersects_bbox(box, filled=False), (label.get_text(), line.get_gid())


def test_a_source_keyed_like_a_unit_does_not_read_as_one(meeting):
    from congress_sim.record.attested import Attested

    opens = meeting.sessions()[0][1]
    fig = cs.plot_attendance(meeting, attested=[Attested(opens, 135, ("minutes",), ())])
    labels = [t.get_text() for t in main_axes(fig).texts if (t.get_gid() or "").startswith("attested:")]
    assert labels == ["135 (source: minutes)"]  # not "135 minutes", a duration


def test_the_axis_speaks_of_compressed_breaks_only_where_there_is_one(meeting, replay, figure, senate_2021):
    assert main_axes(cs.plot_attendance(meeting)).get_xlabel() == "time"  # one session: nothing compressed
    assert main_axes(figure).get_xlabel().endswith("; the break between sessions is compressed")
    assert main_axes(cs.plot_attendance(senate_2021)).get_xlabel() == "time; the breaks between sessions are compressed"


def test_a_sitting_of_no_length_is_ticked_labelled_and_laid_out_without_a_warning():
    import warnings

    instant = cs.simulate(cs.loads(MEETING.replace("duration: 45", "duration: 0").replace("after: 5", "after: 0")
                                   .replace("after: 20", "after: 0").replace("delay: 2", "delay: 0")))
    assert TimeAxis.of(instant).width == 0
    from congress_sim.record.attested import Attested

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nor a layout that collapses, fitting a title put 4 axis-widths away
        fig = cs.plot_attendance(instant, attested=[Attested(instant.sessions()[0][1], 135, ("minutes",), ())])
        fig._repr_png_()
    assert [t.get_text() for t in main_axes(fig).get_xticklabels()][0].startswith("18:00")
    ax = main_axes(fig)
    for gid in ("stack:left", "stack:moderates", "total"):  # drawn across the minute its axis is, not as a line
        artist = next(a for a in [*ax.collections, *ax.lines] if a.get_gid() == gid)
        xs = artist.get_paths()[0].vertices[:, 0] if gid != "total" else artist.get_xdata()
        assert max(xs) - min(xs) == pytest.approx(ax.get_xlim()[1] - ax.get_xlim()[0]), gid
    total = next(a for a in ax.lines if a.get_gid() == "total")
    assert list(total.get_ydata()) == [135, 135]  # what the sitting holds, the whole width


def test_the_band_of_a_sitting_of_no_length_is_drawn_across_the_minute_its_axis_is():
    text = (MEETING.replace("duration: 45", "duration: 0").replace("after: 5", "after: 0").replace("after: 20", "after: 0")
            + "uncertain:\n  turnout: {alternatives: {low: {weight: 1, values: {factions.left.delegates: 60}},"
              " high: {weight: 1, values: {factions.left.delegates: 100}}}, central: high}\n")
    scenario = cs.loads(text)
    band = cs.ensemble(scenario, runs=200, seed=1, jobs=1).summary()["band"]
    assert (min(band["p5"]), max(band["p95"])) == (115, 155)  # a band with a height
    ax = main_axes(cs.plot_attendance(cs.simulate(scenario), band=band))
    width = ax.get_xlim()[1] - ax.get_xlim()[0]
    for gid in ("band", "band:across", "band:p5", "band:p95", "band:median"):  # as the total is, not a line of no width
        artist = next(a for a in [*ax.collections, *ax.lines] if a.get_gid() == gid)
        xs = artist.get_paths()[0].vertices[:, 0] if gid in ("band", "band:across") else artist.get_xdata()
        assert max(xs) - min(xs) == pytest.approx(width), gid


@pytest.mark.parametrize("count, label", [(1, "+1 arrives"), (2, "+2 arrive")])
def test_an_arrival_is_labelled_with_its_count_in_words_that_agree(count, label):
    text = TOWN.replace("sessions:", f"arrivals: [{{id: late, faction: ayes, count: {count}, at: 2024-01-01T10:05}}]\n"
                                      "sessions:")
    fig = cs.plot_attendance(cs.simulate(cs.loads(text)))
    assert label in [t.get_text().strip() for a in fig.axes for t in a.texts]


def test_arrivals_counted_in_part_at_a_vote_are_labelled_as_a_span_not_a_moment():
    # some of them come in before the vote and some after: a label at their last would seem to say
    # they all came then, after the vote that counted some of them
    text = TOWN.replace("sessions:", "arrivals: [{id: late, faction: ayes, count: 10, "
                                     "between: [2024-01-01T10:00, 2024-01-01T10:30]}]\nsessions:")
    text = text.replace("agenda: [", "agenda: [{id: talk, kind: debate, topic: the plan, duration: 15}, ")
    text = text.replace("duration: 10}]}", "duration: 30}]}")
    replay = cs.simulate(cs.loads(text))
    came = [e.time for e in replay.events if isinstance(e, ev.Arrived) and e.item == "late"]
    assert min(came) < replay.vote("v").time < max(came)
    labels = [t.get_text().strip() for a in cs.plot_attendance(replay).axes for t in a.texts]
    assert f"+10 arrived since {replay.clock.label(min(came), both=False).strip()}" in labels
    assert "+10 arrive" not in labels


def test_a_vote_not_taken_is_labelled_with_the_quorum_it_fell_short_of():
    """Not "— not taken 0–0–0", a tally of a vote no one cast: the transcript's words, no quorum, with
    those present and the quorum needed."""
    replay = cs.simulate(cs.load(ROOT / "examples" / "town-council.yaml"))
    texts = {t.get_gid(): t.get_text() for t in cs.plot_votes(replay).axes[0].texts}
    assert texts["zoning:result"] == "\u2014 not taken, no quorum (3 present, 5 needed)"
    assert texts["park_motion:result"].startswith("\u2713 adopted  5\u20134\u20130")  # a vote taken keeps its tally


SHIPPED = sorted(p for p in [*ROOT.glob("scenarios/*.yaml"), *ROOT.glob("scenarios/*/*.yaml")]
                 if not p.name.endswith((".record.yaml", ".parameters.yaml")))


def overlapping_texts(fig):
    """Each two texts drawn on ``fig`` whose boxes overlap, and each text that runs off the figure
    (paired with None), as the figure draws them (a text hidden, or in axes turned off, is not drawn
    and does not count)."""
    from matplotlib.text import Text

    drawn, draw = [], Text.draw

    def drawing(text, renderer):
        draw(text, renderer)
        if text.get_visible() and text.get_text().strip():
            drawn.append((text.get_text(), Text.get_window_extent(text, renderer)))  # the text, without an arrow

    with mock.patch.object(Text, "draw", drawing):
        fig.draw_without_rendering()  # every text laid out and measured as a draw does, without the pixels
    off = [(a, None) for a, box in drawn if box.x0 < 0 or box.y0 < 0 or box.x1 > fig.bbox.width or box.y1 > fig.bbox.height]
    return off + [(a, b) for k, (a, box) in enumerate(drawn) for b, box2 in drawn[k + 1:]
                  if (both := box.intersection(box, box2)) is not None and both.width > 0 and both.height > 0]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT / "scenarios")))
def test_no_label_of_a_shipped_scenarios_figures_prints_over_another_or_off_the_figure(path):
    from congress_sim.record.attested import own_record

    replay = cs.simulate(cs.load(path))
    attested = own_record(replay, None)  # as `plot` marks them
    figures = {f"attendance {w}x{h} at {dpi} dpi by {by}": cs.plot_attendance(replay, attested=attested, by=by, width=w,
                                                                              height=h, dpi=dpi)
               for w, h, dpi, by in ((13, 7, 150, "faction"), (9, 5, 100, "party"))}  # as `plot` draws it; narrow
    figures["votes"] = cs.plot_votes(replay)
    if replay.elections():
        figures["seats"] = cs.plot_seats(replay)
    for which, fig in figures.items():
        assert overlapping_texts(fig) == [], which


@pytest.mark.parametrize("path", [ROOT / "scenarios" / "historical-uncertain.yaml",
                                  ROOT / "scenarios" / "constituent-assembly" / "constituent-assembly.yaml"],
                         ids=lambda p: p.stem)
def test_no_label_of_the_figures_of_an_ensemble_prints_over_another(path):
    scenario = cs.load(path)
    replay, summary = cs.simulate(scenario), cs.ensemble(scenario, runs=100, seed=1, jobs=1).summary()
    from congress_sim.publish.plot import draw

    for kind in ("attendance", "votes"):
        assert overlapping_texts(draw(kind, replay, ensemble=summary, attested=cs.attested_counts(replay), dpi=150)) == []


def test_the_votes_figure_of_a_sitting_without_a_vote_has_an_axis_of_some_width():
    import warnings

    scenario = cs.loads("""
title: Talk only
factions: {a: {label: A, delegates: 5}}
sessions:
  - {id: s, opens: 2000-01-01T10:00, agenda: [{id: talk, kind: debate, topic: T, duration: 60}]}
""")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an axis of no width is widened by matplotlib, with a warning
        ax = cs.plot_votes(cs.simulate(scenario)).axes[0]
    assert ax.get_xlim() == pytest.approx((0, 1.28))
