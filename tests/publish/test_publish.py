"""The public website as files: nothing private in it, every link inside the folder, the
published PDFs accepted by `verify`, re-publishing rewrites only what changed."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from publish_helpers import run_cli

from ogp_desktop.core.errors import ValidationError

TEXT_SUFFIXES = {".html", ".js", ".css", ".json", ".txt"}


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.html_attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_attrs = a
        if "id" in a:
            self.ids.add(a["id"])
        for name in ("href", "src"):
            if a.get(name) is not None:
                self.links.append(a[name])


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def text_files(site: Path) -> list[Path]:
    return [p for p in site.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES]


def test_every_page_has_its_language_and_direction(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        attrs = parse(path).html_attrs
        english = path.relative_to(site).parts[0] == "en"
        assert attrs == {"lang": "en" if english else "ar", "dir": "ltr" if english else "rtl"}, path
        text = path.read_text(encoding="utf-8")
        assert ("Last updated: " if english else "آخر تحديث: ") in text, path
        assert "@@OGP-LAST-UPDATED@@" not in text


def test_every_link_resolves_inside_the_folder(site):
    pages = {p: parse(p) for p in site.rglob("*.html")}
    checked = 0
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, f"{path}: {link} leaves the folder"
            assert not link.startswith("/"), f"{path}: {link} is not relative"
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.is_file(), f"{path}: {link} does not exist"
            assert site.resolve() in target.parents, f"{path}: {link} leaves the site"
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in pages[target].ids if target in pages else \
                    parts.fragment in parse(target).ids, f"{path}: {link}"
            checked += 1
    assert checked > 500
    # the stylesheet's fonts too
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    for url in re.findall(r'url\("([^"]+)"\)', css):
        assert (site / "assets" / url).is_file(), url
    assert (site / "assets" / "fonts" / "OFL.txt").read_text().startswith("Copyright")


def test_no_phone_e_mail_or_unsigned_minutes_anywhere(site, records):
    unsigned = [title for status, title in records["meetings"].values() if status == "draft"]
    assert unsigned
    signed_titles = {title for status, title in records["meetings"].values() if status != "draft"}
    for path in text_files(site):
        text = path.read_text(encoding="utf-8")
        for value in records["phones"] + records["emails"]:
            assert value not in text, f"{value} in {path}"
        for title in unsigned:
            if title not in signed_titles:
                assert title not in text, f"the draft's title in {path}"
        assert "@" not in text or path.suffix in (".css", ".js", ".txt"), path
    # the PDFs are those of signed minutes and progress reports only
    names = sorted(p.name for p in (site / "files").iterdir())
    assert names == ["minutes-1-v1.pdf", "minutes-2-v1.pdf", "minutes-3-v1.pdf",
                     "progress-report-plan-2.pdf"]


def test_what_was_left_out_is_said_on_the_site_and_by_the_command(site, records):
    out = records["publish_output"]
    people = len(records["phones"])
    assert "left out of the site:" in out
    assert "- Draft minutes (not approved): 1" in out
    assert "Phone numbers of people shown on the site: " in out
    shown = int(re.search(r"Phone numbers of people shown on the site: (\d+)", out).group(1))
    assert 0 < shown <= people
    assert f"E-mail addresses of people shown on the site: {shown}" in out
    assert "without a digital signature" not in out  # sealed
    page = (site / "left-out.html").read_text(encoding="utf-8")
    assert "محاضر مسودة (غير معتمدة): 1" in page
    assert f"أرقام هواتف أشخاص يظهرون في الموقع: {shown}" in page
    assert "Draft minutes (not approved): 1" in (site / "en" / "left-out.html").read_text("utf-8")


def test_verify_accepts_every_published_minutes_pdf(site, records):
    pdfs = sorted((site / "files").glob("minutes-*.pdf"))
    assert len(pdfs) == 3
    for pdf in pdfs:
        code, out, err = run_cli("--db", records["db"], "verify", pdf)
        assert code == 0, (pdf, err)
        assert "sealed by" in out


def test_a_committee_shows_names_organisations_and_roles(site):
    page = (site / "committees" / "committee-3.html").read_text(encoding="utf-8")
    assert "<table class=\"members\">" in page and "رئيس" in page or "عضو" in page
    english = (site / "en" / "committees" / "committee-3.html").read_text(encoding="utf-8")
    assert "National working group" in english and "Member" in english


def _mtimes(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def test_republishing_rewrites_only_what_changed(records, tmp_path):
    from ogp_desktop.core.db import open_database
    from ogp_desktop.core.models import Commitment
    from ogp_desktop.export.publish import publish

    target = tmp_path / "site"
    db = open_database(records["db"])
    try:
        with db.session(write=False) as session:
            first = publish(session, target)
        assert first.written and not first.unchanged
        past = 1_000_000_000
        for p in target.rglob("*"):
            if p.is_file():
                os.utime(p, ns=(past, past))
        with db.session(write=False) as session:
            again = publish(session, target)
        assert again.written == [] and again.removed == []
        assert set(_mtimes(target).values()) == {past}
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
        assert len(manifest["publications"]) == 1

        with db.session() as session:
            c = session.query(Commitment).filter_by(plan_id=1, number=2).one()
            c.title = c.title + " (معدّل)"
        with db.session(write=False) as session:
            changed = publish(session, target)
        touched = {k for k, v in _mtimes(target).items() if v != past}
        assert set(changed.written) == {"plans/plan-1.html", "en/plans/plan-1.html",
                                        "assets/search-index.js", "changelog.html",
                                        "en/changelog.html"}
        assert touched == set(changed.written) | {"manifest.json"}
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
        for rel, entry in manifest["files"].items():
            import hashlib
            assert hashlib.sha256((target / rel).read_bytes()).hexdigest() == entry["sha256"], rel
        assert [e["path"] for e in manifest["publications"][-1]["changed"]] == ["plans/plan-1.html"]
        changelog = (target / "changelog.html").read_text(encoding="utf-8")
        assert "(معدّل)" not in changelog and "الخطة الوطنية الرابعة" in changelog

        with db.session(write=False) as session:
            only_5th = publish(session, target, ["2"])
        assert "plans/plan-1.html" in only_5th.removed and not (target / "plans/plan-1.html").exists()
        assert not (target / "files" / "minutes-2-v1.pdf").exists()
        assert (target / "plans" / "plan-2.html").is_file()
    finally:
        db.close()


def test_a_folder_with_other_files_is_refused_and_left_alone(records, tmp_path):
    from ogp_desktop.core.db import open_database
    from ogp_desktop.export.publish import publish

    (tmp_path / "notes.txt").write_text("mine")
    db = open_database(records["db"])
    try:
        with db.session(write=False) as session, pytest.raises(ValidationError) as info:
            publish(session, tmp_path)
        assert "is not empty and holds no published site" in str(info.value.message)
        with db.session(write=False) as session, pytest.raises(ValidationError):
            publish(session, tmp_path / "missing" / "site")
    finally:
        db.close()
    # (home/ is the tests' own isolated home folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "notes.txt"]
    assert not (tmp_path / "manifest.json").exists() and not (tmp_path / "missing").exists()


def test_a_cancelled_publication_stops_and_its_manifest_says_what_is_there(records, tmp_path):
    from ogp_desktop.core.db import open_database
    from ogp_desktop.export.publish import publish

    target = tmp_path / "site"
    seen: list[tuple[int, int]] = []
    db = open_database(records["db"])
    try:
        with db.session(write=False) as session:
            result = publish(session, target, progress=lambda d, t: seen.append((d, t)),
                             cancelled=lambda: len(seen) >= 5)
        assert result.cancelled and len(result.written) == 5
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
        assert sorted(manifest["files"]) == sorted(result.written)
        assert manifest["publications"] == []
        with db.session(write=False) as session:
            rest = publish(session, target)
        assert not rest.cancelled and len(rest.unchanged) == 5
    finally:
        db.close()


def test_each_publication_is_logged_and_the_compliance_checks_count_it(site, records, tmp_path,
                                                                       dbtools):
    """The publication log (core/publish/log.py): the command's publication is a line in the
    records, and the checks of standard 2 and the home screen read it."""
    from ogp_desktop.core.compliance import Status, check
    from ogp_desktop.core.db import open_database
    from ogp_desktop.core.models import Publication

    db_path = dbtools.copy(records["db"], tmp_path / "copy.sqlite")  # with its WAL
    db = open_database(db_path)
    try:
        with db.session(write=False) as s:
            before = s.query(Publication).count()
            assert before >= 1  # the module's publication of the site
        code, _out, err = run_cli("--db", db_path, "publish", "-o", tmp_path / "site2")
        assert code == 0, err
        with db.session(write=False) as s:
            lines = s.query(Publication).order_by(Publication.id).all()
            assert len(lines) == before + 1 and lines[-1].pages > 0
            results = {r.check: r for r in check(s, today=lines[-1].published_at.date())}
        assert results["website_published"].status == Status.MET
    finally:
        db.close()
