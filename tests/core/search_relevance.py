"""A relevance set for the search (issue 13, item 8): small records written the many ways
the unit's people spell the same words, each query with every record it must find — and,
since the judgments are complete for this corpus, every other record it finds is a false
hit (precision). Used by tests/core/test_search_relevance.py and bench/bench_search.py."""

from __future__ import annotations

import datetime as dt

# label → the text of one discussion point (each a record of its own)
POINTS = {
    "q1": "مناقشة آلية بناء ونشر الاستبيان الذي يستهدف مؤسسات المجتمع المدني",
    "q2": "ارسال مسودة الاستبيان للفريق والاتفاق على مواعيد اطلاقه",
    "q3": "عرض نتائج الاستبيانات الإلكترونية على اللجنة",
    "q4": "التواصل بالاستبيان مع الوزارات المعنية",
    "q5": "إعداد إستبيان قصير للمحافظات",
    "c1": "مراجعة مستجدات تنفيذ الالتزام الأول والخطوات القادمة",
    "c2": "تطوير الالتزامات النهائية من خلال مجموعة العمل الوطنية",
    "c3": "التزامات الوزارات في الخطة الخامسة",
    "c4": "المتابعة الدورية للالتزام الرابع",
    "x1": "اعتزام الوزارة عقد ورشة في الربيع",
    "l1": "تشكيل اللجنة التوجيهية للحكومة الشفافة",
    "l2": "اجتماع لجنه المتابعة الشهري",
    "l3": "تقديم التقرير للجنة الفنية",
    "o1": "التنسيق مع المؤسسات الأهلية",
    "o2": "دعوة مؤسسة ولي العهد للمشاركة",
    "o3": "مشاركة موسسات القطاع الخاص",
    "r1": "كلمة رئيس الوزراء في افتتاح المنتدى",
    "r2": "انتخاب رئيسة الفريق",
    "h1": "زيارة المستشفى الميداني",
    "h2": "إعداد دليل المستشفي الجامعي",
    "k1": "نشر كِتَابٌ رسمي إلى الوزارات",
    "k2": "الكتاب الرسمي الموجه للمحافظين",
    "z1": "عقد الاجتماع عن بعد عبر منصة ZOOM",
    "z2": "تسجيل جلسة Zoom ونشرها",
    "z3": "الاجتماع عبر Microsoft Teams",
    "t1": "شـــراكة الحكومات الشفافة ودورها",
    "t2": "الشراكة مع القطاع الخاص",
    "d1": "مواعيد الاستبيان من ٢٠/٦/٢٠٢١ إلى ٥/٧/٢٠٢١",
    "d2": "اطلاق الخطة في 2021",
    "s1": "تعزيز الشفافية في الموازنة العامة",
    "s2": "قانون حق الحصول على المعلومات والشفافية",
    "s3": "مبادئ شفافية الإنفاق",
    "m1": "دور المجتمع المدني في الرقابة",
    "m2": "منظمات المجتمع والعمل المدني",
    "b1": "نشر البيانات المفتوحة على البوابة",
    "b2": "بيانات مفتوحة للموازنة",
    "g1": "مبادرة Open Government Partnership",
    "g2": "OPEN GOVERNMENT والشفافية",
    "f1": "ارسال الملاحظات خلال أسبوع",
    "f2": "تزويد الفريق بالملاحظات المكتوبة",
    "f3": "ملاحظة حول الإطار الزمني",
    "e1": "مراجعة الإطار الزمني للخطة",
    "e2": "اطار العمل الوطني",
}
# people (attendees of the first meeting), label → (name, organisation)
PEOPLE = {
    "p1": ("مي عليمات", "وزارة التخطيط والتعاون الدولي"),
    "p2": ("أحمد إبراهيم", "سجل الجمعيات"),
    "p3": ("احمد الخطيب", "دائرة مراقبة الشركات"),
    "p4": ("آمال يوسف", "مركز الشفافية الأردني"),
    "p5": ("امال سالم", "وزارة التخطيط والتعاون الدولي"),
}

