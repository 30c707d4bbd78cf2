"""Row versions of every record people edit beside minutes (plans, commitments, phases,
steps, committees and their members, people, organisations), and the table of edit leases:
which draft is open in whose editor, so others see "being edited by NAME" (issue 12).

Existing rows start at row version 1, saved by nobody known (NULL).

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

VERSIONED = ("organisations", "people", "plans", "commitments", "phases", "steps",
             "committees", "committee_members")


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("row_version", sa.Integer(), nullable=False,
                                          server_default="1"))
            batch_op.add_column(sa.Column("updated_by", sa.String(length=200), nullable=True))
    op.create_table(
        "edit_leases",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("holder_name", sa.String(length=2000), nullable=True),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("renewed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"],
                                name=op.f("fk_edit_leases_meeting_id_meetings"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_edit_leases")),
    )


def downgrade() -> None:
    op.drop_table("edit_leases")
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("updated_by")
            batch_op.drop_column("row_version")
