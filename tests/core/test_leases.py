"""Leases, "being edited by NAME" (#12 item 3): the editor of a draft takes its lease, renews
it, gives it back; someone else's live lease is not taken (its holder is said instead); an
unrenewed lease expires after LEASE_SECONDS. Real time arithmetic through `now`, on a
SQLite file (another person: another OS login on the same machine) and on the server
(another login of the same database)."""

from __future__ import annotations

import datetime as dt
import uuid
from contextlib import contextmanager

import pytest

from ogp_desktop.core.db import open_database
from ogp_desktop.core.errors import NotFoundError
from ogp_desktop.core.models import EditLease, Meeting
from ogp_desktop.core.services import leases, meetings
from ogp_desktop.core.services.common import login

T0 = dt.datetime(2026, 12, 3, 8, 0, 0)
COLLEAGUE_NAME = "سلمى الخطيب"
LEASE = dt.timedelta(seconds=leases.LEASE_SECONDS)
SECOND = dt.timedelta(seconds=1)


@pytest.fixture
def colleague(db, backend, request, monkeypatch):
    """A context manager giving a unit of work of another person on the same records: on a
    file, the same file as another OS login; on the server, another login (its name the
    comment on its role, as `users add` keeps it)."""
    if backend == "sqlite":
        @contextmanager
        def as_colleague(write: bool = True):
            with monkeypatch.context() as m:
                m.setenv("LOGNAME", "colleague")
                with db.session(write=write) as s:
                    yield s
        yield as_colleague
        return
    pg = request.getfixturevalue("pg")
    who, password = "colleague_" + uuid.uuid4().hex[:8], "a-long-password-1"
    database = db.store.url.database
    with pg.connect(database) as con:
        con.execute(f"CREATE ROLE {who} LOGIN PASSWORD '{password}'")
        con.execute(f"COMMENT ON ROLE {who} IS '{COLLEAGUE_NAME}'")
        con.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {who}")
        con.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {who}")
    other = open_database(pg.url(database, who, password))

    @contextmanager
    def as_colleague(write: bool = True):
        with other.session(write=write) as s:
            yield s

    yield as_colleague
    other.close()
    with pg.connect(database) as con:
        con.execute(f"DROP OWNED BY {who}")
        con.execute(f"DROP ROLE {who}")


def _draft(db) -> int:
    with db.session() as s:
        return meetings.save_minutes(s, meetings.MinutesData(
            title="محضر اجتماع لجنة تنفيذ الالتزام الأول", date=dt.date(2021, 6, 14),
            committee="لجنة تنفيذ الالتزام الأول")).id


def _lease(db, meeting_id: int) -> tuple[str, dt.datetime, dt.datetime] | None:
    with db.session(write=False) as s:
        lease = s.get(EditLease, meeting_id)
        return None if lease is None else (lease.holder, lease.taken_at, lease.renewed_at)


def test_a_free_draft_is_taken_and_others_see_who_holds_it(db, colleague):
    mid = _draft(db)
    with db.session() as s:
        assert leases.take(s, mid, now=T0) is None
        me, my_name = login(s), leases.display_name(s)
    assert _lease(db, mid) == (me, T0, T0)
    with db.session(write=False) as s:
        assert leases.holders(s, [mid], now=T0) == {}  # my own lease is no news to me
    with colleague(write=False) as s:
        held = leases.holders(s, [mid], now=T0 + SECOND)
    assert list(held) == [mid]
    assert (held[mid].login, held[mid].name, held[mid].since) == (me, my_name, T0)


def test_someone_elses_live_lease_is_not_taken_and_its_holder_is_said(db, colleague, backend):
    mid = _draft(db)
    with colleague() as s:
        assert leases.take(s, mid, now=T0) is None
        them = login(s)
    with db.session() as s:
        held = leases.take(s, mid, now=T0 + LEASE - SECOND)
    assert held is not None and held.login == them and held.since == T0
    assert held.name == (COLLEAGUE_NAME if backend == "postgresql" else "colleague")
    assert _lease(db, mid) == (them, T0, T0)  # untouched
    with db.session(write=False) as s:
        assert leases.holders(s, [mid], now=T0 + LEASE - SECOND) == {mid: held}


def test_an_unrenewed_lease_expires_and_anyone_may_take_it(db, colleague):
    mid = _draft(db)
    with colleague() as s:
        leases.take(s, mid, now=T0)
    with db.session(write=False) as s:
        assert leases.holders(s, [mid], now=T0 + LEASE) == {}  # expired: shown to nobody
    later = T0 + LEASE
    with db.session() as s:
        assert leases.take(s, mid, now=later) is None
        me = login(s)
    assert _lease(db, mid) == (me, later, later)


def test_renewing_keeps_the_lease_alive_past_its_first_term(db, colleague):
    mid = _draft(db)
    with db.session() as s:
        leases.take(s, mid, now=T0)
    renewed = T0 + dt.timedelta(seconds=leases.RENEW_SECONDS * 2)
    with db.session() as s:
        assert leases.renew(s, mid, now=renewed) is None
        me = login(s)
    assert _lease(db, mid) == (me, T0, renewed)  # held since T0, renewed since
    with colleague() as s:
        held = leases.take(s, mid, now=T0 + LEASE + SECOND)  # past T0's term, not the renewal's
    assert held is not None and held.login == me
    with colleague() as s:
        assert leases.take(s, mid, now=renewed + LEASE) is None


def test_releasing_gives_back_only_ones_own_lease(db, colleague):
    mid = _draft(db)
    with db.session() as s:
        leases.take(s, mid, now=T0)
    with colleague() as s:
        assert leases.release(s, mid) is False
    assert _lease(db, mid) is not None
    with db.session() as s:
        assert leases.release(s, mid) is True
    assert _lease(db, mid) is None
    with colleague() as s:  # free again: the colleague takes it at once
        assert leases.take(s, mid, now=T0 + SECOND) is None


def test_a_deleted_draft_takes_its_lease_with_it_and_a_missing_one_has_none(db):
    mid = _draft(db)
    with db.session() as s:
        leases.take(s, mid, now=T0)
    with db.session() as s:
        meetings.delete_draft(s, mid)
    assert _lease(db, mid) is None
    with pytest.raises(NotFoundError), db.session() as s:
        leases.take(s, mid, now=T0)
    with db.session(write=False) as s:
        assert s.get(Meeting, mid) is None and s.query(EditLease).count() == 0
