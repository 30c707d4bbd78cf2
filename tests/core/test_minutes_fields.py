"""One declaration of the minutes' fields (core.minutes_fields): every column of a meeting and
its children is declared or listed as not signed, signing keeps its bytes, amendments copy
every declared field."""

from __future__ import annotations

import datetime as dt
import hashlib

from ogp_desktop.core.models import (
    ActionItem,
    ActionStatus,
    Attachment,
    AttachmentKind,
    Attendance,
    AttendanceStatus,
    Commitment,
    Committee,
    CommitteeKind,
    ItemKind,
    Meeting,
    MeetingMode,
    MinuteItem,
    MinutesStatus,
    Organisation,
    Person,
    Plan,
    PlanStatus,
    Signature,
    SignatureMeaning,
)
from ogp_desktop.core.services import signing


def _fixed_meeting() -> Meeting:
    """A signed meeting built in memory with fixed uuids, so its snapshot is always the same."""
    org = Organisation(uuid="00000000-0000-4000-8000-000000000001", name="وزارة التخطيط", name_key="k1")
    mai = Person(uuid="00000000-0000-4000-8000-000000000002", name="مي عليمات", name_key="k2")
    hus = Person(uuid="00000000-0000-4000-8000-000000000003", name="حسين الشبلي", name_key="k3")
    ali = Person(uuid="00000000-0000-4000-8000-000000000004", name="علي", name_key="k4")
    plan = Plan(uuid="00000000-0000-4000-8000-000000000005", ordinal=4, title="الخطة الرابعة",
                first_year=2021, last_year=2023, status=PlanStatus.IMPLEMENTATION)
    commitment = Commitment(uuid="00000000-0000-4000-8000-000000000006", number=1,
                            title="الالتزام الأول", plan=plan)
    committee = Committee(uuid="00000000-0000-4000-8000-000000000007", name="لجنة التنفيذ",
                          name_key="k7", kind=CommitteeKind.IMPLEMENTATION_COMMITTEE)
    older = Meeting(uuid="00000000-0000-4000-8000-000000000008", title="x", date=dt.date(2021, 6, 1))
    m = Meeting(
        uuid="00000000-0000-4000-8000-000000000009", version=2, amends=older,
        title="محضر اجتماع لجنة التنفيذ", language="ar", plan=plan, commitment=commitment,
        committee=committee, sequence=3, date=dt.date(2021, 6, 14), start_time=dt.time(10, 0),
        end_time=dt.time(11, 30), mode=MeetingMode.HYBRID, location="عمّان", objective="مناقشة سير العمل",
        other_participants=3, next_meeting=dt.date(2021, 7, 20), status=MinutesStatus.SIGNED,
    )
    m.items = [
        MinuteItem(kind=ItemKind.DISCUSSION, position=1, text="النقطة الأولى"),
        MinuteItem(kind=ItemKind.OUTPUT, position=2, text="القرار الأول"),
        MinuteItem(kind=ItemKind.DISCUSSION, position=3, text="النقطة الثانية\nسطر ثان"),
        MinuteItem(kind=ItemKind.NOTE, position=4, text="حاشية ١"),
    ]
    m.action_items = [
        ActionItem(position=1, text="إرسال المسودة", owner="مي عليمات", due_date=dt.date(2021, 7, 1),
                   status=ActionStatus.DONE),
        ActionItem(position=2, text="نشر المحضر", owner=None, due_date=None, status=ActionStatus.OPEN),
    ]
    m.attendance = [
        Attendance(position=1, person=mai, organisation=org, status=AttendanceStatus.PRESENT),
        Attendance(position=2, person=hus, organisation=None, status=AttendanceStatus.APOLOGISED),
        Attendance(position=3, person=ali, organisation=org, status=AttendanceStatus.ABSENT),
    ]
    m.attachments = [
        Attachment(uuid="00000000-0000-4000-8000-00000000000a", kind=AttachmentKind.PHOTO, position=1,
                   name="صورة.png", caption="الحضور", media_type="image/png", size=3,
                   sha256=hashlib.sha256(b"png").hexdigest(), data=b"png"),
        Attachment(uuid="00000000-0000-4000-8000-00000000000b", kind=AttachmentKind.ATTACHMENT,
                   position=2, name="a.pdf", caption=None, media_type=None, size=3,
                   sha256=hashlib.sha256(b"pdf").hexdigest(), data=b"pdf"),
    ]
    m.signatures = [
        Signature(position=1, signer_name="مي عليمات", role="منسقة", meaning=SignatureMeaning.APPROVED,
                  signed_at=dt.datetime(2021, 6, 20, 9, 30), image=b"sig"),
        Signature(position=2, signer_name="علي", role="مقرر", meaning=SignatureMeaning.PREPARED,
                  signed_at=dt.datetime(2021, 6, 20, 9, 30), image=None),
    ]
    return m


# Computed by build_snapshot before the declaration existed (commit 048d007): fingerprints
# of minutes signed by that code must still verify.
SIGNED_BEFORE_SHA256 = "3bb8442ac86124c9aa131e1ebf9e7e60c0c664725a84df274611640f97eac04e"
SIGNED_BEFORE_BARE = (
    '{"absent":[],"action_items":[],"amends":null,"apologies":[],"attachments":[],"attendees":[],'
    '"commitment":null,"committee":null,"date":"2022-01-02","discussion":[],"end":null,'
    '"format":"ogp-minutes-snapshot/1","language":"en","location":null,"mode":"online",'
    '"next_meeting":null,"notes":[],"objective":null,"other_participants":null,"outputs":[],'
    '"plan":null,"sequence":null,"signatures":[],"start":null,"title":"Bare",'
    '"uuid":"00000000-0000-4000-8000-00000000000c","version":1}'
)


def _bare_meeting() -> Meeting:
    return Meeting(uuid="00000000-0000-4000-8000-00000000000c", version=1, title="Bare", language="en",
                   date=dt.date(2022, 1, 2), mode=MeetingMode.ONLINE)


def test_snapshot_bytes_are_those_signed_before_the_declaration():
    text = signing.canonical_json(signing.build_snapshot(_fixed_meeting())).decode("utf-8")
    assert signing.fingerprint(text) == SIGNED_BEFORE_SHA256
    bare = signing.canonical_json(signing.build_snapshot(_bare_meeting())).decode("utf-8")
    assert bare == SIGNED_BEFORE_BARE
