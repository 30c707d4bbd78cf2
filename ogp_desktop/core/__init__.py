"""The Qt-free core: models, storage, services, exchange and calendar logic.

Nothing below this package imports PySide6 (tests/core/test_layers.py enforces it), so the
command line, the PDF exporter and the GUI all stand on the same rules."""
