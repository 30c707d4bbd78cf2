"""The site's search index, built once at publication: one entry per public record (signed
minutes, commitment, committee, step, plan) with its text normalised by
`core.text.arabic.normalise`, the same function the program's search uses. The site's
`normalise.js` is a port of that function and of `variants`, so a query typed into the site
meets the text as the program's search would (docs/publish.md, tests/publish).

The index is a script (`window.OGP_SEARCH_INDEX = …`), not a .json file fetched at run
time: a browser refuses to fetch files from a page opened from a folder (file://)."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Any

from ogp_desktop.core.publish.content import Content
from ogp_desktop.core.text.arabic import normalise

__all__ = ["casefold_table", "entries", "index_script"]

EXCERPT = 160


def _text(parts: Iterable[Any]) -> str:
    return " ".join(str(p) for p in parts if p)


def _excerpt(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT else text[:EXCERPT].rsplit(" ", 1)[0] + " …"


def entries(content: Content) -> list[dict[str, Any]]:
    """The index: `p` the page (from the language's root), `t` its title, `k` its kind,
    `d` its date (ISO) or null, `s` an excerpt of its own text, `x` the normalised text."""
    out: list[dict[str, Any]] = []

    def add(page: str, title: str, kind: str, date: str | None, excerpt: str | None,
            text: str) -> None:
        out.append({"p": page, "t": title, "k": kind, "d": date, "s": _excerpt(excerpt),
                    "x": normalise(text)})

    for m in content.minutes:
        doc = m["doc"]
        text = _text([doc.get("title"), doc.get("objective"), doc.get("location"),
                      doc.get("committee"), doc.get("plan"), doc.get("commitment"),
                      *doc.get("discussion", []), *doc.get("outputs", []), *doc.get("notes", []),
                      *(_text([a.get("text"), a.get("owner")]) for a in doc.get("action_items", [])),
                      *(_text([a.get("name"), a.get("organization")])
                        for a in doc.get("attendees", []) + doc.get("apologies", []))])
        add(f"minutes/meeting-{m['id']}.html", m["title"], "meeting", m["date"],
            doc.get("objective") or next(iter(doc.get("discussion", [])), None), text)
    for plan in content.plans:
        add(f"plans/plan-{plan['id']}.html", plan["title"], "plan", None, plan["description"],
            _text([plan["title"], plan["description"]]))
        for c in plan["commitments"]:
            add(f"plans/plan-{plan['id']}.html#commitment-{c['id']}", c["title"], "commitment",
                None, c["description"],
                _text([c["title"], c["description"], c["lead"], *c["partners"],
                       *(_text([ms["title"], ms["deliverable"]]) for ms in c["milestones"])]))
        for phase in plan["phases"]:
            for s in phase["steps"]:
                add(f"timeline.html#step-{s['id']}", s["title"], "step", s["start"], s["details"],
                    _text([s["title"], s["details"], s["responsible"],
                           *(k["label"] for k in s["key_dates"])]))
    for c in content.committees:
        add(f"committees/committee-{c['id']}.html", c["name"], "committee", c["last_meeting"],
            None, _text([c["name"], *(_text([m["name"], m["position"], m["organisation"]])
                                      for m in c["members"])]))
    return out


def index_script(content: Content) -> str:
    return ("window.OGP_SEARCH_INDEX = "
            + json.dumps(entries(content), ensure_ascii=False, separators=(",", ":"))
            + ";\n")


@cache
def casefold_table() -> dict[str, str]:
    """The characters whose case fold (Python's, what `normalise` uses) differs from
    their lower case (what JavaScript has): the site's normalise.js applies these first."""
    table = {}
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if unicodedata.category(ch) in ("Cs", "Cn"):
            continue
        if ch.casefold() != ch.lower():
            table[ch] = ch.casefold()
    return table
