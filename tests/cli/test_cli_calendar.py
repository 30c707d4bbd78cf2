"""`ogp-desktop export-plan-report` and `export-calendar` on a real SQLite file and on a
database of the private PostgreSQL server: exit codes, the files written, and the one-line
message for a plan that does not exist."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest

from ogp_desktop import cli
from ogp_desktop.core import demo_data


def run(capsys, *argv) -> tuple[int, str, str]:
    try:
        code = cli.main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_file(demo_target) -> Path | str:
    return demo_target


@pytest.fixture
def plan5(demo_file, dbtools) -> tuple[int, str]:
    """The 5th plan's id and uuid, read behind the program's back."""
    [row] = dbtools.sql(demo_file, "SELECT id, uuid FROM plans WHERE ordinal = 5")
    return row


@pytest.mark.requires_tool("pdftotext")
def test_export_plan_report(capsys, demo_file, plan5, tmp_path):
    import subprocess
    import unicodedata

    plan_id, _ = plan5
    out = tmp_path / "report.pdf"
    code, stdout, err = run(capsys, "--db", demo_file, "export-plan-report", "--plan", plan_id,
                            "-o", out)
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF-") and str(out) in stdout
    text = unicodedata.normalize("NFKC", subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8"))
    assert "تقرير سير العمل" in text and "الأنشطة القادمة" in text
    assert not list(tmp_path.glob(".*.part"))


def test_export_calendar(capsys, demo_file, plan5, tmp_path):
    plan_id, plan_uuid = plan5
    out = tmp_path / "sub" / "plan.ics"
    out.parent.mkdir()
    code, stdout, err = run(capsys, "--db", demo_file, "export-calendar", "--plan", plan_id,
                            "-o", out)
    assert code == 0, err
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    steps = sum(len(ph["steps"]) for p in demo_data.PLANS for ph in p["phases"])
    kinds = [str(e["X-OGP-KIND"]) for e in cal.walk("VEVENT")]
    assert kinds.count("step") == steps == 17 and kinds.count("meeting") == 1
    # by UUID too, and the second export is the same file
    again = tmp_path / "again.ics"
    code, _, err = run(capsys, "--db", demo_file, "export-calendar", "--plan", plan_uuid, "-o", again)
    assert code == 0, err
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize("command, suffix", [("export-plan-report", "pdf"), ("export-calendar", "ics")])
def test_unknown_plan_is_one_line_exit_1(capsys, demo_file, tmp_path, command, suffix):
    out = tmp_path / f"x.{suffix}"
    code, stdout, err = run(capsys, "--db", demo_file, command, "--plan", "999", "-o", out)
    assert code == 1
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "999" in lines[0] and lines[0].startswith("error:"), err
    assert not out.exists() and stdout == ""


@pytest.mark.parametrize("command", ["export-plan-report", "export-calendar"])
def test_usage_errors_exit_2(capsys, demo_file, command):
    code, _, err = run(capsys, "--db", demo_file, command, "--plan", "1")
    assert code == 2 and "-o" in err


def test_unwritable_output_is_exit_1(capsys, demo_file, plan5, tmp_path):
    plan_id, _ = plan5
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(capsys, "--db", demo_file, "export-calendar", "--plan", plan_id,
                       "-o", blocker / "plan.ics")
    assert code == 1 and len(err.strip().splitlines()) == 1 and "output" in err
