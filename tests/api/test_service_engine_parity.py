"""The service says what the engine says (issue: "the service says what the engine says"):
each stored write is the engine's judgement of the case the case model builds, shapes and names
agree, and a problem speaks one language."""

from __future__ import annotations

from apihelpers import is_problem

import charter_engine

JARDINS = """charter "Les Jardins" {
  version "1"
  effective 2020-01-01
  language fr
  attributes { role: text }
  body ag "Assemblée générale" {
    members: everyone
    decides: *
    rule default { voters: members; for: more than 1/2 of members; ballots: final }
  }
  body ca "Conseil d'administration" under ag {
    decides: budget
    may propose: role = "administrateur"
    rule default: consent of members
  }
}
"""
B = "/v1/organisations/jardins"
MEMBERS = [
    {"id": "ann", "bodies": ["ca"], "attributes": {"role": "administrateur"}},
    {"id": "bob", "bodies": ["ca"]},
    *({"id": f"m{i:02d}"} for i in range(13)),
]
EN = {"Accept-Language": "en"}


def jardins(api) -> str:
    admin = api.organisation("jardins")
    assert api.post(f"{B}/charters", {"source": JARDINS}, admin).status_code == 201
    for m in MEMBERS:
        assert api.post(f"{B}/members", m, admin).status_code == 201, m
    return admin


def table(api, admin, status=201, headers=None, **proposal):
    r = api.post(f"{B}/proposals", proposal, admin, headers=headers or {})
    assert r.status_code == status, r.get_json()
    return r.get_json()


def engine_decision(case: dict, language: str | None = None):
    return charter_engine.load(text=JARDINS).evaluate({"members": MEMBERS, **case}, language)


def test_an_admission_to_a_body_is_tabled_as_the_engine_judges_it(api):
    """Admitting someone to `ca` is decided by `ca`: the engine adopts such a case, so the
    service tables it (it once asked the competent body without the body, and refused it)."""
    admin = jardins(api)
    proposal = {"subject": "admission", "body": "ca", "concerns": ["m00"]}
    p = table(api, admin, **proposal)
    assert p["competent_body"] == "ca" and p["decision"]["body"] == "ca"
    for voter in ("ann", "bob"):
        assert api.post(
            f"{B}/proposals/{p['id']}/ballots", {"voter": voter, "choice": "for"}, admin
        )
    closed = api.post(f"{B}/proposals/{p['id']}/close", {}, admin).get_json()
    engine = engine_decision(
        {
            "proposal": proposal,
            "ballots": [{"voter": "ann", "choice": "for"}, {"voter": "bob", "choice": "for"}],
        }
    )
    assert closed["outcome"] == engine.outcome == "adopted"


def test_a_stored_proposal_is_open_until_it_is_closed(api):
    """Without `closes`, a stored proposal is still open: pending while any ballot still
    possible can change its outcome — never `rejected, certain` at creation nor `adopted,
    certain` after 4 of 15 ballots."""
    admin = jardins(api)
    p = table(api, admin, subject="general")
    assert (p["decision"]["outcome"], p["decision"]["certain"]) == ("pending", False)
    for voter in ("ann", "bob", "m00", "m01"):
        r = api.post(f"{B}/proposals/{p['id']}/ballots", {"voter": voter, "choice": "for"}, admin)
        assert r.status_code == 201
    live = api.get(f"{B}/proposals/{p['id']}/decision", admin).get_json()
    # more than half of 15 members needs 8: 4 for, 11 can still vote
    assert (live["outcome"], live["certain"], live["recorded"]) == ("pending", False, False)
    engine = engine_decision(
        {
            "proposal": {"subject": "general", "open": True},
            "ballots": [{"voter": v, "choice": "for"} for v in ("ann", "bob", "m00", "m01")],
        }
    )
    assert (engine.outcome, engine.certain) == ("pending", False)
    # four more: 8 of 15 for, final, whatever the seven others do
    for voter in ("m02", "m03", "m04", "m05"):
        api.post(f"{B}/proposals/{p['id']}/ballots", {"voter": voter, "choice": "for"}, admin)
    live = api.get(f"{B}/proposals/{p['id']}/decision", admin).get_json()
    assert (live["outcome"], live["certain"]) == ("adopted", True)
    assert (
        "déjà certain alors que le vote est ouvert : même si les 7 votants" in live["explanation"]
    )


