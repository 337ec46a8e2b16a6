# A notebook, cell by cell (# %% marks a cell in Jupyter, VS Code and Spyder).
# Run from the repository's root:  python examples/notebook.py

# %% Load the scenario and replay it
from pathlib import Path

import congress_sim as cs

root = Path(__file__).resolve().parents[1]
scenario = cs.load(root / "scenarios" / "historical.yaml")
replay = cs.simulate(scenario)
print(replay.census("opening").total, "delegates at the opening,", replay.census("closing").total, "at the close")

# %% Who was in the hall: just after the walkout (once the last had gone), as the second session
# opened, and at a time, counted as `check` counts the record's census
for when in ("walkout", "second", "1917-10-26T01:00"):
    present = replay.census(when)
    print(f"{when}: {present.total} present at {present.when}, {present.by_party['mensheviks']} Mensheviks")

# %% Each view is plain data, derived from the event log
appeal = replay.vote("appeal")
print("appeal:", appeal.result, appeal.totals(), "with", appeal.present, "present")
print("CEC:", replay.elections()[-1].seats)

# %% As tables (and, with pandas, DataFrames: replay.frame("votes"))
columns, rows = replay.table("votes")
print(len(rows), "rows of", columns[2:7])

# %% Hold it against the record
report = cs.check(replay)
print("against", report.source + ":", report.summary_line())

# %% A what-if, written in Python (no file needed), and what it changes
stay = {"extends": "scenarios/historical.yaml", "title": "What if: the moderates stay", "remove": ["protest"]}
whatif = cs.simulate(cs.loads(stay))  # `extends` names the base from the current folder
changed = cs.compare(replay, whatif)
print("appeal against:", changed.votes["appeal"][0]["against"], "->", changed.votes["appeal"][1]["against"])

# %% How likely was it? 5,000 seeded replays
summary = cs.ensemble(scenario, runs=5000, seed=1, jobs=1).summary()
tally = next(r for r in summary["facts"]["rows"] if r["id"] == "appeal_tally")
# the record's fact passes within its tolerance, not only at the exact count
fact = next(f for f in cs.load_record(root / "scenarios" / "historical.record.yaml").facts if f.id == "appeal_tally")
said = next(a for a in fact.attestations if a.source == summary["facts"]["source"])
print(f"adopted with {said.value['against']} against and {said.value['abstain']} abstaining, each give or take "
      f"{said.tolerance:g}, in {tally['pass_rate']:.1%} of replays")

# %% Figures compose: draw into your own axes (on a figure made as the library makes its own, which
# a notebook shows once; pyplot's, from plt.subplots(), would show twice ending a cell: end it with plt.show())
from congress_sim.publish.figure import Figure  # noqa: E402 - a notebook imports where it needs to

fig = Figure(figsize=(11, 8), layout="constrained")  # room for 15 votes' names
ax = fig.add_subplot()
cs.plot_votes(replay, ax=ax)
print("drew", len(ax.patches), "bars")
