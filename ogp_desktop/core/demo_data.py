"""Demo data: the real records of Jordan's OGP secretariat, typed in as data.

Source
------
Everything here is transcribed by hand from the five seed documents kept by the
Open Government Unit (وحدة الحكومة الشفافة) at the Ministry of Planning and
International Cooperation (وزارة التخطيط والتعاون الدولي), /work/shared/seeds/:

* 000 - minutes of the implementation committee of commitment 1, 4th national
  plan, 14/6/2021.
* 001 - minutes of the 2nd meeting of the national working group for the 5th
  plan, 28/7/2021, on ZOOM.
* 002 - progress report on preparing the 5th national action plan 2021-2025
  (7 phases, steps numbered 2..18, dates, what was done, upcoming activities).
* 003 - report of the first meeting between stakeholders and the liaison
  officers of the 4th plan (2018-2020), 30/9/2019, Geneva hotel, Amman.
* 004 - minutes of the implementation committee of commitment 4, 4th national
  plan, Tuesday 9/2/2021.

Nothing is parsed at run time.  Arabic text is kept as the seeds write it
(same words, same spelling, the seeds' own slips included: "التميل", "في جال",
"غي ذلك", "الاييميل", "بروشوات", ...).  Only Word artefacts were dropped:
"[bookmark: ...]" markers, "[footnoteRef:N]" markers (the footnote texts are
the meeting's ``notes``, in footnote order: notes[0] is footnote 1, ...), and
the "·" glyph that starts a top-level list item (each item is its own string).
Inside a multi-line item, sub-items keep their "1." numbering or "·" bullet.
Items a seed writes over several lines are one string joined with "\\n".

Dates are ISO "YYYY-MM-DD" strings, times "HH:MM" (24h).  Where a value is an
inference rather than a transcription, a comment says so.
"""

from __future__ import annotations

from typing import Any

# ---------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------
# Seeds write the unit as "وحدة الحكومة الشفافة/ وزارة التخطيط والتعاون الدولي";
# it is one organisation named "<unit> – <ministry>".  The same pattern is used
# for the human-rights unit of the Prime Ministry (004: "وحدة حقوق الانسان في
# رئاسة الوزراء").
OGP_UNIT = "وحدة الحكومة الشفافة – وزارة التخطيط والتعاون الدولي"
MOPIC = "وزارة التخطيط والتعاون الدولي"

ORGANISATIONS: list[dict[str, Any]] = [
    {"key": "mopic", "name": MOPIC, "sector": "government"},
    {"key": "ogp_unit", "name": OGP_UNIT, "sector": "government"},
    # Registry of Societies (000, 001).
    {"key": "registry_of_societies", "name": "سجل الجمعيات", "sector": "government"},
    # Companies Control Department (000, 001).
    {"key": "ccd", "name": "دائرة مراقبة الشركات", "sector": "government"},
    # 001 writes "وزارة الاقتصاد الرقمي"; 003 gives the full name
    # "وزارة الاقتصاد الرقمي والريادة".  Kept as 001 writes it (attendee match).
    {"key": "modee", "name": "وزارة الاقتصاد الرقمي", "sector": "government"},
    {"key": "jtc", "name": "مركز الشفافية الأردني", "sector": "civil_society"},
    # Jordan Economic Forum: one of the four non-government seats of the 5th
    # plan's working group (002 step 8: 4 CSO + 4 government members), hence
    # civil_society.  Spelling "الاردني" (no hamza) as in 001.
    {"key": "jef", "name": "المنتدى الاقتصادي الاردني", "sector": "civil_society"},
    {"key": "agents_of_change", "name": "مركز وسطاء التغيير للتنمية المستدامة", "sector": "civil_society"},
    {"key": "rhas", "name": "الجمعية الملكية للتوعية الصحية", "sector": "civil_society"},
    # Prime Ministry (004).
    {"key": "pmo", "name": "رئاسة الوزراء", "sector": "government"},
    {"key": "pmo_hr_unit", "name": "وحدة حقوق الانسان – رئاسة الوزراء", "sector": "government"},
    # 004: "مؤسسة محامون بلا حدود".
    {"key": "lawyers_without_borders", "name": "محامون بلا حدود", "sector": "civil_society"},
]

# ---------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------
# Names without honorifics; "السيد"/"السيدة" only where a seed writes one
# (003, 004).  Positions only where a seed states one.  ``organisation`` is the
# person's usual organisation; attendance records carry the organisation as
# written at each meeting (e.g. مي عليمات attends 004 for the ministry).
PEOPLE: list[dict[str, Any]] = [
    {"key": "may_olaimat", "name": "مي عليمات", "honorific": "السيدة",
     "position": "منسقة وحدة الحكومة الشفافة",  # 003
     "organisation": "ogp_unit", "email": None, "phone": None},
    {"key": "alaa_khudair", "name": "الاء الخضير", "honorific": None, "position": None,
     "organisation": "ogp_unit", "email": None, "phone": None},
    {"key": "dana_marei", "name": "دانه مرعي", "honorific": None, "position": None,
     "organisation": "ogp_unit", "email": None, "phone": None},
    {"key": "ayat_khatib", "name": "آيات الخطيب", "honorific": None, "position": None,
     "organisation": "ogp_unit", "email": None, "phone": None},
    {"key": "khitam_shnaikat", "name": "ختام الشنيكات", "honorific": None, "position": None,
     "organisation": "registry_of_societies", "email": None, "phone": None},
    {"key": "mahmoud_hayek", "name": "محمود الحايك", "honorific": None, "position": None,
     "organisation": "registry_of_societies", "email": None, "phone": None},
    {"key": "awwad_adous", "name": "عواد العدوس", "honorific": None, "position": None,
     "organisation": "ccd", "email": None, "phone": None},
    # 000 writes "لمى قطيشات", 001 (apologies) "لما قطيشات": same person, same
    # organisation (دائرة مراقبة الشركات).  One record, spelled as in 000; the
    # 001 apology uses this name so that the loader can match it.
    {"key": "lama_qteishat", "name": "لمى قطيشات", "honorific": None, "position": None,
     "organisation": "ccd", "email": None, "phone": None},
    {"key": "nada_khater", "name": "ندى خاطر", "honorific": None, "position": None,
     "organisation": "modee", "email": None, "phone": None},
    {"key": "hilda_ajeilat", "name": "هيلدا عجيلات", "honorific": None, "position": None,
     "organisation": "jtc", "email": None, "phone": None},
    {"key": "mohammad_qaryouti", "name": "محمد قريوتي", "honorific": None, "position": None,
     "organisation": "jef", "email": None, "phone": None},
    {"key": "suhaib_rababah", "name": "صهيب ربابعه", "honorific": None, "position": None,
     "organisation": "agents_of_change", "email": None, "phone": None},
    {"key": "dima_juwaihan", "name": "ديما جويحان", "honorific": None, "position": None,
     "organisation": "rhas", "email": None, "phone": None},
    {"key": "nazeer_awamleh", "name": "نذير العواملة", "honorific": "السيد",
     "position": "المنسق العام الحكومي لحقوق الانسان",  # 004: "... في رئاسة الوزراء"
     "organisation": "pmo", "email": None, "phone": None},
    {"key": "ghadeer_iskandarani", "name": "غدير اسكندراني", "honorific": "السيدة", "position": None,
     "organisation": "pmo_hr_unit", "email": None, "phone": None},
    # Named in 004's discussion ("المهندس مجدي الزعبي": technical component of
    # the training, platform readiness); not an attendee.  "المهندس" is a title,
    # not "السيد"/"السيدة", so honorific stays None; organisation not stated.
    {"key": "majdi_zoubi", "name": "مجدي الزعبي", "honorific": None, "position": None,
     "organisation": None, "email": None, "phone": None},
]

