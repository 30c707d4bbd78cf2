"""The two import-time savings of `ogp_desktop.pdf` change nothing but the time: ReportLab's
URL pattern still matches as compiled, and fontTools stays importable."""

from __future__ import annotations

import re
import subprocess
import sys

from reportlab.platypus import paragraph

import ogp_desktop.pdf  # noqa: F401  (the shims run when the package is imported)
from ogp_desktop.pdf.lazy_pattern import LazyPattern


def test_reportlabs_uri_pattern_is_compiled_on_first_use():
    code = ("import ogp_desktop.pdf.minutes\n"
            "from reportlab.platypus import paragraph\n"
            "from ogp_desktop.pdf.lazy_pattern import LazyPattern\n"
            "assert isinstance(paragraph.uri_pat, LazyPattern), type(paragraph.uri_pat)\n"
            "assert paragraph.uri_pat._compiled is None\n"
            "from reportlab.lib import textsplit\n"
            "assert isinstance(textsplit.rx, LazyPattern) and textsplit.rx._compiled is None\n"
            "assert textsplit.rx.sub(r'\\1\\0 ', 'ab\u4e2dc') == 'ab\u4e2d\\0 c'\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_lazy_pattern_matches_as_the_compiled_one():
    source = paragraph.uri_pat.pattern  # whichever the test process imported first
    lazy, compiled = LazyPattern(source, re.I), re.compile(source, re.I)
    for text in ("https://example.com/a/b?x=1", "ftp://user@10.0.0.1:21/f", "not a url",
                 "http://وزارة.الأردن/صفحة"):
        ours, theirs = lazy.match(text), compiled.match(text)
        assert (ours and ours.groups()) == (theirs and theirs.groups())
    assert paragraph._uri_split_pairs("https://example.com/a/b") == [
        ("https://example.com/a/", "b"), ("https://example.com/", "a/b"), ("https://", "example.com/a/b")]
    assert re.compile.__module__ == "re"  # restored after the import


def test_the_reshaper_is_imported_without_fonttools_which_stays_importable():
    code = ("import sys, ogp_desktop.pdf.shaping, arabic_reshaper.reshaper_config as c\n"
            "assert not c.with_font_config and 'fontTools' not in sys.modules\n"
            "import fontTools.ttLib\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_reportlabs_c_accelerators_are_installed_and_used():
    """rl_accel is a dependency: without it ReportLab silently formats every number of every
    page in Python (issue 10's one-off export is ~15% slower), so its absence must show."""
    from reportlab.lib import rl_accel

    assert rl_accel.fp_str.__module__ == "_rl_accel"
    assert rl_accel.fp_str(1.5, 0.25, 10) == "1.5 .25 10"
