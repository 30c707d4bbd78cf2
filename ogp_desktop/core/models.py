"""The records of an OGP secretariat as SQLAlchemy 2 typed models.

Portable on purpose (no SQLite-only types or SQL): enums are stored as checked strings,
times as ISO columns, attachments as BLOBs, so the same models run on PostgreSQL later.
Every record carries a UUID (for exchange between laptops) beside its integer id (for
people typing `approve 12`), and created/updated times."""

from __future__ import annotations

import datetime as dt
import enum
import uuid as uuid_mod
from collections.abc import Iterable

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

# The vocabularies live in core.enums (no SQLAlchemy); callers import them from here too.
from ogp_desktop.core.enums import (
    ActionStatus,
    AttachmentKind,
    AttendanceStatus,
    CertificateKind,
    CommitteeKind,
    Completion,
    ItemKind,
    MeetingMode,
    MemberRole,
    MilestoneStatus,
    MinutesStatus,
    OgpValue,
    OpenGovernment,
    PlanStatus,
    Sector,
    SignatureKind,
    SignatureMeaning,
)

__all__ = [  # the vocabularies are re-exported; the models are this module's own names
    "ActionStatus", "AttachmentKind", "AttendanceStatus", "CertificateKind", "CommitteeKind", "Completion",
    "ItemKind",
    "MeetingMode", "MemberRole", "MilestoneStatus", "MinutesStatus", "OgpValue", "OpenGovernment",
    "PlanStatus", "Sector", "SignatureKind", "SignatureMeaning",
]

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Naive UTC: stored the same on every database, shown in local time at the edge."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def new_uuid() -> str:
    return str(uuid_mod.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Record:
    """Columns every record has."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Versioned:
    """A record two people may edit at once: SQLAlchemy's version counter, raised by every
    update of the row, so a save made on a stale copy is refused (ConflictError: who saved
    it and when, nothing overwritten; migrations 0006, 0007). Monotonic, for a later sync."""

    row_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_by: Mapped[str | None] = mapped_column(String(200))  # the login that saved last

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:
        return {"version_id_col": cls.__table__.c.row_version}  # type: ignore[attr-defined]


# --- directory -------------------------------------------------------------------------


class Organisation(Versioned, Record, Base):
    __tablename__ = "organisations"
    name: Mapped[str] = mapped_column(String(2000))
    name_key: Mapped[str] = mapped_column(String(2000), unique=True)
    sector: Mapped[Sector | None] = mapped_column(_enum(Sector, "sector"), nullable=True)


class Person(Versioned, Record, Base):
    __tablename__ = "people"
    name: Mapped[str] = mapped_column(String(2000))
    name_key: Mapped[str] = mapped_column(String(2000), index=True)
    honorific: Mapped[str | None] = mapped_column(String(100))
    position: Mapped[str | None] = mapped_column(String(2000))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(64))

    organisation: Mapped[Organisation | None] = relationship()


# --- plans -----------------------------------------------------------------------------


class Plan(Versioned, Record, Base):
    __tablename__ = "plans"
    ordinal: Mapped[int] = mapped_column(Integer, unique=True)
    title: Mapped[str] = mapped_column(String(2000))
    first_year: Mapped[int] = mapped_column(Integer)
    last_year: Mapped[int] = mapped_column(Integer)
    status: Mapped[PlanStatus] = mapped_column(_enum(PlanStatus, "plan_status"))
    description: Mapped[str | None] = mapped_column(Text)

    commitments: Mapped[list[Commitment]] = relationship(
        back_populates="plan", order_by="Commitment.number", cascade="all, delete-orphan"
    )
    phases: Mapped[list[Phase]] = relationship(
        back_populates="plan", order_by="Phase.number", cascade="all, delete-orphan"
    )


class CommitmentPartner(Base):
    """Other organisations implementing a commitment beside the lead."""

    __tablename__ = "commitment_partners"
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )


class Commitment(Versioned, Record, Base):
    __tablename__ = "commitments"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str | None] = mapped_column(Text)
    lead_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    value_access_to_information: Mapped[bool] = mapped_column(Boolean, default=False)
    value_civic_participation: Mapped[bool] = mapped_column(Boolean, default=False)
    value_public_accountability: Mapped[bool] = mapped_column(Boolean, default=False)
    value_technology_innovation: Mapped[bool] = mapped_column(Boolean, default=False)
    completion: Mapped[Completion | None] = mapped_column(_enum(Completion, "completion"))
    # The IRM's second scale and what supports both ratings (migration 0009): a JSON list
    # of {"kind": "meeting" | "action_item" | "attachment" | "note", "id", "note"}, by id so
    # a link survives saves of the minutes (their rows are reused by position);
    # services.progress reads it and says which link no longer finds its record.
    open_government: Mapped[OpenGovernment | None] = mapped_column(
        _enum(OpenGovernment, "open_government"))
    progress_evidence: Mapped[str | None] = mapped_column(Text)

    plan: Mapped[Plan] = relationship(back_populates="commitments")
    lead_organisation: Mapped[Organisation | None] = relationship()
    partners: Mapped[list[Organisation]] = relationship(secondary="commitment_partners")
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="commitment", order_by="Milestone.position", cascade="all, delete-orphan"
    )

    @property
    def values(self) -> list[OgpValue]:
        return [v for v in OgpValue if getattr(self, f"value_{v.value}")]

    @values.setter
    def values(self, values: Iterable[OgpValue | str]) -> None:
        chosen = {OgpValue(v) for v in values}
        for v in OgpValue:
            setattr(self, f"value_{v.value}", v in chosen)


class Milestone(Record, Base):
    __tablename__ = "milestones"
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    deliverable: Mapped[str | None] = mapped_column(Text)
    status: Mapped[MilestoneStatus | None] = mapped_column(
        _enum(MilestoneStatus, "milestone_status"))  # migration 0009

    commitment: Mapped[Commitment] = relationship(back_populates="milestones")


class Phase(Versioned, Record, Base):
    __tablename__ = "phases"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(2000))

    plan: Mapped[Plan] = relationship(back_populates="phases")
    steps: Mapped[list[Step]] = relationship(
        back_populates="phase", order_by="Step.number", cascade="all, delete-orphan"
    )


class Step(Versioned, Record, Base):
    """A dated step of plan preparation; numbered across the plan, as in the progress report."""

    __tablename__ = "steps"
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    details: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    responsible_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )

    phase: Mapped[Phase] = relationship(back_populates="steps")
    responsible_organisation: Mapped[Organisation | None] = relationship()
    key_dates: Mapped[list[KeyDate]] = relationship(
        back_populates="step", order_by="KeyDate.position", cascade="all, delete-orphan"
    )


class KeyDate(Record, Base):
    """A named date inside a step ("نشر الطلب", "الموعد النهائي")."""

    __tablename__ = "key_dates"
    step_id: Mapped[int] = mapped_column(ForeignKey("steps.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(2000))
    date: Mapped[dt.date] = mapped_column(Date)

    step: Mapped[Step] = relationship(back_populates="key_dates")


# --- committees ------------------------------------------------------------------------


class Committee(Versioned, Record, Base):
    __tablename__ = "committees"
    name: Mapped[str] = mapped_column(String(2000))
    name_key: Mapped[str] = mapped_column(String(2000), unique=True)
    kind: Mapped[CommitteeKind] = mapped_column(_enum(CommitteeKind, "committee_kind"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))
    commitment_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitments.id", ondelete="SET NULL")
    )

    plan: Mapped[Plan | None] = relationship()
    commitment: Mapped[Commitment | None] = relationship()
    members: Mapped[list[CommitteeMember]] = relationship(
        back_populates="committee", order_by="CommitteeMember.id", cascade="all, delete-orphan"
    )


class CommitteeMember(Versioned, Record, Base):
    __tablename__ = "committee_members"
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"))
    role: Mapped[MemberRole] = mapped_column(_enum(MemberRole, "member_role"))
    from_date: Mapped[dt.date | None] = mapped_column(Date)
    to_date: Mapped[dt.date | None] = mapped_column(Date)

    committee: Mapped[Committee] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()


# --- meetings and minutes ----------------------------------------------------------------


class Meeting(Versioned, Record, Base):
    """A meeting and its minutes. Versions: an amendment is a new row pointing at the
    signed version it corrects (`amends_id`), so a signed row never changes."""

    __tablename__ = "meetings"
    __table_args__ = (CheckConstraint("language IN ('ar', 'en')", name="language"),)
    committee_id: Mapped[int | None] = mapped_column(
        ForeignKey("committees.id", ondelete="RESTRICT"), index=True
    )
    plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("plans.id", ondelete="RESTRICT"), index=True
    )
    commitment_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitments.id", ondelete="RESTRICT")
    )
    sequence: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(2000))
    language: Mapped[str] = mapped_column(String(8), default="ar")
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    end_time: Mapped[dt.time | None] = mapped_column(Time)
    mode: Mapped[MeetingMode] = mapped_column(
        _enum(MeetingMode, "meeting_mode"), default=MeetingMode.IN_PERSON
    )
    location: Mapped[str | None] = mapped_column(String(2000))
    objective: Mapped[str | None] = mapped_column(Text)
    other_participants: Mapped[int | None] = mapped_column(Integer)
    next_meeting: Mapped[dt.date | None] = mapped_column(Date)

    status: Mapped[MinutesStatus] = mapped_column(
        _enum(MinutesStatus, "minutes_status"), default=MinutesStatus.DRAFT, index=True
    )
    version: Mapped[int] = mapped_column(Integer, default=1)
    amends_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="RESTRICT"), unique=True
    )
    signed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    snapshot: Mapped[str | None] = mapped_column(Text)
    snapshot_sha256: Mapped[str | None] = mapped_column(String(64))
    # row_version, updated_by (Versioned): an editor that opened row version N and saves
    # after someone else saved is told who and when (services.meetings.save_minutes).

    committee: Mapped[Committee | None] = relationship()
    plan: Mapped[Plan | None] = relationship()
    commitment: Mapped[Commitment | None] = relationship()
    amends: Mapped[Meeting | None] = relationship(remote_side="Meeting.id")
    items: Mapped[list[MinuteItem]] = relationship(
        back_populates="meeting",
        order_by="MinuteItem.position",
        cascade="all, delete-orphan",
    )
    action_items: Mapped[list[ActionItem]] = relationship(
        back_populates="meeting", order_by="ActionItem.position", cascade="all, delete-orphan"
    )
    attendance: Mapped[list[Attendance]] = relationship(
        back_populates="meeting", order_by="Attendance.position", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="meeting", order_by="Attachment.position", cascade="all, delete-orphan"
    )
    signatures: Mapped[list[Signature]] = relationship(
        back_populates="meeting", order_by="Signature.position", cascade="all, delete-orphan"
    )

    def texts(self, kind: ItemKind) -> list[str]:
        return [i.text for i in sorted(self.items, key=lambda i: i.position) if i.kind == kind]


class MinuteItem(Record, Base):
    """An ordered discussion point, output/decision or numbered note."""

    __tablename__ = "minute_items"
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ItemKind] = mapped_column(_enum(ItemKind, "item_kind"))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship(back_populates="items")


class ActionItem(Record, Base):
    __tablename__ = "action_items"
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(2000))
    owner_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    due_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    status: Mapped[ActionStatus] = mapped_column(
        _enum(ActionStatus, "action_status"), default=ActionStatus.OPEN, index=True
    )

    meeting: Mapped[Meeting] = relationship(back_populates="action_items")
    owner_person: Mapped[Person | None] = relationship()


class Attendance(Record, Base):
    """Who was invited, with the organisation they represented at that meeting."""

    __tablename__ = "attendance"
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT")
    )
    status: Mapped[AttendanceStatus] = mapped_column(
        _enum(AttendanceStatus, "attendance_status"), default=AttendanceStatus.PRESENT
    )

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    person: Mapped[Person] = relationship()
    organisation: Mapped[Organisation | None] = relationship()


class Attachment(Record, Base):
    """A photo or file, kept inside the database so one file holds every record."""

    __tablename__ = "attachments"
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[AttachmentKind] = mapped_column(_enum(AttachmentKind, "attachment_kind"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(2000))
    caption: Mapped[str | None] = mapped_column(Text)
    media_type: Mapped[str | None] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)

    meeting: Mapped[Meeting] = relationship(back_populates="attachments")


class Signature(Record, Base):
    __tablename__ = "signatures"
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    signer_name: Mapped[str] = mapped_column(String(2000))
    role: Mapped[str] = mapped_column(String(2000))
    meaning: Mapped[SignatureMeaning] = mapped_column(
        _enum(SignatureMeaning, "signature_meaning")
    )
    signed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    image: Mapped[bytes | None] = mapped_column(LargeBinary)
    # How it was made (migration 0005; rows signed before it are FINGERPRINT). A KEY
    # signature keeps the signer's certificate and `value`, the signature made with their
    # key over `core.register.signature_statement` (the snapshot's fingerprint among it); a
    # PAPER one keeps the login that recorded it.
    kind: Mapped[SignatureKind] = mapped_column(_enum(SignatureKind, "signature_kind"),
                                                default=SignatureKind.PAPER)
    certificate_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificates.id", ondelete="RESTRICT"), index=True)
    value: Mapped[bytes | None] = mapped_column(LargeBinary)
    recorded_by: Mapped[str | None] = mapped_column(String(200))

    meeting: Mapped[Meeting] = relationship(back_populates="signatures")
    certificate: Mapped[Certificate | None] = relationship()


class Certificate(Record, Base):
    """A certificate the records know: a trusted authority's (a trust anchor) or a signer's.
    Public material only; the private keys stay in their holders' files."""

    __tablename__ = "certificates"
    kind: Mapped[CertificateKind] = mapped_column(_enum(CertificateKind, "certificate_kind"))
    trusted: Mapped[bool] = mapped_column(Boolean, default=False)
    subject_name: Mapped[str] = mapped_column(String(2000))
    role: Mapped[str | None] = mapped_column(String(2000))
    serial: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    issuer_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    not_before: Mapped[dt.datetime] = mapped_column(DateTime)
    not_after: Mapped[dt.datetime] = mapped_column(DateTime)
    der: Mapped[bytes] = mapped_column(LargeBinary)


# --- audit and settings ------------------------------------------------------------------


class AuditEntry(Base):
    """One line per change: what, when, which OS user. Never updated, never deleted."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    os_user: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    entity: Mapped[str] = mapped_column(String(100))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    entity_uuid: Mapped[str | None] = mapped_column(String(36))
    details: Mapped[str | None] = mapped_column(Text)
    # A hash chain (migration 0005): each line's hash covers its content and the line
    # before, so an edited or removed line breaks the chain (`core.register`).
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class SignedPdf(Base):
    """The PDF of a signed version as it was signed: rendered at signing, with each key's
    PAdES signature over it (and the unit's seal). Kept because it can not be made again:
    the keys are their holders'. An export of signed minutes writes these bytes."""

    __tablename__ = "signed_pdfs"
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="RESTRICT"), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ScannedCopy(Base):
    """A scan of the printout signed on paper, attached after signing. Not part of what was
    signed (it comes later); its SHA-256 goes into the register, so replacing or removing it
    shows in `check`."""

    __tablename__ = "scanned_copies"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="RESTRICT"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(2000))
    media_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class RegisterEntry(Base):
    """The register of signings, amendments, deletions and trust: a hash chain whose every
    entry carries the hash of the one before and, where a key made it, that key's
    signature over its own hash (`core.register`). Never updated, never deleted; its head
    prints on every signed PDF."""

    __tablename__ = "register"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    os_user: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(100))
    entity_uuid: Mapped[str | None] = mapped_column(String(36), index=True)
    details: Mapped[str] = mapped_column(Text)  # canonical JSON
    audit_id: Mapped[int | None] = mapped_column(Integer)  # the audit log's head then
    audit_hash: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    signatures: Mapped[str | None] = mapped_column(Text)  # JSON: [{certificate, value}]


