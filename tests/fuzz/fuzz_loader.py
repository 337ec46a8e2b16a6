"""A coverage-guided fuzz target for the scenario loader (atheris).

    pip install atheris
    python tests/fuzz/fuzz_loader.py -max_total_time=600 tests/fuzz/corpus

Any input must either load or raise ScenarioError: never another exception, never a crash,
never more than a second. The seed corpus is every shipped scenario and every bad one.
"""

import sys
import time
from pathlib import Path

import atheris

with atheris.instrument_imports():
    import congress_sim as cs
    from congress_sim import ScenarioError
    from congress_sim.language.load import from_document
    from congress_sim.language.source import parse

SLOW = 1.0


def one_input(data: bytes) -> None:
    t = time.perf_counter()
    try:
        scenario = from_document(parse(data, "<fuzz>"))
    except ScenarioError:
        scenario = None
    if scenario is not None:
        cs.simulate(scenario)  # what loads must replay
        cs.loads(cs.dump(scenario))  # and dump back to what loads again
    if time.perf_counter() - t > SLOW:
        raise RuntimeError(f"took {time.perf_counter() - t:.2f} s on {len(data)} bytes")


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
