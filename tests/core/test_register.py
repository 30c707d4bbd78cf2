"""Attacks of an insider who can write the database file (#11, "Tests and figures"): each
rewrite below passed `check` and `verify ID` before the register, the chained audit log and
key signatures; each must be caught now. The attacker uses SQL on the file, and recomputes
every keyless hash (the snapshot's SHA-256, the audit chain) where that would hide them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import subprocess
import sys

import pytest

from ogp_desktop.core.chain import GENESIS, audit_line_hash, canonical_json
from ogp_desktop.core.db import open_database
from ogp_desktop.core.errors import LifecycleError
from ogp_desktop.core.integrity import check_database
from ogp_desktop.core.keys import operations
from ogp_desktop.core.models import Meeting, MinutesStatus, SignatureKind, SignatureMeaning
from ogp_desktop.core.services import meetings, signing
from ogp_desktop.core.services.meetings import load_meeting

UNIT = "وحدة الحكومة المنفتحة"
CA_PW, PW = b"ca-password-1", b"person-password-1"


@pytest.fixture
def signed(demo_db_path, tmp_path):
    """The demo records with their approved minutes signed by two keys (prepared, then
    approved): (path, meeting id)."""
    db = open_database(demo_db_path)
    try:
        with db.session() as s:
            unit, _ = operations.init_authority(s, UNIT, tmp_path / "unit.p12", CA_PW)
            mai, _ = operations.issue_key(s, unit, "مي عليمات", "مقررة اللجنة", tmp_path / "m.p12", PW)
            ahmad, _ = operations.issue_key(s, unit, "أحمد العبدالله", "رئيس اللجنة",
                                            tmp_path / "a.p12", PW)
        with db.session() as s:
            meeting_id = s.query(Meeting.id).filter(Meeting.status == MinutesStatus.APPROVED).first()[0]
            signing.sign(s, meeting_id, [
                signing.Signatory("", "", SignatureMeaning.PREPARED, key=mai),
                signing.Signatory("", "", SignatureMeaning.APPROVED, key=ahmad)])
        assert check_database(db).ok
    finally:
        db.close()
    return demo_db_path, meeting_id


def _problems(path) -> list[str]:
    db = open_database(path)
    try:
        return [str(p) for p in check_database(db).problems]
    finally:
        db.close()


def _verify(path, meeting_id) -> tuple[int, str]:
    proc = subprocess.run([sys.executable, "-m", "ogp_desktop.cli", "--db", str(path), "verify",
                           str(meeting_id)], capture_output=True, text=True, encoding="utf-8",
                          stdin=subprocess.DEVNULL, timeout=120)
    return proc.returncode, proc.stdout + proc.stderr


def _forge(path, meeting_id: int, words: str = "رُفضت الخطة") -> None:
    """A consistent forgery: the text changed in the rows and in the snapshot, and the
    snapshot's SHA-256 recomputed, as an insider with the file would do it."""
    con = sqlite3.connect(path)
    try:
        snapshot = json.loads(con.execute("SELECT snapshot FROM meetings WHERE id = ?",
                                          (meeting_id,)).fetchone()[0])
        old = snapshot["title"]
        snapshot["title"] = f"{words} — {old}"
        text = canonical_json(snapshot).decode("utf-8")
        con.execute("UPDATE meetings SET title = ?, snapshot = ?, snapshot_sha256 = ? WHERE id = ?",
                    (snapshot["title"], text, hashlib.sha256(text.encode()).hexdigest(), meeting_id))
        con.commit()
    finally:
        con.close()


def test_a_consistent_forgery_of_key_signed_minutes_is_caught(signed):
    path, meeting_id = signed
    _forge(path, meeting_id)
    problems = _problems(path)
    assert any("key signature of" in p and "does not match" in p for p in problems), problems
    assert any("not the one the register recorded" in p for p in problems), problems
    code, out = _verify(path, meeting_id)
    assert code == 1 and "key signature" in out


def test_a_consistent_forgery_of_minutes_signed_on_paper_is_caught_by_the_register(signed):
    path, _ = signed
    [(paper_id,)] = sqlite3.connect(path).execute(
        "SELECT m.id FROM meetings m JOIN signatures s ON s.meeting_id = m.id "
        "WHERE m.status = 'signed' AND s.kind = 'paper' GROUP BY m.id LIMIT 1").fetchall()
    _forge(path, paper_id)
    assert any("not the one the register recorded" in p for p in _problems(path))
    assert _verify(path, paper_id)[0] == 1


