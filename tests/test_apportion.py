"""Seats and ballots: every allocation gives exactly what there is to give, and quickly."""

import time
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import congress_sim as cs
from congress_sim.drivers.kernel import Kernel
from congress_sim.model.apportion import highest_averages, highest_averages_many, split, split_many

from .test_bad_input import GOOD


def seat_by_seat(counts, seats, method):
    """The definition: each seat in turn to the largest average, ties to the earlier party."""
    step = 1 if method == "dhondt" else 2
    won = [0] * len(counts)
    if sum(counts) == 0:
        return won
    for _ in range(seats):
        best = max(range(len(counts)), key=lambda i: (Fraction(counts[i], step * won[i] + 1), -i))
        won[best] += 1
    return won


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 2000) | st.sampled_from([0, 1, 2, 3, 6, 12]), min_size=1, max_size=9),
       st.integers(0, 80), st.sampled_from(["dhondt", "sainte_lague"]))
def test_highest_averages_is_seat_by_seat(counts, seats, method):
    assert highest_averages(counts, seats, method) == seat_by_seat(counts, seats, method)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.integers(0, 50), min_size=4, max_size=4), min_size=1, max_size=30),
       st.integers(0, 40), st.sampled_from(["dhondt", "sainte_lague"]))
def test_each_row_is_allocated_on_its_own(rows, seats, method):
    many = highest_averages_many(np.array(rows), seats, method)
    assert many.tolist() == [seat_by_seat(r, seats, method) for r in rows]


def test_counts_too_large_for_floating_point_are_allocated_exactly():
    counts = [10**13 + 7, 10**13 + 3, 3 * 10**12 + 1]  # averages differ in the 17th digit
    assert highest_averages(counts, 1000, "dhondt") == seat_by_seat(counts, 1000, "dhondt")
    assert highest_averages(counts, 1000, "sainte_lague") == seat_by_seat(counts, 1000, "sainte_lague")


def test_a_million_seats_take_no_longer_than_a_hundred():
    counts = np.random.default_rng(1).integers(0, 10**7, (1000, 7))
    t = time.process_time()
    for method in ("dhondt", "sainte_lague"):
        assert (highest_averages_many(counts, 10**6, method).sum(axis=1) == 10**6).all()
    assert time.process_time() - t < 1.0  # seat by seat, this took about a minute


def body_of(seats, method):
    return GOOD.replace("title: Committee\n", f"title: Committee\nbodies:\n  board: {{label: Board, seats: {seats}, "
                        f"method: {method}}}\n") + "      - {id: elect, kind: election, body: board}\n"


@pytest.mark.parametrize("method", ["dhondt", "sainte_lague"])
def test_a_body_of_a_million_seats_in_a_replay_and_an_ensemble(method):
    scenario = cs.loads(body_of(10**6, method))
    t = time.process_time()
    assert cs.simulate(scenario).elections()[0].seats == {"ayes": 625_000, "noes": 375_000}
    seats = Kernel(scenario).run(200, np.random.default_rng(1)).seats["elect"]
    assert (seats.sum(axis=1) == 10**6).all()
    assert time.process_time() - t < 2.0


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**7), st.lists(st.integers(0, 2**20), min_size=3, max_size=3).filter(any))
def test_split_gives_exactly_n_by_largest_remainder(n, weights):
    # weights over a power of two: shares exact in floating point, so the reference is exact too
    total = sum(weights)
    shares = [w / total for w in weights]
    got = split(n, shares)
    assert sum(got) == n
    exact = [Fraction(n) * Fraction(s) / sum(Fraction(x) for x in shares) for s in shares]
    assert all(abs(g - e) < 1 for g, e in zip(got, exact, strict=True))


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**7), st.lists(st.floats(0, 1), min_size=3, max_size=3).filter(lambda p: sum(p) > 0.5))
def test_one_replay_and_many_split_alike(n, shares):
    assert split(n, shares) == split_many(np.array([n]), shares)[0].tolist()


@pytest.mark.parametrize(("n", "shares"), [
    (3_000_000, (0.6666667, 0.3333334, 0.0)),  # accepted (sum 1.0000001): gave 3,000,003 ballots
    (9_999_999, (0.1, 0.2, 0.7)),  # gave 9,999,993
    (10_000_000, (0.3333333, 0.3333333, 0.3333333)),  # sum 0.9999999
])
def test_large_factions_cast_exactly_their_ballots(n, shares):
    assert sum(split(n, shares)) == n
    assert (split_many(np.array([n, n - 1, 0]), shares).sum(axis=1) == [n, n - 1, 0]).all()


def within_tolerance(delegates):
    return GOOD.replace("delegates: 5}", f"delegates: {delegates}}}").replace(
        "stances: {ayes: for,", "stances: {ayes: {for: 0.6666667, against: 0.3333334},")


def test_propensities_the_validator_accepts_replay_seeded_and_deterministic():
    scenario = cs.loads(within_tolerance(3_000_000))
    for seed in (None, 1):
        vote = cs.simulate(scenario, seed).vote("vote1")
        assert sum(vote.totals()) == vote.present == 3_000_003
    e = cs.ensemble(cs.loads(within_tolerance(5)), runs=300, seed=1, jobs=1)
    assert 3.0 < e.summary()["votes"][0]["for"]["mean"] < 3.7  # 5 delegates for with 2/3
