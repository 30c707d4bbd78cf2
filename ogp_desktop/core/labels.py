"""Every user-visible string of the exported documents (the PDFs and the iCalendar file):
here, below both `pdf` and `export`, so neither reaches into the other for a label.

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
    'signed_with_key': N_('Signed with a key (digital signature in this PDF)'),
    'signed_on_paper': N_('Signed on paper, in ink; recorded by {login}'),
    'signed_fingerprint_only': N_('Fingerprint only (no key): signed before keys were used'),
    'certificate_line': N_('Certificate {fingerprint}, issued by {issuer}'),
    'register_head': N_('Register entry {seq}; its hash: {hash}'),
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
    # plan progress report (pdf/plan_report.py)
    'pr_document_kind': N_('Plan progress report'),
    'pr_title': N_('Progress report on {plan} {years}'),
    'pr_years': N_('{first}–{last}'),
    'pr_report_date': N_('Date of the report: {date}'),
    'pr_footer_date': N_('Progress report, {date}'),
    'pr_summary': N_('Steps done: {done} of {total}'),
    'pr_phases_intro': N_('The phases of preparing {plan} {years}:'),
    'pr_done_section': N_('Steps completed'),
    'pr_upcoming_section': N_('Upcoming activities'),
    'pr_phase': N_('Phase'),
    'pr_step': N_('Step'),
    'pr_dates': N_('Dates'),
    'pr_what_was_done': N_('What was done'),
    'pr_state': N_('State'),
    'pr_state_done': N_('Finished'),
    'pr_state_running': N_('Under way'),
    'pr_state_upcoming': N_('Not yet started'),
    'pr_state_late': N_('Overdue'),
    'pr_phase_title': N_('{number}. {title}'),
    'pr_step_number': N_('{number}.'),
    'pr_key_date': N_('{label}: {date}'),
    'pr_date_range': N_('{start} – {end}'),
    'pr_continued': N_('{phase} (continued)'),
    'pr_responsible': N_('Responsible: {organisation}'),
    'pr_no_steps': N_('No steps.'),
    # iCalendar export (export/ics.py)
    'ics_calendar_name': N_('{plan} – calendar'),
    'ics_step_summary': N_('{number}. {title}'),
    'ics_key_date_summary': N_('{label} (step {number})'),
    'ics_key_date_step': N_('Step {number}: {title}'),
    'ics_phase': N_('Phase: {phase}'),
    'ics_step_done': N_('This step is done.'),
    'ics_what_was_done': N_('What was done: {details}'),
    'ics_key_dates': N_('Key dates:'),
    'ics_committee': N_('Committee: {committee}'),
    'ics_objective': N_('Objective: {objective}'),
    'ics_mode': N_('Meeting type: {mode}'),
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
