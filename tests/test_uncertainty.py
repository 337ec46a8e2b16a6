"""Uncertain assumptions: how they are written, checked, drawn, and kept apart from the deterministic replay."""

from pathlib import Path

import numpy as np
import pytest

import congress_sim as cs
from congress_sim import events as ev
from congress_sim.drivers.kernel import Kernel, seeds
from congress_sim.language import plan as planning
from congress_sim.model import draws
from congress_sim.model.params import central

ROOT = Path(__file__).resolve().parents[1]
UNCERTAIN = ROOT / "scenarios" / "historical-uncertain.yaml"

# A committee of three factions; the swing faction's position decides the reform (see test_sensitivity).
COMMITTEE = """
title: Committee
issues: {reform: {label: Reform}}
behaviour: {noise: 0}
factions:
  ayes: {label: Ayes, delegates: 45, caucus: true, discipline: 1, positions: {reform: 0.8}}
  noes: {label: Noes, delegates: 50, caucus: true, discipline: 1, positions: {reform: -0.8}}
  swing: {label: Swing, delegates: 10, caucus: true, discipline: 1, positions: {reform: 0.6}}
sessions:
  - id: s
    opens: 2000-01-01T10:00
    agenda:
      - {id: reform, kind: vote, motion: Reform, content: {reform: 1}, duration: 10}
      - {id: leave, kind: walkout, share: 0.5, factions: [noes]}
triggers:
  - {id: news, when: {item: reform, result: adopted}, then: {id: cheers, kind: announcement, text: Cheers.}}
"""


def committee(uncertain: str) -> cs.Scenario:
    return cs.loads(COMMITTEE + "uncertain:\n" + uncertain, "<committee>")


# --- the language ----------------------------------------------------------------------------


@pytest.mark.parametrize("text, message", [
    # two forms at once
    ("  factions.swing.delegates: {uniform: [5, 15], choice: [5, 15]}\n", "exactly one of choice, uniform"),
    # no form
    ("  factions.swing.delegates: {central: 10}\n", "give exactly one of"),
    # a range the wrong way round
    ("  behaviour.tolerance: {uniform: [3, 1]}\n", r"uniform: low \(3\) must be below high \(1\)"),
    # a mode outside its range
    ("  behaviour.tolerance: {triangular: [1, 4, 3]}\n", "low <= mode <= high"),
    # a path the model cannot vary
    ("  rules.majority: {choice: [1, 2]}\n", "not a value that can vary between replays"),
    # a value outside what the path may take
    ("  factions.swing.positions.reform: {uniform: [0, 1.5]}\n", "1.5 is outside -1 to 1"),
    # a count that is not whole
    ("  factions.swing.delegates: {choice: [8, 12.5]}\n", "12.5 is not a whole number"),
    # a central value the distribution cannot give
    ("  factions.swing.delegates: {choice: [8, 12], central: 10}\n", "10 is not one of the alternatives"),
    ("  behaviour.tolerance: {uniform: [1, 2], central: 3}\n", "3 is outside 1 to 2"),
    # a family without its central alternative
    ("  size: {alternatives: {a: {values: {factions.swing.delegates: 8}}, b: {values: {factions.swing.delegates: 9}}}}\n",
     "a family states its central alternative"),
    # a family named like a path
    ("  factions.x: {alternatives: {a: {values: {factions.swing.delegates: 8}}, b: {values: {factions.swing.delegates: 9}}},"
     " central: a}\n", "a family .* is named by an id"),
    # a family value at a path that cannot vary
    ("  size: {alternatives: {a: {values: {factions.swing.label: 8}}, b: {values: {factions.swing.delegates: 9}}},"
     " central: a}\n", "factions.swing.label: not a value that can vary"),
    # a misspelt faction or issue is named as such
    ("  factions.swings.delegates: {uniform: [5, 15]}\n", r"factions.swings.delegates: no faction 'swings' \(did you mean 'swing'\? known: ayes, noes, swing\)"),
    ("  factions.swing.positions.reforms: {uniform: [0, 1]}\n", "no issue 'reforms'"),
    ("  issues.reformm.status_quo: {uniform: [0, 1]}\n", "no issue 'reformm'"),
    # a walkout's share varies only where the walkout gives one (here it does not exist)
    ("  nowhere.share: {uniform: [0, 1]}\n", "not a value that can vary"),
    # an unknown source
    ("  behaviour.tolerance: {uniform: [1, 2], source: nobody}\n", "no source 'nobody'"),
    # a misspelt key
    ("  behaviour.tolerance: {uniforme: [1, 2]}\n", "unknown key"),
    # a label is words, of the assumption and of each alternative
    ("  behaviour.tolerance: {uniform: [1, 2], label: 670}\n", "uncertain.behaviour.tolerance.label: must be text"),
    ("  factions.swing.delegates: {choice: [8, {value: 12, label: [twelve]}]}\n",
     r"uncertain.factions.swing.delegates.choice\[1\].label: must be text"),
    ("  size: {alternatives: {a: {label: 8, values: {factions.swing.delegates: 8}}, b: {values: {factions.swing.delegates: 9}}},"
     " central: a}\n", "uncertain.size.alternatives.a.label: must be text"),
])
def test_a_bad_assumption_is_one_located_line(text, message):
    with pytest.raises(cs.ScenarioError, match=message) as err:
        committee(text)
    assert str(err.value).startswith("<committee>:") and len(str(err.value).splitlines()) == 1


