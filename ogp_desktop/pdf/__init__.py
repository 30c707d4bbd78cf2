"""PDF exports of OGP Desktop (ReportLab; no Qt, no database: it renders plain dicts).

    from ogp_desktop.pdf.minutes import render_minutes, render_bundle, ExportCancelled
    from ogp_desktop.pdf.verify import read_fingerprint

The text engine is split by concern: `shaping` (Arabic letter forms), `bidi` (reading
order, with GNU FriBidi's levels from `fribidi`), `line_breaking`, `drawing`, `flowables` and
`tables`; `fonts` registers the bundled fonts. Dates and numbers come from
`ogp_desktop.core.formatting` and the labels from `ogp_desktop.core.labels` (shared with the
iCalendar export). Files are written by `ogp_desktop.export`, which sits above this package
(atomically, with safe names): nothing here opens a database.
"""

from typing import Any

from reportlab import rl_config as _rl_config

# Binary streams instead of ASCII85 text: ReportLab encodes ASCII85 in pure Python when its C
# accelerator is absent, which was half the time of an export with photos (bench/bench_pdf.py:
# 200 → 107 ms per meeting) and made files 19% larger. PDF has carried binary streams since 1.0.
_rl_config.useA85 = 0


def _import_paragraph_lazily() -> None:
    """Import ReportLab's paragraph module with its URL pattern compiled on first use.

    `reportlab.platypus.paragraph` compiles, when imported, a case-insensitive URL pattern
    over most of Unicode (`uri_pat`, used only to split a long link in a ReportLab
    Paragraph): ~40 ms of every export process, about a tenth of a whole
    `export-minutes --format pdf`, for a pattern the minutes never use (they lay out text
    with `flowables.BidiParagraph`). The same for `reportlab.lib.textsplit.rx`, which only
    its `cjkwrap` uses (~5 ms). Only those patterns are deferred, and only during this
    import."""
    import re

    from ogp_desktop.pdf.lazy_pattern import LazyPattern

    real = re.compile

    def compile_uri_later(pattern: Any, flags: int = 0) -> Any:
        if LazyPattern.defers(pattern):
            return LazyPattern(pattern, flags)
        return real(pattern, flags)

    re.compile = compile_uri_later
    try:
        import reportlab.platypus.paragraph  # noqa: F401  (imported for its side effect)
    finally:
        re.compile = real


_import_paragraph_lazily()


def _import_reshaper_without_fonttools() -> None:
    """Import arabic_reshaper as the installed program has it: without fontTools.

    arabic_reshaper imports fontTools, when present, only for `config_for_true_type_font`,
    which the minutes do not use; fontTools is a test dependency (pyproject.toml), absent
    from the installed program, and importing it cost ~22 ms of every export in a
    development environment. So the reshaper's ImportError branch is taken everywhere."""
    import sys

    if "arabic_reshaper" in sys.modules:
        return
    hidden = [name for name in ("fontTools", "fontTools.ttLib") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # None makes `import` raise
    try:
        import arabic_reshaper  # noqa: F401  (imported for its side effect)
    finally:
        for name in hidden:
            if sys.modules.get(name, "") is None:
                del sys.modules[name]


_import_reshaper_without_fonttools()
