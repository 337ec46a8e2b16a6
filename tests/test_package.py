"""The package as installed: what `import congress_sim` loads, and what it names."""

import re
import subprocess
import sys

import pytest

import congress_sim as cs

from .conftest import HISTORICAL, ROOT


def loaded_after(code: str) -> set[str]:
    probe = f"import sys; {code}; print(' '.join(sorted(sys.modules)))"
    return set(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split())


def test_importing_the_package_loads_none_of_its_heavy_parts():
    loaded = loaded_after("import congress_sim")
    heavy = {"pydantic", "yaml", "numpy", "simpy", "matplotlib", "congress_sim.record.check",
             "congress_sim.language.scenario", "congress_sim.experiments.compare"}
    assert not heavy & loaded, sorted(heavy & loaded)


def test_a_call_loads_what_it_needs_and_no_more():
    loaded = loaded_after(f"import congress_sim as cs; cs.load({str(HISTORICAL)!r})")
    assert "congress_sim.language.scenario" in loaded
    assert not {"congress_sim.record.check", "congress_sim.experiments.compare", "simpy", "matplotlib"} & loaded



def test_the_run_command_loads_no_plotting_statistics_schema_or_export():
    run = ("import contextlib, io; from congress_sim.cli import cli\n"
           f"with contextlib.redirect_stdout(io.StringIO()): cli.main(['run', {str(HISTORICAL)!r}], standalone_mode=False)")
    loaded = loaded_after(f"exec({run!r})")
    assert "congress_sim.record.check" in loaded  # it checks the record's facts
    unneeded = {"matplotlib", "scipy", "SALib", "jsonschema", "dask", "congress_sim.publish.export",
                "congress_sim.publish.schema", "congress_sim.experiments.ensembles", "multiprocessing"}
    assert not unneeded & loaded, sorted(unneeded & loaded)

def test_every_public_name_resolves():
    assert cs.__all__ == sorted(cs.__all__)
    for name in cs.__all__:
        assert getattr(cs, name) is not None, name
    assert cs.check.__module__ == "congress_sim.record.check"  # the function, not a module of that name
    assert cs.compare.__module__ == "congress_sim.experiments.compare"


def test_the_licence_is_an_spdx_string_and_its_file_is_there():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"  # the SPDX form; a table is deprecated
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert "license: MIT" in (ROOT / "CITATION.cff").read_text().splitlines()


def test_the_rules_presets_are_package_data():
    # an install that is not editable copies only what package-data names: without them
    # `rules: {preset: roberts-rules}` would name nothing
    import fnmatch
    import tomllib

    from congress_sim.language import presets

    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    files = sorted(p.name for p in presets.FOLDER.iterdir() if p.is_file() and p.suffix != ".py")
    assert files and all(any(fnmatch.fnmatch(f, g) for g in data["congress_sim.language.presets"]) for f in files)
    assert presets.names() == ["roberts-rules", "senate-rule-xxii-1959", "senate-rule-xxii-1975"]


def test_the_readme_says_to_set_up_a_virtualenv_before_its_two_commands():
    setup = (ROOT / "README.md").read_text().split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```console\n(.*?)\n```", setup, re.S)
    assert commands == ["pip install -e . && congress-sim run scenarios/historical.yaml",
                        "pip install -e '.[test]' && pytest"]
    before = setup.split("```console")[0]
    assert "python3 -m venv" in before and "PEP 668" in before


STUB = """#!/bin/sh
echo "$(basename "$0") $*" | sed "s/ *$//" >> "$CI_CALLS"
if [ "$(basename "$0")" = python3 ] && [ "$1" = -m ] && [ "$2" = venv ]; then
  mkdir -p "$3/bin" && echo 'PATH="$STUBS:$PATH"' > "$3/bin/activate"
fi
"""