def test_a_named_person_may_be_one_of_a_factions_later_arrivals():
    person = "persons:\n  whip: {name: The whip, faction: swing}\n"
    draw = "  factions.swing.delegates: {choice: [0, 10]}\n"
    with pytest.raises(cs.ScenarioError, match="0 delegates leave no seat for the 1 named persons of 'swing'"):
        cs.loads(COMMITTEE + person + "uncertain:\n" + draw, "<committee>")
    later = "arrivals:\n  - {id: come, faction: swing, count: 2, between: [2000-01-01T10:05, 2000-01-01T10:06]}\n"
    # accepted, as a what-if that sets 0 at the opening is
    s = cs.loads(COMMITTEE + person + later + "uncertain:\n" + draw, "<committee>")
    assert [a.form for a in draws.assumptions(planning.of(s))] == ["choice"]


def test_every_form_is_read():
    s = committee("  factions.swing.delegates: {choice: [8, {value: 10, weight: 2, source: null}, 12]}\n"
                  "  behaviour.tolerance: {triangular: [0.5, 1, 2]}\n"
                  "  factions.noes.positions.reform: {normal: [-0.8, 0.1], within: [-1, -0.5]}\n"
                  "  issues.reform.status_quo: {uniform: [-0.2, 0.2]}\n"
                  "  leave.share: {uniform: [0.2, 0.8]}\n"
                  "  sizes: {alternatives: {small: {weight: 1, values: {factions.ayes.delegates: 40}},"
                  " large: {weight: 3, values: {factions.ayes.delegates: 50, factions.noes.delegates: 55}}}, central: large}\n")
    forms = [a.form for a in draws.assumptions(planning.of(s))]
    assert forms == ["choice", "triangular", "normal", "uniform", "uniform", "alternatives"]


# --- quantiles: u in [0, 1) picks a value -----------------------------------------------------


def test_alternatives_are_picked_by_their_weights():
    s = committee("  factions.swing.delegates: {choice: [{value: 8, weight: 1}, {value: 10, weight: 3}]}\n")
    a = draws.assumptions(planning.of(s))[0]
    assert a.values(np.array([0.0, 0.24, 0.25, 0.99]))[:, 0].tolist() == [8, 8, 10, 10]


def test_a_triangular_distribution_has_its_mode_where_the_quantile_says():
    s = committee("  behaviour.tolerance: {triangular: [1, 2, 5]}\n")
    a = draws.assumptions(planning.of(s))[0]
    # F(mode) = (mode - low) / (high - low) = 1/4
    assert a.values(np.array([0.0, 0.25, 1.0]))[:, 0] == pytest.approx([1, 2, 5])


