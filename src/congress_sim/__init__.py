"""congress-sim: replay an assembly as a discrete-event simulation, check it against the
record, and ask what-if.

>>> import congress_sim as cs
>>> replay = cs.simulate(cs.load("scenarios/historical.yaml"))
>>> replay.vote("appeal").totals()
(492, 2, 12)
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from congress_sim.experiments.compare import Comparison, compare  # noqa: F401
from congress_sim.language.load import dump, load, loads  # noqa: F401

# Functions named like their modules are bound here, so that importing the module cannot hide them.
from congress_sim.record.check import Report, check  # noqa: F401 - re-exported (see __all__)

from .errors import CongressSimError, OutputError, Problem, ScenarioError  # noqa: F401

# The public names, and the module each lives in: imported when first used, so that a command
# pays only for what it needs (the start-up of `congress-sim run` is a stated target).
_WHERE = {
    "Census": "views.replay", "Replay": "views.replay", "Scenario": "language.scenario",
    "simulate": "drivers.engine", "Record": "record.facts", "load_record": "record.facts",
    "Ensemble": "experiments.ensembles", "ensemble": "experiments.ensembles",
    "plot_attendance": "publish.plot", "plot_seats": "publish.plot", "plot_votes": "publish.plot",
}

__all__ = sorted([*_WHERE, "Comparison", "CongressSimError", "OutputError", "Problem", "Report",
                  "ScenarioError", "__version__", "check", "compare", "dump", "load", "loads"])


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
    from congress_sim.experiments.ensembles import Ensemble, ensemble
    from congress_sim.language.scenario import Scenario
    from congress_sim.publish.plot import plot_attendance, plot_seats, plot_votes
    from congress_sim.record.facts import Record, load_record
    from congress_sim.views.replay import Census, Replay
