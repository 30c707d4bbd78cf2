"""Start the desktop application: QApplication, Arabic right-to-left by default (English
left-to-right when chosen), Qt's own translations, one instance per user and database,
uncaught errors logged and shown, then the main window on the records.

The window paints first and the records open right after (DeferredStart): SQLAlchemy and
the models take about a second to import, which a person would otherwise look at an empty
screen for. So the start does only what must come before a window (arguments, settings,
one instance, the display), shows the main window saying it is opening the records, and
after its first paint imports the models on a worker thread; then, on the GUI thread (a
SQLite connection stays on the thread that uses it), it opens the records exactly as
before: the same questions and messages, in the same order, over the window.

Direction is set once on the QApplication (as Anki's aqt does), so every widget, dialog and
message box follows it; widgets never set their own direction."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import (
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QThreadPool,
    QTimer,
    QTranslator,
    Signal,
)
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ogp_desktop import __version__, paths
from ogp_desktop.core.errors import DomainError
from ogp_desktop.core.i18n import N_
from ogp_desktop.ui import common, errors
from ogp_desktop.ui.common import _

if TYPE_CHECKING:
    from ogp_desktop.ui.main_window import MainWindow

log = logging.getLogger("ogp_desktop")
SETTINGS_LANGUAGE = "ui/language"


settings = common.settings  # per-user preferences (language, window places): not records


def saved_language() -> str:
    value = settings().value(SETTINGS_LANGUAGE, "ar")
    return value if value in ("ar", "en") else "ar"


def save_language(language: str) -> None:
    settings().setValue(SETTINGS_LANGUAGE, language)


class QtGapsTranslator(QTranslator):
    """The few texts of Qt's own dialogs that Qt's Arabic catalog (qtbase_ar.qm) leaves in
    English, from our catalog: the file dialog's "&Look in:" and "Files of &type:" (Qt 6
    added the mnemonics, the catalog has only the old texts) and the "Folder" / "File" of
    its type column. Installed after Qt's translators, so it is asked first; None means
    "not one of ours" and Qt goes on to its own catalog."""

    TEXTS = {
        ("QFileDialog", "&Look in:"): N_("&Look in:"),
        ("QFileDialog", "Files of &type:"): N_("Files of &type:"),
        ("QAbstractFileIconProvider", "Folder"): N_("Folder"),
        ("QAbstractFileIconProvider", "File"): N_("File"),
        ("QAbstractFileIconProvider", "Drive"): N_("Drive"),
        ("QAbstractFileIconProvider", "Shortcut"): N_("Shortcut"),
        ("QAbstractFileIconProvider", "Alias"): N_("Shortcut"),
        ("QAbstractFileIconProvider", "%1 File"): N_("%1 File"),
    }

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        msgid = self.TEXTS.get((context, source))
        return _(msgid) if msgid else None

    def isEmpty(self) -> bool:
        return False


def apply_language(app: QApplication, language: str) -> None:
    """Language, locale, layout direction and Qt's translations, for the whole app."""
    common.set_language(language)
    QLocale.setDefault(common.qlocale())
    app.setLayoutDirection(common.layout_direction())
    for old in installed_translators:
        app.removeTranslator(old)
    installed: list[QTranslator] = []
    if language != "en":
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name in ("qtbase", "qt"):
            translator = QTranslator(app)
            if translator.load(f"{name}_{language}", folder):
                app.installTranslator(translator)
                installed.append(translator)
        gaps = QtGapsTranslator(app)
        app.installTranslator(gaps)
        installed.append(gaps)
    installed_translators[:] = installed


installed_translators: list[QTranslator] = []  # ours on the QApplication, for the next change


def setup_logging() -> Path:
    """A rotating log in the data folder: what a support person asks for first."""
    folder = paths.data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ogp-desktop.log"
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in log.handlers):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    return path


def install_excepthook(parent_getter=lambda: None) -> None:
    """Uncaught errors: logged with their traceback, shown in a plain dialog with the
    details behind a button. Domain errors are the user's to fix, so no traceback."""
    def hook(exc_type, exc, tb) -> None:
        if isinstance(exc, DomainError):
            errors.show_error(parent_getter(), exc)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("uncaught error\n%s", details)
        app = QApplication.instance()
        if app is None:
            sys.__excepthook__(exc_type, exc, tb)
            return
        box = QMessageBox(
            QMessageBox.Icon.Critical, _("OGP Desktop"),
            _("Something went wrong. Your saved records are safe; the details were written "
              "to the log file."),
            QMessageBox.StandardButton.Ok, parent_getter(),
        )
        box.setDetailedText(details)
        box.exec()

    sys.excepthook = hook