class Setting(Base):
    """Small key/value settings kept with the records (letterhead, default signatories)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)
    blob: Mapped[bytes | None] = mapped_column(LargeBinary)


class Autosave(Base):
    """What the minutes editor had on screen a few seconds after typing stopped, kept until
    the user saves or discards it, so a crash or power cut loses at most those seconds."""

    __tablename__ = "autosaves"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    editor_key: Mapped[str] = mapped_column(String(64), unique=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str | None] = mapped_column(String(2000))
    payload: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    os_user: Mapped[str] = mapped_column(String(200))


class EditLease(Base):
    """Whose editor has a draft open: others see "being edited by NAME". The holder renews
    it while the editor is open and gives it back on closing; a lease not renewed for
    services.leases.LEASE_SECONDS (the program stopped, the laptop slept) has expired."""

    __tablename__ = "edit_leases"
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    holder: Mapped[str] = mapped_column(String(200))  # the login (server) or the OS user
    holder_name: Mapped[str | None] = mapped_column(String(2000))
    taken_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    renewed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Publication(Base):
    """One publication of the public repository website (core/publish/log.py): what the
    compliance checks count (standard 2: updated at least twice a year). Append-only."""

    __tablename__ = "publications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    published_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    os_user: Mapped[str] = mapped_column(String(200))  # the login (server) or the OS user
    pages: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[int] = mapped_column(Integer)  # signed minutes on the site
    written: Mapped[int] = mapped_column(Integer)  # files the publication wrote (changed)
