"""The closed vocabularies of the records (statuses, kinds, meanings) as plain enums.

Kept apart from `core.models` (which stores them in SQLAlchemy columns) so that what only
reads values — the field declaration, the printout of signed minutes — runs without loading
SQLAlchemy. `core.models` re-exports every name."""

from __future__ import annotations

import enum

__all__ = [
    "ActionStatus", "AttachmentKind", "AttendanceStatus", "CertificateKind", "CommitteeKind", "Completion",
    "ItemKind",
    "MeetingMode", "MemberRole", "MilestoneStatus", "MinutesStatus", "OgpValue", "OpenGovernment",
    "PlanStatus", "Sector", "SignatureKind",
    "SignatureMeaning",
]


class Sector(enum.StrEnum):
    GOVERNMENT = "government"
    CIVIL_SOCIETY = "civil_society"
    DONOR = "donor"
    PRIVATE = "private"
    ACADEMIC = "academic"
    INTERNATIONAL = "international"


class PlanStatus(enum.StrEnum):
    PREPARATION = "preparation"
    IMPLEMENTATION = "implementation"
    COMPLETED = "completed"


class OgpValue(enum.StrEnum):
    ACCESS_TO_INFORMATION = "access_to_information"
    CIVIC_PARTICIPATION = "civic_participation"
    PUBLIC_ACCOUNTABILITY = "public_accountability"
    TECHNOLOGY_INNOVATION = "technology_innovation"


class Completion(enum.StrEnum):
    """The IRM's completion scale, lowest first (NO_EVIDENCE: migration 0009)."""

    NO_EVIDENCE = "no_evidence"
    NOT_STARTED = "not_started"
    LIMITED = "limited"
    SUBSTANTIAL = "substantial"
    COMPLETE = "complete"


class OpenGovernment(enum.StrEnum):
    """The IRM's "did it open government?" scale, lowest first (migration 0009)."""

    WORSENED = "worsened"
    DID_NOT_CHANGE = "did_not_change"
    MARGINAL = "marginal"
    MAJOR = "major"
    OUTSTANDING = "outstanding"


class MilestoneStatus(enum.StrEnum):
    """Where a commitment's milestone stands (migration 0009)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"


class CommitteeKind(enum.StrEnum):
    IMPLEMENTATION_COMMITTEE = "implementation_committee"
    NATIONAL_WORKING_GROUP = "national_working_group"
    MULTI_STAKEHOLDER_FORUM = "multi_stakeholder_forum"
    TASK_FORCE = "task_force"
    OTHER = "other"


class MemberRole(enum.StrEnum):
    CHAIR = "chair"
    RAPPORTEUR = "rapporteur"
    MEMBER = "member"
    SECRETARIAT = "secretariat"


class MeetingMode(enum.StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


class MinutesStatus(enum.StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    SIGNED = "signed"


class AttendanceStatus(enum.StrEnum):
    PRESENT = "present"
    APOLOGISED = "apologised"
    ABSENT = "absent"


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class ItemKind(enum.StrEnum):
    DISCUSSION = "discussion"
    OUTPUT = "output"
    NOTE = "note"


class AttachmentKind(enum.StrEnum):
    PHOTO = "photo"
    ATTACHMENT = "attachment"


class SignatureMeaning(enum.StrEnum):
    PREPARED = "prepared"
    APPROVED = "approved"


class CertificateKind(enum.StrEnum):
    UNIT_AUTHORITY = "unit_authority"  # made by `authority init`: a trust anchor
    IMPORTED_AUTHORITY = "imported_authority"  # added by `trust add`: a trust anchor
    PERSON = "person"  # a signer's, issued by a trusted authority


class SignatureKind(enum.StrEnum):
    """How a signature was made, strongest first. KEY: with the signer's private key (the
    records keep their certificate and the signature value). PAPER: in ink on the printout,
    recorded in the program by a login. FINGERPRINT: made before keys existed (migration
    0005): only the snapshot's SHA-256 stands for it, the weakest level."""

    KEY = "key"
    PAPER = "paper"
    FINGERPRINT = "fingerprint"
