"""`ogp-desktop import-docx`: each Word file as draft minutes, its id the last line printed
for it, what it created and guessed said before; a bad file is one line on stderr and
leaves the database as it was; a batch ends with its count on stderr."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive_samples import write_all
from in_process import main_in_process
from test_cli_messages import assert_one_clean_line, command_line, error_prefix


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> dict[str, Path]:
    return write_all(tmp_path_factory.mktemp("word"))


def test_one_file_prints_what_it_made_and_guessed_then_the_id(samples, fresh_db_path, dbtools):
    code, out, err = main_in_process("--db", fresh_db_path, "import-docx", samples["seed_001"])
    assert code == 0 and err == "", err
    lines = out.splitlines()
    assert lines[0] == ("imported \u2068seed_001.docx\u2069 as draft minutes: \u2068الاجتماع الثاني "
                        "لمجموعة العمل الوطنية الخامسة لمبادرة شراكة الحكومات الشفافة 2021-2023\u2069")
    assert "created the plan \u2068الخطة الوطنية الخامسة 2021-2023\u2069" in lines
    assert "created the committee \u2068مجموعة العمل الوطنية\u2069" in lines
    assert "created the person \u2068لما قطيشات\u2069" in lines
    assert any(line.startswith("guessed, to review before approval: Meeting number, Plan")
               for line in lines)
    meeting_id = int(lines[-1])
    rows = dbtools.sql(fresh_db_path, "SELECT status, sequence, mode FROM meetings WHERE id = ?",
                       (meeting_id,))
    assert rows == [("draft", 2, "online")]


def test_a_batch_prints_each_id_and_a_count_and_fails_for_the_bad_file(samples, demo_db_path,
                                                                       tmp_path, dbtools):
    bad = tmp_path / "notes.docx"
    bad.write_text("not Word", encoding="utf-8")
    before = dbtools.counts(demo_db_path)["meetings"]
    code, out, err = main_in_process("--db", demo_db_path, "import-docx", samples["seed_000"],
                                     bad, samples["seed_004"])
    assert code == 1
    ids = [int(x) for x in out.splitlines() if x.isdigit()]
    assert len(ids) == 2 and int(out.splitlines()[-1]) == ids[-1]
    assert dbtools.counts(demo_db_path)["meetings"] == before + 2
    err_lines = err.splitlines()
    assert err_lines[0].startswith("error: File: \u2068") and "notes.docx" in err_lines[0]
    assert err_lines[-1] == "2 files imported; to review: 2; failed: 1"
    assert "matched \u2068لجنة تنفيذ الالتزام الرابع\u2069 to the existing" in out


def test_a_folder_is_every_word_file_in_it(samples, fresh_db_path):
    folder = samples["seed_000"].parent
    code, out, err = main_in_process("--db", fresh_db_path, "import-docx", folder)
    assert code == 0, err
    assert err.splitlines()[-1] == "7 files imported; to review: 7; failed: 0"


def _sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as fh:
        fh.truncate(size)
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
BAD = {
    "not Word": (lambda p: _write(p, b"hello"), "is not a Word file", "ليس ملف"),
    "a .doc": (lambda p: _write(p.with_suffix(".doc"), OLE), "save it as .docx", ".docx"),
    "protected": (lambda p: _write(p, OLE + "EncryptedPackage".encode("utf-16-le")),
                  "protected by a password", "كلمة مرور"),
    "damaged zip": (lambda p: _write(p, b"PK\x03\x04" + b"\xff" * 100), "is damaged", "تالف"),
    "over 200 MB": (lambda p: _sparse(p, 200 * 2**20 + 1), "at most 200 MB", "200"),
    "missing": (lambda p: p, "there is no such file", "لا يوجد ملف"),
}


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("name", list(BAD))
def test_a_bad_file_is_one_line_and_changes_nothing(name, language, tmp_path, demo_db_path,
                                                    dbtools, monkeypatch):
    monkeypatch.setenv("OGP_DESKTOP_LANG", language)
    make, english, arabic = BAD[name]
    path = make(tmp_path / "minutes.docx")
    before = dbtools.dump(demo_db_path)
    code, out, err = main_in_process("--db", demo_db_path, "import-docx", path)
    assert (code, out) == (1, ""), err
    line = assert_one_clean_line(err)
    assert line.startswith(error_prefix(language))
    assert (english if language == "en" else arabic) in line, line
    assert dbtools.dump(demo_db_path) == before


def test_in_arabic_by_whole_command_line(samples, fresh_db_path):
    code, out, err = command_line("--db", fresh_db_path, "import-docx", samples["seed_004"],
                                  language="ar")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("استُورد") and int(lines[-1]) > 0
    assert any(line.startswith("أُنشئ") for line in lines)
