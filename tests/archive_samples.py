"""Word minutes for the import's tests and bench: the five seed documents rebuilt as .docx
(as the seeds look: title lines, then a two-column label | value table with bullets in the
cells, footnotes where the seed has them, photos), and variants that write the same
minutes with other labels, date formats, separators and honorifics.

Built with python-docx; it has no footnote API, so the footnotes part is added through
its own OPC classes (a Part with the footnotes XML, related to the document part), which
is how Word stores them and what docx2python reads back."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive_seed_data import SEEDS

FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_MARK = re.compile(r"\{fn(\d+)\}")


def png(width: int = 24, height: int = 16, colour: tuple[int, int, int] = (40, 120, 200)) -> bytes:
    """A small photo (a PNG)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def jpeg(width: int = 24, height: int = 16) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 40)).save(out, "JPEG")
    return out.getvalue()


@dataclass
class Sample:
    """What one .docx holds: title lines, label | value rows (a value is its lines),
    paragraphs after the title, a plain table, footnotes {n: text} referenced as {fnN} in
    the text, and photos (name, bytes) put in the photos row or after the table."""

    titles: list[str]
    rows: list[tuple[str, list[str]]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)
    footnotes: dict[int, str] = field(default_factory=dict)
    photos: list[tuple[str, bytes]] = field(default_factory=list)


