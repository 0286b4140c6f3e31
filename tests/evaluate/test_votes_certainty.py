"""Certainty of an open vote checked against brute force: every completion of a small vote
(each voter who can still act takes every possible ballot, each standing objection may be
withdrawn) is judged as a closed vote. Whenever the engine says `certain`, every completion
gives that outcome (soundness); whenever every completion is adopted, or the rule's tests are
monotone and every completion gives the same outcome, the engine says so (exactness)."""

from __future__ import annotations

import itertools
import random

import pytest

import charter_engine

RULES = {
    "majority": "for: more than 1/2 of expressed",
    "quorate": "quorum: at least 2/3 of members\nfor: more than 1/2 of expressed",
    "consent": "objections: none",
    "consensus": "participation: all of voters\nagainst: none\nobjections: none",
    "twothirds": "for: at least 2/3 of members\nblocks: none",
    "oddball": "for: at most 1/2 of expressed",  # not monotone: soundness only
    "present": "voters: present\nquorum: at least 2 \nfor: more than 1/2 of expressed",
}
MEMBERS = [{"id": "a"}, {"id": "b"}, {"id": "c"}]
OPTIONS = ("for", "against", "abstain", "object", "block")


def charter(final: bool) -> charter_engine.Charter:
    rules = "\n".join(
        f"rule {name} {{\n{'' if 'voters:' in body else 'voters: members'}\n"
        f"{body}\n{'ballots: final' if final else ''}\n}}"
        for name, body in RULES.items()
    )
    return charter_engine.load(f"""charter "T" {{
  version "1"
  body assembly {{
    members: everyone
    decides: *
    {rules}
  }}
}}""")


CHARTERS = {False: charter(False), True: charter(True)}
PROPOSAL = {"opens": "2024-01-01T00:00:00Z", "closes": "2024-01-10T00:00:00Z"}


def judge(c, subject, ballots, at, withdrawn=()):
    return c.evaluate(
        {
            "members": MEMBERS,
            "proposal": {"subject": subject, **PROPOSAL},
            "at": at,
            "ballots": ballots,
            "objections": [{"voter": v, "status": "withdrawn"} for v in withdrawn],
        }
    )


def completions(now, final):
    voted = {b["voter"] for b in now}
    standing = {b["voter"] for b in now if b["choice"] == "object"}
    actors = [m["id"] for m in MEMBERS if not (final and m["id"] in voted)]
    per_actor = []
    for v in actors:
        options = list(OPTIONS) + [None]  # None: no new ballot (silent, or keep the current one)
        per_actor.append([(v, o) for o in options])
    for picks in itertools.product(*per_actor):
        extra = [{"voter": v, "choice": o, "at": "2024-01-06T00:00:00Z"} for v, o in picks if o]
        latest = {b["voter"]: b["choice"] for b in now + extra}
        still = [v for v in standing if latest.get(v) == "object"]
        for k in range(len(still) + 1):
            for withdrawn in itertools.combinations(still, k):
                yield now + extra, withdrawn


@pytest.mark.parametrize("seed", range(12))
def test_certainty_against_brute_force(seed):
    rng = random.Random(seed)
    final = seed % 2 == 1
    c = CHARTERS[final]
    voters = rng.sample([m["id"] for m in MEMBERS], rng.randint(0, 3))
    now = [
        {"voter": v, "choice": rng.choice(OPTIONS), "at": "2024-01-02T00:00:00Z"} for v in voters
    ]
    for subject in RULES:
        d = judge(c, subject, now, "2024-01-03T00:00:00Z")
        outcomes = {
            judge(c, subject, ballots, "2024-01-11T00:00:00Z", withdrawn).outcome
            for ballots, withdrawn in completions(now, final)
        }
        if d.certain:
            assert outcomes == {d.outcome}, (subject, now, d.explanation)
        else:
            assert d.outcome == "pending"
            assert outcomes != {"adopted"}, (subject, now, "adoption is certain")
            if subject != "oddball":
                assert len(outcomes) > 1, (subject, now, outcomes)
