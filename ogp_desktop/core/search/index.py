"""The search index's two dialects: where documents are written and how a query is matched
and ranked. Both hold the normalised text; what a hit shows is read again from its record
(service.py), in the person's own spelling.

A query arrives as groups of spellings (core/text/arabic.variants of each word): a document
matches when, for every group, one of its spellings is a part of one of its words."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection

from ogp_desktop.core.search.documents import Document
from ogp_desktop.core.text.arabic import normalise

INDEX_TABLES = ("search_docs", "search_text")  # and FTS5's own search_text_* tables


def is_index_table(name: str) -> bool:
    """A table of the search index: derived from the records, not a model (migration 0008
    makes them; Alembic's comparison of models and schema leaves them out)."""
    return name in INDEX_TABLES or name.startswith("search_text_")


def include_object(obj: Any, name: str | None, type_: str, _reflected: bool,
                   _compare_to: Any) -> bool:
    """Alembic's include_object: everything but the search index's tables and indexes."""
    if type_ == "table":
        return not is_index_table(name or "")
    table = getattr(obj, "table", None)
    return table is None or not is_index_table(table.name)


TITLE_WEIGHT = 4.0  # a hit in the title (the meeting's, the commitment's…) counts this much


@dataclass
class Filters:
    """What the results are narrowed to (None: any)."""

    plan_id: int | None = None
    committee_id: int | None = None
    date_from: object | None = None  # datetime.date; meetings only
    date_to: object | None = None
    status: str | None = None  # of the minutes: draft, approved, signed
    kinds: Sequence[str] | None = None  # the documents' kinds


@dataclass
class Row:
    key: int
    kind: str
    record_id: int
    meeting_id: int | None
    rank: float


def _texts(doc: Document) -> tuple[str, str]:
    title = normalise(doc.parts[0][1]) if doc.parts else ""
    body = normalise("\n".join(text for _field, text in doc.parts[1:]))
    return title, body


def _filters_sql(f: Filters, params: dict[str, Any], placeholder: Callable[[str], str]) -> str:
    where = []
    for condition, name, value in (
            ("COALESCE(m.plan_id, d.plan_id) =", "plan", f.plan_id),
            ("m.committee_id =", "committee", f.committee_id),
            ("m.date >=", "date_from", f.date_from),
            ("m.date <=", "date_to", f.date_to),
            ("m.status =", "status", f.status)):
        if value is not None:
            where.append(f"{condition} {placeholder(name)}")
            params[name] = value
    if f.kinds:
        names = []
        for n, kind in enumerate(f.kinds):
            names.append(placeholder(f"kind{n}"))
            params[f"kind{n}"] = kind
        where.append(f"d.kind IN ({', '.join(names)})")
    return "".join(f" AND {w}" for w in where)


class SqliteIndex:
    """FTS5 with the trigram tokenizer (search_text), and the documents' keys, kinds and
    places in an ordinary table (search_docs) that filters join."""

    def remove(self, conn: Connection, keys: Iterable[int]) -> None:
        keys = list(keys)
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            conn.exec_driver_sql(f"DELETE FROM search_text WHERE rowid IN ({marks})", tuple(chunk))
            conn.exec_driver_sql(f"DELETE FROM search_docs WHERE doc_key IN ({marks})",
                                 tuple(chunk))

    def remove_meetings(self, conn: Connection, meeting_ids: Iterable[int]) -> None:
        for meeting_id in meeting_ids:
            keys = [r[0] for r in conn.exec_driver_sql(
                "SELECT doc_key FROM search_docs WHERE meeting_id = ?", (meeting_id,))]
            self.remove(conn, keys)

    def add(self, conn: Connection, docs: Iterable[Document]) -> int:
        n = 0
        texts, places = [], []
        for doc in docs:
            title, body = _texts(doc)
            texts.append((doc.key, title, body))
            places.append((doc.key, doc.kind, doc.record_id, doc.meeting_id, doc.plan_id))
            n += 1
        if texts:
            conn.exec_driver_sql("INSERT INTO search_text (rowid, title, body) VALUES (?, ?, ?)",
                                 texts)
            conn.exec_driver_sql("INSERT INTO search_docs (doc_key, kind, record_id, meeting_id, "
                                 "plan_id) VALUES (?, ?, ?, ?, ?)", places)
        return n

    def clear(self, conn: Connection) -> None:
        conn.exec_driver_sql("DELETE FROM search_text")
        conn.exec_driver_sql("DELETE FROM search_docs")

    def optimise(self, conn: Connection) -> None:
        conn.exec_driver_sql("INSERT INTO search_text (search_text) VALUES ('optimize')")

    def size_bytes(self, conn: Connection) -> int:
        try:
            return int(conn.exec_driver_sql(
                "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_text%' OR name = "
                "'search_docs' OR name LIKE 'ix_search_docs%'").scalar() or 0)
        except Exception:  # an SQLite built without the dbstat table
            return 0

    def query(self, conn: Connection, groups: list[list[str]], filters: Filters,
              limit: int) -> list[Row]:
        params: dict[str, Any] = {}

        def ph(name: str) -> str:
            return f":{name}"

        match = " AND ".join(
            "(" + " OR ".join('"' + v.replace('"', '""') + '"' for v in group) + ")"
            for group in groups)
        params["match"] = match
        params["limit"] = limit
        sql = ("SELECT d.doc_key, d.kind, d.record_id, d.meeting_id, "
               f"bm25(search_text, {TITLE_WEIGHT}, 1.0) AS rank "
               "FROM search_text JOIN search_docs d ON d.doc_key = search_text.rowid "
               "LEFT JOIN meetings m ON m.id = d.meeting_id "
               "WHERE search_text MATCH :match" + _filters_sql(filters, params, ph) +
               " ORDER BY rank LIMIT :limit")
        from sqlalchemy import text

        return [Row(r[0], r[1], r[2], r[3], -float(r[4]))
                for r in conn.execute(text(sql), params)]


class PostgresIndex:
    """One table (search_docs) with the normalised title and body, pg_trgm GIN indexes on
    both (LIKE '%part%' uses them) and a `simple` text-search vector for the rank."""

    def remove(self, conn: Connection, keys: Iterable[int]) -> None:
        keys = list(keys)
        if keys:
            conn.exec_driver_sql("DELETE FROM search_docs WHERE doc_key = ANY(%s)", (keys,))

    def remove_meetings(self, conn: Connection, meeting_ids: Iterable[int]) -> None:
        ids = list(meeting_ids)
        if ids:
            conn.exec_driver_sql("DELETE FROM search_docs WHERE meeting_id = ANY(%s)", (ids,))

    def add(self, conn: Connection, docs: Iterable[Document]) -> int:
        rows = []
        for doc in docs:
            title, body = _texts(doc)
            rows.append((doc.key, doc.kind, doc.record_id, doc.meeting_id, doc.plan_id, title,
                         body))
        for start in range(0, len(rows), 1000):
            conn.exec_driver_sql(
                "INSERT INTO search_docs (doc_key, kind, record_id, meeting_id, plan_id, title, "
                "body) VALUES (%s, %s, %s, %s, %s, %s, %s)", rows[start:start + 1000])
        return len(rows)

    def clear(self, conn: Connection) -> None:
        conn.exec_driver_sql("DELETE FROM search_docs")

    def optimise(self, conn: Connection) -> None:
        pass  # autovacuum's

    def size_bytes(self, conn: Connection) -> int:
        return int(conn.exec_driver_sql(
            "SELECT pg_total_relation_size('search_docs')").scalar() or 0)

    def query(self, conn: Connection, groups: list[list[str]], filters: Filters,
              limit: int) -> list[Row]:
        from sqlalchemy import text

        params: dict[str, Any] = {"limit": limit}

        def ph(name: str) -> str:
            return f":{name}"

        conditions, ranks = [], []
        words = []
        for g, group in enumerate(groups):
            in_title, in_body = [], []
            for v, spelling in enumerate(group):
                name = f"p{g}_{v}"
                params[name] = "%" + spelling.replace("\\", "\\\\").replace("%", "\\%").replace(
                    "_", "\\_") + "%"
                in_title.append(f"d.title LIKE :{name}")
                in_body.append(f"d.body LIKE :{name}")
                words.append(spelling)
            conditions.append("(" + " OR ".join(in_title + in_body) + ")")
            ranks.append(f"(CASE WHEN {' OR '.join(in_title)} THEN {TITLE_WEIGHT} ELSE 0 END)")
        params["words"] = " | ".join("'" + w.replace("'", "''") + "':*" for w in words)
        rank = " + ".join(ranks) + " + ts_rank(d.words, to_tsquery('simple', :words))"
        sql = (f"SELECT d.doc_key, d.kind, d.record_id, d.meeting_id, {rank} AS rank "
               "FROM search_docs d LEFT JOIN meetings m ON m.id = d.meeting_id "
               "WHERE " + " AND ".join(conditions) + _filters_sql(filters, params, ph) +
               " ORDER BY rank DESC, d.doc_key LIMIT :limit")
        return [Row(r[0], r[1], r[2], r[3], float(r[4])) for r in conn.execute(text(sql), params)]


def for_dialect(name: str) -> SqliteIndex | PostgresIndex:
    return PostgresIndex() if name == "postgresql" else SqliteIndex()
