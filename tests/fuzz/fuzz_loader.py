"""A coverage-guided fuzz target for the scenario loader (atheris).

    pip install atheris
    python tests/fuzz/fuzz_loader.py -max_total_time=600 tests/fuzz/corpus

Any input must either load or raise ScenarioError: never another exception, never a crash.
Loading (and dumping back) may take a second of CPU time; replaying what loads, a second more
for every 100,000 delegates who come or go one by one (each is an event) and two for every
million delegates at all (each holds a position). CPU time, not wall time: a machine busy with
other work must not make a finding of a slow moment.
"""

import sys
import time
from pathlib import Path

import atheris

with atheris.instrument_imports():
    import congress_sim as cs
    from congress_sim import ScenarioError
    from congress_sim.language.limits import scale
    from congress_sim.language.load import from_document
    from congress_sim.language.whatif import compose_text

SLOW = 1.0  # seconds of CPU time to load and dump
PER_MOVE = 1e-5  # and per delegate who comes or goes one by one, to replay
PER_DELEGATE = 2e-6  # and per delegate at all: each holds a position (about 0.5 us uninstrumented)


def one_input(data: bytes) -> None:
    t = time.process_time()
    try:
        scenario = from_document(compose_text(data, "<fuzz>"))  # as `loads` reads it: presets applied
    except ScenarioError:
        scenario = None
    if scenario is not None:
        cs.loads(cs.dump(scenario))  # what loads dumps back to what loads again
    loading = time.process_time() - t
    if loading > SLOW:
        raise RuntimeError(f"loading took {loading:.2f} s of CPU time on {len(data)} bytes")
    if scenario is not None:
        t = time.process_time()
        cs.simulate(scenario)  # what loads must replay
        size = scale(scenario)
        budget = SLOW + PER_MOVE * size.spread + PER_DELEGATE * size.most
        if time.process_time() - t > budget:
            raise RuntimeError(f"a replay took {time.process_time() - t:.2f} s of CPU time (budget {budget:.2f} s)")


def seed_corpus(folder: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    folder.mkdir(parents=True, exist_ok=True)
    for p in [*root.glob("scenarios/**/*.yaml"), *root.glob("examples/*.yaml"), *root.glob("tests/bad/*.yaml")]:
        (folder / p.name).write_bytes(p.read_bytes())


if __name__ == "__main__":
    corpus = [a for a in sys.argv[1:] if not a.startswith("-")]
    for c in corpus:
        seed_corpus(Path(c))
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