# ---------------------------------------------------------------------------
# Plans
# ---------------------------------------------------------------------------
PLAN4_TITLE = "الخطة الوطنية الرابعة لشراكة الحكومات الشفافة"  # 000, 004 header
PLAN5_TITLE = "الخطة الوطنية الخامسة لشراكة الحكومات الشفافة"  # 001 outputs, 002 step 7

# The seeds name the 4th plan's commitments only by number ("الالتزام الأول"
# ... "الخامس").  The titles below are inferred from what 000, 003 and 004 say
# about each one; every description says so.  Leads only where a seed shows
# them; values are inferred from the subject matter; completion (the IRM
# rating) is not in the seeds, so None.
C1_TITLE = "تعزيز البيئة الممكنة لمؤسسات المجتمع المدني (الحصول على التمويل والحوكمة)"
C2_TITLE = "تدريب المؤسسات الحكومية ونشر البيانات وتصنيفها"
C3_TITLE = "الحوار السياسي والتوعية السياسية"
C4_TITLE = "منصة بخدمتكم لتلقي الشكاوى الحقوقية"
C5_TITLE = "بروتوكولات تطبيق قانون حق الحصول على المعلومات"

_INFERRED = "العنوان مستنتج من وثائق الأمانة (المحاضر والتقارير) وليس العنوان الرسمي للالتزام في نص الخطة."

PLAN4_COMMITMENTS: list[dict[str, Any]] = [
    {
        "number": 1,
        "title": C1_TITLE,
        # 000: the committee is سجل الجمعيات + دائرة مراقبة الشركات + the unit,
        # and "سيكون دور سجل الجمعيات بارسال الدعوات"; 003 findings are about
        # CSO funding and governance.  Lead: سجل الجمعيات (inferred).
        "lead": "registry_of_societies",
        "others": ["ccd", "ogp_unit"],
        "values": ["civic_participation"],
        "completion": None,
        "description": (
            _INFERRED + " "
            "يتناول الالتزام البيئة الممكنة لمؤسسات المجتمع المدني: الحصول على "
            "التمويل والحوكمة (تقرير اللقاء الأول 30/9/2019)، "
            "والاستراتيجية الطوعية لمؤسسات المجتمع المدني (محضر لجنة تنفيذ الالتزام 14/6/2021)."
        ),
        # Activities named in 000's minutes, not the plan's official milestone
        # table (which the seeds do not contain).
        "milestones": [
            {"title": "الاستبيان الذي يستهدف مؤسسات المجتمع المدني لجمع المعلومات",
             "start": "2021-06-20", "end": "2021-07-05", "deliverable": "نتائج الاستبيان"},
            {"title": "جلسات تحقق (verification session)، مع المجتمع المدني والحكومة والمانحين",
             "start": "2021-07-13", "end": "2021-07-13", "deliverable": None},
            {"title": "الاستراتيجية الطوعية لمؤسسات المجتمع المدني",
             "start": None, "end": None, "deliverable": "ورقة استراتيجية ستقدم للحكومة"},
        ],
    },
    {
        "number": 2,
        "title": C2_TITLE,
        # 003 only: training programme for 62 government institutions, data
        # publishing template, data classification.  Lead not in the seeds.
        "lead": None,
        "others": [],
        "values": ["access_to_information"],
        "completion": None,
        "description": (
            _INFERRED + " "
            "يتناول الالتزام البرنامج التدريبي للمؤسسات الحكومية ونشر "
            "البيانات على المواقع الوزارية وتصنيف البيانات "
            "(تقرير اللقاء الأول 30/9/2019). الجهة المنفذة غير مذكورة في الوثائق."
        ),
        "milestones": [],
    },
    {
        "number": 3,
        "title": C3_TITLE,
        # 003 only: political awareness / dialogues and their outputs reaching
        # the legislature.  Lead not in the seeds.
        "lead": None,
        "others": [],
        "values": ["civic_participation"],
        "completion": None,
        "description": (
            _INFERRED + " "
            "يتناول الالتزام التوعية السياسية والحوارات ومدى التزام "
            "الحكومة بمخرجاتها وتقديمها للسلطة التشريعية "
            "(تقرير اللقاء الأول 30/9/2019). الجهة المنفذة غير مذكورة في الوثائق."
        ),
        "milestones": [],
    },
    {
        "number": 4,
        "title": C4_TITLE,
        # 004: the committee meets with the government general coordinator for
        # human rights at the Prime Ministry; the media plan is discussed
        # "بين محامون بلا حدود و مكتب المنسق الحكومي".  Lead: رئاسة الوزراء
        # (the coordinator's office); others from 004's discussion.
        "lead": "pmo",
        "others": ["pmo_hr_unit", "lawyers_without_borders"],
        "values": ["public_accountability", "technology_innovation"],
        "completion": None,
        "description": (
            _INFERRED + " "
            "يتناول الالتزام نظام الشكاوى ومنصة بخدمتكم التي يقودها المنسق "
            "العام الحكومي لحقوق الانسان في رئاسة الوزراء "
            "(تقرير اللقاء الأول 30/9/2019 ومحضر لجنة تنفيذ الالتزام 9/2/2021)."
        ),
        # Activities named in 004's minutes, not the official milestone table.
        "milestones": [
            {"title": "تدريب ضباط الارتباط", "start": None, "end": None, "deliverable": None},
            {"title": "جاهزية المنصة للإطلاق (منصة بخدمتكم)", "start": None, "end": None,
             "deliverable": "منصة بخدمتكم"},
            {"title": "خطة الاعلام لإطلاق منصة بخدمتكم", "start": None, "end": None, "deliverable": None},
        ],
    },
    {
        "number": 5,
        "title": C5_TITLE,
        # 003 only: protocols prepared under the access-to-information law.
        "lead": None,
        "others": [],
        "values": ["access_to_information"],
        "completion": None,
        "description": (
            _INFERRED + " "
            "يتناول الالتزام البروتوكولات التي تم اعدادها في اطار قانون حق "
            "الحصول على المعلومات وتعميمها على مؤسسات الدولة "
            "(تقرير اللقاء الأول 30/9/2019). الجهة المنفذة غير مذكورة في الوثائق."
        ),
        "milestones": [],
    },
]

