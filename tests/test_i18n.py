"""The message catalogs (i18n/): every string of the program has an Arabic translation, the
translations keep their placeholders, every catalog compiles, the runtime finds them, and the
command line speaks the user's language. No Qt here (tests/ui/test_i18n_ui.py has the GUI)."""

from __future__ import annotations

import gettext
import importlib.util
import io
import re
import string
import unicodedata
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from ogp_desktop import cli
from ogp_desktop.core import i18n

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "i18n"


def _load_build():
    """i18n/build.py, the script that extracts and compiles (not a package: load by path)."""
    spec = importlib.util.spec_from_file_location("ogp_i18n_build", I18N / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build()


def po_path(language: str) -> Path:
    return I18N / language / "LC_MESSAGES" / "messages.po"


def read_catalog(path: Path):
    with open(path, "rb") as fh:
        return read_po(fh)


@pytest.fixture(scope="module")
def source_msgids(tmp_path_factory) -> list[str]:
    """The messages of the program as it is now: build.py's own extraction (same keywords,
    same options), written to a temporary .pot instead of i18n/messages.pot."""
    folder = tmp_path_factory.mktemp("pot")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build, "HERE", folder)
        build.extract()
    ids = [m.id for m in read_catalog(folder / "messages.pot") if m.id]
    assert len(ids) > 100, "the extraction found almost nothing"
    return ids


@pytest.fixture(scope="module")
def arabic():
    return read_catalog(po_path("ar"))


# --- (a) the Arabic catalog is complete --------------------------------------------------------


def untranslated_messages(catalog, msgids) -> list[str]:
    """What of `msgids` `catalog` lacks: missing, fuzzy, empty, or a plural message without
    every form of the language (Arabic: six)."""
    untranslated = []
    for msgid in msgids:
        entry = catalog.get(msgid)
        if entry is None:
            untranslated.append(f"not in ar/messages.po (run i18n/build.py): {msgid!r}")
        elif entry.fuzzy:
            untranslated.append(f"fuzzy (check it, then remove the flag): {msgid!r}")
        elif not entry.string or (isinstance(entry.string, (tuple, list)) and (
                len(entry.string) != catalog.num_plurals or not all(entry.string))):
            untranslated.append(f"no translation (or a plural form missing): {msgid!r}")
    return untranslated


def test_every_message_of_the_program_has_an_arabic_translation(source_msgids, arabic):
    untranslated = untranslated_messages(arabic, source_msgids)
    assert not untranslated, (
        f"{len(untranslated)} message(s) without an Arabic translation in "
        "i18n/ar/LC_MESSAGES/messages.po (see README, Translations):\n  "
        + "\n  ".join(untranslated))


def _arabic_catalog_with(entry: str):
    """A catalog with the Arabic header (its six plural forms) and this one entry."""
    po = po_path("ar").read_text(encoding="utf-8").split("\n\n", 1)[0]  # the header entry
    return read_po(io.BytesIO((po + "\n\n" + entry).encode("utf-8")))


@pytest.mark.parametrize("forms", [
    ["لا ملف", "ملف واحد", "ملفان", "{n} ملفات", "{n} ملفًا", ""],  # the 100+ form missing
    ["لا ملف", "ملف واحد", "ملفان", "{n} ملفات", "{n} ملفًا"],      # only five forms
])
def test_a_plural_message_with_a_missing_arabic_form_is_untranslated(forms):
    """An Arabic plural entry needs all six forms: a hole in one is caught like a missing
    translation, not shown in English at 100 files."""
    one, many = "{n} file", "{n} files"
    entry = (f'msgid "{one}"\nmsgid_plural "{many}"\n'
             + "".join(f'msgstr[{i}] "{form}"\n' for i, form in enumerate(forms)))
    catalog = _arabic_catalog_with(entry)
    assert catalog.num_plurals == 6
    assert untranslated_messages(catalog, [(one, many)]) == [
        f"no translation (or a plural form missing): {(one, many)!r}"]
    filled = [form or "{n} ملف" for form in forms + [""] * (6 - len(forms))]
    complete = _arabic_catalog_with(f'msgid "{one}"\nmsgid_plural "{many}"\n' + "".join(
        f'msgstr[{i}] "{form}"\n' for i, form in enumerate(filled)))
    assert untranslated_messages(complete, [(one, many)]) == []


