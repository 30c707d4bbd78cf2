"""Commitment progress on the IRM's scales (issue 14): completion gains "no evidence" (the
IRM's lowest level), each commitment gets "did it open government?" (worsened … outstanding)
and the evidence behind both ratings (a JSON list of links to minutes, action items and
attachments), each milestone a status.

Existing commitments keep their completion; the new fields start empty (not rated).

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

OLD_COMPLETION = ("not_started", "limited", "substantial", "complete")
NEW_COMPLETION = ("no_evidence",) + OLD_COMPLETION
OPEN_GOVERNMENT = ("worsened", "did_not_change", "marginal", "major", "outstanding")
MILESTONE_STATUS = ("not_started", "in_progress", "complete")


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _values(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:  # the CHECK constraints by name; SQLite rebuilds the table below
        op.drop_constraint(op.f("ck_commitments_completion"), "commitments", type_="check")
        op.create_check_constraint("completion", "commitments",
                                   f"completion IN ({_values(NEW_COMPLETION)})")
        op.add_column("commitments", sa.Column("open_government", sa.String(length=32)))
        op.create_check_constraint("open_government", "commitments",
                                   f"open_government IN ({_values(OPEN_GOVERNMENT)})")
        op.add_column("commitments", sa.Column("progress_evidence", sa.Text()))
        op.add_column("milestones", sa.Column("status", sa.String(length=32)))
        op.create_check_constraint("milestone_status", "milestones",
                                   f"status IN ({_values(MILESTONE_STATUS)})")
        return
    with op.batch_alter_table("commitments", recreate="always") as batch_op:
        batch_op.alter_column("completion", existing_type=_enum(OLD_COMPLETION, "completion"),
                              type_=_enum(NEW_COMPLETION, "completion"), existing_nullable=True)
        batch_op.add_column(sa.Column("open_government",
                                      _enum(OPEN_GOVERNMENT, "open_government")))
        batch_op.add_column(sa.Column("progress_evidence", sa.Text()))
    with op.batch_alter_table("milestones", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("status", _enum(MILESTONE_STATUS, "milestone_status")))


def downgrade() -> None:
    op.execute("UPDATE commitments SET completion = NULL WHERE completion = 'no_evidence'")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(op.f("ck_milestones_milestone_status"), "milestones", type_="check")
        op.drop_column("milestones", "status")
        op.drop_column("commitments", "progress_evidence")
        op.drop_constraint(op.f("ck_commitments_open_government"), "commitments", type_="check")
        op.drop_column("commitments", "open_government")
        op.drop_constraint(op.f("ck_commitments_completion"), "commitments", type_="check")
        op.create_check_constraint("completion", "commitments",
                                   f"completion IN ({_values(OLD_COMPLETION)})")
        return
    with op.batch_alter_table("milestones", recreate="always") as batch_op:
        batch_op.drop_constraint(op.f("ck_milestones_milestone_status"), type_="check")
        batch_op.drop_column("status")
    with op.batch_alter_table("commitments", recreate="always") as batch_op:
        batch_op.drop_constraint(op.f("ck_commitments_open_government"), type_="check")
        batch_op.drop_column("progress_evidence")
        batch_op.drop_column("open_government")
        batch_op.alter_column("completion", existing_type=_enum(NEW_COMPLETION, "completion"),
                              type_=_enum(OLD_COMPLETION, "completion"), existing_nullable=True)
