"""A corpus of bad scenarios (tests/bad), each with the exact error it must produce.

Every case: exit code 2, one line per problem naming the file, line (and column) and key, no
traceback, under a second of CPU time (a machine busy with other work is not a slow loader),
and bounded memory.
"""

import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from congress_sim.cli import cli
from congress_sim.language.source import MAX_BYTES

BAD = Path(__file__).parent / "bad"
EXPECTED: dict[str, list[str]] = {}
for line in (BAD / "EXPECTED.txt").read_text(encoding="utf-8").splitlines():
    if line and not line.startswith("#"):
        case, _, message = line.partition(" | ")
        EXPECTED.setdefault(case, []).append(message)
CASES = sorted(p.name for p in BAD.glob("*.yaml"))


def problems_of(name: str, monkeypatch) -> tuple[int, list[str], float, int]:
    monkeypatch.chdir(BAD)
    tracemalloc.start()
    t = time.process_time()
    result = CliRunner().invoke(cli, ["validate", name])
    seconds = time.process_time() - t
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = [ln.removeprefix("error: ") for ln in result.output.splitlines()]
    return result.exit_code, lines, seconds, peak


def test_the_corpus_is_large_and_every_case_has_its_message():
    assert len(CASES) >= 60
    assert sorted(EXPECTED) == CASES


@pytest.mark.parametrize("name", CASES)
def test_bad_scenario(name, monkeypatch):
    code, lines, seconds, peak = problems_of(name, monkeypatch)
    assert code == 2
    assert "Traceback" not in "\n".join(lines)
    assert lines == EXPECTED[name]
    # refused without building what it asks: bounded time and memory (CPU time under tracing, which
    # makes allocation several times slower; the largest case, 27 kB of YAML, takes about 2 s so)
    assert seconds < 8.0
    assert peak < 64 * 2**20


def test_a_file_over_the_size_limit(tmp_path, monkeypatch):
    big = tmp_path / "big.yaml"
    big.write_text("title: x\nnote: " + "a" * MAX_BYTES + "\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "big.yaml"])
    assert result.exit_code == 2
    assert result.output == f"error: big.yaml: is {big.stat().st_size:,} bytes; a scenario file may be at most {MAX_BYTES:,}\n"


def test_many_files_at_once(monkeypatch):
    monkeypatch.chdir(BAD)
    result = CliRunner().invoke(cli, ["validate", "helpers/base.yaml", "misspelt-top.yaml", "empty.yaml"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "helpers/base.yaml: ok (scenario, 2 factions, 8 delegates at the opening, 1 session, 2 agenda items, 0 triggers)",
        "error: misspelt-top.yaml:1:1: titel: unknown key (did you mean 'title'?)",
        "error: empty.yaml:1: is empty; a scenario is a mapping of keys such as title and factions",
    ]