def test_a_normal_is_cut_to_its_range():
    s = committee("  factions.noes.positions.reform: {normal: [-0.8, 0.5]}\n  behaviour.tolerance: {normal: [2, 0.1]}\n")
    wide, narrow = draws.assumptions(planning.of(s))
    x = wide.values(np.linspace(0, 1, 101))[:, 0]
    assert x.min() == -1 and x.max() == pytest.approx(1) and np.all(np.diff(x) > 0)  # cut to where a position can be
    assert narrow.values(np.array([0.5]))[0, 0] == pytest.approx(2)  # far from the cuts, the normal's own median


def test_counts_are_drawn_as_whole_numbers():
    s = committee("  factions.swing.delegates: {uniform: [5, 15]}\n")
    x = draws.assumptions(planning.of(s))[0].values(np.random.default_rng(1).random(200))[:, 0]
    assert np.array_equal(x, np.rint(x)) and x.min() >= 5 and x.max() <= 15


# --- central values and the deterministic replay ------------------------------------------------


def test_the_deterministic_replay_is_the_base_scenarios():
    base = [e.to_dict() for e in cs.simulate(cs.load(ROOT / "scenarios" / "historical.yaml")).events]
    drawn = [e.to_dict() for e in cs.simulate(cs.load(UNCERTAIN)).events]
    assert drawn == base


def test_a_stated_central_value_is_the_deterministic_replays():
    s = committee("  factions.swing.delegates: {choice: [8, 12], central: 12}\n")
    assert cs.simulate(s).census("opening").total == 45 + 50 + 12
    assert central(planning.of(s)).opening[0].tolist() == [45, 50, 12]


def test_without_a_central_value_the_scenarios_own_stands():
    s = committee("  factions.swing.delegates: {uniform: [1, 20]}\n")
    assert cs.simulate(s).census("opening").total == 105


def test_a_familys_central_alternative_sets_its_values():
    s = committee("  sizes: {alternatives: {few: {values: {factions.ayes.delegates: 40}},"
                  " many: {values: {factions.ayes.delegates: 60}}}, central: many}\n")
    assert cs.simulate(s).census("opening").total == 60 + 50 + 10


def test_a_value_set_is_drawn_no_more_in_any_replay():
    """A --set (or a what-if's `set:`) of a value an assumption draws fixes it, where the draw (and a
    stated central value) silently undid it: `--set left_sr_arrive.count=50` gave 83 Left SRs."""
    s = cs.load(UNCERTAIN, ["left_sr_arrive.count=50", "factions.bolsheviks.delegates=350", "protest.delay=20"])
    names = [a.name for a in draws.assumptions(planning.of(s))]
    assert "left_sr_arrive.count" not in names and "protest.delay" not in names and "delegate_count" in names
    assert cs.simulate(s).census("opening").by_faction["bolsheviks"] == 350  # not the central count's 390
    arrived = [a for a in cs.simulate(s).events if isinstance(a, ev.Arrived) and a.item == "left_sr_arrive"]
    assert sum(a.count for a in arrived) == 50  # not the stated central 83
    out = Kernel(s, {"opening": "opening"}).run(300, seeds(1, 0))
    bolsheviks = list(planning.of(s).factions).index("bolsheviks")
    assert (out.census["opening"][:, bolsheviks] == 350).all()  # no count of the family brings its own
    assert len(np.unique(out.census["opening"].sum(axis=1))) > 1  # the rest of each count is still drawn
    whatif = cs.loads({"extends": UNCERTAIN.name, "set": {"factions.left_sr.discipline": 0.95}},
                      name=str(UNCERTAIN.with_name("mine.yaml")))
    assert "factions.left_sr.discipline" not in [a.name for a in draws.assumptions(planning.of(whatif))]
    # the same value by another path, and a key above the value drawn, fix it too
    assert "left_sr_arrive.count" not in [a.name for a in draws.assumptions(planning.of(
        cs.load(UNCERTAIN, ["arrivals.left_sr_arrive.count=50"])))]
    assert "factions.left_sr.positions.insurrection" not in [a.name for a in draws.assumptions(planning.of(
        cs.load(UNCERTAIN, ["factions.left_sr.positions={soviet_power: 0.9, insurrection: 0.4}"])))]


