"""Every user-visible string of the exported PDFs, one dict per language.

Placeholders use str.format names. The lead will later route these through gettext;
until then `get(language, overrides)` merges caller overrides over the defaults.
"""

from __future__ import annotations

AR: dict[str, str] = {
    # document
    "document_kind": "محضر اجتماع",
    "date": "التاريخ",
    "time": "الوقت",
    "place": "مكان الاجتماع",
    "platform": "المنصة",
    "mode": "طبيعة الاجتماع",
    "mode_in_person": "وجاهي",
    "mode_online": "عن بُعد",
    "mode_hybrid": "وجاهي وعن بُعد",
    "committee": "اللجنة",
    "plan": "الخطة",
    "commitment": "الالتزام",
    "meeting_number": "رقم الاجتماع",
    "attendees": "الحضور",
    "apologies": "الاعتذار",
    "other_participants": "مشاركون آخرون: {count}",
    "objective": "الهدف",
    "discussion": "أهم محاور النقاش",
    "outputs": "المخرجات",
    "action_items": "الإجراءات المطلوبة",
    "action": "الإجراء",
    "owner": "المسؤول",
    "due": "الموعد",
    "status": "الحالة",
    "item_open": "قيد التنفيذ",
    "item_done": "منجز",
    "item_cancelled": "ملغى",
    "next_meeting": "الاجتماع القادم",
    "photos": "الصور",
    "notes": "ملاحظات",
    "person_org": "{name} – {organization}",
    "none": "—",
    "image_unreadable": "تعذّر عرض الصورة: {name}",
    "time_from": "من {start}",
    # signatures and integrity
    "signatures": "التواقيع",
    "prepared": "أعدّه",
    "approved": "اعتمده",
    "signed_at": "وقّع في {when}",
    "signed_version": "النسخة الموقعة رقم {version}",
    "fingerprint": "البصمة: {fingerprint}",
    "fingerprint_full": "البصمة الرقمية (SHA-256) للنسخة الموقعة:",
    "verify_hint": "امسح الرمز للتحقق من أن هذه النسخة مطابقة للسجل.",
    "verification": "التحقق من النسخة",
    # page furniture
    "page_x_of_y": "صفحة {page} من {pages}",
    "reference": "المرجع: {reference}",
    "draft": "مسودة",
    "draft_watermark": "مسودة / DRAFT",
    "draft_footer": "مسودة غير موقّعة",
    "register_page": "صفحة السجل {page} من {pages}",
    # register (bundle)
    "register_title": "سجل المحاضر",
    "register_count": "عدد المحاضر: {count}",
    "register_number": "#",
    "register_meeting": "الاجتماع",
    "register_date": "التاريخ",
    "register_status": "الحالة",
    "register_page_col": "الصفحة",
    "status_draft": "مسودة",
    "status_approved": "معتمد",
    "status_signed": "موقّع",
    # metadata
    "meta_subject": "محضر اجتماع بتاريخ {date}",
    "meta_register_subject": "سجل المحاضر ({count})",
}

EN: dict[str, str] = {
    "document_kind": "Minutes of meeting",
    "date": "Date",
    "time": "Time",
    "place": "Place",
    "platform": "Platform",
    "mode": "Meeting type",
    "mode_in_person": "In person",
    "mode_online": "Online",
    "mode_hybrid": "In person and online",
    "committee": "Committee",
    "plan": "Plan",
    "commitment": "Commitment",
    "meeting_number": "Meeting number",
    "attendees": "Attendees",
    "apologies": "Apologies",
    "other_participants": "Other participants: {count}",
    "objective": "Objective",
    "discussion": "Main discussion points",
    "outputs": "Outputs and decisions",
    "action_items": "Action items",
    "action": "Action",
    "owner": "Owner",
    "due": "Due",
    "status": "Status",
    "item_open": "Open",
    "item_done": "Done",
    "item_cancelled": "Cancelled",
    "next_meeting": "Next meeting",
    "photos": "Photos",
    "notes": "Notes",
    "person_org": "{name} – {organization}",
    "none": "—",
    "image_unreadable": "Image could not be shown: {name}",
    "time_from": "from {start}",
    "signatures": "Signatures",
    "prepared": "Prepared by",
    "approved": "Approved by",
    "signed_at": "Signed {when}",
    "signed_version": "Signed version {version}",
    "fingerprint": "Fingerprint: {fingerprint}",
    "fingerprint_full": "Digital fingerprint (SHA-256) of the signed version:",
    "verify_hint": "Scan the code to check that this copy matches the record.",
    "verification": "Verification",
    "page_x_of_y": "Page {page} of {pages}",
    "reference": "Ref. {reference}",
    "draft": "DRAFT",
    "draft_watermark": "مسودة / DRAFT",
    "draft_footer": "Draft, not signed",
    "register_page": "Register page {page} of {pages}",
    "register_title": "Register of minutes",
    "register_count": "Number of minutes: {count}",
    "register_number": "#",
    "register_meeting": "Meeting",
    "register_date": "Date",
    "register_status": "Status",
    "register_page_col": "Page",
    "status_draft": "Draft",
    "status_approved": "Approved",
    "status_signed": "Signed",
    "meta_subject": "Minutes of the meeting of {date}",
    "meta_register_subject": "Register of minutes ({count})",
}

LABELS: dict[str, dict[str, str]] = {"ar": AR, "en": EN}


def get(language: str, overrides: dict[str, str] | None = None) -> dict[str, str]:
    """The labels of `language` ('ar' or 'en'; anything else falls back to English),
    with `overrides` applied on top."""
    base = LABELS.get(language if language in LABELS else "en")
    if not overrides:
        return base
    merged = dict(base)
    merged.update({k: v for k, v in overrides.items() if v is not None})
    return merged
