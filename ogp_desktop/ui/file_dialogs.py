"""Every file dialog of the program: open one file, open several, save, choose a folder.

One place, so that all of them
* are Qt's own dialog (not the platform's), in the program's language and direction: Qt's
  Arabic catalog plus our catalog for the few texts it lacks (app.QtGapsTranslator), so an
  Arabic window never opens an English "Look in" / "Files of type" dialog;
* start in the folder last used for the same purpose (remembered in the settings), else in
  the folder the caller suggests, else in the user's Documents folder (the home folder
  when there is none), never in the program's working folder.

`purpose` names what the file is for ("export-pdf", "attachments", "logo", …): each
purpose remembers its own folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from ogp_desktop.ui import common
from ogp_desktop.ui.common import _

SETTINGS_GROUP = "file-dialogs"


def documents_folder() -> Path:
    """The user's Documents folder as the platform names it; the home folder without one."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if found and Path(found).is_dir():
        return Path(found)
    return Path.home()


def last_folder(purpose: str) -> Path | None:
    value = common.settings().value(f"{SETTINGS_GROUP}/{purpose}")
    if value and Path(str(value)).is_dir():
        return Path(str(value))
    return None


def remember_folder(purpose: str, folder: Path) -> None:
    common.settings().setValue(f"{SETTINGS_GROUP}/{purpose}", str(folder))


def start_folder(purpose: str, default: Path | None = None) -> Path:
    """Where the dialog for `purpose` opens: last used, else `default`, else Documents."""
    for folder in (last_folder(purpose), default):
        if folder is not None and Path(folder).is_dir():
            return Path(folder)
    return documents_folder()


def make_dialog(parent: QWidget | None, purpose: str, title: str, *,
                mode: QFileDialog.FileMode = QFileDialog.FileMode.ExistingFile,
                save: bool = False, filters: str = "", suggested: str | Path = "",
                default_folder: Path | None = None,
                confirm_overwrite: bool = True) -> QFileDialog:
    """The dialog, set up but not shown (tests look at it; `run` shows it)."""
    dialog = QFileDialog(parent, title)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setLayoutDirection(common.layout_direction())
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save
                         else QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(mode)
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    if not confirm_overwrite:
        dialog.setOption(QFileDialog.Option.DontConfirmOverwrite, True)
    if filters:
        dialog.setNameFilters([f for f in filters.split(";;") if f] + [_("All files (*)")])
    dialog.setDirectory(str(start_folder(purpose, default_folder)))
    if suggested:
        dialog.selectFile(Path(suggested).name)
    dialog.setProperty("purpose", purpose)
    return dialog


def run(dialog: QFileDialog) -> list[Path]:
    """Show the dialog modally; the chosen paths (empty when cancelled). The folder is
    remembered for the dialog's purpose."""
    if not dialog.exec():
        return []
    chosen = [Path(p) for p in dialog.selectedFiles() if p]
    if chosen:
        folder = chosen[0] if dialog.fileMode() == QFileDialog.FileMode.Directory \
            else chosen[0].parent
        remember_folder(str(dialog.property("purpose")), folder)
    return chosen


def open_file(parent: QWidget | None, purpose: str, title: str, filters: str = "", *,
              default_folder: Path | None = None) -> Path | None:
    chosen = run(make_dialog(parent, purpose, title, filters=filters,
                             default_folder=default_folder))
    return chosen[0] if chosen else None


def open_files(parent: QWidget | None, purpose: str, title: str, filters: str = "") -> list[Path]:
    return run(make_dialog(parent, purpose, title, filters=filters,
                           mode=QFileDialog.FileMode.ExistingFiles))


def save_file(parent: QWidget | None, purpose: str, title: str, suggested: str | Path = "",
              filters: str = "", *, default_folder: Path | None = None,
              confirm_overwrite: bool = True) -> Path | None:
    chosen = run(make_dialog(parent, purpose, title, save=True, filters=filters,
                             suggested=suggested, default_folder=default_folder,
                             mode=QFileDialog.FileMode.AnyFile,
                             confirm_overwrite=confirm_overwrite))
    return chosen[0] if chosen else None


def choose_folder(parent: QWidget | None, purpose: str, title: str) -> Path | None:
    chosen = run(make_dialog(parent, purpose, title, mode=QFileDialog.FileMode.Directory))
    return chosen[0] if chosen else None