# --- 5th plan: phases and steps (seed 002) ----------------------------------
# How the table of 002 was reconstructed:
# * Columns are  phase | step (+ what was done) | date.  From step 8 on, the
#   rows come out reversed ( | date | step | phase ).  A phase label sits in the
#   row where the phase starts (merged cell), so: phase 1 = steps 2-6,
#   phase 2 = step 7, phase 3 = steps 8-10, phase 4 = steps 11-13,
#   phase 5 = steps 14-15, phase 6 = steps 16-17, phase 7 = step 18.
# * Step numbering starts at 2 in the seed (there is no step 1); kept.
# * Step text = "title. what was done"; the title is the step's sentence (its
#   final full stop dropped, like the phase titles), details = the rest, as
#   written (the seed runs the done-items together without punctuation; kept).
# * The stray line "التالية بعد المشاركة." continues step 7's details ("وما هي
#   الخطوات" + "التالية بعد المشاركة.").  HTML fragments (<p>, <ul ...>) dropped.
# * Step 7 vs step 8 key dates.  The seed has two sets:
#     (a) "نشر الطلب: 2021\5\10 الموعد النهائي لقبول الطلبات: 2021\7\15" in the
#         date column of step 7's row;
#     (b) "نشر الطلب: 2021\5\10 الموعد النهائي لقبول الطلبات: 2021\5\20
#         التقييم والاختيار النهائي: 2021\6\15" in the (swapped) date column of
#         step 8's row.
#   (a) belongs to step 7 (call for commitment proposals): by position, and
#   because step 7's details say the deadline was extended by a month and a
#   half at the request of some organisations ("تمديده شهر ونصف"), which fits
#   a deadline of 15/7 - the day the working group first met (001) to review
#   the proposals.  (b) belongs to step 8 (call for expressions of interest to
#   join the working group): by position, and because its "evaluation and
#   final selection" date (15/6) matches step 8's details ("تم عقد اجتماع
#   لاختيار ال 4 أعضاء ...") and precedes the group's first meeting.
# * Ranges: "14\3 – 1\4\2021" = 2021-03-14..2021-04-01; "28\4-6\5\2021" =
#   2021-04-28..2021-05-06.  Single-date steps have end None.  Steps with key
#   dates start at the first and end at the last key date.
# * Done: the "الأنشطة القادمة" heading stands between steps 13 and 14, so
#   steps 2-13 are done and 14-18 upcoming.  (The report's opening sentence
#   says the commitments are being developed "2021\8\17-2021\9\24", i.e. it
#   reads as written in Aug/Sep 2021 while step 13 (8/11/2021) is above the
#   heading; and 24/9 there vs 21/9 in step 12.  The table is followed.)
# * Known discrepancies with 001, kept as 002 writes them: 002 dates the
#   working group's 1st meeting 20/7/2021 (001: held 15/7/2021) and its 2nd
#   26/7/2021 (001's minutes: 28/7/2021).
# * responsible: the unit for steps it runs itself; None where the step is
#   carried by a committee (national team, working group, task forces) or by
#   the government bodies and the cabinet (step 18) - not an organisation key.
PLAN5_PHASES: list[dict[str, Any]] = [
    {
        "number": 1,
        "title": "إعداد منهجية الخطة",
        "steps": [
            {"number": 2,
             "title": "إعداد مسودة المنهجية الأولية للخطة",
             "details": "تم إعداد المسودة من قبل فريق العمل",
             "start": "2021-03-14", "end": "2021-04-01", "key_dates": [],
             "done": True, "responsible": "ogp_unit"},
            {"number": 3,
             "title": (
                 "اجتماع فريق العمل الوطني (المنتدى متعدد الأطراف) لمراجعة مسودة "
                 "المنهجية والموافقة على نشرها للتعليقات العامة"
             ),
             "details": "تم نشر على فيسبوك صفحة الوزارة حول الاجتماع",
             "start": "2021-04-28", "end": None, "key_dates": [],
             "done": True, "responsible": None},
            {"number": 4,
             "title": "نشر مسودة المنهجية للتعليقات العامة وجمع الملاحظات والتغذية الراجعة عليها",
             "details": (
                 "تم نشر المسودة على الفيسبوك وارسال ايميل لمعظم مؤسسات المجتمع المدني "
                 "للمشاركة في التعليقات عبر نموذج (Google Form)"
             ),
             "start": "2021-04-28", "end": "2021-05-06", "key_dates": [],
             "done": True, "responsible": "ogp_unit"},
            {"number": 5,
             "title": (
                 "تنظيم اجتماع عن بُعد لنقاش الملاحظات خلال فترة التعليقات العامة وتلقي الملاحظات "
                 "الجديدة من الحضور في الاجتماع حول مسودة المنهجية لغايات تطويرها"
             ),
             "details": (
                 "نشر دعوة على فيسبوك الوزارة، وارسال ايميل لمعظم مؤسسات المجتمع المدني للانضمام "
                 "الاجتماع تم مناقشة والتوصل الى بعض التعديلات اللازمة على المنهجية"
             ),
             "start": "2021-05-08", "end": None, "key_dates": [],
             "done": True, "responsible": "ogp_unit"},
            {"number": 6,
             "title": "استكمال الصيغة النهائية للمنهجية ونشرها",
             "details": (
                 "تم نشر المنهجية بالصيغة النهائية باللغتين الإنجليزية والعربية على الموقع الرسمي للوزارة."
             ),
             "start": "2021-05-10", "end": None, "key_dates": [],
             "done": True, "responsible": "ogp_unit"},
        ],
    },
    {
        "number": 2,
        "title": "تقديم مقترحات للخطة الوطنية الخامسة لشراكة الحكومات الشفافة",
        "steps": [
            {"number": 7,
             "title": "دعوة المواطنين إلى تقديم مقترحات للخطة الوطنية الخامسة لشراكة الحكومات الشفافة",
             "details": (
                 "تم نشر اعلان على الفيسبوك وارسال ايميل لمؤسسات المجتمع "
                 "المدني للمشاركة في تقديم الالتزامات، "
                 "مع وجود ملف تعريف يوضح كافة معايير اختيار الالتزامات. "
                 "تم اعداد فيديو تعريفى عن مبادرة شراكة الحكومات الشفافة وتشجيع "
                 "المواطنين على المشاركة في تقديم مقترحات للالتزامات. "
                 "تم تمديد الموعد النهائي وفقاً لطلب بعض المؤسسات وتمديده شهر ونصف. "
                 "تم اعداد فيديو تشجيعي يوضح معايير قبول الالتزامات وكيفية "
                 "المشاركة وما هي الخطوات التالية بعد المشاركة."
             ),
             "start": "2021-05-10", "end": "2021-07-15",
             "key_dates": [
                 {"label": "نشر الطلب", "date": "2021-05-10"},
                 # after the extension of a month and a half (see above)
                 {"label": "الموعد النهائي لقبول الطلبات", "date": "2021-07-15"},
             ],
             "done": True, "responsible": "ogp_unit"},
        ],
    },
    {
        "number": 3,
        "title": "تشكيل مجموعة العمل الوطنية للخطة",
        "steps": [
            {"number": 8,
             "title": (
                 "نشر دعوة لإبداء الاهتمام لمنظمات المجتمع المدني والخبراء "
                 "للانضمام الى مجموعة العمل الوطنية للخطة"
             ),
             "details": (
                 "تم نشر اعلان على الفيسبوك وارسال ايميل لدعوة المهتمين بالانضمام الى مجموعة العمل، "
                 "مع وجود ملف تعريفى يوضح كافة المهام المطلوبة (بالتواريخ) ومعايير الاختيار. "
                 "تم عقد اجتماع لاختيار ال 4 أعضاء من المجتمع المدني وفقا للمعايير "
                 "تم ارسال ايميل لجميع المشاركين في حال قبولهم او عدم القبول "
                 "تم ارسال كتاب رسمي لبعض الجهات الحكومية لاختيار 4 أعضاء من الجهات الحكومية "
                 "تم ارسال دعوة لحضور الاجتماع الأول لجميع أعضاء مجموعة العمل."
             ),
             "start": "2021-05-10", "end": "2021-06-15",
             "key_dates": [
                 {"label": "نشر الطلب", "date": "2021-05-10"},
                 {"label": "الموعد النهائي لقبول الطلبات", "date": "2021-05-20"},
                 {"label": "التقييم والاختيار النهائي", "date": "2021-06-15"},
             ],
             "done": True, "responsible": "ogp_unit"},
            {"number": 9,
             "title": (
                 "الاجتماع الأول لمجموعة العمل الوطنية للخطة لمراجعة المقترحات المقدمة "
                 "للالتزامات وإعداد قائمة مختصرة لأفضل 10 أفكار ودعوة المتقدمين لهذه الأفكار "
                 "لتقديم أفكارهم والدفاع عنها في الاجتماع القادم"
             ),
             "details": (
                 "تم تنظيم الاجتماع الأول بشكل وجاهي حيث تعرف أعضاء مجموعة العمل على بعضهم البعض، "
                 "وأعدوا قائمة مختصرة لأفضل الالتزامات "
                 "تم ارسال دعوة عبر الايميل لجميع أصحاب الالتزامات بالقبول او الرفض مع ذكر السبب، "
                 "وتم التواصل عبر الهاتف والاييميل ودعوة الأفكار المقبولة لحضور الاجتماع الثاني."
             ),
             # 002 says 20/7/2021; 001 says the 1st meeting was held 15/7/2021.
             "start": "2021-07-20", "end": None, "key_dates": [],
             "done": True, "responsible": None},
            {"number": 10,
             "title": (
                 "الاجتماع الثاني لمجموعة العمل الوطنية للاستماع إلى مقترحات مقدمي الطلبات وطرح "
                 "الأسئلة، حيث سيتم تقييم وتصنيف المقترحات من قبل مجموعة العمل"
             ),
             "details": (
                 "تم تنظيم الاجتماع الثاني عن بعد بحضور مجموعة العمل وأصحاب "
                 "الالتزامات للاستماع الى الأفكار المقترحة. "
                 "تم تقييم واتخاذ القرار من قبل مجموعة العمل حيث تم اختيار 7 أفكار "
                 "ليتم عرضها على الجهات الحكومية لتقييمها."
             ),
             # 002 says 26/7/2021; the minutes of this meeting (001) say 28/7/2021.
             "start": "2021-07-26", "end": None, "key_dates": [],
             "done": True, "responsible": None},
        ],
    },
    {
        "number": 4,
        "title": "تطوير الالتزامات",
        "steps": [
            {"number": 11,
             "title": (
                 "اتخاذ القرار من قبل مجموعة العمل بشأن الأفكار النهائية وإبلاغ المتقدمين بالنتائج، "
                 "حيث سيطلب منهم تشكيل فريق عمل مكون من خمسة أصحاب مصلحة على الأقل (الخبراء، المنظمات "
                 "غير الحكومية، أعضاء البرلمان / السلطات المحلية، إلخ)"
             ),
             "details": "",
             "start": "2021-07-29", "end": "2021-08-17",
             "key_dates": [
                 {"label": "اتخاذ القرار بالالتزامات النهائية", "date": "2021-07-29"},
                 {"label": "تكوين فريق عمل كل التزام (ممثلين عن الحكومة والمجتمع المدني)",
                 "date": "2021-08-17"},
             ],
             "done": True, "responsible": None},
            {"number": 12,
             "title": (
                 "تطوير الالتزامات من قبل فريق عمل كل التزام (Task Force)، حيث سيعمل فريق عمل كل "
                 "الالتزام بمجموعة من الأنشطة لتحديد اللغة النهائية للالتزامات والتشاور مع أصحاب "
                 "المصلحة، من خلال أدوات مختلفة للتشاور بالإضافة إلى ورش العمل"
             ),
             "details": "",
             "start": "2021-08-17", "end": "2021-09-21", "key_dates": [],
             "done": True, "responsible": None},
            {"number": 13,
             "title": (
                 "الاجتماع الثالث لمجموعة العمل الوطنية لمراجعة مجموعة الالتزامات النهائية التي توصلت فرق "
                 "عمل الالتزامات لها، والتعليق عليها وتعديلها لعرضها على المنتدى متعدد الأطراف"
             ),
             "details": "",
             "start": "2021-11-08", "end": None, "key_dates": [],
             "done": True, "responsible": None},
        ],
    },
    # ---- "الأنشطة القادمة" (upcoming) from here on: done = False ----
    {
        "number": 5,
        "title": "مراجعة الالتزامات والموافقة عليها",
        "steps": [
            {"number": 14,
             "title": (
                 "اجتماع فريق العمل الوطني (المنتدى متعدد الأطراف) لمراجعة مجموعة الالتزامات النهائية "
                 "التي تم تطويرها، والتعليق عليها وتعديلها لعرضها للتعليقات العامة"
             ),
             "details": "",
             "start": "2021-11-25", "end": None, "key_dates": [],
             "done": False, "responsible": None},
            {"number": 15,
             "title": "تطوير الالتزامات النهائية من خلال مجموعة العمل الوطنية وفرق عمل الالتزامات",
             "details": "",
             "start": "2021-09-21", "end": "2021-11-28", "key_dates": [],
             "done": False, "responsible": None},
        ],
    },
    {
        "number": 6,
        "title": "اعداد مسودة الخطة",
        "steps": [
            {"number": 16,
             "title": "إعداد مسودة الخطة النهائية",
             "details": "",
             "start": "2021-11-28", "end": None, "key_dates": [],
             "done": False, "responsible": "ogp_unit"},
            {"number": 17,
             "title": "فتح باب التعليقات العامة على مسودة خطة العمل",
             "details": "",
             "start": "2021-11-28", "end": "2021-12-12", "key_dates": [],
             "done": False, "responsible": "ogp_unit"},
        ],
    },
    {
        "number": 7,
        "title": "اعداد الخطة بالشكل النهائي",
        "steps": [
            {"number": 18,
             "title": (
                 "الموافقة من قبل الجهات الحكومية التي ستكون مسؤولة عن تنفيذ هذه الالتزامات ومجلس "
                 "الوزراء على الخطة وارسالها لإدارة مبادرة شراكة الحكومات الشفافة"
             ),
             "details": "",
             "start": "2021-12-20", "end": None, "key_dates": [],
             "done": False, "responsible": None},
        ],
    },
]

