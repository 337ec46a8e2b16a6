"""Draw every figure shown in the README and the docs.

Run from the repository's root:  python examples/figures.py [OUT_DIR]   (default: docs/images)
"""

import sys
from pathlib import Path

import congress_sim as cs
from congress_sim.publish.plot import save

root = Path(__file__).resolve().parents[1]
out = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "docs" / "images"
out.mkdir(parents=True, exist_ok=True)

history = cs.simulate(cs.load(root / "scenarios" / "historical.yaml"))
attested = cs.attested_counts(history)  # the counts the record's sources give: marked as evidence
whatifs = [cs.simulate(cs.load(root / "scenarios" / "whatif" / f"{name}.yaml"))
           for name in ("no-walkout", "sr-unsplit")]

DPI = 110  # drawn at the resolution they are saved at, so that labels are placed as they will be seen
figures = {
    "attendance.png": cs.plot_attendance(history, attested=attested, dpi=DPI),
    "attendance-by-party.png": cs.plot_attendance(history, by="party", attested=attested, dpi=DPI),
    "compare.png": cs.plot_attendance(history, compare=whatifs, attested=attested, dpi=DPI,
                                      title="The congress as it was, and two what-ifs (coloured: their totals)"),
    "votes.png": cs.plot_votes(history, dpi=DPI),
    "seats.png": cs.plot_seats(history, dpi=DPI),
}
for name, fig in figures.items():
    save(fig, str(out / name), dpi=DPI)
    print(name)