class SingleInstance:
    """One running copy per user and database: a second launch asks the first to come to
    the front and exits (a QLocalServer named after the user and the database path)."""

    def __init__(self, db_path: Path | str) -> None:
        from ogp_desktop.core.storage import instance_key

        self.name = f"ogp-desktop-{instance_key(db_path)}"
        self.server: QLocalServer | None = None
        self.window_getter: Callable[[], QWidget | None] = lambda: None

    def already_running(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if socket.waitForConnected(300):
            socket.write(b"raise\n")
            socket.flush()
            socket.waitForBytesWritten(300)
            socket.disconnectFromServer()
            return True
        return False

    def listen(self) -> None:
        QLocalServer.removeServer(self.name)  # a stale name left by a crash
        self.server = QLocalServer()
        self.server.newConnection.connect(self._on_connection)
        self.server.listen(self.name)

    def _on_connection(self) -> None:
        while self.server is not None and self.server.hasPendingConnections():
            conn = self.server.nextPendingConnection()
            conn.waitForReadyRead(200)
            conn.readAll()
            conn.disconnectFromServer()
            window = self.window_getter()
            if window is not None:
                window.showNormal()
                window.raise_()
                window.activateWindow()


def open_records(args: argparse.Namespace, parent: QWidget | None = None):
    """The user's records, or the separate demo records (filled on first use); None when
    the person chose not to open any.

    Only the default location (first start) and the demo are created without asking: a
    --db or OGP_DESKTOP_DB path that does not exist is asked about (create it there, or
    choose another file), never silently made."""
    from ogp_desktop.core.db import open_database

    if getattr(args, "demo", False) and not args.db:
        return open_demo()
    target = paths.resolve_db_target(args.db)
    if isinstance(target, str):  # a server's URL: open_database judges it
        return open_server(target, parent)
    path = paths.resolve_db_path(args.db)
    explicit = bool(args.db or os.environ.get(paths.ENV_DB))
    if not explicit:
        from ogp_desktop.ui.views import office_server

        address = office_server.remembered_server()
        if address is not None:  # the person connected to the office's server last time
            return open_remembered_server(address, parent)
        return office_server.open_local_records()
    while not path.exists():
        choice = ask_missing_database(path, parent)
        if choice is None:
            return None
        if choice == "create":
            return open_database(path, create=True)
        path = choice
    return open_database(path)


def start_target(args: argparse.Namespace) -> Path | str:
    """What this start will open, for the one-instance check: the demo, the --db or
    OGP_DESKTOP_DB place, the remembered office server, or the file in the data folder."""
    if args.demo and not args.db:
        return paths.demo_db_path()
    target = paths.resolve_db_target(args.db)
    if isinstance(target, str) or args.db or os.environ.get(paths.ENV_DB):
        return target
    from ogp_desktop.ui.views.office_server import remembered_server

    address = remembered_server()
    return address.url() if address is not None else target


def open_remembered_server(address, parent: QWidget | None):
    """The office's server of last time: with the password the keyring keeps, else (none
    kept, or the server refused it) the connect form, which also offers the records file
    on this computer; None when the person quits."""
    from ogp_desktop.core.errors import StorageError
    from ogp_desktop.core.server import credentials
    from ogp_desktop.ui.views import office_server

    password = credentials.saved_password(address)
    error = None
    if password is not None:
        try:
            return open_server(address.url(password), parent)
        except StorageError as exc:  # the login or its kept password was refused
            error = errors.error_text(exc, with_field=False)
    dialog = office_server.connect(parent, address=address, error=error, offer_local=True)
    if dialog.db is not None:
        return dialog.db
    if dialog.use_local:
        return office_server.open_local_records()
    return None


def open_server(url: str, parent: QWidget | None):
    """The office's server; when it does not answer, the person chooses: try again, open a
    records file on this computer instead, or quit (None)."""
    from ogp_desktop.core.db import open_database
    from ogp_desktop.core.errors import StorageError
    from ogp_desktop.core.storage.postgresql import NO_ANSWER

    while True:
        try:
            return open_database(url)
        except StorageError as exc:
            if exc.msgid != NO_ANSWER:
                raise
            choice = ask_server_unreachable(exc, parent)
        if choice is None:
            return None
        if choice != "retry":
            return open_database(choice)


def choose_records_file(parent: QWidget | None, folder: Path) -> Path | None:
    """A records file chosen in the program's file dialog, starting in `folder`."""
    from ogp_desktop.ui import file_dialogs

    return file_dialogs.open_file(parent, "database", _("Open records"),
                                  _("OGP Desktop records (*.sqlite *.db)"), default_folder=folder)


def ask_server_unreachable(error: DomainError, parent: QWidget | None) -> Path | Literal["retry"] | None:
    """The server does not answer: "retry", a records file chosen instead, or None."""

    box = QMessageBox(QMessageBox.Icon.Warning, _("The office's server does not answer"),
                      errors.error_text(error, with_field=False),
                      QMessageBox.StandardButton.NoButton, parent)
    retry = box.addButton(_("Try again"), QMessageBox.ButtonRole.AcceptRole)
    local = box.addButton(_("Open a records file on this computer…"),
                          QMessageBox.ButtonRole.ActionRole)
    box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.exec()
    if box.clickedButton() is retry:
        return "retry"
    if box.clickedButton() is local:
        return choose_records_file(parent, paths.data_dir())
    return None


def ask_missing_database(path: Path, parent: QWidget | None) -> Path | Literal["create"] | None:
    """There is no database at `path`: "create" it there, another file chosen, or None."""

    box = QMessageBox(QMessageBox.Icon.Question, _("No database here"),
                      _("There is no database at {path}. Create a new, empty database there, "
                        "or open another file?").format(path=common.ltr(path)),
                      QMessageBox.StandardButton.NoButton, parent)
    create = box.addButton(_("Create a new database here"), QMessageBox.ButtonRole.AcceptRole)
    choose = box.addButton(_("Open another file…"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is create:
        return "create"
    if box.clickedButton() is choose:
        return choose_records_file(parent, path.parent)
    return None


def open_demo():
    from sqlalchemy import func, select

    from ogp_desktop.core.db import open_database
    from ogp_desktop.core.demo import load_demo
    from ogp_desktop.core.models import Meeting

    db = open_database(paths.demo_db_path(), create=True)
    with db.session() as session:
        if not session.scalar(select(func.count(Meeting.id))):
            load_demo(session)
    return db


def welcome(parent: QWidget | None) -> Literal["demo", "server", "own"]:
    """First run on a new, empty database: offer the demo records, or the unit's records
    on the office's server; "own" starts with the empty records on this computer."""
    box = QMessageBox(parent)
    box.setWindowTitle(_("Welcome to OGP Desktop"))
    box.setText(_("Your records are empty. Would you like to look around the demo records "
                  "first? They are kept in a separate file and never mix with yours."))
    box.setInformativeText(_("If your unit keeps its records on the office's server, "
                             "connect to it instead."))
    demo = box.addButton(_("Open the demo records"), QMessageBox.ButtonRole.AcceptRole)
    server = box.addButton(_("Connect to the office database…"),
                           QMessageBox.ButtonRole.ActionRole)
    box.addButton(_("Start with my own records"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is demo:
        return "demo"
    return "server" if box.clickedButton() is server else "own"


class Application:
    """Owns the QApplication's windows so a language change can rebuild them."""

    def __init__(self, app: QApplication, db) -> None:
        self.app = app
        self.db = db  # None until DeferredStart opened the records
        self.window: MainWindow | None = None

    def show_main_window(self):
        from ogp_desktop.ui.main_window import MainWindow

        old = self.window
        self.window = MainWindow(self.db)
        self.window.languageChanged.connect(self.change_language)
        self.window.databaseChosen.connect(self.switch_database)
        if old is not None:
            self.window.setGeometry(old.geometry())
            old.close()
            old.deleteLater()
        self.window.show()
        return self.window

    def attach(self, db) -> None:
        """The records are open: the window shows them."""
        self.db = db
        assert self.window is not None  # shown before the records are opened
        self.window.attach_database(db)

    def switch_database(self, db) -> None:
        """Show other records (the office's server, or the file on this computer again):
        the old database closes, a new window opens on `db` where the old one was."""
        old = self.db
        self.db = db
        self.show_main_window()
        if old is not None and old is not db:
            old.close()
        log.info("switched to %s", db.display)

    def change_language(self, language: str) -> None:
        save_language(language)
        apply_language(self.app, language)
        self.show_main_window()


class FirstPaint(QObject):
    """Calls `then` once, from the event loop, after `window` painted for the first time;
    or after `fallback_ms` if it has not (a window not exposed, e.g. started minimised, may
    never paint, and must still open its records)."""

    def __init__(self, window: QWidget, then: Callable[[], None], fallback_ms: int = 1000) -> None:
        super().__init__(window)
        self._window = window
        self._then: Callable[[], None] | None = then
        window.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._go)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self._window and event.type() == QEvent.Type.Paint and self._then is not None:
            QTimer.singleShot(0, self, self._go)  # once this paint reached the screen
        return False

    def _go(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            self._window.removeEventFilter(self)
            then()


# Imported with the models on the worker thread: the core modules the meetings page reads
# with (Qt-free; the page's own modules are imported on the GUI thread when it is built).
PRELOAD = (
    "ogp_desktop.core.services.meetings",
    "ogp_desktop.core.services.plans",
    "ogp_desktop.core.services.committees",
)
IMPORT_ON_WORKER = True


def load_models_and_services(progress=None, cancelled=None) -> None:
    """The worker's part of the start: import SQLAlchemy, the models (mappers configured)
    and the services the first page uses. Touches no database and no Qt object."""
    import importlib

    from ogp_desktop.core.db import load_models

    load_models()
    for name in PRELOAD:
        importlib.import_module(name)


class DeferredStart(QObject):
    """Opens the records once the main window has painted (see the module's docstring):
    what run() did before showing the window, in the same order with the same messages,
    the dialogs over the window. A failure to open closes the window and ends the program
    with the exit code run() returned before; an unexpected error is raised again from
    run(), once the event loop has ended, as it was raised before."""

    stopped = Signal(int)  # the exit code: run() connects it to the event loop's exit

    def __init__(self, application: Application, instance: SingleInstance,
                 args: argparse.Namespace, first_run: bool) -> None:
        super().__init__(application.app)
        self.application = application
        self.instance = instance
        self.args = args
        self.first_run = first_run
        self.exit_code: int | None = None  # set when the start ended the program
        self.error: BaseException | None = None
        self.opening = True  # until the records are shown, or the start ended the program
        self.quit_requested = False
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)

    def begin(self) -> None:
        """After the first paint: the imports, on a worker thread (or here)."""
        if not IMPORT_ON_WORKER:
            self._guarded(load_models_and_services)
            self._guarded(self.open_records)
            return
        from ogp_desktop.ui import tasks

        task = tasks.Task(load_models_and_services, parent=self)
        task.succeeded.connect(lambda _result: self._guarded(self.open_records))
        task.failed.connect(self._failed)
        task.start(self.pool)

    def wait(self, msecs: int = 30_000) -> None:
        """Until the worker is done (the program may end while it imports)."""
        self.pool.waitForDone(msecs)

    def _guarded(self, step: Callable[[], None]) -> None:
        if self.exit_code is not None:
            return
        try:
            step()
        except BaseException as exc:
            self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        self.error = exc
        self.stop(1)

    def request_quit(self) -> None:
        """A SIGTERM (logout, kill): while the records are being opened it waits until they
        are (nothing half-opened, no migration cut short), then the program ends as
        leaving its event loop does."""
        if self.opening:
            self.quit_requested = True
        else:
            self.application.app.quit()

    def _opened(self) -> None:
        self.opening = False
        if self.quit_requested:
            self.application.app.quit()

    def stop(self, code: int) -> None:
        """End the program with `code`, as run() returning it did."""
        self.exit_code = code
        self.opening = False
        window = self.application.window
        if window is not None:
            window.close()
        self.stopped.emit(code)

    def open_records(self) -> None:
        window = self.application.window
        args = self.args
        try:
            db = open_records(args, window)
        except DomainError as exc:
            errors.show_error(window, exc)
            self.stop(1)
            return
        if db is None:  # no database chosen
            self.stop(1)
            return
        choice = welcome(window) if self.first_run and not args.demo else "own"
        if choice == "demo":
            db.close()
            db = open_demo()
            self.instance = SingleInstance(paths.demo_db_path())
            if self.instance.already_running():
                db.close()
                self.stop(0)
                return
        elif choice == "server":
            from ogp_desktop.ui.views import office_server

            dialog = office_server.connect(window)
            if dialog.db is not None:  # else: the empty records on this computer
                db.close()
                db = dialog.db
                self.instance = SingleInstance(start_target(args))
        self.instance.listen()
        self.application.attach(db)
        self.instance.window_getter = lambda: self.application.window
        if db.store.file is not None:  # a server's records are not on this disk
            warn_if_risky_location(db.path, window)
        offer_recoveries(db, window)
        install_excepthook(lambda: self.application.window)
        log.info("started %s on %s", __version__, db.display)
        self._opened()


def warn_if_risky_location(path: Path, parent: QWidget | None) -> str | None:
    """SQLite is not safe on a network share or in a cloud-synced folder: say so at start
    (a warning, not a refusal: IT may know better). Returns the warning shown, if any."""
    from ogp_desktop.core.location import risky_location

    try:
        reason = risky_location(path, translate=_)
    except OSError:  # the mount table could not be read: nothing to warn about
        return None
    if reason:
        log.warning("risky database location: %s", reason)
        errors.show_error(parent, reason, _("Where your records are kept"))
    return reason


def offer_recoveries(db, parent: QWidget | None) -> list:
    """After a crash or power cut: minutes typed but not saved are offered back at start.
    Returns the editors opened on recovered work."""
    from ogp_desktop.ui import editor_registry  # light: the editor is imported only if needed

    pending = editor_registry.pending_recoveries(db)
    if not pending:
        return []
    from ogp_desktop.ui.editors.minutes import MinutesEditor

    untitled = _("(untitled minutes)")
    titles = "\n".join("• " + (p.title or untitled) for p in pending[:10])
    box = QMessageBox(QMessageBox.Icon.Question, _("Recover unsaved changes"),
                      _("OGP Desktop was not closed properly. Unsaved changes to these minutes "
                        "were kept:") + "\n" + titles, QMessageBox.StandardButton.NoButton, parent)
    reopen = box.addButton(_("Open them"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Later"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not reopen:
        return []
    editors = []
    for item in pending:
        editor = MinutesEditor.recover(db, item, parent=parent)
        editor.show()
        editors.append(editor)
    return editors


def make_qapp() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)  # the program makes no other kind
    app.setApplicationName("OGP Desktop")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("ogp-desktop")
    from ogp_desktop.ui import collector

    collector.install(app)  # garbage collection on the GUI thread only (see collector.py)
    app.setDesktopFileName("ogp-desktop")  # Linux: window ↔ .desktop entry (and its icon)
    from PySide6.QtGui import QIcon

    from ogp_desktop.resources import resource

    icon = resource("icons", "ogp-desktop-256.png")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def _self_test_app(language: str) -> QApplication:
    app = make_qapp()
    apply_language(app, language)
    return app


def run(args: argparse.Namespace) -> int:
    if getattr(args, "self_test", False):
        from ogp_desktop.ui.selftest import run_self_test

        return run_self_test(start_app=_self_test_app)
    from ogp_desktop.ui.platform_check import check_display

    if not check_display():  # Qt would abort naming the wrong library
        return 1
    app = make_qapp()
    setup_logging()
    apply_language(app, saved_language())
    target = start_target(args)
    instance = SingleInstance(target)
    if instance.already_running():
        return 0
    application = Application(app, None)
    # a new records file on this computer (never a server: its records are the unit's)
    first_run = isinstance(target, Path) and not target.exists()
    start = DeferredStart(application, instance, args, first_run=first_run)
    start.stopped.connect(app.exit)
    window = application.show_main_window()  # "opening the records…"
    # The collector's first round (a full collection after all the start-up imports, about
    # 0.1 s) waits until the window has painted, instead of running before it.
    from ogp_desktop.ui import collector

    collector.install(app).timer.start(collector.INTERVAL_MS)
    FirstPaint(window, start.begin)
    quit_on_sigterm(app, start.request_quit)
    code = app.exec()
    start.wait()
    if start.error is not None:
        raise start.error
    return start.exit_code if start.exit_code is not None else code


def quit_on_sigterm(app: QApplication, on_term: Callable[[], None] | None = None) -> None:
    """A logout or `kill` (SIGTERM) ends the program as leaving its event loop does, exit
    0, instead of killing it (`on_term`, when given, decides when: the start waits for the
    records to be open). Python runs a signal handler only between bytecodes, so a timer
    gives it a moment four times a second."""
    import signal

    from PySide6.QtCore import QTimer

    signal.signal(signal.SIGTERM, lambda _sig, _frame: (on_term or app.quit)())
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)  # the app, its parent, keeps it