PLANS: list[dict[str, Any]] = [
    {
        "key": "plan4",
        "ordinal": 4,
        "title": PLAN4_TITLE,
        "first_year": 2018,  # 003: "الخطة الوطنية الرابعة 2018-2020"
        "last_year": 2020,
        # Nominally 2018-2020, but the seeds show its implementation committees
        # still meeting in February and June 2021 ("مراجعة مستجدات تنفيذ
        # الخطة"), so as of the records it is under implementation.
        "status": "implementation",
        "description": (
            "الخطة الوطنية الرابعة 2018-2020 ضمن مبادرة شراكة الحكومات الشفافة، وتتكون من خمسة التزامات "
            "يتابع تنفيذها ضباط ارتباط تنفيذ الخطة ولجان تنفيذ الالتزامات بالتنسيق مع "
            "وحدة الحكومة الشفافة في وزارة التخطيط والتعاون الدولي."
        ),
        "commitments": PLAN4_COMMITMENTS,
        "phases": [],  # the seeds hold no co-creation timeline for the 4th plan
    },
    {
        "key": "plan5",
        "ordinal": 5,
        "title": PLAN5_TITLE,
        # 002 says 2021-2025 (title and "2021 – 2025"); 001's title says
        # "2021-2023".  The progress report (002) is the later and more formal
        # statement of the plan's span, so 2021-2025 is used.
        "first_year": 2021,
        "last_year": 2025,
        "status": "preparation",
        # 002, opening sentence, verbatim.
        "description": (
            "وفقاً للمنهجية المنشورة في تاريخ 2021/5/10 والتي تم اعدادها بالتشاور مع المجتمع المدني "
            "الان نحن في صدد تطوير الالتزامات خلال فترة 2021\\8\\17-2021\\9\\24."
        ),
        # Seven ideas were shortlisted on 28/7/2021 (001) but their subjects are
        # only in an attachment that the seeds do not include.
        "commitments": [],
        "phases": PLAN5_PHASES,
    },
]

