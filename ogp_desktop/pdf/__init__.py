"""PDF exports of OGP Desktop (ReportLab; no Qt, no database: it renders plain dicts).

    from ogp_desktop.pdf.minutes import render_minutes, render_bundle, ExportCancelled
    from ogp_desktop.pdf.verify import read_fingerprint

`text` is the Arabic/Latin bidi text engine and its flowables, `fonts` the bundled fonts,
`formatting` dates and numbers through babel; the labels are `ogp_desktop.core.labels`
(shared with the iCalendar export). Files are written by `ogp_desktop.export`, which sits
above this package (atomically, with safe names): nothing here opens a database.
"""

from reportlab import rl_config as _rl_config

# Binary streams instead of ASCII85 text: ReportLab encodes ASCII85 in pure Python when its C
# accelerator is absent, which was half the time of an export with photos (bench/bench_pdf.py:
# 200 → 107 ms per meeting) and made files 19% larger. PDF has carried binary streams since 1.0.
_rl_config.useA85 = 0
