"""The HTML report, opened in a real browser (headless Chromium), where one is installed."""

import html
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from congress_sim.cli import cli

from .conftest import HISTORICAL, ROOT

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "no-walkout.html"
    result = CliRunner().invoke(cli, ["report", str(ROOT / "scenarios" / "whatif" / "no-walkout.yaml"),
                                      "--compare", str(HISTORICAL), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_report_is_self_contained(report):
    text = report.read_text()
    assert text.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script|<link|<img|<iframe|url\((?!#)|src=|@import", text, re.I)
    assert not re.search(r"(href|src)=['\"]?https?:", text, re.I)
    for section in ("Delegates present", "Timeline and transcript", "Votes", "Bodies", "Checked against the record",
                    "Compared with"):
        assert section in text
    assert text.count("<svg") >= 3  # attendance, votes, seats
    # a session's title heads its part of the transcript as the terminal gives it: the time says when it opens
    assert "<b>First session</b>" in text and "First session opens" not in text


def test_the_report_does_not_overwrite(report):
    result = CliRunner().invoke(cli, ["report", str(HISTORICAL), "-o", str(report)])
    assert result.exit_code == 2 and "--force" in result.output


@pytest.mark.skipif(BROWSER is None, reason="no Chromium here (Debian's chromium package); .ci/run installs it")
def test_the_report_in_a_real_browser(report, tmp_path):
    profile = tmp_path / "profile"
    url = report.resolve().as_uri()
    dom = subprocess.run([BROWSER, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
                         capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "Checked against the record" in dom.stdout and "What if: no walkout" in dom.stdout
    assert re.search(r'<td[^>]*>Vote on Appeal (&quot;|")To Workers, Soldiers, and Peasants!', dom.stdout)  # by its label
    consoles = [ln for ln in dom.stderr.splitlines() if "CONSOLE" in ln]
    assert consoles == [], consoles  # no console errors (nor messages) at all
    shot = tmp_path / "report.png"
    run = subprocess.run([BROWSER, *FLAGS, f"--user-data-dir={profile}", "--window-size=1280,2400",
                          f"--screenshot={shot}", url], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 50_000


ONE_DAY = """
title: A committee
place: Room 4
issues: {plan: {label: The plan}}
factions:
  ayes: {label: Ayes, delegates: 5, positions: {plan: 1}}
sessions:
  - {id: s1, opens: 2025-10-15T18:00, agenda: [{id: v, kind: vote, motion: The plan, content: {plan: 1}, duration: 10}]}
"""


def test_a_report_says_the_sets_it_was_made_with_escaped():
    import congress_sim as cs
    from congress_sim.publish.report import render

    html = render(cs.simulate(cs.load(HISTORICAL, ["description=<b>x</b>"])))
    assert "&middot; a deterministic replay, --set description=&lt;b&gt;x&lt;/b&gt;</p>" in html


def test_a_meeting_of_one_day_and_one_session_is_dated_once_and_has_no_break_to_compress():
    import congress_sim as cs
    from congress_sim.publish.report import render

    html = render(cs.simulate(cs.loads(ONE_DAY)))
    assert "Room 4 &middot; 15 Oct 2025 &middot;" in html  # not "15 Oct 2025 to 15 Oct 2025"
    assert "<figcaption>Delegates present by faction.</figcaption>" in html
    assert "compressed" not in html


def test_a_report_over_days_gives_both_and_names_the_break(report):
    text = report.read_text()
    assert "25 Oct 1917 to 27 Oct 1917 (Old Style; 7 Nov 1917 to 9 Nov 1917 New Style)" in text
    assert "<figcaption>Delegates present by faction; the break between sessions is compressed.</figcaption>" in text


POINTS = """
title: Points
issues: {x: {label: X}}
factions: {a: {label: A, delegates: 5, positions: {x: 1}}, b: {label: B, delegates: 4, positions: {x: -1}}}
sessions:
  - id: s
    opens: 2000-01-01T10:00
    agenda:
      - {id: first, kind: vote, motion: First, content: {x: 1}}
      - {id: second, kind: vote, motion: Second, content: {x: 0.5}, only_if: {item: first, result: adopted}}
"""


def test_the_reports_comparison_says_a_vote_in_the_words_of_compare():
    import congress_sim as cs
    from congress_sim.experiments.compare import render as text
    from congress_sim.publish.report import render

    base = cs.simulate(cs.loads(POINTS))
    skipped = cs.simulate(cs.loads(POINTS.replace("delegates: 5", "delegates: 3")))  # First fails: Second is skipped
    removed = cs.simulate(cs.loads(POINTS.split("      - {id: second")[0]))
    assert "<td>Second</td><td>adopted 5-4-0 of 9</td><td>not taken</td>" in render(skipped, base)
    # one phrase for both
    assert "Second                            adopted 5-4-0 of 9          -> not taken" in text(cs.compare(base, skipped))
    assert "-> no such vote" in text(cs.compare(base, removed))
    assert "<td>Second</td><td>adopted 5-4-0 of 9</td><td>no such vote</td>" in render(removed, base)


def test_the_reports_comparison_gives_what_compare_gives(report):
    # not the votes, bodies and facts alone: who was in the hall and when things happened, as `compare`
    # and a notebook give them, each side named as the report names it
    page = report.read_text()
    section = page[page.index("<h2 id='comparison'>"):]
    assert "<p>Base: <b>Second All-Russian Congress of Soviets" in section and "This scenario: <b>What if: no walkout</b>" in section
    assert "<tr><td>census at the closing</td><td>total</td><td>626</td><td>762</td></tr>" in section
    assert "<tr><td>time</td><td>Walkout</td><td>25 Oct 23:45 [7 Nov]</td><td>did not happen</td></tr>" in section
    assert "<td>body</td><td>All-Russian Central Executive Committee</td>" in section  # the body, as elsewhere
    assert "<th>Base</th><th>This scenario</th>" in section


def test_a_source_only_the_record_names_is_cited_in_the_report():
    import congress_sim as cs
    from congress_sim.publish.report import render

    # tecfa and wikipedia_oath are the record's own sources, not the scenario's
    text = render(cs.simulate(cs.load(ROOT / "scenarios" / "estates-general" / "estates-general.yaml")))
    assert "<td>tecfa</td><td>&#x27;Le Tiers-Etat demande le vote par tête&#x27;" in text
    assert "<td>wikipedia_oath</td><td>English Wikipedia, &#x27;Tennis Court Oath&#x27;</td>" in text


def test_the_report_lists_the_scenarios_assumptions_with_their_sources():
    import congress_sim as cs
    from congress_sim.publish.report import render

    scenario = cs.load(ROOT / "scenarios" / "estates-general" / "estates-general.yaml")
    stated = scenario.assumptions()
    assert stated[2][:2] + stated[2][3:] == ("factions", "liberal_nobles", "needham")
    text = render(cs.simulate(scenario))
    assert "<h2 id='assumptions'>Assumptions</h2>" in text and "href='#assumptions'" in text
    # under what it is about, in words, with the source's citation
    assert ("<td>Liberal nobles</td><td>The 47 nobles, with the Duke of Orléans, who joined the Assembly on 25 June "
            "(needham); their positions are the scenario&#x27;s assumption.</td><td>J. Needham,") in text
    assert "<td>12 Parish priests go over to the Commons</td>" in text  # an item with no title of its own
    rows = re.findall(r"<tr><td>([^<]*)</td><td>[^<]*</td><td>", text.split("id='assumptions'")[1])
    assert len(rows) == len({a for _, _, a, _ in stated}) < len(stated)  # the same words said of several things, once
    assert "Royal session of opening; The orders on the verification of powers; " in html.unescape("".join(rows))


def test_the_reports_votes_add_up_to_those_present_as_the_run_table_does():
    """The town council's motion to suspend the rules: 0 for, 5 against and 3 not voting of 8 present;
    without its not voting the row did not add up. Its zoning vote, not taken for want of a quorum,
    has no tally, as in the table `run` prints."""
    import congress_sim as cs
    from congress_sim.views.html import vote_table

    table = vote_table(cs.simulate(cs.load(ROOT / "examples" / "town-council.yaml")))
    rows = {re.sub(r"<[^>]+>", "|", row).strip("|").split("|")[0]: [c for c in re.sub(r"<[^>]+>", "|", row).split("|") if c]
            for row in table.split("<tr>")[2:]}
    assert "<th>Not voting</th>" in table
    assert rows["Suspend the rules to take the zoning item early"][2:7] == ["0", "5", "0", "3", "8"]
    assert rows["Zoning variance for 12 Elm Street"][2:7] == ["-", "-", "-", "-", "3"]
    plain = vote_table(cs.simulate(cs.load(HISTORICAL)))
    assert "Not voting" not in plain  # where no one present held back, the column is left out, as in `run`
