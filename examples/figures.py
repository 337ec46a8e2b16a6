"""Draw every figure shown in the README and the docs, the gallery of assemblies included.

Run from the repository's root:  python examples/figures.py [OUT_DIR] [flagship|gallery ...]
(default: docs/images, both sets)
"""

import sys
from pathlib import Path

import congress_sim as cs
from congress_sim.publish.plot import save

root = Path(__file__).resolve().parents[1]
args = sys.argv[1:]
sets = [a for a in args if a in ("flagship", "gallery")] or ["flagship", "gallery"]
dirs = [a for a in args if a not in ("flagship", "gallery")]
out = Path(dirs[0]) if dirs else root / "docs" / "images"
out.mkdir(parents=True, exist_ok=True)
DPI = 110  # drawn at the resolution they are saved at, so that labels are placed as they will be seen
figures = {}

if "flagship" in sets:
    history = cs.simulate(cs.load(root / "scenarios" / "historical.yaml"))
    attested = cs.attested_counts(history)  # the counts the record's sources give: marked as evidence
    whatifs = [cs.simulate(cs.load(root / "scenarios" / "whatif" / f"{name}.yaml"))
               for name in ("no-walkout", "sr-unsplit")]
    figures.update({
        "attendance.png": cs.plot_attendance(history, attested=attested, dpi=DPI),
        "attendance-by-party.png": cs.plot_attendance(history, by="party", attested=attested, dpi=DPI),
        "compare.png": cs.plot_attendance(history, compare=whatifs, attested=attested, dpi=DPI,
                                          title="The congress as it was, and two what-ifs (coloured: their totals)"),
        "votes.png": cs.plot_votes(history, dpi=DPI),
        "seats.png": cs.plot_seats(history, dpi=DPI),
    })
    # the votes as the replays of the contested assumptions give them: each vote's range and chances
    uncertain = cs.load(root / "scenarios" / "historical-uncertain.yaml")
    summary = cs.ensemble(uncertain, runs=500, seed=1, jobs=1).summary()
    figures["votes-ensemble.png"] = cs.plot_votes(cs.simulate(uncertain), ensemble=summary, dpi=DPI)

if "gallery" in sets:
    # The shelf of real assemblies (docs/gallery.md): each one's attendance, votes and bodies, and a
    # figure of one of its what-ifs.
    shelf = root / "scenarios"
    ca = cs.simulate(cs.load(shelf / "constituent-assembly" / "constituent-assembly.yaml"))
    ca_whatif = cs.simulate(cs.load(shelf / "constituent-assembly" / "declaration-accepted.yaml"))
    estates = cs.simulate(cs.load(shelf / "estates-general" / "estates-general.yaml"))
    senate = cs.simulate(cs.load(shelf / "senate-1964" / "senate-1964.yaml"))
    senate_whatif = cs.simulate(cs.load(shelf / "senate-1964" / "southern-five-more.yaml"))
    for name, replay in (("constituent-assembly", ca), ("estates-general", estates), ("senate-1964", senate)):
        figures[f"{name}-attendance.png"] = cs.plot_attendance(replay, attested=cs.attested_counts(replay), dpi=DPI)
        figures[f"{name}-votes.png"] = cs.plot_votes(replay, dpi=DPI)
        if replay.elections():  # the Estates and the Senate elect no body in these replays
            figures[f"{name}-bodies.png"] = cs.plot_seats(replay, dpi=DPI)
    figures["constituent-assembly-compare.png"] = cs.plot_attendance(
        ca, compare=[ca_whatif], title="The Assembly as it was, and with the Left SRs on lists of their own (dashed)", dpi=DPI)
    figures["estates-general-orders.png"] = cs.plot_attendance(
        estates, by="party", title="The Estates-General by order: the clergy joining the Commons", dpi=DPI)
    figures["senate-2021-votes.png"] = cs.plot_votes(cs.simulate(cs.load(shelf / "senate-2021" / "senate-2021.yaml")), dpi=DPI)
    figures["senate-1964-five-more.png"] = cs.plot_votes(
        senate_whatif, title="Five more southern votes: cloture fails, and the bill never comes to a vote", dpi=DPI)

for name, fig in figures.items():
    save(fig, str(out / name), dpi=DPI)
    print(name)
