"""Every top-level window and dialog fits the screen it opens on and comes back where the
user left it.

`fit_and_remember(window, key, size)` is called once by each window (main window, minutes
editor, step and phase editors, sign dialog, PDF preview):
* its size and place are restored from the settings (`windows/<key>`), else it takes the
  size it asks for, centred on its screen;
* either way the whole window, frame and title bar included, is kept inside the screen's
  available geometry (QScreen.availableGeometry: without task bars and panels). Before the
  window manager has framed the window its frame is not known, so FRAME is allowed for;
  once shown, the real frame is used. A 1366×768 laptop thus gets an editor whose status
  line is on screen; the content scrolls instead of growing;
* its size and place (and whether it was maximised) are saved when it is hidden or closed.
The window's minimum size (its layout's) is lowered to what fits, so no content can push
it past the screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from ogp_desktop.ui import common

SETTINGS_GROUP = "windows"
# Frame and title bar of a typical desktop (GNOME, KDE, Windows 10/11), until the real one
# is known.
FRAME = QMargins(8, 38, 8, 8)


def frame_margins(window: QWidget) -> QMargins:
    """The frame around the client area: measured once shown, FRAME before."""
    if window.isVisible():
        outer, inner = window.frameGeometry(), window.geometry()
        measured = QMargins(inner.left() - outer.left(), inner.top() - outer.top(),
                            outer.right() - inner.right(), outer.bottom() - inner.bottom())
        if measured.top() > 0 or QGuiApplication.platformName() == "offscreen":
            return measured  # offscreen: no window manager, no frame
    return FRAME


def available(window: QWidget) -> QRect:
    """The available geometry of the window's screen (its parent's before it is shown)."""
    screen = window.screen()
    parent = window.parentWidget()
    if not window.isVisible() and parent is not None:
        screen = parent.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fitted(rect: QRect, area: QRect, frame: QMargins) -> QRect:
    """`rect` (a client area) made as small as needed and moved so that it and its frame
    lie inside `area`."""
    width = max(1, min(rect.width(), area.width() - frame.left() - frame.right()))
    height = max(1, min(rect.height(), area.height() - frame.top() - frame.bottom()))
    left_min = area.left() + frame.left()
    top_min = area.top() + frame.top()
    left_max = area.right() + 1 - frame.right() - width
    top_max = area.bottom() + 1 - frame.bottom() - height
    x = min(max(rect.x(), left_min), left_max)
    y = min(max(rect.y(), top_min), top_max)
    return QRect(x, y, width, height)


class WindowPlacement(QObject):
    """Keeps one window on its screen and remembers where it was (see the module)."""

    def __init__(self, window: QWidget, key: str, size: QSize) -> None:
        super().__init__(window)
        # Window and key are kept by Qt (parent, object name), not as Python attributes: Qt
        # may call the filter through a new Python wrapper once the first one is collected.
        self.setObjectName(f"{SETTINGS_GROUP}/{key}")
        window.installEventFilter(self)
        self.restore(size)

    @property
    def window(self) -> QWidget:
        window = self.parent()
        assert isinstance(window, QWidget)  # the filter is made with the window as parent
        return window

    @property
    def key(self) -> str:
        return self.objectName()

    def saved(self) -> QRect | None:
        value = common.settings().value(self.key)
        return value if isinstance(value, QRect) and value.isValid() else None

    def restore(self, size: QSize) -> None:
        rect = self.saved()
        if rect is None:
            rect = QRect(QPoint(), size)
            rect.moveCenter(available(self.window).center())
        self.apply(rect)
        if common.settings().value(self.key + "-maximized", False, type=bool):
            self.window.setWindowState(self.window.windowState() | Qt.WindowState.WindowMaximized)

    def apply(self, rect: QRect) -> None:
        # the screen the window was left on, when it is still attached; else its own
        screen = None if self.window.isVisible() else QGuiApplication.screenAt(rect.center())
        area = screen.availableGeometry() if screen is not None else available(self.window)
        frame = frame_margins(self.window)
        target = fitted(rect, area, frame)
        # The layout would raise the window to its minimum size hint when shown: an
        # explicit minimum (kept by the layout) caps it at what fits.
        minimum = self.window.minimumSize().expandedTo(self.window.minimumSizeHint())
        if minimum.width() > target.width() or minimum.height() > target.height():
            self.window.setMinimumSize(min(minimum.width(), target.width()),
                                       min(minimum.height(), target.height()))
        self.window.setGeometry(target)
        self.setProperty("applied", target)

    def fit(self) -> None:
        """Once shown: the real frame is known, refit if the window is not inside. Only
        the place chosen here is corrected: a size the code set on purpose afterwards
        (a screenshot, the geometry of a window being replaced) is left alone."""
        if self.window.isMaximized() or self.window.isFullScreen():
            return
        if self.window.geometry() != self.property("applied"):
            return
        area = available(self.window)
        if not area.contains(self.window.frameGeometry()):
            self.apply(self.window.geometry())

    def save(self) -> None:
        store = common.settings()
        rect = self.window.normalGeometry()
        if rect.isValid() and not rect.isEmpty():
            store.setValue(self.key, rect)
        store.setValue(self.key + "-maximized", self.window.isMaximized())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent():
            kind = event.type()
            if kind == QEvent.Type.Show:
                self.fit()
            elif kind in (QEvent.Type.Hide, QEvent.Type.Close):
                self.save()
        return False


def fit_and_remember(window: QWidget, key: str, size: QSize | tuple[int, int]) -> WindowPlacement:
    """Size `window` to `size` (or where the user left it), inside its screen; remember it."""
    if isinstance(size, tuple):
        size = QSize(*size)
    placement = WindowPlacement(window, key, size)
    return placement
