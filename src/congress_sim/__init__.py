"""congress-sim: replay an assembly as a discrete-event simulation, check it against the
record, and ask what-if.

>>> import congress_sim as cs
>>> replay = cs.simulate(cs.load("scenarios/historical.yaml"))
>>> replay.vote("appeal").totals()
(493, 2, 12)
"""

from importlib.metadata import PackageNotFoundError, version

from .check import Report, check
from .compare import Comparison, compare
from .engine import simulate
from .ensemble import Ensemble, ensemble
from .errors import CongressSimError, OutputError, Problem, ScenarioError
from .load import load, loads
from .plot import plot_attendance, plot_seats, plot_votes
from .record import Record, load_record
from .replay import Census, Replay
from .scenario import Scenario

try:
    __version__ = version("congress-sim")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "Census",
    "Comparison",
    "CongressSimError",
    "Ensemble",
    "OutputError",
    "Problem",
    "Record",
    "Replay",
    "Report",
    "Scenario",
    "ScenarioError",
    "__version__",
    "check",
    "compare",
    "ensemble",
    "load",
    "load_record",
    "loads",
    "plot_attendance",
    "plot_seats",
    "plot_votes",
    "simulate",
]
