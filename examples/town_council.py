"""The town council from Python: the amendment, the two-thirds rule and the lost quorum.

Run from the repository's root:  python examples/town_council.py
"""

from pathlib import Path

import congress_sim as cs

here = Path(__file__).parent
replay = cs.simulate(cs.load(here / "town-council.yaml"))

for vote in replay.votes():
    f, a, b = vote.totals()
    print(f"{vote.item:16} {vote.result:9} {f} for, {a} against, {b} abstaining; {vote.present} present")

# What if the independent had voted against the amendment? The original motion comes to the floor.
what_if = cs.simulate(cs.load(here / "town-council.yaml", ["amendment.stances.independents=against"]))
print()
for item, (before, after) in cs.compare(replay, what_if).votes.items():
    if before != after:
        print(f"{item:16} {before['result'] if before else 'not put':9} -> {after['result'] if after else 'not put'}")

print()
print(cs.check(replay).summary_line())
