"""Every reason a vote gives renders in English and in French, from the catalogue, with the
clause it rests on."""

from __future__ import annotations

import pytest

import charter_engine

CHARTER = charter_engine.load("""charter "T" {
  version "1"
  language fr
  attributes { role: text; college: text }
  colleges {
    a "A": 60%
    b "B": 40%
  }
  body assembly {
    members: everyone
    decides: *
    rule default {
      voters: members
      advisory: everyone
      quorum: at least 1/2 of members      cite "Art. 2"
      for: more than 1/2 of expressed      cite "Art. 3"
      tie: chair decides                   cite "Art. 4"
      proxies: at most 1 per voter         cite "Art. 5"
      second call: no quorum               cite "Art. 6"
      otherwise: refer to council          cite "Art. 7"
      cite "Art. 1"
    }
    rule objections {
      voters: members
      objections: none, judged by facilitator   cite "Art. 8"
      blocks: none
      ballots: final
    }
    rule weighted { voters: members; weighted by college; for: more than 1/2 of expressed }
  }
  body council under assembly { rule default: majority of members }
}""")
MEMBERS = [
    {"id": "ana", "attributes": {"role": "facilitator", "college": "a"}},
    {"id": "bob", "attributes": {"college": "a"}},
    {"id": "cy", "attributes": {"college": "b"}},
    {"id": "dee"},
]
OPEN = {"opens": "2024-01-01T00:00:00Z", "closes": "2024-01-10T00:00:00Z"}
CASES = {
    "tie": (
        {"subject": "x", "chair": "ana"},
        [{"voter": "ana", "choice": "for"}, {"voter": "bob", "choice": "against"}],
        {},
    ),
    "referred": ({"subject": "x"}, [{"voter": "ana", "choice": "against"}], {}),
    "proxies": (
        {"subject": "x", "call": 2},
        [
            {"voter": "ana", "choice": "for", "proxies": ["bob", "cy"]},
            {"voter": "ghost", "choice": "for"},
            {"voter": "dee", "choice": "for"},
            {"voter": "dee", "choice": "for", "at": "2030-01-01"},
        ],
        {"present": ["ana"]},
    ),
    "objections": (
        {"subject": "objections", **OPEN},
        [
            {"voter": "bob", "choice": "object", "reason": "trop tôt"},
            {"voter": "cy", "choice": "object"},
            {"voter": "dee", "choice": "block"},
            {"voter": "dee", "choice": "for"},
        ],
        {
            "at": "2024-01-05T00:00:00Z",
            "objections": [
                {"voter": "bob", "status": "invalid", "by": "ana", "reason": "hors sujet"},
                {"voter": "cy", "status": "invalid", "by": "dee", "reason": "non"},
                {"voter": "ana", "status": "withdrawn"},
            ],
        },
    ),
    "weighted": (
        {"subject": "weighted"},
        [{"voter": "ana", "choice": "for"}, {"voter": "dee", "choice": "for"}],
        {},
    ),
}


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("name", CASES)
def test_reasons_render_in_both_languages(name, language):
    proposal, ballots, more = CASES[name]
    d = CHARTER.evaluate(
        {"members": MEMBERS, "proposal": proposal, "ballots": ballots, **more}, language=language
    )
    assert d.language == language
    for reason in d.reasons:
        assert reason.text and reason.text != reason.code and "{" not in reason.text
    for ballot in d.rejected_ballots:
        assert ballot.reason and ballot.reason != ballot.code
    assert d.explanation


def test_charter_language_is_the_default():
    proposal, ballots, more = CASES["referred"]
    d = CHARTER.evaluate({"members": MEMBERS, "proposal": proposal, "ballots": ballots, **more})
    assert d.language == "fr" and "renvoyée à `council`" in d.explanation
    assert d.outcome == "referred" and "Art. 7" in d.citations
