"""How the records' choices are named on screen (English msgids of the shared catalog).

The same msgids as the PDF labels where the PDF prints them ("Draft", "Open", …), so
one translation serves both."""

from __future__ import annotations

from enum import Enum

from ogp_desktop.core.i18n import N_
from ogp_desktop.core.models import (
    ActionStatus,
    CertificateKind,
    CommitteeKind,
    Completion,
    MeetingMode,
    MemberRole,
    MilestoneStatus,
    MinutesStatus,
    OgpValue,
    OpenGovernment,
    PlanStatus,
    Sector,
    SignatureMeaning,
)
from ogp_desktop.ui.common import _

_LABELS: list[tuple[Enum, str]] = [
    (MinutesStatus.DRAFT, N_("Draft")),
    (MinutesStatus.APPROVED, N_("Approved")),
    (MinutesStatus.SIGNED, N_("Signed")),
    (ActionStatus.OPEN, N_("Open")),
    (ActionStatus.DONE, N_("Done")),
    (ActionStatus.CANCELLED, N_("Cancelled")),
    (PlanStatus.PREPARATION, N_("In preparation")),
    (PlanStatus.IMPLEMENTATION, N_("Being implemented")),
    (PlanStatus.COMPLETED, N_("Completed")),
    (CommitteeKind.IMPLEMENTATION_COMMITTEE, N_("Implementation committee")),
    (CommitteeKind.NATIONAL_WORKING_GROUP, N_("National working group")),
    (CommitteeKind.MULTI_STAKEHOLDER_FORUM, N_("Multi-stakeholder forum")),
    (CommitteeKind.TASK_FORCE, N_("Task force")),
    (CommitteeKind.OTHER, N_("Other")),
    (MemberRole.CHAIR, N_("Chair")),
    (MemberRole.RAPPORTEUR, N_("Rapporteur")),
    (MemberRole.MEMBER, N_("Member")),
    (MemberRole.SECRETARIAT, N_("Secretariat")),
    (Sector.GOVERNMENT, N_("Government")),
    (Sector.CIVIL_SOCIETY, N_("Civil society")),
    (Sector.DONOR, N_("Donor")),
    (Sector.PRIVATE, N_("Private sector")),
    (Sector.ACADEMIC, N_("Academia")),
    (Sector.INTERNATIONAL, N_("International organisation")),
    (Completion.NO_EVIDENCE, N_("No evidence available")),
    (Completion.NOT_STARTED, N_("Not started")),
    (Completion.LIMITED, N_("Limited")),
    (Completion.SUBSTANTIAL, N_("Substantial")),
    (Completion.COMPLETE, N_("Complete")),
    (OpenGovernment.WORSENED, N_("Worsened")),
    (OpenGovernment.DID_NOT_CHANGE, N_("Did not change")),
    (OpenGovernment.MARGINAL, N_("Marginal")),
    (OpenGovernment.MAJOR, N_("Major")),
    (OpenGovernment.OUTSTANDING, N_("Outstanding")),
    (MilestoneStatus.NOT_STARTED, N_("Not started")),
    (MilestoneStatus.IN_PROGRESS, N_("In progress")),
    (MilestoneStatus.COMPLETE, N_("Complete")),
    (OgpValue.ACCESS_TO_INFORMATION, N_("Access to information")),
    (OgpValue.CIVIC_PARTICIPATION, N_("Civic participation")),
    (OgpValue.PUBLIC_ACCOUNTABILITY, N_("Public accountability")),
    (OgpValue.TECHNOLOGY_INNOVATION, N_("Technology and innovation")),
    (MeetingMode.IN_PERSON, N_("In person")),
    (MeetingMode.ONLINE, N_("Online")),
    (MeetingMode.HYBRID, N_("In person and online")),
    (SignatureMeaning.PREPARED, N_("Prepared by")),
    (SignatureMeaning.APPROVED, N_("Approved by")),
    (CertificateKind.UNIT_AUTHORITY, N_("The unit's authority")),
    (CertificateKind.IMPORTED_AUTHORITY, N_("Another authority")),
    (CertificateKind.PERSON, N_("A person's signing key")),
]
# Keyed by (enum, value): the members are strings, and "approved" is both a minutes status
# and a signature's meaning.
LABELS: dict[tuple[type, str], str] = {(type(k), k.value): v for k, v in _LABELS}


def label(value: Enum | str | None, enum_cls: type[Enum] | None = None) -> str:
    """The translated name of a choice; a stored string is looked up in `enum_cls`."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Enum):
        if enum_cls is None:
            return str(value)
        try:
            value = enum_cls(value)
        except ValueError:
            return str(value)
    text = LABELS.get((type(value), value.value))
    return _(text) if text else str(value.value)


def choices(enum_cls: type[Enum]) -> list[tuple[str, str]]:
    """(value, translated label) of every member, in the enum's order."""
    return [(m.value, label(m)) for m in enum_cls]
