"""Open a Word file and give its text in order: body paragraphs and tables (python-docx),
footnotes (docx2python), photos (the document part's related images, so each one's place
is known). What is not a .docx is refused here, in one line, before anything is written:
not a Word file, an old .doc (converted through LibreOffice when it is installed), a
password-protected file, a damaged zip, a file over 200 MB (refused before it is read)."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ogp_desktop.core.errors import Plain, ValidationError, _n, os_reason

MAX_DOCX_BYTES = 200 * 1024 * 1024
# A zip whose parts unpack to more than this is a zip bomb or damaged, not minutes.
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
CONVERT_SECONDS = 120

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of .doc and of encrypted .docx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream a protected .docx is inside
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Image:
    name: str
    data: bytes
    where: str  # "table" / "paragraph": which block holds it (see Block.images)


@dataclass
class Block:
    """A body paragraph (`text`) or a table (`rows` of cells, each cell its lines), with
    the photos inside it (per cell for a table)."""

    kind: str  # "paragraph" | "table"
    text: str = ""
    rows: list[list[list[str]]] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    cell_images: dict[tuple[int, int], list[Image]] = field(default_factory=dict)


@dataclass
class WordText:
    """What a Word file says, in order, and the file itself (kept with the minutes)."""

    name: str
    data: bytes
    blocks: list[Block]
    footnotes: dict[int, str]
    warnings: list[Any] = field(default_factory=list)  # Messages: what could not be read

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _refuse(msgid: str, path: Path, **params: Any) -> ValidationError:
    return ValidationError(msgid, field="file", path=str(path), **params)


def read_file(path: Path | str) -> WordText:
    """The Word file at `path`, read; a DomainError in one line when it can not be."""
    path = Path(path)
    try:
        if path.is_dir():
            raise _refuse(_n("{path} is a folder; give the Word files inside it"), path)
        size = path.stat().st_size
        if size > MAX_DOCX_BYTES:
            raise _refuse(_n("{path} is {mb} MB; a Word file of minutes may be at most {limit} MB "
                          "(keep the photos outside it and import it again)"), path,
                          mb=Plain(f"{size / 2**20:,.0f}"), limit=MAX_DOCX_BYTES // 2**20)
        data = path.read_bytes()
    except OSError as exc:
        raise _refuse(_n("{path} can not be read: {error}"), path, error=os_reason(exc)) from exc
    return read_bytes(data, path)


def read_bytes(data: bytes, path: Path) -> WordText:
    """`data`, the bytes of the file at `path`, as a Word document."""
    if data.startswith(_OLE):
        if _ENCRYPTED in data[: 4 * 2**20] or _ENCRYPTED in data[-2**20:]:
            raise _refuse(_n("{path} is protected by a password; open it in Word, remove the "
                          "password (File, Info, Protect document), save it and import it again"),
                          path)
        return read_bytes(_converted(data, path), path)
    if not data.startswith(_ZIP):
        if path.suffix.lower() == ".docx" or not data:
            raise _refuse(_n("{path} is not a Word file (.docx): its content is something else; "
                          "open it in Word and save it as .docx"), path)
        raise _refuse(_n("{path} is not a Word file (.docx); save the minutes from Word as .docx "
                      "and import that"), path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if sum(i.file_size for i in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise _damaged(path)
        if "word/document.xml" not in names:
            raise _refuse(_n("{path} is a zip file but not a Word document; save the minutes from "
                          "Word as .docx and import that"), path)
        bad = archive.testzip()
        if bad is not None:
            raise _damaged(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        raise _damaged(path) from None
    return _read_docx(data, path)


def _damaged(path: Path) -> ValidationError:
    return _refuse(_n("{path} is damaged (its zip can not be read); open it in Word, which may "
                   "repair it, save it again and import that"), path)


def _converted(data: bytes, path: Path) -> bytes:
    """An old .doc made a .docx by LibreOffice (`soffice --headless --convert-to docx`),
    or refused with what to do when LibreOffice is not installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise _refuse(_n("{path} is an old Word file (.doc); open it in Word or LibreOffice, save "
                      "it as .docx and import that (or install LibreOffice to convert it)"), path)
    with tempfile.TemporaryDirectory(prefix="ogp-doc-") as tmp:
        source = Path(tmp) / "minutes.doc"
        source.write_bytes(data)
        try:
            subprocess.run([soffice, "--headless", "--convert-to", "docx", "--outdir", tmp,
                            str(source)], capture_output=True, timeout=CONVERT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired):
            pass
        target = Path(tmp) / "minutes.docx"
        if not target.exists():
            raise _refuse(_n("{path} is an old Word file (.doc) that LibreOffice could not convert; "
                          "open it in Word, save it as .docx and import that"), path)
        return target.read_bytes()


