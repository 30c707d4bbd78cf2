"""The `ogp-desktop` command. Sub-commands run headless on the core services; with no
sub-command the desktop application opens.

Exit codes: 0 success; 1 a one-line message on stderr saying what is wrong; 2 usage."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ogp_desktop import __version__
from ogp_desktop.core.errors import (
    DomainError,
    Message,
    Plain,
    ValidationError,
    _n,
    os_reason,
    user_text,
)
from ogp_desktop.core.errors import plural_message as _plural

if TYPE_CHECKING:
    from ogp_desktop.core.keys.certificates import KeyPair
    from ogp_desktop.core.keys.tokens import SignerKey
    from ogp_desktop.export.signing import SigningOptions


class UsageError(Exception):
    """Arguments that parse but do not make sense together (exit 2); its text is a msgid."""


def _translate():
    """The catalog of the user's language (OGP_DESKTOP_LANG, else the locale)."""
    from ogp_desktop.core.i18n import language_from_environment, translator

    return translator(language_from_environment())


def _line(message: str, **params) -> str:
    """A message (a msgid with its parameters, or a Message) in the user's language; values
    are escaped and direction-isolated by core.errors.format_message."""
    if not isinstance(message, Message):
        message = Message(message, **params)
    return message.render(_translate())


def _say(message: str, *, file=None, **params) -> None:
    print(_line(message, **params), file=file or sys.stdout)


# The databases this run opened: main closes them all when the sub-command ends, so no
# connection is left for the garbage collector to close later (a SQLite connection closed
# last checkpoints its WAL into the file: at a moment nobody chose, and in the tests'
# process, after the test had taken the file's checksum).
_OPENED: list = []


def _open(args: argparse.Namespace, *, create: bool = False):
    """The database `--db` (or the environment, or the data folder) names. Only `init`,
    `load-demo` and `--demo` create one: a mistyped path is refused, never created."""
    from ogp_desktop import paths
    from ogp_desktop.core.db import open_database

    demo = getattr(args, "demo", False) and not args.db
    path = paths.demo_db_path() if demo else paths.resolve_db_target(args.db)
    if create and not isinstance(path, str):  # a str is a server's URL
        paths.ensure_default_folder(path)
    if isinstance(path, str) and path.startswith("postgresql"):
        path = _with_server_password(path)
    db = open_database(path, create=create or demo)
    _OPENED.append(db)
    if db.backup_path is not None:
        _say(_n("upgraded the database; the previous file is kept at {path}"),
             path=db.backup_path, file=sys.stderr)
    return db


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


_DEMO_COUNTS = {
    "plans": _n("plans"), "commitments": _n("commitments"), "committees": _n("committees"),
    "meetings": _n("meetings"), "organisations": _n("organisations"), "people": _n("people"),
    "phases": _n("phases"), "steps": _n("steps"),
}


def cmd_load_demo(args: argparse.Namespace) -> int:
    from ogp_desktop.core.demo import load_demo

    db = _open(args, create=True)
    with db.session() as session:
        counts = load_demo(session)
    added = _translate()(_n(", ")).join(
        _line(_n("{what}: {n}"), what=Message(_DEMO_COUNTS.get(what, what)), n=n)
        for what, n in counts.items() if n)
    if added:
        _say(_n("demo records in {path}: added {added}"), path=db.store.display,
             added=Plain(added))
    else:
        _say(_n("demo records in {path}: all there already, nothing added"),
             path=db.store.display)
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """An explicit create: a new, empty database at --db (an empty file may become one)."""
    from ogp_desktop import paths
    from ogp_desktop.core.errors import StorageError

    target = paths.resolve_db_target(args.db)
    if isinstance(target, str):
        raise StorageError("{url} is a server: its records are made by 'server init' (as the "
                           "server's administrator), not by init", url=target.split("@")[-1])
    path = paths.resolve_db_path(args.db)
    if path.exists() and not path.is_dir() and path.stat().st_size > 0:
        raise StorageError("There is a file at {path} already; nothing was changed. Give a "
                           "new file name to create a database.", path=str(path))
    db = _open(args, create=True)
    db.close()
    _say(_n("Created a new, empty database at {path}"), path=db.path)
    return 0


# How `list` shows a status: the same labels as the program's windows.
_STATUS_LABELS = {
    "draft": _n("Draft"), "approved": _n("Approved"), "signed": _n("Signed"),
    "preparation": _n("In preparation"), "implementation": _n("Being implemented"),
    "completed": _n("Completed"),
}


