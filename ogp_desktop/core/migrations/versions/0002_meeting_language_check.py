"""Minutes language limited to Arabic or English.

SQLite can not add a CHECK constraint in place: batch mode rebuilds the meetings table.
The children of meetings (items, attendance, attachments, signatures) reference it with
ON DELETE CASCADE, which is why migrations run with foreign keys off; the upgrade test
carries data through this rebuild to prove nothing is lost.

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_check_constraint("language", "language IN ('ar', 'en')")


def downgrade() -> None:
    # The naming convention turns "language" into "ck_meetings_language"; giving that full
    # name would be prefixed again ("ck_meetings_ck_meetings_language") and not found.
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_constraint("language", type_="check")