def _marked_literals() -> list[tuple[str, int, str]]:
    """(file, line, msgid) of every _("…") / N_("…") with a literal in the source, found
    with Python's own parser (which also sees calls inside f-strings)."""
    import ast

    found = []
    for path in sorted((ROOT / "ogp_desktop").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "N_") and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                found.append((str(path.relative_to(ROOT)), node.lineno, node.args[0].value))
    return found


def test_every_marked_string_reaches_the_catalog(source_msgids):
    """babel's extractor does not look inside f-strings: f"{_('x')}" is never translated.
    Mark the string outside the f-string (text = _("x"); f"… {text}")."""
    extracted = set(source_msgids)
    lost = [f"{file}:{line}: {msgid!r}" for file, line, msgid in _marked_literals()
            if msgid not in extracted]
    assert lost == [], "marked for translation but not extracted:\n  " + "\n  ".join(lost)


def test_the_extraction_keywords_cover_every_domain_error():
    """A new error class must be added to build.KEYWORDS, or its messages stay English."""
    from ogp_desktop.core import errors

    classes = {name for name, obj in vars(errors).items()
               if isinstance(obj, type) and issubclass(obj, errors.DomainError)}
    assert classes <= set(build.KEYWORDS)
    assert {"_", "N_"} <= set(build.KEYWORDS)


def test_the_english_catalog_stays_english():
    """English is the source text: en/messages.po carries no (fuzzy) guesses, which the
    build would compile (it compiles English with --use-fuzzy)."""
    wrong = [m.id for m in read_catalog(po_path("en"))
             if m.id and (m.fuzzy or (any(m.string) if isinstance(m.id, tuple)
                                      else (m.string and m.string != m.id)))]
    assert wrong == []


# --- (b) placeholders ---------------------------------------------------------------------------

_BRACES = re.compile(r"\{[^{}]*\}")
_QT_ARGS = re.compile(r"%\d+")
_MNEMONIC = re.compile(r"&(?=[^&\s])")


def _fields(text: str) -> list[str]:
    return sorted(name for _lit, name, _spec, _conv in string.Formatter().parse(text)
                  if name is not None)


def _translated(catalog):
    """Entries with one msgid and one translation (plural entries: see the test below)."""
    return [m for m in catalog if m.id and isinstance(m.id, str) and m.string and not m.fuzzy]


