"""Realistic minutes used by the PDF tests (modelled on real minutes of the Open Government
Unit, with English words, dates, times, percentages, brackets and harakat)."""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw

FINGERPRINT = "3b7d0c5e9a41f2c8d6e0b1a7c4f9e2d85a6b3c1e0f7d9a2b4c6e8f0a1b3d5c7e"


def _photo(width: int, height: int, hue: int, fmt: str = "JPEG") -> bytes:
    im = Image.new("RGB", (width, height))
    px = im.load()
    for y in range(0, height):
        for x in range(0, width, 1):
            px[x, y] = ((x * 255 // width + hue) % 256, (y * 255 // height) % 256, (hue * 3) % 256)
    d = ImageDraw.Draw(im)
    d.ellipse((width * 0.3, height * 0.2, width * 0.7, height * 0.8), outline=(255, 255, 255), width=8)
    d.rectangle((20, 20, width - 20, height - 20), outline=(20, 20, 20), width=6)
    buf = io.BytesIO()
    im.save(buf, fmt, quality=85) if fmt == "JPEG" else im.save(buf, fmt)
    return buf.getvalue()


def _signature_png() -> bytes:
    im = Image.new("RGBA", (420, 140), (255, 255, 255, 0))
    d = ImageDraw.Draw(im)
    pts = [(20 + t * 3.8, 80 + 35 * math.sin(t / 9.0) * math.cos(t / 23.0)) for t in range(100)]
    d.line(pts, fill=(15, 35, 110, 255), width=5)
    d.line([(60, 110), (360, 100)], fill=(15, 35, 110, 255), width=3)
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def _logo_png() -> bytes:
    im = Image.new("RGBA", (300, 300), (255, 255, 255, 0))
    d = ImageDraw.Draw(im)
    d.ellipse((10, 10, 290, 290), fill=(31, 58, 95, 255))
    d.ellipse((70, 70, 230, 230), fill=(255, 255, 255, 255))
    d.rectangle((135, 40, 165, 260), fill=(190, 30, 45, 255))
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


LETTERHEAD = {"ministry": "وزارة التخطيط والتعاون الدولي", "unit": "وحدة الحكومة الشفافة",
              "logo": _logo_png()}
LETTERHEAD_EN = {"ministry": "Ministry of Planning and International Cooperation",
                 "unit": "Open Government Unit", "logo": _logo_png()}

PHOTOS = [
    {"name": "image1.jpeg", "caption": "جانب من الاجتماع في قاعة الوزارة", "data": _photo(1200, 800, 40)},
    {"name": "image2.png", "caption": "عرض نتائج الاستبيان (Google Form)",
     "data": _photo(640, 480, 160, "PNG")},
]


def arabic_doc(**over) -> dict:
    doc = {
        "format": "ogp-minutes/1",
        "language": "ar",
        "title": "محضر اجتماع لجنة تنفيذ الالتزام الأول",
        "plan": "الخطة الوطنية الرابعة لشراكة الحكومات الشفافة 2018-2020",
        "commitment": "الالتزام الأول: تعزيز دور مؤسسات المجتمع المدني",
        "committee": "لجنة تنفيذ الالتزام",
        "date": "2021-06-14",
        "start": "09:00",
        "end": "10:30",
        "mode": "online",
        "location": "منصة زووم (ZOOM)",
        "objective": "مراجعة مستجدات تنفيذ الخطة والخطوات القادمة (ملاحظة) ومتابعة عمل فريق Task Force.",
        "attendees": [
            {"name": "ختام الشنيكات", "organization": "سجل الجمعيات"},
            {"name": "محمود الحايك", "organization": "سجل الجمعيات"},
            {"name": "عواد العدوس", "organization": "دائرة مراقبة الشركات"},
            {"name": "مي عليمات", "organization": "وحدة الحكومة الشفافة/ وزارة التخطيط والتعاون الدولي"},
            {"name": "دانه مرعي", "organization": None},
        ],
        "apologies": [{"name": "لمى قطيشات", "organization": "دائرة مراقبة الشركات"}],
        "other_participants": 4,
        "discussion": [
            "عرض منهجية الاستراتيجية الطوعية لمؤسسات المجتمع المدني وتعديل الإطار الزمني واعتماد النسخة "
            "النهائية للاستراتيجية.",
            "مناقشة آلية بناء ونشر الاستبيان عبر Google Form الذي يستهدف مؤسسات المجتمع المدني لجمع "
            "المعلومات، "
            "وبلغت نسبة الاستجابة الأولية 65% من العينة المستهدفة.",
            "الاتفاق على عقد جلسة بتاريخ 14/6/2021 من الساعة 9:00 - 10:30 عبر ZOOM (ملاحظة) مع فريق "
            "Task Force.\n"
            "ثانياً: تم التأكيد على أهمية التنسيق بين اللجان والجهات الأخرى ذات العلاقة.",
            "قالَ المُنَسِّقُ: إنَّ المُشارَكَةَ مَسؤولِيَّةٌ مُشتَرَكَةٌ بين الحكومة والمجتمع المدني.",
        ],
        "outputs": [
            "إرسال مسودة الاستبيان للفريق يوم الخميس لإبداء الملاحظات عليها ليتم إطلاقه للعامة في الفترة "
            "20/6/2021 إلى 5/7/2021.",
            "سيكون دور سجل الجمعيات إرسال الدعوات (الكتب الرسمية) للوزارات المختصة، والتواصل عبر البريد "
            "ogp@mop.gov.jo.",
            "رصد مبلغ 1,250.5 دينار لتغطية تكاليف الجلسات.",
        ],
        "action_items": [
            {"text": "إرسال مسودة الاستبيان (Google Form) إلى أعضاء اللجنة", "owner": "مي عليمات",
             "due": "2021-06-17", "status": "done"},
            {"text": "توجيه الكتب الرسمية للوزارات المختصة", "owner": "سجل الجمعيات",
             "due": "2021-06-24", "status": "open"},
            {"text": "تنظيم جلسة تحقق (verification session) مع المانحين", "owner": None,
             "due": None, "status": "cancelled"},
        ],
        "next_meeting": "2019-09-30",
        "notes": [
            "تم إعداد هذا المحضر بناءً على الملاحظات المدونة خلال الاجتماع.",
            "يُرجى إرسال أي تعديلات خلال أسبوع من تاريخه.",
        ],
        "id": 17,
        "uuid": "5e0deb0f-9737-361f-8a2b-1c3d4e5f6a7b",
        "version": 2,
        "sequence": 3,
        "status": "draft",
        "photos": list(PHOTOS),
        "signatures": [],
        "fingerprint": None,
    }
    doc.update(over)
    return doc


LONG_DISCUSSION = [
    "في بداية الاجتماع تم الحديث عن المعايير وآلية التقييم واستعراض أهم النقاط التي يجب التركيز عليها خلال "
    "المقابلات مع مقدمي الطلبات المقترحة.",
    "المعايير الأساسية التي تم تقييم طلبات الالتزامات على أساسها هي:\n"
    "أهمية الفكرة وكونها رائدة ومميزة\n"
    "انسجامها مع التوجه العالمي\n"
    "انسجامها مع قيم مبادرة شراكة الحكومات الشفافة (إتاحة الوصول إلى المعلومات، المساءلة، المشاركة الشعبية، "
    "الانفتاح على التكنولوجيا والابتكار)\n"
    "انسجامها مع الأولويات الاستراتيجية الوطنية",
    "تم إجراء المقابلات عن بعد عبر منصة زووم (ZOOM) مع مقدمي الطلبات المقترحة الذين تم اختيارهم خلال "
    "الاجتماع الأول لأعضاء مجموعة العمل والذي عقد بتاريخ 15/7/2021، "
    "حيث تم تقييم هذه الطلبات بناءً على الأسس والمعايير التي تم ذكرها بالأعلى، وتم التواصل معهم بتاريخ "
    "18/7/2021 وإعلامهم بأنهم تأهلوا للمرحلة التالية وهي مرحلة إجراء المقابلات مع الجهات من مقدمي الطلبات.",
    "تم الاستماع إلى مقدمي الالتزامات المقترحة وطرح الأسئلة لتوضيح الالتزامات بشكل أفضل، وشملت الأسئلة حول "
    "أهم ما يمكن العمل عليه لتكوين الالتزام، "
    "وهل يوجد خطط واستراتيجيات ترتبط بالالتزام المقترح، وكيف يمكن أن يساهم الالتزام المقترح في حل وتحسين "
    "المشكلة العامة التي تم طرحها.",
    "اقتراح تدريب ضباط الارتباط وعددهم (300) تقريبا وجاهيا حيث يشمل التدريب مكونين أساسيين وهما:\n"
    "1. المكون الأول (المكون الفني) ويقوم به المهندس مجدي الزعبي\n"
    "2. المكون الثاني يتضمن محتوى عن حقوق الإنسان وستقوم به مؤسسة محامون بلا حدود",
    "اقتراح أن تكون الجلسات التدريبية تدريبين في يوم واحد وفي أوقات مختلفة (20 شخصا في كل ورشة) أو أن يكون "
    "هناك تبادل في الجلسات بين المحتوى الفني والمحتوى الحقوقي.",
    "جاهزية المنصة للإطلاق (منصة بخدمتكم) وبحسب المهندس مجدي الزعبي تقنيا المنصة جاهزة للإطلاق لكن يجب إنهاء "
    "البرنامج التدريبي أولا والخطة الإعلامية بالإضافة إلى متابعة الموافقات الحكومية الداخلية.",
    "خطة الإعلام لإطلاق منصة بخدمتكم: تم نقاش محتوى خطة الإعلام المبدئية ويمكن عرضها على لجنة الالتزام لاحقا "
    "لأخذ التغذية الراجعة ومناقشتها بشكل مفصل في الاجتماع القادم بين محامون بلا حدود ومكتب المنسق الحكومي، "
    "حيث من المقترح أن تحتوي الخطة الإعلامية على إطلاق رسمي من خلال تقنية الزووم (ZOOM) تحت رعاية الحكومة "
    "ليتحدث عن أهمية المنصة وإطار عملها وكيف تم تطويرها بالشراكة بين المؤسسات الحكومية والمجتمع المدني، "
    "على أن يصاحب ذلك تغطية إعلامية واسعة في الصحف اليومية وتنظيم لقاءات متلفزة وإذاعية بالإضافة إلى نشرها "
    "عبر وسائل التواصل الاجتماعي.",
    "عمل بوسترات وبروشورات وفيديو ترويجي للمنصة لتشجيع المواطنين على استخدامها ونشر ذلك على المواقع الرسمية "
    "ومواقع التواصل الاجتماعي (مع الإعلانات المدفوعة).",
]


def long_doc(**over) -> dict:
    doc = arabic_doc(
        title="الاجتماع الثاني لمجموعة العمل الوطنية الخامسة لمبادرة شراكة الحكومات الشفافة 2021-2023",
        discussion=LONG_DISCUSSION * 2,
        outputs=[
            "بعد تقييم الأفكار بناءً على المعايير التي تم نشرها سابقًا، تم اختيار سبع (7) أفكار مقترحة وذلك "
            "حسب إجماع معظم أعضاء مجموعة العمل "
            "كون الأفكار رائدة ومميزة وتنسجم مع التوجه العالمي وقيم مبادرة شراكة الحكومات الشفافة والأولويات "
            "الوطنية.",
            "أجمع أعضاء مجموعة العمل على إرسال كتب رسمية للجهات الحكومية ذات العلاقة بالالتزامات التي تم "
            "اختيارها، وذلك ليتم تنسيق اجتماعات بناءً على ردود الجهات الحكومية؛ "
            "للنقاش معهم حول الأفكار المقترحة للتأكد من جدواها وارتباطها مع صلاحيات وخطة عملهم.",
            "عقد اجتماع قادم يوم الاثنين الموافق 15/2/2021 لمناقشة محاور هذا الاجتماع.",
        ],
        action_items=[
            {"text": f"متابعة البند رقم {i} مع الجهة المعنية وإرسال التقرير إلى وحدة الحكومة الشفافة",
             "owner": "مي عليمات", "due": f"2021-07-{i + 10:02d}", "status": "open"}
            for i in range(1, 9)
        ],
        photos=[],
    )
    doc.update(over)
    return doc


def english_doc(**over) -> dict:
    doc = {
        "format": "ogp-minutes/1",
        "language": "en",
        "title": "Fifth National Action Plan working group, second meeting",
        "plan": "Fifth National Action Plan 2021-2023",
        "commitment": None,
        "committee": "National working group",
        "date": "2021-07-28",
        "start": "11:00",
        "end": "12:30",
        "mode": "hybrid",
        "location": "Ministry of Planning, meeting room 2, and ZOOM",
        "objective": "Interview the proponents of the proposed commitments (shortlist of 12).",
        "attendees": [
            {"name": "Mai Olaimat", "organization": "Open Government Unit"},
            {"name": "Hilda Ajeilat", "organization": "Jordan Transparency Center"},
            {"name": "ختام الشنيكات", "organization": "سجل الجمعيات"},
        ],
        "apologies": [{"name": "Lama Qteishat", "organization": "Companies Control Department"}],
        "other_participants": None,
        "discussion": [
            "The criteria were reviewed: novelty, alignment with OGP values (access to information, "
            "accountability, "
            "public participation) and with national priorities; 65% of the proposals met all of them.",
            "Interviews were held over ZOOM on 18/7/2021 from 9:00 - 10:30 with the Task Force.",
        ],
        "outputs": ["Seven (7) ideas were shortlisted.",
                    "Official letters will be sent to the ministries concerned."],
        "action_items": [{"text": "Send the letters", "owner": "Civil Society Registry", "due": "2021-08-05",
                          "status": "open"}],
        "next_meeting": "2021-08-11",
        "notes": ["Attachment: interview schedule (Google Form export)."],
        "id": 21,
        "uuid": "2d06250c-1063-50cd-9e8f-7a6b5c4d3e2f",
        "version": 1,
        "sequence": 2,
        "status": "approved",
        "photos": [],
        "signatures": [],
        "fingerprint": None,
    }
    doc.update(over)
    return doc


def signed_doc(**over) -> dict:
    doc = arabic_doc(
        status="signed",
        version=3,
        fingerprint=FINGERPRINT,
        signatures=[
            {"name": "دانه مرعي", "role": "ضابط ارتباط، وحدة الحكومة الشفافة", "meaning": "prepared",
             "signed_at": "2021-06-14T10:30:00+03:00", "image": _signature_png()},
            {"name": "مي عليمات", "role": "رئيسة وحدة الحكومة الشفافة", "meaning": "approved",
             "signed_at": "2021-06-15T09:05:00+03:00", "image": None},
        ],
    )
    doc.update(over)
    return doc
