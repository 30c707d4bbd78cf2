"""Word minutes imported: every field of the five seed documents (rebuilt as .docx by
tests/archive_samples.py) read as the seed writes it, with where it came from and what was
guessed; the variants' other labels, dates, separators and honorifics; the records matched
(no second plan, committee or person); the original kept with its SHA-256; refusals that
change nothing; a batch with its report. On SQLite and on the PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import sys
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from archive_samples import SEEDS, all_samples, build, minutes_batch, seed, write_all

from ogp_desktop.core.archive import importer, labels, reading
from ogp_desktop.core.archive.parsing import parse
from ogp_desktop.core.errors import DomainError, ValidationError
from ogp_desktop.core.models import (
    Attachment,
    AttachmentKind,
    Committee,
    Meeting,
    MeetingMode,
    MinutesStatus,
    Person,
    Plan,
)
from ogp_desktop.core.services import meetings, plans


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> dict[str, Path]:
    return write_all(tmp_path_factory.mktemp("word"))


def parsed(samples, stem):
    return parse(reading.read_file(samples[stem]))


def bare(line: str) -> str:
    return labels.strip_bullet(line.replace("{fn1}", "[1]").replace("{fn2}", "[2]")
                               .replace("{fn3}", "[3]"))


ROW_FIELDS = {"التاريخ": "date", "مكان الاجتماع": "location", "الحضور": "attendees",
              "الهدف": "objective", "أهم محاور النقاش": "discussion",
              "أبرز المواضيع التي تم مناقشتها في الاجتماع": "discussion", "المخرجات": "outputs",
              "الصور": "photos"}


@pytest.mark.parametrize("key", ["000", "001", "004"])
def test_every_row_of_a_minutes_seed_is_read_as_the_seed_writes_it(samples, key):
    m = parsed(samples, f"seed_{key}")
    for label, lines in SEEDS[key]["rows"]:
        name = ROW_FIELDS[label]
        if name in ("discussion", "outputs"):
            items = getattr(m, name)
            assert [f.value for f in items] == [bare(x) for x in lines if bare(x)], label
            assert all(f.origin.kind == "row" and f.origin.label == label for f in items)
            assert not any(f.guessed for f in items)
        elif name == "objective":
            assert m.value("objective") == "\n".join(x.strip() for x in lines)
        elif name == "location":
            assert m.value("location") == lines[0]
        elif name == "attendees":
            everyone = m.attendees + m.apologies
            written = [bare(x) for x in lines if bare(x) and not x.startswith("الاعتذار")]
            assert len(everyone) == len(written)
            for a, line in zip(everyone, written, strict=True):
                assert a.name in line and (a.organisation is None or a.organisation in line)
                assert a.origin.label == label
    assert m.fields["date"].origin.kind == "row" and not m.fields["date"].guessed
    assert m.value("title") == next(t for t in SEEDS[key]["titles"]
                                    if t.startswith(("محضر", "الاجتماع")))


def test_seed_000_title_lines_table_and_photo(samples):
    m = parsed(samples, "seed_000")
    assert m.value("date") == dt.date(2021, 6, 14)
    assert m.value("plan") == "الخطة الوطنية الرابعة لشراكة الحكومات الشفافة"
    assert (m.value("plan_ordinal"), m.value("commitment_number")) == (4, 1)
    assert not m.fields["plan"].guessed and m.fields["plan"].origin.describe() == "title line 1"
    assert m.value("commitment") == "الالتزام الأول"
    # "لجنة تنفيذ الالتزام" completed with the commitment's number: a guess
    assert m.value("committee") == "لجنة تنفيذ الالتزام الأول" and m.fields["committee"].guessed
    names = [(a.name, a.organisation) for a in m.attendees]
    assert names[0] == ("ختام الشنيكات", "سجل الجمعيات")
    assert names[4] == ("مي عليمات", "وحدة الحكومة الشفافة/ وزارة التخطيط والتعاون الدولي")
    assert not m.attendees[0].guessed  # "name – organisation", the unit's way
    assert m.attendees[5].guessed  # "الاء الخضير - …": split at a hyphen
    assert len(m.photos) == 1 and m.photos[0].origin.label == "الصور"
    assert "sequence" not in m.fields and "mode" not in m.fields


def test_seed_001_sequence_online_apologies_footnotes_photos(samples):
    m = parsed(samples, "seed_001")
    assert m.value("date") == dt.date(2021, 7, 28)
    assert m.value("sequence") == 2 and m.fields["sequence"].guessed
    assert m.fields["sequence"].written == "الاجتماع الثاني"
    assert m.value("mode") == MeetingMode.ONLINE and m.fields["mode"].guessed
    assert m.fields["mode"].origin.label == "مكان الاجتماع"
    assert m.value("committee") == "مجموعة العمل الوطنية"
    assert (m.value("plan_ordinal"), m.value("plan_years")) == (5, (2021, 2023))
    assert [a.name for a in m.apologies] == ["لما قطيشات"]
    assert m.apologies[0].organisation == "دائرة مراقبة الشركات"
    assert len(m.attendees) == 9
    notes = SEEDS["001"]["footnotes"]
    assert [(n.value, n.origin.describe()) for n in m.notes] == [
        (notes[i], f"footnote {i}") for i in (1, 2, 3)]
    assert m.discussion[0].value.endswith("[1]") and "[2]" in m.discussion[7].value
    assert m.outputs[0].value.endswith("[3]")
    assert [p.image.name.split(".")[-1] for p in m.photos] == ["png", "jpg"]


def test_seed_002_a_report_table_is_kept_as_points_with_a_guessed_date(samples):
    m = parsed(samples, "seed_002")
    assert m.value("title") == SEEDS["002"]["titles"][0]
    assert m.value("plan_ordinal") == 5 and m.fields["plan"].guessed
    assert m.value("date") == dt.date(2021, 5, 10) and m.fields["date"].guessed
    texts = [f.value for f in m.discussion]
    assert texts[:2] == SEEDS["002"]["paragraphs"]
    for row in SEEDS["002"]["table"]:
        joined = " | ".join(c for c in row if c)
        assert joined in texts
    assert all(f.guessed for f in m.discussion)


def test_seed_003_a_report_without_a_table(samples):
    m = parsed(samples, "seed_003")
    assert m.value("date") == dt.date(2019, 9, 30) and not m.fields["date"].guessed
    assert m.fields["date"].origin.describe() == "title line 2"
    assert m.value("sequence") == 1 and m.value("plan_years") == (2018, 2020)
    assert m.value("other_participants") == 55 and m.fields["other_participants"].guessed
    outputs = [f.value for f in m.outputs]
    assert outputs[0].startswith("أبرز النتائج التي تم الخروج بها فيما يتعلق بالالتزام الاول")
    assert "عدم معاملة جميع مبالغ التميل نفس المعاملة." in outputs  # "1." stripped
    paragraphs = SEEDS["003"]["paragraphs"]
    assert [f.value for f in m.discussion] == [p.strip() for p in paragraphs[:3]]


def test_seed_004_weekday_honorifics_next_meeting(samples):
    m = parsed(samples, "seed_004")
    assert m.value("date") == dt.date(2021, 2, 9) and not m.fields["date"].guessed
    assert [(a.honorific, a.name) for a in m.attendees] == [
        ("السيد", "نذير العواملة"), ("السيدة", "غدير اسكندراني"), ("السيدة", "مي عليمات")]
    assert m.attendees[2].organisation == "وزارة التخطيط والتعاون الدولي"
    assert m.value("next_meeting") == dt.date(2021, 2, 15) and m.fields["next_meeting"].guessed
    assert m.value("committee") == "لجنة تنفيذ الالتزام الرابع"


def test_variant_a_other_labels_arabic_digits_separators_honorifics(samples):
    m = parsed(samples, "variant_a")
    assert m.value("date") == dt.date(2021, 3, 14)  # ١٤-٣-٢٠٢١ under "تاريخ الاجتماع:"
    assert m.fields["date"].origin.label == "تاريخ الاجتماع:"
    assert m.value("mode") == MeetingMode.ONLINE  # Teams
    assert m.value("sequence") == 3
    assert [(a.honorific, a.name, a.organisation) for a in m.attendees] == [
        ("م.", "مجدي الزعبي", "محامون بلا حدود"), ("د.", "نذير العواملة", "رئاسة الوزراء"),
        ("المهندسة", "ريم الحسن", "وزارة الاقتصاد الرقمي")]
    assert [(a.honorific, a.name) for a in m.apologies] == [("السيدة", "غدير اسكندراني")]
    assert [f.value for f in m.discussion] == ["عرض نسخة تجريبية من المنصة", "مراجعة الخطة الإعلامية[1]"]
    assert [f.value for f in m.outputs][0] == "اطلاق المنصة في ٢٠/٣/٢٠٢١"
    assert m.value("next_meeting") == dt.date(2021, 3, 28)
    assert m.value("objective") == "متابعة جاهزية منصة بخدمتكم"


def test_variant_b_hybrid_digits_sequence_and_an_unknown_label(samples):
    m = parsed(samples, "variant_b")
    assert m.value("date") == dt.date(2021, 8, 5)
    assert m.value("mode") == MeetingMode.HYBRID
    assert m.value("sequence") == 4
    assert m.value("committee") == "مجموعة العمل الوطنية" and not m.fields["committee"].guessed
    assert [a.name for a in m.apologies] == ["هيلدا عجيلات"]
    assert m.notes[0].value == "المرفقات المطلوبة: قائمة الالتزامات المعتمدة"
    assert m.notes[0].guessed and m.warnings


@pytest.mark.parametrize(("label", "field"), [
    ("التاريخ", "date"), ("تاريخ الاجتماع:", "date"), ("مكان الاجتماع", "location"),
    ("الحضور:", "attendees"), ("الحاضرون", "attendees"), ("الاعتذار", "apologies"),
    ("المعتذرون عن الحضور", "apologies"), ("الهدف", "objective"), ("اهم محاور النقاش", "discussion"),
    ("أبرز المواضيع التي تم مناقشتها في الاجتماع", "discussion"), ("المخرجات", "outputs"),
    ("القرارات والتوصيات", "outputs"), ("الصور", "photos"), ("موعد الاجتماع القادم", "next_meeting"),
    ("المُخرَجات", "outputs"), ("المخرجـــات", "outputs"),
])
def test_labels_match_whatever_their_wording(label, field):
    found = labels.match_label(label)
    assert found is not None and found.field == field


@pytest.mark.parametrize(("text", "day"), [
    ("14/6/2021", dt.date(2021, 6, 14)), ("الثلاثاء 9/2/2021", dt.date(2021, 2, 9)),
    ("15\\2\\2021", dt.date(2021, 2, 15)), ("١٥/٧/٢٠٢١", dt.date(2021, 7, 15)),
    ("١٤-٣-٢٠٢١", dt.date(2021, 3, 14)), ("2021/5/10", dt.date(2021, 5, 10)),
])
def test_dates_as_people_write_them(text, day):
    assert labels.find_dates(text)[0].date == day


def test_a_weekday_that_disagrees_is_a_guess_with_a_warning(tmp_path):
    from archive_samples import Sample

    path = tmp_path / "w.docx"
    path.write_bytes(build(Sample(titles=["محضر اجتماع"], rows=[
        ("التاريخ", ["الأربعاء 9/2/2021"]), ("الحضور", ["مي عليمات"])])))
    m = parse(reading.read_file(path))
    assert m.fields["date"].guessed and m.warnings


# --- into the records ----------------------------------------------------------------------


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_the_seeds_import_into_the_demo_records_without_a_second_plan(demo_db, samples):
    with demo_db.session() as s:
        before = {m: _count(s, m) for m in (Plan, Committee, Person)}
    report = importer.import_files(demo_db, [samples[f"seed_{k}"] for k in
                                             ("000", "001", "002", "003", "004")])
    assert report.failed == [] and len(report.imported) == 5
    with demo_db.session() as s:
        assert {m: _count(s, m) for m in (Plan, Committee, Person)} == before
        for done in report.imported:
            meeting = meetings.load_meeting(s, done.meeting_id)
            assert meeting.status == MinutesStatus.DRAFT
            original = [a for a in meeting.attachments if a.kind == AttachmentKind.ATTACHMENT][0]
            data = samples[done.source.removesuffix(".docx")].read_bytes()
            assert original.sha256 == hashlib.sha256(data).hexdigest() == done.sha256
            assert original.data == data and original.name == done.source
        m000, m001, m002, m003, m004 = (meetings.load_meeting(s, d.meeting_id)
                                        for d in report.imported)
        assert m000.plan.ordinal == 4 and m000.commitment.number == 1
        assert m000.committee.name == "لجنة تنفيذ الالتزام الأول – الخطة الوطنية الرابعة"
        assert m001.plan.ordinal == 5 and m001.sequence == 2
        assert m001.committee.name == "مجموعة العمل الوطنية للخطة الوطنية الخامسة"
        apologies = [a.person.name for a in m001.attendance if a.status.value == "apologised"]
        assert apologies == ["لمى قطيشات"]  # written لما: the same person, matched
        assert [i.text for i in m001.items if i.kind.value == "note"][0].startswith("مرفقًا")
        assert len([a for a in m001.attachments if a.kind == AttachmentKind.PHOTO]) == 2
        assert m002.plan.ordinal == 5  # "خطة العمل الخامسة … 2021-2025"
        assert m003.plan.ordinal == 4 and m003.other_participants == 55
        assert m004.next_meeting == dt.date(2021, 2, 15) and m004.commitment.number == 4
    assert "sequence" in report.imported[1].guessed
    assert any(m.kind == "person" and m.record_name == "لمى قطيشات"
               for m in report.imported[1].similar)


def test_a_new_plan_is_made_once_and_the_same_plan_without_its_years_is_found(db, samples):
    first = importer.import_files(db, [samples["seed_002"]])  # "… الخامسة … 2021-2025"
    assert [(m.kind, m.written) for m in first.imported[0].created] == [
        ("plan", "خطة العمل الخامسة 2021-2025")]
    again = importer.import_files(db, [samples["seed_001"], samples["variant_b"]])
    assert again.failed == []
    with db.session() as s:
        assert _count(s, Plan) == 1
        plan = s.scalar(select(Plan))
        assert (plan.ordinal, plan.first_year, plan.last_year) == (5, 2021, 2025)
        # the committee made by seed 001 is found again by variant b (same name)
        assert _count(s, Committee) == 1
    assert [m.kind for m in again.imported[1].created if m.kind == "committee"] == []


def test_import_reviewed_writes_in_order_stops_between_files_and_keeps_each_outcome(db, samples):
    """The review's Import all: a plan the first file makes is matched by the second (not
    made twice); the ticks decide on new records; Cancel, asked between files, stops after
    the file being written; each outcome lands in the caller's list as it happens."""
    read = [importer.read(samples[k]) for k in ("seed_002", "seed_001", "variant_b")]
    refuse_people = lambda m: m.kind != "person"  # noqa: E731  (the ticks of a page)
    items = [importer.Reviewed(doc, parsed, refuse_people) for doc, parsed in read]
    seen: list[tuple[int, int]] = []
    outcomes: list = []
    done = importer.import_reviewed(db, items, progress=lambda n, total: seen.append((n, total)),
                                    cancelled=lambda: len(seen) == 2, outcomes=outcomes)
    assert done is outcomes and len(outcomes) == 2 and seen == [(1, 3), (2, 3)]
    assert all(isinstance(o, importer.Imported) for o in outcomes)
    assert "plan" in [m.kind for m in outcomes[0].created]
    assert "plan" not in [m.kind for m in outcomes[1].created]
    with db.session() as s:
        assert _count(s, Plan) == 1 and _count(s, Person) == 0
        assert _count(s, Meeting) == 2
    rest = importer.import_reviewed(db, items[2:])
    assert len(rest) == 1 and isinstance(rest[0], importer.Imported)


