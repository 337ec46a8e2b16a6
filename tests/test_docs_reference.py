"""Docs as a tested contract: generated reference pages are current, every command is documented
with an example, and the examples in docstrings run."""

import doctest
import importlib
import runpy

import pytest
from click.testing import CliRunner

import congress_sim as cs
from congress_sim.cli import cli

from .conftest import ROOT

generate = runpy.run_path(str(ROOT / "docs" / "generate.py"))


@pytest.mark.parametrize("page", sorted(generate["PAGES"]))
def test_the_reference_page_is_current(page):
    kept = (ROOT / "docs" / "reference" / page).read_text(encoding="utf-8")
    assert kept == generate["PAGES"][page]() + "\n", "regenerate with: python docs/generate.py"


def test_the_top_of_a_record_file_is_documented_key_by_key():
    from congress_sim.publish.schema import record_schema

    page = (ROOT / "docs" / "reference" / "scenario.md").read_text(encoding="utf-8")
    top = page.split("### Record (the top of a file)")[1].split("###")[0]
    for key, spec in record_schema()["properties"].items():
        assert f"| `{key}` |" in top and spec.get("description"), key


def test_every_command_is_documented_with_an_example():
    page = (ROOT / "docs" / "reference" / "cli.md").read_text()
    for name, command in cli.commands.items():
        assert f"## congress-sim {name}" in page
        assert command.help and "Example" in command.help, name
        assert f"congress-sim {name} " in command.help, f"{name}'s example does not show the command"
        assert CliRunner().invoke(cli, [name, "--help"]).exit_code == 0


@pytest.mark.parametrize("name", ["load", "dump", "simulate", "check", "compare", "ensemble", "plot_attendance"])
def test_the_main_functions_carry_an_example(name):
    assert ">>>" in (getattr(cs, name).__doc__ or "")


@pytest.mark.parametrize("module", ["congress_sim", "congress_sim.model.apportion", "congress_sim.language.load",
                                    "congress_sim.drivers.engine", "congress_sim.record.check", "congress_sim.experiments.compare",
                                    "congress_sim.experiments.ensembles", "congress_sim.publish.plot", "congress_sim.views.replay"])
def test_docstring_examples_run(module, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and (result.attempted > 0 or module == "congress_sim.drivers.engine")


@pytest.mark.parametrize("cls", ["Replay", "Census", "Report", "Comparison", "Ensemble"])
def test_what_help_shows_of_a_result_says_what_each_part_is(cls):
    # help(replay) in a notebook: no method or property of the objects a user gets back left bare
    bare = [n for n, v in vars(getattr(cs, cls)).items() if not n.startswith("_")
            and (callable(v) or isinstance(v, property)) and not (v.fget if isinstance(v, property) else v).__doc__]
    assert bare == [], f"{cls}: {bare}"


SECTIONS = (ROOT / "docs" / "reference" / "python.md").read_text(encoding="utf-8").split("\n## ")[1:]


@pytest.mark.parametrize("section", [x for x in SECTIONS if ">>>" in x], ids=lambda x: x.split("(")[0].strip("`"))
def test_each_example_of_the_python_reference_runs_as_copied(section, monkeypatch):
    # into a notebook of its own: nothing but what the example imports
    monkeypatch.chdir(ROOT)
    test = doctest.DocTestParser().get_doctest(section, {}, section.split("(")[0], None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0


def test_docs_have_the_shape_users_know():
    for page in ("index.md", "tutorial.md", "whatif.md", "howto.md", "design.md", "model.md", "performance.md"):
        assert (ROOT / "docs" / page).exists(), page
    assert (ROOT / "CHANGELOG.md").exists() and (ROOT / "CITATION.cff").exists()
    model = (ROOT / "docs" / "model.md").read_text()
    assert all(part in model for part in ("## Overview", "## Design concepts", "## Details"))
