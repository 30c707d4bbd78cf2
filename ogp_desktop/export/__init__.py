"""Exports of OGP Desktop: from the records to files, above `core` and `pdf`.

    formats   the registry (name, extension, label, write) the CLI and the GUI list
    files     the one atomic write and the one safe file name
    minutes   minutes as PDF (one, per meeting into a folder, a register) or JSON
    plan_report, ics   a plan's progress report (PDF) and its calendar (iCalendar)
    verify    `ogp-desktop verify`: a signed PDF or meeting against the database

Layers: ui, cli -> export -> pdf -> core -> paths/resources (tests/core/test_layers.py);
no Qt here."""
