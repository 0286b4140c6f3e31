"""Score voting (charter_engine/methods/score.py), from its definition: each voter gives each
option a number in the declared range; options are ranked by mean (over the voters who scored
them) or by total, as declared; an option nobody scored ranks last; ties are reported. Checked
against pref_voting's `score_voting` on random profiles."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st
from pref_voting.grade_methods import score_voting
from pref_voting.grade_profiles import GradeProfile

import charter_engine
from charter_engine import compile_source


def charter(options: str = "range: 0 to 10; ranking: mean"):
    return charter_engine.load(
        text='charter "T" {\n  version "1"\n  body a { members: everyone; decides: *\n'
        f"    rule notes {{ method: score {{ {options} }} }}\n"
        "    rule default: majority of members }\n}\n"
    )


def decide(c, ballots, options=("x", "y", "z"), language="en"):
    members = [{"id": f"v{i}"} for i in range(len(ballots))]
    return c.evaluate(
        {
            "members": members,
            "proposal": {"subject": "notes", "options": list(options)},
            "ballots": [{"voter": f"v{i}", "scores": s} for i, s in enumerate(ballots)],
        },
        language,
    )


# x: 8 and 6 (total 14, mean 7); y: 5 and 9 (total 14, mean 7); z: 7.5 from one voter
BALLOTS = [{"x": 8, "y": 5}, {"x": 6, "y": 9, "z": 7.5}]


def test_ranked_by_mean():
    d = decide(charter(), BALLOTS)
    assert d.outcome == "adopted" and d.method == "score"
    assert d.ranking == ["z", "x", "y"] and d.winners == ["z"] and d.tied_at_cut == []
    assert [(o.option, o.rank, o.value) for o in d.ranking_detail] == [
        ("z", 1, "15/2"),
        ("x", 2, "7"),
        ("y", 2, "7"),
    ]
    assert "`x`, `y` have the same mean and stay tied" in d.explanation


def test_ranked_by_total_ties_at_the_top():
    d = decide(charter("range: 0 to 10; ranking: total"), BALLOTS)
    assert [(o.option, o.rank, o.value) for o in d.ranking_detail] == [
        ("x", 1, "14"),
        ("y", 1, "14"),
        ("z", 2, "15/2"),  # ranks number the tie groups, as for the other methods
    ]
    assert d.winners == ["x", "y"] and d.tied_at_cut == ["x", "y"]


def test_an_option_nobody_scored_ranks_last():
    d = decide(charter(), [{"x": 2}, {"x": 4}])
    assert d.ranking == ["x", "y", "z"] and d.winners == ["x"]
    assert [o.value for o in d.ranking_detail] == ["3", None, None]
    assert "`y`, `z` received no score and rank last" in d.explanation


def test_scores_are_exact():
    # 1/3 + 1/3 + 1/3 is exactly 1, and 0.1 + 0.2 is exactly 3/10 (read from its decimals)
    d = decide(
        charter("range: 0 to 1"), [{"x": "1/3", "y": 0.1}, {"x": "1/3", "y": 0.2}, {"x": "1/3"}]
    )
    assert [(o.option, o.value) for o in d.ranking_detail][:2] == [("x", "1/3"), ("y", "3/20")]


def test_ballots_that_do_not_fit_are_refused_with_their_reason():
    d = decide(
        charter(),
        [{"x": 11}, {"w": 3}, None, {"x": -1}, {"x": 10, "y": 0}],
    )
    assert [(b.voter, b.code) for b in d.rejected_ballots] == [
        ("v0", "ballot.score_out_of_range"),
        ("v1", "ballot.unknown_option"),
        ("v2", "ballot.no_scores"),
        ("v3", "ballot.score_out_of_range"),
    ]
    assert "its score 11 for `x` is outside the range 0 to 10" in d.rejected_ballots[0].reason
    fr = decide(charter(), [{"x": 11}], language="fr")
    assert "sa note 11 pour `x` est hors de l'échelle de 0 à 10" in fr.rejected_ballots[0].reason
    assert d.winners == ["x"]


def test_the_checker_reads_the_options():
    def codes(options):
        _, found = compile_source(
            'charter "T" {\n  version "1"\n  body a { members: everyone; decides: *\n'
            f"    rule notes {{ method: score {{ {options} }} }}\n"
            "    rule default: majority of members }\n}\n"
        )
        return sorted(d.code for d in found if d.severity == "error")

    assert codes("range: 0 to 10") == []
    assert codes("ranking: mean") == ["rule.option_missing"]
    assert codes("range: 10 to 0") == ["rule.option_missing", "rule.option_value"]
    assert codes("range: 0 to 10; ranking: median") == ["rule.option_value"]
    assert codes("range: 0 to 10; rnage: 1 to 2") == ["rule.unknown_option"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.dictionaries(st.sampled_from(["x", "y", "z", "w"]), st.integers(0, 5), max_size=4),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(["mean", "total"]),
)
def test_the_winners_are_pref_votings(ballots, ranking):
    d = decide(charter(f"range: 0 to 5; ranking: {ranking}"), ballots, ("x", "y", "z", "w"))
    scored = [b for b in ballots if b]
    if not any(scored):
        assert d.winners == []
        return
    profile = GradeProfile(scored, grades=list(range(6)), candidates=["x", "y", "z", "w"])
    theirs = score_voting(profile, evaluation_method="sum" if ranking == "total" else "mean")
    assert sorted(d.winners) == sorted(theirs)
    # and each figure is the definition's, exactly
    for o in d.ranking_detail:
        given_scores = [b[o.option] for b in ballots if o.option in b]
        if not given_scores:
            assert o.value is None
            continue
        total = Fraction(sum(given_scores))
        assert Fraction(o.value) == (total if ranking == "total" else total / len(given_scores))
