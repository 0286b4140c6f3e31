"""Competence (design §3) and eligibility (§3 `seat:`, §6 expressions), from the design text."""

from __future__ import annotations

import pytest

import charter_engine
from charter_engine.evaluate.competence import select_rule

CHARTER = """charter "Competence" {
  version "1"
  attributes { employee: bool; contractor: bool; list_member: bool; candidate: bool
               role: text; joined: date }
  body assembly { members: everyone; decides: statutes, * }
  body council under assembly {
    decides: strategy, budget, communication.print
    seat: not (employee or contractor or list_member or candidate)   cite "Lignes rouges"
    may propose: member of council or role = "copresident"
    rule default: consent of members
    rule budget: majority of members
  }
  circle communication under council { decides: communication }
  circle events under council { decides: events.local }
  circle outreach under council { decides: events.local }
  circle web under communication { }
}
"""


@pytest.fixture(scope="module")
def charter():
    return charter_engine.load(CHARTER)


@pytest.mark.parametrize(
    "subject, body, how",
    [
        ("strategy", "council", "perimeter"),
        ("communication", "communication", "perimeter"),
        # a subject covers its dotted children
        ("communication.social_media", "communication", "perimeter"),
        # the longest prefix wins: communication.print is the council's, deeper than communication
        ("communication.print.flyers", "council", "perimeter"),
        # no prefix anywhere: the body holding `*` decides
        ("gardening", "assembly", "residual"),
        # two circles hold equally long prefixes: in doubt, their nearest common ancestor decides
        ("events.local.fair", "council", "in_doubt"),
        ("admission", "assembly", "builtin"),
    ],
)
def test_competent_body(charter, subject, body, how):
    result = charter.competent_body(subject)
    assert (result.body, result.how) == (body, how)
    assert subject in result.explanation


def test_in_doubt_names_the_candidates(charter):
    result = charter.competent_body("events.local")
    assert set(result.candidates) == {"events", "outreach"}
    assert "events" in result.explanation and "outreach" in result.explanation


def test_outside_the_charter_without_residual():
    charter = charter_engine.load('charter "x" { version "1" body a { decides: budget } }')
    result = charter.competent_body("gardening")
    assert result.body is None and result.how == "outside"
    assert "outside the charter" in result.explanation


def test_prefix_is_by_whole_segments(charter):
    # `budgetary` does not start with the subject `budget` followed by a dot
    assert charter.competent_body("budgetary").body == "assembly"


def test_rule_selection_and_inheritance(charter):
    assert select_rule(charter, "council", "budget.travel").name == "budget"
    assert select_rule(charter, "council", "strategy").name == "default"
    # a body without rules inherits its parent's default rule
    inherited = select_rule(charter, "web", "communication.web")
    assert inherited.name == "default" and inherited.short_form == "consent"
    assert select_rule(charter, "assembly", "statutes") is None


def test_red_line_names_the_attribute_and_clause(charter):
    result = charter.may_sit(
        {
            "id": "ondine",
            "attributes": {
                "employee": True,
                "contractor": False,
                "list_member": False,
                "candidate": False,
            },
        },
        "council",
    )
    assert result.allowed is False
    assert "employee" in result.explanation and "Lignes rouges" in result.citations


def test_member_meeting_the_red_lines_may_sit(charter):
    result = charter.may_sit(
        {
            "id": "thomas",
            "attributes": {
                "employee": False,
                "contractor": False,
                "list_member": False,
                "candidate": False,
            },
        },
        "council",
    )
    assert result.allowed is True


def test_missing_attribute_makes_the_condition_false_and_says_so(charter):
    result = charter.may_sit({"id": "x", "attributes": {"employee": False}}, "council")
    assert result.allowed is False
    assert "no value for `contractor`" in result.explanation


def test_may_propose_expression(charter):
    copresident = charter.may_propose({"id": "c", "attributes": {"role": "copresident"}}, "council")
    outsider = charter.may_propose({"id": "o", "attributes": {"role": "member"}}, "council")
    assert copresident.allowed and not outsider.allowed


def test_french_explanation():
    text = CHARTER.replace('version "1"', 'version "1"\n  language fr')
    charter = charter_engine.load(text)
    result = charter.competent_body("gardening")
    assert "compétence résiduelle" in result.explanation
    assert "residual" in charter.competent_body("gardening", language="en").explanation


def test_undeclared_attribute_in_a_member_record_is_an_error(charter):
    with pytest.raises(charter_engine.CaseError) as err:
        charter.may_sit({"id": "x", "attributes": {"employe": True}}, "council")
    d = err.value.diagnostics[0]
    assert d.path == "$.members[0].attributes.employe" and "employee" in d.help


def test_attribute_of_the_wrong_type_is_an_error(charter):
    with pytest.raises(charter_engine.CaseError) as err:
        charter.may_sit({"id": "x", "attributes": {"joined": "last year"}}, "council")
    assert err.value.diagnostics[0].path == "$.members[0].attributes.joined"


MAY_VOTE = charter_engine.load("""charter "v" {
  version "1"
  attributes { joined: date }
  body assembly {
    members: everyone
    decides: *
    may vote: joined <= today - 90 days        cite "Art. 4"
    rule default: majority of members
  }
}""")
MEMBERS = [
    {"id": "old", "attributes": {"joined": "2020-01-01"}},
    {"id": "new", "attributes": {"joined": "2020-05-20"}},
]


def test_may_vote_restricts_the_electorate_of_the_bodys_rules():
    # asked on 2020-06-01: `new` joined 12 days before, `old` long before
    decision = MAY_VOTE.evaluate(
        {
            "members": MEMBERS,
            "at": "2020-06-01T12:00:00Z",
            "proposal": {"subject": "x"},
            "ballots": [{"voter": "old", "choice": "for"}, {"voter": "new", "choice": "against"}],
        }
    )
    assert decision.counts["for"] == 1 and decision.counts["against"] == 0
    assert [b.voter for b in decision.rejected_ballots] == ["new"]
    assert decision.outcome == "adopted"


def test_may_vote_query_names_the_condition():
    case = {"members": MEMBERS, "at": "2020-06-01T12:00:00Z"}
    assert MAY_VOTE.evaluate({**case, "vote": {"member": "old", "body": "assembly"}}).allowed
    refused = MAY_VOTE.evaluate({**case, "vote": {"member": "new", "body": "assembly"}})
    assert refused.allowed is False and "Art. 4" in refused.citations