def test_committees_of_different_commitments_are_not_alike(db, samples):
    """"لجنة تنفيذ الالتزام الرابع" is not "… الأول" though only its ordinal differs."""
    importer.import_files(db, [samples["seed_000"]])
    report = importer.import_files(db, [samples["seed_004"]])
    assert ("committee", "لجنة تنفيذ الالتزام الرابع") in [
        (m.kind, m.written) for m in report.imported[0].created]
    with db.session() as s:
        assert _count(s, Committee) == 2


def test_save_minutes_finds_the_plan_written_with_or_without_its_years(db):
    """_resolve_plan no longer makes a second plan for the same plan written differently."""
    with db.session() as s:
        plans.create_plan(s, ordinal=5, title="الخطة الوطنية الخامسة لشراكة الحكومات الشفافة",
                          first_year=2021, last_year=2025)
    for title in ("الخطة الوطنية الخامسة لشراكة الحكومات الشفافة 2021-2025",
                  "الخطّة الوطنيّة الخامسة لشراكة الحكومات الشفافه"):
        with db.session() as s:
            m = meetings.save_minutes(s, meetings.MinutesData(
                title="محضر", date=dt.date(2021, 7, 28), plan=title))
            assert m.plan.ordinal == 5
    with db.session() as s:
        assert _count(s, Plan) == 1


