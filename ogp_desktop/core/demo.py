"""Load the demo records (typed in from the secretariat's documents, see demo_data.py).

Idempotent: every demo record has a fixed UUID or a unique name, so running `load-demo`
again adds only what is missing. The loader goes through the same services as the GUI and
the importer, so the demo also proves that the real records fit the model."""

from __future__ import annotations

import datetime as dt
import uuid as uuid_mod
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from ogp_desktop.core import demo_data as data
from ogp_desktop.core import exchange
from ogp_desktop.core.models import Meeting, Plan, SignatureMeaning
from ogp_desktop.core.services import committees, directory, plans, settings, signing

DEMO_NAMESPACE = uuid_mod.UUID("6f0d7c1e-3b7a-4c55-9a59-0a4f2b7e51d1")
AMMAN = dt.timezone(dt.timedelta(hours=3))

# Lifecycle states shown in the demo: two historic meetings signed, one approved, one draft.
_SIGNED = {
    "2019-09-30": dt.datetime(2019, 10, 2, 11, 0, tzinfo=AMMAN),
    "2021-02-09": dt.datetime(2021, 2, 11, 10, 0, tzinfo=AMMAN),
}
_APPROVED = {"2021-06-14"}


def demo_uuid(key: str) -> str:
    return str(uuid_mod.uuid5(DEMO_NAMESPACE, key))


def load_demo(session: Session) -> dict[str, int]:
    """Add the demo records that are not there yet; returns how many of each were added."""
    added: Counter[str] = Counter()
    orgs = {o["key"]: o["name"] for o in data.ORGANISATIONS}
    for o in data.ORGANISATIONS:
        if directory.find_organisation(session, o["name"]) is None:
            directory.organisation(session, o["name"], sector=o["sector"])
            added["organisations"] += 1
    people = {}
    for p in data.PEOPLE:
        if not directory.find_people(session, p["name"]):
            added["people"] += 1
        people[p["key"]] = directory.person(
            session, p["name"], organisation_name=orgs.get(p.get("organisation")),
            honorific=p.get("honorific"), position=p.get("position"),
            email=p.get("email"), phone=p.get("phone"),
        )

    plan_by_key: dict[str, Plan] = {}
    for p in data.PLANS:
        plan = session.scalar(select(Plan).where(Plan.ordinal == p["ordinal"]))
        if plan is None:
            plan = plans.create_plan(
                session, ordinal=p["ordinal"], title=p["title"], first_year=p["first_year"],
                last_year=p["last_year"], status=p["status"], description=p.get("description"),
                uuid=demo_uuid(p["key"]),
            )
            added["plans"] += 1
            for c in p.get("commitments", []):
                plans.add_commitment(
                    session, plan, number=c["number"], title=c["title"],
                    description=c.get("description"), lead=orgs.get(c.get("lead")),
                    others=[orgs[k] for k in c.get("others", [])], values=c.get("values", []),
                    completion=c.get("completion"), milestones=c.get("milestones", []),
                )
                added["commitments"] += 1
            for ph in p.get("phases", []):
                phase = plans.add_phase(session, plan, number=ph["number"], title=ph["title"])
                added["phases"] += 1
                for st in ph["steps"]:
                    plans.add_step(
                        session, phase, number=st["number"], title=st["title"],
                        details=st.get("details"), start=st.get("start"), end=st.get("end"),
                        key_dates=st.get("key_dates", []), done=st.get("done", False),
                        responsible=orgs.get(st.get("responsible")),
                    )
                    added["steps"] += 1
        plan_by_key[p["key"]] = plan

    for c in data.COMMITTEES:
        if committees.find_committee(session, c["name"]) is not None:
            continue
        plan_key = c.get("plan")
        plan = plan_by_key.get(plan_key) if plan_key is not None else None
        commitment = None
        if plan is not None and c.get("commitment") is not None:
            commitment = next(x for x in plan.commitments if x.number == c["commitment"])
        committee = committees.create_committee(
            session, name=c["name"], kind=c["kind"], plan=plan, commitment=commitment
        )
        for m in c.get("members", []):
            committees.add_member(session, committee, people[m["person"]], role=m["role"],
                                  from_date=m.get("from"), to_date=m.get("to"))
        added["committees"] += 1

    for obj in data.MEETINGS:
        key = demo_uuid(f"meeting:{obj['date']}:{obj['title']}")
        if session.scalar(select(Meeting.id).where(Meeting.uuid == key)) is not None:
            continue
        meeting = exchange.import_minutes(session, {**obj, "uuid": key})
        added["meetings"] += 1
        if obj["date"] in _SIGNED or obj["date"] in _APPROVED:
            signing.approve(session, meeting.id)
        if obj["date"] in _SIGNED:
            coordinator = people["may_olaimat"]
            signing.sign(
                session, meeting.id,
                [signing.Signatory(coordinator.name, coordinator.position or "منسقة الوحدة",
                                   SignatureMeaning.APPROVED)],
                at=_SIGNED[obj["date"]],
            )

    current = settings.get_letterhead(session)
    if not current.ministry and not current.unit:
        settings.set_letterhead(session, ministry=data.MOPIC, unit="وحدة الحكومة الشفافة")
    return dict(added)
