"""PDF exports of OGP Desktop (ReportLab; no Qt, no database: it renders plain dicts).

    from ogp_desktop.pdf.minutes import render_minutes, render_bundle, ExportCancelled
    from ogp_desktop.pdf.verify import read_fingerprint

`text` is the Arabic/Latin bidi text engine and its flowables, `fonts` the bundled fonts,
`labels` every user-visible string, `formatting` dates and numbers through babel.
"""
