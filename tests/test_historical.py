"""The flagship replay: the figures the article gives come out of the behaviour in the file."""

import pytest

import congress_sim as cs


def test_opening_census(replay):
    opening = replay.census("opening")
    assert replay.clock.iso(opening.time) == "1917-10-25T22:40"
    assert opening.total == 649
    assert opening.by_faction == {
        "bolsheviks": 390, "left_sr": 96, "right_sr": 64, "mensheviks": 72,
        "united_internationalists": 14, "menshevik_internationalists": 6, "ukrainian_socialists": 7,
    }
    assert opening.by_party["sr"] == 160


def test_closing_census(replay):
    closing = replay.census("closing")
    assert replay.clock.iso(closing.time) == "1917-10-27T05:15"
    assert closing.total == 625
    assert {f: n for f, n in closing.by_faction.items() if n} == {
        "bolsheviks": 390, "left_sr": 179, "united_internationalists": 35, "ukrainian_socialists": 21,
    }


@pytest.mark.parametrize(
    ("vote", "time", "against", "abstain"),
    [
        ("appeal", "1917-10-26T05:00", 2, 12),  # "two opposed and 12 abstentions"
        ("peace", "1917-10-26T23:00", 0, 0),  # "adopted unanimously (about 11:00 P.M.)"
        ("land", "1917-10-27T02:00", 1, 8),  # "one opposed, eight abstentions"
    ],
)
def test_the_tallies_the_article_gives(replay, vote, time, against, abstain):
    v = replay.vote(vote)
    assert replay.clock.iso(v.time) == time
    assert v.result == "adopted"
    assert v.totals()[1:] == (against, abstain)


def test_the_appeal_is_voted_by_those_still_in_the_hall(replay):
    v = replay.vote("appeal")
    assert v.present == 649 - 72 - 64 - 6
    assert "mensheviks" not in v.tally and "right_sr" not in v.tally
    assert v.tally["bolsheviks"][0] == 389  # Lenin is not at the first session


def test_bodies(replay):
    seats = {e.body: e.seats for e in replay.elections()}
    assert seats["presidium"] == {"bolsheviks": 14, "left_sr": 7, "ukrainian_socialists": 1}
    assert seats["cec"]["bolsheviks"] == 62 and seats["cec"]["left_sr"] == 29
    assert sum(seats["cec"].values()) == 101
    assert seats["sovnarkom"] == {"bolsheviks": 13}
    assert [e.chair for e in replay.elections() if e.body == "sovnarkom"] == ["lenin"]


def test_sessions_recess_and_walkouts(replay):
    iso = replay.clock.iso
    assert [(s, iso(a), iso(b)) for s, a, b in replay.sessions()] == [
        ("first", "1917-10-25T22:40", "1917-10-26T05:15"),
        ("second", "1917-10-26T21:00", "1917-10-27T05:15"),
    ]
    assert [(iso(a), iso(b)) for _, a, b in replay.recesses()] == [("1917-10-26T02:40", "1917-10-26T03:10")]
    walkouts = replay.walkouts()
    assert [(w["id"], w["delegates"]) for w in walkouts] == [("walkout", 136), ("martov_walkout", 6)]
    assert all(w["time"] < replay.recesses()[0][1] for w in walkouts)  # before the recess


def test_eight_further_resolutions_are_adopted(replay):
    further = ["provinces", "land_committees", "death_penalty", "kerensky", "counter_revolution",
               "army_committees", "cossacks_appeal", "railway_appeal"]
    assert [replay.vote(v).result for v in further] == ["adopted"] * 8


def test_new_style_dates(replay):
    assert replay.clock.iso(replay.census("opening").time, "gregorian") == "1917-11-07T22:40"


def test_the_same_replay_every_time(historical, replay):
    assert cs.simulate(historical).events == replay.events


def test_a_seeded_replay_keeps_the_structure(historical):
    r = cs.simulate(historical, seed=3)
    assert r.seed == 3
    assert r.census("opening").total == 649 and r.census("closing").total == 625
    assert r.vote("peace").result == "adopted"
