"""The plan progress report (pdf/plan_report.py, loaded by services/plan_report.py, written by
export/plan_report.py), read back with poppler independently of the code under test: the words
in reading order, the seventeen steps of the 5th plan in order, the upcoming activities, the
footer, the fonts; from a SQLite file and from a database of the PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import unicodedata

import pdf_check as C
import pytest
from sqlalchemy import select

from ogp_desktop.core import demo_data
from ogp_desktop.core import formatting as F
from ogp_desktop.core import labels as LB
from ogp_desktop.core.db import open_database
from ogp_desktop.core.models import Plan
from ogp_desktop.core.services import documents
from ogp_desktop.core.services import plan_report as loader
from ogp_desktop.export.plan_report import export_plan_report_pdf
from ogp_desktop.pdf import fonts
from ogp_desktop.pdf.drawing import record_drawing
from ogp_desktop.pdf.plan_report import date_range, render_plan_report, short_date, step_dates

pytestmark = pytest.mark.requires_tool("pdftotext", "pdffonts")

REPORT_DAY = dt.date(2021, 11, 20)  # between step 13 (8/11, done) and step 14 (25/11)
PLAN5 = next(p for p in demo_data.PLANS if p["key"] == "plan5")
STEPS5 = [st for ph in PLAN5["phases"] for st in ph["steps"]]
AR = LB.get("ar")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo_report(request, tmp_path_factory, demo_template):
    """The 5th plan's report from the demo records, through the loader and the CLI's path:
    of a SQLite file, and of a database of the private PostgreSQL server."""
    folder = tmp_path_factory.mktemp("report")
    name = None
    if request.param == "sqlite":
        db = open_database(demo_template)
    else:
        pg = request.getfixturevalue("pg")
        name = pg.new_database(template=request.getfixturevalue("pg_templates")["demo"])
        db = open_database(pg.url(name))
    try:
        with db.session() as s:
            plan_id = s.scalar(select(Plan.id).where(Plan.ordinal == 5))
            doc = loader.plan_report_document(s, plan_id, today=REPORT_DAY)
            head = documents.letterhead(s)
            path = folder / "report.pdf"
            with record_drawing() as drawn:
                export_plan_report_pdf(s, plan_id, path, today=REPORT_DAY)
    finally:
        db.close()
        if name:
            request.getfixturevalue("pg").drop_database(name)
    return path, doc, head, drawn


def _source(doc: dict, head: dict) -> str:
    """What the report says in reading order, typed from the records and the labels."""
    plan = doc["plan"]
    years = AR["pr_years"].format(first=plan["first_year"], last=plan["last_year"])
    steps = [st for ph in doc["phases"] for st in ph["steps"]]
    parts = [head["ministry"], head["unit"], AR["pr_document_kind"],
             AR["pr_title"].format(plan=plan["title"], years=years),
             AR["pr_report_date"].format(date=F.date_long(doc["date"], "ar")),
             AR["pr_summary"].format(done=sum(st["done"] for st in steps), total=len(steps)),
             plan["description"], AR["pr_phases_intro"].format(plan=plan["title"], years=years)]
    for done in (True, False):
        parts.append(AR["pr_done_section"] if done else AR["pr_upcoming_section"])
        parts += [AR["pr_phase"], AR["pr_step"], AR["pr_dates"],
                  AR["pr_what_was_done"] if done else AR["pr_state"]]
        for ph in doc["phases"]:
            group = [st for st in ph["steps"] if st["done"] == done]
            for k, st in enumerate(group):
                if k == 0:
                    parts.append(f"{ph['number']}. {ph['title']}")
                parts.append(f"{st['number']}. {st['title']}")
                parts += step_dates(st, AR)
                parts.append((st["details"] or "") if done else AR[f"pr_state_{st['state']}"])
    return "\n".join(parts)


def _without_furniture(path, doc) -> str:
    """pdftotext of the whole report without the footer lines and the running header."""
    text = C.pdftotext(path)
    n = C.page_count(path)
    furniture = {" ".join(C.words(AR["page_x_of_y"].format(page=i, pages=n))) for i in range(1, n + 1)}
    furniture.add(" ".join(C.words(AR["pr_footer_date"].format(date=F.date_medium(doc["date"], "ar")))))
    title = " ".join(C.words(AR["pr_title"].format(
        plan=doc["plan"]["title"], years=AR["pr_years"].format(first=2021, last=2025))))
    out, seen = [], False
    for line in text.splitlines():
        w = " ".join(C.words(line))
        if w in furniture or (w == title and seen):
            continue
        seen = seen or w == title
        out.append(line)
    return "\n".join(out)


def test_words_come_back_in_reading_order(demo_report):
    path, doc, head, _ = demo_report
    score = C.similarity(_source(doc, head), _without_furniture(path, doc))
    assert score >= 0.9, score


def test_all_seventeen_step_titles_in_order(demo_report):
    path, *_ = demo_report
    words = C.words(C.pdftotext(path))
    positions = []
    for st in STEPS5:
        title = C.words(st["title"])
        found = [i for i in range(len(words) - len(title) + 1) if words[i:i + len(title)] == title]
        assert found, st["number"]
        positions.append(found[0])
    assert positions == sorted(positions)
    assert len(STEPS5) == 17


def test_upcoming_section_lists_steps_14_to_18(demo_report):
    path, doc, *_ = demo_report
    text = C.pdftotext(path)
    heading = C.normalise(AR["pr_upcoming_section"])
    before, _, after = C.normalise(text).partition(heading)
    assert after, "no upcoming heading"
    upcoming = [st for st in STEPS5 if not st["done"]]
    assert [st["number"] for st in upcoming] == [14, 15, 16, 17, 18]
    for st in STEPS5:
        assert C.has_phrase(after, st["title"]) == (not st["done"]), st["number"]
        assert C.has_phrase(before, st["title"]) == st["done"], st["number"]
    # their state on the day of the report: 15 (21/9 – 28/11) is under way, 14 not yet started
    assert C.has_phrase(after, AR["pr_state_running"]) and C.has_phrase(after, AR["pr_state_upcoming"])
    assert doc["date"] == "2021-11-20"
    # the done section came first, with its title
    assert C.has_phrase(before, AR["pr_done_section"])


def test_dates_are_written_as_the_secretariat_writes_them(demo_report):
    path, *_ = demo_report
    text = C.strip_controls(C.pdftotext(path))
    # ranges: the year once; right to left the start comes first (pdftotext gives the
    # numbers back in the order they stand on the line)
    assert re.search(r"1/4/2021\s*–\s*14/3|14/3\s*–\s*1/4/2021", text)
    for st in STEPS5:
        for k in st["key_dates"]:
            d = dt.date.fromisoformat(k["date"])
            assert C.has_phrase(text, f"{k['label']}: {d.day}/{d.month}/{d.year}") or \
                f"{d.day}/{d.month}/{d.year}" in text
    assert C.has_phrase(text, "نشر الطلب: 10/5/2021")
    # the date of the report in full, Jordanian month names, Western digits
    assert C.has_phrase(text, "تاريخ التقرير: السبت، 20 تشرين الثاني 2021")
    assert not re.search("[\u0660-\u0669]", text)


def test_footer_page_n_of_m_on_every_page(demo_report):
    path, *_ = demo_report
    n = C.page_count(path)
    assert n >= 2
    for page in range(1, n + 1):
        text = re.sub(r"\s+", "", C.strip_controls(C.pdftotext(path, page)))
        assert f"صفحة{page}من{n}" in text, page


def test_every_font_embedded_and_every_glyph_present(demo_report):
    path, _, _, drawn = demo_report
    rows = C.pdffonts(path)
    assert rows
    for row in rows:
        assert row["emb"] == "yes" and row["uni"] == "yes", row["line"]
        assert "Helvetica" not in row["name"] and "Times" not in row["name"], row["line"]
    assert b"/Helvetica" not in path.read_bytes()
    for font, text in drawn:
        cmap = C.cmap_of(str(fonts.font_file(font)))
        assert not {c for c in text if ord(c) not in cmap}, (font, text)


def test_metadata_and_right_to_left(demo_report):
    from pypdf import PdfReader

    path, doc, *_ = demo_report
    reader = PdfReader(path)
    meta = reader.metadata
    assert meta.title.startswith("تقرير سير العمل على " + demo_data.PLAN5_TITLE)
    assert "ogp-plan-report" in meta.get("/Keywords", "")
    prefs = reader.trailer["/Root"].get("/ViewerPreferences", {})
    assert prefs.get("/Direction") == "/R2L"


def test_the_phase_is_repeated_when_a_group_runs_over_a_page(demo_report):
    path, doc, *_ = demo_report
    # some phase group is cut by a page break on the demo report; its phase is shown
    # again at the top of the next page, marked as continued
    text = C.pdftotext(path)
    assert C.has_phrase(text, "(تابع)")


# --- plain dicts: no database ----------------------------------------------------------------------


def _doc(language="ar", details="", n_steps=3, title="خطة تجريبية"):
    steps = []
    for i in range(n_steps):
        steps.append({"number": i + 1, "title": f"الخطوة رقم {i + 1} من خطة الاختبار",
                      "details": details, "start": f"2022-01-0{i % 9 + 1}", "end": None,
                      "key_dates": [], "done": i % 2 == 0, "state": "done" if i % 2 == 0 else "late"})
    return {"format": "ogp-plan-report/1", "language": language, "date": "2022-06-01",
            "plan": {"title": title, "first_year": 2022, "last_year": 2024, "description": None},
            "phases": [{"number": 1, "title": "المرحلة الأولى", "steps": steps}]}


def test_long_rows_split_across_pages_without_losing_words(tmp_path):
    details = " ".join(["تم تنفيذ النشاط بالتعاون مع الشركاء وتوثيق النتائج"] * 60)
    doc = _doc(details=details, n_steps=4)
    path = tmp_path / "long.pdf"
    render_plan_report(doc, {"ministry": "وزارة", "unit": "وحدة"}, path)
    assert C.page_count(path) >= 3
    text = C.pdftotext(path)
    assert C.words(text).count("الشركاء") == 60 * 2  # two done steps carry the details
    assert C.has_phrase(text, "المرحلة الأولى (تابع)")


def test_english_report_is_left_to_right(tmp_path):
    doc = _doc(language="en", title="Open Government Plan")
    for st in doc["phases"][0]["steps"]:
        st["title"] = f"Step title {st['number']}"
    doc["phases"][0]["title"] = "Consultation"
    path = tmp_path / "en.pdf"
    buf = io.BytesIO()
    render_plan_report(doc, {"ministry": "Ministry", "unit": "Unit"}, buf)
    path.write_bytes(buf.getvalue())
    text = C.pdftotext(path)
    assert "Progress report on Open Government Plan 2022–2024" in text
    assert "Steps completed" in text and "Upcoming activities" in text and "Overdue" in text
    assert "Page 1 of 1" in text
    # left to right: the columns in reading order from the left
    line = _layout_line(path, "Phase", "Step", "Dates", "What was done")
    xs = [line.index(h) for h in ("Phase", "Step", "Dates", "What was done")]
    assert xs == sorted(xs)
    row = _layout_line(path, "Consultation", "Step title 1")
    assert row.index("Consultation") < row.index("Step title 1")


def _layout_line(path, *labels) -> str:
    """The line of `pdftotext -layout` (visual order, left to right) holding the labels."""
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
                         capture_output=True, check=True).stdout.decode("utf-8")
    out = C.strip_controls(unicodedata.normalize("NFKC", out))
    return next(ln for ln in out.splitlines() if all(lab in ln for lab in labels))


def test_arabic_table_is_mirrored(demo_report):
    path, *_ = demo_report
    header = [AR["pr_phase"], AR["pr_step"], AR["pr_dates"], AR["pr_what_was_done"]]
    line = _layout_line(path, *header)
    xs = [line.index(h) for h in header]
    assert xs == sorted(xs, reverse=True)  # the first column in reading order is on the right


def test_short_dates_and_ranges():
    assert short_date("2021-03-14") == "14/3/2021" and short_date("2021-03-14", year=False) == "14/3"
    assert date_range("2021-03-14", "2021-04-01", AR) == "14/3 – 1/4/2021"
    assert date_range("2021-12-28", "2022-01-03", AR) == "28/12/2021 – 3/1/2022"
    assert date_range("2021-04-28", None, AR) == "28/4/2021"
    assert date_range(None, None, AR) == AR["none"]
    st8 = next(st for st in STEPS5 if st["number"] == 8)
    assert step_dates(st8, AR) == ["نشر الطلب: 10/5/2021", "الموعد النهائي لقبول الطلبات: 20/5/2021",
                                   "التقييم والاختيار النهائي: 15/6/2021"]
    odd = {"start": "2021-05-01", "end": "2021-07-30", "key_dates": [{"label": "x", "date": "2021-06-01"}]}
    assert step_dates(odd, AR) == ["1/5 – 30/7/2021", "x: 1/6/2021"]
