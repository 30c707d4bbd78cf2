"""Write the public website into a folder: every page in Arabic (right to left, at the
root) and in English (under `en/`), the signed minutes' PDFs and the progress reports, the
Amiri font with its licence, the search index, and `manifest.json`.

Re-publishing rewrites only what changed. Each file has a *key*: the SHA-256 of what it is
made from (a page rendered without its "last updated" date; a minutes PDF before it is
sealed; a progress report's document without its date). When the key and the file on disk
are those the manifest recorded, the file is left alone, with its date; else it is written
(beside its name, then renamed) and dated today. Files the manifest lists that this
publication no longer makes are removed; no other file of the folder is ever touched. A
publication that changed something adds an entry to the changelog page."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from ogp_desktop.core import formatting, labels
from ogp_desktop.core.errors import ValidationError, os_reason
from ogp_desktop.core.publish import search_index
from ogp_desktop.core.publish.content import Content, gather
from ogp_desktop.core.publish.labels import left_out_labels, site_labels
from ogp_desktop.core.services.plan_report import PlanReportDocument
from ogp_desktop.resources import resource

__all__ = ["LANGUAGES", "MANIFEST", "Documents", "PublishResult", "publish"]

MANIFEST = "manifest.json"
FORMAT = "ogp-site/1"
LANGUAGES = ("ar", "en")  # Arabic at the root, English under en/
_UPDATED = "@@OGP-LAST-UPDATED@@"  # replaced by the page's date once its key is known
_FONTS = ("Amiri-Regular.ttf", "Amiri-Bold.ttf", "OFL.txt")
_ASSETS = ("site.css", "search.js")

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class Documents:
    """The PDFs, made by the layers above (`export.publish` gives these):
    `minutes_pdf(session, meeting_id)` the signed minutes' PDF as exported (a key-signed
    version's PDF as it was signed); `seal(pdf)` the same sealed with the unit's seal key,
    or None for no seal (`seal_id` names the key, so a change of key re-seals);
    `plan_report_pdf(document, letterhead)` a progress report."""

    minutes_pdf: Callable[[Session, int], bytes]
    plan_report_pdf: Callable[[PlanReportDocument, dict[str, Any]], bytes]
    seal: Callable[[bytes], bytes] | None = None
    seal_id: str | None = None


@dataclass
class PublishResult:
    site: Path
    written: list[str] = field(default_factory=list)    # files (re)written, site-relative
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)
    pages: int = 0           # HTML pages of both languages
    minutes: int = 0         # signed minutes published
    cancelled: bool = False
    not_logged: Any = None  # why the publication log refused the line (publish/log.py)

    def left_out_lines(self, language: str) -> list[str]:
        """One line per kind of record left out (only the kinds there are)."""
        labels = left_out_labels(language)
        return [labels[k].format(n=n) for k, n in self.left_out.items() if n]


@dataclass
class _Output:
    path: str                       # site-relative, with /
    key: str
    make: Callable[[str], bytes]    # the date text of the page (pages only) → bytes
    title: dict[str, str] | None = None   # listed in the changelog when set
    entry: str | None = None        # the changelog's entry for both languages' pages


def _sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def _json_key(obj: Any) -> str:
    return _sha(json.dumps(obj, ensure_ascii=False, sort_keys=True, default=str))


# --- the folder -----------------------------------------------------------------------------


def _prepare(site: Path) -> dict[str, Any]:
    """The site's folder (made inside an existing one) and its manifest (empty when new).
    A folder with other files in it and no manifest is refused: the publication would mix
    with them."""
    try:
        if not site.parent.is_dir():
            raise ValidationError(
                "The folder {folder} does not exist; create it first or choose another.",
                folder=str(site.parent))
        if site.exists() and not site.is_dir():
            raise ValidationError("{path} is a file, not a folder; choose a folder for the site",
                                  field="output", path=str(site))
        site.mkdir(exist_ok=True)
        manifest = site / MANIFEST
        if manifest.is_file():
            data: dict[str, Any] = json.loads(manifest.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValidationError("{path} is not the manifest of a site this program "
                                      "published; choose an empty folder", field="output",
                                      path=str(manifest))
            return data
        if any(site.iterdir()):
            raise ValidationError(
                "{path} is not empty and holds no published site; choose an empty folder or "
                "the folder of a site published before", field="output", path=str(site))
    except OSError as exc:
        raise ValidationError("{path} can not be used as a folder: {error}", field="output",
                              path=str(site), error=os_reason(exc)) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationError("{path} is not the manifest of a site this program published; "
                              "choose an empty folder", field="output",
                              path=str(site / MANIFEST)) from exc
    return {"format": FORMAT, "files": {}, "publications": []}


def _write(site: Path, rel: str, data: bytes) -> None:
    target = site / rel
    tmp = target.with_name(f".{target.name}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ValidationError("{path} can not be written: {error}", field="output",
                              path=str(target), error=os_reason(exc)) from exc


def _on_disk(site: Path, rel: str) -> str | None:
    try:
        return _sha((site / rel).read_bytes())
    except OSError:
        return None


# --- pages ----------------------------------------------------------------------------------


def record_text(value: Any) -> Markup:
    """A record's words in a line of the page's words, isolated (<bdi>: its own direction,
    from its first letter). An Arabic title in an English line keeps the line's order, and
    the line's end its punctuation: "(المنتدى متعدد الأطراف)" keeps its brackets the right
    way round, and "Implementation committee" follows the name instead of preceding it."""
    return Markup("<bdi>") + escape(value) + Markup("</bdi>")


def fill(template: str, **values: Any) -> Markup:
    """A sentence of the site's own words with values put in, each text value isolated as
    record_text isolates it (numbers need no isolating)."""
    return Markup(escape(template)).format(**{
        k: record_text(v) if isinstance(v, str) else v for k, v in values.items()})


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(resource("publish", "templates"))),
                      autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["record"] = record_text
    env.filters["fill"] = fill
    return env


def page_paths(content: Content) -> dict[str, dict[str, str]]:
    """Every page (from the language's root) → its template and the record it shows."""
    pages: dict[str, dict[str, str]] = {
        "index.html": {"template": "home.html", "nav": "home"},
        "timeline.html": {"template": "timeline.html", "nav": "timeline"},
        "committees.html": {"template": "committees.html", "nav": "committees"},
        "minutes.html": {"template": "minutes_list.html", "nav": "minutes"},
        "reports.html": {"template": "reports.html", "nav": "reports"},
        "search.html": {"template": "search.html", "nav": "search"},
        "left-out.html": {"template": "left_out.html", "nav": "left_out"},
    }
    for p in content.plans:
        pages[f"plans/plan-{p['id']}.html"] = {"template": "plan.html", "nav": "plans",
                                               "plan": str(p["id"])}
    for c in content.committees:
        pages[f"committees/committee-{c['id']}.html"] = {
            "template": "committee.html", "nav": "committees", "committee": str(c["id"])}
    for m in content.minutes:
        pages[f"minutes/meeting-{m['id']}.html"] = {"template": "meeting.html", "nav": "minutes",
                                                   "meeting": str(m["id"])}
    return pages


def minutes_pdf_path(m: dict[str, Any]) -> str:
    return f"files/minutes-{m['id']}-v{m['version']}.pdf"


def report_pdf_path(plan_id: int) -> str:
    return f"files/progress-report-plan-{plan_id}.pdf"


class _Renderer:
    def __init__(self, content: Content, extra: dict[str, Any]) -> None:
        self.env = _environment()
        self.content = content
        self.extra = extra
        self.plans = {p["id"]: p for p in content.plans}
        self.committees = {c["id"]: c for c in content.committees}
        self.meetings = {m["id"]: m for m in content.minutes}

    def render(self, rel: str, info: dict[str, str], language: str) -> str:
        depth = rel.count("/")
        to_lang = "../" * depth
        to_site = to_lang + ("../" if language == "en" else "")
        other = to_site + (f"en/{rel}" if language == "ar" else rel)

        def date(value: str | None) -> str:
            return formatting.date_short(value, language) if value else ""

        def date_long(value: str | None) -> str:
            return formatting.date_long(value, language) if value else ""

        def when(value: str | None) -> str:
            return formatting.datetime_medium(value, language) if value else ""

        ctx: dict[str, Any] = {
            "lang": language, "dir": "rtl" if language == "ar" else "ltr",
            "t": site_labels(language), "to_lang": to_lang, "to_site": to_site,
            "other_href": other, "page": rel, "nav": info["nav"], "updated": _UPDATED,
            "content": self.content, "plans": self.plans, "committees": self.committees,
            "meetings": self.meetings, "date": date, "date_long": date_long, "when": when,
            "minutes_pdf_path": minutes_pdf_path, "report_pdf_path": report_pdf_path,
            "left_out_lines": left_out_labels_lines(self.content.left_out, language),
            "report_labels": labels.get(language),
            **self.extra,
        }
        if "plan" in info:
            ctx["plan"] = self.plans[int(info["plan"])]
        if "committee" in info:
            ctx["committee"] = self.committees[int(info["committee"])]
        if "meeting" in info:
            ctx["meeting"] = self.meetings[int(info["meeting"])]
        return self.env.get_template(info["template"]).render(ctx)


def left_out_labels_lines(left_out: dict[str, int], language: str) -> list[str]:
    labels = left_out_labels(language)
    return [labels[k].format(n=n) for k, n in left_out.items() if n]


def _page_title(rel: str, info: dict[str, str], renderer: _Renderer) -> dict[str, str]:
    out = {}
    for language in LANGUAGES:
        t = site_labels(language)
        if "plan" in info:
            out[language] = renderer.plans[int(info["plan"])]["title"]
        elif "committee" in info:
            out[language] = renderer.committees[int(info["committee"])]["name"]
        elif "meeting" in info:
            m = renderer.meetings[int(info["meeting"])]
            out[language] = f"{m['title']} ({formatting.date_short(m['date'], language)})"
        else:
            out[language] = t[info["nav"]]
    return out


# --- the publication ------------------------------------------------------------------------


def publish(session: Session, site_dir: Path | str, plan_ids: list[int | str] | None = None,
            progress: Progress | None = None, cancelled: Cancelled | None = None, *,
            documents: Documents, today: dt.date | None = None) -> PublishResult:
    """Write (or bring up to date) the site in `site_dir` from the records of the plans
    `plan_ids` (all plans when None). Stops between files when `cancelled()`; what was
    written until then is in the manifest, nothing is removed and no changelog entry is
    made."""
    site = Path(site_dir)
    manifest = _prepare(site)
    old_files: dict[str, dict[str, Any]] = manifest.get("files", {})
    content = gather(session, plan_ids, today=today)
    today = content.today
    result = PublishResult(site=site)

    outputs: list[_Output] = []
    unsealed = 0
    # the files first: PDFs, fonts, styles, scripts
    for m in content.minutes:
        pdf = documents.minutes_pdf(session, m["id"])
        sealed = documents.seal is not None and not m["key_signed"]
        m["digital"] = m["key_signed"] or sealed
        unsealed += 0 if m["digital"] else 1
        def make_minutes(_: str, pdf: bytes = pdf, sealed: bool = sealed) -> bytes:
            return documents.seal(pdf) if sealed and documents.seal is not None else pdf

        outputs.append(_Output(minutes_pdf_path(m), _json_key(
            [_sha(pdf), documents.seal_id if sealed else None]), make_minutes,
            title={lang: f"{m['title']} (PDF)" for lang in LANGUAGES}))
    for plan_id, report in content.reports.items():
        undated = {k: v for k, v in report.items() if k != "date"}

        def make_report(_: str, report: PlanReportDocument = report) -> bytes:
            return documents.plan_report_pdf(report, content.letterhead)

        title = next(p["title"] for p in content.plans if p["id"] == plan_id)
        outputs.append(_Output(report_pdf_path(plan_id), _json_key([undated, content.letterhead]),
                               make_report, title={lang: f"{title} (PDF)" for lang in LANGUAGES}))
    content.left_out["unsealed"] = unsealed
    result.left_out = dict(content.left_out)
    result.minutes = len(content.minutes)

    def static(rel: str, data: bytes) -> None:
        outputs.append(_Output(rel, _sha(data), lambda _: data))

    for name in _FONTS:
        static(f"assets/fonts/{name}", resource("fonts", name).read_bytes())
    for name in _ASSETS:
        static(f"assets/{name}", resource("publish", "assets", name).read_bytes())
    normalise_js = resource("publish", "assets", "normalise.js").read_text(encoding="utf-8")
    static("assets/normalise.js", normalise_js.replace(
        "/*@CASEFOLD@*/{}", json.dumps(search_index.casefold_table(), ensure_ascii=False,
                                         sort_keys=True)).encode("utf-8"))
    static("assets/search-index.js", search_index.index_script(content).encode("utf-8"))

    pages = page_paths(content)
    present = {o.path for o in outputs} | set(pages) | {"changelog.html"}
    renderer = _Renderer(content, {"publications": [], "present": present})

    def page_outputs(items: Iterable[tuple[str, dict[str, str]]], *,
                     listed: bool = True) -> list[_Output]:
        made = []
        for rel, info in items:
            title = _page_title(rel, info, renderer) if listed else None
            for language in LANGUAGES:
                html = renderer.render(rel, info, language)

                def make_page(date: str, html: str = html) -> bytes:
                    return html.replace(_UPDATED, date).encode("utf-8")

                made.append(_Output(rel if language == "ar" else f"en/{rel}", _sha(html),
                                    make_page, title=title, entry=rel))
        return made

    outputs += page_outputs((rel, info) for rel, info in pages.items())
    new_files: dict[str, dict[str, Any]] = {}
    changes: dict[str, list[dict[str, Any]]] = {"added": [], "changed": [], "removed": []}

    def emit(batch: list[_Output], done_before: int, total: int) -> bool:
        for n, out in enumerate(batch, 1):
            if cancelled is not None and cancelled():
                return False
            old = old_files.get(out.path)
            if old and old.get("key") == out.key and _on_disk(site, out.path) == old.get("sha256"):
                new_files[out.path] = old
                result.unchanged.append(out.path)
            else:
                updated = today.isoformat()
                data = out.make(_updated_text(out.path, today))
                _write(site, out.path, data)
                new_files[out.path] = {"sha256": _sha(data), "key": out.key, "updated": updated,
                                       **({"title": out.title} if out.title else {})}
                result.written.append(out.path)
                if out.title and not out.path.startswith("en/"):
                    changes["changed" if old else "added"].append(
                        {"path": out.path, "title": out.title})
            if progress is not None:
                progress(done_before + n, total)
        return True

    total = len(outputs) + 2 * 1  # and the changelog page in each language
    if not emit(outputs, 0, total):
        result.cancelled = True
        _write_manifest(site, {**manifest, "files": {**old_files, **new_files}})
        return result
    for rel in sorted(set(old_files) - set(new_files) - {"changelog.html", "en/changelog.html"}):
        entry = old_files[rel]
        try:
            (site / rel).unlink(missing_ok=True)
        except OSError as exc:
            raise ValidationError("{path} can not be removed: {error}", field="output",
                                  path=str(site / rel), error=os_reason(exc)) from exc
        result.removed.append(rel)
        if entry.get("title") and not rel.startswith("en/"):
            changes["removed"].append({"path": rel, "title": entry["title"]})
    _remove_empty_folders(site)

    publications = list(manifest.get("publications", []))
    if any(changes.values()):
        publications.append({"date": today.isoformat(), **changes})
    renderer.extra["publications"] = list(reversed(publications))
    last = page_outputs([("changelog.html", {"template": "changelog.html", "nav": "changelog"})],
                        listed=False)  # the changelog does not list itself
    emit(last, len(outputs), total)
    result.pages = sum(1 for p in new_files if p.endswith(".html"))
    if result.written or result.removed or not (site / MANIFEST).is_file():
        _write_manifest(site, {"format": FORMAT, "updated": today.isoformat(),
                               "files": dict(sorted(new_files.items())),
                               "publications": publications})
    return result


def _updated_text(rel: str, today: dt.date) -> str:
    return formatting.date_short(today, "en" if rel.startswith("en/") else "ar")


def _write_manifest(site: Path, data: dict[str, Any]) -> None:
    _write(site, MANIFEST, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def _remove_empty_folders(site: Path) -> None:
    for folder in sorted((p for p in site.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(folder.iterdir()):
            shutil.rmtree(folder, ignore_errors=True)
