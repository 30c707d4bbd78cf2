#!/usr/bin/env python3
"""Benchmark of signing and verifying one meeting's minutes with keys (issue 11).

    python bench/bench_sign.py [--runs 7] [--keep]

What is measured, in-process, on the demo records in a throw-away folder (the unit's
authority and two signing keys issued from it, as `authority init` / `authority issue` do):

  sign    the whole act of `ogp-desktop sign ID --key A.p12 --key B.p12` after the key files
          are unlocked: export.signing.sign_minutes (the signature rows with each key's
          statement signature, the register's entry, the PDF rendered and PAdES-signed twice,
          prepared then approved, in the visible fields) and the commit. Before each run,
          untimed, the demo meeting is amended and the amendment approved, so each run signs
          a new version, as the secretariat does.
  unlock  loading one PKCS#12 key file with its password (what the CLI and the sign dialog
          do once per key; PBKDF2 makes it deliberately slow).
  verify-records  `verify ID`: core.services.signing.verify_meeting (fingerprint, each
          key signature and certificate path, the register's entry).
  verify-pdf  `verify FILE.pdf`: export.verify.verify_target on the signed PDF as exported
          (pyHanko's validation of both signatures, the tail after the last one, the match
          with the records).
  seal    sealing an exported PDF with the unit's seal key (export.signing.seal_pdf_bytes).

For information, with --cli: the whole commands in fresh processes (wall clock), which add
the interpreter's start and the imports of pyHanko.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import Result, machine_lines, print_table, repeat  # after the path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cli", action="store_true", help="also time the whole commands")
    parser.add_argument("--keep", action="store_true", help="keep the throw-away folder")
    args = parser.parse_args()

    from ogp_desktop.core.db import open_database
    from ogp_desktop.core.demo import load_demo
    from ogp_desktop.core.keys import keyfiles, operations
    from ogp_desktop.core.models import Meeting, MinutesStatus, SignatureMeaning
    from ogp_desktop.core.services import signing
    from ogp_desktop.export.minutes import meeting_pdf_bytes
    from ogp_desktop.export.signing import seal_pdf_bytes, sign_minutes
    from ogp_desktop.export.verify import verify_target

    work = Path(tempfile.mkdtemp(prefix="ogp-bench-sign-"))
    password = b"bench-password-1"
    try:
        db = open_database(work / "records.sqlite", create=True)
        with db.session() as s:
            load_demo(s)
        with db.session() as s:
            unit, _ = operations.init_authority(s, "وحدة الحكومة المنفتحة", work / "unit.p12",
                                                password)
            for name, role, file in (("أحمد محمد العبدالله", "مقرر اللجنة", "a.p12"),
                                     ("مي عليمات", "رئيسة اللجنة", "b.p12"),
                                     ("وحدة الحكومة المنفتحة", "ختم الوحدة", "seal.p12")):
                operations.issue_key(s, unit, name, role, work / file, password)
        with db.session(write=False) as s:
            meeting_id = s.query(Meeting.id).filter(
                Meeting.status == MinutesStatus.SIGNED).order_by(Meeting.id).first()[0]

        results: list[Result] = []
        unlock = Result("unlock one PKCS#12 key file", repeat(
            lambda i: keyfiles.load_key_file(work / "a.p12", password), args.runs))
        results.append(unlock)
        prepared = keyfiles.load_key_file(work / "a.p12", password)
        approved = keyfiles.load_key_file(work / "b.p12", password)
        seal = keyfiles.load_key_file(work / "seal.p12", password)

        current = [meeting_id]

        def next_version() -> int:
            """The newest version amended into a new draft, approved: ready to sign."""
            with db.session() as s:
                current.append(signing.amend(s, current[-1]).id)
            with db.session() as s:
                signing.approve(s, current[-1])
            return current[-1]

        sign_seconds = []
        for _ in range(args.runs):
            target = next_version()
            t0 = time.perf_counter()
            with db.session() as s:
                sign_minutes(s, target, [
                    signing.Signatory("", "", SignatureMeaning.PREPARED, None, key=prepared),
                    signing.Signatory("", "", SignatureMeaning.APPROVED, None, key=approved)])
            sign_seconds.append(time.perf_counter() - t0)
        results.append(Result("sign one meeting, two keys (records + PDF)", sign_seconds,
                              note="each run a new version (an amendment) of the demo "
                                   f"minutes {meeting_id}"))
        meeting_id = current[-1]

        def check_records(i: int) -> None:
            with db.session(write=False) as s:
                verdict = signing.verify_meeting(s, s.get(Meeting, meeting_id))
                assert verdict.ok, verdict
        results.append(Result("verify ID (records)", repeat(check_records, args.runs)))

        with db.session(write=False) as s:
            pdf = meeting_pdf_bytes(s, meeting_id)
        exported = work / "minutes.pdf"
        exported.write_bytes(pdf)

        def check_pdf(i: int) -> None:
            with db.session(write=False) as s:
                ok, said = verify_target(s, str(exported))
                assert ok, said
        results.append(Result("verify FILE.pdf (two signatures)", repeat(check_pdf, args.runs)))
        def seal_once(i: int) -> None:
            with db.session(write=False) as s:
                seal_pdf_bytes(pdf, seal, s)
        results.append(Result("seal an exported PDF", repeat(seal_once, args.runs)))

        if args.cli:
            exe = [sys.executable, "-m", "ogp_desktop"]
            env = dict(os.environ, OGP_DESKTOP_KEY_PASSWORD=password.decode())
            db_arg = ["--db", str(work / "records.sqlite")]

            def run(cmd: list[str]) -> None:
                subprocess.run(exe + db_arg + cmd, env=env, check=True, capture_output=True)

            cli_sign = []
            for _ in range(args.runs):
                target = next_version()
                t0 = time.perf_counter()
                run(["sign", str(target), "--key", str(work / "a.p12"),
                     "--key", str(work / "b.p12")])
                cli_sign.append(time.perf_counter() - t0)
            results.append(Result("CLI: sign ID --key --key (process)", cli_sign))
            run(["export-minutes", str(current[-1]), "--format", "pdf", "-o", str(exported)])
            results.append(Result("CLI: verify FILE.pdf (process)", repeat(
                lambda i: run(["verify", str(exported)]), args.runs)))
        db.close()
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print("\n".join(machine_lines()))
    try:
        print(f"load    : {os.getloadavg()[0]:.2f} (1 min)")
    except OSError:
        pass
    print()
    print_table(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