# ---------------------------------------------------------------------------
# Committees
# ---------------------------------------------------------------------------
# Membership dates are not in the seeds: from/to are None.  Roles:
# * unit staff (الاء الخضير، دانه مرعي، آيات الخطيب) = "secretariat";
# * مي عليمات (coordinator of the unit) = "chair" of the bodies the unit
#   convenes and leads: the 5th plan's working group (she is also one of its
#   four government seats) and the 4th plan's stakeholder / liaison-officer
#   meetings (003: she opened the meeting and presented the unit's work).
#   In the commitment implementation committees the lead agency owns the
#   commitment, so there she is "secretariat";
# * commitment 4: نذير العواملة heads the lead body (المنسق العام الحكومي لحقوق
#   الانسان) and is listed first, so "chair".  Commitment 1: the seed names no
#   chair, so everyone from the implementing bodies is "member".
C1_COMMITTEE = "لجنة تنفيذ الالتزام الأول – الخطة الوطنية الرابعة"
C4_COMMITTEE = "لجنة تنفيذ الالتزام الرابع – الخطة الوطنية الرابعة"
NWG5 = "مجموعة العمل الوطنية للخطة الوطنية الخامسة"
MSF5 = "فريق العمل الوطني (المنتدى متعدد الأطراف)"
STAKEHOLDERS4 = "لقاءات أصحاب المصلحة وضباط ارتباط تنفيذ الخطة الوطنية الرابعة"


def _m(person: str, role: str) -> dict[str, str | None]:
    return {"person": person, "role": role, "from": None, "to": None}


COMMITTEES: list[dict[str, Any]] = [
    {
        "key": "plan4_c1_committee",
        "name": C1_COMMITTEE,
        "kind": "implementation_committee",
        "plan": "plan4",
        "commitment": 1,
        "members": [  # 000 attendees
            _m("khitam_shnaikat", "member"),
            _m("mahmoud_hayek", "member"),
            _m("awwad_adous", "member"),
            _m("lama_qteishat", "member"),
            _m("may_olaimat", "secretariat"),
            _m("alaa_khudair", "secretariat"),
            _m("dana_marei", "secretariat"),
        ],
    },
    {
        "key": "plan4_c4_committee",
        "name": C4_COMMITTEE,
        "kind": "implementation_committee",
        "plan": "plan4",
        "commitment": 4,
        "members": [  # 004 attendees
            _m("nazeer_awamleh", "chair"),
            _m("ghadeer_iskandarani", "member"),
            _m("may_olaimat", "secretariat"),
        ],
    },
    {
        "key": "plan5_nwg",
        "name": NWG5,
        "kind": "national_working_group",
        "plan": "plan5",
        "commitment": None,
        # 001 attendees and apologies.  002 step 8: 4 members from civil
        # society + 4 from government bodies; here the four non-government
        # organisations and سجل الجمعيات، وزارة الاقتصاد الرقمي، دائرة مراقبة
        # الشركات، وزارة التخطيط (مي عليمات).
        "members": [
            _m("may_olaimat", "chair"),
            _m("khitam_shnaikat", "member"),
            _m("nada_khater", "member"),
            _m("lama_qteishat", "member"),
            _m("hilda_ajeilat", "member"),
            _m("mohammad_qaryouti", "member"),
            _m("suhaib_rababah", "member"),
            _m("dima_juwaihan", "member"),
            _m("ayat_khatib", "secretariat"),
            _m("dana_marei", "secretariat"),
        ],
    },
    {
        "key": "plan5_msf",
        "name": MSF5,
        "kind": "multi_stakeholder_forum",
        "plan": "plan5",
        "commitment": None,
        # Named in 002 (steps 3, 13, 14); the seeds list none of its members.
        "members": [],
    },
    {
        "key": "plan4_stakeholders",
        "name": STAKEHOLDERS4,
        # Kind "other", not "multi_stakeholder_forum": 003 describes an open
        # review meeting ("اللقاء الأول") of 55 stakeholders and liaison
        # officers with no fixed membership, convened by the ministry; the
        # seeds reserve "المنتدى متعدد الأطراف" for the national team, and
        # calling this a forum would overstate what the records show.
        "kind": "other",
        "plan": "plan4",
        "commitment": None,
        "members": [_m("may_olaimat", "chair")],
    },
]

# ---------------------------------------------------------------------------
# Meetings ("ogp-minutes/1"), in date order
# ---------------------------------------------------------------------------
# Modes: 001 is on ZOOM ("online"); 003 was held at a hotel ("in_person").
# 000 and 004 do not state the mode; "in_person" is assumed.

