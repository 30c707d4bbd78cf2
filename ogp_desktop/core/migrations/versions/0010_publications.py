"""The publication log (issue 14): one line each time the public repository website was
published — when, by which login, how many pages and signed minutes — which the compliance
checks (standard 2: the repository updated at least twice a year) and the home screen read.
Append-only on the office's server, like the audit log.

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("os_user", sa.String(length=200), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("written", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publications")),
    )
    op.create_index(op.f("ix_publications_published_at"), "publications", ["published_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_publications_published_at"), table_name="publications")
    op.drop_table("publications")
