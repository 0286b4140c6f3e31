"""Budget items reference members: allocations, supports and claims carry their
organisation and a foreign key to the member (as ballots do), so that a member with budget
items cannot be deleted and an item can never name someone who is not a member.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 01:34:39.511563
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ITEMS = (("allocations", "member"), ("claims", "by"), ("supports", "voter"))


def upgrade() -> None:
    for table, who in ITEMS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("organisation_id", sa.String(length=64), nullable=True))
        op.execute(
            f"UPDATE {table} SET organisation_id = "
            f"(SELECT rounds.organisation_id FROM rounds WHERE rounds.id = {table}.round_id)"
        )
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column(
                "organisation_id", existing_type=sa.String(length=64), nullable=False
            )
            batch_op.create_foreign_key(
                op.f(f"fk_{table}_organisation_id_members"),
                "members",
                ["organisation_id", who],
                ["organisation_id", "id"],
            )


def downgrade() -> None:
    for table, _who in reversed(ITEMS):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(
                op.f(f"fk_{table}_organisation_id_members"), type_="foreignkey"
            )
            batch_op.drop_column("organisation_id")
