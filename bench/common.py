"""Helpers shared by the benchmark scripts: timing, statistics, the machine, a table.

Nothing here touches the records; it only measures and prints."""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Result:
    """One measured figure: every repetition's seconds, and the target if there is one."""

    name: str
    seconds: list[float] = field(default_factory=list)
    target: float | None = None  # seconds; compared with the median
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def worst(self) -> float:
        return max(self.seconds)

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "info"
        if self.median >= self.target:
            return "MISS"
        if self.worst >= self.target:
            return "PASS*"  # the median meets the target, the worst repetition does not
        return "PASS"


def repeat(fn: Callable[[int], object], n: int) -> list[float]:
    """Run fn(i) n times; the seconds of each run (perf_counter)."""
    out = []
    for i in range(n):
        t0 = time.perf_counter()
        fn(i)
        out.append(time.perf_counter() - t0)
    return out


def fmt_seconds(s: float | None) -> str:
    if s is None:
        return "-"
    if s < 1.0:
        return f"{s * 1000:.1f} ms"
    return f"{s:.2f} s"


def print_table(results: list[Result], out=sys.stdout) -> None:
    headers = ("measure", "N", "median", "worst", "target", "")
    rows = [
        (r.name, str(len(r.seconds)), fmt_seconds(r.median), fmt_seconds(r.worst),
         ("< " + fmt_seconds(r.target)) if r.target else "-", r.verdict)
        for r in results
    ]
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) if i == 0 else h.rjust(w)
                     for i, (h, w) in enumerate(zip(headers, widths, strict=True)))
    print(line, file=out)
    print("-" * len(line), file=out)
    for row in rows:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(row, widths, strict=True))), file=out)
    notes = [r for r in results if r.note]
    if notes:
        print(file=out)
        for r in notes:
            print(f"  {r.name}: {r.note}", file=out)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_lines() -> list[str]:
    import sqlalchemy

    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count()
    try:
        import alembic

        alembic_version = alembic.__version__
    except Exception:
        alembic_version = "?"
    return [
        f"machine : {platform.system()} {platform.release()} {platform.machine()}, {cpu_model()}",
        f"nproc   : {usable} usable (os.cpu_count {os.cpu_count()})",
        f"python  : {sys.version.split()[0]} ({platform.python_implementation()})",
        f"sqlite  : {sqlite3.sqlite_version} (python sqlite3 module)",
        f"libs    : SQLAlchemy {sqlalchemy.__version__}, Alembic {alembic_version}",
    ]