def _rtl(paragraph) -> None:
    """Right-to-left paragraph, as Word writes Arabic."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(OxmlElement("w:bidi"))


class _Footnotes:
    """The footnotes part of one document, made on first use."""

    def __init__(self, document) -> None:
        self.document = document
        self.element = None

    def add(self, paragraph, number: int, text: str) -> None:
        if self.element is None:
            self.element = parse_xml(
                f"<w:footnotes {nsdecls('w', 'r')}>"
                '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
                "<w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>")
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(number))
        p = OxmlElement("w:p")
        for run_xml in (f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                        "<w:footnoteRef/></w:r>",
                        f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> {_xml(text)}</w:t></w:r>'):
            p.append(parse_xml(run_xml))
        note.append(p)
        self.element.append(note)
        paragraph._p.append(parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{number}"/></w:r>'))

    def save(self) -> None:
        if self.element is None:
            return
        from lxml import etree

        part = self.document.part
        blob = etree.tostring(self.element, xml_declaration=True, encoding="UTF-8", standalone=True)
        notes = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, blob, part.package)
        part.relate_to(notes, RT.FOOTNOTES)


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _write_text(paragraph, text: str, notes: _Footnotes, footnotes: dict[int, str]) -> None:
    """`text` into `paragraph`, with a footnote reference where {fnN} stands."""
    pos = 0
    for m in _MARK.finditer(text):
        if m.start() > pos:
            paragraph.add_run(text[pos:m.start()])
        n = int(m.group(1))
        notes.add(paragraph, n, footnotes[n])
        pos = m.end()
    if pos < len(text):
        paragraph.add_run(text[pos:])


def build(sample: Sample) -> bytes:
    """The .docx of `sample`."""
    doc = Document()
    notes = _Footnotes(doc)
    for line in sample.titles:
        p = doc.add_paragraph()
        _rtl(p)
        _write_text(p, line, notes, sample.footnotes)
    for text in sample.paragraphs:
        p = doc.add_paragraph()
        _rtl(p)
        _write_text(p, text, notes, sample.footnotes)
    photos_placed = False
    if sample.rows:
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        tbl_pr = table._tbl.tblPr
        tbl_pr.append(OxmlElement("w:bidiVisual"))
        for label, lines in sample.rows:
            row = table.add_row()
            row.cells[0].width = Cm(4)
            row.cells[0].paragraphs[0].add_run(label).bold = True
            _rtl(row.cells[0].paragraphs[0])
            cell = row.cells[1]
            for i, line in enumerate(lines):
                p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                _rtl(p)
                _write_text(p, line, notes, sample.footnotes)
            if _is_photos_label(label) and sample.photos:
                for _name, data in sample.photos:
                    cell.add_paragraph().add_run().add_picture(io.BytesIO(data), width=Cm(3))
                photos_placed = True
    if sample.table:
        width = max(len(r) for r in sample.table)
        table = doc.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        for cells in sample.table:
            row = table.add_row()
            for i, text in enumerate(cells):
                p = row.cells[i].paragraphs[0]
                _rtl(p)
                _write_text(p, text, notes, sample.footnotes)
    if not photos_placed:
        for _name, data in sample.photos:
            doc.add_paragraph().add_run().add_picture(io.BytesIO(data), width=Cm(3))
    notes.save()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _is_photos_label(label: str) -> bool:
    return "الصور" in label or "صور" in label


def _photos(names: Iterable[str]) -> list[tuple[str, bytes]]:
    return [(n, jpeg() if n.endswith((".jpeg", ".jpg")) else png()) for n in names]


def seed(key: str) -> Sample:
    """Seed 000 … 004 as a Sample."""
    s = SEEDS[key]
    photos = _photos(s["images"])
    if key == "000":  # its photos row is empty in the text; the original held photos
        photos = _photos(["image1.png"])
    return Sample(titles=list(s["titles"]), rows=[(lbl, list(v)) for lbl, v in s.get("rows", [])],
                  paragraphs=list(s.get("paragraphs", [])), table=[list(r) for r in s.get("table", [])],
                  footnotes=dict(s["footnotes"]), photos=photos)


SEED_KEYS = ("000", "001", "002", "003", "004")


def variant_a() -> Sample:
    """Seed 004 written otherwise: other labels (with colons and extra words), the date
    with Arabic-Indic digits and dashes, attendees with "-", "–" and "/" and honorifics
    (م.، د.، المهندسة), the apologies as their own row, a place with Teams."""
    return Sample(
        titles=["الخطة الوطنية الرابعة لشراكة الحكومات الشفافة 2018-2020", "الالتزام الرابع",
                "محضر الاجتماع الثالث للجنة تنفيذ الالتزام"],
        rows=[
            ("تاريخ الاجتماع:", ["يوم الأحد ١٤-٣-٢٠٢١"]),
            ("المكان", ["اجتماع عن بعد عبر Microsoft Teams"]),
            ("الحاضرون", ["1. م. مجدي الزعبي - محامون بلا حدود",
                          "2. د. نذير العواملة – رئاسة الوزراء",
                          "3. المهندسة ريم الحسن/ وزارة الاقتصاد الرقمي"]),
            ("المعتذرون عن الحضور", ["• السيدة غدير اسكندراني – رئاسة الوزراء"]),
            ("الهدف من الاجتماع", ["متابعة جاهزية منصة بخدمتكم"]),
            ("ما تم مناقشته", ["- عرض نسخة تجريبية من المنصة", "- مراجعة الخطة الإعلامية{fn1}"]),
            ("القرارات والتوصيات", ["١. اطلاق المنصة في ٢٠/٣/٢٠٢١", "٢. الاجتماع القادم 28\\3\\2021"]),
            ("صور الاجتماع", []),
        ],
        footnotes={1: "الخطة الإعلامية مرفقة."},
        photos=_photos(["photo1.png"]),
    )


def variant_b() -> Sample:
    """Seed 001's working group written otherwise: the committee and plan on separate
    title lines, the meeting's number in digits, the plan without its years, a hybrid
    meeting (وجاهي و زووم), the date with a weekday and backslashes, attendees "name/ org"
    without honorifics, a label no table of synonyms knows (kept, as a note)."""
    return Sample(
        titles=["الخطة الوطنية الخامسة لشراكة الحكومات الشفافة",
                "مجموعة العمل الوطنية", "الاجتماع رقم 4"],
        rows=[
            ("اليوم والتاريخ", ["الخميس 5\\8\\2021"]),
            ("مكان انعقاد الاجتماع", ["وزارة التخطيط والتعاون الدولي (وجاهي) ومن خلال zoom"]),
            ("أسماء الحضور", ["· مي عليمات/ وحدة الحكومة الشفافة", "· ندى خاطر/ وزارة الاقتصاد الرقمي",
                              "الاعتذار:", "· هيلدا عجيلات/ مركز الشفافية الأردني"]),
            ("أهداف الاجتماع", ["تصفية الأفكار المقترحة إلى خمس التزامات"]),
            ("أبرز المواضيع التي تم مناقشتها", ["• مراجعة ردود الجهات الحكومية"]),
            ("مخرجات الاجتماع", ["• اعتماد خمسة التزامات"]),
            ("المرفقات المطلوبة", ["قائمة الالتزامات المعتمدة"]),
        ],
    )


VARIANTS = {"variant_a": variant_a, "variant_b": variant_b}


def all_samples() -> dict[str, Sample]:
    """Every sample by file stem: the seeds (seed_000 …) and the variants."""
    out = {f"seed_{k}": seed(k) for k in SEED_KEYS}
    out.update({name: make() for name, make in VARIANTS.items()})
    return out


def write_all(folder: Path) -> dict[str, Path]:
    """Every sample as FOLDER/<stem>.docx."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for stem, sample in all_samples().items():
        path = folder / f"{stem}.docx"
        path.write_bytes(build(sample))
        paths[stem] = path
    return paths


def minutes_batch(folder: Path, n: int = 100) -> list[Path]:
    """`n` .docx files made from the samples in turn, each with its own date (a batch)."""
    folder.mkdir(parents=True, exist_ok=True)
    samples = list(all_samples().items())
    out = []
    for i in range(n):
        stem, sample = samples[i % len(samples)]
        path = folder / f"{i:03d}_{stem}.docx"
        path.write_bytes(build(sample))
        out.append(path)
    return out
