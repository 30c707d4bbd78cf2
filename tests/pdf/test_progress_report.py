"""The progress report on a plan's commitments (services/progress.py, core/progress_report.py,
pdf/progress_report.py, export/progress_report.py), read back independently: with poppler
(the words in reading order, every commitment of the plan, numbered findings under their
commitment, as seed 003 groups them) and with python-docx (the same blocks, right to left);
ratings, milestone status and evidence set through the service, on SQLite and the server."""

from __future__ import annotations

import datetime as dt

import pdf_check as C
import pytest
from sqlalchemy import select

from ogp_desktop.core import labels as LB
from ogp_desktop.core.errors import ValidationError
from ogp_desktop.core.models import ActionItem, Meeting, Plan
from ogp_desktop.core.progress_report import outline
from ogp_desktop.core.services import plans
from ogp_desktop.core.services.progress import progress_document
from ogp_desktop.export.progress_report import export_progress_report

DAY = dt.date(2021, 11, 20)


def _rate_commitment_one(s) -> tuple[int, int]:
    """Commitment 1 of the 4th plan rated, with a milestone status and evidence."""
    plan = s.scalar(select(Plan).where(Plan.ordinal == 4))
    c = next(c for c in plan.commitments if c.number == 1)
    meeting = s.scalar(select(Meeting).where(Meeting.commitment_id == c.id))
    action = s.scalar(select(ActionItem).where(ActionItem.meeting_id == meeting.id))
    milestones = [{"title": m.title, "start": m.start_date, "end": m.end_date,
                   "deliverable": m.deliverable, "status": "complete" if i == 0 else None}
                  for i, m in enumerate(c.milestones)]
    plans.update_commitment(
        s, c.id, number=c.number, title=c.title, description=c.description,
        lead=c.lead_organisation.name if c.lead_organisation else None,
        others=[o.name for o in c.partners], values=[v.value for v in c.values],
        completion="substantial", open_government="marginal", milestones=milestones,
        evidence=[{"kind": "meeting", "id": meeting.id, "note": "محضر اللجنة"},
                  {"kind": "action_item", "id": action.id},
                  {"kind": "note", "note": "نُشر الاستبيان على موقع الوزارة"}])
    return plan.id, c.id


def test_ratings_and_evidence_are_kept_and_a_link_to_nothing_is_refused(demo_db):
    with demo_db.session() as s:
        plan_id, cid = _rate_commitment_one(s)
    with demo_db.session(write=False) as s:
        doc = progress_document(s, plan_id, today=DAY)
    c1 = next(c for c in doc["commitments"] if c["id"] == cid)
    assert (c1["completion"], c1["open_government"]) == ("substantial", "marginal")
    assert c1["milestones"][0]["status"] == "complete"
    assert [e["kind"] for e in c1["evidence"]] == ["meeting", "action_item", "note"]
    assert all(e["found"] for e in c1["evidence"]) and c1["evidence"][0]["date"] == "2021-06-14"
    assert len(doc["commitments"]) == 5 and len(c1["findings"]) >= 5
    with demo_db.session() as s:
        c = plans.get_commitment(s, cid)
        version = c.row_version
        with pytest.raises(ValidationError) as err:
            plans.update_commitment(s, cid, number=c.number, title=c.title,
                                    evidence=[{"kind": "meeting", "id": 99999}])
        assert err.value.field == "evidence"
        with pytest.raises(ValidationError):
            plans.update_commitment(s, cid, number=c.number, title=c.title,
                                    open_government="excellent")
    with demo_db.session(write=False) as s:  # nothing changed by the refusals
        c = plans.get_commitment(s, cid)
        assert c.row_version == version and c.open_government.value == "marginal"


@pytest.mark.requires_tool("pdftotext")
@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_pdf_reads_in_order_with_every_commitment(demo_db, tmp_path, language):
    with demo_db.session() as s:
        plan_id, _cid = _rate_commitment_one(s)
    out = tmp_path / f"progress-{language}.pdf"
    with demo_db.session(write=False) as s:
        export_progress_report(s, plan_id, out, language=language, today=DAY)
        doc = progress_document(s, plan_id, language=language, today=DAY)
    L = LB.get(language)
    blocks = outline(doc, L)
    text = C.pdftotext(out)
    source = "\n".join(f"{b[1]}. {b[2]}" if b[0] == "item" else b[-1] for b in blocks)
    if language == "ar":
        # poppler moves a list item's wrapped lines (and the footer) a little; the rest reads
        # in order
        assert C.in_order_recall(source, text) > 0.93
    else:  # an English report of Arabic records: its English words in order (poppler
        # orders a line of mostly Arabic text right to left, as it should)
        import difflib

        def latin(t: str) -> list[str]:
            return [w for w in C.words(t) if w.isascii() and any(ch.isalpha() for ch in w)]

        matcher = difflib.SequenceMatcher(None, latin(source), latin(text), autojunk=False)
        assert sum(b.size for b in matcher.get_matching_blocks()) / len(latin(source)) > 0.9
    headings = [b[1] for b in blocks if b[0] == "heading"]
    assert len(headings) == 5  # every commitment of the plan
    number_words = [C.words(LB.get(language)["pp_commitment"].split("{number}")[0])[-1]]
    assert sum(C.words(text).count(w) for w in number_words) >= 5
    assert C.has_phrase(text, L["pp_completion"].format(level=L["completion_substantial"]))
    assert C.has_phrase(text, L["pp_open_government"].format(level=L["og_marginal"]))
    if language == "ar":
        assert C.has_phrase(text, "أبرز النتائج فيما يتعلق بالالتزام 1")


def test_the_word_file_has_the_same_blocks_right_to_left(demo_db, tmp_path):
    import docx

    with demo_db.session() as s:
        plan_id, _cid = _rate_commitment_one(s)
    out = tmp_path / "progress.docx"
    with demo_db.session(write=False) as s:
        export_progress_report(s, plan_id, out, fmt="docx", language="ar", today=DAY)
        doc = progress_document(s, plan_id, language="ar", today=DAY)
    blocks = outline(doc, LB.get("ar"))
    document = docx.Document(str(out))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    texts = [p.text for p in paragraphs]
    expected = [f"{b[1]}. {b[2]}" if b[0] == "item" else b[-1] for b in blocks]
    assert texts[-len(expected):] == expected
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == [b[1] for b in blocks if b[0] == "heading"]
    bidi = paragraphs[-1]._p.pPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi")
    assert bidi is not None
    assert document.core_properties.language == "ar"
