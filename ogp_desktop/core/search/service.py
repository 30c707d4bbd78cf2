"""Searching, and keeping the index in step with the records.

`install()` (called when the models load) hooks every ORM flush: the documents of the
records a flush wrote are replaced in the same transaction, so a committed write is
searchable and a rolled-back one leaves no trace. `reindex` rebuilds the whole index
(`ogp-desktop search --reindex`; at the first opening after the upgrade that adds it; after
an import of a laptop's records onto the server)."""

from __future__ import annotations

import datetime as dt
import unicodedata
import weakref
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from ogp_desktop.core import models as m
from ogp_desktop.core.errors import ValidationError
from ogp_desktop.core.search import documents
from ogp_desktop.core.search.documents import KINDS, SOURCE_OF, Document
from ogp_desktop.core.search.index import Filters, Row, for_dialect
from ogp_desktop.core.text.arabic import normalise_with_offsets, variants, words

SearchFilters = Filters
MIN_PART = 3  # the trigram index matches parts of three letters or more
QUERY_MAX = 500  # characters of a query
SNIPPET_CHARS = 70  # on each side of the hit


@dataclass
class Hit:
    """One record found: where, what it is called, and the text around the hit."""

    kind: str
    id: int
    meeting_id: int | None
    title: str
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)  # spans in `snippet`
    field: str | None = None  # the form's field the hit is in ("discussion[2]", "objective")
    rank: float = 0.0
    date: dt.date | None = None  # the meeting's

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "meeting_id": self.meeting_id,
                "title": self.title, "snippet": self.snippet, "field": self.field,
                "date": self.date.isoformat() if self.date else None,
                "highlights": [list(span) for span in self.highlights]}


# ---------------------------------------------------------------------------- the query


def query_groups(query: str) -> list[list[str]]:
    """The query's words, each as the spellings that match it (normalised, variants);
    words shorter than the index can match (و، في، من) are left out when longer ones
    remain."""
    if len(query) > QUERY_MAX:
        raise ValidationError("a search is at most {n} characters; shorten it", n=QUERY_MAX)
    found = words(query)
    long_enough = [w for w in found if len(w) >= MIN_PART]
    if not long_enough:
        raise ValidationError("write at least one word of three letters or more to search")
    groups = []
    for word in dict.fromkeys(long_enough):
        spellings = [v for v in variants(word) if len(v) >= MIN_PART]
        # a spelling inside another finds all it finds (a part of a word matches): the
        # shortest ones decide what is found, the word as typed weighs in the rank
        least = [v for v in spellings if not any(u != v and u in v for u in spellings)]
        groups.append(list(dict.fromkeys([word, *least])))
    return groups


def search(session: Session, query: str, *, limit: int = 50,
           filters: Filters | None = None) -> list[Hit]:
    """The records `query` finds, best first (bm25 on SQLite, trigram and text-search rank
    on PostgreSQL), each with its title and a snippet of its own text around the hit."""
    if not 1 <= limit <= 1000:
        raise ValidationError("--limit is a number from 1 to 1000")
    groups = query_groups(query)
    conn = session.connection()
    rows = for_dialect(conn.dialect.name).query(conn, groups, filters or Filters(), limit)
    return _hits(conn, rows, [s for g in groups for s in g])


def grouped_by_kind(hits: list[Hit]) -> list[Hit]:
    """The hits grouped by kind, the group of the best hit first, each group best first
    (how the window and the command show them)."""
    order: dict[str, int] = {}
    for n, hit in enumerate(hits):
        order.setdefault(hit.kind, n)
    return sorted(hits, key=lambda h: order[h.kind])


def _hits(conn: Connection, rows: list[Row], spellings: list[str]) -> list[Hit]:
    by_source: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        by_source[SOURCE_OF[row.kind]].append(row.record_id)
    docs: dict[tuple[str, int], Document] = {}
    for source, ids in by_source.items():
        for doc in documents.read(conn, source, ids):
            docs[(source, doc.record_id)] = doc
    meetings = _meeting_heads(conn, {r.meeting_id for r in rows if r.meeting_id})
    places = _item_places(conn, [d for d in docs.values() if d.kind in ("discussion", "output",
                                                                        "note")])
    hits = []
    for row in rows:
        found = docs.get((SOURCE_OF[row.kind], row.record_id))
        if found is None:  # removed meanwhile
            continue
        snippet, spans, in_field = _snippet(found, spellings)
        doc = found
        title, date = doc.parts[0][1] if doc.parts else "", None
        if row.meeting_id is not None and row.meeting_id in meetings:
            title, date = meetings[row.meeting_id]
        hits.append(Hit(row.kind, row.record_id, row.meeting_id, title, snippet, spans,
                        _field_of(doc, in_field, places), row.rank, date))
    return hits


