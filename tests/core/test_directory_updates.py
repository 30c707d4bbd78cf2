"""What the main window's forms call to change records: people and organisations, plans
and commitments, committees and their members. Each change validates first (the error
names the field and nothing is written), writes an audit line, and deletion is refused
while other records refer to the one being deleted."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from ogp_desktop.core import exchange
from ogp_desktop.core.errors import ValidationError
from ogp_desktop.core.models import (
    AuditEntry,
    Commitment,
    Committee,
    CommitteeMember,
    Completion,
    Milestone,
    OgpValue,
    Organisation,
    Person,
    Plan,
)
from ogp_desktop.core.services import committees, directory, plans


def _last_audit(db) -> AuditEntry:
    with db.session() as s:
        return s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()


def _refused(db, dbtools, call, field: str | None) -> ValidationError:
    """Run `call(session)`, expect a ValidationError naming `field`, and nothing written."""
    before = dbtools.dump(db)
    with pytest.raises(ValidationError) as err:
        with db.session() as s:
            call(s)
    assert err.value.field == field
    assert dbtools.dump(db) == before
    return err.value


# --- people ------------------------------------------------------------------------------


def test_add_person_with_every_field(db):
    with db.session() as s:
        p = directory.add_person(
            s, name="رنا الحايك", honorific="السيدة", position="مديرة", organisation_name="سجل الجمعيات",
            email="rana@example.jo", phone="+962 6 555 0101",
        )
        person_id = p.id
    with db.session() as s:
        rows = directory.list_people_rows(s)
        assert [(r.id, r.name, r.organisation, r.email) for r in rows] == [
            (person_id, "رنا الحايك", "سجل الجمعيات", "rana@example.jo")]
    entry = _last_audit(db)
    assert (entry.action, entry.entity, entry.entity_id) == ("create", "person", person_id)


@pytest.mark.parametrize("changes, field", [
    ({"email": "rana.example.jo"}, "email"),
    ({"email": "rana@example"}, "email"),
    ({"name": "   "}, "name"),
    ({"phone": "0" * 65}, "phone"),
    ({"honorific": "x" * 101}, "honorific"),
    ({"organisation_name": "سطر\nثان"}, "organization"),
])
def test_invalid_person_is_refused_naming_the_field(db, dbtools, changes, field):
    values = {"name": "رنا الحايك", "email": "rana@example.jo"} | changes
    _refused(db, dbtools, lambda s: directory.add_person(s, **values), field)


def test_same_name_in_the_same_organisation_is_refused_but_a_namesake_is_not(db, dbtools):
    with db.session() as s:
        directory.add_person(s, name="محمد أحمد", organisation_name="سجل الجمعيات")
    _refused(db, dbtools, lambda s: directory.add_person(
        s, name="محمد  أحمد", organisation_name="سجل الجمعيات"), "name")
    with db.session() as s:
        directory.add_person(s, name="محمد أحمد", organisation_name="ديوان المحاسبة")
        assert len(directory.find_people(s, "محمد أحمد")) == 2


def test_update_person_changes_the_fields_and_audits_what_changed(db):
    with db.session() as s:
        person_id = directory.add_person(s, name="رنا الحايك", email="rana@example.jo").id
    with db.session() as s:
        directory.update_person(s, person_id, name="رنا الحايك", position="مديرة",
                                organisation_name="ديوان المحاسبة", email="r@example.jo")
    with db.session() as s:
        p = s.get(Person, person_id)
        assert (p.position, p.organisation.name, p.email) == ("مديرة", "ديوان المحاسبة", "r@example.jo")
    entry = _last_audit(db)
    assert entry.action == "update" and entry.entity == "person"
    assert "email" in entry.details and "position" in entry.details and "name" not in entry.details


def test_update_person_with_an_invalid_email_writes_nothing(db, dbtools):
    with db.session() as s:
        person_id = directory.add_person(s, name="رنا الحايك").id
    _refused(db, dbtools, lambda s: directory.update_person(
        s, person_id, name="رنا الحايك", email="not an address"), "email")


def test_a_person_named_in_minutes_or_a_committee_is_kept(db, dbtools):
    with db.session() as s:
        exchange.import_minutes(s, {"format": "ogp-minutes/1", "title": "اجتماع", "date": "2021-06-14",
                                    "attendees": [{"name": "مي عليمات"}]})
        person_id = directory.find_people(s, "مي عليمات")[0].id
    err = _refused(db, dbtools, lambda s: directory.delete_person(s, person_id), None)
    assert err.params["minutes"] == 1
    with db.session() as s:
        free = directory.add_person(s, name="شخص بلا سجلات").id
    with db.session() as s:
        directory.delete_person(s, free)
    with db.session() as s:
        assert s.get(Person, free) is None
    assert _last_audit(db).action == "delete"


# --- organisations -------------------------------------------------------------------------


def test_add_update_and_delete_an_organisation(db, dbtools):
    with db.session() as s:
        org_id = directory.add_organisation(s, name="مركز الحياة", sector="civil_society").id
    _refused(db, dbtools, lambda s: directory.add_organisation(s, name="مركز  الحياة"), "name")
    _refused(db, dbtools, lambda s: directory.add_organisation(s, name="جهة", sector="church"), "sector")
    with db.session() as s:
        directory.update_organisation(s, org_id, name="مركز الحياة - راصد", sector="civil_society")
    with db.session() as s:
        assert s.get(Organisation, org_id).name == "مركز الحياة - راصد"
        assert [r.name for r in directory.list_organisation_rows(s)] == ["مركز الحياة - راصد"]
    with db.session() as s:
        directory.delete_organisation(s, org_id)
    with db.session() as s:
        assert s.get(Organisation, org_id) is None


def test_renaming_an_organisation_to_an_existing_name_is_refused(db, dbtools):
    with db.session() as s:
        directory.add_organisation(s, name="سجل الجمعيات")
        other = directory.add_organisation(s, name="ديوان المحاسبة").id
    _refused(db, dbtools, lambda s: directory.update_organisation(s, other, name="سجل الجمعيات"), "name")


def test_an_organisation_people_belong_to_is_kept(db, dbtools):
    with db.session() as s:
        directory.add_person(s, name="رنا الحايك", organisation_name="سجل الجمعيات")
        org_id = directory.find_organisation(s, "سجل الجمعيات").id
    _refused(db, dbtools, lambda s: directory.delete_organisation(s, org_id), None)


# --- plans and commitments ---------------------------------------------------------------


@pytest.fixture
def plan_id(db) -> int:
    with db.session() as s:
        plan = plans.create_plan(s, ordinal=5, title="الخطة الخامسة", first_year=2021, last_year=2025)
        plans.add_commitment(s, plan, number=1, title="الالتزام الأول", lead="سجل الجمعيات",
                             milestones=[{"title": "مرحلة", "start": "2021-01-01", "end": "2021-06-30"}])
        return plan.id


def test_update_plan(db, plan_id):
    with db.session() as s:
        plans.update_plan(s, plan_id, ordinal=5, title="الخطة الوطنية الخامسة", first_year=2021,
                          last_year=2024, status="implementation", description="وصف")
    with db.session() as s:
        plan = s.get(Plan, plan_id)
        assert (plan.title, plan.last_year, plan.status.value) == (
            "الخطة الوطنية الخامسة", 2024, "implementation")
    entry = _last_audit(db)
    assert (entry.action, entry.entity) == ("update", "plan")
    assert "ordinal" not in entry.details and "title" in entry.details


@pytest.mark.parametrize("changes, field", [
    ({"last_year": 2020}, "last_year"),
    ({"first_year": 1500}, "first_year"),
    ({"title": ""}, "title"),
    ({"ordinal": 0}, "ordinal"),
    ({"status": "dreaming"}, "status"),
])
def test_invalid_plan_update_names_the_field_and_writes_nothing(db, dbtools, plan_id, changes, field):
    values = {"ordinal": 5, "title": "الخطة", "first_year": 2021, "last_year": 2025,
              "status": "preparation"} | changes
    _refused(db, dbtools, lambda s: plans.update_plan(s, plan_id, **values), field)


def test_plan_number_taken_by_another_plan_is_refused(db, dbtools, plan_id):
    with db.session() as s:
        plans.create_plan(s, ordinal=4, title="الخطة الرابعة", first_year=2018, last_year=2020)
    _refused(db, dbtools, lambda s: plans.update_plan(
        s, plan_id, ordinal=4, title="الخطة", first_year=2021, last_year=2025,
        status="preparation"), "ordinal")


def test_only_an_empty_plan_is_deleted(db, dbtools, plan_id):
    _refused(db, dbtools, lambda s: plans.delete_plan(s, plan_id), None)
    with db.session() as s:
        empty = plans.create_plan(s, ordinal=9, title="خطة بالخطأ", first_year=2030, last_year=2031).id
    with db.session() as s:
        plans.delete_plan(s, empty)
    with db.session() as s:
        assert s.get(Plan, empty) is None


def test_update_commitment_replaces_every_field_and_keeps_milestone_ids(db, plan_id):
    with db.session() as s:
        c = s.scalars(select(Commitment)).one()
        commitment_id, milestone_id = c.id, c.milestones[0].id
    with db.session() as s:
        plans.update_commitment(
            s, commitment_id, number=2, title="الالتزام المعدل", description="وصف",
            lead="ديوان المحاسبة", others=["سجل الجمعيات", "مركز الحياة"],
            values=["access_to_information", "civic_participation"], completion="limited",
            milestones=[
                {"title": "مرحلة أولى", "start": dt.date(2021, 2, 1), "end": dt.date(2021, 3, 1)},
                {"title": "مرحلة ثانية", "deliverable": "تقرير"},
            ],
        )
    with db.session() as s:
        c = s.get(Commitment, commitment_id)
        assert (c.number, c.title, c.lead_organisation.name, c.completion) == (
            2, "الالتزام المعدل", "ديوان المحاسبة", Completion.LIMITED)
        assert sorted(o.name for o in c.partners) == ["سجل الجمعيات", "مركز الحياة"]
        assert c.values == [OgpValue.ACCESS_TO_INFORMATION, OgpValue.CIVIC_PARTICIPATION]
        assert [(m.position, m.title, m.deliverable) for m in c.milestones] == [
            (1, "مرحلة أولى", None), (2, "مرحلة ثانية", "تقرير")]
        assert c.milestones[0].id == milestone_id
    with db.session() as s:
        plans.update_commitment(s, commitment_id, number=2, title="الالتزام المعدل", milestones=[])
    with db.session() as s:
        assert s.scalar(select(func.count(Milestone.id))) == 0
        assert s.get(Commitment, commitment_id).partners == []


@pytest.mark.parametrize("changes, field", [
    ({"title": " "}, "title"),
    ({"number": 0}, "number"),
    ({"values": ["transparency"]}, "values"),
    ({"completion": "half"}, "completion"),
    ({"milestones": [{"title": "م", "start": "2021-05-01", "end": "2021-04-01"}]}, "milestone end"),
    ({"milestones": [{"title": ""}]}, "milestone"),
    ({"milestones": [{"title": "م", "start": "1/5/2021"}]}, "milestone start"),
])
def test_invalid_commitment_update_names_the_field(db, dbtools, plan_id, changes, field):
    with db.session() as s:
        commitment_id = s.scalars(select(Commitment)).one().id
    values = {"number": 1, "title": "الالتزام"} | changes
    _refused(db, dbtools, lambda s: plans.update_commitment(s, commitment_id, **values), field)


def test_commitment_number_taken_in_the_plan_is_refused(db, dbtools, plan_id):
    with db.session() as s:
        plan = s.get(Plan, plan_id)
        second = plans.add_commitment(s, plan, number=2, title="الالتزام الثاني").id
    _refused(db, dbtools, lambda s: plans.update_commitment(s, second, number=1, title="x"), "number")


def test_a_commitment_with_meetings_is_kept_and_one_without_is_deleted(db, dbtools, plan_id):
    with db.session() as s:
        exchange.import_minutes(s, {"format": "ogp-minutes/1", "title": "اجتماع", "date": "2021-06-14",
                                    "plan": "الخطة الخامسة", "commitment": "الالتزام الأول"})
        used = s.scalars(select(Commitment).where(Commitment.number == 1)).one().id
        free = plans.add_commitment(s, s.get(Plan, plan_id), number=3, title="الالتزام الثالث").id
    _refused(db, dbtools, lambda s: plans.delete_commitment(s, used), None)
    with db.session() as s:
        plans.delete_commitment(s, free)
    with db.session() as s:
        assert s.get(Commitment, free) is None
        assert [c.number for c in s.get(Plan, plan_id).commitments] == [1]
    assert (_last_audit(db).action, _last_audit(db).entity) == ("delete", "commitment")


# --- committees -----------------------------------------------------------------------------


@pytest.fixture
def committee_id(db, plan_id) -> int:
    with db.session() as s:
        c = committees.create_committee(s, name="لجنة الالتزام الأول", kind="implementation_committee")
        return c.id


def test_update_committee_and_refuse_a_commitment_of_another_plan(db, dbtools, plan_id, committee_id):
    with db.session() as s:
        plan = s.get(Plan, plan_id)
        commitment = plan.commitments[0]
        committees.update_committee(s, committee_id, name="لجنة تنفيذ الالتزام الأول",
                                    kind="task_force", plan=plan, commitment=commitment)
    with db.session() as s:
        c = s.get(Committee, committee_id)
        assert (c.name, c.kind.value, c.plan_id) == ("لجنة تنفيذ الالتزام الأول", "task_force", plan_id)
        other = plans.create_plan(s, ordinal=4, title="الرابعة", first_year=2018, last_year=2020).id

    def wrong_plan(s):
        committees.update_committee(s, committee_id, name="لجنة", kind="other",
                                    plan=s.get(Plan, other), commitment=s.scalars(select(Commitment)).first())

    _refused(db, dbtools, wrong_plan, "commitment")
    with db.session() as s:
        committees.create_committee(s, name="مجموعة العمل")
    _refused(db, dbtools, lambda s: committees.update_committee(
        s, committee_id, name="مجموعة  العمل", kind="other"), "committee")


def test_members_are_added_changed_and_removed(db, dbtools, committee_id):
    with db.session() as s:
        person = directory.add_person(s, name="مي عليمات")
        member_id = committees.add_member(s, s.get(Committee, committee_id), person, role="chair",
                                          from_date="2021-01-01").id
    _refused(db, dbtools, lambda s: committees.update_member(
        s, member_id, role="chair", from_date="2021-01-01", to_date="2020-01-01"), "to")
    with db.session() as s:
        committees.update_member(s, member_id, role="member", from_date="2021-01-01",
                                 to_date="2021-12-31")
    with db.session() as s:
        m = s.get(CommitteeMember, member_id)
        assert (m.role.value, m.to_date) == ("member", dt.date(2021, 12, 31))
    with db.session() as s:
        committees.remove_member(s, member_id)
    with db.session() as s:
        assert s.get(CommitteeMember, member_id) is None
        assert s.get(Person, person.id) is not None  # the person stays in the directory
    entry = _last_audit(db)
    assert (entry.action, entry.entity, entry.entity_id) == ("delete", "committee_member", member_id)


def test_a_committee_with_meetings_is_kept(db, dbtools, committee_id):
    with db.session() as s:
        exchange.import_minutes(s, {"format": "ogp-minutes/1", "title": "اجتماع", "date": "2021-06-14",
                                    "committee": "لجنة الالتزام الأول"})
    _refused(db, dbtools, lambda s: committees.delete_committee(s, committee_id), None)
    with db.session() as s:
        free = committees.create_committee(s, name="لجنة مؤقتة").id
    with db.session() as s:
        committees.delete_committee(s, free)
    with db.session() as s:
        assert s.get(Committee, free) is None


def test_renaming_people_and_committees_of_signed_minutes_keeps_them_intact(demo_db):
    from ogp_desktop.core.integrity import check_database
    from ogp_desktop.core.models import Attendance, Meeting, MinutesStatus
    from ogp_desktop.core.services.documents import minutes_document

    with demo_db.session() as s:
        signed = s.scalars(select(Meeting).where(Meeting.status == MinutesStatus.SIGNED)).first()
        attendee = s.scalars(select(Attendance).where(Attendance.meeting_id == signed.id)).first()
        person_id, old_name, meeting_id = attendee.person_id, attendee.person.name, signed.id
        committee_id = signed.committee_id
    with demo_db.session() as s:
        directory.update_person(s, person_id, name=old_name + " (معدل)")
        c = s.get(Committee, committee_id)
        committees.update_committee(s, committee_id, name=c.name + " (معدل)", kind=c.kind,
                                    plan=c.plan, commitment=c.commitment)
    report = check_database(demo_db)
    assert report.ok, report.problems
    with demo_db.session() as s:  # the printout keeps the names as signed
        doc = minutes_document(s, meeting_id)
        assert old_name in [p["name"] for p in doc["attendees"] + doc["apologies"]]
        assert "(معدل)" not in doc["committee"]
