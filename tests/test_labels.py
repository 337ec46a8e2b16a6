"""What a reader sees names things as the scenario labels them, never by the ids it uses for them
(ids stay in what programs read: --json and the exports)."""

import functools
import re

import pytest
from click.testing import CliRunner

import congress_sim as cs
from congress_sim.cli import cli
from congress_sim.publish.report import render
from congress_sim.record.facts import record_of

from .conftest import HISTORICAL, ROOT

COUNCIL = ROOT / "examples" / "town-council.yaml"
COMPROMISE = ROOT / "scenarios" / "whatif" / "martov-talks.yaml"


def ids_of(replay):
    """The ids a reader could trip over: those with an underscore (martov_motion, sr_maximalists),
    which no label or sentence of the shipped scenarios contains."""
    s = replay.scenario
    known = {*s.factions, *s.parties, *s.bodies, *s.persons, *s.delegations, *replay.plan.items,
             *(x.id for x in s.sessions), *(f.id for f in (record_of(s).facts if s.record else []))}
    return {i for i in known if "_" in i}


def ids_in(text, replay):
    return {i for i in ids_of(replay) if re.search(rf"\b{i}\b", text)}


def shown(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code in (0, 1), result.output
    return result.output


@pytest.mark.parametrize("path", [HISTORICAL, COUNCIL, COMPROMISE], ids=lambda p: p.name)
def test_the_transcript_and_tables_of_run_name_no_ids(path):
    assert ids_in(shown("run", path), cs.simulate(cs.load(path))) == set()


@pytest.mark.parametrize("args", [(HISTORICAL,), (HISTORICAL, "--source", "reed"), (COUNCIL,), (COMPROMISE,)],
                         ids=["gse", "reed", "council", "whatif"])
def test_the_check_table_names_no_ids(args):
    text = shown("check", *args)
    assert ids_in(text, cs.simulate(cs.load(args[0]))) == set()
    assert "date ," not in text and "date none" not in text  # what an entry does not give is left out


def test_the_check_table_says_facts_and_values_in_words():
    text = shown("check", HISTORICAL)
    assert "PASS predicted   The appeal was adopted by" in text
    assert "A. V. Lunacharskii" in text and "only Bolsheviks" in text and "chair V. I. Lenin" in text
    assert "opening set for" in text
    assert "1917-10-20T00:00" not in text  # the history's dates as every other date (test_check)


@pytest.mark.parametrize("other", sorted((ROOT / "scenarios" / "whatif").glob("*.yaml")), ids=lambda p: p.name)
def test_the_comparison_names_no_ids(other):
    text = shown("compare", HISTORICAL, other)
    replays = [cs.simulate(cs.load(p)) for p in (HISTORICAL, other)]
    assert ids_in(text, replays[0]) | ids_in(text, replays[1]) == set()


def test_a_moved_close_is_named_in_the_comparison():
    text = shown("compare", HISTORICAL, HISTORICAL, "--set", "close_first.at=1917-10-26T05:45")
    assert "  First session closes" in text and "26 Oct 05:15 [8 Nov]" in text and "-> 26 Oct 05:45 [8 Nov]" in text


@functools.cache
def report_text(path, base=None):
    """The text of a scenario's report a reader sees (figures aside: their text is drawn as paths)."""
    html = render(cs.simulate(cs.load(path)), cs.simulate(cs.load(base)) if base else None)
    return visible(html)


def visible(html):
    html = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)  # figures: their text is drawn as paths
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize(("path", "base"), [(HISTORICAL, None), (COMPROMISE, HISTORICAL), (COUNCIL, None)],
                         ids=["historical", "whatif", "council"])
def test_the_report_names_no_ids(path, base):
    text = report_text(path, base)
    assert ids_in(text, cs.simulate(cs.load(path))) == set()
    assert "date ," not in text


def test_the_report_names_a_group_outside_the_factions_by_its_label(tmp_path):
    path = tmp_path / "council.yaml"
    path.write_text("""
title: A council
issues: {parks: {label: Parks}}
factions:
  reds: {label: Reds, delegates: 6, positions: {parks: 0.5}}
  blues: {label: Blues, delegates: 3, positions: {parks: -0.5}}
parties: {youth_wing: {label: Youth Council}}
bodies:
  board: {label: Board, seats: 4, reserved: {youth_wing: 1}}
sessions:
  - id: meeting
    opens: 2024-03-05T19:00
    agenda:
      - {id: board_elected, kind: election, body: board}
""")
    assert "Youth Council 1" in report_text(path)