def test_an_assumption_is_fixed_by_name_a_family_at_one_of_its_alternatives():
    """`--set uncertain.NAME=ALTERNATIVE` asks what follows if one source is right: the family's values
    are set, and what else drew them (the SR split, the Left SRs' later arrivals) is drawn no more."""
    s = cs.load(UNCERTAIN, ["uncertain.delegate_count=pravda_670"])
    names = [a.name for a in draws.assumptions(planning.of(s))]
    assert "delegate_count" not in names and "sr_split" not in names and "left_sr_arrive.count" not in names
    assert "behaviour.tolerance" in names
    assert cs.simulate(s).census("opening").total == 670
    out = Kernel(s, {"opening": "opening"}).run(200, seeds(2, 0))
    assert (out.census["opening"].sum(axis=1) == 670).all()  # in every replay, not only the deterministic one
    # a what-if's `set:` the same; any other assumption is fixed at the value given, by its name with its dots
    whatif = cs.loads({"extends": UNCERTAIN.name, "set": {"uncertain.delegate_count": "gse_649",
                                                          "uncertain.behaviour.tolerance": 0.3}},
                      name=str(UNCERTAIN.with_name("mine.yaml")))
    kept = [a.name for a in draws.assumptions(planning.of(whatif))]
    assert "delegate_count" not in kept and "behaviour.tolerance" not in kept and "sr_split" in kept
    assert whatif.behaviour.tolerance == 0.3
    # a key within an assumption named with dots is set there, not under a new key
    inside = cs.load(UNCERTAIN, ["uncertain.behaviour.tolerance.central=0.2"])
    assert inside.uncertain["behaviour.tolerance"].central == 0.2


@pytest.mark.parametrize("sets, message", [
    (["uncertain.delegate_count=pravda"],
     r"--set: uncertain.delegate_count: no alternative 'pravda' of 'delegate_count' \(did you mean 'pravda_670'\?"),
    # a value set that empties some of a family's alternatives but not all: which weigh then, only the user can say
    (["factions.bolsheviks.delegates=300", "factions.mensheviks.delegates=60", "factions.united_internationalists.delegates=9",
      "factions.menshevik_internationalists.delegates=6", "factions.ukrainian_socialists.delegates=7",
      "factions.other_parties.delegates=0", "factions.non_party.delegates=0"],
     r"--set: factions.non_party.delegates: leaves the alternative 'gse_649' of 'delegate_count' nothing to set, but not"),
])
def test_a_wrong_fix_is_one_located_line(sets, message):
    with pytest.raises(cs.ScenarioError, match=message) as err:
        cs.load(UNCERTAIN, sets)
    assert len(str(err.value).splitlines()) == 1


def test_a_family_whose_every_alternative_is_set_is_drawn_no_more():
    s = cs.load(UNCERTAIN, ["factions.left_sr.delegates=90", "factions.right_sr.delegates=70"])
    assert "sr_split" not in [a.name for a in draws.assumptions(planning.of(s))]
    assert cs.simulate(s).census("opening").by_faction["left_sr"] == 90


# --- drawing --------------------------------------------------------------------------------


def test_each_replay_draws_its_own_values_and_keeps_what_it_drew():
    s = committee("  factions.swing.delegates: {uniform: [1, 20]}\n  factions.swing.positions.reform: {uniform: [-1, 1]}\n")
    k = Kernel(s, {"opening": "opening"})
    out = k.run(500, seeds(3, 0))
    assert out.drawn is not None and out.drawn.shape == (500, 2)
    assert np.array_equal(out.census["opening"][:, 2], out.drawn[:, 0])  # the swing faction's size is what was drawn
    assert len(np.unique(out.drawn[:, 1])) == 500
    again = k.run(500, seeds(3, 0))
    assert np.array_equal(again.drawn, out.drawn)  # the block's own stream: the same draws for the same seed