def test_nothing_new_is_made_unless_accepted(db, samples):
    asked = []

    def refuse(match):
        asked.append((match.kind, match.written))
        return False

    with db.session() as s:
        done = importer.import_file(s, samples["seed_000"], accept=refuse)
    assert ("plan", "الخطة الوطنية الرابعة لشراكة الحكومات الشفافة") in asked
    assert ("person", "ختام الشنيكات") in asked
    with db.session() as s:
        assert (_count(s, Plan), _count(s, Committee), _count(s, Person)) == (0, 0, 0)
        meeting = meetings.load_meeting(s, done.meeting_id)
        assert meeting.plan is None and meeting.attendance == []
        notes = [i.text for i in meeting.items if i.kind.value == "note"]
        assert "ختام الشنيكات – سجل الجمعيات" in notes  # kept as written, to place later
    assert done.created == []


def test_a_new_persons_honorific_is_kept_apart_from_the_name(db, samples):
    with db.session() as s:
        importer.import_file(s, samples["seed_004"])
    with db.session() as s:
        p = s.scalar(select(Person).where(Person.name == "نذير العواملة"))
        assert p.honorific == "السيد"


# --- refusals: one clear message, nothing written ----------------------------------------


def _ole(extra: bytes = b"") -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + extra


def _zip_without_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "x")
    return out.getvalue()


