"""The relevance set (tests/core/search_relevance.py): recall ≥ 0.95 over 36 queries that
spell the same words differently (hamza, taa marbuta, alif maqsura, the article and
attached particles, plurals, harakat, tatweel, digits, names, Latin case), on SQLite's
FTS5 index and on PostgreSQL's pg_trgm one; precision is printed and held to ≥ 0.9."""

from __future__ import annotations

import search_relevance

from ogp_desktop.core.search.service import search


def test_the_relevance_set_is_found_as_people_spell_it(db, capsys):
    with db.session() as s:
        found = search_relevance.load(s)
    with db.session(write=False) as s:
        results = search_relevance.score(s, search, found)
    assert len(results) >= 30
    expected = sum(len(v) for v in search_relevance.QUERIES.values())
    missed = {q: r[2] for q, r in results.items() if r[2]}
    recall = 1 - sum(len(m) for m in missed.values()) / expected
    found_all = sum(len(search_relevance.judged(found, labels)) - len(results[q][2]) + len(
        results[q][3]) for q, labels in search_relevance.QUERIES.items())
    precision = 1 - sum(len(r[3]) for r in results.values()) / max(found_all, 1)
    with capsys.disabled():
        print(f"\n[{db.store.__class__.__name__}] relevance: {len(results)} queries, "
              f"recall {recall:.3f}, precision {precision:.3f}")
    assert recall >= 0.95, missed
    assert precision >= 0.9, {q: r[3] for q, r in results.items() if r[3]}