def test_a_later_assumption_wins_where_two_set_the_same_value():
    s = committee("  factions.swing.delegates: {uniform: [1, 5]}\n"
                  "  sizes: {alternatives: {few: {values: {factions.ayes.delegates: 40}},"
                  " many: {values: {factions.ayes.delegates: 60, factions.swing.delegates: 30}}}, central: few}\n")
    out = Kernel(s, {"opening": "opening"}).run(400, seeds(1, 0))
    many = out.drawn[:, 1] == 1
    assert (out.census["opening"][many, 2] == 30).all()  # the family gives the swing faction's size
    assert (out.census["opening"][~many, 2] <= 5).all()  # where it does not, the size drawn before stands


def test_a_walkouts_share_can_vary_between_replays():
    s = committee("  leave.share: {choice: [0, 1]}\n")
    out = Kernel(s).run(300, seeds(2, 0))
    left = out.leaving["leave"].sum(axis=1)
    assert set(left.tolist()) == {0, 50} and np.array_equal(left == 50, out.drawn[:, 0] == 1)


def test_a_seeded_replay_logs_what_it_drew():
    s = committee("  sizes: {alternatives: {few: {values: {factions.ayes.delegates: 40}},"
                  " many: {values: {factions.ayes.delegates: 60}}}, central: few}\n")
    replay = cs.simulate(s, seed=5)
    drawn = next(e for e in replay.events if e.kind == "drawn")
    assert drawn.values["sizes"] in ("few", "many")
    assert replay.census("opening").by_faction["ayes"] == {"few": 40, "many": 60}[drawn.values["sizes"]]
    assert not [e for e in cs.simulate(s).events if e.kind == "drawn"]  # the deterministic replay draws nothing


def test_the_ensemble_table_records_what_each_replay_drew(tmp_path):
    s = committee("  sizes: {alternatives: {few: {weight: 1, values: {factions.ayes.delegates: 40}},"
                  " many: {weight: 3, values: {factions.ayes.delegates: 60}}}, central: few}\n"
                  "  behaviour.tolerance: {uniform: [1, 2]}\n")
    e = cs.ensemble(s, runs=2000, seed=1, jobs=1, keep=True)
    cols, data = e.table()
    table = dict(zip(cols, data, strict=True))
    assert set(table["drawn_sizes"]) == {"few", "many"}
    assert (table["drawn_sizes"] == "many").mean() == pytest.approx(0.75, abs=0.03)
    assert table["drawn_behaviour.tolerance"].min() >= 1 and table["drawn_behaviour.tolerance"].max() <= 2
    shares = e.summary()["assumptions"][0]["shares"]
    assert shares["many"] == pytest.approx(0.75, abs=0.03)


def test_history_is_uncertain_once_its_assumptions_are():
    """The acceptance: structural outcomes that the fixed scenario gives with probability 0 or 1."""
    summary = cs.ensemble(cs.load(UNCERTAIN), runs=600, seed=1, jobs=1).summary()
    votes = {v["id"]: v["p"]["adopted"] for v in summary["votes"]}
    assert 0 < votes["martov_proposal"] < 1  # talks on an all-socialist government, or not
    assert 0 < votes["martov_resolution"] < 1
    sovnarkom = next(el for el in summary["elections"] if el["body"] == "sovnarkom")
    assert 0 < sovnarkom["seats"]["left_sr"]["distribution"].get("0", 0) < 1  # the Left SRs enter the government, or not
    after = next(a for a in summary["attendance"] if a["moment"] == "vote:martov_resolution")
    assert after["p5"] < after["p95"]  # how many walked out


# --- the band of a figure says what it is -------------------------------------------------------


def test_a_band_names_its_runs_seed_and_sets_and_says_when_it_has_no_width():
    s = cs.loads(COMMITTEE, "committee.yaml")  # nothing uncertain, nothing spread over time: every replay alike
    band = {**cs.ensemble(s, runs=20, seed=4, jobs=1).summary()["band"], "sets": ["behaviour.tolerance=2"]}
    fig = cs.plot_attendance(cs.simulate(s), band=band)
    caption = fig.texts[-1].get_text()
    assert "band: 5-95% of the total in 20 seeded replays (seed 4, --set behaviour.tolerance=2)" in caption
    assert "zero width: every replay has the same total at every time" in caption
    assert any("(zero width)" in t.get_text() for t in fig.axes[1].get_legend().get_texts())


