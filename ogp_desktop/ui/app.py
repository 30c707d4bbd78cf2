"""Start the desktop application: QApplication, Arabic right-to-left by default, the
records opened through the core, then the main window."""

from __future__ import annotations

import argparse
import sys


def open_records(args: argparse.Namespace):  # noqa: ANN201
    """The user's records, or the separate demo records (filled on first use)."""
    from ogp_desktop import paths
    from ogp_desktop.core.db import open_database

    if args.demo and not args.db:
        db = open_database(paths.demo_db_path())
        from sqlalchemy import func, select

        from ogp_desktop.core.demo import load_demo
        from ogp_desktop.core.models import Meeting

        with db.session() as session:
            if not session.scalar(select(func.count(Meeting.id))):
                load_demo(session)
        return db
    return open_database(paths.resolve_db_path(args.db))


def run(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QLocale, Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ogp_desktop.core.errors import DomainError
    from ogp_desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("OGP Desktop")
    app.setOrganizationName("ogp-desktop")
    QLocale.setDefault(QLocale(QLocale.Language.Arabic, QLocale.Country.Jordan))
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    try:
        db = open_records(args)
    except DomainError as exc:
        QMessageBox.critical(None, "OGP Desktop", str(exc))
        return 1
    window = MainWindow(db)
    window.show()
    return app.exec()
