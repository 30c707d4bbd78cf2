"""`ogp-desktop search` by whole command lines (issue 13, item 6): hits grouped by kind with
the hit marked in its snippet, `--json` objects with kind, id, meeting_id, title and
snippet, the filters, `--reindex`, and refusals in one line that change nothing."""

from __future__ import annotations

import json

from command_line import cli, one_line


def test_search_finds_the_survey_in_the_minutes_grouped_by_kind(demo_db_path):
    code, out, err = cli("--db", demo_db_path, "search", "استبيان", lang="ar")
    assert code == 0, err
    lines = out.splitlines()
    assert "المخرجات" in lines and "الإجراءات المطلوبة" in lines  # the groups' headings
    assert "«الاستبيان»" in out  # the whole word marked, as it is written
    headings = [line for line in lines if not line.startswith(" ")]
    assert len(headings) == len(set(headings))  # each kind once: grouped


def test_json_gives_kind_id_meeting_title_and_snippet(demo_db_path, dbtools):
    code, out, err = cli("--db", demo_db_path, "search", "الاستبيان", "--json", "--limit", "5")
    assert code == 0, err
    hits = json.loads(out)
    assert 0 < len(hits) <= 5
    for hit in hits:
        assert {"kind", "id", "meeting_id", "title", "snippet"} <= set(hit)
    inside = [h for h in hits if h["meeting_id"] is not None]
    assert inside
    titles = dict(dbtools.sql(demo_db_path, "SELECT id, title FROM meetings"))
    assert all(h["title"] == titles[h["meeting_id"]] for h in inside)
    assert all("الاستبيان" in h["snippet"] for h in hits)


def test_filters_by_kind_status_and_dates(demo_db_path, dbtools):
    code, out, _ = cli("--db", demo_db_path, "search", "الالتزام", "--json", "--kind", "step")
    assert code == 0 and {h["kind"] for h in json.loads(out)} == {"step"}
    code, out, _ = cli("--db", demo_db_path, "search", "الالتزام", "--json", "--status",
                       "signed", "--from", "2021-01-01", "--to", "2021-12-31")
    assert code == 0
    hits = json.loads(out)
    assert hits
    signed = {r[0] for r in dbtools.sql(
        demo_db_path, "SELECT id FROM meetings WHERE status = 'signed' AND date "
        "BETWEEN '2021-01-01' AND '2021-12-31'")}
    assert {h["meeting_id"] for h in hits} <= signed


def test_reindex_rebuilds_the_index_and_searches_after(demo_db_path, dbtools):
    dbtools.sql(demo_db_path, "DELETE FROM search_text")
    dbtools.sql(demo_db_path, "DELETE FROM search_docs")
    code, out, err = cli("--db", demo_db_path, "search", "استبيان")
    assert code == 1 and "nothing found" in one_line(err)
    code, out, err = cli("--db", demo_db_path, "search", "--reindex", "استبيان")
    assert code == 0, err
    assert out.splitlines()[0].startswith("the search index holds")
    assert "«" in out


def test_refusals_are_one_line_and_change_nothing(demo_db_path, dbtools):
    before = dbtools.dump(demo_db_path)
    for argv, words in [(("search", "في", "و"), "three letters"),
                        (("search", "اجتماع", "--limit", "0"), "--limit"),
                        (("search", "اجتماع", "--from", "2021-13-01"), "date"),
                        (("search", "اجتماع", "--plan", "99"), "no plan")]:
        code, _out, err = cli("--db", demo_db_path, *argv)
        assert code == 1 and words in one_line(err), err
    code, _out, err = cli("--db", demo_db_path, "search")
    assert code == 2 and "--reindex" in err
    assert dbtools.dump(demo_db_path) == before
