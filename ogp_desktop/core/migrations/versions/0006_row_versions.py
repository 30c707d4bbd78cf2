"""Row versions of minutes: who saved a draft last, and a number each save raises, so two
people editing the same draft never overwrite each other silently (issue 12).

Existing meetings start at row version 1, saved by nobody known (NULL).

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("row_version", sa.Integer(), nullable=False,
                                      server_default="1"))
        batch_op.add_column(sa.Column("updated_by", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("updated_by")
        batch_op.drop_column("row_version")
