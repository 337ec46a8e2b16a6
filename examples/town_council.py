"""The town council from Python: an amendment, a point of order and its appeal, the previous
question, the chair's casting vote, a two-thirds rule and a lost quorum.

Run from the repository's root:  python examples/town_council.py
"""

from pathlib import Path

import congress_sim as cs

here = Path(__file__).parent
replay = cs.simulate(cs.load(here / "town-council.yaml"))

for vote in replay.votes():
    f, a, b = vote.totals()
    casting = f"; the chair's vote {vote.roll['mayor']}" if "mayor" in vote.roll else ""
    print(f"{vote.item:16} {vote.result:9} {f} for, {a} against, {b} abstaining; {vote.present} present{casting}")

# What if the independent had wanted the full plan? Then the amendment finds no majority.
what_if = cs.simulate(cs.load(here / "town-council.yaml", ["factions.independents.positions.park=1"]))
print()
for item, (before, after) in cs.compare(replay, what_if).votes.items():
    if before != after:
        print(f"{item:16} {before['result'] if before else 'not put':9} -> {after['result'] if after else 'not put'}")

print()
print(cs.check(replay).summary_line())
