"""congress-sim: replay an assembly as a discrete-event simulation, check it against the
record, and ask what-if.

>>> import congress_sim as cs
>>> replay = cs.simulate(cs.load("scenarios/historical.yaml"))
>>> replay.vote("appeal").totals()
(506, 1, 0)
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import CongressSimError, OutputError, Problem, ScenarioError  # noqa: F401

# The public names, and the module each lives in: imported when first used, so that `import
# congress_sim` costs next to nothing and a call pays only for what it needs (pydantic and the
# scenario models come with the first `load`, matplotlib with the first figure).
_WHERE = {
    "load": "language.load", "loads": "language.load", "dump": "language.load", "Scenario": "language.scenario",
    "Census": "views.replay", "Replay": "views.replay", "simulate": "drivers.engine",
    "Record": "record.facts", "load_record": "record.facts", "Report": "record.check", "check": "record.check",
    "Comparison": "experiments.compare", "compare": "experiments.compare",
    "Ensemble": "experiments.ensembles", "ensemble": "experiments.ensembles",
    "plot_attendance": "publish.plot", "plot_seats": "publish.plot", "plot_votes": "publish.plot",
    "attested_counts": "record.attested",
}

__all__ = sorted([*_WHERE, "CongressSimError", "OutputError", "Problem", "ScenarioError", "__version__"])


def __getattr__(name: str) -> Any:
    if name == "__version__":  # read from the package's metadata, when asked
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("congress-sim")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            return "0.0.0"
    if name in _WHERE:
        value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'congress_sim' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # for type checkers and editors  # noqa: F401
    from congress_sim.drivers.engine import simulate
    from congress_sim.experiments.compare import Comparison, compare
    from congress_sim.experiments.ensembles import Ensemble, ensemble
    from congress_sim.language.load import dump, load, loads
    from congress_sim.language.scenario import Scenario
    from congress_sim.publish.plot import plot_attendance, plot_seats, plot_votes
    from congress_sim.record.attested import attested_counts
    from congress_sim.record.check import Report, check
    from congress_sim.record.facts import Record, load_record
    from congress_sim.views.replay import Census, Replay