MEETING_003: dict[str, Any] = {
    "format": "ogp-minutes/1",
    "language": "ar",
    "title": (
        "تقرير اللقاء الأول بين أصحاب المصلحة وضباط ارتباط تنفيذ الخطة "
        "الوطنية الرابعة 2018-2020 لمراجعة سير عمل الالتزامات"
    ),
    "plan": PLAN4_TITLE,
    "committee": STAKEHOLDERS4,
    "sequence": 1,  # "اللقاء الأول"
    "date": "2019-09-30",
    "mode": "in_person",
    "location": "فندق جنيفا - عمان",  # seed: "فندق جنيفا-عمان"
    "objective": (
        "عرض ما تم إنجازه في السنة الأولى من عمر الخطة الوطنية الرابعة وما تم تنفيذه في التزامات الخطة "
        "لتقييم عملية سير عمل الخطة الوطنية الرابعة وتقديم توصيات متعلقة بآليات استكمال تنفيذ الالتزامات"
    ),
    "attendees": [
        {"name": "مي عليمات", "organization": OGP_UNIT},
    ],
    "apologies": [],
    # "وقد حضر الاجتماع 55 مشارك ومشاركة": 55 in all, one of them named.
    "other_participants": 54,
    "discussion": [
        (
            "قامت وزارة التخطيط والتعاون الدولي بعقد اللقاء الاول بين أصحاب المصلحة "
            "وضباط ارتباط تنفيذ الخطة الوطنية الرابعة 2018-2020 "
            "يوم الاثنين الموافق 30/9/2019  ضمن مبادرة شراكة الحكومات الشفافة في فندق جنيفا-عمان، "
            "وذلك بهدف عرض ما تم إنجازه في السنة الأولى من عمر الخطة الوطنية "
            "الرابعة وما تم تنفيذه في التزامات الخطة "
            "لتقييم عملية سير عمل الخطة الوطنية الرابعة وتقديم توصيات متعلقة بآليات استكمال تنفيذ الالتزامات."
        ),
        (
            "وقد حضر الاجتماع 55 مشارك ومشاركة من ضمنهم ضباط ارتباط تنفيذ الخطة وعدد "
            "من مؤسسات المجتمع المدني وجهات حكومية ذات علاقة، "
            "في بداية اللقاء قامت السيدة مي عليمات-منسقة وحدة الحكومة الشفافة- "
            "باستعراض عمل الوحدة والنشاطات التي قامت بها الوحدة "
            "خلال الفترة التي مضت بالإضافة الى استعراض منهجية العمل الذي "
            "تقوم عليه آلية تنفيذ الخطة الوطنية الرابعة."
        ),
        (
            "في الجلسة الثانية قام ضباط ارتباط الخطة بتقديم عرض تقديمي يوضح ما تم "
            "انجازه في كل التزام من التزامات الخطة الوطنية الخمس "
            "خلال السنة الاولى من عمر الخطة، وبعد ذلك تم توزيع المشاركين من الجهات "
            "الحكومية وغير الحكومية بناءً على اهتمامهم وارتباطهم "
            "بطبيعة الالتزام ومحتواه على خمسة مجموعات عمل، مجموعة عمل لكل لنقاش تقدم "
            "سير العمل والتحديات والتوقعات واليات تفعيل التنفيذ "
            "ودور مؤسسات المجتمع المدني غي ذلك، وفي النهاية تم عرض مخرجات "
            "النقاش والتوصيات لكل مجموعة لجميع المشاركين"
        ),
        "\n".join([
            "أبرز النتائج التي تم الخروج بها فيما يتعلق بالالتزام الاول:",
            "· الحصول على التمويل:",
            "1. عدم معاملة جميع مبالغ التميل نفس المعاملة.",
            "2. العمل على توضيح المعلومات المطلوبة في نموذج الحصول على التمويل بشكل تفصيلي أكثر.",
            "3. أن يكون هناك مدد قابلة للتتبع في جال تم التأخر في الرد من قبل بعض الوزارات المعنية.",
            "4. تفعيل الرقابة اللاحقة وليس المسبقة.",
            "5. فتح باب الحوار والتشاور مع مؤسسات المجتمع المدني ومأسسة الحوار.",
            (
                "6. النظام الالكتروني الذي تم استحداثه أضاف عبئ جديد على المستخدم "
                "بالإضافة الى وجود مشاكل تقنية في النظام نفسه."
            ),
            "· الحوكمة:",
            "1. عدم التدخل في قانون الاجتماعات العامة.",
            "2. اي مؤسسة تقوم بتقديم طلب يجب أن تحصل على اشعار.",
            "3. تسهيل العقبات التي تواجهها الجمعيات فيما يتعلق بفتح حسابات لها في البنوك.",
            "4. تسهيل الحصول على الموافقات الامنية.",
        ]),
        "\n".join([
            "أبرز النتائج التي تم الخروج بها فيما يتعلق بالالتزام الثاني:",
            "1. ضرورة الاستمرار في تنفيذ البرنامج التدريبي للمؤسسات الحكومية ل 62 مؤسسة خلال هذا العام.",
            "2. تطوير البرنامج التدريبي ليكون تفاعلي أكثر.",
            "3. اطلاق حملة توعوية تستهدف المواطنين والقطاع العام تمشي جنباً الى جنب مع أنشطة المشروع.",
            (
                "4. استحداث نموذج لنشر البيانات على المواقع الوزارية (اعتماد "
                "نموذج وزارة الاقتصاد الرقمي والريادة)."
            ),
            "5. التركيز على تصنيف البيانات وتحديث اجراءات وسياسة التصنيف.",
        ]),
        "\n".join([
            "أبرز النتائج التي تم الخروج بها فيما يتعلق بالالتزام الثالث:",
            "التركيز على مدى التزام الحكومة في مجال التوعية السياسية وتقديمها للسلطة التشريعية ومدى "
            "التزام الحكومة في الدفاع عن مخرجات هذه الحوارات التي يتم تنفيذها، "
            "وتم تقديم توصية بضرورة التزام الحكومة المسبق بنتائج الحوار والدفاع "
            "عنها ومتابعتها للوصول الى التشريع والتنفيذ.",
        ]),
        "\n".join([
            "أبرز النتائج التي تم الخروج بها فيما يتعلق بالالتزام الرابع:",
            "1. حملات توعوية وتثقيفية للمواطنين حول الوصول الى نظام الشكاوى لكبار السن وذوي الاعاقة والاطفال",
            "2. تطوير آلية تلقي الشكاوى في المحافظات البعيدة",
            "3. تطوير حلول للحماية لبعض الفئات",
            "4. تسهيل عملية واجراءات تقديم الشكاوى وفق نماذج تناسب كافة افراد المجتمع المحلي",
            "5. تشكيل لجان لرصد الواقع وتحليله والمتابعة والتقييم",
            (
                "6. اصدار تقارير دورية لبيان فاعلية مكتب استقبال الشكاوى يتضمن "
                "عدد الشكاوى وطبيعتها لتحقيق الشفافية."
            ),
        ]),
        "\n".join([
            "أبرز النتائج التي تم الخروج بها فيما يتعلق بالالتزام الخامس:",
            "تم التركيز على البروتوكولات التي تم اعدادها وما هي الفائدة التي ستحققها هذه "
            "البروتوكولات في اطار قانون حق الحصول على المعلومات، "
            "ولكن كان السؤال حول مدى التزام الحكومة الاردنية بتطبيق هذه البروتوكولات "
            "وتعميمها على مؤسسات الدولة بحيث تحقق الهدف المرجو منها.",
        ]),
    ],
    "outputs": [],
    "action_items": [],
    "notes": [],
}

MEETING_004: dict[str, Any] = {
    "format": "ogp-minutes/1",
    "language": "ar",
    "title": "محضر اجتماع لجنة تنفيذ الالتزام – الالتزام الرابع",
    "plan": PLAN4_TITLE,
    "commitment": C4_TITLE,
    "committee": C4_COMMITTEE,
    # no "sequence": the minutes do not number the meeting
    "date": "2021-02-09",  # "الثلاثاء 9/2/2021"
    "mode": "in_person",  # not stated in the seed; assumed
    "objective": "مناقشة اخر مستجدات الالتزام الرابع والخطوات القادمة",
    "attendees": [
        {"name": "نذير العواملة", "organization": "رئاسة الوزراء"},
        {"name": "غدير اسكندراني", "organization": "وحدة حقوق الانسان – رئاسة الوزراء"},
        # 004 writes her organisation as the ministry at this meeting.
        {"name": "مي عليمات", "organization": MOPIC},
    ],
    "apologies": [],
    "discussion": [
        "\n".join([
            "اقتراح تدريب ضباط الارتباط وعددهم (300) تقريبا وجاهي حيث يشمل التدريب مكونين أساسيين وهما:",
            "1. المكون الأول (المكون الفني) ويقوم به المهندس مجدي الزعبي",
            (
                "2. المكون الثاني يتضمن محتوى عن حقوق الانسان وستقوم به مؤسسة محامون بلا حدود وسيشمل مقدمة "
                "عن مفهوم حقوق الإنسان والتصنيفات والفرق بين الشكاوى الحقوقية والخدمية"
            ),
        ]),
        (
            "اقتراح أن تكون الجلسات التدريبية تدريبين في يوم واحد و في أوقات مختلفة (20 شخص في كل ورشة) "
            "أو أن يكون هناك تبادل في الجلسات بين المحتوى الفني و المحتوى الحقوقي "
            "(تحديد و الاتفاق على هذا المحتوى و شكل التدريب في الاجتماع القادم."
        ),
        (
            "جاهزية المنصة للإطلاق (منصة بخدمتكم) وبحسب المهندس مجدي الزعبي تقنيا المنصة جاهزة للإطلاق "
            "لكن يجب إنهاء البرنامج التدريبي أولا والخطة الإعلامية بالإضافة "
            "الى متابعة الموافقات الحكومية الداخلية."
        ),
        (
            "خطة الاعلام لإطلاق منصة بخدمتكم تم النقاش محتوى خطة الاعلام "
            "المبدئي ويمكن عرضها على لجنة الالتزام  لاحقا "
            "لأخذ التغذية الراجعة ومناقشتها بشكل مفصل في الاجتماع القادم "
            "بين محامون بلا حدود و مكتب المنسق الحكومي "
            "حيث من المقترح : أن تحتوي الخطة الاعلامية كما تم نقاشه على "
            "اطلاق رسمي من خلال تقنية الزووم (ZOOM) "
            "تحت رعاية الحكومة من رئيس الوزراء أو وزير منتدب أو المنسق "
            "الحكومي ليتحدث عن أهمية المنصة و إطار عملها "
            "و كيف تم تطويرها بالشراكة بين المؤسسات الحكومية و المجتمع "
            "المدني على أن يصاحب ذلك  تغطية اعلامية واسعة "
            "في الصحف اليومية و تنظيم لقاءات متلفزة و اذاعية بالإضافة الى نشرها عبر وسائل التواصل الاجتماعي "
            "ومن المقترح مناقشتها في الاجتماع القادم"
        ),
        (
            "عمل بوسترات وبروشوات وفيديو ترويجي للمنصة لتشجيع المواطنين على "
            "استخدامها ونشر ذلك على المواقع الرسمية "
            "ومواقع التواصل الاجتماعي (مع الاعلانات المدفوعة)"
        ),
    ],
    "outputs": [
        "عقد اجتماع قادم يوم الاثنين الموافق 15\\2\\2021 لمناقشة محاور هذا الاجتماع",
    ],
    # Both items are put off "في الاجتماع القادم" = 15/2/2021; no owner named.
    "action_items": [
        {"text": "تحديد و الاتفاق على هذا المحتوى و شكل التدريب في الاجتماع القادم",
         "due": "2021-02-15", "status": "open"},
        {"text": "مناقشة خطة الاعلام بشكل مفصل في الاجتماع القادم بين محامون بلا حدود و مكتب المنسق الحكومي",
         "due": "2021-02-15", "status": "open"},
    ],
    "next_meeting": "2021-02-15",
    "notes": [],
}