def test_signed_minutes_deleted_with_all_their_rows_and_audit_lines_are_caught(signed):
    path, meeting_id = signed
    con = sqlite3.connect(path)
    uuid = con.execute("SELECT uuid FROM meetings WHERE id = ?", (meeting_id,)).fetchone()[0]
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("DELETE FROM audit_log WHERE entity_uuid = ?", (uuid,))
    con.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))  # cascades to its rows
    con.commit()
    con.close()
    problems = _problems(path)
    assert any("no longer in the records" in p and uuid in p for p in problems), problems


def _rechain_audit(path) -> None:
    """Recompute the whole audit chain, as an attacker who read core/chain.py would."""
    con = sqlite3.connect(path)
    prev = GENESIS
    for row in con.execute("SELECT id, at, os_user, action, entity, entity_id, entity_uuid, "
                           "details FROM audit_log ORDER BY id").fetchall():
        digest = audit_line_hash(id=row[0], at=dt.datetime.fromisoformat(row[1]), os_user=row[2],
                                 action=row[3], entity=row[4], entity_id=row[5],
                                 entity_uuid=row[6], details=row[7], prev_hash=prev)
        con.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, row[0]))
        prev = digest
    con.commit()
    con.close()


@pytest.mark.parametrize("attack", ["edit", "remove", "insert", "empty", "edit and rechain"])
def test_the_audit_log_can_not_be_edited_emptied_or_given_forged_lines(signed, attack):
    path, _ = signed
    con = sqlite3.connect(path)
    if attack in ("edit", "edit and rechain"):
        con.execute("UPDATE audit_log SET os_user = 'someone-else' WHERE id = 3")
    elif attack == "remove":
        con.execute("DELETE FROM audit_log WHERE id = 3")
    elif attack == "insert":
        con.execute("INSERT INTO audit_log (id, at, os_user, action, entity, prev_hash, hash) "
                    "VALUES (100000, '2020-01-01 00:00:00.000000', 'x', 'approve', 'meeting', "
                    "'0', '0')")
    else:
        con.execute("DELETE FROM audit_log")
    con.commit()
    con.close()
    if attack == "edit and rechain":
        _rechain_audit(path)
    problems = _problems(path)
    assert any(p.startswith("audit log:") for p in problems), problems


def test_a_nulled_signature_state_is_caught_and_can_not_be_signed_again(signed, tmp_path):
    path, meeting_id = signed
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("DELETE FROM signatures WHERE meeting_id = ?", (meeting_id,))
    con.execute("UPDATE meetings SET status = 'approved', snapshot = NULL, snapshot_sha256 = NULL, "
                "signed_at = NULL WHERE id = ?", (meeting_id,))
    con.commit()
    con.close()
    assert any("the register says version 1 was signed" in p for p in _problems(path))
    db = open_database(path)
    try:
        with pytest.raises(LifecycleError, match="was signed already"), db.session() as s:
            signing.sign(s, meeting_id, [signing.Signatory("x", "y")])
        with db.session(write=False) as s:
            assert load_meeting(s, meeting_id).status == MinutesStatus.APPROVED
    finally:
        db.close()


def test_a_key_signature_turned_into_a_paper_one_is_caught(signed):
    path, meeting_id = signed
    sqlite3.connect(path).execute(
        "UPDATE signatures SET kind = 'paper', value = NULL, certificate_id = NULL "
        "WHERE meeting_id = ?", (meeting_id,)).connection.commit()
    assert any("not the ones the register recorded" in p for p in _problems(path))


