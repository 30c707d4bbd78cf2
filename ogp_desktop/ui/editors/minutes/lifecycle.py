"""Where the minutes stand (draft → approved → signed → amended) and the buttons that move
them on: the banner above the form and the Save / Approve / Reopen / Sign / Amend actions
of the toolbar. The bar only shows and asks; the window does the change."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QPushButton, QStyle, QToolBar, QWidget

from ogp_desktop.core.models import MinutesStatus, SignatureKind
from ogp_desktop.core.server.permissions import may
from ogp_desktop.resources import resource
from ogp_desktop.ui import common
from ogp_desktop.ui.common import _
from ogp_desktop.ui.editors.panels import level_summary
from ogp_desktop.ui.editors.widgets import Banner


def toolbar_action(toolbar: QToolBar, text: str, slot, icon=None, tip=None) -> QAction:
    """An action on the editor's toolbar; `icon` is one of Qt's standard pixmaps or the
    file name of one of ours (resources/icons)."""
    act = QAction(text, toolbar.parentWidget())
    if isinstance(icon, str):
        act.setIcon(QIcon(str(resource("icons", icon))))
    elif icon is not None:
        act.setIcon(toolbar.style().standardIcon(icon))
    act.setToolTip(tip or text)
    act.triggered.connect(lambda _checked=False: slot())
    toolbar.addAction(act)
    return act


def short_fingerprint(fingerprint: str | None) -> str:
    if not fingerprint:
        return ""
    return " ".join(fingerprint[i:i + 4] for i in range(0, 16, 4)) + "…"


class LifecycleBar(QObject):
    """The banner (with Reopen / Sign… / Amend buttons) and the toolbar's lifecycle actions.

    Signals, one per request: `save_requested`, `approve_requested`, `reopen_requested`,
    `sign_requested`, `amend_requested`. `show_status(...)` shows where the minutes stand."""

    save_requested = Signal()
    approve_requested = Signal()
    reopen_requested = Signal()
    sign_requested = Signal()
    amend_requested = Signal()

    def __init__(self, toolbar: QToolBar, banner_parent: QWidget) -> None:
        super().__init__(banner_parent)
        sp = QStyle.StandardPixmap
        self.save_action = toolbar_action(toolbar, _("Save"), self.save_requested.emit,
                                          sp.SP_DialogSaveButton, tip=_("Save the minutes (Ctrl+S)"))
        toolbar.addSeparator()
        self.approve_action = toolbar_action(
            toolbar, _("Approve"), self.approve_requested.emit, sp.SP_DialogApplyButton,
            tip=_("Approve the minutes: they are locked for signing"))
        self.reopen_action = toolbar_action(
            toolbar, _("Reopen"), self.reopen_requested.emit, sp.SP_BrowserReload,
            tip=_("Return approved minutes to draft to correct them"))
        self.sign_action = toolbar_action(toolbar, _("Sign…"), self.sign_requested.emit,
                                          sp.SP_DialogYesButton, tip=_("Sign approved minutes"))
        self.amend_action = toolbar_action(
            toolbar, _("Amend"), self.amend_requested.emit, sp.SP_FileDialogDetailedView,
            tip=_("Correct signed minutes: opens a new version"))

        self.banner = Banner("draft", banner_parent)
        self.reopen_button = self.banner.add_button(QPushButton(_("Reopen"), banner_parent))
        self.reopen_button.clicked.connect(lambda _checked=False: self.reopen_requested.emit())
        self.sign_button = self.banner.add_button(QPushButton(_("Sign…"), banner_parent))
        self.sign_button.clicked.connect(lambda _checked=False: self.sign_requested.emit())
        self.amend_button = self.banner.add_button(QPushButton(_("Amend"), banner_parent))
        self.amend_button.clicked.connect(lambda _checked=False: self.amend_requested.emit())

    def focus_widgets(self) -> list[QWidget]:
        """The banner's buttons shown now: the start of the window's tab chain."""
        return [b for b in (self.sign_button, self.reopen_button, self.amend_button)
                if not b.isHidden()]

    def show_status(self, status: MinutesStatus | None, *, version: int,
                    fingerprint: str | None, amends_id: int | None,
                    amended_by: int | None, levels: Sequence[SignatureKind] = (),
                    role: str | None = None) -> None:
        """The banner's words and colour, and which buttons and actions are offered: only
        what the login's `role` may do on the office's server (None: a file, everything)."""
        writes, approves = may(role, "write"), may(role, "approve")
        editable = status in (None, MinutesStatus.DRAFT) and writes
        self.reopen_button.hide()
        self.sign_button.hide()
        self.amend_button.hide()
        if status is None:
            self.banner.set_role("new")
            self.banner.label.setText(_("New minutes, not saved yet. Ctrl+S saves; what you "
                                        "type is also kept safe every few seconds."))
        elif status == MinutesStatus.DRAFT:
            self.banner.set_role("draft")
            text = _("Draft minutes, version {version}.").format(version=version)
            if amends_id is not None:
                text = _("Draft of version {version}: an amendment of signed version "
                         "{previous}.").format(version=version, previous=version - 1)
            self.banner.label.setText(text)
        elif status == MinutesStatus.APPROVED:
            self.banner.set_role("approved")
            self.banner.label.setText(_("Approved: the minutes are locked for signing. Reopen "
                                        "them as a draft to make a correction."))
            self.reopen_button.setVisible(approves)
            self.sign_button.setVisible(approves)
        else:
            self._show_signed(version, fingerprint, amended_by, levels)
            self.amend_button.setVisible(writes or amended_by is not None)  # opening is reading
        if not writes:
            self.banner.label.setText(self.banner.label.text() + " " + _(
                "Your login is a viewer on the office's server: you may read these minutes, "
                "not change them."))
        elif not approves and status in (MinutesStatus.DRAFT, MinutesStatus.APPROVED):
            self.banner.label.setText(self.banner.label.text() + " " + _(
                "Your login is an editor: approving and signing are for an approver."))
        self.save_action.setEnabled(editable)
        self.approve_action.setVisible(editable and approves)
        self.reopen_action.setVisible(status == MinutesStatus.APPROVED and approves)
        self.sign_action.setVisible(status == MinutesStatus.APPROVED and approves)
        self.amend_action.setVisible(status == MinutesStatus.SIGNED
                                     and (writes or amended_by is not None))
        self.amend_action.setText(_("Open the newer version") if amended_by else _("Amend"))

    def _show_signed(self, version: int, fingerprint: str | None, amended_by: int | None,
                     levels: Sequence[SignatureKind] = ()) -> None:
        self.banner.set_role("signed")
        text = _("Signed version {version} — fingerprint {fingerprint}").format(
            version=version, fingerprint=common.ltr(short_fingerprint(fingerprint)))
        if levels:
            text += " · " + _("signed {levels}").format(levels=level_summary(list(levels)))
        if amended_by is not None:
            text += " · " + _("amended by a newer version")
        self.banner.label.setText(text)
        self.banner.label.setToolTip(common.ltr(fingerprint))
        self.amend_button.setText(_("Open the newer version") if amended_by else _("Amend"))
        self.amend_button.show()

