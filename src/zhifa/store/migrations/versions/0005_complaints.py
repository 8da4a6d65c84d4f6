"""complaints (投诉举报) and annual reports (年度行政执法数据)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 03:10:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "complaints",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("code_digest", sa.String(length=64), nullable=False),
        sa.Column("body_id", sa.String(length=32), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("topic", sa.String(length=20), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=True),
        sa.Column("credential_number", sa.String(length=32), nullable=True),
        sa.Column("case_number", sa.String(length=80), nullable=True),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("contact_mask", sa.String(length=80), nullable=False),
        sa.Column("language_flags", sa.JSON(), nullable=False),
        sa.Column("text_ref", sa.String(length=32), nullable=True),
        sa.Column("place_ref", sa.String(length=32), nullable=True),
        sa.Column("name_ref", sa.String(length=32), nullable=True),
        sa.Column("phone_ref", sa.String(length=32), nullable=True),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("officer_id", sa.String(length=32), nullable=True),
        sa.Column("replied_on", sa.Date(), nullable=True),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=24), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("received_entry", sa.BigInteger(), nullable=False),
        sa.Column("last_entry", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["body_id"], ["bodies.id"], name=op.f("fk_complaints_body_id_bodies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
        sa.UniqueConstraint("code_digest", name=op.f("uq_complaints_code_digest")),
    )
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaints_body_id"), ["body_id"], unique=False)
        batch_op.create_index("ix_complaints_body_status", ["body_id", "status"], unique=False)

    op.create_table(
        "annual_reports",
        sa.Column("body_id", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("entry", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["body_id"], ["bodies.id"], name=op.f("fk_annual_reports_body_id_bodies")
        ),
        sa.PrimaryKeyConstraint("body_id", "year", name=op.f("pk_annual_reports")),
    )

    op.create_table(
        "annual_report_late",
        sa.Column("body_id", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("detected_on", sa.Date(), nullable=False),
        sa.Column("basis", sa.String(length=300), nullable=False),
        sa.Column("entry", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["body_id"], ["bodies.id"], name=op.f("fk_annual_report_late_body_id_bodies")
        ),
        sa.PrimaryKeyConstraint("body_id", "year", name=op.f("pk_annual_report_late")),
    )


def downgrade() -> None:
    op.drop_table("annual_report_late")
    op.drop_table("annual_reports")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index("ix_complaints_body_status")
        batch_op.drop_index(batch_op.f("ix_complaints_body_id"))
    op.drop_table("complaints")
