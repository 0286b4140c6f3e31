"""A proposal put to a vote: `decide(ctx) -> Decision` (design §4, §5, §8).

decide.py runs the steps, each in its own module: validity (is the proposal validly before the
body), electorate and ballots (who counts, which ballots count), objections, tally and
thresholds (exact counts and tests), weighted (colleges), methods (majority judgment, approval)
and certainty (whether an open vote is already decided). judge.py judges one ballot as it is
cast, with the same rules as the decision.
"""

from .decide import decide
from .judge import BallotJudgement, judge_ballot

__all__ = ["BallotJudgement", "decide", "judge_ballot"]
