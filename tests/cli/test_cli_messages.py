"""What the command line says: a bad minutes file is one line (never a traceback) and leaves
the database as it was; user text in a message is escaped and direction-isolated, so it can
not forge a line; under Arabic every line is Arabic; every sub-command's --help explains
each option; a usage error shows the sub-command's usage; the README lists every command.
The tests given `fresh_target`/`demo_target` run on a SQLite file and on a database of the
private PostgreSQL server; on the server through cli.main in this process (the whole
command lines, a new Python each, run on the file)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from in_process import main_in_process

from ogp_desktop import cli
from ogp_desktop.core import i18n

ROOT = Path(__file__).resolve().parents[2]
FSI, PDI = "\u2068", "\u2069"
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BASE = {"format": "ogp-minutes/1", "title": "محضر اجتماع", "date": "2021-06-14"}
PROPERTY = settings(max_examples=40, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])


def command_line(*argv, language: str = "en", cwd: Path | None = None) -> tuple[int, str, str]:
    """The whole command line, as a person types it."""
    env = {**os.environ, "OGP_DESKTOP_LANG": language, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "ogp_desktop", *map(str, argv)],
                          capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=180, cwd=cwd)
    return proc.returncode, proc.stdout, proc.stderr


def assert_one_clean_line(err: str) -> str:
    """Exactly one line, no traceback, no raw control character, bidi controls only as
    balanced FSI … PDI pairs (every other one escaped)."""
    assert err.endswith("\n") and err.count("\n") == 1, repr(err)
    line = err[:-1]
    assert "Traceback" not in line
    bad = [ch for ch in line if unicodedata.category(ch) in ("Cc", "Zl", "Zp", "Cs")]
    assert bad == [], repr(line)
    depth = 0
    for ch in line:
        assert ch not in BIDI or ch in (FSI, PDI), f"unescaped bidi control in {line!r}"
        depth += {FSI: 1, PDI: -1}.get(ch, 0)
        assert depth >= 0, f"PDI without FSI in {line!r}"
    assert depth == 0, f"FSI without PDI in {line!r}"
    return line


def error_prefix(language: str) -> str:
    return i18n.translator(language)("error: {message}").split("{message}")[0]


# --- item 13: the bad minutes files ---------------------------------------------------------


def _json(**changes) -> bytes:
    return json.dumps({**BASE, **changes}, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _raw(tail: str) -> bytes:
    """BASE with one more member written as raw JSON text (what json.dumps can not write)."""
    return (json.dumps(BASE, ensure_ascii=False)[:-1] + ", " + tail + "}").encode("utf-8")


# name → (file bytes, or "missing"/"folder"; English words the line must hold; Arabic words)
BAD_FILES = {
    "sequence 2**63": (_json(sequence=2**63), "Meeting number", "رقم الاجتماع"),
    "sequence -1": (_json(sequence=-1), "Meeting number", "رقم الاجتماع"),
    "sequence 10**30": (_json(sequence=10**30), "Meeting number", "رقم الاجتماع"),
    "other participants -5": (_json(other_participants=-5), "Other participants",
                              "مشاركون آخرون"),
    "other participants 2**64": (_json(other_participants=2**64), "Other participants",
                                 "مشاركون آخرون"),
    "5,000-digit sequence": (_raw('"sequence": ' + "9" * 5000), "Meeting number",
                             "رقم الاجتماع"),
    "5,000-digit number in notes": (_raw('"notes": [' + "1" * 5000 + "]"),
                                    "Notes, item 1", "ملاحظات، البند 1"),
    "nested 5,000 deep (arrays)": (_raw('"notes": ' + "[" * 5000 + "]" * 5000),
                                   "nested too deeply", "متداخل"),
    "nested 5,000 deep (objects)": (_raw('"notes": ' + '{"a":' * 5000 + "1" + "}" * 5000),
                                    "nested too deeply", "متداخل"),
    "duplicate key at the top": (_raw('"title": "ثانٍ"'), "the key \u2068title\u2069",
                                 "المفتاح \u2068title\u2069"),
    "duplicate key in an action item": (
        _json(action_items=[{"text": "a"}, {"text": "b", "owner": "x"}])
        .replace(b'"owner": "x"', b'"owner": "x", "owner": "y"'),
        "Action items, item 2: the key \u2068owner\u2069", "الإجراءات المطلوبة، البند 2"),
    "date 1899-12-31": (_json(date="1899-12-31"), "Date: \u20681899-12-31\u2069", "التاريخ"),
    "date 2101-01-01": (_json(date="2101-01-01"), "Date: \u20682101-01-01\u2069", "التاريخ"),
    "next meeting 2200-01-01": (_json(next_meeting="2200-01-01"), "Next meeting",
                                "الاجتماع القادم"),
    "action item due 1800-01-01": (_json(action_items=[{"text": "a", "due": "1800-01-01"}]),
                                   "Action items, item 1, Due", "الموعد"),
    "not UTF-8 (Latin-1)": ('{"format": "ogp-minutes/1", "title": "café", "date": '
                            '"2021-06-14"}'.encode("latin-1"), "not UTF-8", "UTF-8"),
    "UTF-16": (json.dumps(BASE).encode("utf-16"), "not UTF-8", "UTF-8"),
    "NaN": (_raw('"sequence": NaN'), "NaN", "NaN"),
    "Infinity": (_raw('"other_participants": Infinity'), "Infinity", "Infinity"),
    "-Infinity": (_raw('"sequence": -Infinity'), "-Infinity", "-Infinity"),
    "a JSON array": (b'[{"format": "ogp-minutes/1"}]', "must be a JSON object", "كائن JSON"),
    "a JSON string": (b'"minutes"', "must be a JSON object", "كائن JSON"),
    "null": (b"null", "must be a JSON object", "كائن JSON"),
    "an empty file": (b"", "not valid JSON", "JSON"),
    "broken JSON": (b'{"format": ', "not valid JSON (line 1, column 12)", "السطر 1"),
    "NUL in the title": (_json(title="a\u0000b"), "Title: contains the control character "
                         "U+0000", "العنوان"),
    "lone surrogate in the place": (_raw('"sequence": 1, "location": "\\ud800"'), "Place",
                                    "مكان الاجتماع"),
    "a missing file": ("missing", "there is no such file", "لا يوجد ملف"),
    "a folder": ("folder", "is a folder", "مجلد"),
}


def _bad_path(tmp_path: Path, name: str) -> Path:
    content = BAD_FILES[name][0]
    path = tmp_path / (re.sub(r"\W+", "-", name) + ".json")
    if content == "folder":
        path.mkdir()
    elif content != "missing":
        path.write_bytes(content)
    return path


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_minutes_file_is_one_line_exit_1_and_changes_nothing(
        name, language, tmp_path, demo_target, dbtools, monkeypatch):
    monkeypatch.setenv("OGP_DESKTOP_LANG", language)
    before = dbtools.dump(demo_target)
    code, out, err = main_in_process("--db", demo_target, "import-minutes",
                                     _bad_path(tmp_path, name))
    assert (code, out) == (1, ""), err
    line = assert_one_clean_line(err)
    english, arabic = BAD_FILES[name][1:]
    assert line.startswith(error_prefix(language))
    assert (english if language == "en" else arabic) in line, line
    if language == "ar":
        assert re.search(r"[\u0600-\u06ff]", line.removeprefix(error_prefix("ar")))
    assert dbtools.dump(demo_target) == before


def test_a_utf8_file_with_a_byte_order_mark_is_imported(tmp_path, fresh_target):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + _json())
    code, out, err = main_in_process("--db", fresh_target, "import-minutes", path)
    assert code == 0, err
    assert int(out.splitlines()[-1]) > 0


@pytest.mark.parametrize(("name", "language"), [
    ("sequence 2**63", "en"), ("nested 5,000 deep (arrays)", "ar"),
    ("5,000-digit sequence", "ar"), ("duplicate key at the top", "en"),
])
def test_bad_files_by_whole_command_line(name, language, tmp_path, demo_db_path, dbtools):
    before = dbtools.dump(demo_db_path)
    code, out, err = command_line("--db", demo_db_path, "import-minutes",
                                  _bad_path(tmp_path, name), language=language)
    assert (code, out) == (1, ""), err
    line = assert_one_clean_line(err)
    assert line.startswith(error_prefix(language))
    assert BAD_FILES[name][1 if language == "en" else 2] in line
    assert dbtools.dump(demo_db_path) == before


# --- the property: whatever the file holds, a meeting or one line ----------------------------

TEXT_CHARS = st.one_of(
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),  # Arabic
    st.sampled_from("abcXYZ019 .,:;-{}[]\"'\\/"),
    st.sampled_from(BIDI), st.sampled_from("\x00\n\r\t\x1b\x7f\u2028\u2029"),
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),  # lone surrogates
)
texts = st.one_of(st.text(TEXT_CHARS, max_size=40),
                  st.sampled_from(["x" * 1_000_000, "ب" * 1_000_001, "x\nerror: forged"]))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-2**70, 2**70),
                    st.floats(allow_nan=False, allow_infinity=False), texts)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(texts, inner, max_size=3)), max_leaves=12)
FIELDS = ["format", "language", "title", "plan", "committee", "sequence", "date", "start",
          "end", "mode", "location", "objective", "attendees", "apologies", "absent",
          "other_participants", "discussion", "outputs", "action_items", "next_meeting",
          "notes", "uuid", "extra"]
minutes_like = st.builds(lambda base, changes: {**base, **changes},
                         st.just(BASE), st.dictionaries(st.sampled_from(FIELDS), values,
                                                        max_size=4))


def _deep(depth: int, kind: str) -> str:
    return "[" * depth + "]" * depth if kind == "[" else '{"a":' * depth + "0" + "}" * depth


file_bytes = st.one_of(
    minutes_like.map(lambda o: json.dumps(o, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    minutes_like.map(lambda o: json.dumps(o).encode("ascii")),  # \\uXXXX escapes, surrogates too
    st.binary(max_size=200),
    st.builds(lambda d, k, f: _raw(f'"{f}": ' + _deep(d, k)),
              st.integers(1, 6000), st.sampled_from("[{"), st.sampled_from(FIELDS)),
    st.builds(lambda n, f: _raw(f'"{f}": ' + "7" * n), st.integers(1, 6000),
              st.sampled_from(FIELDS)),
)


@PROPERTY
@given(content=file_bytes, language=st.sampled_from(["en", "ar"]))
@example(content=_raw('"title": "x\\nerror: the plan was rejected"'), language="en")
@example(content=_raw('"date": "x\\u202e\\nerror: the plan was rejected"'), language="ar")
@example(content=_raw('"sequence": ' + "9" * 5000), language="en")
@example(content=_raw('"notes": ' + "[" * 5000 + "]" * 5000), language="ar")
def test_any_file_gives_a_meeting_or_one_line_and_the_database_unchanged(
        content, language, tmp_path, fresh_target, dbtools, monkeypatch):
    monkeypatch.setenv("OGP_DESKTOP_LANG", language)
    path = tmp_path / "any.json"
    path.write_bytes(content)
    before = dbtools.dump(fresh_target)
    code, out, err = main_in_process("--db", fresh_target, "import-minutes", path)
    if code == 0:
        assert err == "" and int(out.splitlines()[-1]) > 0
        assert dbtools.counts(fresh_target)["meetings"] == before_count(before) + 1
    else:
        assert (code, out) == (1, ""), err
        assert assert_one_clean_line(err).startswith(error_prefix(language))
        assert dbtools.dump(fresh_target) == before


def before_count(dump: dict) -> int:
    return len(dump["meetings"])


# --- item 17: user text in a message can not forge a line -----------------------------------

ECHOED = ["date", "start", "format", "uuid", "unknown key", "duplicate key", "mode"]


def _echoing_file(where: str, text: str) -> bytes:
    """A file whose error quotes `text`."""
    if where == "unknown key":
        return _json(**{text or "k": 1})
    if where == "duplicate key":
        key = json.dumps(text)
        return _raw(f"{key}: 1, {key}: 2")
    return _json(**{where: text})


@PROPERTY
@given(text=st.text(TEXT_CHARS, min_size=1, max_size=60), where=st.sampled_from(ECHOED),
       language=st.sampled_from(["en", "ar"]))
@example(text="x\nerror: the plan was rejected", where="date", language="en")
@example(text="\u202eerror: \u2066x\u2069\u2069\u2069", where="unknown key", language="ar")
def test_user_text_in_an_error_is_escaped_and_isolated(text, where, language, tmp_path,
                                                       fresh_target, monkeypatch):
    monkeypatch.setenv("OGP_DESKTOP_LANG", language)
    path = tmp_path / "echo.json"
    path.write_bytes(_echoing_file(where, text).decode("utf-8", "surrogatepass")
                     .encode("utf-8", "surrogatepass"))
    code, out, err = main_in_process("--db", fresh_target, "import-minutes", path)
    if code == 0:  # e.g. a start time that happens to be valid
        return
    assert code == 1
    assert_one_clean_line(err)


def test_a_crafted_value_prints_no_forged_error_line(tmp_path, demo_db_path):
    """The issue's case, by whole command lines: the title is refused in one line, and
    values that are quoted back (a date, a plan reference) show the newline as \\n."""
    forged = "x\nerror: the plan was rejected"
    title = tmp_path / "title.json"
    title.write_bytes(_json(title=forged))
    date = tmp_path / "date.json"
    date.write_bytes(_json(date=forged + "\u202e"))
    code, out, err = command_line("--db", demo_db_path, "import-minutes", title)
    assert code == 1 and assert_one_clean_line(err) == (
        "error: Title: contains a line break, which can not be stored or printed; remove it")
    code, out, err = command_line("--db", demo_db_path, "import-minutes", date)
    assert code == 1 and assert_one_clean_line(err) == (
        "error: Date: '\u2068x\\nerror: the plan was rejected\\u202e\u2069' is not a date; "
        "write it as YYYY-MM-DD, e.g. 2021-06-14")
    code, out, err = command_line("--db", demo_db_path, "export-plan-report", "--plan", forged,
                                  "-o", tmp_path / "r.pdf", language="ar")
    assert code == 1
    assert "\u2068x\\nerror: the plan was rejected\u2069" in assert_one_clean_line(err)


def test_a_title_with_bidi_controls_is_shown_escaped_in_the_success_line(tmp_path, fresh_db_path):
    path = tmp_path / "rlo.json"
    path.write_bytes(_json(title="\u202eعنوان"))
    code, out, err = command_line("--db", fresh_db_path, "import-minutes", path)
    assert code == 0, err
    assert out.splitlines()[0] == "imported \u2068\\u202eعنوان\u2069 as draft minutes"


# --- item 19: under Arabic every line is Arabic ------------------------------------------------

# Latin words an Arabic line may hold: names of formats and programs, the format's own field
# names and values, command and option names (as typed), metavariables.
ALLOWED_LATIN = {
    "PDF", "JSON", "UUID", "SHA-256", "SQLite", "OGP", "Desktop", "iCalendar", "ics", "UTF-8",
    "YYYY-MM-DD", "HH", "MM", "ogp-desktop", "ogp-minutes/1", "docs/minutes-format.md",
    "OGP_DESKTOP_DB", "PNG", "JPEG", "json", "pdf", "ar", "en", "text", "owner", "due",
    "status", "name", "organization", "prepared", "approved", "plans", "committees",
    "meetings", "people", "NaN", "Infinity", "U",
    # a key on a card: the URI's own words (RFC 7512), the driver's name, the card's codes
    "pkcs11", "token", "object", "OpenSC", "PKCS", "PIN", "PUK",
    # the office's server: its actions and roles as typed, the server's own names
    "init", "import-sqlite", "add", "list", "disable", "set-role", "viewer", "editor",
    "approver", "admin", "PostgreSQL", "postgresql", "pg_dump", "postgresql-client", "Debian",
    "NUL",
    # Word minutes (import-docx): the file types and the converter, by their names
    "docx", "doc", "LibreOffice",
    # the progress report's Word format (Latin names stay Latin)
    "Word",
}


def english_left_over(text: str, commands: set[str]) -> list[str]:
    """Latin-letter words left in `text` that are not user data (inside FSI … PDI), ids,
    fingerprints, option names, metavariables or the allowed names above."""
    text = re.sub(f"{FSI}[^{FSI}{PDI}]*{PDI}", " ", text)  # user data and paths
    text = re.sub(r"\b[0-9a-f]{64}\b", " ", text)  # fingerprints
    text = re.sub(r"(?<![\w-])--?[A-Za-z][\w-]*", " ", text)  # --options as typed
    text = re.sub(r"\{[^{}]*\}", " ", text)  # {choice,choice}
    text = re.sub(r"'[^']*'", " ", text)  # a value argparse quotes back (as repr, escaped)
    text = re.sub(r"\bpkcs11:[\w=;%-]*", " ", text)  # a card's key as typed (RFC 7512 URI)
    left = []
    for word in re.findall(r"[A-Za-z][A-Za-z0-9_./-]*[A-Za-z0-9]|[A-Za-z]", text):
        word = word.rstrip(".")
        if (word in ALLOWED_LATIN or word in commands
                or re.fullmatch(r"[A-Z][A-Z0-9_]*(\.[a-z0-9]+)?", word)):  # PATH, OUT.pdf, KEY.p12
            continue
        left.append(word)
    return left


def _subcommands() -> dict[str, object]:
    parser = cli.build_parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return dict(action.choices)


def _command_words() -> set[str]:
    """The names a person types as they are: the sub-commands and their own actions
    (`authority init|issue`, `trust add|list|check`)."""
    words = set()
    for name, sub in _subcommands().items():
        words.add(name)
        for action in sub._actions:
            if action.__class__.__name__ == "_SubParsersAction":
                words.update(action.choices)
    return words


def test_the_english_left_over_checker_finds_english():
    cmds = set(_subcommands())
    assert english_left_over("خطأ: لا يوجد سجل (meeting) رقمه 999", cmds) == ["meeting"]
    assert english_left_over("date: التاريخ 2022-02-30", cmds) == ["date"]
    assert english_left_over(f"كُتب {FSI}/tmp/x.pdf{PDI}؛ بصمة SHA-256: {'a' * 64}", cmds) == []
    assert english_left_over("usage: ogp-desktop sign [--signer NAME] OUT.pdf", cmds) == ["usage"]


@pytest.fixture
def arabic_session(tmp_path, demo_target, backend, monkeypatch):
    """Runs command lines in Arabic on a copy of the demo records: whole command lines, or
    (whole=False, to keep the suite fast; always on the server) through cli.main in this
    process."""
    commands = _command_words()
    seen: list[tuple[tuple, int, str, str]] = []

    def run(*argv, expect: int = 0, whole: bool = True, db=None) -> tuple[str, str]:
        db = db or demo_target
        if whole and backend == "sqlite":
            code, out, err = command_line("--db", db, *argv, language="ar", cwd=tmp_path)
        else:
            monkeypatch.setenv("OGP_DESKTOP_LANG", "ar")
            monkeypatch.chdir(tmp_path)
            code, out, err = main_in_process("--db", db, *argv)
        assert code == expect, (argv, out, err)
        assert "Traceback" not in err
        for line in (out + err).splitlines():
            left = english_left_over(line, commands)
            assert left == [], f"English left in {argv}: {line!r} → {left}"
        seen.append((argv, code, out, err))
        return out, err

    run.seen = seen
    run.db = demo_target
    run.backend = backend
    return run


def test_every_sub_command_speaks_arabic_on_success(arabic_session, tmp_path, dbtools,
                                                    monkeypatch, request):
    run = arabic_session
    (tmp_path / "m.json").write_bytes(_json(committee="لجنة المتابعة"))
    (tmp_path / "logo.png").write_bytes(dbtools.png())
    assert "قاعدة بيانات جديدة" in run("init", db=tmp_path / "new.sqlite")[0]
    run("load-demo")
    for what in ("plans", "committees", "meetings", "people"):
        out, _ = run("list", what)
        assert out.strip()
    sys.path.insert(0, str(ROOT / "tests"))
    from archive_samples import build, seed

    (tmp_path / "m.docx").write_bytes(build(seed("004")))
    out, _ = run("import-docx", "m.docx")
    assert "استُورد" in out and int(out.splitlines()[-1]) > 0
    out, _ = run("import-minutes", "m.json")
    mid = out.splitlines()[-1]
    assert "استُورد" in out
    assert "اعتُمد" in run("approve", mid)[0]
    assert "مسودة" in run("reopen", mid)[0]
    run("approve", mid)
    out, _ = run("sign", mid, "--signer", "مي عليمات", "--role", "رئيسة اللجنة")
    assert "وُقّع" in out and "SHA-256" in out
    assert "سليم" in run("verify", mid)[0]
    run("export-minutes", mid, "--format", "pdf", "-o", "s.pdf")
    assert "الممسوحة" in run("attach-scan", mid, "logo.png")[0]
    run("export-minutes", mid, "-o", "m2.json")
    out, _ = run("amend", mid)
    assert "مسودة جديدة" in out and int(out.splitlines()[-1]) > int(mid)
    assert "ملاحظة" in run("verify", mid)[0]  # amended since
    plan = "1"
    assert "ملفات" in run("export-minutes", "--plan", plan, "--format", "pdf", "-o", "out/")[0]
    assert "محاضر" in run("export-minutes", "--plan", plan, "--format", "pdf", "--bundle",
                          "-o", "b.pdf")[0]
    assert "النسخة الاحتياطية" in run("backup", "copy.sqlite")[0]
    assert "الترويسة" in run("set-letterhead", "--ministry", "وزارة", "--logo", "logo.png")[0]
    assert "سليم" in run("check")[0]
    out, _ = run("publish", "-o", "site", whole=False)
    assert "نُشر الموقع في" in out and "ما لم يُنشر في الموقع:" in out
    assert "محاضر مسودة (غير معتمدة): " in out
    assert "«الاستبيان»" in run("search", "الاستبيان", whole=False)[0]
    assert "فهرس البحث" in run("search", "--reindex", whole=False)[0]
    assert "تقرير سير العمل" in run("export-plan-report", "--plan", plan, "-o", "r.pdf")[0]
    assert "تقويم" in run("export-calendar", "--plan", plan, "-o", "c.ics")[0]
    assert "التزامات" in run("export-progress-report", "--plan", plan, "-o", "p.docx",
                              "--format", "docx", whole=False)[0]
    out, _ = run("compliance", whole=False)
    assert "الأمانة" in out and "غير مستوفى" in out and "المطلوب:" in out
    from ogp_desktop.core.keys import certificates, keyfiles

    monkeypatch.setenv("OGP_DESKTOP_CA_PASSWORD", "ca-password-1")
    monkeypatch.setenv("OGP_DESKTOP_KEY_PASSWORD", "key-password-1")
    assert "جهة التصديق" in run("authority", "init", "--name", "وحدة الحكومة المنفتحة",
                                "-o", "unit.p12", whole=False)[0]
    assert "مفتاح توقيع" in run("authority", "issue", "--ca", "unit.p12", "--name", "مي عليمات",
                                "--role", "مقررة اللجنة", "-o", "mai.p12", whole=False)[0]
    assert "صالحة للتوقيع" in run("trust", "check", "mai.p12", whole=False)[0]
    other = certificates.create_authority("جهة تصديق مرخصة")
    (tmp_path / "other.pem").write_bytes(keyfiles.certificate_pem(other.certificate))
    assert "موثوقة" in run("trust", "add", "other.pem", "--ca", "unit.p12", whole=False)[0]
    assert "جهة التصديق الخاصة بالوحدة" in run("trust", "list", whole=False)[0]
    monkeypatch.setenv("OGP_DESKTOP_SEAL_PASSWORD", "key-password-1")
    run("export-minutes", mid, "--format", "pdf", "-o", "sealed.pdf", "--seal", "mai.p12")
    assert "النسخة الموقّعة" in run("verify", "sealed.pdf")[0]
    # the office's server (a real one, tests/pg_server.py)
    pg = request.getfixturevalue("pg")
    office = "ar_" + uuid.uuid4().hex[:8]
    monkeypatch.setenv("OGP_DESKTOP_LOGIN_PASSWORD", "login-password-1")
    assert "جاهزة" in run("server", "init", "--admin", f"mai_{office}", "--name", "مي عليمات",
                          db=pg.url(office), whole=False)[0]
    assert "بدور editor" in run("users", "add", f"omar_{office}", "--name", "عمر", "--role",
                                "editor", db=pg.url(office, f"mai_{office}", "login-password-1"),
                                whole=False)[0]
    pg.drop_database(office)
    done = {argv[0] for argv, *_ in run.seen}
    assert done == set(_subcommands()), "a sub-command without an Arabic success case"


def test_every_sub_command_speaks_arabic_on_failure(arabic_session, tmp_path, dbtools):
    run = arabic_session
    (tmp_path / "not-a-logo.png").write_bytes(b"text")
    signed = dbtools.sql(run.db, "SELECT id FROM meetings WHERE status = 'signed' LIMIT 1")[0][0]
    dbtools.sql(run.db, "UPDATE minute_items SET text = text || ' عُدّل' WHERE meeting_id = ?",
                (signed,))
    failures = [  # (command line, exit code, by whole command line)
        (("init",), 1, False),
        (("load-demo", "--bogus"), 2, False), (("list", "nothing"), 2, False),
        (("import-minutes", "missing.json"), 1, True),
        (("import-docx", "missing.docx"), 1, True), (("import-docx", "not-a-logo.png"), 1, False),
        (("export-minutes", "999", "-o", "x.json"), 1, False),
        (("approve", str(signed)), 1, False), (("reopen", "999"), 1, False),
        (("amend", "999"), 1, False), (("sign", "1", "--signer", "مي"), 2, True),
        (("check",), 1, True), (("backup",), 2, False),
        (("search", "في"), 1, False), (("search",), 2, False),
        (("set-letterhead", "--logo", "not-a-logo.png"), 1, False),
        (("verify", str(signed)), 1, False),
        (("attach-scan", str(signed), "not-a-logo.png"), 1, False),
        (("export-plan-report", "--plan", "99", "-o", "r.pdf"), 1, False),
        (("export-calendar", "--plan", "99", "-o", "c.ics"), 1, False),
        (("publish", "-o", "."), 1, False),  # a folder with other files and no site in it
        (("export-progress-report", "--plan", "99", "-o", "p.pdf"), 1, False),
        (("compliance", "--plan", "99"), 1, False),
        (("authority", "issue", "--ca", "missing.p12", "--name", "مي", "--role", "مقررة",
          "-o", "p.p12"), 1, False),
        (("trust", "add", "missing.pem"), 1, False),
        (("users", "list"), 1, False) if run.backend == "sqlite"  # a file has no users
        else (("users", "disable", "nobody_here"), 1, False),
        (("server", "import-sqlite", "missing.sqlite"), 1, False),
    ]
    for argv, code, whole in failures:
        out, err = run(*argv, expect=code, whole=whole)
        assert err.strip()
        if code == 2:  # the sub-command's own usage, in Arabic
            assert err.startswith(f"الاستخدام: ogp-desktop {argv[0]} ")
    done = {argv[0] for argv, *_ in run.seen}
    assert done == set(_subcommands()), "a sub-command without an Arabic failure case"


# --- help and usage ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_sub_command_help_says_what_it_does_and_each_option(language, monkeypatch):
    monkeypatch.setenv("OGP_DESKTOP_LANG", language)
    for name, sub in _subcommands().items():
        code, out, err = main_in_process(name, "--help")
        assert code == 0, err
        assert sub.description and sub.description in " ".join(out.split()), name
        for action in sub._actions:
            if action.dest == "help":
                continue
            assert action.help, f"{name} {action.dest}: no description"
            shown = action.option_strings[-1] if action.option_strings else (
                action.metavar or action.dest)
            assert shown in out, (name, shown)
            assert " ".join(action.help.split()) in " ".join(out.split()), (name, action.help)
        if language == "ar":
            assert english_left_over(out, _command_words()) == [], (name, out)


def test_arabic_help_by_whole_command_line(tmp_path):
    code, out, err = command_line("sign", "--help", language="ar")
    assert code == 0, err
    assert out.startswith("الاستخدام: ogp-desktop sign ")
    assert "وقّع محضرًا معتمدًا" in out and "اسم الموقّع" in out and "الخيارات" in out
    code, out, err = command_line("--help", language="ar")
    assert code == 0, err
    assert out.startswith("الاستخدام: ogp-desktop ") and "الأوامر" in out
    assert english_left_over(out, set(_subcommands())) == [], out


@pytest.mark.parametrize(("argv", "message"), [
    (("sign", "1", "--signer", "a"), "give one --role for each --signer"),
    (("sign",), "the following arguments are required: ID"),
    (("export-minutes", "1"), "the following arguments are required: -o/--output"),
    (("check", "--bogus"), "unrecognized arguments: \u2068--bogus\u2069"),
    (("check", "x\nerror: forged"), "unrecognized arguments: \u2068x\\nerror: forged\u2069"),
    (("export-minutes", "-o", "x.json"), "give either a meeting ID or --committee/--plan"),
])
def test_a_usage_error_shows_the_sub_commands_usage(argv, message, fresh_db_path):
    code, out, err = main_in_process("--db", fresh_db_path, *argv)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert lines[0].startswith(f"usage: ogp-desktop {argv[0]} ")
    assert lines[-1] == f"ogp-desktop {argv[0]}: error: {message}" or message in lines[-1]


# --- the README lists every command -----------------------------------------------------------


def test_the_readme_command_list_has_every_sub_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Command line", 1)[1].split("\n## ", 1)[0]
    block = section.split("```", 2)[1]
    listed = set(re.findall(r"^ogp-desktop (?:\[--db PATH\] )?([a-z][a-z-]+)", block, re.M))
    assert set(_subcommands()) <= listed, sorted(set(_subcommands()) - listed)