@pytest.mark.parametrize("attack", ["edit", "remove", "rechain"])
def test_the_register_can_not_be_edited(signed, attack):
    path, _ = signed
    con = sqlite3.connect(path)
    if attack == "edit":
        con.execute("UPDATE register SET os_user = 'someone-else' WHERE seq = 2")
    elif attack == "remove":
        con.execute("DELETE FROM register WHERE seq = 2")
    else:  # change an entry and recompute every hash after it: the keys' signatures break
        from ogp_desktop.core.chain import register_entry_hash

        rows = con.execute("SELECT seq, at, os_user, action, entity, entity_uuid, details, "
                           "audit_id, audit_hash FROM register ORDER BY seq").fetchall()
        prev = GENESIS
        for seq, at, user, action, entity, uuid, details, audit_id, audit_hash in rows:
            if action == "sign" and "sha256" in details:
                d = json.loads(details)
                d["sha256"] = "0" * 64
                details = canonical_json(d).decode("utf-8")
            digest = register_entry_hash(seq=seq, at=dt.datetime.fromisoformat(at), os_user=user,
                                         action=action, entity=entity, entity_uuid=uuid,
                                         details=json.loads(details), audit_id=audit_id,
                                         audit_hash=audit_hash, prev_hash=prev)
            con.execute("UPDATE register SET details = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                        (details, prev, digest, seq))
            prev = digest
    con.commit()
    con.close()
    problems = _problems(path)
    assert any(p.startswith("register") for p in problems), problems


def test_an_authority_slipped_in_by_sql_is_caught(signed, tmp_path):
    from ogp_desktop.core.keys import certificates

    path, _ = signed
    other = certificates.create_authority("جهة المهاجم")
    cert = other.certificate
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO certificates (kind, trusted, subject_name, serial, sha256, not_before, "
        "not_after, der, uuid, created_at, updated_at) VALUES ('imported_authority', 1, ?, '1', ?, "
        "'2020-01-01 00:00:00', '2040-01-01 00:00:00', ?, 'u-1', '2020-01-01 00:00:00', "
        "'2020-01-01 00:00:00')", ("جهة المهاجم", certificates.fingerprint(cert), certificates.der(cert)))
    con.commit()
    con.close()
    assert any("no record of trusting it" in p for p in _problems(path))


def _alembic(path, action, revision: str) -> None:
    from ogp_desktop.core import db as dbmod

    engine = dbmod.make_engine(path, foreign_keys=False)
    try:
        with engine.connect() as conn, conn.begin():
            cfg = dbmod._alembic_config()
            cfg.attributes["connection"] = conn
            action(cfg, revision)
    finally:
        engine.dispose()


def test_minutes_signed_before_keys_verify_as_fingerprint_only(demo_db_path):
    from alembic import command

    _alembic(demo_db_path, command.downgrade, "0004")  # records as 0.1 kept them
    _alembic(demo_db_path, command.upgrade, "head")
    assert {k for (k,) in sqlite3.connect(demo_db_path).execute(
        "SELECT DISTINCT kind FROM signatures")} == {"fingerprint"}
    code, out = _verify(demo_db_path, 1)
    assert code == 0, out
    db = open_database(demo_db_path)
    try:
        with db.session(write=False) as s:
            meeting = s.query(Meeting).filter(Meeting.status == MinutesStatus.SIGNED).first()
            result = signing.verify_meeting(s, meeting)
        assert result.ok and result.fingerprint_only
        assert result.levels == [SignatureKind.FINGERPRINT] * len(result.levels)
    finally:
        db.close()


def test_deleting_a_draft_is_entered_in_the_register(demo_db):
    with demo_db.session() as s:
        draft = s.query(Meeting).filter(Meeting.status == MinutesStatus.DRAFT).first()
        uuid = draft.uuid
        meetings.delete_draft(s, draft.id)
    with demo_db.session(write=False) as s:
        from ogp_desktop.core.register import entries_for

        assert [e.action for e in entries_for(s, uuid)] == ["delete"]
    assert check_database(demo_db).ok


def test_a_wrong_password_signs_nothing(demo_db_path, tmp_path, dbtools):
    db = open_database(demo_db_path)
    try:
        with db.session() as s:
            unit, _ = operations.init_authority(s, UNIT, tmp_path / "unit.p12", CA_PW)
            operations.issue_key(s, unit, "مي عليمات", "مقررة اللجنة", tmp_path / "m.p12", PW)
            meeting_id = s.query(Meeting.id).filter(Meeting.status == MinutesStatus.APPROVED).first()[0]
    finally:
        db.close()
    before = dbtools.dump(demo_db_path)
    (tmp_path / "pw").write_text("wrong-password\n", encoding="utf-8")
    for lang, words in (("en", "password"), ("ar", "كلمة المرور")):
        proc = subprocess.run(
            [sys.executable, "-m", "ogp_desktop.cli", "--db", str(demo_db_path), "sign",
             str(meeting_id), "--key", str(tmp_path / "m.p12"), "--password-file",
             str(tmp_path / "pw")], capture_output=True, text=True, encoding="utf-8",
            stdin=subprocess.DEVNULL, timeout=120, env={**os.environ,
                                                        "OGP_DESKTOP_LANG": lang})
        assert proc.returncode == 1 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
        assert words in proc.stderr and "Traceback" not in proc.stderr
    assert dbtools.dump(demo_db_path) == before
