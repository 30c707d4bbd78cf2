"""The `ogp-desktop` command. Sub-commands run headless on the core services; with no
sub-command the desktop application opens.

Exit codes: 0 success; 1 a one-line message on stderr saying what is wrong; 2 usage."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ogp_desktop import __version__
from ogp_desktop.core.errors import DomainError, ValidationError


class UsageError(Exception):
    """Arguments that parse but do not make sense together (exit 2)."""


def _open(args: argparse.Namespace, *, create: bool = False):  # noqa: ANN202
    """The database `--db` (or the environment, or the data folder) names. Only `init`,
    `load-demo` and `--demo` create one: a mistyped path is refused, never created."""
    from ogp_desktop import paths
    from ogp_desktop.core.db import open_database

    demo = getattr(args, "demo", False) and not args.db
    path = paths.demo_db_path() if demo else paths.resolve_db_path(args.db)
    if create:
        paths.ensure_default_folder(path)
    db = open_database(path, create=create or demo)
    if db.backup_path is not None:
        print(f"upgraded the database; the previous file is kept at {db.backup_path}",
              file=sys.stderr)
    return db


def _print_json(obj) -> None:  # noqa: ANN001
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def cmd_load_demo(args: argparse.Namespace) -> int:
    from ogp_desktop.core.demo import load_demo

    db = _open(args, create=True)
    with db.session() as session:
        counts = load_demo(session)
    added = ", ".join(f"{n} {what}" for what, n in counts.items() if n) or "nothing new"
    print(f"demo records in {db.path}: added {added}")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """An explicit create: a new, empty database at --db (an empty file may become one)."""
    from ogp_desktop import paths
    from ogp_desktop.core.errors import StorageError
    from ogp_desktop.core.i18n import language_from_environment, translator

    path = paths.resolve_db_path(args.db)
    if path.exists() and not path.is_dir() and path.stat().st_size > 0:
        raise StorageError("There is a file at {path} already; nothing was changed. Give a "
                           "new file name to create a database.", path=str(path))
    db = _open(args, create=True)
    db.close()
    _ = translator(language_from_environment())
    print(_("Created a new, empty database at {path}").format(path=db.path))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from ogp_desktop.core.services import committees, directory, meetings, plans

    db = _open(args)
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
            extra = "  ".join(str(row[k]) for k in ("date", "status") if k in row)
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
    print(f"imported '{obj['title']}' as draft minutes")
    print(new_id)
    return 0


def _meeting_ids_for(args: argparse.Namespace, session) -> list[int]:  # noqa: ANN001
    from ogp_desktop.core.services import committees, meetings, plans

    if args.committee:
        committee = committees.get_committee(session, args.committee)
        rows = meetings.list_meetings(session, committee_id=committee.id)
    else:
        plan = plans.find_plan(session, args.plan)
        rows = meetings.list_meetings(session, plan_id=plan.id)
    return [r.id for r in sorted(rows, key=lambda r: (r.date, r.id))]


def cmd_export(args: argparse.Namespace) -> int:
    from ogp_desktop.core import exchange

    batch = bool(args.committee or args.plan)
    if batch == (args.id is not None):
        raise UsageError("give either a meeting ID or --committee/--plan")
    if args.bundle and not batch:
        raise UsageError("--bundle goes with --committee or --plan")
    db = _open(args)
    with db.session(write=False) as session:
        if args.format == "json":
            if batch:
                raise UsageError("batch export is for --format pdf; export JSON one meeting at a time")
            meeting = _meeting(session, args.id)
            text = exchange.dumps(exchange.export_minutes(session, meeting.id))
            _write_text(args.output, text)
            return 0
        from ogp_desktop.core.services import exports as export

        progress = _progress_printer() if batch else None
        if not batch:
            meeting = _meeting(session, args.id)
            export.export_meeting_pdf(session, meeting.id, Path(args.output))
        elif args.bundle:
            ids = _meeting_ids_for(args, session)
            export.export_bundle_pdf(session, ids, Path(args.output), progress=progress)
            print(f"wrote {args.output} ({len(ids)} minutes)")
        else:
            written = export.export_batch_pdf(session, _meeting_ids_for(args, session),
                                                Path(args.output), progress=progress)
            print(f"wrote {len(written)} file{'' if len(written) == 1 else 's'} to {args.output}")
    return 0


def _progress_printer() -> Callable[[int, int], None]:
    def progress(done: int, total: int) -> None:
        print(f"[{done}/{total}]", file=sys.stderr, flush=True)

    return progress


def _write_text(output: str, text: str) -> None:
    if output == "-":
        sys.stdout.write(text)
        return
    from ogp_desktop.core.services.exports import check_folder_exists

    check_folder_exists(Path(output).parent)
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ValidationError("{path} can not be written: {error}", field="output",
                              path=output, error=exc.strerror or str(exc)) from exc


def _read_bytes(path: str, field: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError("{path} can not be read: {error}", field=field,
                              path=path, error=exc.strerror or str(exc)) from exc


def _meeting(session, ref: str):  # noqa: ANN001, ANN202
    from ogp_desktop.core.services.meetings import get_meeting

    return get_meeting(session, ref)


def _change_meeting(args: argparse.Namespace, change: Callable, report: Callable) -> int:
    """`change(session, meeting id)` on the meeting `args.id` names; prints
    `report(meeting)` (the meeting `change` returns) once the unit of work is committed:
    a failed commit must not leave the user believing it is stored."""
    db = _open(args)
    with db.session() as session:
        meeting = change(session, _meeting(session, args.id).id)
        line = report(meeting)
    print(line)
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    from ogp_desktop.core.services import signing

    return _change_meeting(args, signing.approve,
                           lambda meeting: f"approved minutes {meeting.id}: {meeting.title}")


def cmd_reopen(args: argparse.Namespace) -> int:
    from ogp_desktop.core.services import signing

    return _change_meeting(args, signing.reopen,
                           lambda meeting: f"minutes {meeting.id} are a draft again")


def cmd_sign(args: argparse.Namespace) -> int:
    from ogp_desktop.core.models import SignatureMeaning
    from ogp_desktop.core.services import signing

    signers, roles = args.signer or [], args.role or []
    meanings, images = args.meaning or [], args.image or []
    if not signers or len(roles) != len(signers):
        raise UsageError("give one --role for each --signer (at least one signer)")
    if meanings and len(meanings) != len(signers):
        raise UsageError("give one --meaning for each --signer, or none")
    if images and len(images) != len(signers):
        raise UsageError("give one --image for each --signer (use - for none), or none")
    signatories = []
    for i, (name, role) in enumerate(zip(signers, roles)):
        image = _read_bytes(images[i], "image") if images and images[i] != "-" else None
        meaning = meanings[i] if meanings else (
            SignatureMeaning.PREPARED if i == 0 and len(signers) > 1 else SignatureMeaning.APPROVED
        )
        signatories.append(signing.Signatory(name, role, meaning, image))
    return _change_meeting(
        args, lambda session, meeting_id: signing.sign(session, meeting_id, signatories),
        lambda meeting: f"signed minutes {meeting.id} version {meeting.version}\n"
                        f"sha256 {meeting.snapshot_sha256}")


def cmd_amend(args: argparse.Namespace) -> int:
    from ogp_desktop.core.services import signing

    db = _open(args)
    with db.session() as session:
        new = signing.amend(session, _meeting(session, args.id).id)
        new_id, version = new.id, new.version
    print(f"version {version} is a new draft")
    print(new_id)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from ogp_desktop.core.integrity import check_database

    from ogp_desktop.core.location import risky_location

    db = _open(args)
    report = check_database(db)
    warning = risky_location(db.path)
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    for problem in report.problems:
        print(problem)
    if report.ok:
        print(f"ok: {db.path} (schema {report.schema}); "
              f"{report.signed_checked} signed minutes match their fingerprints")
        return 0
    print(f"{len(report.problems)} problem(s) found in {db.path}", file=sys.stderr)
    return 1


def cmd_backup(args: argparse.Namespace) -> int:
    from ogp_desktop.core.db import backup_to

    db = _open(args)
    target = backup_to(db.path, Path(args.output))
    print(f"backup written to {target}")
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
    print("letterhead saved")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from ogp_desktop.core.services import exports as export

    db = _open(args)
    with db.session(write=False) as session:
        ok, message = export.verify_target(session, args.target)
    print(message, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


def _export_plan(args: argparse.Namespace, export: Callable, what: str) -> int:
    """`export(session, plan id, output)` for the plan `args.plan` names."""
    from ogp_desktop.core.services import plans

    db = _open(args)
    with db.session(write=False) as session:
        plan = plans.find_plan(session, args.plan)
        export(session, plan.id, Path(args.output))
        title = plan.title
    print(f"wrote {what} of \u201c{title}\u201d to {args.output}")
    return 0


def cmd_export_plan_report(args: argparse.Namespace) -> int:
    from ogp_desktop.core.services import plan_report

    return _export_plan(args, plan_report.export_plan_report_pdf, "the progress report")


def cmd_export_calendar(args: argparse.Namespace) -> int:
    from ogp_desktop.core.services import calendar_export

    return _export_plan(args, calendar_export.export_calendar, "the calendar")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ogp-desktop",
        description="OGP Desktop: records of an Open Government Partnership secretariat.",
    )
    parser.add_argument("--version", action="version", version=f"ogp-desktop {__version__}")
    parser.add_argument("--db", metavar="PATH",
                        help="database file (default: OGP_DESKTOP_DB or the data folder)")
    parser.add_argument("--demo", action="store_true",
                        help="use the separate demo database (filled on first use)")
    parser.add_argument("--self-test", action="store_true",
                        help="start offscreen on a temporary database, exercise every view, exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help="create a new, empty database at --db (refused if one exists)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("load-demo", help="add the demo records (safe to run again)")
    p.set_defaults(func=cmd_load_demo)

    p = sub.add_parser("list", help="list plans, committees, meetings or people")
    p.add_argument("what", choices=["plans", "committees", "meetings", "people"])
    p.add_argument("--json", action="store_true", help="a JSON array of objects")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("import-minutes", help="import one ogp-minutes/1 JSON file as a draft")
    p.add_argument("file")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export-minutes", help="export minutes as JSON or PDF")
    p.add_argument("id", nargs="?", help="meeting id or uuid")
    p.add_argument("--committee", metavar="NAME", help="every meeting of a committee")
    p.add_argument("--plan", metavar="ID", help="every meeting of a plan")
    p.add_argument("--format", choices=["json", "pdf"], default="json")
    p.add_argument("--bundle", action="store_true", help="one PDF with a table of contents")
    p.add_argument("-o", "--output", required=True, help="file (or folder for a batch); - is stdout for JSON")
    p.set_defaults(func=cmd_export)

    for name, func, text in (
        ("approve", cmd_approve, "approve draft minutes"),
        ("reopen", cmd_reopen, "turn approved minutes back into a draft"),
        ("amend", cmd_amend, "start a new version of signed minutes; prints its id"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("id", help="meeting id or uuid")
        p.set_defaults(func=func)

    p = sub.add_parser("sign", help="sign approved minutes (repeat --signer/--role per signatory)")
    p.add_argument("id", help="meeting id or uuid")
    p.add_argument("--signer", action="append", metavar="NAME")
    p.add_argument("--role", action="append", metavar="ROLE")
    p.add_argument("--meaning", action="append", choices=["prepared", "approved"])
    p.add_argument("--image", action="append", metavar="PNG", help="signature image, or - for none")
    p.set_defaults(func=cmd_sign)

    p = sub.add_parser("check", help="integrity, references and signed fingerprints")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("backup", help="write a consistent copy of the database")
    p.add_argument("output", metavar="OUT.sqlite")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("set-letterhead", help="ministry and unit names and logo printed on minutes")
    p.add_argument("--ministry")
    p.add_argument("--unit")
    p.add_argument("--logo", metavar="PNG")
    p.set_defaults(func=cmd_set_letterhead)

    p = sub.add_parser("verify", help="check a signed PDF or meeting against the database")
    p.add_argument("target", help="meeting id/uuid or a PDF file")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("export-plan-report", help="the progress report of a plan as PDF")
    p.add_argument("--plan", required=True, metavar="ID", help="plan id or uuid")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    p.set_defaults(func=cmd_export_plan_report)

    p = sub.add_parser("export-calendar",
                       help="a plan's steps, key dates and meetings as iCalendar (.ics)")
    p.add_argument("--plan", required=True, metavar="ID", help="plan id or uuid")
    p.add_argument("-o", "--output", required=True, metavar="OUT.ics")
    p.set_defaults(func=cmd_export_calendar)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from ogp_desktop.ui.app import run  # the only place the CLI reaches into the GUI

        return run(args)
    try:
        return args.func(args)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"ogp-desktop: error: {exc}", file=sys.stderr)
        return 2
    except DomainError as exc:
        # In the user's language: Arabic when their locale (or OGP_DESKTOP_LANG) is Arabic.
        from ogp_desktop.core.i18n import language_from_environment, translator

        message = exc.render(translator(language_from_environment()))
        print(f"error: {message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted; nothing half-written was kept", file=sys.stderr)
        return 1
    except Exception as exc:  # SQLite or the OS failed outside a unit of work: one line
        from sqlalchemy.exc import DBAPIError

        if not isinstance(exc, (DBAPIError, OSError)):
            raise
        from ogp_desktop import paths
        from ogp_desktop.core.db import storage_error
        from ogp_desktop.core.i18n import language_from_environment, translator

        where = getattr(exc, "filename", None) or paths.resolve_db_path(args.db)
        message = storage_error(exc, where)
        print(f"error: {message.render(translator(language_from_environment()))}",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