def test_arabic_plural_entries_have_six_forms_that_format(arabic):
    """Arabic has six plural forms (0, 1, 2, 3–10, 11–99, 100+, the header's Plural-Forms):
    each is filled, uses only the msgid's placeholders, Western digits and no hidden marks,
    and the runtime picks the form of n."""
    assert arabic.num_plurals == 6
    plurals = [m for m in arabic if m.id and isinstance(m.id, tuple)]
    assert plurals, "no plural message in the catalog"
    problems = []
    for m in plurals:
        allowed = set(_fields(m.id[1]))
        if m.fuzzy or len(m.string) != 6 or not all(m.string):
            problems.append(f"{m.id[0]!r}: not six translated forms")
            continue
        for form in m.string:
            if not set(_fields(form)) <= allowed:
                problems.append(f"{m.id[0]!r}: {form!r} has placeholders the msgid lacks")
            form.format(**{name: 1 for name in allowed})
            if re.search(r"[\u0660-\u0669\u06f0-\u06f9]", form) or any(
                    unicodedata.category(ch) == "Cf" for ch in form):
                problems.append(f"{m.id[0]!r}: Arabic-Indic digits or hidden marks")
    assert problems == []
    from babel import Locale

    order = ["zero", "one", "two", "few", "many", "other"]  # CLDR's categories, gettext's order
    rule = gettext.c2py(arabic.plural_expr)
    assert [rule(n) for n in range(1000)] == [
        order.index(Locale("ar").plural_form(n)) for n in range(1000)]
    _ = i18n.translator("ar")
    one, many = "wrote {n} file to {path}", "wrote {n} files to {path}"
    forms = arabic.get(one).string
    assert [_.ngettext(one, many, n) for n in (0, 1, 2, 5, 11, 100)] == list(forms)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_translations_keep_the_placeholders_of_their_msgid(language):
    problems = []
    for m in _translated(read_catalog(po_path(language))):
        if sorted(_BRACES.findall(m.id)) != sorted(_BRACES.findall(m.string)):
            problems.append(f"{m.id!r}: {{…}} {sorted(_BRACES.findall(m.string))}")
        if sorted(_QT_ARGS.findall(m.id)) != sorted(_QT_ARGS.findall(m.string)):
            problems.append(f"{m.id!r}: %n placeholders differ")
        if bool(_MNEMONIC.search(m.id)) != bool(_MNEMONIC.search(m.string)):
            problems.append(f"{m.id!r}: keyboard mnemonic & lost or added")
        if "[*]" in m.id and "[*]" not in m.string:
            problems.append(f"{m.id!r}: Qt's [*] (unsaved mark) lost")
        # formatting as the program does must work (e.g. {mb:.1f} stays a number format)
        try:
            m.string.format(**{name: 1.5 for name in _fields(m.id)})
        except (KeyError, IndexError, ValueError) as exc:
            problems.append(f"{m.id!r}: .format() fails: {exc!r}")
    assert problems == []


def test_arabic_translations_use_western_digits_and_no_hidden_marks(arabic):
    """The secretariat writes 14/6/2021, not ١٤/٦/٢٠٢١; direction marks hidden in a
    translation are invisible to the next translator."""
    problems = []
    for m in _translated(arabic):
        if re.search(r"[\u0660-\u0669\u06f0-\u06f9]", m.string):
            problems.append(f"{m.id!r}: Arabic-Indic digits")
        if any(unicodedata.category(ch) == "Cf" for ch in m.string):
            problems.append(f"{m.id!r}: invisible formatting character")
        if m.string != m.string.strip() and m.id == m.id.strip():
            problems.append(f"{m.id!r}: leading/trailing space")
    assert problems == []


# --- (c) every catalog compiles ---------------------------------------------------------------------


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_catalog_compiles(language, tmp_path):
    catalog = read_catalog(po_path(language))
    errors = [(m.id, e) for m, errs in catalog.check() for e in errs]
    assert errors == []
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=language == "en")
    buffer.seek(0)
    compiled = gettext.GNUTranslations(buffer)
    for m in _translated(catalog):
        assert compiled.gettext(m.id) == m.string

    # and the way build.py compiles it (pybabel compile), into a temporary folder
    out = tmp_path / "messages.mo"
    status = CommandLineInterface().run(
        ["pybabel", "-q", "compile", "-i", str(po_path(language)), "-o", str(out),
         "-l", language, *(["--use-fuzzy"] if language == "en" else [])])
    assert status in (0, None) and out.stat().st_size > 0


def test_build_compiles_every_offered_language():
    assert tuple(build.LANGUAGES) == tuple(i18n.LANGUAGES)
    for language in i18n.LANGUAGES:
        assert po_path(language).is_file(), language


# --- (d), (e) the runtime -----------------------------------------------------------------------------

GLOSSARY = {
    # the ministry's own words (docs: the domain guide's glossary)
    "Minutes of meeting": "محضر اجتماع",
    "Attendees": "الحضور",
    "Apologies": "الاعتذار",
    "Objective": "الهدف",
    "Main discussion points": "أهم محاور النقاش",
    "Outputs and decisions": "المخرجات",
    "Commitment": "الالتزام",
    "Implementation committee": "لجنة تنفيذ الالتزام",
    "National working group": "مجموعة العمل الوطنية",
    "Multi-stakeholder forum": "المنتدى متعدد الأطراف",
    "Task force": "فريق عمل الالتزام",
    "Upcoming activities": "الأنشطة القادمة",
    # statuses and signature meanings
    "Draft": "مسودة",
    "Approved": "معتمد",
    "Signed": "موقّع",
    "Prepared by": "أعدّه",
    "Approved by": "اعتمده",
    # an error, as shown after a field name
    "is required": "مطلوب",
}


