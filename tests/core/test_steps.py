"""Editing phases and steps (services/steps.py): validation naming the field, nothing
written on a refusal, moving, reordering and renumbering, audit lines, on the demo plan."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from ogp_desktop.core import demo_data
from ogp_desktop.core.errors import NotFoundError, ValidationError
from ogp_desktop.core.models import AuditEntry, KeyDate, Phase, Plan, Step
from ogp_desktop.core.services import plans, steps

D = dt.date.fromisoformat


def _plan5(s) -> Plan:
    return s.scalar(select(Plan).where(Plan.ordinal == 5))


def _steps(s, plan) -> dict[int, Step]:
    return {x.number: x for x in plans.steps_of(s, plan)}


def _phases(plan) -> dict[int, Phase]:
    return {p.number: p for p in plan.phases}


def _layout(s, plan) -> list[tuple[int, int, str]]:
    """(phase number, step number, title) in phase order, as stored."""
    rows = s.execute(
        select(Phase.number, Step.number, Step.title).join(Step.phase)
        .where(Phase.plan_id == plan.id).order_by(Phase.number, Step.number)
    ).all()
    return [tuple(r) for r in rows]


def _audit(s, action=None) -> list[AuditEntry]:
    q = select(AuditEntry).order_by(AuditEntry.id)
    if action:
        q = q.where(AuditEntry.action == action)
    return list(s.scalars(q))


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize("changes, field, words", [
    ({"end": "2021-03-01"}, "end", "before the start"),  # step 2 starts 14/3/2021
    ({"start": "2021-04-05"}, "start", "after the end"),  # and ends 1/4/2021
    ({"start": "2021-05-01", "end": "2021-04-30"}, "end", "before the start"),
    ({"start": "2019-12-31"}, "start", "outside the plan's years"),  # 2021–2025, one year before
    ({"end": "2026-01-01"}, "end", "outside the plan's years"),
    ({"key_dates": [{"label": "نشر الطلب", "date": "2021-05-10"},
                    {"label": "الموعد النهائي", "date": "2027-07-15"}]},
     "key_dates[1].date", "outside the plan's years"),
    ({"key_dates": [{"label": "", "date": "2021-05-10"}]}, "key_dates[0].label", "required"),
    ({"key_dates": [{"label": "نشر", "date": None}]}, "key_dates[0].date", "required"),
    ({"number": 3}, "number", "used already"),  # step 3 exists
    ({"number": 18}, "number", "used already"),  # in another phase too
    ({"number": 0}, "number", "whole number"),
    ({"title": "   "}, "title", "required"),
    ({"start": "14/3/2021"}, "start", "YYYY-MM-DD"),
    ({"start": "2021-02-30"}, "start", "not a real calendar date"),
    ({"done": "yes"}, "done", "yes or no"),
    ({"responsible": 99999}, "responsible", "no organisation"),
])
def test_update_step_refuses_naming_the_field(demo_db, dbtools, changes, field, words):
    with demo_db.session() as s:
        step2 = _steps(s, _plan5(s))[2]
        before = dbtools.dump(demo_db)
        with pytest.raises(ValidationError) as err:
            steps.update_step(s, step2.id, **changes)
        assert err.value.field == field
        assert words in str(err.value) and str(err.value).startswith(f"{field}: ")
        s.rollback()
    assert dbtools.dump(demo_db) == before


def test_key_date_rule_is_the_one_of_add_step(demo_db):
    """The same plan-years rule as plans.add_step: one year of preparation is allowed."""
    with demo_db.session() as s:
        plan = _plan5(s)
        step7 = _steps(s, plan)[7]
        steps.update_step(s, step7, key_dates=[("نشر الطلب", "2020-01-01")])
        with pytest.raises(ValidationError) as mine:
            steps.update_step(s, step7, key_dates=[("نشر الطلب", "2019-12-31")])
        with pytest.raises(ValidationError) as theirs:
            plans.add_step(s, plan.phases[0], number=40, title="x",
                           key_dates=[{"label": "y", "date": "2019-12-31"}])
        assert str(mine.value).split(": ", 1)[1] == str(theirs.value).split(": ", 1)[1]
        s.rollback()


def test_unknown_step_or_phase(demo_db):
    with demo_db.session() as s:
        with pytest.raises(NotFoundError):
            steps.update_step(s, 99999, title="x")
        with pytest.raises(NotFoundError):
            steps.update_phase(s, 99999, title="x")


# --- editing ------------------------------------------------------------------------------------


def test_update_step_changes_only_what_is_given_and_audits_it(demo_db, dbtools):
    with demo_db.session() as s:
        step7 = _steps(s, _plan5(s))[7]
        kd_uuids = [k.uuid for k in step7.key_dates]
        steps.update_step(
            s, step7.id, title="دعوة المواطنين (معدلة)", end="2021-07-20",
            key_dates=[{"label": "نشر الطلب", "date": "2021-05-10"},
                       ("الموعد النهائي لقبول الطلبات", dt.date(2021, 7, 20)),
                       ("إعلان النتائج", "2021-07-25")],
            responsible="مركز الشفافية الأردني", done=False,
        )
        step_id = step7.id
    with demo_db.session() as s:
        step7 = s.get(Step, step_id)
        assert step7.title == "دعوة المواطنين (معدلة)" and step7.end_date == D("2021-07-20")
        assert step7.start_date == D("2021-05-10") and step7.number == 7  # untouched
        assert step7.details.startswith("تم نشر اعلان")
        assert [(k.position, k.label, k.date) for k in step7.key_dates] == [
            (1, "نشر الطلب", D("2021-05-10")),
            (2, "الموعد النهائي لقبول الطلبات", D("2021-07-20")),
            (3, "إعلان النتائج", D("2021-07-25")),
        ]
        # rows are reused by position: calendars keep their events (UIDs)
        assert [k.uuid for k in step7.key_dates][:2] == kd_uuids
        assert step7.responsible_organisation.name == "مركز الشفافية الأردني"
        assert step7.done is False
        entry = _audit(s, "update")[-1]
        assert (entry.entity, entry.entity_id) == ("step", step_id)
        changed = json.loads(entry.details)["changed"]
        assert set(changed) == {"title", "end_date", "key_dates", "done", "responsible_organisation_id"}
        assert changed["end_date"] == ["2021-07-15", "2021-07-20"]
        # fewer key dates: the extra rows go
        steps.update_step(s, step7, key_dates=[])
        assert s.scalars(select(KeyDate).where(KeyDate.step_id == step_id)).all() == []
    rows = dbtools.sql(demo_db, "SELECT title, end_date FROM steps WHERE id = ?", (step_id,))
    assert [(t, str(d)) for t, d in rows] == [("دعوة المواطنين (معدلة)", "2021-07-20")]


def test_unchanged_values_write_no_audit_line(demo_db):
    with demo_db.session() as s:
        step2 = _steps(s, _plan5(s))[2]
        n = len(_audit(s))
        steps.update_step(s, step2, title=step2.title, start="2021-03-14", number=2)
        assert len(_audit(s)) == n


def test_update_phase(demo_db):
    with demo_db.session() as s:
        plan = _plan5(s)
        phase1 = _phases(plan)[1]
        with pytest.raises(ValidationError) as err:
            steps.update_phase(s, phase1, number=2)
        assert err.value.field == "number"
        with pytest.raises(ValidationError) as err:
            steps.update_phase(s, phase1, title="")
        assert err.value.field == "title"
        steps.update_phase(s, phase1.id, number=8, title="إعداد منهجية الخطة الوطنية")
        assert [p.number for p in plan.phases] == [2, 3, 4, 5, 6, 7, 8]
        assert json.loads(_audit(s, "update")[-1].details)["changed"]["number"] == [1, 8]


# --- moving, reordering, renumbering -------------------------------------------------------------


def test_move_without_index_keeps_the_number_then_renumber(demo_db, dbtools):
    with demo_db.session() as s:
        plan = _plan5(s)
        st, ph = _steps(s, plan), _phases(plan)
        titles = {n: x.title for n, x in st.items()}
        steps.move_step(s, st[4], ph[3])
        assert st[4].phase_id == ph[3].id and st[4].number == 4
        assert [x.number for x in ph[3].steps] == [4, 8, 9, 10]  # sorted by number
        changes = steps.renumber_steps(s, plan)
        # consecutive in phase order from the plan's first number (2, as in the report)
        layout = _layout(s, plan)
        assert [n for _, n, _ in layout] == list(range(2, 19))
        order = [2, 3, 5, 6, 7, 4, 8, 9, 10] + list(range(11, 19))
        assert [t for _, _, t in layout] == [titles[n] for n in order]
        assert changes[st[5].id] == (5, 4) and changes[st[4].id] == (4, 7)
        assert st[2].id not in changes
        entry = _audit(s, "renumber")[-1]
        assert entry.entity == "plan" and str(st[4].id) in json.loads(entry.details)["steps"]
        assert _audit(s, "move")[-1].entity_id == st[4].id
    got = dbtools.sql(demo_db, "SELECT number FROM steps ORDER BY number")
    assert [r[0] for r in got if r[0] >= 2] == list(range(2, 19))


def test_move_with_index_places_and_renumbers(demo_db):
    with demo_db.session() as s:
        plan = _plan5(s)
        st, ph = _steps(s, plan), _phases(plan)
        titles = {n: x.title for n, x in st.items()}
        steps.move_step(s, st[4].id, ph[3].id, index=3)  # last of 8, 9, 10
        layout = _layout(s, plan)
        order = [2, 3, 5, 6, 7, 8, 9, 10, 4] + list(range(11, 19))
        assert [t for _, _, t in layout] == [titles[n] for n in order]
        assert [n for _, n, _ in layout] == list(range(2, 19))
        assert [p for p, _, _ in layout][:9] == [1, 1, 1, 1, 2, 3, 3, 3, 3]
        # inside the same phase: a reorder by position
        steps.move_step(s, st[4], ph[3], index=0)
        assert [x.title for x in ph[3].steps] == [titles[4], titles[8], titles[9], titles[10]]
        assert [x.number for x in ph[3].steps] == [7, 8, 9, 10]


def test_move_refusals(demo_db):
    with demo_db.session() as s:
        plan5 = _plan5(s)
        other = plans.create_plan(s, ordinal=6, title="الخطة السادسة", first_year=2025, last_year=2027)
        foreign = plans.add_phase(s, other, number=1, title="مرحلة")
        step2 = _steps(s, plan5)[2]
        with pytest.raises(ValidationError) as err:
            steps.move_step(s, step2, foreign)
        assert err.value.field == "phase"
        with pytest.raises(ValidationError) as err:
            steps.move_step(s, step2, _phases(plan5)[2], index=-1)
        assert err.value.field == "index"
        assert step2.phase.number == 1


def test_reorder_steps_hands_the_phase_numbers_out_again(demo_db):
    with demo_db.session() as s:
        plan = _plan5(s)
        st, ph = _steps(s, plan), _phases(plan)
        titles = {n: x.title for n, x in st.items()}
        new = [st[6], st[2], st[3], st[5], st[4]]
        steps.reorder_steps(s, ph[1], [x.id for x in new])
        assert [x.title for x in ph[1].steps] == [titles[n] for n in (6, 2, 3, 5, 4)]
        assert [x.number for x in ph[1].steps] == [2, 3, 4, 5, 6]
        assert [x.number for x in ph[2].steps] == [7]  # other phases untouched
        assert _audit(s, "reorder")[-1].entity == "phase"
        for bad in ([st[2].id, st[3].id], [st[2].id] * 5, [x.id for x in new[:4]] + [st[7].id]):
            with pytest.raises(ValidationError) as err:
                steps.reorder_steps(s, ph[1], bad)
            assert err.value.field == "steps"


def test_reorder_phases_through_the_unique_numbers(demo_db):
    with demo_db.session() as s:
        plan = _plan5(s)
        ph = _phases(plan)
        order = [ph[2], ph[1]] + [ph[n] for n in range(3, 8)]
        steps.reorder_phases(s, plan, order)
        assert [p.title for p in plan.phases] == [p.title for p in order]
        assert [p.number for p in plan.phases] == list(range(1, 8))
        with pytest.raises(ValidationError) as err:
            steps.reorder_phases(s, plan, order[:3])
        assert err.value.field == "phases"
        # the step numbers did not move; renumbering is offered separately
        assert [x.number for x in plan.phases[0].steps] == [7]
        steps.renumber_steps(s, plan)
        assert [x.number for x in plan.phases[0].steps] == [2]
        assert [x.number for x in plan.phases[1].steps] == [3, 4, 5, 6, 7]


def test_renumber_from_a_given_number_and_when_nothing_changes(demo_db):
    with demo_db.session() as s:
        plan = _plan5(s)
        assert steps.renumber_steps(s, plan) == {}  # 2..18 in order already
        n = len(_audit(s))
        assert len(_audit(s)) == n
        changes = steps.renumber_steps(s, plan.id, start=1)
        assert len(changes) == 17
        assert [x.number for x in plans.steps_of(s, plan)] == list(range(1, 18))
        with pytest.raises(ValidationError) as err:
            steps.renumber_steps(s, plan, start=0)
        assert err.value.field == "start"


# --- deleting ----------------------------------------------------------------------------------


def test_delete_step_and_phase(demo_db, dbtools):
    with demo_db.session() as s:
        plan = _plan5(s)
        st, ph = _steps(s, plan), _phases(plan)
        step7_id = st[7].id
        with pytest.raises(ValidationError) as err:
            steps.delete_phase(s, ph[2])
        assert err.value.field == "steps" and "1" in str(err.value)
        steps.delete_step(s, step7_id)
        steps.delete_phase(s, ph[2])
        steps.delete_phase(s, ph[7], with_steps=True)
        assert [p.number for p in plan.phases] == [1, 3, 4, 5, 6]
        assert [e.entity for e in _audit(s, "delete")][-3:] == ["step", "phase", "phase"]
    assert dbtools.sql(demo_db, "SELECT count(*) FROM key_dates WHERE step_id = ?",
                       (step7_id,)) == [(0,)]
    assert dbtools.sql(demo_db, "SELECT count(*) FROM steps")[0][0] == 17 - 2


def test_demo_numbers_are_what_the_report_says():
    """The demo plan's steps run from 2 to 18 (the seed has no step 1): renumbering keeps 2."""
    plan = next(p for p in demo_data.PLANS if p["key"] == "plan5")
    numbers = [st["number"] for ph in plan["phases"] for st in ph["steps"]]
    assert numbers == list(range(2, 19))
