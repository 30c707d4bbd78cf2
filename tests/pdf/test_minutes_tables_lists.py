"""Printed minutes (issue 9 §9): a due date never wraps in the action table, and the lists
are marked as the secretariat's own minutes mark them (shared/seeds: attendees, discussion
points and outputs bulleted with "·"; notes numbered), the same as the editor shows them."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pdf_check as C
import pdf_samples as S
import pytest
from required_tools import require_tool

from ogp_desktop.core import formatting as fmt
from ogp_desktop.pdf.minutes import render_minutes

# the dates of the table: 2 December 2026 (the issue's), every month with a two-digit day
DUES = [dt.date(2026, 12, 2)] + [dt.date(2026, m, 28) for m in range(1, 13)] + [dt.date(2026, 11, 30)]


def _doc(language: str) -> dict:
    doc = S.arabic_doc() if language == "ar" else S.english_doc()
    owner = "سجل الجمعيات" if language == "ar" else "Registry of Societies"
    task = "ارسال الدعوات للوزارات المختصة" if language == "ar" else "Send the invitations to the ministries"
    doc["action_items"] = [{"text": task, "owner": owner, "due": d.isoformat(), "status": "open"}
                           for d in DUES]
    return doc


def _letters(text: str) -> list[str]:
    """The letters and digits of a text, NFKC-normalised (presentation forms back to
    letters), in no particular order: pdfplumber gives an Arabic line in visual order."""
    return sorted(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum())


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_due_date_is_printed_on_one_line_in_the_due_column(tmp_path, language):
    import pdfplumber

    path = tmp_path / f"dues-{language}.pdf"
    render_minutes(_doc(language), S.LETTERHEAD if language == "ar" else S.LETTERHEAD_EN, path)
    expected = [fmt.date_medium(d, language) for d in DUES]
    found: list[str] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                for row in table.rows:
                    cells = [c for c in row.cells if c is not None]
                    if len(cells) != 4:
                        continue
                    # the due date is the last column in reading order: on the left in Arabic
                    due = cells[0] if language == "ar" else cells[-1]
                    x0, top, x1, bottom = due
                    chars = [c for c in page.chars
                             if c["text"].strip() and abs(c["matrix"][1]) < 1e-3  # not the watermark
                             and x0 <= (c["x0"] + c["x1"]) / 2 <= x1
                             and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
                    if not chars or not any(ch["text"].isdigit() for ch in chars):
                        continue  # the header row
                    tops = {round(ch["top"]) for ch in chars}
                    text = "".join(ch["text"] for ch in chars)
                    assert len(tops) == 1, f"the due date {text!r} wraps onto {len(tops)} lines"
                    found.append(text)
    assert len(found) == len(DUES)
    assert [_letters(t) for t in found] == [_letters(e) for e in expected]


def _markers(path, texts: list[str]) -> list[str]:
    """The marker pdftotext reads before each item (NFKC, bidi controls removed), in the
    order the items come in the extraction."""
    lines = [" ".join(C.strip_controls(line).split()) for line in C.pdftotext(path).splitlines()]
    out = []
    for text in texts:
        line = next(line for line in lines if text in line)
        marker = line.replace(text, "").strip()
        out.append(marker)
    order = [next(i for i, line in enumerate(lines) if t in line) for t in texts]
    assert order == sorted(order), "the items are not extracted in reading order"
    return out


@pytest.mark.parametrize("language", ["ar", "en"])
def test_lists_are_marked_as_in_the_secretariats_minutes(tmp_path, language):
    require_tool("pdftotext")
    doc = S.arabic_doc() if language == "ar" else S.english_doc()
    if language == "ar":
        doc["discussion"] = ["عرض منهجية الاستراتيجية", "مناقشة آلية نشر الاستبيان", "ضرورة التنسيق"]
        doc["outputs"] = ["ارسال مسودة الاستبيان", "دعوة المانحين"]
        doc["notes"] = ["ملاحظة أولى", "ملاحظة ثانية", "ملاحظة ثالثة"]
    else:
        doc["discussion"] = ["Method of the strategy", "How the survey is published", "Coordination"]
        doc["outputs"] = ["Send the draft survey", "Invite the donors"]
        doc["notes"] = ["First note", "Second note", "Third note"]
    path = tmp_path / f"lists-{language}.pdf"
    render_minutes(doc, {}, path)
    assert _markers(path, doc["discussion"]) == ["•"] * 3
    assert _markers(path, doc["outputs"]) == ["•"] * 2
    notes = _markers(path, doc["notes"])
    # "1." is shown ".1" at the right margin of an Arabic line, as the editor shows it;
    # pdftotext gives it back in either order
    assert [m.strip(".") for m in notes] == ["1", "2", "3"] and all("." in m for m in notes)
