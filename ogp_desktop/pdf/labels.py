"""Every user-visible string of the exported PDFs.

The English texts below are the msgids of the program's one gettext catalog (i18n/); the
Arabic comes from i18n/ar/LC_MESSAGES/messages.po like every other text of the program.
Placeholders use str.format names.
"""

from __future__ import annotations

from ogp_desktop.core.i18n import N_, translator

EN: dict[str, str] = {
    'document_kind': N_('Minutes of meeting'),
    'date': N_('Date'),
    'time': N_('Time'),
    'place': N_('Place'),
    'platform': N_('Platform'),
    'mode': N_('Meeting type'),
    'mode_in_person': N_('In person'),
    'mode_online': N_('Online'),
    'mode_hybrid': N_('In person and online'),
    'committee': N_('Committee'),
    'plan': N_('Plan'),
    'commitment': N_('Commitment'),
    'meeting_number': N_('Meeting number'),
    'attendees': N_('Attendees'),
    'apologies': N_('Apologies'),
    'other_participants': N_('Other participants: {count}'),
    'objective': N_('Objective'),
    'discussion': N_('Main discussion points'),
    'outputs': N_('Outputs and decisions'),
    'action_items': N_('Action items'),
    'action': N_('Action'),
    'owner': N_('Owner'),
    'due': N_('Due'),
    'status': N_('Status'),
    'item_open': N_('Open'),
    'item_done': N_('Done'),
    'item_cancelled': N_('Cancelled'),
    'next_meeting': N_('Next meeting'),
    'photos': N_('Photos'),
    'notes': N_('Notes'),
    'person_org': N_('{name} – {organization}'),
    'none': N_('—'),
    'image_unreadable': N_('Image could not be shown: {name}'),
    'time_from': N_('from {start}'),
    'signatures': N_('Signatures'),
    'prepared': N_('Prepared by'),
    'approved': N_('Approved by'),
    'signed_at': N_('Signed {when}'),
    'signed_version': N_('Signed version {version}'),
    'fingerprint': N_('Fingerprint: {fingerprint}'),
    'fingerprint_full': N_('Digital fingerprint (SHA-256) of the signed version:'),
    'verify_hint': N_('Scan the code to check that this copy matches the record.'),
    'verification': N_('Verification'),
    'page_x_of_y': N_('Page {page} of {pages}'),
    'reference': N_('Ref. {reference}'),
    'draft': N_('DRAFT'),
    'draft_watermark': N_('مسودة / DRAFT'),
    'draft_footer': N_('Draft, not signed'),
    'register_page': N_('Register page {page} of {pages}'),
    'running_header': N_('{title} — {date}'),
    'footer_separator': N_(' · '),
    'register_title': N_('Register of minutes'),
    'register_count': N_('Number of minutes: {count}'),
    'register_number': N_('#'),
    'register_meeting': N_('Meeting'),
    'register_date': N_('Date'),
    'register_status': N_('Status'),
    'register_page_col': N_('Page'),
    'status_draft': N_('Draft'),
    'status_approved': N_('Approved'),
    'status_signed': N_('Signed'),
    'meta_subject': N_('Minutes of the meeting of {date}'),
    'meta_register_subject': N_('Register of minutes ({count})'),
}


def get(language: str, overrides: dict[str, str] | None = None) -> dict[str, str]:
    """The labels of `language` ('ar' or 'en'; anything else falls back to English),
    with `overrides` applied on top."""
    if language == "ar":
        tr = translator("ar")
        base = {k: tr(v) for k, v in EN.items()}
    else:
        base = dict(EN)
    if overrides:
        base.update({k: v for k, v in overrides.items() if v is not None})
    return base
