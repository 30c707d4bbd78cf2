"""Every text of the public website, as msgids of the program's one catalog: the Arabic
site and the English one read the same records with these labels."""

from __future__ import annotations

from ogp_desktop.core.enums import (
    CommitteeKind,
    Completion,
    MeetingMode,
    MemberRole,
    OgpValue,
    PlanStatus,
    SignatureMeaning,
)
from ogp_desktop.core.i18n import N_, translator

SITE: dict[str, str] = {
    "site_title": N_("Open Government Partnership – public repository"),
    "skip": N_("Skip to the content"),
    "home": N_("Home"),
    "plans": N_("National action plans"),
    "timeline": N_("Co-creation timeline"),
    "committees": N_("Committees"),
    "minutes": N_("Minutes of meetings"),
    "reports": N_("Progress reports"),
    "search": N_("Search"),
    "changelog": N_("What each publication added"),
    "left_out": N_("What is not published"),
    "last_updated": N_("Last updated: {date}"),
    "home_intro": N_("The records of the national Open Government Partnership programme: the "
                     "action plans and their commitments, how they were co-created, the "
                     "committees that follow them and the signed minutes of their meetings."),
    "years": N_("{first}–{last}"),
    "plan_status": N_("Status: {status}"),
    "commitments": N_("Commitments"),
    "commitment_n": N_("Commitment {number}: {title}"),
    "no_commitments": N_("No commitments recorded."),
    "lead": N_("Lead organisation"),
    "partners": N_("Other organisations"),
    "ogp_values": N_("OGP values"),
    "completion": N_("Completion"),
    "not_assessed": N_("Not assessed yet"),
    "milestones": N_("Milestones"),
    "milestone": N_("Milestone"),
    "deliverable": N_("Deliverable"),
    "start": N_("Start"),
    "end": N_("End"),
    "none": N_("—"),
    "phase_n": N_("Phase {number}: {title}"),
    "step_n": N_("{number}. {title}"),
    "responsible": N_("Responsible: {organisation}"),
    "no_steps": N_("No steps recorded."),
    "steps_done": N_("Steps done: {done} of {total}"),
    "kind": N_("Kind"),
    "members": N_("Members"),
    "member_name": N_("Name"),
    "position": N_("Position"),
    "organisation": N_("Organisation"),
    "role": N_("Role"),
    "from": N_("From"),
    "to": N_("To"),
    "no_members": N_("No members recorded."),
    "rules": N_("Mandate and rules"),
    "rules_kind": N_("This is a {kind}."),
    "rules_plan": N_("It follows {plan}."),
    "rules_commitment": N_("It follows commitment {number}: {title}."),
    "rules_meetings": N_("Signed minutes published: {n}"),
    "rules_last_meeting": N_("Last meeting with signed minutes: {date}"),
    "rules_note": N_("The records hold no written terms of reference for this committee; "
                     "what is shown is what the records hold."),
    "meeting_date": N_("Date"),
    "meeting_committee": N_("Committee"),
    "signed_pdf": N_("Signed PDF"),
    "pdf_digital": N_("The PDF carries a digital signature: check it with "
                      "«ogp-desktop verify FILE.pdf» or any PDF reader."),
    "pdf_paper": N_("Signed on paper; this PDF carries no digital signature."),
    "no_minutes": N_("No signed minutes yet."),
    "signatures": N_("Signatures"),
    "signed_at": N_("Signed {when}"),
    "fingerprint": N_("Fingerprint (SHA-256): {fingerprint}"),
    "amended_by": N_("A later signed version corrects these minutes: {title}"),
    "amends": N_("These minutes correct an earlier signed version: {title}"),
    "version": N_("Version {version}"),
    "reports_intro": N_("The progress report of each plan: its phases and steps, done and "
                        "upcoming, on the date of the report."),
    "report_of": N_("Progress report on {plan} (PDF)"),
    "no_reports": N_("No progress reports yet."),
    "search_label": N_("Search the repository"),
    "search_button": N_("Search"),
    "search_hint": N_("Arabic is found as it is spelled in any way: with or without hamza, "
                      "taa marbuta or the article."),
    "search_results": N_("Results: {n}"),
    "search_none": N_("Nothing found."),
    "search_short": N_("Write at least one word of three letters or more to search."),
    "search_needs_js": N_("The search needs JavaScript; every page is also reachable from the "
                          "menu."),
    "kind_meeting": N_("Minutes"),
    "kind_commitment": N_("Commitment"),
    "kind_committee": N_("Committee"),
    "kind_step": N_("Step"),
    "kind_plan": N_("Plan"),
    "changelog_intro": N_("Each publication of the repository, newest first, with the pages "
                          "and files it added, changed or removed."),
    "publication_of": N_("Publication of {date}"),
    "added": N_("Added"),
    "changed": N_("Changed"),
    "removed": N_("Removed"),
    "no_changes": N_("No publication yet."),
    "left_out_intro": N_("The repository publishes only what is public. These records are "
                         "kept in the program and are not published:"),
    "left_out_none": N_("Nothing was left out."),
    "font_licence": N_("Font: Amiri, SIL Open Font License (licence)"),
}

