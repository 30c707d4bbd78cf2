#!/usr/bin/env python3
"""How long the printed minutes of a very long meeting take: the figures behind the
text limits of a meeting (issue 9 §18).

    python bench/bench_pdf_limits.py [--sizes 50000,100000,200000,400000]
                                     [--cases all|one-item,total] [--timeout 120]
                                     [--texts arabic,mixed] [--profile CASE:SIZE:TEXT]

Each case renders the PDF of one meeting (ogp_desktop.pdf.minutes.render_minutes, what
`export-minutes --format pdf` and the editor's Export PDF call) in a fresh process, so a
case that hangs is stopped at --timeout and one case's caches do not help the next:

  one field of N characters  the objective, one discussion point, one note, one action
                             item's text (a cell of the action table);
  a total of N characters    spread over discussion points of ~600 characters, over
                             action items of ~300 characters (table rows), and over
                             attendees (names and organisations);
  worst case                 the meeting as large as the limits allow: every field at
                             its own limit until the meeting's total is reached ("worst":
                             objective, points, action items and notes in turn;
                             "worst-actions": action items only, the costliest).

Texts: "arabic" (the words of the secretariat's minutes), "mixed" (Arabic with English
words, dates, times, percentages and brackets, one word in seven Latin), "noword" (one
word without spaces, cut between letters). The sizes are printed with the pages the PDF
has, and the time per 1,000 characters, so a superlinear cost shows as a rising rate.

The limits are read from ogp_desktop.core.services.common (MEETING_FIELD_MAX,
MEETING_TEXT_MAX); `--profile one-item:200000:arabic` prints cProfile's top functions of one
case instead.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine_lines  # noqa: E402

ARABIC = ("مراجعة مستجدات تنفيذ الخطة والخطوات القادمة ومناقشة آلية بناء ونشر الاستبيان الذي "
          "يستهدف مؤسسات المجتمع المدني لجمع المعلومات وضرورة التركيز على العمل بشكل جماعي "
          "والتعاون بين الحكومة والمؤسسات وأهمية التنسيق بين اللجان والجهات الأخرى ذات العلاقة").split()
MIXED = ("عقد 3 جلسات تحقق (verification session) مع المجتمع المدني يوم 13/7/2021 الساعة "
         "9:00 - 10:30 عبر منصة ZOOM وبنسبة 65% من المشاركين في Google Form ضمن الخطة 2018-2020").split()


def make_text(n: int, kind: str, seed: int = 0) -> str:
    """About n characters of running text of the given kind."""
    if kind == "noword":
        base = "".join(ARABIC)
        return (base * (n // len(base) + 1))[:n]
    words = ARABIC if kind == "arabic" else MIXED
    out: list[str] = []
    length = 0
    i = seed
    while length < n:
        w = words[i % len(words)]
        out.append(w)
        length += len(w) + 1
        i += 7 if kind == "mixed" else 1
    return " ".join(out)[:n].strip() or "x"


def chunks(total: int, size: int, kind: str) -> list[str]:
    out = []
    left = total
    k = 0
    while left > 0:
        n = min(size, left)
        out.append(make_text(n, kind, seed=k))
        left -= n
        k += 1
    return out


def base_doc(language: str = "ar") -> dict:
    return {
        "format": "ogp-minutes/1", "language": language, "status": "draft", "version": 1,
        "uuid": "00000000-0000-4000-8000-000000000001",
        "title": "محضر اجتماع لجنة تنفيذ الالتزام", "date": "2021-06-14", "start": "09:00",
        "end": "10:30", "mode": "online", "location": "منصة زووم (ZOOM)",
        "committee": "لجنة تنفيذ الالتزام", "plan": "الخطة الوطنية الرابعة",
        "attendees": [{"name": "مي عليمات", "organization": "وحدة الحكومة الشفافة"}],
        "apologies": [], "objective": "مراجعة مستجدات تنفيذ الخطة",
        "discussion": ["عرض منهجية الاستراتيجية"], "outputs": ["ارسال مسودة الاستبيان"],
        "action_items": [{"text": "ارسال الدعوات", "owner": "سجل الجمعيات", "due": "2021-07-13",
                          "status": "open"}],
        "notes": [], "photos": [], "signatures": [],
    }


def build_case(case: str, n: int, kind: str) -> dict:
    doc = base_doc()
    if case == "objective":
        doc["objective"] = make_text(n, kind)
    elif case == "discussion":
        doc["discussion"] = [make_text(n, kind)]
    elif case == "note":
        doc["notes"] = [make_text(n, kind)]
    elif case == "action":
        doc["action_items"][0]["text"] = make_text(n, kind)
    elif case == "total-discussion":
        doc["discussion"] = chunks(n, 600, kind)
    elif case == "total-actions":
        doc["action_items"] = [{"text": t, "owner": "سجل الجمعيات", "due": "2021-07-13", "status": "open"}
                               for t in chunks(n, 300, kind)]
    elif case == "total-attendees":
        doc["attendees"] = [{"name": t[:30], "organization": t[30:60]} for t in chunks(n, 60, kind)]
    elif case == "worst":
        from ogp_desktop.core.services.common import MEETING_FIELD_MAX

        # every long field at the per-field limit, until the meeting's total is reached
        left = n
        doc["objective"] = make_text(min(left, MEETING_FIELD_MAX), kind)
        left -= len(doc["objective"])
        doc["discussion"] = []
        doc["action_items"] = []
        doc["notes"] = []
        k = 0
        while left > 0:
            part = make_text(min(left, MEETING_FIELD_MAX), kind, seed=k)
            left -= len(part)
            target = ("discussion", "action_items", "notes")[k % 3]
            if target == "action_items":
                doc["action_items"].append({"text": part, "owner": "سجل الجمعيات", "due": "2021-07-13",
                                            "status": "open"})
            else:
                doc[target].append(part)
            k += 1
    elif case == "worst-actions":
        from ogp_desktop.core.services.common import MEETING_FIELD_MAX

        # the costliest accepted meeting measured: action items at the per-field limit
        # (one table cell over many pages), up to the meeting's total
        doc["discussion"], doc["outputs"], doc["action_items"] = [], [], []
        doc["objective"] = None
        left, k = n, 0
        while left > 0:
            part = make_text(min(left, MEETING_FIELD_MAX), kind, seed=k)
            left -= len(part)
            doc["action_items"].append({"text": part, "owner": "سجل الجمعيات", "due": "2021-07-13",
                                        "status": "open"})
            k += 1
    else:
        raise SystemExit(f"unknown case {case}")
    return doc


ONE_ITEM = ["objective", "discussion", "note", "action"]
TOTAL = ["total-discussion", "total-actions", "total-attendees"]


def run_one(case: str, n: int, kind: str) -> dict:
    """In this process: render, return seconds and pages."""
    from ogp_desktop.pdf.minutes import render_minutes

    doc = build_case(case, n, kind)
    render_minutes(base_doc(), {}, io.BytesIO())  # warm-up: imports, fonts
    buf = io.BytesIO()
    t0, c0 = time.perf_counter(), time.process_time()
    render_minutes(doc, {"ministry": "وزارة التخطيط والتعاون الدولي", "unit": "وحدة الحكومة الشفافة"}, buf)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    pages = buf.getvalue().count(b"/Type /Page\n") or buf.getvalue().count(b"/Type /Page ")
    return {"seconds": seconds, "cpu": cpu, "pages": pages, "chars": n}


def run_case(case: str, n: int, kind: str, timeout: float) -> dict:
    cmd = [sys.executable, __file__, "--child", f"{case}:{n}:{kind}"]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "cpu": None, "pages": None, "chars": n}
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        return {"seconds": float("nan"), "cpu": None, "pages": None, "chars": n}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="50000,100000,200000,400000")
    ap.add_argument("--cases", default="all",
                    help="all, one-item, total, or names separated by commas (worst, worst-actions, ...)")
    ap.add_argument("--texts", default="arabic,mixed")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds before a case is stopped")
    ap.add_argument("--profile", help="CASE:SIZE:TEXT: print cProfile's top functions of one case")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        case, n, kind = args.child.split(":")
        print(json.dumps(run_one(case, int(n), kind)))
        return 0
    if args.profile:
        import cProfile
        import pstats

        case, n, kind = args.profile.split(":")
        cProfile.runctx("run_one(case, int(n), kind)", globals(), {"case": case, "n": n, "kind": kind},
                        "/tmp/bench_pdf_limits.prof")
        pstats.Stats("/tmp/bench_pdf_limits.prof").sort_stats("tottime").print_stats(25)
        return 0

    from ogp_desktop.core.services import common as limits

    sizes = [int(s) for s in args.sizes.split(",")]
    if args.cases == "all":
        cases = ONE_ITEM + TOTAL + ["worst", "worst-actions"]
    elif args.cases == "one-item":
        cases = ONE_ITEM
    elif args.cases == "total":
        cases = TOTAL
    else:
        cases = args.cases.split(",")
    for line in machine_lines():
        print(line)
    print(f"limits: {getattr(limits, 'MEETING_FIELD_MAX', '?')} characters a field, "
          f"{getattr(limits, 'MEETING_TEXT_MAX', '?')} a meeting")
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
          "(the machine is shared: CPU seconds are the steadier figure)")
    print(f"{'case':<18} {'text':<7} {'chars':>9} {'pages':>6} {'wall s':>8} {'CPU s':>7} "
          f"{'CPU ms/1000 ch':>15}")
    for case in cases:
        for kind in args.texts.split(","):
            for n in sizes:
                r = run_case(case, n, kind, args.timeout)
                s, cpu = r["seconds"], r["cpu"]
                shown = f"> {args.timeout:.0f}" if s is None else f"{s:.2f}"
                cpu_shown = "" if cpu is None else f"{cpu:.2f}"
                rate = "" if not cpu else f"{1000 * cpu / (n / 1000):.1f}"
                print(f"{case:<18} {kind:<7} {n:>9,} {r['pages'] or '':>6} {shown:>8} "
                      f"{cpu_shown:>7} {rate:>15}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
