"""A synthetic assembly at scale: how one replay's time and memory grow with delegates and votes.

    python bench/scale.py                 # the grid, then the target case
    python bench/scale.py --one 100000 1000

Target: 100,000 delegates in 20 factions with 1,000 votes replays once in under 10 s and under
1 GiB. One in ten delegates arrives late (spread over the first session), and three factions
walk out over an hour of it: every one of those moves is an event of its own in the log. Each
case runs in a fresh process, so the peak memory (max RSS) is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time


def scenario(delegates: int, votes: int, factions: int = 20) -> dict:
    per = delegates // factions
    names = [f"f{i:02d}" for i in range(factions)]
    # two issues; the factions stand spread across both, and each motion proposes a point on one
    centres = [-0.8 + 1.6 * i / (factions - 1) for i in range(factions)]
    half = votes // 2
    def agenda(start_hour: int, n: int, first: int) -> list[dict]:
        items = [{"id": f"v{first + i}", "kind": "vote", "motion": f"Motion {first + i}", "after": 1,
                  "content": {("budget", "reform")[i % 2]: round(-0.6 + 1.2 * ((i * 7) % 11) / 10, 2)}}
                 for i in range(n)]
        return items
    first = agenda(9, half, 0)
    first.insert(min(10, len(first)), {"id": "protest", "kind": "walkout", "factions": names[-3:], "share": 1, "over": 60})
    return {
        "title": f"Synthetic assembly: {delegates:,} delegates, {votes:,} votes",
        "issues": {"budget": {"label": "The budget", "status_quo": 0}, "reform": {"label": "Reform", "status_quo": 0}},
        "factions": {f: {"label": f.upper(), "delegates": per - per // 10,
                         "positions": {"budget": round(centres[i], 3), "reform": round(-centres[i] / 2, 3)}}
                     for i, f in enumerate(names)},
        "arrivals": [{"id": f"late_{f}", "faction": f, "count": max(per // 10, 1),
                      "between": ["2000-01-01T09:00", "2000-01-01T12:00"]} for f in names],
        "rules": {"quorum": {"share": 0.5}, "majority": "simple"},
        "bodies": {"council": {"label": "Council", "seats": 101, "method": "sainte_lague"}},
        "sessions": [
            {"id": "day1", "opens": "2000-01-01T09:00", "agenda": first},
            {"id": "day2", "opens": "2000-01-03T09:00",
             "agenda": agenda(9, votes - half, half) + [{"id": "elect", "kind": "election", "body": "council"}]},
        ],
    }


def one(delegates: int, votes: int, seed: int | None) -> dict:
    import congress_sim as cs

    data = scenario(delegates, votes)
    t = time.perf_counter()
    s = cs.Scenario.model_validate(data)
    replay = cs.simulate(s, seed)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"delegates": delegates, "votes": votes, "seed": seed, "seconds": round(seconds, 3),
            "events": len(replay.events), "max_rss_mib": round(peak, 1),
            "closing": replay.census("closing").total}


def run_case(delegates: int, votes: int, seed: int | None) -> dict:
    args = [sys.executable, __file__, "--one", str(delegates), str(votes)] + ([] if seed is None else ["--seed", str(seed)])
    return json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--one", nargs=2, type=int, metavar=("DELEGATES", "VOTES"))
    p.add_argument("--seed", type=int, default=None)
    args = p.parse_args()
    if args.one:
        print(json.dumps(one(*args.one, args.seed)))
        return
    print(f"{'delegates':>10} {'votes':>6} {'mode':>13} {'seconds':>8} {'events':>8} {'max RSS MiB':>12}")
    for delegates in (10_000, 30_000, 100_000):
        for votes in (100, 300, 1000):
            for seed in (None, 1):
                r = run_case(delegates, votes, seed)
                mode = "deterministic" if seed is None else "seeded"
                print(f"{delegates:>10,} {votes:>6,} {mode:>13} {r['seconds']:>8.2f} {r['events']:>8,} "
                      f"{r['max_rss_mib']:>12.0f}")
    r = run_case(100_000, 1000, 1)
    ok = r["seconds"] < 10 and r["max_rss_mib"] < 1024
    print(f"\ntarget case, seeded: {r['seconds']:.2f} s, {r['max_rss_mib']:.0f} MiB "
          f"({'within' if ok else 'OVER'} 10 s and 1 GiB)")


if __name__ == "__main__":
    main()
