"""The figures, inspected: what is drawn is what the replay says."""

import subprocess
import sys

import pytest
from click.testing import CliRunner

import congress_sim as cs
from congress_sim.cli import cli
from congress_sim.publish.plot import TimeAxis, attendance_series, hemicycle, threshold

from .conftest import HISTORICAL, ROOT


@pytest.fixture(scope="module")
def figure(replay):
    return cs.plot_attendance(replay)


def main_axes(fig):
    return next(a for a in fig.axes if a.get_ylabel() == "delegates present")


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
    assert legend == [f.label for f in replay.scenario.factions.values()] + ["total"]
    assert "delegates present" in figure.axes[0].get_title(loc="left")
    assert any(t.get_text().startswith("Source: \"Second All-Russian") for t in figure.texts)
    labels = [t.get_text() for a in figure.axes for t in a.texts]
    assert any("walkout: Mensheviks, Right SRs (136)" in t for t in labels)
    assert any("appeal \u2713 492\u20132\u201312" in t for t in labels)
    assert any("Winter Palace taken" in t for t in labels)


def test_recess_shading_matches_the_recesses(replay, figure):
    axis = TimeAxis.of(replay)
    spans = [p for p in main_axes(figure).patches if (p.get_gid() or "").startswith("recess:")]
    assert len(spans) == len(replay.recesses()) == 1
    x0, width = spans[0].get_x(), spans[0].get_width()
    _, a, b = replay.recesses()[0]
    assert (x0, x0 + width) == pytest.approx((axis.x(a), axis.x(b)))


def test_the_compressed_axis_keeps_event_order(replay):
    axis = TimeAxis.of(replay)
    xs = [axis.x(e.time) for e in replay.events]
    assert xs == sorted(xs)
    (_, a1, b1), (_, a2, _) = replay.sessions()
    assert axis.x(b1) - axis.x(a1) == b1 - a1  # a session keeps its real length
    assert axis.x(a2) - axis.x(b1) == pytest.approx(50)  # the night is squeezed
    assert axis.x(a1) < axis.x((b1 + a2) / 2) < axis.x(a2)


def test_event_labels_do_not_overlap(figure):
    renderer = figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for a in figure.axes for t in a.texts
             if (t.get_gid() or "").startswith("label:")]
    assert len(boxes) > 10
    for i, p in enumerate(boxes):
        for q in boxes[i + 1:]:
            assert not p.overlaps(q), (p, q)


def test_compare_draws_the_whatif_total(replay):
    other = cs.simulate(cs.load(ROOT / "scenarios" / "whatif" / "no-walkout.yaml"))
    fig = cs.plot_attendance(replay, compare=[other])
    line = next(ln for ln in main_axes(fig).get_lines() if (ln.get_gid() or "").startswith("compare:"))
    assert max(line.get_ydata()) == 761


def test_votes_figure_bars_and_thresholds(replay):
    fig = cs.plot_votes(replay)
    ax = fig.axes[0]
    for v in replay.votes():
        widths = sum(p.get_width() for p in ax.patches if (p.get_gid() or "").startswith(f"{v.item}:"))
        assert widths == v.present
    marks = {ln.get_gid(): ln.get_xdata()[0] for ln in ax.get_lines()}
    assert marks["appeal:threshold"] == threshold(replay.vote("appeal")) == (492 + 2) / 2


def test_seats_figure_has_a_seat_for_each_member(replay):
    fig = cs.plot_seats(replay, "cec")
    drawn = {c.get_gid(): len(c.get_paths()) for c in fig.axes[0].collections if c.get_gid()}
    assert drawn == {f"seats:{k}": n for k, n in replay.elections()[-1].seats.items()}


@pytest.mark.parametrize("n", [1, 5, 13, 22, 101, 500])
def test_hemicycle_places_every_seat_once(n):
    pos, _ = hemicycle(n)
    assert len(pos) == len(set(pos)) == n
    assert all(y >= -1e-9 for _, y in pos)


def test_a_figure_drawn_into_a_given_axes(replay):
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    assert cs.plot_votes(replay, ax=ax) is fig and cs.plot_attendance(replay, ax=ax) is fig


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