def clean(text: str) -> str:
    """Text as a field can hold it: control characters out (a tab is a space)."""
    return _CONTROL.sub("", text.replace("\t", " ")).replace("\r", "")


def _read_docx(data: bytes, path: Path) -> WordText:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        part = document.part
        blocks: list[Block] = []
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                blocks.append(Block("paragraph", text=_paragraph_text(item._p),
                                    images=_images(part, item._p, "paragraph")))
            elif isinstance(item, Table):
                blocks.append(_table(part, item))
    except ValidationError:
        raise
    except Exception:  # python-docx on a damaged part: KeyError, lxml's XMLSyntaxError...
        raise _refuse(_n("{path} is damaged (its Word document can not be read); open it in "
                      "Word, which may repair it, save it again and import that"), path) from None
    warnings: list[Any] = []
    footnotes = _footnotes(data, warnings)
    return WordText(name=path.name, data=data, blocks=blocks, footnotes=footnotes,
                    warnings=warnings)


def _paragraph_text(p: Any) -> str:
    """The text of a paragraph element, with a footnote's reference as [N] where it stands."""
    out: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag == _W + "t":
            out.append(el.text or "")
        elif tag == _W + "tab":
            out.append(" ")
        elif tag in (_W + "br", _W + "cr"):
            out.append("\n")
        elif tag == _W + "footnoteReference":
            out.append(f"[{el.get(_W + 'id')}]")
    return clean("".join(out))


def _images(part: Any, element: Any, where: str) -> list[Image]:
    found = []
    for blip in element.iter(_BLIP):
        rid = blip.get(_R_EMBED)
        image_part = part.related_parts.get(rid) if rid else None
        if image_part is None:
            continue
        name = str(image_part.partname).rsplit("/", 1)[-1]
        found.append(Image(name=name, data=image_part.blob, where=where))
    return found


def _table(part: Any, table: Any) -> Block:
    """A table's rows; a cell merged over several columns is read once."""
    block = Block("table")
    for r, row in enumerate(table.rows):
        cells: list[list[str]] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            lines: list[str] = []
            for p in cell._tc.iter(_W + "p"):
                lines.extend(_paragraph_text(p).split("\n"))
            images = _images(part, cell._tc, "table")
            if images:
                block.cell_images[(r, len(cells))] = images
                block.images.extend(images)
            cells.append(lines)
        block.rows.append(cells)
    return block


_FOOTNOTE = re.compile(r"^footnote(-?\d+)\)\t?")


def _footnotes(data: bytes, warnings: list[Any]) -> dict[int, str]:
    """Footnote id → its text, read by docx2python ("footnoteN)\\t text" per note)."""
    from docx2python import docx2python

    from ogp_desktop.core.errors import Message

    notes: dict[int, list[str]] = {}
    try:
        with docx2python(io.BytesIO(data)) as content:
            runs = content.footnotes
    except Exception:  # a footnotes part docx2python can not read: the body still can be
        warnings.append(Message("the footnotes could not be read; check them in the original"))
        return {}
    current: int | None = None
    for text in _strings(runs):
        m = _FOOTNOTE.match(text)
        if m:
            current = int(m.group(1))
            text = text[m.end():]
            notes[current] = []
        if current is not None and current > 0 and text.strip():
            notes[current].append(clean(text).strip())
    return {n: " ".join(parts) for n, parts in notes.items() if n > 0 and parts}


def _strings(nested: Any) -> list[str]:
    out: list[str] = []
    stack = [nested]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return out
