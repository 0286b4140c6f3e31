"""SQLAlchemy 2 models of the service's state.

Case data (a proposal's scenario fields, a ballot's choice, a member's attributes) is kept
as JSON in the shapes of the scenario format, so that a case can be rebuilt from the rows
and handed to the engine unchanged.  Uniqueness is the database's job: see the
constraints below (one ballot per voter and proposal, one allocation per member and
project, one support per voter and project, one charter version string per organisation).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite has no time zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, dt.datetime: UTCDateTime}

    if TYPE_CHECKING:
        # Every model here is mapped to a Table of its own (`__tablename__`), which the Core
        # statements (audit.py, repo.py) use; DeclarativeBase declares any FromClause.
        __table__: ClassVar[Table]


class Organisation(Base):
    __tablename__ = "organisations"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Token(Base):
    __tablename__ = "tokens"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    scopes: Mapped[list[Any]]
    secret_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[dt.datetime | None]


class CharterVersion(Base):
    __tablename__ = "charter_versions"
    __table_args__ = (UniqueConstraint("organisation_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(8))
    effective: Mapped[dt.date | None] = mapped_column(Date)
    in_force_from: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    compiled: Mapped[dict[str, Any]]
    origin: Mapped[str] = mapped_column(String(16))  # initial | amendment | override
    proposal_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Member(Base):
    __tablename__ = "members"
    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(300))
    attributes: Mapped[dict[str, Any]]
    bodies: Mapped[list[Any]]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Proposal(Base):
    __tablename__ = "proposals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    charter_version_id: Mapped[int] = mapped_column(ForeignKey("charter_versions.id"))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(String(128))
    title: Mapped[str | None] = mapped_column(String(500))
    text: Mapped[str | None] = mapped_column(Text)
    spec: Mapped[dict[str, Any]]  # the scenario `proposal` object
    present: Mapped[list[Any] | None] = mapped_column(JSON)
    objections: Mapped[list[Any]]
    amendment_source: Mapped[str | None] = mapped_column(Text)
    amendment_sha256: Mapped[str | None] = mapped_column(String(64))
    amendment_version: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | closed
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[dt.datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(16))
    decision: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    decision_charter_version: Mapped[str | None] = mapped_column(String(100))
    decision_charter_sha256: Mapped[str | None] = mapped_column(String(64))


class Ballot(Base):
    __tablename__ = "ballots"
    __table_args__ = (
        UniqueConstraint("proposal_id", "voter"),
        ForeignKeyConstraint(
            ["organisation_id", "voter"], ["members.organisation_id", "members.id"]
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    organisation_id: Mapped[str] = mapped_column(String(64))
    voter: Mapped[str] = mapped_column(String(128))
    data: Mapped[dict[str, Any]]  # choice / grades / approve / proxies / reason
    cast_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    revision: Mapped[int] = mapped_column(Integer, default=1)


class Round(Base):
    __tablename__ = "rounds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    charter_version_id: Mapped[int] = mapped_column(ForeignKey("charter_versions.id"))
    budget: Mapped[str] = mapped_column(String(128))
    spec: Mapped[dict[str, Any]]  # the scenario `round` object (meeting, ...)
    parameters: Mapped[dict[str, Any]]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Project(Base):
    __tablename__ = "projects"
    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    data: Mapped[dict[str, Any]]  # goal, proposers, proposed, title
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Allocation(Base):
    __tablename__ = "allocations"
    __table_args__ = (
        ForeignKeyConstraint(["round_id", "project"], ["projects.round_id", "projects.id"]),
        ForeignKeyConstraint(
            ["organisation_id", "member"], ["members.organisation_id", "members.id"]
        ),
    )
    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[str] = mapped_column(String(64))
    member: Mapped[str] = mapped_column(String(128), primary_key=True)
    project: Mapped[str] = mapped_column(String(128), primary_key=True)
    amount: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    revision: Mapped[int] = mapped_column(Integer, default=1)


class Support(Base):
    __tablename__ = "supports"
    __table_args__ = (
        ForeignKeyConstraint(["round_id", "project"], ["projects.round_id", "projects.id"]),
        ForeignKeyConstraint(
            ["organisation_id", "voter"], ["members.organisation_id", "members.id"]
        ),
    )
    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[str] = mapped_column(String(64))
    voter: Mapped[str] = mapped_column(String(128), primary_key=True)
    project: Mapped[str] = mapped_column(String(128), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        ForeignKeyConstraint(["round_id", "project"], ["projects.round_id", "projects.id"]),
        ForeignKeyConstraint(["organisation_id", "by"], ["members.organisation_id", "members.id"]),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[str] = mapped_column(String(64))
    by: Mapped[str] = mapped_column(String(128))
    project: Mapped[str] = mapped_column(String(128))
    amount: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AuditHead(Base):
    """The last entry of each audit chain; locked (FOR UPDATE) by every write."""

    __tablename__ = "audit_heads"
    chain: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (UniqueConstraint("chain", "seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chain: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(100))
    target: Mapped[str] = mapped_column(String(300))
    override: Mapped[bool] = mapped_column(Boolean, default=False)
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
