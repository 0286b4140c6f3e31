"""Parameters in force at a date (design §7) and amendments judged under the version in force,
carrying a new charter text that must itself compile (§9)."""

from __future__ import annotations

import pytest

import charter_engine

CHARTER = charter_engine.load("""charter "p" {
  version "2024-01"
  body assembly {
    members: everyone
    decides: *
    rule default { quorum: at least q; for: more than 1/2 of expressed }
  }
  parameter q: 3 set by assembly
  amendments: assembly by { for: at least 2/3 of expressed }
}""")
MEMBERS = [{"id": m} for m in ("a", "b", "c", "d")]
TWO_FOR = [{"voter": "a", "choice": "for"}, {"voter": "b", "choice": "for"}]


def decide(parameters=None, opens=None):
    proposal = {"subject": "x"} | ({"opens": opens} if opens else {})
    case = {"members": MEMBERS, "proposal": proposal, "ballots": TWO_FOR}
    if parameters is not None:
        case["parameters"] = parameters
    return charter_engine.load(CHARTER.source).evaluate(case)


def test_the_charter_default_applies_without_a_value_in_the_case():
    # q = 3, two present: quorum not met
    assert decide().outcome == "rejected"


def test_a_value_given_in_the_case_is_the_one_in_force():
    assert decide({"q": 2}).outcome == "adopted"


HISTORY = [{"value": 3, "since": "2024-01-01"}, {"value": 2, "since": "2024-06-01"}]


@pytest.mark.parametrize(
    "opens, outcome",
    [
        ("2024-05-31T10:00:00Z", "rejected"),  # q = 3 in force when the proposal opened
        ("2024-06-01T10:00:00Z", "adopted"),  # the day q became 2
        ("2023-12-01T10:00:00Z", "rejected"),  # before any entry: the charter's 3
    ],
)
def test_the_value_in_force_when_the_proposal_opened(opens, outcome):
    assert decide({"q": HISTORY}, opens).outcome == outcome


def test_a_malformed_history_is_a_case_error_with_its_path():
    with pytest.raises(charter_engine.CaseError) as err:
        decide({"q": [{"value": 2, "since": "June"}]})
    assert err.value.diagnostics[0].path == "$.parameters.q[0].since"


def amendment(text, ballots):
    return CHARTER.evaluate(
        {
            "members": MEMBERS,
            "ballots": ballots,
            "proposal": {"subject": "amendment", "charter": text},
        },
        "en",
    )


def test_an_amendment_is_judged_by_the_amendment_rule_of_the_version_in_force():
    new = CHARTER.source.replace('version "2024-01"', 'version "2024-02"')
    # 2 for, 1 against: 2/3 of 3 expressed needs 2 -> adopted under `amendments:`
    d = amendment(new, TWO_FOR + [{"voter": "c", "choice": "against"}])
    assert d.outcome == "adopted" and d.rule == "amendment" and d.body == "assembly"
    # 1 for, 1 against: needs 2 of 2 -> rejected (the ordinary majority would not matter)
    d = amendment(new, [{"voter": "a", "choice": "for"}, {"voter": "b", "choice": "against"}])
    assert d.outcome == "rejected"


def test_an_amendment_carrying_a_broken_charter_is_invalid():
    broken = CHARTER.source.replace("decides: *", "decides *")
    d = amendment(broken, TWO_FOR)
    assert d.outcome == "invalid"
    assert "new charter, line 5" in d.explanation


def test_a_too_short_notice_is_said_in_french_words():
    charter = charter_engine.load("""charter "n" {
      version "1"
      language fr
      body ag { members: everyone; decides: *
                rule default { for: more than 1/2 of expressed; notice: at least 15 days } }
    }""")
    d = charter.evaluate(
        {
            "members": MEMBERS,
            "ballots": TWO_FOR,
            "proposal": {
                "subject": "x",
                "announced": "2024-05-01",
                "opens": "2024-05-10T18:00:00Z",
            },
        }
    )
    assert d.outcome == "invalid"
    assert "au moins 15 jours requis" in d.explanation and "at least" not in d.explanation
