"""The minutes form shows every declared field: a field added to core.minutes_fields
without a widget (or a reason it is filled by hand) fails here."""

from __future__ import annotations

from ogp_desktop.core import minutes_fields as mf
from ogp_desktop.ui.editors.minutes import form


def test_every_editable_field_of_the_meeting_has_a_widget_or_is_filled_by_hand():
    editable = {f.key for f in mf.MEETING_FIELDS if f.editable}
    assert set(form.WIDGETS) | form.FILLED_BY_HAND == editable
    assert set(form.WIDGETS) & form.FILLED_BY_HAND == set()


def test_the_form_state_of_stored_minutes_holds_each_widget_field(db):
    from ogp_desktop.core import exchange
    from ogp_desktop.core.services.meetings import load_meeting, minutes_data

    obj = {"format": "ogp-minutes/1", "title": "محضر", "date": "2021-06-14", "start": "10:00",
           "end": "11:30", "mode": "online", "location": "زوم", "objective": "هدف", "sequence": 4,
           "other_participants": 0, "next_meeting": "2021-07-01", "language": "en"}
    with db.session() as s:
        data = minutes_data(load_meeting(s, exchange.import_minutes(s, obj).id))
    state = form.state_from_data(data)
    expected = {
        "title": "محضر", "language": "en", "sequence": 4, "date": "2021-06-14", "start": "10:00",
        "end": "11:30", "mode": "online", "location": "زوم", "objective": "هدف",
        "other_participants": 0, "next_meeting": "2021-07-01"}
    assert {k: state[k] for k in expected} == expected
