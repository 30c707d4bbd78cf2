"""The desktop application: the only package that imports PySide6."""

from ogp_desktop.ui.compat import guard_singleton_refcounts

guard_singleton_refcounts()  # before any widget exists (PySide6 6.12 on Python 3.11: see compat.py)
