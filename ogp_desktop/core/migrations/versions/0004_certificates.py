"""Certificates: the trusted authorities (trust anchors) and the signers' certificates.

Public material only: private keys stay in their holders' password-protected files.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificates",
        sa.Column("kind", sa.Enum("unit_authority", "imported_authority", "person",
                                  name="certificate_kind", native_enum=False,
                                  create_constraint=True, length=32), nullable=False),
        sa.Column("trusted", sa.Boolean(), nullable=False),
        sa.Column("subject_name", sa.String(length=2000), nullable=False),
        sa.Column("role", sa.String(length=2000), nullable=True),
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("issuer_sha256", sa.String(length=64), nullable=True),
        sa.Column("not_before", sa.DateTime(), nullable=False),
        sa.Column("not_after", sa.DateTime(), nullable=False),
        sa.Column("der", sa.LargeBinary(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificates")),
        sa.UniqueConstraint("sha256", name=op.f("uq_certificates_sha256")),
        sa.UniqueConstraint("uuid", name=op.f("uq_certificates_uuid")),
    )
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificates_issuer_sha256"), ["issuer_sha256"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificates_issuer_sha256"))
    op.drop_table("certificates")