def test_a_proposal_comes_back_in_the_shape_it_was_created_in(api):
    admin = jardins(api)
    sent = {
        "subject": "budget",
        "body": "ca",
        "proposer": "ann",
        "title": "Budget 2021",
        "text": "Le budget proposé.",
        "opens": "2021-01-10T09:00:00Z",
        "closes": "2999-01-01T00:00:00Z",
    }
    created = table(api, admin, **sent)
    fetched = api.get(f"{B}/proposals/{created['id']}", admin).get_json()
    for doc in (created, fetched):
        assert {k: doc[k] for k in sent} == sent
        assert doc["competent_body"] == "ca" and "proposal" not in doc


def test_problems_speak_the_engines_language(api):
    admin = jardins(api)
    doc = is_problem(
        api.post(f"{B}/proposals", {"subject": "budget", "body": "ag"}, admin),
        "not-competent",
        422,
    )
    # the charter's language, title and detail alike
    assert doc["title"] == "Aucun organe compétent pour cette proposition"
    assert "`ag` n'est pas compétent pour `budget` ; `ca` l'est" in doc["detail"]
    assert doc["errors"] == [{"path": "$.body", "message": doc["detail"]}]
    doc = is_problem(
        api.post(f"{B}/proposals", {"subject": "budget", "body": "ag"}, admin, headers=EN),
        "not-competent",
        422,
    )
    assert doc["title"] == "No competent body for this proposal"
    assert "`ag` is not competent for `budget`; `ca` is" in doc["detail"]
    # a proposer the charter does not allow
    doc = is_problem(
        api.post(f"{B}/proposals", {"subject": "budget", "proposer": "bob"}, admin),
        "not-eligible",
        422,
    )
    assert doc["title"] == "Non éligible selon la charte" and "ne peut pas" in doc["detail"]
    assert doc["errors"][0]["path"] == "$.proposer"


def test_an_unknown_body_is_reported_as_unknown(api):
    admin = jardins(api)
    doc = is_problem(
        api.post(f"{B}/proposals", {"subject": "budget", "body": "cax"}, admin, headers=EN),
        "case-invalid",
        422,
    )
    assert doc["detail"] == "invalid: there is no body `cax`; did you mean `ca`?"
    assert doc["errors"][0]["path"] == "$.body"
    assert engine_decision({"proposal": {"subject": "budget", "body": "cax"}}).outcome == "invalid"


def test_the_competence_query_takes_what_the_engine_takes(api):
    admin = jardins(api)
    q = f"{B}/queries/competence"
    admission = api.post(q, {"subject": "admission", "body": "ca"}, admin).get_json()
    assert admission["body"] == "ca"
    assert api.post(q, {"subject": "admission"}, admin).get_json()["body"] == "ag"
    engine = charter_engine.load(text=JARDINS).evaluate(
        {"competence": {"subject": "admission", "body": "ca"}}
    )
    assert engine.body == "ca"
    # null is a field not given, as in the case model
    assert (
        api.post(q, {"subject": "budget", "body": None, "at": None}, admin).get_json()["body"]
        == "ca"
    )


def test_the_eligibility_query_says_seat(api):
    admin = jardins(api)
    q = f"{B}/queries/eligibility"
    r = api.post(q, {"member": "bob", "body": "ca", "action": "seat"}, admin)
    assert r.status_code == 200 and r.get_json()["question"] == "seat"
    is_problem(
        api.post(q, {"member": "bob", "body": "ca", "action": "sit"}, admin),
        "invalid-request",
        422,
    )