def _meeting_heads(conn: Connection, ids: set[int]) -> dict[int, tuple[str, dt.date]]:
    if not ids:
        return {}
    table = m.Meeting.__table__
    from sqlalchemy import select

    return {r[0]: (r[1], r[2]) for r in conn.execute(
        select(table.c.id, table.c.title, table.c.date).where(table.c.id.in_(sorted(ids))))}


def _snippet(doc: Document, spellings: list[str]) -> tuple[str, list[tuple[int, int]], str]:
    """The text around the first hit in the document's parts (the title last: a hit in the
    body says more), the hit's spans in it, and the part's field."""
    ordered = sorted(spellings, key=len, reverse=True)
    parts = list(doc.parts[1:]) + list(doc.parts[:1])
    for part_field, text in parts:
        if not text:
            continue
        folded, origin = normalise_with_offsets(text)
        spans: list[tuple[int, int]] = []
        for spelling in ordered:
            start = folded.find(spelling)
            while start >= 0:
                a, b = origin[start], origin[start + len(spelling) - 1] + 1
                while a > 0 and _in_word(text[a - 1]):  # the whole word is the hit
                    a -= 1
                while b < len(text) and _in_word(text[b]):
                    b += 1
                if not any(a < y and x < b for x, y in spans):
                    spans.append((a, b))
                start = folded.find(spelling, start + len(spelling))
        if spans:
            spans.sort()
            first = spans[0][0]
            lo = max(0, first - SNIPPET_CHARS)
            hi = min(len(text), spans[0][1] + SNIPPET_CHARS)
            while lo > 0 and not text[lo - 1].isspace() and first - lo < SNIPPET_CHARS + 15:
                lo -= 1
            while hi < len(text) and not text[hi].isspace() and hi - spans[0][1] < SNIPPET_CHARS + 15:
                hi += 1
            cut = text[lo:hi]
            prefix = "…" if lo > 0 else ""
            suffix = "…" if hi < len(text) else ""
            shown = [(a - lo + len(prefix), b - lo + len(prefix)) for a, b in spans
                     if a >= lo and b <= hi]
            return prefix + " ".join(cut.split("\n")) + suffix, shown, part_field
    first_text = next((t for _f, t in doc.parts if t), "")
    return first_text[:2 * SNIPPET_CHARS], [], doc.parts[0][0] if doc.parts else ""


def _in_word(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch) in ("Mn", "Cf") or ch == "\u0640"


def _item_places(conn: Connection, items: list[Document]) -> dict[int, int]:
    """Each discussion point's, output's or note's index in its own list of the minutes
    (its place among the meeting's rows of that kind), in one query."""
    if not items:
        return {}
    from sqlalchemy import func, select

    table = m.MinuteItem.__table__
    place = (func.row_number().over(partition_by=(table.c.meeting_id, table.c.kind),
                                    order_by=table.c.position) - 1).label("place")
    ranked = select(table.c.id, place).where(
        table.c.meeting_id.in_(sorted({d.meeting_id for d in items if d.meeting_id}))).subquery()
    wanted = sorted(d.record_id for d in items)
    return {r[0]: int(r[1]) for r in conn.execute(
        select(ranked.c.id, ranked.c.place).where(ranked.c.id.in_(wanted)))}


def _field_of(doc: Document, part_field: str, places: dict[int, int]) -> str | None:
    """The form's field of the hit: a list's row as "discussion[2]" (its index in that
    list), a meeting's field by name; None outside minutes."""
    if doc.meeting_id is None:
        return part_field or None
    if doc.position is None or part_field not in documents.ROW_FIELDS.values():
        return part_field or None
    if doc.kind in ("discussion", "output", "note"):
        return f"{part_field}[{places.get(doc.record_id, doc.position - 1)}]"
    return f"{part_field}[{doc.position - 1}]"