def _has_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


@pytest.mark.parametrize(("msgid", "arabic_text"), GLOSSARY.items())
def test_the_arabic_translator_speaks_the_glossary(msgid, arabic_text):
    assert i18n.translator("ar")(msgid) == arabic_text


@pytest.mark.parametrize("msgid", ["Meetings", "Save", "Sign the minutes", "Calendar",
                                   "must be text, not {kind}", "Page {page} of {pages}"])
def test_the_arabic_translator_returns_arabic(msgid):
    text = i18n.translator("ar")(msgid)
    assert text != msgid and _has_arabic(text)


def test_english_is_the_source_text():
    tr = i18n.translator("en")
    assert tr("Meetings") == "Meetings" and tr("is required") == "is required"


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_offered_language_loads_its_catalog(language):
    translations = i18n.translations(language)
    assert isinstance(translations, gettext.NullTranslations)
    # a catalog was found (.mo, or the .po of a checkout not built yet), not the fallback
    assert type(translations) is not gettext.NullTranslations, language


def test_a_checkout_without_mo_files_reads_the_po(tmp_path, monkeypatch):
    """Before `i18n/build.py --compile` has run, the .po itself is read (fuzzy skipped)."""
    from ogp_desktop import resources

    folder = tmp_path / "i18n" / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_bytes(po_path("ar").read_bytes())
    monkeypatch.setattr(resources, "root", lambda name: tmp_path / name)
    i18n.translations.cache_clear()
    try:
        assert i18n.translator("ar")("Attendees") == "الحضور"
    finally:
        i18n.translations.cache_clear()


# --- (f) the command line -------------------------------------------------------------------------


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    try:
        code = cli.main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def _minutes_file(tmp_path: Path, date: str) -> Path:
    path = tmp_path / "minutes.json"
    path.write_text('{"format": "ogp-minutes/1", "title": "محضر اجتماع", '
                    f'"date": "{date}"}}', encoding="utf-8")
    return path


BAD_DATE = "'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2021-06-14"
UNREAL_DATE = "{value} is not a real calendar date"


@pytest.mark.parametrize(("date", "msgid", "arabic_words"), [
    ("14/6/2021", BAD_DATE, "ليس تاريخًا"),
    ("2021-02-30", UNREAL_DATE, "غير موجود في التقويم"),
])
@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_the_command_line_speaks_the_users_language(capsys, monkeypatch, tmp_path, fresh_db_path,
                                                    language, date, msgid, arabic_words):
    monkeypatch.setenv("OGP_DESKTOP_LANG", language)
    code, out, err = run_cli(capsys, "--db", fresh_db_path, "import-minutes",
                             _minutes_file(tmp_path, date))
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1
    _ = i18n.translator(language)
    expected = _(msgid).format(value="\u2068" + date + "\u2069")  # the user's value, isolated
    assert err.strip() == _("error: {message}").format(message=f"{_('Date')}: {expected}")
    if language == "ar":
        assert arabic_words in err and date in err
    else:
        assert not _has_arabic(err) and msgid.format(value="\u2068" + date + "\u2069") in err


def test_the_command_line_follows_an_arabic_locale(capsys, monkeypatch, tmp_path, fresh_db_path):
    monkeypatch.delenv("OGP_DESKTOP_LANG", raising=False)
    monkeypatch.setenv("LC_ALL", "ar_JO.UTF-8")
    code, _out, err = run_cli(capsys, "--db", fresh_db_path, "import-minutes",
                              _minutes_file(tmp_path, "14/6/2021"))
    assert code == 1 and "ليس تاريخًا" in err