BAD = {
    "not a Word file": (b"just some text", "is not a Word file"),
    "a PDF named .docx": (b"%PDF-1.7 ...", "is not a Word file (.docx): its content is"),
    "an empty file": (b"", "is not a Word file"),
    "password-protected": (_ole("EncryptedPackage".encode("utf-16-le")), "protected by a password"),
    "an old .doc": (_ole(), "old Word file (.doc)"),
    "a damaged zip": (b"PK\x03\x04" + b"\x00" * 200, "is damaged"),
    "a zip, not Word": (_zip_without_document(), "a zip file but not a Word document"),
    "a cut .docx": ("cut", "is damaged"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_a_bad_file_is_one_clear_message_and_nothing_is_written(name, db, dbtools, tmp_path, samples):
    content, words = BAD[name]
    if content == "cut":
        content = samples["seed_000"].read_bytes()[:3000]
    path = tmp_path / ("bad.doc" if name == "an old .doc" else "bad.docx")
    path.write_bytes(content)
    before = dbtools.dump(db)
    report = importer.import_files(db, [path])
    assert report.imported == [] and len(report.failed) == 1
    error = report.failed[0].error
    assert isinstance(error, DomainError) and words in error.render(), error.render()
    assert "\n" not in error.render()
    assert dbtools.dump(db) == before


def test_a_file_over_200_mb_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.docx"
    with open(path, "wb") as fh:
        fh.truncate(reading.MAX_DOCX_BYTES + 1)  # sparse: no 200 MB written
    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or b"")
    with pytest.raises(ValidationError) as exc:
        reading.read_file(path)
    assert "may be at most 200 MB" in exc.value.render() and read == []


# --- a batch ---------------------------------------------------------------------------------


def test_a_batch_of_100_files_gives_a_report(db, tmp_path):
    files = minutes_batch(tmp_path / "batch", 98)
    (tmp_path / "batch" / "x_broken.docx").write_bytes(b"PK\x03\x04broken")
    (tmp_path / "batch" / "y_notes.docx").write_text("notes", encoding="utf-8")
    steps = []
    report = importer.import_files(db, [tmp_path / "batch"], progress=lambda d, t: steps.append((d, t)))
    assert len(files) == 98 and steps[-1] == (100, 100)
    assert len(report.imported) == 98
    assert sorted(f.source for f in report.failed) == ["x_broken.docx", "y_notes.docx"]
    assert {i.source.split("_", 1)[1] for i in report.needs_review} >= {"seed_001.docx"}
    with db.session() as s:
        assert _count(s, Meeting) == 98
        assert _count(s, Plan) == 2  # the 4th and the 5th, each made once
        originals = s.scalar(select(func.count()).select_from(Attachment).where(
            Attachment.kind == AttachmentKind.ATTACHMENT))
        assert originals == 98


def test_a_batch_stops_when_cancelled(db, tmp_path):
    files = minutes_batch(tmp_path / "b", 5)
    done = []
    report = importer.import_files(db, files, progress=lambda d, t: done.append(d),
                                   cancelled=lambda: len(done) >= 2)
    assert report.cancelled and len(report.imported) == 2


def test_every_sample_imports(db, tmp_path):
    for stem, sample in all_samples().items():
        path = tmp_path / f"{stem}.docx"
        path.write_bytes(build(sample))
        with db.session() as s:
            done = importer.import_file(s, path)
        assert done.meeting_id > 0, stem
    assert seed("000").rows
