"""The limits on a meeting's text (issue 9 §18): every accepted meeting prints in a few
seconds (bench/bench_pdf_limits.py has the figures), and a meeting over a limit is refused
with a message naming the limit, in the user's language, leaving the database unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ogp_desktop.core.errors import ValidationError
from ogp_desktop.core.services import meetings
from ogp_desktop.core.services.common import MEETING_FIELD_MAX, MEETING_TEXT_MAX, pages_of

BASE = {
    "format": "ogp-minutes/1", "language": "ar", "title": "محضر اجتماع لجنة المتابعة",
    "date": "2021-06-14", "attendees": [{"name": "مي عليمات", "organization": "وزارة التخطيط"}],
    "discussion": [], "outputs": [], "action_items": [], "notes": [],
}
WORDS = "مراجعة مستجدات تنفيذ الخطة والخطوات القادمة (ZOOM) في 14/6/2021 بنسبة 65% "


def text(n: int) -> str:
    return (WORDS * (n // len(WORDS) + 1))[:n - 1] + "."


def printed_chars(obj: dict) -> int:
    """Characters of every printed text of a minutes object, counted independently."""
    n = len(obj["title"])
    n += sum(len(p["name"]) + len(p.get("organization") or "") for p in obj["attendees"])
    n += sum(len(t) for key in ("discussion", "outputs", "notes") for t in obj[key])
    n += sum(len(a["text"]) + len(a.get("owner") or "") for a in obj["action_items"])
    return n


def at_the_total(extra: int = 0) -> dict:
    """Minutes whose text is MEETING_TEXT_MAX + extra characters, no field over its limit."""
    obj = json.loads(json.dumps(BASE))
    left = MEETING_TEXT_MAX + extra - printed_chars(obj)
    k = 0
    while left > 0:
        n = min(left, MEETING_FIELD_MAX - 1000)
        if k % 3 == 2:
            obj["action_items"].append({"text": text(n), "owner": None, "due": "2021-07-01",
                                        "status": "open"})
        else:
            obj["discussion" if k % 3 == 0 else "notes"].append(text(n))
        left -= n
        k += 1
    assert printed_chars(obj) == MEETING_TEXT_MAX + extra
    return obj


def cli(*args: str, lang: str = "en") -> subprocess.CompletedProcess:
    env = {**os.environ, "OGP_DESKTOP_LANG": lang}
    return subprocess.run([sys.executable, "-m", "ogp_desktop.cli", *args], capture_output=True,
                          text=True, env=env, timeout=300)


def test_minutes_at_the_limit_are_imported_and_printed(fresh_db_path, tmp_path):
    source = tmp_path / "at-limit.json"
    source.write_text(json.dumps(at_the_total(), ensure_ascii=False), encoding="utf-8")
    done = cli("--db", str(fresh_db_path), "import-minutes", str(source))
    assert done.returncode == 0, done.stderr
    meeting_id = done.stdout.strip().splitlines()[-1]
    pdf = tmp_path / "at-limit.pdf"
    done = cli("--db", str(fresh_db_path), "export-minutes", meeting_id, "--format", "pdf", "-o", str(pdf))
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.read_bytes().rstrip().endswith(b"%%EOF")


@pytest.mark.parametrize("lang, words", [
    ("en", ["too long", f"{MEETING_TEXT_MAX + 1:,}", f"{MEETING_TEXT_MAX:,}",
            f"about {pages_of(MEETING_TEXT_MAX)} pages"]),
    ("ar", ["طويل", f"{MEETING_TEXT_MAX + 1:,}", f"{MEETING_TEXT_MAX:,}",
            f"{pages_of(MEETING_TEXT_MAX)} صفحة"]),
])
def test_one_character_over_the_total_is_refused_naming_the_limit(fresh_db_path, tmp_path, dbtools,
                                                                  lang, words):
    source = tmp_path / "over.json"
    source.write_text(json.dumps(at_the_total(+1), ensure_ascii=False), encoding="utf-8")
    before = dbtools.dump(fresh_db_path)
    done = cli("--db", str(fresh_db_path), "import-minutes", str(source), lang=lang)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert dbtools.dump(fresh_db_path) == before


def test_one_field_over_its_limit_is_refused_at_that_field(db, dbtools):
    before = dbtools.dump(db)
    data = meetings.MinutesData(title="محضر", date=__import__("datetime").date(2021, 6, 14),
                                discussion=["نقطة", text(MEETING_FIELD_MAX + 1)])
    with pytest.raises(ValidationError) as exc:
        with db.session() as s:
            meetings.save_minutes(s, data)
    assert exc.value.field == "discussion[1]"
    assert f"{MEETING_FIELD_MAX + 1:,} characters" in str(exc.value)
    assert f"{MEETING_FIELD_MAX:,} characters" in str(exc.value)
    assert dbtools.dump(db) == before


FIELDS = ["objective", "discussion", "outputs", "notes", "action", "attendee", "title"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(FIELDS), st.integers(1, MEETING_FIELD_MAX + 2)), max_size=8))
def test_the_limits_decide_exactly_by_length(parts):
    """Accepted exactly when no field is over its limit and the total is within the
    meeting's; a refusal names a field that exists and the limit that was passed."""
    import datetime as dt

    data = meetings.MinutesData(title="t", date=dt.date(2021, 6, 14))
    lengths = {"title": 1}
    for k, (name, n) in enumerate(parts):
        s = "ب" * n
        if name == "objective":
            data.objective = s
            lengths["objective"] = n
        elif name == "title":
            n = min(n, 2000)  # a single line: its own limit of 2,000
            data.title = "ب" * n
            lengths["title"] = n
        elif name == "action":
            data.action_items.append(meetings.ActionItemData(text=s))
            lengths[f"action_items[{len(data.action_items) - 1}].text"] = n
        elif name == "attendee":
            n = min(n, 2000)
            data.attendees.append(meetings.Participant(name=f"{k}" + "ب" * (n - len(str(k)))))
            lengths[f"attendees[{len(data.attendees) - 1}].name"] = n
        else:
            getattr(data, name).append(s)
            lengths[f"{name}[{len(getattr(data, name)) - 1}]"] = n
    total = sum(lengths.values())
    over_field = [f for f, n in lengths.items() if n > MEETING_FIELD_MAX]
    try:
        meetings.check_size(data)
    except ValidationError as exc:
        assert exc.field in lengths
        if over_field:
            assert exc.field in over_field and f"{MEETING_FIELD_MAX:,}" in str(exc)
        else:
            assert total > MEETING_TEXT_MAX and f"{MEETING_TEXT_MAX:,}" in str(exc)
            assert lengths[exc.field] == max(lengths.values())  # the longest field: shorten it
    else:
        assert not over_field and total <= MEETING_TEXT_MAX
