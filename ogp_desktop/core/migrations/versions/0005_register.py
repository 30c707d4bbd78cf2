"""Signatures that hold: how each signature was made, the chained audit log, the register.

- `signatures` learns how a signature was made (`kind`): rows signed before this revision
  become `fingerprint` (only the snapshot's SHA-256 stands for them, the weakest level,
  shown as such); new ones are `key` (certificate and signature value kept) or `paper`
  (the login that recorded it kept).
- `audit_log` lines are chained: each gets the hash of the line before and its own
  (`core.chain.audit_line_hash`), computed here for every line already written.
- `scanned_copies`: scans of printouts signed on paper, attached after signing.
- `signed_pdfs`: the PDF of each version signed from now on, as it was signed (PAdES).
- `register`: the hash chain of signings, amendments, deletions and trust. Every signed
  version and every trusted authority already in the records gets an entry (marked
  `migrated`, signed by no key: no key existed), so that deleting them later is caught.

Nothing is lost: every row keeps every value; the downgrade drops only what this adds.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_kind = sa.Enum("key", "paper", "fingerprint", name="signature_kind", native_enum=False,
                create_constraint=True, length=32)


def upgrade() -> None:
    from ogp_desktop.core.chain import GENESIS, audit_line_hash, register_entry_hash
    from ogp_desktop.core.services.common import os_user

    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", _kind, nullable=False, server_default="fingerprint"))
        batch_op.add_column(sa.Column("certificate_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("value", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("recorded_by", sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f("ix_signatures_certificate_id"), ["certificate_id"],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_signatures_certificate_id_certificates"),
                                    "certificates", ["certificate_id"], ["id"], ondelete="RESTRICT")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
    register = op.create_table(
        "register",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("os_user", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("entity", sa.String(length=100), nullable=False),
        sa.Column("entity_uuid", sa.String(length=36), nullable=True),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=True),
        sa.Column("audit_hash", sa.String(length=64), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("signatures", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_register")),
        sa.UniqueConstraint("hash", name=op.f("uq_register_hash")),
    )
    with op.batch_alter_table("register", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_register_entity_uuid"), ["entity_uuid"], unique=False)
    op.create_table(
        "scanned_copies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=2000), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"],
                                name=op.f("fk_scanned_copies_meeting_id_meetings"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scanned_copies")),
    )
    with op.batch_alter_table("scanned_copies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scanned_copies_meeting_id"), ["meeting_id"], unique=False)
    op.create_table(
        "signed_pdfs",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"],
                                name=op.f("fk_signed_pdfs_meeting_id_meetings"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_signed_pdfs")),
    )

    bind = op.get_bind()
    audit = sa.table("audit_log", sa.column("id", sa.Integer), sa.column("at", sa.DateTime),
                     sa.column("os_user", sa.String), sa.column("action", sa.String),
                     sa.column("entity", sa.String), sa.column("entity_id", sa.Integer),
                     sa.column("entity_uuid", sa.String), sa.column("details", sa.Text),
                     sa.column("prev_hash", sa.String), sa.column("hash", sa.String))
    prev, last_id = GENESIS, None
    for row in bind.execute(sa.select(audit).order_by(audit.c.id)).mappings().all():
        digest = audit_line_hash(id=row["id"], at=row["at"], os_user=row["os_user"],
                                 action=row["action"], entity=row["entity"],
                                 entity_id=row["entity_id"], entity_uuid=row["entity_uuid"],
                                 details=row["details"], prev_hash=prev)
        bind.execute(audit.update().where(audit.c.id == row["id"]).values(prev_hash=prev, hash=digest))
        prev, last_id = digest, row["id"]
    audit_id, audit_hash = (last_id, prev) if last_id is not None else (None, None)

    import datetime as dt

    from ogp_desktop.core.chain import canonical_json

    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    login = os_user()
    entries: list[tuple[str, str, str | None, dict[str, object]]] = []
    certs = sa.table("certificates", sa.column("sha256", sa.String), sa.column("kind", sa.String),
                     sa.column("trusted", sa.Boolean), sa.column("uuid", sa.String),
                     sa.column("id", sa.Integer))
    for c in bind.execute(sa.select(certs).where(certs.c.trusted.is_(True)).order_by(certs.c.id)).mappings():
        entries.append(("trust", "certificate", c["uuid"],
                        {"certificate": c["sha256"], "kind": c["kind"], "migrated": True}))
    meetings = sa.table("meetings", sa.column("id", sa.Integer), sa.column("uuid", sa.String),
                        sa.column("version", sa.Integer), sa.column("status", sa.String),
                        sa.column("snapshot_sha256", sa.String), sa.column("signed_at", sa.DateTime))
    signatures = sa.table("signatures", sa.column("meeting_id", sa.Integer),
                          sa.column("position", sa.Integer), sa.column("signer_name", sa.String),
                          sa.column("meaning", sa.String))
    for m in bind.execute(sa.select(meetings).where(meetings.c.status == "signed")
                          .order_by(meetings.c.signed_at, meetings.c.id)).mappings().all():
        signed_rows = bind.execute(sa.select(signatures).where(signatures.c.meeting_id == m["id"])
                            .order_by(signatures.c.position)).mappings().all()
        entries.append(("sign", "meeting", m["uuid"],
                        {"version": m["version"], "sha256": m["snapshot_sha256"],
                         "signatures": [{"position": r["position"], "kind": "fingerprint",
                                         "meaning": r["meaning"], "name": r["signer_name"],
                                         "certificate": None, "recorded_by": None} for r in signed_rows],
                         "migrated": True}))
    prev = GENESIS
    rows: list[dict[str, object]] = []
    for seq, (action, entity, uuid, details) in enumerate(entries, 1):
        digest = register_entry_hash(seq=seq, at=now, os_user=login, action=action, entity=entity,
                                     entity_uuid=uuid, details=details, audit_id=audit_id,
                                     audit_hash=audit_hash, prev_hash=prev)
        rows.append({"seq": seq, "at": now, "os_user": login, "action": action, "entity": entity,
                     "entity_uuid": uuid, "details": canonical_json(details).decode("utf-8"),
                     "audit_id": audit_id, "audit_hash": audit_hash, "prev_hash": prev,
                     "hash": digest, "signatures": None})
        prev = digest
    if rows:
        op.bulk_insert(register, rows)


def downgrade() -> None:
    op.drop_table("signed_pdfs")
    with op.batch_alter_table("scanned_copies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scanned_copies_meeting_id"))
    op.drop_table("scanned_copies")
    with op.batch_alter_table("register", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_register_entity_uuid"))
    op.drop_table("register")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_signatures_certificate_id_certificates"),
                                 type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_signatures_certificate_id"))
        batch_op.drop_constraint(batch_op.f("ck_signatures_signature_kind"), type_="check")
        batch_op.drop_column("recorded_by")
        batch_op.drop_column("value")
        batch_op.drop_column("certificate_id")
        batch_op.drop_column("kind")