def cmd_list(args: argparse.Namespace) -> int:
    from ogp_desktop.core.services import committees, directory, meetings, plans

    db = _open(args)
    rows: list[dict[str, Any]]  # JSON rows: each kind of record has its own columns
    with db.session(write=False) as session:
        if args.what == "plans":
            rows = [{"id": p.id, "uuid": p.uuid, "title": p.title, "ordinal": p.ordinal,
                     "first_year": p.first_year, "last_year": p.last_year,
                     "status": p.status.value} for p in plans.list_plans(session)]
        elif args.what == "committees":
            rows = [{"id": c.id, "uuid": c.uuid, "title": c.name, "kind": c.kind.value,
                     "plan": c.plan.title if c.plan else None,
                     "members": len(c.members)} for c in committees.list_committees(session)]
        elif args.what == "people":
            rows = [{"id": p.id, "uuid": p.uuid, "title": p.name,
                     "organization": p.organisation.name if p.organisation else None}
                    for p in directory.list_people(session)]
        else:
            rows = [{"id": r.id, "uuid": r.uuid, "title": r.title, "date": r.date.isoformat(),
                     "committee": r.committee, "plan": r.plan, "status": r.status,
                     "version": r.version} for r in meetings.list_meetings(session)]
    if args.json:
        _print_json(rows)
    else:
        for row in rows:
            extra = "  ".join(_line(Message(_STATUS_LABELS.get(row[k], row[k])))
                              if k == "status" else str(row[k])
                              for k in ("date", "status") if k in row)
            print(f"{row['id']:>5}  {extra + '  ' if extra else ''}{row['title']}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from ogp_desktop.core import exchange

    obj = exchange.read_file(args.file)  # read and parse before opening the database
    exchange.parse_minutes(obj)
    db = _open(args)
    with db.session() as session:
        meeting = exchange.import_minutes(session, obj)
        new_id = meeting.id
    _say(_n("imported {title} as draft minutes"), title=obj["title"])
    print(new_id)
    return 0


_CREATED = {
    "plan": _n("created the plan {name}"), "commitment": _n("created the commitment {name}"),
    "committee": _n("created the committee {name}"), "person": _n("created the person {name}"),
    "organisation": _n("created the organisation {name}"),
}


def cmd_import_docx(args: argparse.Namespace) -> int:
    """Each Word file as draft minutes; its id printed last, after what was made for it and
    what was guessed. A file that fails is one line on stderr and leaves nothing behind."""
    from ogp_desktop.core.archive import importer
    from ogp_desktop.core.errors import Field

    files = importer.word_files(args.files)
    if not files:
        raise ValidationError("{path} holds no Word files (.docx)", field="file",
                              path=str(args.files[0]))
    if len(files) == 1:  # a bad file is refused before the database is opened
        importer.read(files[0], plan=args.plan, committee=args.committee)
    db = _open(args)
    report = importer.import_files(db, files, plan=args.plan, committee=args.committee)
    t = _translate()
    for done in report.imported:
        _say(_n("imported {source} as draft minutes: {title}"), source=done.source,
             title=done.title)
        for match in done.created:
            _say(_CREATED[match.kind], name=match.written)
        for match in done.similar:
            _say(_n("matched {written} to the existing {name}"), written=match.written,
                 name=match.record_name or "")
        if done.guessed:
            fields = t(_n(", ")).join(Field(g).label(t) for g in done.guessed)
            _say(_n("guessed, to review before approval: {fields}"), fields=Plain(fields))
        for warning in done.warnings:
            _say(_n("note: {text}"), text=Plain(warning.render(t)))
        print(done.meeting_id, flush=True)
    for failed in report.failed:
        _print_error(failed.error)
    if len(files) > 1:
        _say(_plural("{n} file imported; to review: {review}; failed: {failed}",
                     "{n} files imported; to review: {review}; failed: {failed}",
                     len(report.imported), review=len(report.needs_review),
                     failed=len(report.failed)), file=sys.stderr)
    return 1 if report.failed else 0


def _meeting_ids_for(args: argparse.Namespace, session) -> list[int]:
    from ogp_desktop.core.services import committees, meetings, plans

    if args.committee:
        committee = committees.get_committee(session, args.committee)
        rows = meetings.list_meetings(session, committee_id=committee.id)
    else:
        plan = plans.find_plan(session, args.plan)
        rows = meetings.list_meetings(session, plan_id=plan.id)
    return [r.id for r in sorted(rows, key=lambda r: (r.date, r.id))]


def cmd_export(args: argparse.Namespace) -> int:
    from ogp_desktop.export import formats

    batch = bool(args.committee or args.plan)
    if batch == (args.id is not None):
        raise UsageError(_n("give either a meeting ID or --committee/--plan"))
    if args.bundle and not batch:
        raise UsageError(_n("--bundle goes with --committee or --plan"))
    fmt = formats.get("minutes", args.format)
    seal_file = args.seal or os.environ.get(ENV_SEAL_KEY) or None
    if args.timestamp_url is not None and not seal_file:
        raise UsageError(_n("--timestamp-url goes with --seal (the timestamp is the seal's)"))
    if fmt.name == "pdf" and not batch and not seal_file and _printed_without_orm(args):
        return 0
    if seal_file and (fmt.name != "pdf" or batch):
        raise UsageError(_n("--seal goes with --format pdf of one meeting"))
    if seal_file:
        return _export_sealed(args, seal_file)
    db = _open(args)
    with db.session(write=False) as session:
        if fmt.name == "json":
            if batch:
                raise UsageError(
                    _n("batch export is for --format pdf; export JSON one meeting at a time"))
            meeting = _meeting(session, args.id)
            if args.output == "-":
                from ogp_desktop.export.minutes import minutes_json

                sys.stdout.write(minutes_json(session, meeting.id))
            else:
                fmt.write(session, [meeting.id], Path(args.output))
            return 0
        progress = _progress_printer() if batch else None
        if not batch:
            meeting = _meeting(session, args.id)
            fmt.write(session, [meeting.id], Path(args.output))
        elif args.bundle:
            ids = _meeting_ids_for(args, session)
            formats.get("minutes", "register", several=True).write(
                session, ids, Path(args.output), progress)
            _say(_plural("wrote {path} ({n} minutes)", "wrote {path} ({n} minutes)", len(ids),
                         path=args.output))
        else:
            written = formats.write_each(fmt, session, _meeting_ids_for(args, session),
                                         Path(args.output), progress=progress)
            _say(_plural("wrote {n} file to {path}", "wrote {n} files to {path}", len(written),
                         path=args.output))
    return 0


def _open_seal(args: argparse.Namespace, seal_file: str) -> SignerKey:
    """The unit's seal key of --seal (a key file, or a card's pkcs11: URI), opened with the
    password of --seal-password-file, OGP_DESKTOP_SEAL_PASSWORD or a prompt."""
    from ogp_desktop.core.keys import keyfiles, tokens

    password = _password(args.seal_password_file, ENV_SEAL_PASSWORD, "--seal-password-file",
                         seal_file)
    return (tokens.open_token_key(seal_file, password) if tokens.is_token_uri(seal_file)
            else keyfiles.load_key_file(Path(seal_file), password))


def _seal_options(session, args: argparse.Namespace) -> SigningOptions:
    """The seal's timestamp server (--timestamp-url, the environment or the records')."""
    return _signing_options(session, args.timestamp_url, _n(
        "warning: the timestamp server did not answer ({reason}); the seal carries no "
        "timestamp"))


def _export_sealed(args: argparse.Namespace, seal_file: str) -> int:
    """One meeting's PDF, sealed with the unit's seal key when the minutes are signed."""
    from ogp_desktop.export.minutes import export_meeting_pdf

    seal = _open_seal(args, seal_file)
    db = _open(args)
    with db.session(write=False) as session:
        options = _seal_options(session, args)
        export_meeting_pdf(session, _meeting(session, args.id).id, Path(args.output), seal=seal,
                           seal_options=options)
    return 0


def _signing_options(session, given: str | None, warning: str) -> SigningOptions:
    """The timestamp server of `--timestamp-url` (given, even empty: '' is none), else
    OGP_DESKTOP_TIMESTAMP_URL, else the one kept with the records; when it does not
    answer, `warning` is printed and the signatures are made without a timestamp."""
    from ogp_desktop.core.services import settings as settings_svc
    from ogp_desktop.export.signing import SigningOptions

    if given is not None:
        url = settings_svc.check_timestamp_url(given)
    elif os.environ.get(ENV_TIMESTAMP_URL):
        url = settings_svc.check_timestamp_url(os.environ[ENV_TIMESTAMP_URL])
    else:
        url = settings_svc.get_timestamp_url(session)
    return SigningOptions(timestamp_url=url, on_notice=lambda reason: _say(
        warning, reason=Plain(reason), file=sys.stderr))


def _printed_without_orm(args: argparse.Namespace) -> bool:
    """Signed minutes printed from their snapshot, read without SQLAlchemy (a fraction of
    the ORM's start-up); False, with nothing written, when that path does not apply (then
    the ORM's path prints the same document or says what is wrong)."""
    if getattr(args, "demo", False) and not args.db:  # the demo database may need creating
        return False
    import gc

    from ogp_desktop import paths
    from ogp_desktop.export.signed_pdf import export_signed_pdf

    # One document, after which the process ends: no collection while it is made (one of
    # 50,000 young objects, right after the fonts are unpickled, was ~12 ms) and none at exit.
    was_enabled = gc.isenabled()  # in process (the GUI, a test) it may be off already
    gc.disable()
    try:
        printed = export_signed_pdf(paths.resolve_db_target(args.db), args.id, Path(args.output)) is not None
        if printed:
            _no_collection_at_exit()
    finally:
        if was_enabled:
            gc.enable()
    return printed


def _progress_printer() -> Callable[[int, int], None]:
    def progress(done: int, total: int) -> None:
        print(f"[{done}/{total}]", file=sys.stderr, flush=True)

    return progress


def _read_bytes(path: str, field: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError("{path} can not be read: {error}", field=field,
                              path=path, error=os_reason(exc)) from exc


def _meeting(session, ref: str):
    from ogp_desktop.core.services.meetings import get_meeting

    return get_meeting(session, ref)


def _change_meeting(args: argparse.Namespace, change: Callable, report: Callable) -> int:
    """`change(session, meeting id)` on the meeting `args.id` names; prints
    `report(meeting)` (the meeting `change` returns) once the unit of work is committed:
    a failed commit must not leave the user believing it is stored."""
    db = _open(args)
    with db.session() as session:
        meeting = change(session, _meeting(session, args.id).id)
        line = _line(report(meeting))
    print(line)
    return 0



def cmd_search(args: argparse.Namespace) -> int:
    from ogp_desktop.core.search import service
    from ogp_desktop.core.search.kinds import FIELD_LABELS, KIND_LABELS
    from ogp_desktop.core.search.service import SearchFilters, grouped_by_kind, reindex, search
    from ogp_desktop.core.services.common import parse_iso_date

    db = _open(args)
    if args.reindex:
        with db.session() as session:
            count = reindex(session)
        with db.session(write=False) as session:
            _docs, size = service.index_size(session)
        _say(_n("the search index holds {n} records of {place} ({size} KB)"), n=count,
             place=db.store.display, size=round(size / 1024))
        if not args.query:
            return 0
    if not args.query:
        raise UsageError(_n("give the words to search for, or --reindex"))
    with db.session(write=False) as session:
        filters = SearchFilters(
            date_from=parse_iso_date(args.date_from, "from"),
            date_to=parse_iso_date(args.date_to, "to"), status=args.status,
            kinds=args.kind or None)
        if args.plan:
            from ogp_desktop.core.services import plans

            filters.plan_id = plans.find_plan(session, args.plan).id
        if args.committee:
            from ogp_desktop.core.services import committees

            filters.committee_id = committees.get_committee(session, args.committee).id
        hits = grouped_by_kind(search(session, " ".join(args.query), limit=args.limit,
                                      filters=filters))
    if args.json:
        _print_json([hit.as_json() for hit in hits])
        return 0
    if not hits:
        _say(_n("nothing found for {query}"), query=" ".join(args.query), file=sys.stderr)
        return 1
    kind = None
    for hit in hits:
        if hit.kind != kind:
            kind = hit.kind
            print(_line(Message(KIND_LABELS.get(kind, kind))))
        snippet = hit.snippet
        for a, b in sorted(hit.highlights, reverse=True):
            snippet = snippet[:a] + "«" + snippet[a:b] + "»" + snippet[b:]
        where = str(hit.meeting_id or hit.id)
        if hit.meeting_id and hit.field:  # the field, as the form names it, and its row
            base, _sep, index = hit.field.partition("[")
            where += " " + _line(Message(FIELD_LABELS.get(base, base)))
            if index:
                where += f" {int(index.rstrip(']')) + 1}"
        heading = f"{hit.title} ({hit.date.isoformat()})" if hit.date else hit.title
        print(f"  {where}  {heading}")
        if snippet and snippet != hit.title:
            print(f"      {snippet}")
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    from ogp_desktop.core.services import signing

    return _change_meeting(args, signing.approve,
                           lambda meeting: Message("approved minutes {id}: {title}", id=meeting.id,
                                                  title=meeting.title))


def cmd_reopen(args: argparse.Namespace) -> int:
    from ogp_desktop.core.services import signing

    return _change_meeting(args, signing.reopen,
                           lambda meeting: Message("minutes {id} are a draft again", id=meeting.id))


def cmd_sign(args: argparse.Namespace) -> int:
    from ogp_desktop.core.models import SignatureMeaning
    from ogp_desktop.core.services import signing
    from ogp_desktop.export.signing import sign_minutes

    keys, files = args.key or [], args.password_file or []
    signers, roles = args.signer or [], args.role or []
    meanings, images = args.meaning or [], args.image or []
    if not keys and not signers:
        raise UsageError(_n("give --key for each signer with a key, or --signer and --role for "
                            "each signature on paper (at least one)"))
    if len(roles) != len(signers):
        raise UsageError(_n("give one --role for each --signer (at least one signer)"))
    if files and len(files) != len(keys):
        raise UsageError(_n("give one --password-file for each --key, or none"))
    count = len(keys) + len(signers)
    if meanings and len(meanings) != count:
        raise UsageError(_n("give one --meaning for each signer (each --key, then each "
                            "--signer), or none"))
    if images and len(images) != count:
        raise UsageError(_n("give one --image for each signer (use - for none), or none"))

    def meaning(i: int) -> SignatureMeaning:
        if meanings:
            return SignatureMeaning(meanings[i])
        return SignatureMeaning.PREPARED if i == 0 and count > 1 else SignatureMeaning.APPROVED

    def image(i: int) -> bytes | None:
        return _read_bytes(images[i], "image") if images and images[i] != "-" else None

    signatories = []
    for i, path in enumerate(keys):
        pair = _load_signing_key(path, files[i] if files else None, args.pkcs11_lib)
        signatories.append(signing.Signatory("", "", meaning(i), image(i), key=pair))
    for j, (name, role) in enumerate(zip(signers, roles, strict=True)):  # lengths checked above
        i = len(keys) + j
        signatories.append(signing.Signatory(name, role, meaning(i), image(i)))

    def sign(session, meeting_id: int):
        options = _signing_options(session, args.timestamp_url, _n(
            "warning: the timestamp server did not answer ({reason}); the signatures carry no "
            "timestamp"))
        return sign_minutes(session, meeting_id, signatories, options=options)

    return _change_meeting(
        args, sign,
        lambda meeting: Message("signed minutes {id} version {version}\nsha256 {fingerprint}",
                                id=meeting.id, version=meeting.version,
                                fingerprint=Plain(meeting.snapshot_sha256)))


def _server_url(args: argparse.Namespace) -> str:
    """--db (or OGP_DESKTOP_DB) as a server's URL, its password asked for when neither the
    URL nor PGPASSWORD holds one and a person is at the terminal."""
    from ogp_desktop import paths
    from ogp_desktop.core.errors import StorageError

    target = paths.resolve_db_target(args.db)
    if not isinstance(target, str) or not target.startswith("postgresql"):
        raise StorageError("{place} is not a server: give --db postgresql://LOGIN@HOST:PORT/DBNAME "
                           "(or OGP_DESKTOP_DB)", place=str(target))
    return _with_server_password(target)


def _with_server_password(target: str) -> str:
    import getpass

    from sqlalchemy.engine import make_url

    url = make_url(target)
    if url.password is None and not os.environ.get("PGPASSWORD") and sys.stdin.isatty():
        prompt = _translate()(_n("Password of {login} on {host}: "))
        password = getpass.getpass(prompt.format(login=url.username or "", host=url.host or ""))
        return url.set(password=password).render_as_string(hide_password=False)
    return target


def _new_login_password(args: argparse.Namespace, login: str) -> str:
    """A new login's password: --password-file's first line, else a prompt (twice)."""
    return _password(args.password_file, "OGP_DESKTOP_LOGIN_PASSWORD", "--password-file", login,
                     new=True).decode("utf-8")


def cmd_server_init(args: argparse.Namespace) -> int:
    from ogp_desktop.core.server import admin

    url = _server_url(args)
    admin.check_login(args.admin)
    password = _new_login_password(args, args.admin)
    report = admin.init_server(url, args.admin, args.name, password)
    if report.created_database:
        _say(_n("created the database {database}"), database=report.database)
    if report.migrated_from:
        _say(_n("upgraded the records from schema {revision}"), revision=report.migrated_from)
    _say(_n("the database {database} is ready: roles viewer, editor, approver and admin, "
            "enforced by the server"), database=report.database)
    if report.created_admin:
        _say(_n("created the admin login {login}"), login=report.admin)
    else:
        _say(_n("kept the existing login {login} as admin"), login=report.admin)
    return 0


def cmd_server_import(args: argparse.Namespace) -> int:
    from ogp_desktop.core.server import admin

    db = _open(args)
    try:
        report = admin.import_sqlite(db, Path(args.file))
    finally:
        db.close()
    for table, n in sorted(report.counts.items()):
        print(f"{table}: {n}")
    _say(_n("imported {path}: every table's rows counted equal on both sides, {n} signed "
            "minutes with equal fingerprints, check clean on both"), path=args.file,
         n=report.signed)
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    from ogp_desktop.core.server import admin

    admin.check_login(args.login)
    admin.check_role(args.role)
    password = _new_login_password(args, args.login)
    db = _open(args)
    try:
        user = admin.add_user(db, args.login, args.name, args.role, password)
    finally:
        db.close()
    _say(_n("added {login} ({name}) as {role}"), login=user.login, name=user.name,
         role=Plain(user.role))
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    from ogp_desktop.core.server import admin

    db = _open(args)
    try:
        users = admin.list_users(db)
    finally:
        db.close()
    if args.json:
        _print_json([{"login": u.login, "name": u.name, "role": u.role, "enabled": u.enabled}
                     for u in users])
        return 0
    t = _translate()
    for u in users:
        state = "" if u.enabled else " (" + t(_n("disabled")) + ")"
        print(f"{u.login}\t{u.role}\t{u.name}{state}")
    return 0


def cmd_users_disable(args: argparse.Namespace) -> int:
    from ogp_desktop.core.server import admin

    db = _open(args)
    try:
        user = admin.disable_user(db, args.login)
    finally:
        db.close()
    _say(_n("disabled {login}: it can no longer connect; its records and history stay"),
         login=user.login)
    return 0


def cmd_users_set_role(args: argparse.Namespace) -> int:
    from ogp_desktop.core.server import admin

    db = _open(args)
    try:
        user = admin.set_role(db, args.login, args.role)
    finally:
        db.close()
    _say(_n("{login} is now {role}"), login=user.login, role=Plain(user.role))
    return 0


def _load_signing_key(path: str, password_file: str | None,
                      library: str | None = None) -> SignerKey:
    """A signer's key file with its password, or a key on a card (pkcs11: URI) with its
    PIN; the password or PIN from a file, the environment or a prompt."""
    from ogp_desktop.core.keys import keyfiles, tokens

    password = _password(password_file, ENV_KEY_PASSWORD, "--password-file", path)
    if tokens.is_token_uri(path):
        return tokens.open_token_key(path, password, library)
    return keyfiles.load_key_file(Path(path), password)


def cmd_attach_scan(args: argparse.Namespace) -> int:
    from ogp_desktop.core.services import signing

    data = _read_bytes(args.file, "file")
    db = _open(args)
    with db.session() as session:
        meeting = _meeting(session, args.id)
        scan = signing.attach_scan(session, meeting.id, Path(args.file).name, data)
        said = Message("kept the scanned signed copy {name} with minutes {id} (sha256 {sha256})",
                       name=scan.name, id=meeting.id, sha256=Plain(scan.sha256))
    print(_line(said))
    return 0


def cmd_amend(args: argparse.Namespace) -> int:
    from ogp_desktop.core.services import signing

    db = _open(args)
    with db.session() as session:
        new = signing.amend(session, _meeting(session, args.id).id)
        new_id, version = new.id, new.version
    _say(_n("version {version} is a new draft"), version=version)
    print(new_id)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from ogp_desktop.core.integrity import check_database
    from ogp_desktop.core.location import risky_location

    db = _open(args)
    report = check_database(db)
    warning = (risky_location(db.path, translate=_translate())
               if db.store.file is not None else None)
    if warning:
        _say(_n("warning: {warning}"), warning=Plain(warning), file=sys.stderr)
    for problem in report.problems:
        print(_line(problem))
    if report.ok:
        _say(_plural("ok: {path} (schema {schema}); {n} signed minutes match their fingerprints",
                     "ok: {path} (schema {schema}); {n} signed minutes match their fingerprints",
                     report.signed_checked, path=db.store.display,
                     schema=Plain(report.schema or "")))
        return 0
    _say(_plural("{n} problem found in {path}", "{n} problems found in {path}",
                 len(report.problems), path=db.store.display), file=sys.stderr)
    return 1


def cmd_backup(args: argparse.Namespace) -> int:
    from ogp_desktop.core.db import backup_to

    db = _open(args)
    target = (backup_to(db.path, Path(args.output)) if db.store.file is not None
              else db.backup_to(Path(args.output)))  # a server: pg_dump's custom format
    _say(_n("backup written to {path}"), path=target)
    return 0


def cmd_set_letterhead(args: argparse.Namespace) -> int:
    from ogp_desktop.core.services import settings

    logo = _read_bytes(args.logo, "logo") if args.logo else None
    db = _open(args)
    with db.session() as session:
        current = settings.get_letterhead(session)
        settings.set_letterhead(
            session,
            ministry=args.ministry if args.ministry is not None else current.ministry,
            unit=args.unit if args.unit is not None else current.unit,
            logo=logo,
        )
    _say(_n("letterhead saved"))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from ogp_desktop.export.verify import verify_target

    db = _open(args)
    with db.session(write=False) as session:
        ok, message = verify_target(session, args.target)
    print(_line(message), file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


def _export_plan(args: argparse.Namespace, name: str, done: str) -> int:
    """The plan `args.plan` names in the plan format `name`; `done` is the msgid of the
    line that says what was written ({title}, {path})."""
    from ogp_desktop.core.services import plans
    from ogp_desktop.export import formats

    db = _open(args)
    with db.session(write=False) as session:
        plan = plans.find_plan(session, args.plan)
        formats.get("plan", name).write(session, [plan.id], Path(args.output))
        title = plan.title
    _say(done, title=title, path=args.output)
    return 0


def cmd_export_plan_report(args: argparse.Namespace) -> int:
    return _export_plan(args, "pdf", _n("wrote the progress report of {title} to {path}"))


def cmd_export_calendar(args: argparse.Namespace) -> int:
    return _export_plan(args, "ics", _n("wrote the calendar of {title} to {path}"))


def cmd_publish(args: argparse.Namespace) -> int:
    """The public website: what it wrote, what it removed, what it left out."""
    from ogp_desktop.core.i18n import language_from_environment
    from ogp_desktop.export.publish import publish

    seal_file = args.seal or os.environ.get(ENV_SEAL_KEY) or None
    if args.timestamp_url is not None and not seal_file:
        raise UsageError(_n("--timestamp-url goes with --seal (the timestamp is the seal's)"))
    seal = _open_seal(args, seal_file) if seal_file else None
    db = _open(args)
    with db.session(write=False) as session:
        options = _seal_options(session, args) if seal is not None else None
        result = publish(session, Path(args.output), args.plan, seal=seal, seal_options=options)
    from ogp_desktop.core.publish import log

    refused = log.record_in(db, result)  # what the compliance checks count
    if refused is not None:
        _say(_n("warning: this publication is not in the publication log ({reason})"),
             reason=Plain(refused.message(_translate())), file=sys.stderr)
    for rel in result.written:
        _say(_n("written: {path}"), path=rel)
    for rel in result.removed:
        _say(_n("removed: {path}"), path=rel)
    _say(_n("published the site in {path}: pages: {pages}, signed minutes: {minutes}; files "
            "written: {written}, unchanged: {unchanged}, removed: {removed}"),
         path=args.output, pages=result.pages, minutes=result.minutes,
         written=len(result.written), unchanged=len(result.unchanged),
         removed=len(result.removed))
    lines = result.left_out_lines(language_from_environment())
    _say(_n("left out of the site:") if lines else _n("nothing was left out of the site"))
    for line in lines:
        print(f"- {line}")
    return 0


def cmd_export_progress_report(args: argparse.Namespace) -> int:
    from ogp_desktop.core.i18n import language_from_environment
    from ogp_desktop.core.services import plans
    from ogp_desktop.export import formats

    language = args.language or language_from_environment()
    db = _open(args)
    with db.session(write=False) as session:
        plan = plans.find_plan(session, args.plan)
        formats.get("progress", args.format).write(session, [plan.id], Path(args.output),
                                                   language=language)
        title = plan.title
    _say(_n("wrote the progress report on the commitments of {title} to {path}"), title=title,
         path=args.output)
    return 0


_COMPLIANCE_STATUS = {
    "met": _n("Met"), "not_met": _n("Not met"), "not_applicable": _n("Not applicable"),
    "unknown": _n("Unknown"),
}


def cmd_compliance(args: argparse.Namespace) -> int:
    """Every requirement of OGP's standards on the records (docs/compliance.md)."""
    from ogp_desktop.core.compliance import check
    from ogp_desktop.core.services import plans

    t = _translate()
    db = _open(args)
    with db.session(write=False) as session:
        plan_id = plans.find_plan(session, args.plan).id if args.plan else None
        results = check(session, plan_id)
        rows = [r.as_json(t) for r in results]
    if args.json:
        _print_json(rows)
        return 0
    plan = object()
    for row in rows:
        if row["plan_id"] != plan:
            plan = row["plan_id"]
            print(row["plan"] if row["plan"] is not None else t(_n("The secretariat")))
        status = t(_COMPLIANCE_STATUS[row["status"]])
        print(f"  [{status}] {row['standard']}  {row['title']}")
        for line in row["evidence"]:
            print(f"      - {line}")
        if row["advice"]:
            print("      " + t(_n("What to do: {advice}")).format(advice=row["advice"]))
    return 0


# --- keys and trusted authorities (docs/signatures.md) ---------------------------------------

ENV_KEY_PASSWORD = "OGP_DESKTOP_KEY_PASSWORD"
ENV_CA_PASSWORD = "OGP_DESKTOP_CA_PASSWORD"
ENV_SEAL_KEY = "OGP_DESKTOP_SEAL_KEY"
ENV_SEAL_PASSWORD = "OGP_DESKTOP_SEAL_PASSWORD"
ENV_TIMESTAMP_URL = "OGP_DESKTOP_TIMESTAMP_URL"


def _password(file: str | None, env: str, option: str, key_file: str, *, new: bool = False) -> bytes:
    """A key file's password: from `file` (its first line), else the environment variable
    `env`, else a prompt when a person is at the terminal (twice for a new one)."""
    import getpass

    from ogp_desktop.core.errors import KeyFileError

    if file:
        data = _read_bytes(file, "password")
        password = data.splitlines()[0] if data.strip(b"\r\n") else b""
        if not password:
            raise KeyFileError("The password file {path} is empty", path=file)
        return password
    if os.environ.get(env):
        return os.environ[env].encode("utf-8")
    if not sys.stdin.isatty():
        raise KeyFileError("No password for {path}: give {option} FILE or set {env}",
                           path=key_file, option=Plain(option), env=Plain(env))
    t = _translate()
    prompt = t(_n("New password for {path}: ") if new else _n("Password for {path}: "))
    password = getpass.getpass(prompt.format(path=user_text(key_file))).encode("utf-8")
    if new and getpass.getpass(t(_n("The same password again: "))).encode("utf-8") != password:
        raise KeyFileError("The two passwords differ; nothing was written")
    return password


def _write_keys(args: argparse.Namespace, make: Callable[..., tuple[KeyPair, Callable[[], None]]],
                ) -> KeyPair:
    """`make(session)` → (result, undo) in one unit of work; the key file it wrote is
    removed again when the records could not be committed."""
    db = _open(args)
    undo = None
    try:
        with db.session() as session:
            result, undo = make(session)
    except BaseException:
        if undo is not None:
            undo()
        raise
    return result


def cmd_authority_init(args: argparse.Namespace) -> int:
    from ogp_desktop.core.keys import keyfiles, operations
    from ogp_desktop.core.keys.certificates import check_name

    keyfiles.check_new_file(Path(args.output), overwrite=args.force)
    check_name(args.name)  # before a password is asked for
    password = _password(args.password_file, ENV_CA_PASSWORD, "--password-file", args.output,
                         new=True)  # the password of the authority's key: as issue's --ca's
    pair = _write_keys(args, lambda session: operations.init_authority(
        session, args.name, Path(args.output), password, overwrite=args.force, years=args.years))
    from ogp_desktop.core.keys.certificates import subject_name

    _say(_n("created the authority {name}; its key is in {path} (keep the file and its password "
            "safe); these records trust its certificate"),
         name=subject_name(pair.certificate), path=args.output)
    return 0


def cmd_authority_issue(args: argparse.Namespace) -> int:
    from ogp_desktop.core.keys import keyfiles, operations
    from ogp_desktop.core.keys.certificates import check_name, subject_name, valid_until

    keyfiles.check_new_file(Path(args.output), overwrite=args.force)
    check_name(args.name)
    check_name(args.role, "role")
    ca_password = _password(args.ca_password_file, ENV_CA_PASSWORD, "--ca-password-file", args.ca)
    authority = keyfiles.load_key_file(Path(args.ca), ca_password)
    password = _password(args.password_file, ENV_KEY_PASSWORD, "--password-file", args.output,
                         new=True)
    pair = _write_keys(args, lambda session: operations.issue_key(
        session, authority, args.name, args.role, Path(args.output), password,
        overwrite=args.force, years=args.years))
    _say(_n("issued a signing key to {name} ({role}), valid until {date}: {path}"),
         name=subject_name(pair.certificate), role=args.role,
         date=Plain(valid_until(pair.certificate).date().isoformat()), path=args.output)
    return 0


def cmd_trust_add(args: argparse.Namespace) -> int:
    from ogp_desktop.core.keys import keyfiles, operations

    endorser = None
    if args.ca:
        endorser = keyfiles.load_key_file(Path(args.ca), _password(
            args.ca_password_file, ENV_CA_PASSWORD, "--ca-password-file", args.ca))
    db = _open(args)
    with db.session() as session:
        lines = [_line(_n("now trusted: {name} (SHA-256 {fingerprint})") if added
                       else _n("trusted already: {name} (SHA-256 {fingerprint})"),
                       name=row.subject_name, fingerprint=Plain(row.sha256))
                 for row, added in operations.add_trusted(session, Path(args.certificate), endorser)]
    for line in lines:
        print(line)
    return 0


_TRUST_KINDS = {"unit_authority": _n("the unit's authority"),
                "imported_authority": _n("an imported authority")}


def cmd_trust_list(args: argparse.Namespace) -> int:
    from ogp_desktop.core.keys import trust

    db = _open(args)
    with db.session(write=False) as session:
        rows: list[dict[str, Any]] = [
            {"id": r.id, "kind": r.kind.value, "name": r.subject_name, "sha256": r.sha256,
             "not_before": r.not_before.isoformat(), "not_after": r.not_after.isoformat()}
            for r in trust.trust_anchors(session)]
    if args.json:
        _print_json(rows)
    else:
        for row in rows:
            kind = _line(Message(_TRUST_KINDS.get(row["kind"], row["kind"])))
            print(f"{row['id']:>5}  {row['not_after'][:10]}  {kind}  {row['name']}")
    return 0


def cmd_trust_check(args: argparse.Namespace) -> int:
    from ogp_desktop.core.keys import operations, trust
    from ogp_desktop.core.keys.certificates import subject_name, valid_until

    certificate, chain = operations.load_certificate_or_key(Path(args.file), lambda: _password(
        args.password_file, ENV_KEY_PASSWORD, "--password-file", args.file))
    db = _open(args)
    with db.session(write=False) as session:
        path = trust.check_certificate(session, certificate, chain=chain)
    _say(_n("the certificate of {name} is good for signing: issued by {issuer}, valid until {date}"),
         name=subject_name(certificate), issuer=subject_name(path[-1]),
         date=Plain(valid_until(certificate).date().isoformat()))
    return 0


# argparse's own texts ("usage: ", "options", its errors), translated by the catalog: argparse
# looks up its module-level `_` and `ngettext` each time it prints.
ARGPARSE_MESSAGES = (
    _n("usage: "), _n("positional arguments"), _n("options"),
    _n("show this help message and exit"), _n("show program's version number and exit"),
    _n("%(prog)s: error: %(message)s\n"), _n("argument %(argument_name)s: %(message)s"),
    _n("the following arguments are required: %s"), _n("unrecognized arguments: %s"),
    _n("invalid choice: %(value)r (choose from %(choices)s)"), _n("expected one argument"),
    _n("expected at most one argument"), _n("expected at least one argument"),
    _n("ambiguous option: %(option)s could match %(matches)s"),
    _n("invalid %(type)s value: %(value)r"), _n("not allowed with argument %s"),
    _n("one of the arguments %s is required"), _n("ignored explicit argument %r"),
)


def _format_names(subject: Literal["minutes", "plan", "progress"]) -> list[str]:
    """`--format`'s choices: the export registry's formats of `subject`."""
    from ogp_desktop.export import formats

    return formats.names(subject)


def build_parser() -> argparse.ArgumentParser:
    from ogp_desktop.core.search import kinds as search_kinds

    t = _translate()
    # argparse translates its own words through its module's `_` and `ngettext`
    argparse._ = t  # type: ignore[attr-defined]  # typeshed leaves argparse's gettext names out
    argparse.ngettext = t.ngettext  # type: ignore[attr-defined]  # (as for `_`)

    def command(name: str, text: str) -> argparse.ArgumentParser:
        """A sub-command whose --help starts with what it does."""
        return sub.add_parser(name, help=t(text), description=t(text))

    def seal_options(p: argparse.ArgumentParser, seal_help: str) -> None:
        """--seal, its password and its timestamp server (export-minutes, publish)."""
        p.add_argument("--seal", metavar="SEAL.p12", help=t(seal_help))
        p.add_argument("--seal-password-file", metavar="FILE", help=t(_n(
            "the seal key's password, first line of FILE (else OGP_DESKTOP_SEAL_PASSWORD, "
            "else a prompt)")))
        p.add_argument("--timestamp-url", metavar="URL", help=t(_n(
            "an RFC 3161 timestamp server for the seal (else OGP_DESKTOP_TIMESTAMP_URL, else "
            "the one in the settings; '' for none); when it does not answer, the seal carries "
            "no timestamp")))

    parser = argparse.ArgumentParser(
        prog="ogp-desktop",
        description=t(_n("OGP Desktop: records of an Open Government Partnership secretariat.")),
    )
    parser.add_argument("--version", action="version", version=f"ogp-desktop {__version__}",
                        help=t(_n("show program's version number and exit")))
    parser.add_argument("--db", metavar="PATH",
                        help=t(_n("database file (default: OGP_DESKTOP_DB or the data folder)")))
    parser.add_argument("--demo", action="store_true",
                        help=t(_n("use the separate demo database (filled on first use)")))
    parser.add_argument("--self-test", action="store_true",
                        help=t(_n("start offscreen on a temporary database, exercise every "
                                  "view, exit")))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title=t(_n("commands")))

    p = command("init", _n("create a new, empty database at --db (refused if one exists)"))
    p.set_defaults(func=cmd_init)

    p = command("load-demo", _n("add the demo records (safe to run again)"))
    p.set_defaults(func=cmd_load_demo)

    p = command("list", _n("list plans, committees, meetings or people"))
    p.add_argument("what", choices=["plans", "committees", "meetings", "people"],
                   metavar="{plans,committees,meetings,people}", help=t(_n("what to list")))
    p.add_argument("--json", action="store_true", help=t(_n("a JSON array of objects")))
    p.set_defaults(func=cmd_list)

    p = command("import-minutes", _n("import one ogp-minutes/1 JSON file as a draft; "
                                     "prints the new meeting's id"))
    p.add_argument("file", metavar="FILE.json",
                   help=t(_n("the minutes file (format: docs/minutes-format.md)")))
    p.set_defaults(func=cmd_import)

    p = command("search", _n("search every record, in Arabic as people spell it"))
    p.add_argument("query", nargs="*", metavar="QUERY", help=t(_n("the words to find")))
    p.add_argument("--json", action="store_true", help=t(_n("a JSON array of objects")))
    p.add_argument("--limit", type=int, default=50, metavar="N",
                   help=t(_n("at most N results (default 50)")))
    p.add_argument("--plan", metavar="ID", help=t(_n("only what belongs to this plan")))
    p.add_argument("--committee", metavar="NAME", help=t(_n("only minutes of this committee")))
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD",
                   help=t(_n("only minutes of meetings on or after this day")))
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD",
                   help=t(_n("only minutes of meetings on or before this day")))
    p.add_argument("--status", choices=["draft", "approved", "signed"],
                   help=t(_n("only minutes in this state")))
    p.add_argument("--kind", action="append", choices=sorted(search_kinds.KINDS), metavar="KIND",
                   help=t(_n("only records of this kind (again for several)")))
    p.add_argument("--reindex", action="store_true",
                   help=t(_n("rebuild the search index from the records first")))
    p.set_defaults(func=cmd_search)

    p = command("import-docx", _n("import Word minutes (.docx) as drafts; prints each new "
                                  "meeting's id, what it created and what it guessed"))
    p.add_argument("files", nargs="+", metavar="FILE.docx", help=t(_n(
        "the Word files, or folders of them")))
    p.add_argument("--plan", metavar="PLAN", help=t(_n(
        "the plan of every file (else the one each file names)")))
    p.add_argument("--committee", metavar="NAME", help=t(_n(
        "the committee of every file (else the one each file names)")))
    p.set_defaults(func=cmd_import_docx)

    p = command("export-minutes", _n("export minutes as JSON or PDF"))
    p.add_argument("id", nargs="?", metavar="ID", help=t(_n("meeting id or uuid")))
    p.add_argument("--committee", metavar="NAME", help=t(_n("every meeting of a committee")))
    p.add_argument("--plan", metavar="ID", help=t(_n("every meeting of a plan")))
    p.add_argument("--format", choices=_format_names("minutes"), default="json",
                   help=t(_n("json (one meeting) or pdf; default json")))
    p.add_argument("--bundle", action="store_true", help=t(_n("one PDF with a table of contents")))
    p.add_argument("-o", "--output", required=True,
                   help=t(_n("file (or folder for a batch); - is stdout for JSON")))
    seal_options(p, _n("seal signed minutes' PDFs with the unit's seal key (else "
                       "OGP_DESKTOP_SEAL_KEY)"))
    p.set_defaults(func=cmd_export)

    for name, func, text in (
        ("approve", cmd_approve, _n("approve draft minutes")),
        ("reopen", cmd_reopen, _n("turn approved minutes back into a draft")),
        ("amend", cmd_amend, _n("start a new version of signed minutes; prints its id")),
    ):
        p = command(name, text)
        p.add_argument("id", metavar="ID", help=t(_n("meeting id or uuid")))
        p.set_defaults(func=func)

    p = command("sign", _n("sign approved minutes: with keys (--key per signer) or on paper "
                           "(--signer/--role per signatory)"))
    p.add_argument("id", metavar="ID", help=t(_n("meeting id or uuid")))
    p.add_argument("--key", action="append", metavar="PERSON.p12", help=t(_n(
        "a signer's key file, or a key on a card or token as pkcs11:token=CARD;object=KEY, "
        "once per signer with a key, in order; the name and role printed are its "
        "certificate's")))
    p.add_argument("--password-file", action="append", metavar="FILE", help=t(_n(
        "the password (a card's PIN) of the --key of the same place, first line of FILE (else "
        "OGP_DESKTOP_KEY_PASSWORD, else a prompt)")))
    p.add_argument("--pkcs11-lib", metavar="LIBRARY", help=t(_n(
        "the card's PKCS#11 library for pkcs11: keys (else OGP_DESKTOP_PKCS11_LIB, else "
        "OpenSC's where it is usually installed)")))
    p.add_argument("--signer", action="append", metavar="NAME",
                   help=t(_n("the name of a signatory who signs the printout on paper, once "
                             "per signatory, in order (after the keys)")))
    p.add_argument("--role", action="append", metavar="ROLE",
                   help=t(_n("the role of the signatory of the same place")))
    p.add_argument("--meaning", action="append", choices=["prepared", "approved"],
                   help=t(_n("what the signature means, per signatory (default: the first of "
                             "several prepared, the others approved)")))
    p.add_argument("--image", action="append", metavar="PNG",
                   help=t(_n("signature image, or - for none")))
    p.add_argument("--timestamp-url", metavar="URL", help=t(_n(
        "an RFC 3161 timestamp server for the PDF signatures (else OGP_DESKTOP_TIMESTAMP_URL, "
        "else the one in the settings; '' for none); when it does not answer, the signatures "
        "carry no timestamp")))
    p.set_defaults(func=cmd_sign)

    p = command("attach-scan", _n("keep a scan of the printout signed on paper with signed "
                                  "minutes"))
    p.add_argument("id", metavar="ID", help=t(_n("meeting id or uuid")))
    p.add_argument("file", metavar="SCAN", help=t(_n("the scan: a PDF, PNG or JPEG file")))
    p.set_defaults(func=cmd_attach_scan)

    p = command("check", _n("integrity, references and signed fingerprints"))
    p.set_defaults(func=cmd_check)

    p = command("backup", _n("write a consistent copy of the database"))
    p.add_argument("output", metavar="OUT.sqlite", help=t(_n("the backup file to write")))
    p.set_defaults(func=cmd_backup)

    p = command("set-letterhead", _n("ministry and unit names and logo printed on minutes"))
    p.add_argument("--ministry", help=t(_n("the ministry's name")))
    p.add_argument("--unit", help=t(_n("the unit's name")))
    p.add_argument("--logo", metavar="PNG", help=t(_n("the logo, a PNG or JPEG image")))
    p.set_defaults(func=cmd_set_letterhead)

    p = command("verify", _n("check a signed PDF or meeting against the database"))
    p.add_argument("target", metavar="TARGET", help=t(_n("meeting id/uuid or a PDF file")))
    p.set_defaults(func=cmd_verify)

    p = command("export-plan-report", _n("the progress report of a plan as PDF"))
    p.add_argument("--plan", required=True, metavar="ID", help=t(_n("plan id or uuid")))
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf",
                   help=t(_n("the PDF file to write")))
    p.set_defaults(func=cmd_export_plan_report)

    p = command("export-calendar",
                _n("a plan's steps, key dates and meetings as iCalendar (.ics)"))
    p.add_argument("--plan", required=True, metavar="ID", help=t(_n("plan id or uuid")))
    p.add_argument("-o", "--output", required=True, metavar="OUT.ics",
                   help=t(_n("the .ics file to write")))
    p.set_defaults(func=cmd_export_calendar)

    p = command("publish", _n("write the public repository website into a folder: plans, "
                              "timeline, committees, signed minutes, progress reports"))
    p.add_argument("-o", "--output", required=True, metavar="SITE_DIR",
                   help=t(_n("the site's folder: new, empty, or a site published before "
                             "(only what changed is rewritten)")))
    p.add_argument("--plan", action="append", metavar="ID",
                   help=t(_n("only this plan and its committees and minutes (again for several)")))
    seal_options(p, _n("seal the PDFs of minutes signed on paper with the unit's seal key, so "
                       "that verify accepts them (else OGP_DESKTOP_SEAL_KEY)"))
    p.set_defaults(func=cmd_publish)

    p = command("export-progress-report", _n(
        "the progress report on a plan's commitments (IRM completion, did it open government, "
        "milestones, findings, evidence) as PDF or Word"))
    p.add_argument("--plan", required=True, metavar="ID", help=t(_n("plan id or uuid")))
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf",
                   help=t(_n("the file to write")))
    p.add_argument("--format", choices=_format_names("progress"), default="pdf",
                   help=t(_n("pdf or docx (Word); default pdf")))
    p.add_argument("--language", choices=["ar", "en"], help=t(_n(
        "the report's language (default: the program's, Arabic unless English is chosen)")))
    p.set_defaults(func=cmd_export_progress_report)

    p = command("compliance", _n("check the records against OGP's participation and "
                                 "co-creation standards"))
    p.add_argument("--plan", metavar="ID", help=t(_n("only this plan (and the secretariat's "
                                                     "own checks)")))
    p.add_argument("--json", action="store_true", help=t(_n("a JSON array of objects")))
    p.set_defaults(func=cmd_compliance)

    p = command("authority", _n("the unit's certificate authority and the signing keys it issues"))
    authority = p.add_subparsers(dest="authority_command", metavar="ACTION", required=True,
                                 help=t(_n("init or issue")))
    q = authority.add_parser("init", help=t(_n("create the unit's authority (its key into -o, its "
                                              "certificate trusted by the records)")))
    q.add_argument("--name", required=True, help=t(_n("the authority's name (the unit's)")))
    q.add_argument("-o", "--output", required=True, metavar="UNIT.p12",
                   help=t(_n("the key file to write (PKCS#12, password-protected)")))
    q.add_argument("--password-file", metavar="FILE", help=t(_n(
        "the new key file's password, first line of FILE (else OGP_DESKTOP_CA_PASSWORD, else "
        "a prompt)")))
    q.add_argument("--years", type=int, default=10, help=t(_n("years of validity")))
    q.add_argument("--force", action="store_true", help=t(_n("replace an existing output file")))
    q.set_defaults(func=cmd_authority_init)
    q = authority.add_parser("issue", help=t(_n("issue a person's signing key from the authority")))
    q.add_argument("--ca", required=True, metavar="UNIT.p12", help=t(_n("the authority's key file")))
    q.add_argument("--ca-password-file", metavar="FILE", help=t(_n(
        "the authority's password, first line of FILE (else OGP_DESKTOP_CA_PASSWORD, else a "
        "prompt)")))
    q.add_argument("--name", required=True, help=t(_n("the person's name, as it will be printed")))
    q.add_argument("--role", required=True, help=t(_n("the person's role, as it will be printed")))
    q.add_argument("-o", "--output", required=True, metavar="PERSON.p12",
                   help=t(_n("the key file to write (PKCS#12, password-protected)")))
    q.add_argument("--password-file", metavar="FILE", help=t(_n(
        "the new key file's password, first line of FILE (else OGP_DESKTOP_KEY_PASSWORD, else "
        "a prompt)")))
    q.add_argument("--years", type=int, default=3, help=t(_n("years of validity")))
    q.add_argument("--force", action="store_true", help=t(_n("replace an existing output file")))
    q.set_defaults(func=cmd_authority_issue)

    p = command("server", _n("the office's PostgreSQL server: set it up, bring a laptop's "
                             "records onto it"))
    server_sub = p.add_subparsers(dest="server_command", metavar="ACTION", required=True,
                                  help=t(_n("init or import-sqlite")))
    q = server_sub.add_parser("init", help=t(_n(
        "create the database if missing, its schema, the roles and grants, and the first admin "
        "(as the server's superuser)")))
    q.add_argument("--admin", required=True, metavar="LOGIN", help=t(_n("the first admin's login")))
    q.add_argument("--name", required=True, help=t(_n("the first admin's name")))
    q.add_argument("--password-file", metavar="FILE", help=t(_n(
        "the new login's password, first line of FILE (else OGP_DESKTOP_LOGIN_PASSWORD, else "
        "a prompt)")))
    q.set_defaults(func=cmd_server_init)
    q = server_sub.add_parser("import-sqlite", help=t(_n(
        "move every record of a SQLite file onto the server's new, empty records, and prove it")))
    q.add_argument("file", metavar="FILE.sqlite", help=t(_n("the laptop's records file")))
    q.set_defaults(func=cmd_server_import)

    p = command("users", _n("the people who log in to the office's server, and their roles"))
    users_sub = p.add_subparsers(dest="users_command", metavar="ACTION", required=True,
                                 help=t(_n("add, list, disable or set-role")))
    roles = ["viewer", "editor", "approver", "admin"]
    q = users_sub.add_parser("add", help=t(_n("add a login with a role")))
    q.add_argument("login", metavar="LOGIN", help=t(_n("the login (small Latin letters, digits, _ . -)")))
    q.add_argument("--name", required=True, help=t(_n("the person's name")))
    q.add_argument("--role", required=True, choices=roles, help=t(_n(
        "viewer reads; editor writes drafts; approver also approves and signs; admin also "
        "manages users and settings")))
    q.add_argument("--password-file", metavar="FILE", help=t(_n(
        "the new login's password, first line of FILE (else OGP_DESKTOP_LOGIN_PASSWORD, else "
        "a prompt)")))
    q.set_defaults(func=cmd_users_add)
    q = users_sub.add_parser("list", help=t(_n("list the logins, their names and roles")))
    q.add_argument("--json", action="store_true", help=t(_n("a JSON array of objects")))
    q.set_defaults(func=cmd_users_list)
    q = users_sub.add_parser("disable", help=t(_n("stop a login from connecting")))
    q.add_argument("login", metavar="LOGIN", help=t(_n("the login")))
    q.set_defaults(func=cmd_users_disable)
    q = users_sub.add_parser("set-role", help=t(_n("give a login another role")))
    q.add_argument("login", metavar="LOGIN", help=t(_n("the login")))
    q.add_argument("role", metavar="ROLE", choices=roles, help=t(_n(
        "viewer, editor, approver or admin")))
    q.set_defaults(func=cmd_users_set_role)

    p = command("trust", _n("the authorities whose certificates the records trust"))
    trust_sub = p.add_subparsers(dest="trust_command", metavar="ACTION", required=True,
                                 help=t(_n("add, list or check")))
    q = trust_sub.add_parser("add", help=t(_n("trust another authority (its certificate, PEM or DER)")))
    q.add_argument("certificate", metavar="CERT.pem", help=t(_n("the authority's certificate file")))
    q.add_argument("--ca", metavar="UNIT.p12", help=t(_n(
        "the unit's authority's key file, which endorses the new one (needed once the unit has "
        "its own authority)")))
    q.add_argument("--ca-password-file", metavar="FILE", help=t(_n(
        "the authority's password, first line of FILE (else OGP_DESKTOP_CA_PASSWORD, else a "
        "prompt)")))
    q.set_defaults(func=cmd_trust_add)
    q = trust_sub.add_parser("list", help=t(_n("list the trusted authorities")))
    q.add_argument("--json", action="store_true", help=t(_n("a JSON array of objects")))
    q.set_defaults(func=cmd_trust_list)
    q = trust_sub.add_parser("check", help=t(_n("check a certificate or key file against the "
                                              "trusted authorities")))
    q.add_argument("file", metavar="FILE", help=t(_n("a certificate (PEM or DER) or key file (.p12)")))
    q.add_argument("--password-file", metavar="FILE", help=t(_n(
        "the key file's password, first line of FILE (else OGP_DESKTOP_KEY_PASSWORD, else a "
        "prompt)")))
    q.set_defaults(func=cmd_trust_check)
    return parser


