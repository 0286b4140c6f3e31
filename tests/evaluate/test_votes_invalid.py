"""Invalid proposals (design §3 competence, §4 notice/duration/consultation, §6 may propose) and
the explanation in English and French."""

from __future__ import annotations

import charter_engine

CHARTER = charter_engine.load("""charter "T" {
  version "1"
  body assembly {
    members: everyone
    decides: statutes
    may propose: member of council              cite "Art. 2"
    rule default: majority of members
    rule statutes {
      voters: members
      for: at least 2/3 of expressed
      notice: at least 15 days                  cite "Art. 12"
      duration: at least 7 days                 cite "Art. 13"
      consultation: at least 14 days open to everyone   cite "Art. 14"
      cite "Art. 11"
    }
  }
  body council under assembly {
    decides: budget
    rule default: majority of members
  }
}""")
MEMBERS = [{"id": "ana", "bodies": ["council"]}, {"id": "bob", "bodies": ["council"]}, {"id": "cy"}]
GOOD = {
    "subject": "statutes",
    "announced": "2024-01-01",
    "opens": "2024-01-16T00:00:00Z",
    "closes": "2024-01-23T00:00:00Z",
    "consultation": {"from": "2023-12-01", "until": "2023-12-15", "open_to": "everyone"},
}
BALLOTS = [{"voter": "ana", "choice": "for"}, {"voter": "bob", "choice": "for"}]


def run(proposal, language=None, ballots=BALLOTS):
    return CHARTER.evaluate(
        {"members": MEMBERS, "proposal": proposal, "ballots": ballots}, language=language
    )


def test_valid_proposal_is_adopted_and_cites_its_clauses():
    d = run(GOOD)
    assert d.outcome == "adopted", d.explanation
    assert {"Art. 11", "Art. 12", "Art. 13", "Art. 14"} <= set(d.citations)


def test_subject_outside_the_charter():
    d = run({"subject": "gardening"})
    assert d.outcome == "invalid" and d.body is None
    assert "outside the charter" in d.explanation


def test_stated_body_not_competent():
    d = run({"subject": "budget", "body": "assembly"})
    assert d.outcome == "invalid" and d.body == "council"
    assert "not competent" in d.explanation


def test_proposer_outside_may_propose():
    d = run({**GOOD, "proposer": "cy"})
    assert d.outcome == "invalid" and "may not propose" in d.explanation
    assert run({**GOOD, "proposer": "ana"}).outcome == "adopted"


def test_notice_not_met():
    d = run({**GOOD, "announced": "2024-01-05"})  # 11 days before opening
    assert d.outcome == "invalid" and "notice" in d.explanation and "Art. 12" in d.citations


def test_notice_exactly_met():
    assert run({**GOOD, "announced": "2024-01-01T00:00:00Z"}).outcome == "adopted"


def test_notice_cannot_be_checked_without_the_dates():
    d = run({k: v for k, v in GOOD.items() if k != "announced"})
    assert d.outcome == "invalid" and "announced" in d.explanation


def test_duration_not_met():
    d = run({**GOOD, "closes": "2024-01-20T00:00:00Z"})
    assert d.outcome == "invalid" and "Art. 13" in d.citations


def test_consultation_too_short():
    d = run(
        {
            **GOOD,
            "consultation": {"from": "2023-12-01", "until": "2023-12-10", "open_to": "everyone"},
        }
    )
    assert d.outcome == "invalid" and "consultation" in d.explanation


def test_consultation_not_open_to_the_population_the_rule_names():
    d = run(
        {
            **GOOD,
            "consultation": {
                "from": "2023-12-01",
                "until": "2023-12-20",
                "open_to": "members of council",
            },
        }
    )
    assert d.outcome == "invalid" and "cy" in d.explanation


def test_consultation_missing():
    d = run({k: v for k, v in GOOD.items() if k != "consultation"})
    assert d.outcome == "invalid"


def test_explanation_in_english_and_french():
    ballots = [
        {"voter": "ana", "choice": "for"},
        {"voter": "bob", "choice": "against"},
        {"voter": "zed", "choice": "for"},
    ]
    en = run(GOOD, "en", ballots)
    fr = run(GOOD, "fr", ballots)
    assert en.outcome == fr.outcome == "rejected"
    assert en.language == "en" and fr.language == "fr"
    assert "2 needed (at least 2/3 of 2 votes expressed): not met" in en.explanation
    assert "2 requis (au moins 2/3 de 2 suffrages exprimés)" in fr.explanation
    assert "rejected" in en.explanation and "rejetée" in fr.explanation
    assert "not a member" in en.rejected_ballots[0].reason
    assert "n'est pas membre" in fr.rejected_ballots[0].reason


RED_LINE = charter_engine.load("""charter "T" {
  version "1"
  attributes { employee: bool }
  body assembly {
    members: everyone
    decides: *
    rule default: majority of members
  }
  body council under assembly {
    seat: not employee          cite "Lignes rouges"
    rule admission: consent of members
  }
}""")


def test_admitting_someone_who_breaks_the_seat_condition_is_invalid():
    members = [
        {"id": "ana", "bodies": ["council"], "attributes": {"employee": False}},
        {"id": "ondine", "attributes": {"employee": True}},
        {"id": "paul", "attributes": {"employee": False}},
    ]

    def admit(who):
        return RED_LINE.evaluate(
            {
                "members": members,
                "proposal": {"subject": "admission", "body": "council", "concerns": [who]},
                "ballots": [{"voter": "ana", "choice": "for"}],
            }
        )

    d = admit("ondine")
    assert d.outcome == "invalid" and "employee" in d.explanation
    assert "Lignes rouges" in d.citations
    assert admit("paul").outcome == "adopted"
