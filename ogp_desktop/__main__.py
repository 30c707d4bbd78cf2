"""`python -m ogp_desktop` is the same as the `ogp-desktop` command."""

from ogp_desktop.cli import main

raise SystemExit(main())