# ---------------------------------------------------------------------------- the index


_HAS_INDEX: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def has_index(conn: Connection) -> bool:
    """Whether these records have the search index (schema 0008 or later)."""
    engine = conn.engine
    known = _HAS_INDEX.get(engine)
    if known is None:
        known = _HAS_INDEX[engine] = inspect(conn).has_table("search_docs")
    return known


def reindex(session_or_conn: Session | Connection, *,
            progress: Callable[[int, int], object] | None = None,
            cancelled: Callable[[], bool] | None = None) -> int:
    """Rebuild the whole index in the current transaction; the number of documents.
    Cancelled, it raises nothing and returns -1 (the caller rolls back: the old index
    stays)."""
    conn = session_or_conn.connection() if isinstance(session_or_conn, Session) else session_or_conn
    index = for_dialect(conn.dialect.name)
    index.clear(conn)
    total = 0
    names = list(KINDS)
    for n, name in enumerate(names, 1):
        if cancelled is not None and cancelled():
            return -1
        total += index.add(conn, documents.read(conn, name))
        if progress is not None:
            progress(n, len(names))
    index.optimise(conn)
    return total


def index_size(session: Session) -> tuple[int, int]:
    """(documents, bytes) of the index."""
    conn = session.connection()
    count = conn.exec_driver_sql("SELECT COUNT(*) FROM search_docs").scalar() or 0
    return int(count), for_dialect(conn.dialect.name).size_bytes(conn)


# which documents a written record touches: its own, and those that show its text
_SOURCE_OF_MODEL = {source.model: name for name, source in KINDS.items()}


def _touched(session: Session) -> tuple[dict[str, set[int]], dict[str, set[int]], set[int]]:
    changed: dict[str, set[int]] = defaultdict(set)
    gone: dict[str, set[int]] = defaultdict(set)
    gone_meetings: set[int] = set()
    for obj in list(session.new) + [o for o in session.dirty if session.is_modified(o)]:
        name = _SOURCE_OF_MODEL.get(type(obj))
        if name is None or getattr(obj, "id", None) is None:
            continue
        changed[name].add(obj.id)
        if isinstance(obj, (m.Person, m.Organisation)):
            changed.setdefault("_" + name, set()).add(obj.id)
    for obj in session.deleted:
        name = _SOURCE_OF_MODEL.get(type(obj))
        if name is None or getattr(obj, "id", None) is None:
            continue
        gone[name].add(obj.id)
        if isinstance(obj, m.Meeting):
            gone_meetings.add(obj.id)
    return changed, gone, gone_meetings


def _dependents(conn: Connection, changed: dict[str, set[int]]) -> None:
    """A person's or organisation's new name shows in attendee and people documents."""
    from sqlalchemy import select

    people = changed.pop("_person", set())
    orgs = changed.pop("_organisation", set())
    att = m.Attendance.__table__
    if people:
        changed["attendee"].update(r[0] for r in conn.execute(
            select(att.c.id).where(att.c.person_id.in_(sorted(people)))))
    if orgs:
        changed["attendee"].update(r[0] for r in conn.execute(
            select(att.c.id).where(att.c.organisation_id.in_(sorted(orgs)))))
        person = m.Person.__table__
        changed["person"].update(r[0] for r in conn.execute(
            select(person.c.id).where(person.c.organisation_id.in_(sorted(orgs)))))


def _after_flush(session: Session, _context: object) -> None:
    changed, gone, gone_meetings = _touched(session)
    if not changed and not gone:
        return
    conn = session.connection()
    if not has_index(conn):
        return
    index = for_dialect(conn.dialect.name)
    with session.no_autoflush:
        _dependents(conn, changed)
        index.remove_meetings(conn, gone_meetings)
        index.remove(conn, [documents.key_of(name, i) for name, ids in gone.items() for i in ids])
        for name, ids in changed.items():
            ids = ids - gone.get(name, set())
            if not ids:
                continue
            index.remove(conn, [documents.key_of(name, i) for i in ids])
            index.add(conn, documents.read(conn, name, ids))


def install() -> None:
    """Keep the index in step with every ORM write (once per process)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
