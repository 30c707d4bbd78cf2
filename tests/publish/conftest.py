"""A site published once per module from a copy of the demo records, with phones and
e-mail addresses given to the demo people (so the tests can look for them) and the
approved minutes of 14/6/2021 signed (they speak of «الاستبيان», which the search finds)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from publish_helpers import run_cli

SEAL_PASSWORD = "seal-password-1"
PHONE = "0791234{:03d}"
EMAIL = "person{:03d}@example.jo"


@pytest.fixture(scope="module")
def records(tmp_path_factory, demo_template) -> dict:
    """The demo records, prepared as above, and the unit's seal key."""
    from ogp_desktop.core.db import open_database
    from ogp_desktop.core.keys import operations
    from ogp_desktop.core.models import Meeting, Person

    folder = tmp_path_factory.mktemp("publish")
    db_path = folder / "demo.sqlite"
    shutil.copy(demo_template, db_path)
    db = open_database(db_path)
    try:
        with db.session() as session:
            people = session.query(Person).order_by(Person.id).all()
            for n, person in enumerate(people):
                person.phone = PHONE.format(n)
                person.email = EMAIL.format(n)
            unit, _ = operations.init_authority(session, "وحدة الحكومة الشفافة",
                                                folder / "unit.p12", b"ca-password-1")
            operations.issue_key(session, unit, "وحدة الحكومة الشفافة", "ختم الوحدة",
                                 folder / "seal.p12", SEAL_PASSWORD.encode())
        with db.session(write=False) as session:
            meetings = {m.id: (m.status.value, m.title) for m in session.query(Meeting)}
    finally:
        db.close()
    code, out, err = run_cli("--db", db_path, "sign", "3", "--signer", "مي عليمات",
                             "--role", "منسقة وحدة الحكومة الشفافة")
    assert code == 0, err
    return {"db": db_path, "seal": folder / "seal.p12", "folder": folder,
            "phones": [PHONE.format(n) for n in range(len(people))],
            "emails": [EMAIL.format(n) for n in range(len(people))],
            "meetings": meetings}


@pytest.fixture(scope="module")
def site(records) -> Path:
    """The site, published by the command line with the seal key."""
    target = records["folder"] / "site"
    import os

    os.environ["OGP_DESKTOP_SEAL_PASSWORD"] = SEAL_PASSWORD
    try:
        code, out, err = run_cli("--db", records["db"], "publish", "-o", target, "--seal",
                                 records["seal"], "--timestamp-url", "")
    finally:
        del os.environ["OGP_DESKTOP_SEAL_PASSWORD"]
    assert code == 0, err
    records["publish_output"] = out
    return target
