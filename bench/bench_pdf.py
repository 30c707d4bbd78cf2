#!/usr/bin/env python3
"""Benchmark of the printed minutes (PDF export) beside LibreOffice, in the same run.

    python bench/bench_pdf.py [--runs 10] [--batch 200] [--lo-batch 20] [--lo-runs 3]
                              [--no-libreoffice] [--no-what-if] [--keep]

What is measured (issue 3 §4; targets: one meeting < 0.3 s in-process, 200 meetings < 30 s):

  (a) one meeting of about 3 pages with two photos, signed, exported in-process through
      export.minutes.export_meeting_pdf (a new session each run, as the CLI and the GUI
      do): the first, cold call of the process (imports of ReportLab/babel/segno, font
      registration, first layout), then the median of N runs after that warm-up.
      For information: the same meeting with two 12-megapixel phone photos, and the whole
      `ogp-desktop export-minutes ID --format pdf` command in a fresh process (wall clock).
  (b) a batch of 200 such meetings (distinct titles and dates, each with its two photos and
      signed) through export.minutes.export_batch_pdf into a folder: total seconds.
  (c) the reference: the same meeting written as a .docx with python-docx (Arabic,
      right-to-left paragraphs and tables, details and action tables, the two photos,
      a footer with page x of y), converted by `soffice --headless --convert-to pdf`:
      one file per call (median of --lo-runs calls) and --lo-batch copies in one call; the
      200-meeting figure is extrapolated linearly from that batch (said so in the output).
      LibreOffice runs with its own throw-away profile, created by an untimed first call.
  what-if: (a) and (b) again with ReportLab's rl_config.useA85 = 0 (binary streams), which
      is not what ogp_desktop.pdf ships: it shows where the time goes (--no-what-if skips it).

The meeting's text is the demo minutes of 9 February 2021 (typed in from the secretariat's
own minutes: Arabic with English words, dates, brackets, percentages), on the demo letterhead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Result, fmt_seconds, machine_lines, print_table

ONE_TARGET = 0.3
BATCH_TARGET = 30.0
SOURCE_DATE = "2021-02-09"  # the demo minutes used as the meeting's text
PHOTO_CAPTIONS = ["جانب من اجتماع لجنة تنفيذ الالتزام في قاعة الوزارة",
                  "عرض خطة الإعلام لمنصة بخدمتكم (ZOOM)"]


# --- material ----------------------------------------------------------------------------


def camera_photo(width: int, height: int, seed: int) -> bytes:
    """A JPEG that compresses like a photograph (shapes, gradients, sensor noise), not
    like a flat test card: about 0.3 MB at 1600×1200, 2–3 MB at 12 MP."""
    from PIL import Image, ImageDraw, ImageFilter

    rnd = random.Random(seed)
    small = (max(1, width // 4), max(1, height // 4))
    im = Image.new("RGB", small, (rnd.randrange(60, 200), rnd.randrange(60, 200), rnd.randrange(60, 200)))
    d = ImageDraw.Draw(im)
    for _ in range(160):
        x, y = rnd.randrange(small[0]), rnd.randrange(small[1])
        r = rnd.randrange(4, max(5, small[0] // 5))
        d.ellipse((x - r, y - r, x + r, y + r),
                  fill=(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)))
    im = im.filter(ImageFilter.GaussianBlur(2)).resize((width, height), Image.BICUBIC)
    noise = Image.effect_noise((width, height), 28).convert("RGB")
    im = Image.blend(im, noise, 0.12)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=88)
    return buf.getvalue()


def signature_png() -> bytes:
    import math

    from PIL import Image, ImageDraw

    im = Image.new("RGBA", (420, 140), (255, 255, 255, 0))
    d = ImageDraw.Draw(im)
    pts = [(20 + t * 3.8, 80 + 35 * math.sin(t / 9.0) * math.cos(t / 23.0)) for t in range(100)]
    d.line(pts, fill=(15, 35, 110, 255), width=5)
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def make_meetings(db, photos: list[bytes], count: int, first_title_suffix: str = "") -> list[int]:
    """`count` signed meetings with the demo text of SOURCE_DATE and the two photos."""
    from ogp_desktop.core import demo_data, exchange
    from ogp_desktop.core.services import meetings, signing

    src = next(m for m in demo_data.MEETINGS if m["date"] == SOURCE_DATE)
    sig = signature_png()
    ids = []
    day = dt.date(2016, 1, 4)
    with db.session() as s:
        for n in range(count):
            obj = dict(src)
            obj.pop("sequence", None)  # numbered by the committee's order
            if count > 1:
                obj["date"] = (day + dt.timedelta(days=7 * n)).isoformat()
                obj["title"] = f"{src['title']} – الاجتماع رقم {n + 1}"
            else:
                obj["title"] = src["title"] + first_title_suffix
            m = exchange.import_minutes(s, obj)
            for i, data in enumerate(photos):
                meetings.add_attachment(s, m.id, name=f"IMG_{2040 + i}.jpg", data=data,
                                        caption=PHOTO_CAPTIONS[i])
            signing.approve(s, m.id)
            signing.sign(s, m.id, [
                signing.Signatory("مي عليمات", "منسقة وحدة الحكومة الشفافة", "prepared"),
                signing.Signatory("نذير العواملة", "رئيس لجنة تنفيذ الالتزام", "approved", sig),
            ], at=dt.datetime(2021, 2, 11, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=3))))
            ids.append(m.id)
    return ids


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


# --- (a) one meeting, in-process ---------------------------------------------------------


def bench_one(db, meeting_id: int, work: Path, runs: int, name: str) -> tuple[Result, Result, Path]:
    from ogp_desktop.export import minutes as exports

    out = work / f"{name}.pdf"
    t0 = time.perf_counter()
    with db.session() as s:
        exports.export_meeting_pdf(s, meeting_id, out)
    cold = Result(f"{name}: first call in the process (cold)", [time.perf_counter() - t0])
    warm = Result(f"{name}: in-process, after warm-up", target=ONE_TARGET)
    for _ in range(runs):
        t0 = time.perf_counter()
        with db.session() as s:
            exports.export_meeting_pdf(s, meeting_id, out)
        warm.seconds.append(time.perf_counter() - t0)
    return cold, warm, out


def bench_cli(db_path: Path, meeting_id: int, work: Path, runs: int) -> Result:
    exe = Path(sys.executable).with_name("ogp-desktop")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "ogp_desktop"]
    res = Result("ogp-desktop export-minutes (fresh process, wall)")
    for i in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd + ["--db", str(db_path), "export-minutes", str(meeting_id), "--format", "pdf",
                              "-o", str(work / f"cli-{i}.pdf")], check=True, capture_output=True)
        res.seconds.append(time.perf_counter() - t0)
    return res


# --- (c) the LibreOffice reference -------------------------------------------------------


def build_docx(doc: dict, letterhead: dict, path: Path) -> None:
    """The same minutes as a Word document: what a secretariat would otherwise type and
    convert. Right-to-left paragraphs (w:bidi), right-to-left runs (w:rtl), Amiri for
    Arabic and Latin, tables in visual right-to-left order (w:bidiVisual)."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    from ogp_desktop.core import formatting as fmt
    from ogp_desktop.core import labels as labels_mod

    L = labels_mod.get("ar")
    d = Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.0)
    sec.top_margin, sec.bottom_margin = Cm(1.7), Cm(2.3)

    normal = d.styles["Normal"]
    normal.font.name = "Amiri"
    normal.font.size = Pt(12)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), "Amiri")
    szcs = OxmlElement("w:szCs")
    szcs.set(qn("w:val"), "24")
    rpr.append(szcs)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:bidi"), "ar-JO")
    rpr.append(lang)
    normal.element.get_or_add_pPr().append(OxmlElement("w:bidi"))

    def rtl(paragraph, text: str, *, bold: bool = False, size: float | None = None, color=None,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY):
        p = paragraph
        p.alignment = align
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
            s = OxmlElement("w:szCs")
            s.set(qn("w:val"), str(int(size * 2)))
            run._r.get_or_add_rPr().append(s)
        if bold:
            run._r.get_or_add_rPr().append(OxmlElement("w:bCs"))
        if color:
            run.font.color.rgb = color
        run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))
        return p

    accent = RGBColor(0x1F, 0x3A, 0x5F)

    def para(text: str, **kw):
        return rtl(d.add_paragraph(), text, **kw)

    def heading(text: str):
        p = para(text, bold=True, size=13.5, color=accent, align=WD_ALIGN_PARAGRAPH.RIGHT)
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.space_before = Pt(9)

    def bullets(items: list[str], numbered: bool = False):
        for item in items:
            for k, line in enumerate(item.split("\n")):
                style = ("List Number" if numbered else "List Bullet") if k == 0 else None
                p = d.add_paragraph(style=style)
                rtl(p, line)

    def table(rows: list[list[str]], widths: list[float], header: bool = False):
        t = d.add_table(rows=len(rows), cols=len(rows[0]))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cell = t.cell(r, c)
                cell.width = Cm(widths[c])
                rtl(cell.paragraphs[0], value, bold=(header and r == 0) or (not header and c == 0),
                    size=11, align=WD_ALIGN_PARAGRAPH.RIGHT)
        return t

    for key, size in (("ministry", 14), ("unit", 12)):
        if letterhead.get(key):
            para(letterhead[key], bold=key == "ministry", size=size, color=accent,
                 align=WD_ALIGN_PARAGRAPH.CENTER)
    para(L["document_kind"], size=11.5, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(doc["title"], bold=True, size=17, color=accent, align=WD_ALIGN_PARAGRAPH.CENTER)
    details = [[L["date"], fmt.date_long(doc["date"], "ar")]]
    if doc.get("start"):
        details.append([L["time"], fmt.time_range(doc["start"], doc.get("end"), "ar")])
    details.append([L["mode"], L[f"mode_{doc['mode']}"]])
    for key in ("location", "committee", "plan", "commitment"):
        if doc.get(key):
            details.append([L.get(key, L["place"]), doc[key]])
    if doc.get("sequence") is not None:
        details.append([L["meeting_number"], str(doc["sequence"])])
    table(details, [4.0, 13.0])
    heading(L["attendees"])
    bullets([L["person_org"].format(name=p["name"], organization=p["organization"])
             if p.get("organization") else p["name"] for p in doc["attendees"]])
    if doc.get("objective"):
        heading(L["objective"])
        para(doc["objective"])
    heading(L["discussion"])
    bullets(doc["discussion"])
    if doc.get("outputs"):
        heading(L["outputs"])
        bullets(doc["outputs"])
    if doc.get("action_items"):
        heading(L["action_items"])
        rows = [["#", L["action"], L["owner"], L["due"]]]
        for n, a in enumerate(doc["action_items"], 1):
            rows.append([str(n), a["text"], a.get("owner") or L["none"],
                         fmt.date_medium(a["due"], "ar") if a.get("due") else L["none"]])
        table(rows, [0.9, 9.0, 4.2, 3.0], header=True)
    if doc.get("photos"):
        heading(L["photos"])
        t = d.add_table(rows=2, cols=len(doc["photos"]))
        t._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
        for c, ph in enumerate(doc["photos"]):
            run = t.cell(0, c).paragraphs[0].add_run()
            t.cell(0, c).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.add_picture(io.BytesIO(ph["data"]), width=Cm(7.8))
            rtl(t.cell(1, c).paragraphs[0], ph.get("caption") or "", size=9.5,
                align=WD_ALIGN_PARAGRAPH.CENTER)
    if doc.get("notes"):
        heading(L["notes"])
        bullets(doc["notes"], numbered=True)
    if doc.get("signatures"):
        heading(L["signatures"])
        t = d.add_table(rows=3, cols=len(doc["signatures"]))
        t._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
        for c, s in enumerate(doc["signatures"]):
            rtl(t.cell(0, c).paragraphs[0], L.get(s["meaning"], s["meaning"]), bold=True, size=11,
                align=WD_ALIGN_PARAGRAPH.CENTER)
            if s.get("image"):
                t.cell(1, c).paragraphs[0].add_run().add_picture(io.BytesIO(s["image"]), height=Cm(1.8))
            rtl(t.cell(2, c).paragraphs[0], f"{s['name']}\n{s['role']}", size=11,
                align=WD_ALIGN_PARAGRAPH.CENTER)
    if doc.get("fingerprint"):
        heading(L["verification"])
        para(L["signed_version"].format(version=doc["version"]), bold=True)
        para(L["fingerprint_full"])
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.add_run(doc["fingerprint"]).font.size = Pt(9.5)

    # footer: "صفحة N من M" with fields, and the reference
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def field(instr: str) -> None:
        fld = OxmlElement("w:fldSimple")
        fld.set(qn("w:instr"), instr)
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = "1"
        r.append(t)
        fld.append(r)
        fp._p.append(fld)

    rtl(fp, "صفحة ", size=8.5, align=WD_ALIGN_PARAGRAPH.CENTER)
    field("PAGE")
    rtl(fp, " من ", size=8.5, align=WD_ALIGN_PARAGRAPH.CENTER)
    field("NUMPAGES")
    d.save(str(path))


def soffice_version() -> str | None:
    exe = shutil.which("soffice")
    if not exe:
        return None
    try:
        return subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def soffice_convert(profile: Path, files: list[Path], outdir: Path) -> float:
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [shutil.which("soffice"), f"-env:UserInstallation={profile.as_uri()}", "--headless",
           "--norestore", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, timeout=1800)
    seconds = time.perf_counter() - t0
    missing = [f.name for f in files if not (outdir / (f.stem + ".pdf")).exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not convert {missing}")
    return seconds


# --- main --------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=10, help="timed runs of one meeting after the warm-up")
    ap.add_argument("--batch", type=int, default=200, help="meetings in the batch")
    ap.add_argument("--cli-runs", type=int, default=5, help="fresh-process runs of the command")
    ap.add_argument("--lo-batch", type=int, default=20, help=".docx files converted in one soffice call")
    ap.add_argument("--lo-runs", type=int, default=3, help="soffice calls on one file")
    ap.add_argument("--no-libreoffice", action="store_true")
    ap.add_argument("--no-what-if", action="store_true",
                    help="skip the figures with ReportLab's ASCII85 streams turned off")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args(argv)

    print("OGP Desktop PDF export benchmark", dt.datetime.now().isoformat(timespec="seconds"))
    for line in machine_lines():
        print(line)
    import importlib.metadata as md

    libs = ", ".join(f"{p} {md.version(p)}" for p in
                     ("reportlab", "arabic-reshaper", "python-bidi", "pypdf", "Pillow", "python-docx"))
    print(f"pdf     : {libs}")
    lo = None if args.no_libreoffice else soffice_version()
    print(f"office  : {lo or 'LibreOffice not run'}")
    assert "reportlab" not in sys.modules  # the cold figure must include the PDF imports

    work = Path(tempfile.mkdtemp(prefix="ogp-bench-pdf-"))
    try:
        from ogp_desktop.core.db import open_database
        from ogp_desktop.core.demo import load_demo

        db_path = work / "bench.sqlite"
        db = open_database(db_path, create=True)
        with db.session() as s:
            load_demo(s)
        photos = [camera_photo(1600, 1200, 1), camera_photo(1600, 1200, 2)]
        big = [camera_photo(4032, 3024, 3), camera_photo(4032, 3024, 4)]
        one = make_meetings(db, photos, 1)[0]
        one_big = make_meetings(db, big, 1, " (صور الهاتف)")[0]
        print(f"\nmeeting: the demo minutes of {SOURCE_DATE}, signed by two (one signature image), "
              f"two JPEG photos of {[f'{len(p) / 1e6:.2f} MB' for p in photos]} at 1600×1200; "
              f"phone variant {[f'{len(p) / 1e6:.2f} MB' for p in big]} at 4032×3024")

        results: list[Result] = []
        cold, warm, one_pdf = bench_one(db, one, work, args.runs, "one meeting")
        results += [cold, warm]
        pages = pdf_pages(one_pdf)
        print(f"one meeting: {pages} pages, {one_pdf.stat().st_size / 1e6:.2f} MB")
        _, warm_big, big_pdf = bench_one(db, one_big, work, max(3, args.runs // 2),
                                         "same, 12 MP phone photos")
        warm_big.target = None
        results.append(warm_big)
        print(f"phone-photo meeting: {pdf_pages(big_pdf)} pages, {big_pdf.stat().st_size / 1e6:.2f} MB")
        db.close()
        cli = bench_cli(db_path, one, work, args.cli_runs)
        results.append(cli)
        db = open_database(db_path)

        print(f"making {args.batch} such meetings ...", flush=True)
        t0 = time.perf_counter()
        ids = make_meetings(db, photos, args.batch)
        print(f"  made in {time.perf_counter() - t0:.1f} s "
              f"(database {db_path.stat().st_size / 1e6:.0f} MB)")
        from ogp_desktop.export import minutes as exports

        folder = work / "batch"
        t0 = time.perf_counter()
        with db.session() as s:
            written = exports.export_batch_pdf(s, ids, folder)
        batch = Result(f"batch of {args.batch} meetings (export_batch_pdf)", [time.perf_counter() - t0],
                       target=BATCH_TARGET * args.batch / 200)
        results.append(batch)
        size = sum(p.stat().st_size for p in written)
        batch_pages = sum(pdf_pages(p) for p in written[:: max(1, len(written) // 10)])
        print(f"  {len(written)} files, {size / 1e6:.0f} MB; {batch.median / len(written) * 1000:.0f} ms a "
              f"meeting; sample of {len(written[:: max(1, len(written) // 10)])} files: {batch_pages} pages")

        what_if: list[Result] = []
        if not args.no_what_if:
            # Not the shipped setting: what the export costs when ReportLab writes binary
            # streams instead of ASCII85 text (it encodes ASCII85 in pure Python unless the
            # rl-accel C extension is installed, and most of that is the photos' bytes).
            from reportlab import rl_config

            saved = rl_config.useA85
            rl_config.useA85 = 0
            try:
                _, w, w_pdf = bench_one(db, one, work, args.runs, "what-if useA85=0, one meeting")
                w.target = None
                what_if.append(w)
                t0 = time.perf_counter()
                with db.session() as s:
                    exports.export_batch_pdf(s, ids, work / "batch-a85-off")
                what_if.append(Result(f"what-if useA85=0, batch of {args.batch}", [time.perf_counter() - t0]))
                print(f"what-if useA85=0: one meeting {w_pdf.stat().st_size / 1e6:.2f} MB "
                      f"(shipped setting {one_pdf.stat().st_size / 1e6:.2f} MB)")
            finally:
                rl_config.useA85 = saved
            results += what_if

        lo_one = lo_batch = None
        if lo:
            with db.session() as s:
                doc = exports.minutes_document(s, one)
                lh = exports.letterhead(s)
            docx = work / "lo" / "minutes.docx"
            docx.parent.mkdir()
            build_docx(doc, lh, docx)
            profile = work / "lo-profile"
            print("LibreOffice: first call (creates its profile, not timed) ...", flush=True)
            soffice_convert(profile, [docx], work / "lo" / "warm")
            lo_pages = pdf_pages(work / "lo" / "warm" / "minutes.pdf")
            txt = subprocess.run(["pdftotext", str(work / "lo" / "warm" / "minutes.pdf"), "-"],
                                 capture_output=True).stdout.decode("utf-8", "replace")
            arabic = "بخدمتكم" in __import__("unicodedata").normalize("NFKC", txt)
            print(f"  its PDF of the .docx: {lo_pages} pages, "
                  f"{'Arabic text extractable' if arabic else 'NO Arabic text found'}")
            lo_one = Result("LibreOffice: 1 .docx, one soffice call (wall)")
            for i in range(args.lo_runs):
                lo_one.seconds.append(soffice_convert(profile, [docx], work / "lo" / f"one-{i}"))
            copies = []
            for i in range(args.lo_batch):
                c = work / "lo" / "batch-in" / f"minutes-{i:03d}.docx"
                c.parent.mkdir(exist_ok=True)
                shutil.copyfile(docx, c)
                copies.append(c)
            lo_batch = Result(f"LibreOffice: {args.lo_batch} .docx, one soffice call (wall)",
                              [soffice_convert(profile, copies, work / "lo" / "batch-out")])
            results += [lo_one, lo_batch]

        print()
        print_table(results)
        print()
        print(f"one meeting in-process: median {fmt_seconds(warm.median)} "
              f"(target < {fmt_seconds(ONE_TARGET)}: {'met' if warm.median < ONE_TARGET else 'MISSED'}); "
              f"cold first call {fmt_seconds(cold.median)}")
        print(f"batch of {args.batch}: {batch.median:.2f} s (target < {fmt_seconds(batch.target)}: "
              f"{'met' if batch.median < batch.target else 'MISSED'})")
        if lo_one and lo_batch:
            per = lo_batch.median / args.lo_batch
            lo_200 = per * args.batch
            marginal = (lo_batch.median - lo_one.median) / max(1, args.lo_batch - 1)
            print(f"LibreOffice, {args.batch} files: about {lo_200:.0f} s, EXTRAPOLATED linearly from "
                  f"{args.lo_batch} files in one call ({per:.2f} s a file; marginal "
                  f"{marginal:.2f} s a file after the first)")
            print(f"ratio ours / LibreOffice, one meeting: {warm.median / lo_one.median:.3f} in-process "
                  f"({lo_one.median / warm.median:.0f}× faster); fresh command vs soffice call: "
                  f"{cli.median / lo_one.median:.2f}")
            print(f"ratio ours / LibreOffice, {args.batch} meetings: {batch.median / lo_200:.3f} "
                  f"({lo_200 / batch.median:.1f}× faster; LibreOffice figure extrapolated)")
        db.close()
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
