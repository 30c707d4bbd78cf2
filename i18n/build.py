"""Build the message catalogs: extract every translatable string of the program into
i18n/messages.pot, merge it into each language's .po, compile the .mo files.

    python i18n/build.py            # extract + update + compile
    python i18n/build.py --compile  # compile only (what CI and packaging run)

Strings are marked with `_()` / `N_()` (`ngettext(one, many, n)` and
`plural_message(one, many, n)` where a number counts things), and the first argument of the domain errors
(ValidationError("is required", field=…) …) is a message too: the keywords below make
babel collect them, so an error reaches the user in their language."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LANGUAGES = ("ar", "en")
KEYWORDS = [
    "_", "N_", "_n", "DomainError", "ValidationError", "NotFoundError", "ImmutableRecordError",
    "LifecycleError", "ConflictError", "StorageError", "KeyFileError", "CertificateError", "Message",
    "plural_message:1,2", "_plural:1,2", "ngettext:1,2",
]


def babel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract() -> None:
    """Run from the repository root so the catalogs name files by relative path."""
    args = ["extract", "--no-default-keywords", "--sort-by-file", "--no-wrap",
            "--project", "ogp-desktop", "--copyright-holder", "OGP Desktop developers",
            "-o", str(HERE / "messages.pot")]
    for kw in KEYWORDS:
        args += ["-k", kw]
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        babel(*args, "ogp_desktop")
    finally:
        os.chdir(cwd)


def update() -> None:
    for lang in LANGUAGES:
        po = HERE / lang / "LC_MESSAGES" / "messages.po"
        if po.exists():
            babel("update", "--no-wrap", "--ignore-obsolete", "-i", str(HERE / "messages.pot"),
                  "-d", str(HERE), "-l", lang)
        else:
            babel("init", "--no-wrap", "-i", str(HERE / "messages.pot"), "-d", str(HERE),
                  "-l", lang)


def compile_all() -> None:
    for lang in LANGUAGES:
        po = HERE / lang / "LC_MESSAGES" / "messages.po"
        if po.exists():
            babel("compile", "-d", str(HERE), "-l", lang, "--use-fuzzy" if lang == "en" else "--statistics")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compile", action="store_true", help="compile only")
    args = parser.parse_args(argv)
    if not args.compile:
        extract()
        update()
    compile_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
