#!/usr/bin/env python3
"""Make a ten-year OGP Desktop database for the benchmark.

    python bench/make_ten_year_db.py OUT.sqlite [--seed N] [--meetings 2000]

What it holds (defaults): the demo records (through the same services as `load-demo`), a
3rd plan beside the demo's 4th and 5th, about 400 organisations, 3,000 people, 60
committees with their members, 2,000 meetings from 2016 to 2025 with 8–15 attendance rows,
3–10 discussion points and 3–10 outputs each (Arabic with some English words, dates and
numbers), 20,000 action items, photos on 5% of the meetings, 10% of the meetings signed
(approve + sign through `services.signing`, so snapshots and fingerprints exist), a few
approved and a few amended ones, and the audit lines the services would have written.

How: the schema comes from the migrations (`open_database`). Plans, commitments, photos
and the lifecycle go through the services; the bulk (people, committees, meetings and
their rows) is inserted through the ORM models in batches of a few hundred meetings per
commit, with the values `save_minutes` would write (name_key from services.common, positions
1..n in the order discussion → outputs → notes and present → apologised → absent, a UUID
per record, owner_person set when the owner is a person's name, an audit line per
created record). The same seed gives the same generated records and UUIDs; the demo
records and the rows of photos, signatures and amendments get theirs from the services."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import struct
import sys
import time
import uuid as uuid_mod
import zlib
from collections import Counter, defaultdict
from pathlib import Path
from random import Random

from sqlalchemy import func, select, text

from ogp_desktop.core import demo, exchange
from ogp_desktop.core.db import Database, open_database
from ogp_desktop.core.models import (
    ActionItem,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    AuditEntry,
    Committee,
    CommitteeKind,
    CommitteeMember,
    ItemKind,
    Meeting,
    MeetingMode,
    MemberRole,
    MinuteItem,
    MinutesStatus,
    OgpValue,
    Organisation,
    Person,
    Plan,
    Sector,
)
from ogp_desktop.core.services import meetings as meetings_svc
from ogp_desktop.core.services import plans as plans_svc
from ogp_desktop.core.services import signing
from ogp_desktop.core.services.common import name_key, os_user

FIRST_DAY = dt.date(2016, 1, 3)
LAST_DAY = dt.date(2025, 12, 30)
BATCH_MEETINGS = 250

# --- vocabulary --------------------------------------------------------------------------

MALE = ("محمد أحمد علي عمر خالد يوسف إبراهيم سامي رامي باسل زيد فادي ماهر نذير عواد محمود "
        "سهيب حسام طارق مراد أيمن هاني وليد عماد بلال أنس معاذ قيس مالك جمال نبيل عدنان "
        "غسان ناصر رائد صالح فراس حمزة ليث").split()
FEMALE = ("مي الاء دانه آيات ختام لمى ندى هيلدا ديما غدير رنا سلمى هبة رزان نور سارة ريم "
          "لينا دعاء منى سناء عبير أسيل تسنيم بشرى رهف ميس شيرين روان إيمان هالة نسرين "
          "وفاء جمانة").split()
FAMILY = ("عليمات الخضير مرعي الخطيب الشنيكات الحايك العدوس قطيشات خاطر عجيلات القريوتي "
          "الربابعة جويحان العواملة اسكندراني الزعبي العمري المومني الخصاونة البطاينة "
          "الطراونة المجالي الحديد الفايز العبادي النسور الروسان الشوبكي القضاة الرفاعي "
          "بني هاني العتوم الجراح السعايدة الحوراني الكركي الطويسي الحباشنة الزيود "
          "العزام الشرع الدباس حداد نصار خوري قعوار الحمود السرحان الخلايلة العجلوني "
          "الصمادي الشديفات المساعيد الحمايدة الدعجة الكساسبة الهنداوي التل الناصر "
          "اللوزي الفاعوري البشير الشريف الأيوبي الصرايرة الرواشدة العقيلي المحيسن "
          "الظاهر الغزو العساف السقا الجعبري القواسمي النابلسي الشامي الحسيني عبيدات "
          "ملكاوي الشياب القرعان الرشدان الحراحشة الخزاعلة بدارين عوض ياسين جابر "
          "عيسى موسى سليمان داود حمدان شاهين منصور عودة سمارة قاسم رحال").split()
GOVERNORATES = ("عمان إربد الزرقاء البلقاء المفرق جرش عجلون مادبا الكرك الطفيلة معان "
                "العقبة").split()
MINISTRY_TOPICS = (
    "التخطيط والتعاون الدولي", "الاقتصاد الرقمي والريادة", "المالية", "الصحة", "التربية والتعليم",
    "التعليم العالي والبحث العلمي", "العدل", "الداخلية", "الشؤون السياسية والبرلمانية",
    "التنمية الاجتماعية", "العمل", "البيئة", "المياه والري", "الزراعة", "الطاقة والثروة المعدنية",
    "الإدارة المحلية", "الشباب", "الثقافة", "السياحة والآثار", "النقل", "الأشغال العامة والإسكان",
    "الصناعة والتجارة والتموين", "الاستثمار", "الأوقاف والشؤون والمقدسات الإسلامية",
    "تطوير القطاع العام",
)
AGENCIES = (
    "دائرة الموازنة العامة", "ديوان المحاسبة", "هيئة النزاهة ومكافحة الفساد",
    "دائرة الإحصاءات العامة", "سجل الجمعيات", "دائرة مراقبة الشركات", "هيئة الإعلام",
    "المجلس الاقتصادي والاجتماعي", "دائرة المكتبة الوطنية", "ديوان الخدمة المدنية",
    "هيئة تنظيم قطاع الاتصالات", "المركز الوطني لحقوق الإنسان", "الهيئة المستقلة للانتخاب",
    "دائرة ضريبة الدخل والمبيعات", "دائرة الأراضي والمساحة", "مؤسسة الضمان الاجتماعي",
    "المؤسسة العامة للغذاء والدواء", "سلطة منطقة العقبة الاقتصادية الخاصة",
    "ديوان التشريع والرأي", "رئاسة الوزراء", "وحدة حقوق الانسان – رئاسة الوزراء",
)
DIRECTORATES = ("مديرية التنمية الاجتماعية", "مديرية التربية والتعليم", "مديرية الصحة",
                "مديرية الزراعة", "مديرية العمل", "مجلس المحافظة", "بلدية")
CSO_KINDS = ("جمعية", "مركز", "مؤسسة", "شبكة", "منتدى", "ملتقى", "تحالف", "مبادرة")
CSO_SUBJECTS = (
    "الشفافية", "تمكين المرأة", "حقوق الإنسان", "الشباب والتنمية", "التنمية المستدامة",
    "الحوكمة الرشيدة", "المساءلة المجتمعية", "الإعلام المستقل", "حماية البيئة",
    "الأشخاص ذوي الإعاقة", "العدالة الاجتماعية", "التوعية الصحية", "المشاركة المدنية",
    "دعم الديمقراطية", "الحق في الحصول على المعلومات", "النزاهة", "المواطنة الفاعلة",
    "التعليم للجميع", "الريادة المجتمعية", "الحوار الوطني", "المساعدة القانونية",
    "النزاهة المالية", "البيانات المفتوحة", "التطوع",
)
DONORS = (
    "الوكالة الأمريكية للتنمية الدولية (USAID)", "الاتحاد الأوروبي", "الوكالة الألمانية للتعاون الدولي (GIZ)",
    "البنك الدولي", "وزارة الخارجية البريطانية (FCDO)", "السفارة الهولندية", "السفارة الكندية",
    "الوكالة السويدية للتنمية الدولية (Sida)", "الوكالة اليابانية للتعاون الدولي (JICA)",
    "مؤسسة المجتمع المفتوح", "الصندوق الوطني للديمقراطية (NED)", "الوكالة الفرنسية للتنمية (AFD)",
)
INTERNATIONAL = (
    "منظمة التعاون الاقتصادي والتنمية (OECD)", "برنامج الأمم المتحدة الإنمائي (UNDP)",
    "منظمة اليونسكو", "هيئة الأمم المتحدة للمرأة (UN Women)", "منظمة الشفافية الدولية",
    "Open Government Partnership Support Unit", "آلية التقييم المستقل (IRM)",
    "منظمة العمل الدولية (ILO)", "منظمة الأمم المتحدة للطفولة (UNICEF)",
)
UNIVERSITIES = ("الجامعة الأردنية", "جامعة اليرموك", "جامعة العلوم والتكنولوجيا الأردنية",
                "الجامعة الهاشمية", "جامعة مؤتة", "جامعة آل البيت", "جامعة البلقاء التطبيقية",
                "جامعة الحسين بن طلال", "جامعة الطفيلة التقنية", "الجامعة الألمانية الأردنية",
                "جامعة الأميرة سمية للتكنولوجيا", "جامعة فيلادلفيا")
ACADEMIC_CENTRES = ("مركز الدراسات الاستراتيجية", "كلية الحقوق", "كلية الإعلام",
                    "قسم الإدارة العامة", "مركز دراسات المرأة")
PRIVATE = ("شركة الحلول الرقمية", "شركة البيانات الذكية", "شركة تطوير البرمجيات",
           "غرفة تجارة", "غرفة صناعة", "شركة الاستشارات الإدارية", "جمعية رجال الأعمال",
           "شركة الاتصالات", "شركة التدقيق والاستشارات")
POSITIONS = ("مدير", "مدير مديرية", "رئيس قسم", "ضابط ارتباط", "منسق مشاريع", "باحث", "مستشار",
             "أمين عام", "مساعد الأمين العام", "رئيس جمعية", "مدير تنفيذي", "أستاذ مشارك",
             "مسؤول برامج", "محلل سياسات", "منسق وحدة")
COMMITMENT_SUBJECTS = (
    "تعزيز الحق في الحصول على المعلومات", "نشر بيانات الموازنة العامة بصيغة مفتوحة",
    "تطوير الإطار التشريعي لمؤسسات المجتمع المدني", "إشراك المواطنين في إعداد الموازنات المحلية",
    "تطوير منظومة الشكاوى الحكومية الإلكترونية (بخدمتكم)", "تعزيز النزاهة في المشتريات الحكومية",
    "نشر بيانات العقود الحكومية وفق معيار OCDS", "تمكين المرأة من المشاركة في الحياة العامة",
    "إطلاق بوابة البيانات المفتوحة الوطنية", "تعزيز الرقابة على الخدمات الصحية",
    "تحسين الوصول إلى العدالة والمساعدة القانونية", "الشفافية في قطاع الاستخراج والطاقة",
    "إشراك الشباب في صنع السياسات", "نشر تقارير ديوان المحاسبة", "تعزيز المساءلة في البلديات",
    "تطوير الخدمات الحكومية الرقمية", "حماية المبلغين عن الفساد", "التشاور العام على مشاريع القوانين",
    "الشفافية في ملكية الشركات (Beneficial Ownership)", "تعزيز حرية الإعلام",
    "نشر بيانات التعليم المدرسي", "المشاركة المجتمعية في التخطيط المحلي",
)
TOPICS = (
    "الاستبيان", "خطة العمل", "التقرير الذاتي", "تقرير IRM", "مؤشرات الأداء", "الموازنة",
    "المشاورات العامة", "الإطار الزمني", "بناء القدرات", "ورشة العمل", "التقييم النصفي",
    "البيانات المفتوحة", "حملة التوعية", "المسودة النهائية", "متابعة التوصيات", "التقرير السنوي",
    "جلسات التحقق", "منصة التشاور الإلكترونية", "الشراكة مع المانحين", "آلية المتابعة والتقييم",
)
VERBS = ("مناقشة", "مراجعة", "عرض", "الاتفاق على", "متابعة", "اعتماد", "تحديث", "تقييم",
         "استعراض", "تحديد", "إعداد", "تنسيق", "التأكيد على", "دراسة")
OBJECTS = (
    "مستجدات تنفيذ الالتزام", "نتائج الاستبيان الإلكتروني", "مسودة التقرير الذاتي",
    "آلية جمع البيانات من الجهات الشريكة", "الجدول الزمني للأنشطة", "منهجية التشاور مع المجتمع المدني",
    "توصيات آلية التقييم المستقل (IRM)", "مؤشرات قياس الأداء", "خطة الاتصال والتوعية",
    "متطلبات نشر البيانات بصيغة مفتوحة (Open Data)", "دور ضباط الارتباط في الوزارات",
    "الميزانية المقترحة للأنشطة", "نتائج ورشة العمل", "مخرجات جلسات التحقق (verification session)",
    "قائمة الجهات المدعوة", "نموذج التقرير الربعي", "المقترحات الواردة من المحافظات",
    "التحديات التي تواجه التنفيذ", "التعديلات على الإطار التشريعي", "آلية تلقي الملاحظات",
)
QUALIFIERS = (
    "بالتنسيق مع وحدة الحكومة الشفافة", "بمشاركة مؤسسات المجتمع المدني", "خلال الربع القادم",
    "قبل نهاية الشهر الحالي", "وفق المنهجية المعتمدة", "مع مراعاة التنوع بالمشاركين",
    "بحضور ممثلين عن المانحين", "عبر منصة ZOOM", "وإرسالها عبر البريد الإلكتروني (email)",
    "على أن يتم رفع التوصيات للجنة التوجيهية", "مع التركيز على المحافظات الأقل حظاً",
    "ضمن الموارد المتوفرة", "وإطلاعه للعامة على الموقع الإلكتروني", "حسب الاحتياج",
)
ACTION_VERBS = ("ارسال", "إعداد", "تعميم", "تحديث", "نشر", "تنظيم", "متابعة", "مخاطبة", "جمع",
                "تحليل", "ترجمة", "رفع")
ACTION_OBJECTS = (
    "مسودة الاستبيان للفريق لابداء الملاحظات عليها", "الدعوات (الكتب الرسمية) للوزارات المختصة",
    "التقرير الربعي عن سير العمل", "محضر الاجتماع للأعضاء", "البيانات على بوابة البيانات المفتوحة",
    "ورشة عمل للجهات الشريكة", "ردود الجهات الحكومية على التوصيات", "قائمة المؤشرات النهائية",
    "ملخص تنفيذي باللغة الإنجليزية (executive summary)", "نتائج المشاورات إلى اللجنة التوجيهية",
    "الملاحظات على مسودة الخطة", "جدول زمني محدث للأنشطة",
)
EN_SENTENCES = (
    "Review of the implementation status of the commitment",
    "Discussion of the IRM recommendations and the next steps",
    "Agreement on the timeline for the public consultation",
    "Presentation of the draft self-assessment report",
    "The donors confirmed their support for the capacity-building workshop",
    "Follow-up on the open data portal and the datasets to be published",
)
PLACES = ("وزارة التخطيط والتعاون الدولي – قاعة الاجتماعات", "فندق جنيف – عمان",
          "رئاسة الوزراء – قاعة الاجتماعات", "مركز الشفافية الأردني", "فندق الرويال – عمان",
          "مبنى المحافظة – {gov}", "الجامعة الأردنية – كلية الحقوق", "بلدية {gov} الكبرى")
PLATFORMS = ("ZOOM", "Microsoft Teams", "Google Meet", "Webex")


def _ordinal_word(n: int) -> str:
    table = {1: "الأول", 2: "الثاني", 3: "الثالث", 4: "الرابع", 5: "الخامس", 6: "السادس",
             7: "السابع", 8: "الثامن", 9: "التاسع", 10: "العاشر", 11: "الحادي عشر",
             12: "الثاني عشر", 13: "الثالث عشر", 14: "الرابع عشر", 15: "الخامس عشر"}
    return table.get(n, f"رقم {n}")


# --- small helpers -----------------------------------------------------------------------


def seeded_uuid(rng: Random) -> str:
    return str(uuid_mod.UUID(int=rng.getrandbits(128), version=4))


def png_bytes(rng: Random, width: int = 48, height: int = 36) -> bytes:
    """A small valid PNG of random colours (incompressible, so its size is honest)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + rng.randbytes(width * 3) for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def workday(rng: Random, start: dt.date, end: dt.date) -> dt.date:
    """A random Sunday–Thursday (the Jordanian working week) in [start, end]."""
    span = (end - start).days
    while True:
        day = start + dt.timedelta(days=rng.randint(0, span))
        if day.weekday() not in (4, 5):  # Friday, Saturday
            return day