MEETING_000: dict[str, Any] = {
    "format": "ogp-minutes/1",
    "language": "ar",
    "title": "محضر اجتماع لجنة تنفيذ الالتزام – الالتزام الأول",
    "plan": PLAN4_TITLE,
    "commitment": C1_TITLE,
    "committee": C1_COMMITTEE,
    # no "sequence": the minutes do not number the meeting
    "date": "2021-06-14",
    "mode": "in_person",  # not stated in the seed; assumed
    "objective": "مراجعة مستجدات تنفيذ الخطة والخطوات القادمة",
    "attendees": [
        {"name": "ختام الشنيكات", "organization": "سجل الجمعيات"},
        {"name": "محمود الحايك", "organization": "سجل الجمعيات"},
        {"name": "عواد العدوس", "organization": "دائرة مراقبة الشركات"},
        {"name": "لمى قطيشات", "organization": "دائرة مراقبة الشركات"},
        {"name": "مي عليمات", "organization": OGP_UNIT},
        {"name": "الاء الخضير", "organization": OGP_UNIT},
        {"name": "دانه مرعي", "organization": OGP_UNIT},
    ],
    "apologies": [],
    "discussion": [
        (
            "عرض منهجية الاستراتيجية الطوعية لمؤسسات المجتمع المدني وتعديل "
            "الإطار الزمني واعتماد النسخة النهائية لاستراتيجية."
        ),
        "مناقشة آلية بناء ونشر الاستبيان الذي يستهدف مؤسسات المجتمع المدني لجمع المعلومات.",
        (
            "ضرورة التركيز على العمل بشكل جماعي والتعاون بين الحكومة والمؤسسات "
            "وأهمية التنسيق بين اللجان والجهات الأخرى ذات العلاقة"
        ),
        (
            "الاتفاق أن الاستراتيجية ستكون ورقة استراتيجية ستقدم للحكومة للبناء عليها "
            "او تطويرها مستقبلا حسب الاحتياج والموارد المتوفرة"
        ),
        "يجب مراعاة أن يكون هناك تنوع بالمشاركين خاصة من مؤسسات المجتمع المدني.",
        "كتابة ورقة استراتيجية سوف ترتكز على التشاركية ومن المتوقع أن يكون عدد الصفحات من 3 إلى 4 صفحات.",
    ],
    "outputs": [
        (
            "ارسال مسودة الاستبيان للفريق يوم الخميس لابداء الملاحظات عليها وتقديم التغذية "
            "الراجعة ليتم اطلاقه للعامة في الفترة 20/6/2021 إلى 5/7/2021"
        ),
        "ارسال نتائج الاستبيان الى فريق سجل الجمعيات خلال ثلاث أيام بعد اغلاق الاستبيان. 9 أو 10/7/2021.",
        "سيكون دور سجل الجمعيات بارسال الدعوات (الكتب الرسمية) للوزارات المختصة.",
        "دعوة المانحين ومؤسسات المجتمع المدني عبر ارسال الايميل (فريق وزارة التخطيط).",
        "\n".join([
            (
                "عمل 3 جلسات تحقق (verification session)، مع المجتمع المدني والحكومة والمانحين "
                "وأن تكون هذه الجلسات في يوم 13/7/2021 بالأوقات التالية:"
            ),
            "· الساعة 9:00 إلى 10:30 صباحًا جلسة مع موظفي الحكومة",
            "· الساعة 11:00 الى 12:30 جلسة مع المانحين",
            "· الساعة 1:00 إلى 2:00 جلسة مع المجتمع المدني.",
        ]),
        "عدد المشاركين في كل جلسة 10 مشاركين.",
        (
            "عقد الجلسة مؤسسات المجتمع المدني وجاهيا مع أمكانية استخدام أدوات الاتصال أونلاين ليستطيع "
            "الافراد من المحافظات الأخرى حضورها عن بعد بحيث توجد فرصة حضورها بشكل وجاهي."
        ),
    ],
    # Dated actions from the outputs.  Owners only where the text names one.
    # * "يوم الخميس" after Monday 14/6/2021 = Thursday 17/6/2021.
    # * "9 أو 10/7/2021": the later day is the due date.
    # * "(فريق وزارة التخطيط)" = the ministry's people on the committee, i.e.
    #   the unit (مي عليمات، الاء الخضير، دانه مرعي).
    # * session times: "1:00 إلى 2:00" is afternoon (after the 11:00-12:30
    #   session), i.e. 13:00-14:00.
    "action_items": [
        {"text": "ارسال مسودة الاستبيان للفريق لابداء الملاحظات عليها وتقديم التغذية الراجعة",
         "due": "2021-06-17", "status": "open"},
        {"text": "اطلاق الاستبيان للعامة في الفترة 20/6/2021 إلى 5/7/2021",
         "due": "2021-06-20", "status": "open"},
        {"text": ("ارسال نتائج الاستبيان الى فريق سجل الجمعيات خلال ثلاث أيام بعد اغلاق الاستبيان "
                  "(9 أو 10/7/2021)"),
         "due": "2021-07-10", "status": "open"},
        {"text": "ارسال الدعوات (الكتب الرسمية) للوزارات المختصة",
         "owner": "سجل الجمعيات", "status": "open"},
        {"text": "دعوة المانحين ومؤسسات المجتمع المدني عبر ارسال الايميل",
         "owner": OGP_UNIT, "status": "open"},
        {"text": "جلسة تحقق (verification session) مع موظفي الحكومة، الساعة 09:00 إلى 10:30",
         "due": "2021-07-13", "status": "open"},
        {"text": "جلسة تحقق (verification session) مع المانحين، الساعة 11:00 إلى 12:30",
         "due": "2021-07-13", "status": "open"},
        {"text": "جلسة تحقق (verification session) مع المجتمع المدني، الساعة 13:00 إلى 14:00",
         "due": "2021-07-13", "status": "open"},
    ],
    "notes": [],
}

