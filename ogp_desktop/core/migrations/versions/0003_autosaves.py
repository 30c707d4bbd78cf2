"""Autosaved editor state, so typing survives a crash.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "autosaves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("editor_key", sa.String(length=64), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=2000), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.Column("os_user", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"],
                                name=op.f("fk_autosaves_meeting_id_meetings"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_autosaves")),
        sa.UniqueConstraint("editor_key", name=op.f("uq_autosaves_editor_key")),
    )
    with op.batch_alter_table("autosaves", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_autosaves_meeting_id"), ["meeting_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("autosaves", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_autosaves_meeting_id"))
    op.drop_table("autosaves")
