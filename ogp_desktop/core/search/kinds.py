"""The kinds of records a search finds and what each is called where hits are grouped:
light (no SQLAlchemy), for the command line's options and the window's headings."""

from ogp_desktop.core.i18n import N_

KIND_LABELS = {  # kind → msgid
    "meeting": N_("Meetings"), "discussion": N_("Main discussion points"),
    "output": N_("Outputs and decisions"), "note": N_("Notes"), "action_item": N_("Action items"),
    "attendee": N_("Attendees"), "commitment": N_("Commitments"), "milestone": N_("Milestones"),
    "step": N_("Steps"), "plan": N_("Plans"), "committee": N_("Committees"),
    "person": N_("People"), "organisation": N_("Organisations"),
}
KINDS = tuple(KIND_LABELS)

# the minutes' fields a hit may be in, as the command line names them (msgids)
FIELD_LABELS = {
    "title": N_("Title"), "objective": N_("Objective"), "location": N_("Place"),
    "discussion": N_("Main discussion points"), "outputs": N_("Outputs and decisions"),
    "notes": N_("Notes"), "action_items": N_("Action items"), "attendees": N_("Attendees"),
}
