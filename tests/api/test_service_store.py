"""The store on its own (no Flask): audit chain verification, database-enforced uniqueness."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from charter_engine.store import Database, audit, repo
from charter_engine.store.models import AuditEntry, AuditHead


@pytest.fixture
def db(db_url):
    d = Database(db_url)
    with d.write() as s:
        repo.add_organisation(s, "org", "Org")
        for i in range(5):
            audit.append(s, "org", actor="test", action="thing", target=f"t/{i}", payload={"i": i})
    yield d
    d.dispose()


def test_store_imports_no_flask():
    import subprocess
    import sys

    code = (
        "import sys, charter_engine.store, charter_engine.store.repo, charter_engine.store.audit;"
        "sys.exit('flask' in sys.modules)"
    )
    assert (
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=str(__import__("pathlib").Path(__file__).resolve().parents[2]),
        ).returncode
        == 0
    )


def test_intact_chain_verifies(db):
    with db.read() as s:
        v = audit.verify(s)
    assert v.ok and v.chains["org"]["entries"] == 5


def test_altered_entry_is_detected(db):
    with db.write() as s:
        s.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(payload='{"i":99}'))
    with db.read() as s:
        v = audit.verify(s)
    assert not v.ok and any(p["seq"] == 3 and "altered" in p["message"] for p in v.problems)


def test_deleted_middle_entry_is_detected(db):
    with db.write() as s:
        s.execute(delete(AuditEntry).where(AuditEntry.seq == 2))
    with db.read() as s:
        v = audit.verify(s)
    assert not v.ok and any("missing" in p["message"] for p in v.problems)


def test_deleted_last_entry_is_detected(db):
    with db.write() as s:
        s.execute(delete(AuditEntry).where(AuditEntry.seq == 5))
    with db.read() as s:
        v = audit.verify(s)
    assert not v.ok and any("deleted" in p["message"] for p in v.problems)


def test_rewritten_entry_with_recomputed_hash_breaks_the_next_link(db):
    with db.write() as s:
        e = s.execute(select(AuditEntry).where(AuditEntry.seq == 2)).scalar_one()
        e.payload = '{"i":42}'
        e.hash = audit.hash_of(e)  # a forger who recomputes the entry's own hash
    with db.read() as s:
        v = audit.verify(s)
    assert not v.ok and any(p["seq"] == 3 and "link" in p["message"] for p in v.problems)


def test_missing_head_is_detected(db):
    with db.write() as s:
        s.execute(delete(AuditHead))
    with db.read() as s:
        assert not audit.verify(s).ok


def test_one_ballot_per_voter_and_proposal_is_a_database_constraint(db):
    from charter_engine.store.models import Ballot

    with db.write() as s:
        cv = repo.add_charter(
            s,
            organisation_id="org",
            version="1",
            name="c",
            language="en",
            effective=None,
            in_force_from=__import__("datetime").date(2020, 1, 1),
            source="x",
            sha256="0" * 64,
            compiled={},
            origin="initial",
        )
        repo.add_member(s, "org", "m1", name=None, attributes={}, bodies=[])
        p = repo.add_proposal(
            s,
            organisation_id="org",
            charter_version_id=cv.id,
            subject="s",
            body=None,
            title=None,
            text=None,
            spec={"subject": "s"},
            present=None,
            objections=[],
        )
        pid = p.id
        s.add(Ballot(proposal_id=pid, organisation_id="org", voter="m1", data={"choice": "for"}))
    with pytest.raises(IntegrityError), db.write() as s:
        s.add(
            Ballot(proposal_id=pid, organisation_id="org", voter="m1", data={"choice": "against"})
        )
        s.flush()
    # the upsert replaces atomically and counts revisions
    import datetime as dt

    now = dt.datetime.now(dt.UTC)
    with db.write() as s:
        assert (
            repo.put_ballot(
                s,
                proposal_id=pid,
                org_id="org",
                voter="m1",
                data={"choice": "against"},
                cast_at=now,
                replace=True,
            )[1]
            == 2
        )
        assert (
            repo.put_ballot(
                s,
                proposal_id=pid,
                org_id="org",
                voter="m1",
                data={"choice": "for"},
                cast_at=now,
                replace=False,
            )
            is None
        )
    # a ballot from someone who is not a member is refused by a foreign key
    with pytest.raises(IntegrityError), db.write() as s:
        s.add(Ballot(proposal_id=pid, organisation_id="org", voter="ghost", data={}))
        s.flush()


def test_migrated_schema_matches_the_models(db_url):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from charter_engine.store.models import Base

    d = Database(db_url)
    with d.engine.connect() as c:
        assert compare_metadata(MigrationContext.configure(c), Base.metadata) == []
    d.dispose()


def test_upgrade_from_0001_keeps_budget_items(tmp_path):
    from sqlalchemy import text

    from charter_engine.store import upgrade

    url = f"sqlite:///{tmp_path}/old.sqlite3"
    assert upgrade(url, "0001") == "0001"
    d = Database(url)
    with d.write() as s:
        for sql in (
            "insert into organisations values ('o', 'O', '2020-01-01')",
            "insert into members (organisation_id, id, attributes, bodies, created_at, updated_at)"
            " values ('o', 'm', '{}', '[]', '2020-01-01', '2020-01-01')",
            "insert into charter_versions (organisation_id, version, name, language,"
            " in_force_from, source, sha256, compiled, origin, created_at)"
            " values ('o', '1', 'c', 'en', '2020-01-01', 'x', '0', '{}', 'initial', '2020-01-01')",
            "insert into rounds (organisation_id, charter_version_id, budget, spec, parameters,"
            " created_at) values ('o', 1, 'b', '{}', '{}', '2020-01-01')",
            "insert into projects values (1, 'p', '{}', '2020-01-01')",
            "insert into allocations (round_id, member, project, amount, at, revision)"
            " values (1, 'm', 'p', '1 EUR', '2020-01-01', 1)",
        ):
            s.execute(text(sql))
    d.dispose()
    assert upgrade(url) != "0001"
    d = Database(url)
    with d.read() as s:
        assert s.execute(text("select organisation_id, member from allocations")).all() == [
            ("o", "m")
        ]
    d.dispose()