def test_ci_uses_a_fresh_virtualenv_each_run_then_the_readme_commands(tmp_path):
    stubs, tmp = tmp_path / "stubs", tmp_path / "tmp"
    stubs.mkdir()
    tmp.mkdir()
    for name in ("python3", "python", "pip", "pytest", "congress-sim", "chromium"):
        (stubs / name).write_text(STUB)
        (stubs / name).chmod(0o755)
    calls = tmp_path / "calls"
    env = {"PATH": f"{stubs}:/usr/bin:/bin", "TMPDIR": str(tmp), "CI_CALLS": str(calls), "STUBS": str(stubs)}
    venvs = []
    for _ in range(2):
        calls.write_text("")
        subprocess.run(["bash", str(ROOT / ".ci" / "run")], env=env, check=True, capture_output=True)
        lines = calls.read_text().splitlines()
        venv = lines[0].removeprefix("python3 -m venv ")
        assert venv.startswith(f"{tmp}/") and venv != lines[0]
        assert lines[1:] == ["python -m pip install --quiet --upgrade pip", "pip install -e .[test]", "pytest",
                             "congress-sim run scenarios/historical.yaml"]
        venvs.append(venv)
    assert venvs[0] != venvs[1]
    assert list(tmp.iterdir()) == []  # nothing of a run is left behind


def test_every_install_hint_is_written_as_the_readme_writes_it():
    readme = (ROOT / "README.md").read_text()
    hints = re.findall(r"pip install [^\s\"]+(?: '[^']*')?", "\n".join(
        p.read_text() for p in (ROOT / "src").rglob("*.py")))
    extras = [h for h in hints if "[" in h]
    assert {"pip install -e '.[discover]'", "pip install -e '.[dask]'"} <= set(extras), hints
    for hint in extras:
        assert hint in readme, f"{hint} is not how the README says to install an extra"
    assert "congress-sim[" not in "".join(p.read_text() for p in (ROOT / "src").rglob("*.py"))


def test_a_missing_extra_says_how_to_install_it(monkeypatch):
    import numpy as np

    from congress_sim.experiments import cluster, discover

    for name in ("ema_workbench", "ema_workbench.analysis", "dask", "dask.distributed"):
        monkeypatch.setitem(sys.modules, name, None)  # as if not installed
    with pytest.raises(cs.CongressSimError, match=re.escape("discover needs the EMA Workbench: pip install -e '.[discover]'")):
        discover._prim([], np.zeros((0, 0)), np.zeros(0), 0.9, 0.1, 1)
    with pytest.raises(cs.CongressSimError, match=re.escape("the dask executor needs Dask: pip install -e '.[dask]'")):
        cluster.connect(None, 1)


def test_a_call_with_the_wrong_thing_says_what_it_takes(historical, replay):
    with pytest.raises(TypeError, match=r"^simulate replays a Scenario \(cs\.load\(path\)\), not str$"):
        cs.simulate(str(HISTORICAL))
    with pytest.raises(TypeError, match=r"^check takes a Replay \(cs\.simulate\(scenario\)\), not Scenario$"):
        cs.check(historical)
    # two ensembles, in a notebook: not an AttributeError from deep inside, but how they are compared
    ensemble = cs.ensemble(historical, runs=2, seed=1, jobs=1)
    with pytest.raises(TypeError, match=r"^compare takes two Replays \(cs\.simulate\(scenario\)\), not Ensemble; two "
                                        r"ensembles are compared by their summaries: congress-sim compare A/summary\.json"):
        cs.compare(ensemble, ensemble)
    with pytest.raises(TypeError, match=r"^compare takes two Replays \(cs\.simulate\(scenario\)\), not Scenario$"):
        cs.compare(replay, historical)
    for seed in (-1, "a", 1.5, True):  # numpy's own errors, or a replay seeded with 1 for True
        with pytest.raises(cs.CongressSimError, match=r"^seed must be a whole number, 0 or more, not "):
            cs.simulate(historical, seed)
    with pytest.raises(cs.CongressSimError, match=r"^by must be 'faction' or 'party', not 'parties'$"):
        cs.plot_attendance(replay, by="parties")  # drew parties, unasked


def test_a_record_named_by_its_file_and_one_set_given_as_text(replay):
    record = ROOT / "scenarios" / "historical.record.yaml"
    assert repr(cs.check(replay, record)) == repr(cs.check(replay, str(record))) == repr(cs.check(replay))
    assert cs.load(HISTORICAL, "factions.left_sr.delegates=100").factions["left_sr"].delegates == 100