def arabic_date(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def sentence(rng: Random, day: dt.date, *, long: bool = False) -> str:
    """A discussion point or output, Arabic with the odd English word, date and number."""
    parts = [rng.choice(VERBS), rng.choice(OBJECTS)]
    if rng.random() < 0.7:
        parts.append(rng.choice(QUALIFIERS))
    r = rng.random()
    if r < 0.25:
        later = day + dt.timedelta(days=rng.randint(3, 60))
        parts.append(f"في موعد أقصاه {arabic_date(later)}")
    elif r < 0.4:
        parts.append(f"بمشاركة {rng.randint(5, 60)} مشاركاً")
    elif r < 0.5:
        parts.append(f"ونسبة إنجاز {rng.randint(10, 95)}%")
    text_ = " ".join(parts) + "."
    if long or rng.random() < 0.25:
        text_ += " " + rng.choice(VERBS) + " " + rng.choice(OBJECTS) + " " + rng.choice(QUALIFIERS) + "."
    if rng.random() < 0.08:  # a multi-line item with sub-bullets, as the seeds write them
        subs = [f"· {rng.choice(ACTION_OBJECTS)}" for _ in range(rng.randint(2, 4))]
        text_ = "\n".join([text_.rstrip(".") + ":", *subs])
    return text_


def english_sentence(rng: Random, day: dt.date) -> str:
    s = rng.choice(EN_SENTENCES)
    if rng.random() < 0.4:
        s += f" by {(day + dt.timedelta(days=rng.randint(5, 45))).isoformat()}"
    return s + "."


def action_text(rng: Random, day: dt.date) -> str:
    t = f"{rng.choice(ACTION_VERBS)} {rng.choice(ACTION_OBJECTS)}"
    if rng.random() < 0.3:
        t += f" {rng.choice(QUALIFIERS)}"
    if rng.random() < 0.2:
        t += f" ({arabic_date(day + dt.timedelta(days=rng.randint(5, 40)))})"
    return t


# --- the directory -----------------------------------------------------------------------


def organisation_names(rng: Random, n: int, taken: set[str]) -> list[tuple[str, Sector]]:
    """About n unique organisation names with their sectors."""
    pools: list[tuple[Sector, list[str]]] = []
    gov = [f"وزارة {t}" for t in MINISTRY_TOPICS] + list(AGENCIES)
    gov += [f"{d} – {g}" for d in DIRECTORATES for g in GOVERNORATES]
    cso = [f"{k} {s}" for k in CSO_KINDS for s in CSO_SUBJECTS]
    cso += [f"جمعية {s} – {g}" for s in CSO_SUBJECTS[:8] for g in GOVERNORATES]
    academic = list(UNIVERSITIES) + [f"{c} – {u}" for c in ACADEMIC_CENTRES for u in UNIVERSITIES[:5]]
    private = [f"{p} – {g}" if p.startswith("غرفة") else f"{p} {i}"
               for p in PRIVATE for i, g in enumerate(GOVERNORATES[:4], 1)]
    pools = [
        (Sector.GOVERNMENT, gov), (Sector.CIVIL_SOCIETY, cso), (Sector.DONOR, list(DONORS)),
        (Sector.PRIVATE, private), (Sector.ACADEMIC, academic),
        (Sector.INTERNATIONAL, list(INTERNATIONAL)),
    ]
    shares = {Sector.GOVERNMENT: 0.42, Sector.CIVIL_SOCIETY: 0.38, Sector.DONOR: 0.03,
              Sector.PRIVATE: 0.07, Sector.ACADEMIC: 0.07, Sector.INTERNATIONAL: 0.03}
    out: list[tuple[str, Sector]] = []
    for sector, names in pools:
        rng.shuffle(names)
        want = round(n * shares[sector])
        for name in names:
            if want <= 0:
                break
            if name_key(name) in taken:
                continue
            taken.add(name_key(name))
            out.append((name, sector))
            want -= 1
    leftovers = [(name, sector) for sector, names in pools[:2] for name in names
                 if name_key(name) not in taken]
    rng.shuffle(leftovers)
    for name, sector in leftovers[: max(0, n - len(out))]:  # a short pool is topped up here
        taken.add(name_key(name))
        out.append((name, sector))
    return out


def person_names(rng: Random, n: int, taken: set[str]) -> list[tuple[str, bool]]:
    """n unique "first family" names; (name, is_female)."""
    out: list[tuple[str, bool]] = []
    while len(out) < n:
        female = rng.random() < 0.45
        first = rng.choice(FEMALE if female else MALE)
        name = f"{first} {rng.choice(FAMILY)}"
        if rng.random() < 0.35:  # a father's name in the middle, as many people write it
            name = f"{first} {rng.choice(MALE)} {rng.choice(FAMILY)}"
        key = name_key(name)
        if key in taken:
            continue
        taken.add(key)
        out.append((name, female))
    return out


# --- the generator -----------------------------------------------------------------------


class Generator:
    def __init__(self, db: Database, seed: int, meetings: int, people: int, organisations: int,
                 committees: int, log=print) -> None:
        self.db = db
        self.rng = Random(seed)
        self.n_meetings = meetings
        self.n_people = people
        self.n_orgs = organisations
        self.n_committees = committees
        self.log = log
        self.user = os_user()
        self.plans: dict[int, Plan] = {}
        self.plan_window: dict[int, tuple[dt.date, dt.date]] = {}
        self.orgs: list[tuple[int, str, Sector | None]] = []  # id, name, sector
        self.people: list[tuple[int, str, int | None]] = []  # id, name, organisation id
        self.person_by_key: dict[str, int] = {}
        self.committees: list[dict] = []
        self.audit_rows: list[dict] = []

    # audit lines as the services write them (one per created record)
    def _audit(self, action: str, entity: str, obj, at: dt.datetime, details: str | None) -> None:
        self.audit_rows.append(dict(at=at, os_user=self.user, action=action, entity=entity,
                                    entity_id=obj.id, entity_uuid=obj.uuid, details=details))

    def _flush_audit(self, session) -> None:
        if self.audit_rows:
            from ogp_desktop.core.register import chain_audit_rows

            session.execute(AuditEntry.__table__.insert(), chain_audit_rows(session, self.audit_rows))
            self.audit_rows = []

    def run(self) -> None:
        t = time.perf_counter()
        with self.db.session() as s:
            demo.load_demo(s)
        self.log(f"  demo records loaded          {time.perf_counter() - t:6.2f} s")
        t = time.perf_counter()
        self.make_plans()
        self.make_directory()
        self.make_committees()
        self.log(f"  plans, directory, committees {time.perf_counter() - t:6.2f} s")
        t = time.perf_counter()
        self.make_meetings()
        self.log(f"  meetings (bulk, ORM)         {time.perf_counter() - t:6.2f} s")
        t = time.perf_counter()
        self.lifecycle()
        self.log(f"  photos, approve/sign/amend   {time.perf_counter() - t:6.2f} s")
        t = time.perf_counter()
        self.self_check()
        self.log(f"  self-check                   {time.perf_counter() - t:6.2f} s")

    # plans: the demo's 4th and 5th, plus a 3rd; commitments for the 3rd and 5th
    def make_plans(self) -> None:
        rng = self.rng
        with self.db.session() as s:
            existing = {p.ordinal: p for p in plans_svc.list_plans(s)}
            if 3 not in existing:
                existing[3] = plans_svc.create_plan(
                    s, ordinal=3, title="الخطة الوطنية الثالثة لشراكة الحكومات الشفافة",
                    first_year=2016, last_year=2018, status="completed",
                    description="الخطة الوطنية الثالثة 2016-2018 (بيانات مولدة للقياس).",
                )
            lead_pool = [f"وزارة {t}" for t in MINISTRY_TOPICS[:12]] + list(AGENCIES[:8])
            for ordinal, count in ((3, 14), (5, 12)):
                plan = existing[ordinal]
                have = {c.number for c in plan.commitments}
                subjects = rng.sample(COMMITMENT_SUBJECTS, count)
                for number in range(1, count + 1):
                    if number in have:
                        continue
                    plans_svc.add_commitment(
                        s, plan, number=number, title=subjects[number - 1],
                        lead=rng.choice(lead_pool),
                        values=rng.sample([v.value for v in OgpValue], rng.randint(1, 3)),
                        completion=rng.choice(["limited", "substantial", "complete", "not_started"]),
                    )
            self.plans = {o: p for o, p in existing.items() if o in (3, 4, 5)}
            self.commitments = {
                o: [(c.id, c.number, c.title) for c in p.commitments] for o, p in self.plans.items()
            }
            self.plan_ids = {o: p.id for o, p in self.plans.items()}
            self.plan_titles = {o: p.title for o, p in self.plans.items()}
        # when each plan's committees meet (a plan's preparation and its committees'
        # follow-up overlap the neighbouring plans a little)
        self.plan_window = {
            3: (FIRST_DAY, dt.date(2018, 8, 31)),
            4: (dt.date(2018, 6, 1), dt.date(2021, 8, 31)),
            5: (dt.date(2021, 3, 1), LAST_DAY),
        }

    def make_directory(self) -> None:
        rng = self.rng
        created = dt.datetime(2016, 1, 3, 9, 0)
        with self.db.session() as s:
            existing_orgs = list(s.execute(select(Organisation.id, Organisation.name,
                                                  Organisation.sector, Organisation.name_key)))
            taken = {r.name_key for r in existing_orgs}
            new_orgs = []
            for name, sector in organisation_names(rng, self.n_orgs - len(existing_orgs), taken):
                o = Organisation(uuid=seeded_uuid(rng), name=name, name_key=name_key(name),
                                 sector=sector, created_at=created, updated_at=created)
                new_orgs.append(o)
            s.add_all(new_orgs)
            s.flush()
            for o in new_orgs:
                self._audit("create", "organisation", o, created,
                            json.dumps({"name": o.name}, ensure_ascii=False))
            self.orgs = [(r.id, r.name, r.sector) for r in existing_orgs] + [
                (o.id, o.name, o.sector) for o in new_orgs]

            existing_people = list(s.execute(select(Person.id, Person.name, Person.organisation_id,
                                                    Person.name_key)))
            ptaken = {r.name_key for r in existing_people}
            # government bodies send more people than others
            weights = [5 if sec == Sector.GOVERNMENT else 3 if sec == Sector.CIVIL_SOCIETY else 1
                       for _, _, sec in self.orgs]
            new_people = []
            for i, (name, female) in enumerate(
                    person_names(rng, self.n_people - len(existing_people), ptaken)):
                org_id = rng.choices(self.orgs, weights)[0][0] if rng.random() < 0.97 else None
                honorific = None
                if rng.random() < 0.3:
                    honorific = rng.choice(("السيدة", "الدكتورة", "المهندسة") if female
                                           else ("السيد", "الدكتور", "المهندس", "عطوفة"))
                p = Person(
                    uuid=seeded_uuid(rng), name=name, name_key=name_key(name),
                    honorific=honorific,
                    position=rng.choice(POSITIONS) if rng.random() < 0.5 else None,
                    organisation_id=org_id,
                    email=f"person{i + 1}@example.jo" if rng.random() < 0.6 else None,
                    phone=(f"+962 7{rng.choice('789')} {rng.randint(100, 999)} "
                           f"{rng.randint(1000, 9999)}") if rng.random() < 0.4 else None,
                    created_at=created, updated_at=created,
                )
                new_people.append(p)
            s.add_all(new_people)
            s.flush()
            for p in new_people:
                self._audit("create", "person", p, created, json.dumps({"name": p.name}, ensure_ascii=False))
            self._flush_audit(s)
            self.people = [(r.id, r.name, r.organisation_id) for r in existing_people] + [
                (p.id, p.name, p.organisation_id) for p in new_people]
            self.person_by_key = {name_key(n): i for i, n, _ in self.people}
            self.secretariat = [pid for pid, _, org in self.people
                                if org is not None and "الحكومة الشفافة" in
                                dict((o[0], o[1]) for o in self.orgs).get(org, "")]
            self.org_name = {oid: name for oid, name, _ in self.orgs}

    def make_committees(self) -> None:
        rng = self.rng
        with self.db.session() as s:
            existing = list(s.scalars(select(Committee)))
            taken = {c.name_key for c in existing}
            new: list[Committee] = []

            def add(name: str, kind: CommitteeKind, ordinal: int | None, commitment_id: int | None) -> None:
                if name_key(name) in taken or len(existing) + len(new) >= self.n_committees:
                    return
                taken.add(name_key(name))
                plan_id = self.plan_ids[ordinal] if ordinal else None
                first = self.plan_window[ordinal or 5][0] if ordinal else FIRST_DAY
                at = dt.datetime.combine(first, dt.time(9, 0))
                new.append(Committee(uuid=seeded_uuid(rng), name=name, name_key=name_key(name),
                                     kind=kind, plan_id=plan_id, commitment_id=commitment_id,
                                     created_at=at, updated_at=at))

            plan_word = {3: "الثالثة", 4: "الرابعة", 5: "الخامسة"}
            for ordinal in (3, 4, 5):
                pw = plan_word[ordinal]
                for cid, number, _title in self.commitments[ordinal]:
                    add(f"لجنة تنفيذ الالتزام {_ordinal_word(number)} – الخطة الوطنية {pw}",
                        CommitteeKind.IMPLEMENTATION_COMMITTEE, ordinal, cid)
                add(f"مجموعة العمل الوطنية للخطة الوطنية {pw}",
                    CommitteeKind.NATIONAL_WORKING_GROUP, ordinal, None)
                add(f"المنتدى متعدد الأطراف – الخطة الوطنية {pw}",
                    CommitteeKind.MULTI_STAKEHOLDER_FORUM, ordinal, None)
            tf_subjects = list(TOPICS)
            rng.shuffle(tf_subjects)
            i = 0
            while len(existing) + len(new) < self.n_committees:
                ordinal = (3, 4, 5, 5, None)[i % 5]
                subject = tf_subjects[(i + i // len(tf_subjects)) % len(tf_subjects)]
                if ordinal is None:
                    add(f"اللجنة التوجيهية للحكومة الشفافة – {subject}", CommitteeKind.OTHER, None, None)
                else:
                    add(f"فريق مهام {subject} – الخطة الوطنية {plan_word[ordinal]}",
                        CommitteeKind.TASK_FORCE, ordinal, None)
                i += 1
                if i > 500:  # pragma: no cover
                    break
            s.add_all(new)
            s.flush()
            for c in new:
                self._audit("create", "committee", c, c.created_at,
                            json.dumps({"name": c.name}, ensure_ascii=False))

            # members: a chair, a rapporteur, a secretariat seat, 5–17 members
            members: list[CommitteeMember] = []
            ordinal_of = {pid: o for o, pid in self.plan_ids.items()}
            all_committees = existing + new
            existing_members = defaultdict(list)
            for m in s.scalars(select(CommitteeMember)):
                existing_members[m.committee_id].append(m.person_id)
            for c in new:
                ordinal = ordinal_of.get(c.plan_id)
                start = self.plan_window[ordinal][0] if ordinal else FIRST_DAY
                chosen = rng.sample(self.people, rng.randint(8, 20))
                for k, (pid, _, _) in enumerate(chosen):
                    role = (MemberRole.CHAIR if k == 0 else MemberRole.RAPPORTEUR if k == 1
                            else MemberRole.MEMBER)
                    to = None
                    if rng.random() < 0.15:
                        to = start + dt.timedelta(days=rng.randint(200, 1200))
                    members.append(CommitteeMember(
                        uuid=seeded_uuid(rng), committee_id=c.id, person_id=pid, role=role,
                        from_date=start, to_date=to, created_at=c.created_at,
                        updated_at=c.created_at))
                if self.secretariat:
                    members.append(CommitteeMember(
                        uuid=seeded_uuid(rng), committee_id=c.id,
                        person_id=rng.choice(self.secretariat), role=MemberRole.SECRETARIAT,
                        from_date=start, created_at=c.created_at, updated_at=c.created_at))
            s.add_all(members)
            s.flush()
            for m in members:
                self._audit("create", "committee_member", m, m.created_at,
                            json.dumps({"committee": m.committee_id, "person": m.person_id,
                                        "role": m.role.value}))
            self._flush_audit(s)
            for m in members:
                existing_members[m.committee_id].append(m.person_id)

            for c in all_committees:
                ordinal = ordinal_of.get(c.plan_id)
                weight = {CommitteeKind.NATIONAL_WORKING_GROUP: 3.0,
                          CommitteeKind.MULTI_STAKEHOLDER_FORUM: 1.5,
                          CommitteeKind.IMPLEMENTATION_COMMITTEE: 1.0,
                          CommitteeKind.TASK_FORCE: 0.7, CommitteeKind.OTHER: 0.8}[c.kind]
                if ordinal:
                    lo, hi = self.plan_window[ordinal]
                    weight *= (hi - lo).days / 1000
                else:
                    lo, hi = FIRST_DAY, LAST_DAY
                    weight *= 2
                self.committees.append(dict(
                    id=c.id, name=c.name, kind=c.kind, plan=ordinal, plan_id=c.plan_id,
                    commitment_id=c.commitment_id, window=(lo, hi), weight=weight,
                    members=existing_members[c.id] or [p[0] for p in rng.sample(self.people, 10)],
                    next_seq=(s.scalar(select(func.max(Meeting.sequence))
                                       .where(Meeting.committee_id == c.id)) or 0) + 1,
                ))

    def make_meetings(self) -> None:
        rng = self.rng
        with self.db.session() as s:
            have = s.scalar(select(func.count(Meeting.id))) or 0
        n = max(0, self.n_meetings - have)
        # choose each meeting's committee and date first, then number per committee by date
        plan_for = []
        weights = [c["weight"] for c in self.committees]
        for _ in range(n):
            c = rng.choices(self.committees, weights)[0]
            plan_for.append((workday(rng, *c["window"]), c))
        plan_for.sort(key=lambda x: x[0])
        person_name = {pid: name for pid, name, _ in self.people}
        person_org = {pid: org for pid, _, org in self.people}
        all_ids = [p[0] for p in self.people]
        reference_day = LAST_DAY - dt.timedelta(days=60)

        for start in range(0, n, BATCH_MEETINGS):
            batch = plan_for[start:start + BATCH_MEETINGS]
            with self.db.session() as s:
                new_meetings = []
                for day, c in batch:
                    new_meetings.append(self._meeting(rng, day, c, person_name, person_org,
                                                      all_ids, reference_day))
                s.add_all(new_meetings)
                s.flush()
                for m in new_meetings:
                    self._audit("create", "meeting", m, m.created_at,
                                json.dumps({"title": m.title}, ensure_ascii=False))
                self._flush_audit(s)

    def _meeting(self, rng: Random, day: dt.date, c: dict, person_name: dict, person_org: dict,
                 all_ids: list[int], reference_day: dt.date) -> Meeting:
        seq = c["next_seq"]
        c["next_seq"] += 1
        english = rng.random() < 0.03
        topic = rng.choice(TOPICS)
        if english:
            title = f"Minutes of meeting {seq} – {topic} – {c['name'][:40]}"
        elif rng.random() < 0.5:
            title = f"محضر الاجتماع {_ordinal_word(seq) if seq <= 15 else seq} – {c['name']}"
        else:
            title = f"محضر اجتماع {c['name']} حول {topic}"
        covid = day >= dt.date(2020, 3, 15)
        r = rng.random()
        if not covid:
            mode = MeetingMode.IN_PERSON if r < 0.93 else MeetingMode.ONLINE
        else:
            mode = (MeetingMode.ONLINE if r < 0.45 else MeetingMode.HYBRID if r < 0.65
                    else MeetingMode.IN_PERSON)
        if mode == MeetingMode.ONLINE:
            location = rng.choice(PLATFORMS)
        else:
            location = rng.choice(PLACES).format(gov=rng.choice(GOVERNORATES))
            if mode == MeetingMode.HYBRID:
                location += f" + {rng.choice(PLATFORMS)}"
        start_t = dt.time(rng.randint(9, 13), rng.choice((0, 30)))
        end_t = (dt.datetime.combine(day, start_t)
                 + dt.timedelta(minutes=rng.choice((60, 90, 120, 150, 180)))).time()
        created = dt.datetime.combine(day + dt.timedelta(days=rng.randint(0, 4)), dt.time(14, 0))
        m = Meeting(
            uuid=seeded_uuid(rng), committee_id=c["id"], plan_id=c["plan_id"],
            commitment_id=c["commitment_id"], sequence=seq, title=title,
            language="en" if english else "ar", date=day, start_time=start_t, end_time=end_t,
            mode=mode, location=location,
            objective=(english_sentence(rng, day) if english else
                       f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} و{rng.choice(TOPICS)}"),
            other_participants=rng.randint(1, 40) if rng.random() < 0.15 else None,
            next_meeting=(day + dt.timedelta(days=rng.choice((14, 21, 28, 35, 42, 60)))
                          if rng.random() < 0.5 else None),
            status=MinutesStatus.DRAFT, version=1, created_at=created, updated_at=created,
        )
        say = (lambda: english_sentence(rng, day)) if english else (lambda: sentence(rng, day))
        texts = ([(ItemKind.DISCUSSION, say()) for _ in range(rng.randint(3, 10))]
                 + [(ItemKind.OUTPUT, say()) for _ in range(rng.randint(3, 10))]
                 + ([(ItemKind.NOTE, say()) for _ in range(rng.randint(1, 3))]
                    if rng.random() < 0.3 else []))
        m.items = [MinuteItem(uuid=seeded_uuid(rng), kind=k, position=pos, text=t,
                              created_at=created, updated_at=created)
                   for pos, (k, t) in enumerate(texts, 1)]

        # attendance: mostly members, some guests; present, then apologised, then absent
        k = rng.randint(8, 15)
        pool = list(dict.fromkeys(c["members"]))
        rng.shuffle(pool)
        chosen = pool[: max(0, k - rng.randint(0, 4))]
        while len(chosen) < k:
            pid = rng.choice(all_ids)
            if pid not in chosen:
                chosen.append(pid)
        groups = {AttendanceStatus.PRESENT: [], AttendanceStatus.APOLOGISED: [],
                  AttendanceStatus.ABSENT: []}
        for pid in chosen:
            r = rng.random()
            st = (AttendanceStatus.PRESENT if r < 0.85 else AttendanceStatus.APOLOGISED
                  if r < 0.97 else AttendanceStatus.ABSENT)
            groups[st].append(pid)
        rows = []
        for st in (AttendanceStatus.PRESENT, AttendanceStatus.APOLOGISED, AttendanceStatus.ABSENT):
            for pid in groups[st]:
                org = person_org[pid]
                if rng.random() < 0.08:  # came for another body this time
                    org = rng.choice(self.orgs)[0]
                rows.append((st, pid, org))
        m.attendance = [Attendance(uuid=seeded_uuid(rng), position=pos, person_id=pid,
                                   organisation_id=org, status=st, created_at=created,
                                   updated_at=created)
                        for pos, (st, pid, org) in enumerate(rows, 1)]

        # action items: owner a person present (owner_person set, as save_minutes does by
        # name), an organisation, or nobody
        present = groups[AttendanceStatus.PRESENT] or chosen
        actions = []
        for pos in range(1, rng.randint(4, 16) + 1):
            r = rng.random()
            owner, owner_pid = None, None
            if r < 0.5:
                owner_pid = rng.choice(present)
                owner = person_name[owner_pid]
                owner_pid = self.person_by_key.get(name_key(owner), owner_pid)
            elif r < 0.75:
                owner = self.org_name.get(person_org[rng.choice(present)]) or rng.choice(self.orgs)[1]
            due = day + dt.timedelta(days=rng.randint(7, 90)) if rng.random() < 0.85 else None
            if (due or day) < reference_day:
                r = rng.random()
                status = (ActionStatus.DONE if r < 0.8 else ActionStatus.CANCELLED if r < 0.88
                          else ActionStatus.OPEN)
            else:
                status = ActionStatus.OPEN if rng.random() < 0.85 else ActionStatus.DONE
            actions.append(ActionItem(
                uuid=seeded_uuid(rng), position=pos,
                text=(english_sentence(rng, day) if english else action_text(rng, day)),
                owner=owner, owner_person_id=owner_pid, due_date=due, status=status,
                created_at=created, updated_at=created))
        m.action_items = actions
        return m

    def lifecycle(self) -> None:
        """Photos on 5%, signed 10%, approved 3%, amended 0.5%: through the services."""
        rng = self.rng
        with self.db.session() as s:
            ids = list(s.scalars(select(Meeting.id).where(Meeting.status == MinutesStatus.DRAFT)
                                 .where(Meeting.date < LAST_DAY - dt.timedelta(days=30))
                                 .order_by(Meeting.id)))
            total = s.scalar(select(func.count(Meeting.id)))
        n_photo = min(len(ids), round(total * 0.05))
        n_sign = max(0, min(len(ids), round(total * 0.10) - 2))  # the demo has signed two
        n_approve = max(0, min(len(ids) - n_sign, round(total * 0.03)))
        photo_ids = rng.sample(ids, n_photo)
        rest = rng.sample(ids, n_sign + n_approve)
        sign_ids, approve_ids = sorted(rest[:n_sign]), sorted(rest[n_sign:])
        self.counts_lifecycle = Counter()

        for chunk in range(0, len(photo_ids), 50):
            with self.db.session() as s:
                for mid in photo_ids[chunk:chunk + 50]:
                    for k in range(rng.randint(1, 3)):
                        meetings_svc.add_attachment(
                            s, mid, name=f"photo-{mid}-{k + 1}.png",
                            data=png_bytes(rng, rng.choice((32, 48, 64)), rng.choice((24, 36, 48))),
                            caption=rng.choice(("صورة جماعية للمشاركين", "جانب من الاجتماع",
                                                "Workshop session", None)))
                        self.counts_lifecycle["photos"] += 1

        signer_pool = [p for p in self.people[:400]]
        stamp = png_bytes(rng, 40, 16)
        for chunk in range(0, len(sign_ids), 50):
            with self.db.session() as s:
                for mid in sign_ids[chunk:chunk + 50]:
                    signing.approve(s, mid)
                    day = s.get(Meeting, mid).date
                    at = dt.datetime.combine(day + dt.timedelta(days=rng.randint(1, 14)),
                                             dt.time(11, 0), tzinfo=dt.timezone(dt.timedelta(hours=3)))
                    who = rng.sample(signer_pool, rng.randint(1, 2))
                    sigs = [signing.Signatory(name=who[0][1], role="مقرر اللجنة", meaning="prepared",
                                              image=stamp if rng.random() < 0.3 else None)]
                    if len(who) > 1:
                        sigs.append(signing.Signatory(name=who[1][1], role="رئيس اللجنة",
                                                      meaning="approved"))
                    signing.sign(s, mid, sigs, at=at)
                    self.counts_lifecycle["signed"] += 1
                s.expunge_all()
        with self.db.session() as s:
            for mid in approve_ids:
                signing.approve(s, mid)
                self.counts_lifecycle["approved"] += 1
        with self.db.session() as s:
            for mid in rng.sample(sign_ids, min(len(sign_ids), max(1, round(total * 0.005)))):
                signing.amend(s, mid)
                self.counts_lifecycle["amendments"] += 1

    def self_check(self) -> None:
        """Rows must read back as the services would: a sample exports and re-validates."""
        with self.db.session() as s:
            ids = list(s.scalars(select(Meeting.id).order_by(Meeting.id)))
            for mid in self.rng.sample(ids, min(25, len(ids))):
                exchange.parse_minutes(exchange.export_minutes(s, mid))
                s.expunge_all()
        with self.db.engine.connect() as conn:
            problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise SystemExit(f"foreign_key_check found {len(problems)} broken references: "
                                 f"{problems[:3]}")


TABLES = ("organisations", "people", "plans", "commitments", "committees", "committee_members",
          "meetings", "minute_items", "action_items", "attendance", "attachments", "signatures",
          "audit_log")


def row_counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES}
        counts["meetings signed"] = conn.execute(
            text("SELECT count(*) FROM meetings WHERE status='signed'")).scalar()
        counts["meetings approved"] = conn.execute(
            text("SELECT count(*) FROM meetings WHERE status='approved'")).scalar()
        counts["meetings amended"] = conn.execute(
            text("SELECT count(*) FROM meetings WHERE amends_id IS NOT NULL")).scalar()
        counts["meetings with photos"] = conn.execute(
            text("SELECT count(DISTINCT meeting_id) FROM attachments")).scalar()
        first, last = conn.execute(text("SELECT min(date), max(date) FROM meetings")).one()
        counts["first meeting"], counts["last meeting"] = first, last
    return counts


def make_ten_year_db(out: Path | str, *, seed: int = 2016, meetings: int = 2000, people: int = 3000,
                     organisations: int = 400, committees: int = 60, log=print) -> dict:
    """Create the database at `out` (which must not exist); returns the row counts."""
    out = Path(out)
    if out.exists():
        raise SystemExit(f"{out} exists already; give a new file name")
    t0 = time.perf_counter()
    db = open_database(out, create=True)
    try:
        Generator(db, seed, meetings, people, organisations, committees, log=log).run()
        with db.engine.connect() as conn:  # fold the WAL into the file: one file to copy
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = row_counts(db)
    finally:
        db.close()
    counts["seconds"] = round(time.perf_counter() - t0, 2)
    counts["file MB"] = round(out.stat().st_size / 1e6, 1)
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="the new database file (must not exist)")
    ap.add_argument("--seed", type=int, default=2016)
    ap.add_argument("--meetings", type=int, default=2000)
    ap.add_argument("--people", type=int, default=3000)
    args = ap.parse_args(argv)
    print(f"making {args.out} (seed {args.seed})")
    counts = make_ten_year_db(args.out, seed=args.seed, meetings=args.meetings, people=args.people)
    print(f"done in {counts.pop('seconds')} s, {counts.pop('file MB')} MB")
    for k, v in counts.items():
        print(f"  {k:22} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