MEETING_001: dict[str, Any] = {
    "format": "ogp-minutes/1",
    "language": "ar",
    # 001's own title says 2021-2023; the plan is recorded as 2021-2025 (002).
    "title": "الاجتماع الثاني لمجموعة العمل الوطنية الخامسة لمبادرة شراكة الحكومات الشفافة 2021-2023",
    "plan": PLAN5_TITLE,
    "committee": NWG5,
    "sequence": 2,  # the 1st was held 15/7/2021 (001, "ثانياً")
    "date": "2021-07-28",
    "mode": "online",
    "location": "عن بعد عبر منصة زووم (ZOOM)",
    "attendees": [
        {"name": "مي عليمات", "organization": OGP_UNIT},
        {"name": "آيات الخطيب", "organization": OGP_UNIT},
        {"name": "ختام الشنيكات", "organization": "سجل الجمعيات"},
        {"name": "ندى خاطر", "organization": "وزارة الاقتصاد الرقمي"},
        {"name": "هيلدا عجيلات", "organization": "مركز الشفافية الأردني"},
        {"name": "محمد قريوتي", "organization": "المنتدى الاقتصادي الاردني"},
        {"name": "صهيب ربابعه", "organization": "مركز وسطاء التغيير للتنمية المستدامة"},
        {"name": "ديما جويحان", "organization": "الجمعية الملكية للتوعية الصحية"},
        {"name": "دانه مرعي", "organization": OGP_UNIT},
    ],
    # Seed writes "لما قطيشات"; see PEOPLE.
    "apologies": [
        {"name": "لمى قطيشات", "organization": "دائرة مراقبة الشركات"},
    ],
    "discussion": [
        "\n".join([
            (
                "أولا: في بداية الاجتماع تم الحديث عن المعايير وآلية التقييم واستعراض أهم النقاط "
                "التي يجب التركيز عليها خلال المقابلات مع مقدمي الطلبات المقترحة."
            ),
            "المعايير الأساسية التي تم تقييم طلبات الالتزامات على أساسها هي:",
            "· أهمية الفكرة وكونها رائدة ومميزة",
            "· انسجامها مع التوجه العالمي",
            (
                "· انسجامها مع قيم مبادرة شراكة الحكومات الشفافة (إتاحة الوصول إلى المعلومات، "
                "المسائلة، المشاركة الشعبية، الانفتاح على التكنولوجيا والابتكار)"
            ),
            "· انسجامها مع الأولويات الاستراتيجية الوطنية",
            "· فيما إذا كان الالتزام من ضمن صلاحيات عمل الحكومة",
        ]),
        (
            "ثانياً: تم اجراء المقابلات عن بعد عبر منصة زووم (ZOOM) مع مقدمي الطلبات "
            "المقترحة الذين تم اختيارهم خلال الاجتماع الأول "
            "لأعضاء مجموعة العمل والذي عقد بتاريخ ١٥/7/2021، حيث تم تقييم هذه الطلبات "
            "بناءً على الأسس والمعايير التي تم ذكرها بالأعلى، "
            "وتم التواصل معهم بتاريخ 18/7/2021 واعلامهم بأنهم تأهلوا للمرحلة التالية "
            "وهي مرحلة اجراء المقابلات مع الجهات من مقدمي الطلبات."
        ),
        (
            "ثالثًا: تم الاستماع الى مقدمي الالتزامات المقترحة وطرح الأسئلة لتوضيح الالتزامات بشكل أفضل، "
            "وشملت الأسئلة حول أهم ما يمكن العمل عليه لتكوين الالتزام، وهل يوجد "
            "خطط واستراتيجيات ترتبط بالالتزام المقترح، "
            "وكيف يمكن أن يساهم الالتزام المقترح في حل وتحسين المشكلة العامة التي تم طرحها."
        ),
    ],
    "outputs": [
        (
            "بعد تقييم الأفكار بناءً على المعايير التي تم نشرها سابقًا، تم اختيار سبع (٧) "
            "أفكار مقترحة وذلك حسب إجماع معظم أعضاء مجموعة العمل "
            "كون الأفكار رائدة ومميزة وتنسجم مع التوجه العالمي وقيم مبادرة "
            "شراكة الحكومات الشفافة والاولويات الوطنية، "
            "حيث في المرحلة القادمة وهي مرحلة تصفية الأفكار الى خمس التزامات "
            "التي سيتم تنفيذها من خلال الخطة الوطنية الخامسة "
            "لشراكة الحكومات الشفافة حسب المنهجية المنشورة."
        ),
        (
            "أجمع أعضاء مجموعة العمل على ارسال كتب رسمية للجهات الحكومية "
            "ذات العلاقة بالالتزامات التي تم اختيارها، "
            "وذلك ليتم تنسيق اجتماعات بناءً على ردود الجهات الحكومية؛ للنقاش "
            "معهم حول الأفكار المقترحة للتأكد من جدواها "
            "وارتباطها مع صلاحيات وخطة عملهم، إضافة الى بحث سبل تطويرها بما ينسجم "
            "مع المعايير الحكومية والموارد والتوجهات الحالية، "
            "وتهدف هذه الخطوة الي تعزيز الشراكة والتعاون بين الجهات الحكومية ذات "
            "العلاقة والجهات غير الحكومية التي قدمت هذه الاقتراحات "
            "للوصل معا الى تطوير التزامات طموحة وذكية."
        ),
    ],
    # Undated, no owner named in the minutes.
    "action_items": [
        {"text": "ارسال كتب رسمية للجهات الحكومية ذات العلاقة بالالتزامات التي تم اختيارها",
         "status": "open"},
    ],
    # Footnotes 1-3 of the minutes, in order (they point to attachments that
    # the seeds do not include).
    "notes": [
        "مرفقًا مقترحات الالتزامات والمعايير الأساسية التي تم تقييم طلبات الالتزامات على أساسها.",
        "جدول المواعيد لهذه الجهات.",
        "مواضيع الالتزامات المقترحة التي تم اختيارها.",
    ],
}

MEETINGS: list[dict[str, Any]] = [MEETING_003, MEETING_004, MEETING_000, MEETING_001]


# ---------------------------------------------------------------------------
# Self-check
# ---------------------------------------------------------------------------
def summary() -> dict[str, int]:
    """Counts of the demo records (expected: 2 plans, 5 commitments, 7 phases,
    17 steps, 5 committees, 4 meetings, 16 people, 12 organisations)."""
    return {
        "plans": len(PLANS),
        "commitments": sum(len(p["commitments"]) for p in PLANS),
        "phases": sum(len(p["phases"]) for p in PLANS),
        "steps": sum(len(ph["steps"]) for p in PLANS for ph in p["phases"]),
        "committees": len(COMMITTEES),
        "meetings": len(MEETINGS),
        "people": len(PEOPLE),
        "organisations": len(ORGANISATIONS),
    }