def _quiet_libraries() -> None:
    """A command speaks in its own lines only: a library's log record (psycopg's "error
    ignored terminating <Pipeline…>" after the server refused a batch) would otherwise reach
    stderr through Python's last-resort handler, beside the one line that says what is
    wrong. Nothing is lost: the refusal itself is the command's error line."""
    import logging

    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.NullHandler())


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # reported with the usage of the sub-command they were given to
        _subcommand_parser(parser, args.command).error(
            _translate()("unrecognized arguments: %s") % " ".join(map(user_text, extra)))
    if args.command is None:
        from ogp_desktop.ui.app import run  # the only place the CLI reaches into the GUI

        return run(args)
    thresholds = _collect_less_often()
    _quiet_libraries()
    try:
        return _run_subcommand(parser, args)
    finally:
        while _OPENED:
            _OPENED.pop().close()
        import gc

        gc.set_threshold(*thresholds)  # in process (the tests), the caller's again


def _run_subcommand(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """The sub-command, its errors said in one line each (main closes its databases)."""
    try:
        return args.func(args)
    except UsageError as exc:
        command = _subcommand_parser(parser, args.command)
        command.print_usage(sys.stderr)
        print(_translate()("%(prog)s: error: %(message)s\n") % {
            "prog": command.prog, "message": _line(str(exc))}, end="", file=sys.stderr)
        return 2
    except DomainError as exc:
        _print_error(exc)
        return exc.exit_code
    except KeyboardInterrupt:
        _say(_n("interrupted; nothing half-written was kept"), file=sys.stderr)
        return 1
    except BrokenPipeError:  # `… | head` closed the output: not an error of the records
        sys.stdout = open(os.devnull, "w")
        return 1
    except Exception as exc:  # the database or the OS failed outside a unit of work: one line
        from sqlalchemy.exc import DBAPIError

        if not isinstance(exc, (DBAPIError, OSError)):
            raise
        from ogp_desktop import paths
        from ogp_desktop.core.db import storage_error

        # a server's URL stays a URL: its own dialect says what the server said, naming it
        # without the password (as a path, the URL was shown whole, password and all)
        where = getattr(exc, "filename", None) or paths.resolve_db_target(args.db)
        _print_error(storage_error(exc, where))
        return 1


def _collect_less_often() -> tuple[int, ...]:
    """A sub-command is a short process whose objects mostly live until it exits (modules,
    fonts, one layout): collecting the young generation every 700 allocations was ~10% of
    an `export-minutes --format pdf`. Every 50,000 still bounds the cycles of a long batch."""
    import gc

    before = gc.get_threshold()
    gc.set_threshold(50_000, 10, 10)
    return before


def _no_collection_at_exit() -> None:
    """The interpreter collects every generation once more while it shuts down: after the
    read-only print of signed minutes, a traversal of everything the process made
    (ReportLab's modules, the fonts' tables...) that frees nothing the exit would not, ~25 ms.
    That path has closed its connection and its file, so what is still alive is moved out of
    the collector's reach (gc.freeze)."""
    import gc

    gc.freeze()


def _print_error(exc: DomainError) -> None:
    """One line on stderr, in the user's language: Arabic when their locale (or
    OGP_DESKTOP_LANG) is Arabic. User values in it are escaped, so it stays one line."""
    t = _translate()
    print(t(_n("error: {message}")).format(message=exc.render(t)), file=sys.stderr)


def _subcommand_parser(parser: argparse.ArgumentParser, command: str) -> argparse.ArgumentParser:
    """The parser of `command`, so a usage error shows that sub-command's usage."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices.get(command, parser)
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