def test_a_seeded_replay_says_what_it_drew_and_a_deterministic_one_draws_nothing():
    from congress_sim.views.transcript import header

    s = committee("  factions.swing.delegates: {choice: [8, 12]}\n"
                  "  sizes: {alternatives: {small: {values: {factions.ayes.delegates: 40}},"
                  " large: {values: {factions.ayes.delegates: 50}}}, central: large}\n")
    seeded = cs.simulate(s, seed=3)
    drawn = next(iter(seeded.of(ev.Drawn))).values
    assert header(seeded).splitlines()[-1] == (f"drawn: the Swing's delegates at the opening is "
                                               f"{drawn['factions.swing.delegates']:g}; sizes is {drawn['sizes']}")
    labelled = committee("  factions.swing.delegates: {choice: [8, 12], label: the Swing's count}\n"
                         "  sizes: {label: the Ayes' count, alternatives: {small: {label: the minutes' 40, values: "
                         "{factions.ayes.delegates: 40}}, large: {label: the minutes' 50, values: {factions.ayes.delegates: 50}}},"
                         " central: large}\n")
    said = header(cs.simulate(labelled, seed=3)).splitlines()[-1]
    assert said == (f"drawn: the Swing's count is {drawn['factions.swing.delegates']:g}; "
                    f"the Ayes' count is the minutes' {40 if drawn['sizes'] == 'small' else 50}")
    assert "drawn" not in header(cs.simulate(s))
    assert header(cs.simulate(s)).splitlines()[-1] == \
        "deterministic replay, the uncertain assumptions at their central values"


def test_plot_says_its_band_draws_the_uncertain_assumptions_anew(tmp_path):
    import matplotlib as mpl
    from click.testing import CliRunner

    from congress_sim.cli import cli

    (tmp_path / "committee.yaml").write_text(COMMITTEE + "uncertain:\n  factions.swing.delegates: {uniform: [1, 20]}\n"
                                             "  leave.share: {uniform: [0, 1]}\n")
    (tmp_path / "certain.yaml").write_text(COMMITTEE)
    captions = []
    for name in ("committee", "certain"):
        with mpl.rc_context({"svg.fonttype": "none"}):  # the caption as text, to be read back
            run = CliRunner().invoke(cli, ["plot", str(tmp_path / f"{name}.yaml"), "--runs", "50", "-o",
                                           str(tmp_path / f"{name}.svg")])
        assert run.exit_code == 0, run.output
        captions.append(" ".join((tmp_path / f"{name}.svg").read_text().split()))
    assert "seeded replays (seed 0), each drawing the 2 uncertain assumptions anew" in captions[0]
    assert "band: 5-95% of the total in 50 seeded replays (seed 0)" in captions[1] and "anew" not in captions[1]


# --- how an assumption is named --------------------------------------------------------------

LABELLED = ("  sizes: {label: the count of Ayes at the opening, alternatives: {few: {label: the minutes' 40, values: "
            "{factions.ayes.delegates: 40}}, many: {values: {factions.ayes.delegates: 60}}}, central: few}\n"
            "  factions.swing.positions.reform: {uniform: [-1, 1], label: how the Swing judged the reform}\n"
            "  factions.swing.delegates: {choice: [{value: 8, label: the smaller count}, 12]}\n"
            "  behaviour.tolerance: {uniform: [1, 2]}\n"
            "  factions.noes.salience.reform: {uniform: [1, 2]}\n"
            "  news.delay: {uniform: [0, 5]}\n")


def test_an_assumption_and_its_alternatives_are_named_by_their_labels():
    from congress_sim.views import labels

    s = committee(LABELLED)
    plan = planning.of(s)
    assert labels.assumption(s, plan, "sizes") == "the count of Ayes at the opening"
    assert labels.assumption(s, plan, "factions.swing.positions.reform") == "how the Swing judged the reform"
    assert [labels.alternative(s, "sizes", a) for a in ("few", "many")] == ["the minutes' 40", "many"]
    assert [labels.alternative(s, "factions.swing.delegates", v) for v in ("8", "12")] == ["the smaller count", "12"]


