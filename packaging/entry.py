"""Entry point of the frozen build (PyInstaller): the same as the `ogp-desktop` command."""

import sys

from ogp_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