# query → the labels it must find (complete for this corpus: anything else is a false hit)
QUERIES: dict[str, set[str]] = {
    "استبيان": {"q1", "q2", "q3", "q4", "q5", "d1"},
    "الاستبيان": {"q1", "q2", "q3", "q4", "q5", "d1"},
    "إستبيان": {"q1", "q2", "q3", "q4", "q5", "d1"},
    "والاستبيان": {"q1", "q2", "q3", "q4", "q5", "d1"},
    "التزام": {"c1", "c2", "c3", "c4"},
    "الالتزامات": {"c1", "c2", "c3", "c4"},
    "لجنة": {"l1", "l2", "l3", "q3"},
    "اللجنه": {"l1", "l2", "l3", "q3"},
    "مؤسسات": {"o1", "o2", "o3", "q1"},
    "المؤسسه": {"o1", "o2", "o3", "q1"},
    "رئيس": {"r1", "r2"},
    "مستشفى": {"h1", "h2"},
    "المستشفي": {"h1", "h2"},
    "كِتَاب": {"k1", "k2"},
    "الكتاب الرسمي": {"k1", "k2"},
    "zoom": {"z1", "z2"},
    "ZOOM": {"z1", "z2"},
    "teams": {"z3"},
    "شراكة": {"t1", "t2"},
    "٢٠٢١": {"d1", "d2"},
    "2021": {"d1", "d2"},
    "الشفافية": {"s1", "s2", "s3", "g2", "l1", "t1", "p4"},
    "شفافيه": {"s1", "s2", "s3", "g2", "l1", "t1", "p4"},
    "المجتمع المدني": {"m1", "m2", "q1"},
    "البيانات المفتوحة": {"b1", "b2"},
    "open government": {"g1", "g2"},
    "ملاحظات": {"f1", "f2", "f3"},  # the plural finds the singular, as التزام finds الالتزامات
    "الاطار الزمني": {"e1", "f3"},
    "إطار": {"e1", "e2", "f3"},
    "مي عليمات": {"p1"},
    "احمد": {"p2", "p3"},
    "أحمد إبراهيم": {"p2"},
    "امال": {"p4", "p5"},
    "آمال": {"p4", "p5"},
    "سجل الجمعيات": {"p2"},
    "وزارة التخطيط": {"p1", "p5"},
}


def load(session) -> dict[str, tuple[str, int]]:
    """The corpus written through the services; label → (kind, record id) of its document."""
    from ogp_desktop.core.models import Attendance, MinuteItem, Person
    from ogp_desktop.core.services import meetings
    from ogp_desktop.core.services.meetings import MinutesData, Participant

    labels = list(POINTS)
    first = MinutesData(
        title="اجتماع تجريبي أول", date=dt.date(2024, 3, 4),
        attendees=[Participant(n, o) for n, o in PEOPLE.values()],
        discussion=[POINTS[k] for k in labels[:20]])
    second = MinutesData(title="اجتماع تجريبي ثان", date=dt.date(2024, 4, 8),
                         discussion=[POINTS[k] for k in labels[20:]])
    found: dict[str, tuple[str, int]] = {}
    for data in (first, second):
        meeting = meetings.save_minutes(session, data)
        session.flush()
        for item in session.query(MinuteItem).filter(MinuteItem.meeting_id == meeting.id):
            label = next(k for k, v in POINTS.items() if v == item.text)
            found[label] = ("discussion", item.id)
    for label, (name, _org) in PEOPLE.items():
        person = session.query(Person).filter(Person.name == name).one()
        attendance = session.query(Attendance).filter(Attendance.person_id == person.id).one()
        found[label] = ("attendee", attendance.id)
        found[label + ":person"] = ("person", person.id)
    return found


def judged(found: dict[str, tuple[str, int]], labels: set[str]) -> set[tuple[str, int]]:
    """The documents a query must find: its labels' records (a person found as attendee
    or in the directory counts once either way: both are the person)."""
    return {found[label] for label in labels}


def score(session, search, found) -> dict[str, tuple[float, float, set, set]]:
    """query → (recall, precision, missed, false hits) on the corpus."""
    people = {found[k + ":person"]: found[k] for k in PEOPLE}
    results = {}
    for query, labels in QUERIES.items():
        must = judged(found, labels)
        got = set()
        for hit in search(session, query, limit=200):
            key = (hit.kind, hit.id)
            key = people.get(key, key)  # the person's own record: the same person
            if hit.kind in ("meeting", "organisation"):
                continue  # the test meetings' headings and the directory's organisations
            got.add(key)
        hits = got & must
        recall = len(hits) / len(must)
        precision = len(hits) / len(got) if got else 1.0
        results[query] = (recall, precision, must - got, got - must)
    return results