@pytest.mark.parametrize("path, words", [
    # without a label, in the scenario's own words: its labels, and what the path sets
    ("factions.swing.delegates", "the Swing's delegates at the opening"),
    ("behaviour.tolerance", "the delegates' tolerance"),
    ("factions.noes.salience.reform", "how much reform weighs with the Noes"),
    ("factions.ayes.positions.reform", "the Ayes' position on reform"),
    ("factions.ayes.positions.reform.spread", "the spread of the Ayes' positions on reform"),
    ("issues.reform.status_quo", "where things stand on reform when the assembly opens"),
    ("news.delay", "the delay before \u201cCheers.\u201d"),
    ("leave.share", "the share of delegates who leave in the walkout of the Noes"),
])
def test_an_assumption_without_a_label_is_said_from_its_path_in_words(path, words):
    from congress_sim.views import labels

    s = committee(f"  {path}: {{uniform: [0, 0.5]}}\n")
    assert labels.assumption(s, planning.of(s), path) == words


def test_a_faction_whose_label_begins_with_the_is_said_as_inside_a_sentence():
    from congress_sim.views import labels

    s = cs.loads(COMMITTEE.replace("label: Swing", "label: The Swing") + "uncertain:\n"
                 "  factions.swing.discipline: {uniform: [0.5, 1]}\n  factions.swing.salience.reform: {uniform: [1, 2]}\n",
                 "<committee>")
    plan = planning.of(s)
    assert labels.assumption(s, plan, "factions.swing.discipline") == "the Swing's discipline"
    assert labels.assumption(s, plan, "factions.swing.salience.reform") == "how much reform weighs with the Swing"


def test_the_ensemble_names_assumptions_in_words_and_its_json_keeps_the_keys():
    s = committee(LABELLED)
    e = cs.ensemble(s, runs=400, seed=1, jobs=1)
    text = str(e)
    block = text.split("Uncertain assumptions, as drawn")[1].split("\n\n")[0]
    assert "The count of Ayes at the opening " in block and "the minutes' 40 " in block and "many " in block
    assert "How the Swing judged the reform " in block and "The delegates' tolerance " in block
    assert "the smaller count " in block and "sizes" not in block and "behaviour.tolerance" not in block
    assert "How the Swing judged the reform" in e._repr_html_()
    kept = e.summary()["assumptions"]
    assert [a["name"] for a in kept][:3] == ["sizes", "factions.swing.positions.reform", "factions.swing.delegates"]
    assert set(kept[0]["shares"]) == {"few", "many"} and set(kept[2]["shares"]) == {"8.0", "12.0"}


def test_the_report_says_what_an_uncertain_assumption_is_about():
    from congress_sim.views import labels

    s = committee("  behaviour.tolerance: {uniform: [1, 2], assumption: No source gives it.}\n")
    assert labels.about(cs.simulate(s), "uncertain", "behaviour.tolerance") == "The delegates' tolerance"


@pytest.mark.parametrize("seed", [59, 60, 73])
def test_trotskys_resolution_is_put_only_where_someone_had_left(seed):
    """The protest's delay is drawn (up to 45 minutes after the cannonade): where the walkout comes
    after the resolution's time, no one has left when it is due, and it is not put (seeds 60, 73)."""
    r = cs.simulate(cs.load(UNCERTAIN), seed)
    walkout = next(w for w in r.walkouts() if w["id"] == "walkout")
    why = {e.item: str(e.because) for e in r.of(ev.Skipped)}.get("trotsky_resolution")
    put = [v.time for v in r.votes() if v.item == "trotsky_resolution"]
    due = next(e.time for e in r.of(ev.Skipped) if e.item == "trotsky_resolution") if why else put[0]
    assert walkout["delegates"] > 0
    assert (walkout["time"] > due) == (why is not None) == (seed != 59)
    assert why in (None, "only if at least 1 left in the walkout; none had left")