CHOICES: dict[str, str] = {
    **{f"plan_{k.value}": v for k, v in (
        (PlanStatus.PREPARATION, N_("In preparation")),
        (PlanStatus.IMPLEMENTATION, N_("Being implemented")),
        (PlanStatus.COMPLETED, N_("Completed")))},
    **{f"committee_{k.value}": v for k, v in (
        (CommitteeKind.IMPLEMENTATION_COMMITTEE, N_("Implementation committee")),
        (CommitteeKind.NATIONAL_WORKING_GROUP, N_("National working group")),
        (CommitteeKind.MULTI_STAKEHOLDER_FORUM, N_("Multi-stakeholder forum")),
        (CommitteeKind.TASK_FORCE, N_("Task force")),
        (CommitteeKind.OTHER, N_("Other")))},
    **{f"role_{k.value}": v for k, v in (
        (MemberRole.CHAIR, N_("Chair")),
        (MemberRole.RAPPORTEUR, N_("Rapporteur")),
        (MemberRole.MEMBER, N_("Member")),
        (MemberRole.SECRETARIAT, N_("Secretariat")))},
    **{f"completion_{k.value}": v for k, v in (
        (Completion.NOT_STARTED, N_("Not started")),
        (Completion.LIMITED, N_("Limited")),
        (Completion.SUBSTANTIAL, N_("Substantial")),
        (Completion.COMPLETE, N_("Complete")))},
    **{f"value_{k.value}": v for k, v in (
        (OgpValue.ACCESS_TO_INFORMATION, N_("Access to information")),
        (OgpValue.CIVIC_PARTICIPATION, N_("Civic participation")),
        (OgpValue.PUBLIC_ACCOUNTABILITY, N_("Public accountability")),
        (OgpValue.TECHNOLOGY_INNOVATION, N_("Technology and innovation")))},
    **{f"mode_{k.value}": v for k, v in (
        (MeetingMode.IN_PERSON, N_("In person")),
        (MeetingMode.ONLINE, N_("Online")),
        (MeetingMode.HYBRID, N_("In person and online")))},
    **{f"meaning_{k.value}": v for k, v in (
        (SignatureMeaning.PREPARED, N_("Prepared by")),
        (SignatureMeaning.APPROVED, N_("Approved by")))},
}

# What the publication leaves out, one line each (`{n}` the count; the kinds of issue 14)
LEFT_OUT: dict[str, str] = {
    "draft_minutes": N_("Draft minutes (not approved): {n}"),
    "approved_minutes": N_("Approved minutes not yet signed: {n}"),
    "unreadable_minutes": N_("Signed minutes whose fingerprint no longer matches (run «check»): {n}"),
    "phones": N_("Phone numbers of people shown on the site: {n}"),
    "emails": N_("E-mail addresses of people shown on the site: {n}"),
    "attachments": N_("Files attached to signed minutes (only their photos are in the signed PDF): {n}"),
    "unsealed": N_("Signed minutes published without a digital signature in their PDF (signed "
                   "on paper; publish with the unit's seal key to seal them): {n}"),
}


def site_labels(language: str) -> dict[str, str]:
    """Every label of the site in `language` ('ar' or 'en')."""
    tr = translator(language)
    out = {k: tr(v) for k, v in {**SITE, **CHOICES}.items()}
    # the switch names the other language in that language
    out["other_language"] = "English" if language == "ar" else "العربية"
    return out


def left_out_labels(language: str) -> dict[str, str]:
    tr = translator(language)
    return {k: tr(v) for k, v in LEFT_OUT.items()}
