"""The search index (issue 13): the documents' places (search_docs) and, on SQLite, their
normalised text in an FTS5 table with the trigram tokenizer (search_text); on PostgreSQL
the text in search_docs itself, with pg_trgm indexes and a `simple` text-search vector.

The index is filled by the program (core/search: at the first opening after this upgrade,
and with every write), not here: it is derived from the records, never a record itself.

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "search_docs",
        sa.Column("doc_key", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        *([sa.Column("title", sa.Text(), nullable=False),
           sa.Column("body", sa.Text(), nullable=False)] if postgres else []),
        sa.PrimaryKeyConstraint("doc_key", name=op.f("pk_search_docs")),
    )
    op.create_index(op.f("ix_search_docs_meeting_id"), "search_docs", ["meeting_id"])
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("ALTER TABLE search_docs ADD COLUMN words tsvector GENERATED ALWAYS AS "
                   "(to_tsvector('simple', title || ' ' || body)) STORED")
        op.execute("CREATE INDEX ix_search_docs_title_trgm ON search_docs "
                   "USING gin (title gin_trgm_ops)")
        op.execute("CREATE INDEX ix_search_docs_body_trgm ON search_docs "
                   "USING gin (body gin_trgm_ops)")
    else:
        op.execute("CREATE VIRTUAL TABLE search_text USING fts5(title, body, "
                   "tokenize='trigram')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE search_text")
    op.drop_index(op.f("ix_search_docs_meeting_id"), table_name="search_docs")
    op.drop_table("search_docs")
