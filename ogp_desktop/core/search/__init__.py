"""Search every record as people spell it (issue 13): one index of documents, one per
record (a meeting's heading, each discussion point, output, note, action item and attendee,
each commitment, milestone, step, plan, committee, person and organisation), holding the
record's text normalised by core/text/arabic.py, kept in the same transaction as every
write (service.install: an after-flush hook), rebuilt by `search --reindex`.

SQLite: an FTS5 table with the trigram tokenizer (any part of a word of three letters or
more matches, so the article and attached particles need no stemmer), ranked by bm25.
PostgreSQL: the same documents in a table with pg_trgm indexes (LIKE on any part of a
word) and a `simple` text-search vector for the rank. Both behind service.search."""

# Nothing is imported here: the command line reads the kinds (search/kinds.py) to build its
# options without loading SQLAlchemy; the search itself is search/service.py.
