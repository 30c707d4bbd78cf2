#!/usr/bin/env python3
"""Benchmark of the search (issue 13, item 9), on the ten-year records.

    python bench/bench_search.py --db TEN-YEAR.sqlite [--runs 15]
    (make the file with: python bench/make_ten_year_db.py TEN-YEAR.sqlite)

  build    on a copy of the file: the whole index rebuilt (search --reindex, in-process),
           its documents and size, and the file's size before and after. Target < 30 s.
  query    one-word searches (and two-word ones), each the median of --runs in a new
           read unit of work, in-process, as the search box runs them (limit 50).
           Target: the median of one-word searches < 50 ms.
  choice   the relevance set of the tests (tests/core/search_relevance.py) on four ways of
           indexing the same normalised text, in memory: the chosen one (FTS5 trigram,
           each query word as its variants without particles, article and suffixes),
           trigram with the query word alone, FTS5 unicode61 on whole words, and
           unicode61 on light stems with prefix queries. Recall and precision of each.

Figures are printed; nothing is asserted (speed is not a test)."""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "core"))

ONE_WORD = ["استبيان", "الالتزام", "الموازنة", "zoom", "الشفافية", "ورشة", "المحافظات",
            "التقرير", "البيانات", "المجتمع", "سجل", "اللجنة", "الإطار", "مؤشرات", "المشاورات"]
TWO_WORDS = ["المجتمع المدني", "البيانات المفتوحة", "سجل الجمعيات", "الإطار الزمني",
             "ورشة العمل"]


def build(source: Path, folder: Path) -> Path:
    from ogp_desktop.core.db import open_database
    from ogp_desktop.core.search import service
    from ogp_desktop.core.search.service import reindex

    path = folder / "ten-year.sqlite"
    shutil.copy(source, path)
    t0 = time.perf_counter()
    db = open_database(path)  # an older file is migrated here and its index built
    opened = time.perf_counter() - t0
    before = path.stat().st_size
    t0 = time.perf_counter()
    with db.session() as session:
        count = reindex(session)
    rebuilt = time.perf_counter() - t0
    with db.session(write=False) as session:
        docs, size = service.index_size(session)
    db.close()
    con = sqlite3.connect(path)
    con.execute("VACUUM")
    con.close()
    print(f"build    opened (and upgraded) in {opened:.1f} s; reindex of {count:,} records "
          f"in {rebuilt:.1f} s (target < 30 s)")
    print(f"         index: {docs:,} documents, {size / 1e6:.1f} MB; the file "
          f"{before / 1e6:.1f} MB → {path.stat().st_size / 1e6:.1f} MB after VACUUM")
    return path


def queries(path: Path, runs: int) -> None:
    from ogp_desktop.core.db import open_database
    from ogp_desktop.core.search.service import search

    db = open_database(path)
    try:
        for label, words in (("one word", ONE_WORD), ("two words", TWO_WORDS)):
            medians = []
            for query in words:
                times = []
                for _ in range(runs):
                    t0 = time.perf_counter()
                    with db.session(write=False) as session:
                        hits = search(session, query, limit=50)
                    times.append(time.perf_counter() - t0)
                medians.append(statistics.median(times))
                print(f"query    {query:<22} {len(hits):>3} hits  median "
                      f"{statistics.median(times) * 1000:6.1f} ms  max {max(times) * 1000:6.1f} ms")
            print(f"query    {label}: median of medians {statistics.median(medians) * 1000:.1f} ms,"
                  f" slowest median {max(medians) * 1000:.1f} ms (target < 50 ms)")
    finally:
        db.close()


def choice() -> None:
    import search_relevance as rel

    from ogp_desktop.core.text.arabic import normalise, variants

    def stem(word: str) -> str:
        vs = variants(word)
        return min(vs, key=len)

    points = dict(rel.POINTS)
    for label, (name, org) in rel.PEOPLE.items():
        points[label] = f"{name} {org}"
    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE tri USING fts5(label UNINDEXED, body, tokenize='trigram')")
    con.execute("CREATE VIRTUAL TABLE uni USING fts5(label UNINDEXED, body, "
                "tokenize='unicode61')")
    con.execute("CREATE VIRTUAL TABLE stm USING fts5(label UNINDEXED, body, "
                "tokenize='unicode61')")
    for label, text in points.items():
        folded = normalise(text)
        con.execute("INSERT INTO tri VALUES (?, ?)", (label, folded))
        con.execute("INSERT INTO uni VALUES (?, ?)", (label, folded))
        con.execute("INSERT INTO stm VALUES (?, ?)", (label, " ".join(stem(w) for w in folded.split())))

    def quote(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    ways = {
        "trigram + variants (chosen)": ("tri", lambda w: "(" + " OR ".join(
            quote(v) for v in variants(w) if len(v) >= 3) + ")"),
        "trigram, the word alone": ("tri", quote),
        "unicode61, whole words": ("uni", quote),
        "unicode61 on stems, prefix": ("stm", lambda w: quote(stem(w)) + "*"),
    }
    for name, (table, term) in ways.items():
        must_total = hit_total = got_total = 0
        for query, labels in rel.QUERIES.items():
            words = [w for w in normalise(query).split() if len(w) >= 3]
            match = " AND ".join(term(w) for w in words)
            got = {r[0] for r in con.execute(f"SELECT label FROM {table} WHERE {table} MATCH ?",
                                             (match,))}
            must_total += len(labels)
            hit_total += len(got & labels)
            got_total += len(got)
        print(f"choice   {name:<30} recall {hit_total / must_total:.3f}  precision "
              f"{hit_total / max(got_total, 1):.3f}  ({len(rel.QUERIES)} queries)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the ten-year records file")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    choice()
    with tempfile.TemporaryDirectory() as folder:
        path = build(args.db, Path(folder))
        queries(path, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
