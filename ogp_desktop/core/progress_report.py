"""The outline of a plan's progress report: its blocks in reading order, with their
labels, from the plain document `core.services.progress.progress_document` builds. The PDF
(pdf.progress_report) and the Word file (export.progress_report) print the same blocks, so
the two never differ in what they say. No SQLAlchemy, no ReportLab."""

from __future__ import annotations

from typing import Any

Block = tuple[str, ...]  # ("kind" | "title" | "date" | "para" | "summary", text),
#                          ("heading", text), ("subheading", text), ("line", text),
#                          ("item", number, text)


def _dates(start: str | None, end: str | None, L: dict[str, str]) -> str:
    from ogp_desktop.core.formatting import date_short

    if not start and not end:
        return L["none"]
    if not start or not end or start == end:
        return date_short(start or end, "ar")
    return L["pr_date_range"].format(start=date_short(start, "ar"), end=date_short(end, "ar"))


def outline(doc: dict[str, Any], L: dict[str, str]) -> list[Block]:
    """The report as blocks in reading order, with its labels (`L`, core.labels.get)."""
    from ogp_desktop.core import formatting as fmt

    lang = doc.get("language", "ar")
    plan = doc["plan"]
    years = (L["pr_years"].format(first=plan["first_year"], last=plan["last_year"])
             if plan.get("last_year") and plan["last_year"] != plan["first_year"]
             else str(plan.get("first_year") or ""))
    commitments = doc.get("commitments") or []
    out: list[Block] = [
        ("kind", L["pp_document_kind"]),
        ("title", L["pp_title"].format(plan=plan["title"], years=years).strip()),
        ("date", L["pp_report_date"].format(date=fmt.date_long(doc["date"], lang))),
        ("summary", L["pp_summary"].format(
            total=len(commitments),
            complete=sum(1 for c in commitments if c.get("completion") == "complete"),
            unrated=sum(1 for c in commitments if not c.get("completion")))),
        ("para", L["pp_intro"]),
    ]
    if not commitments:
        out.append(("para", L["pp_no_commitments"]))
    for c in commitments:
        out.append(("heading", L["pp_commitment"].format(number=c["number"], title=c["title"])))
        if c.get("lead"):
            out.append(("line", L["pp_lead"].format(name=c["lead"])))
        if c.get("others"):
            out.append(("line", L["pp_others"].format(names=L["footer_separator"].join(
                c["others"]))))
        if c.get("values"):
            out.append(("line", L["pp_values"].format(values=L["footer_separator"].join(
                L[f"value_{v}"] for v in c["values"]))))
        completion = c.get("completion")
        out.append(("line", L["pp_completion"].format(
            level=L[f"completion_{completion}"] if completion else L["pp_not_assessed"])))
        og = c.get("open_government")
        out.append(("line", L["pp_open_government"].format(
            level=L[f"og_{og}"] if og else L["pp_not_assessed"])))
        for key, rows in (("pp_milestones", c.get("milestones") or []),
                          ("pp_findings", c.get("findings") or []),
                          ("pp_actions", c.get("actions") or []),
                          ("pp_evidence", c.get("evidence") or [])):
            out.append(("subheading", L[key]))
            if not rows:
                out.append(("line", L["pp_none_recorded"]))
            for n, row in enumerate(rows, 1):
                out.append(("item", str(n), _row_text(key, row, L)))
    return out


def _row_text(key: str, row: dict[str, Any], L: dict[str, str]) -> str:
    from ogp_desktop.core.formatting import date_short

    if key == "pp_milestones":
        status = L[f"ms_{row['status']}"] if row.get("status") else L["pp_not_assessed"]
        return L["pp_milestone_line"].format(title=row["title"], status=status,
                                             dates=_dates(row.get("start"), row.get("end"), L))
    if key == "pp_findings":
        return L["pp_finding_source"].format(text=row["text"],
                                             date=date_short(row["date"], "ar"))
    if key == "pp_actions":
        status = L[f"item_{row['status']}"]
        if row.get("overdue"):
            status = L["footer_separator"].join([status, L["pp_overdue"]])
        return L["pp_action_line"].format(text=row["text"], owner=row.get("owner") or L["none"],
                                          due=date_short(row["due"], "ar") if row.get("due")
                                          else L["none"], status=status)
    if not row.get("found"):
        text = L["pp_evidence_missing"]
    elif row["kind"] == "note":
        return row.get("note") or ""
    else:
        text = L[f"pp_evidence_{row['kind']}"].format(date=date_short(row["date"], "ar"),
                                                      title=row["title"])
    return L["pp_evidence_note_suffix"].format(text=text, note=row["note"]) if row.get("note") \
        else text