def texts_of(fig):
    out = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    return "\n".join(str(x) for x in out)


@pytest.mark.parametrize("draw", ["plot_attendance", "plot_votes", "plot_seats"])
def test_the_figures_name_no_ids(replay, draw):
    fig = getattr(cs, draw)(replay)
    text = texts_of(fig)
    assert ids_in(text, replay) == set()
    if draw == "plot_votes":
        assert "Martov's resolution condemning the seizure" in text


def test_the_report_names_the_style_of_its_dates_only_where_the_calendar_has_two():
    assert "Time (Old Style [New Style])" in report_text(HISTORICAL)
    assert "Style" not in report_text(COUNCIL)  # an ordinary Gregorian date is not called New Style


PARTIES = """\
title: Two parties
factions:
  commons: {label: Commons, delegates: 6, party: third}
  priests: {label: Parish priests, delegates: 2, party: first}
  bishops: {label: Bishops, delegates: 1, party: first}
  lords: {label: Lords, delegates: 3, party: second}
parties:
  third: {label: Commons (third estate)}
  first: {label: Clergy}
  second: {label: Nobility}
sessions:
  - id: s1
    opens: 2024-01-01T10:00
    agenda:
      - {id: talk, kind: debate, topic: the plan, duration: 10}
"""


def test_a_party_line_names_its_factions_only_where_they_say_more_than_its_label():
    from congress_sim.views.transcript import census_table

    lines = census_table(cs.simulate(cs.loads(PARTIES))).splitlines()
    assert "  Commons (third estate): 6 at the opening, 6 at the closing" in lines  # not "(Commons)" again
    assert "  Clergy (Parish priests + Bishops): 3 at the opening, 3 at the closing" in lines
    assert "  Nobility (Lords): 3 at the opening, 3 at the closing" in lines  # one faction, but another name
    for path in (ROOT / "scenarios" / "senate-1964" / "senate-1964.yaml",
                 ROOT / "scenarios" / "estates-general" / "estates-general.yaml"):
        assert not re.search(r"^  (.+) \(\1\)", shown("run", path), re.M)
    run = shown("run", ROOT / "scenarios" / "estates-general" / "estates-general.yaml")
    # the curés who join the Commons are counted with them, not as the Third Estate
    assert "  The Commons (the Third Estate and those who joined it): 578 at the opening, 739 at the closing" in run
    assert "12 Parish priests go over to the Commons" in run


def test_a_party_line_never_puts_brackets_inside_brackets():
    # a label that brackets a word of its own, or a faction's that does, is followed by its factions
    # after a dash: "(as elected) (Left SRs + SRs (centre and right))" read as one tangle
    text = PARTIES.replace("label: Commons (third estate)", "label: Commons (as elected)") \
        .replace("label: Bishops,", "label: Bishops (of the sees),")
    lines = census_table_of(text)
    assert "  Clergy — Parish priests + Bishops (of the sees): 3 at the opening, 3 at the closing" in lines
    assert "  Commons (as elected): 6 at the opening, 6 at the closing" in lines  # its one faction, no more
    out = shown("run", ROOT / "scenarios" / "constituent-assembly" / "constituent-assembly.yaml")
    assert "Party of Socialist Revolutionaries (as elected) — Left SRs + SRs (centre and right): 275 at" in out


def census_table_of(text: str) -> list[str]:
    from congress_sim.views.transcript import census_table

    return census_table(cs.simulate(cs.loads(text))).splitlines()


def test_the_census_keeps_its_columns_under_short_labels():
    from congress_sim.views.transcript import census_table

    text = PARTIES.replace("label: Commons,", "label: C,").replace("label: Parish priests,", "label: P,") \
        .replace("label: Bishops,", "label: B,").replace("label: Lords,", "label: L,")
    lines = census_table(cs.simulate(cs.loads(text))).splitlines()[:6]
    assert lines[-1] == "  total       12       12"
    assert {len(line) for line in lines} == {len(lines[-1])}  # every count under its heading, "Census" too


def test_the_town_council_counts_councillors_not_delegates():
    # a council's members are councillors, as the Constituent Assembly's are deputies (`members_called`)
    out = shown("run", COUNCIL)
    assert "Walkout of the Conservatives, 4 councillors" in out and "Session closes; 4 councillors at the assembly" in out
    assert "delegate" not in out
