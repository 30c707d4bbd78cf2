"""Bidi levels from GNU FriBidi: loaded on first use, a clear error without it, and the same
display order as python-bidi's independent implementation where both must agree."""

from __future__ import annotations

import subprocess
import sys
import unicodedata

from bidi import get_display
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ogp_desktop.pdf import fribidi
from ogp_desktop.pdf.bidi import LTR, RTL, bidi_levels, mirror_look, reorder_line
from ogp_desktop.pdf.line_breaking import display
from ogp_desktop.pdf.shaping import shape

# Arabic and Latin letters, digits (Western and Arabic-Indic), brackets, separators, spaces
_TEXT = st.lists(st.sampled_from(list("مرحبا بكم في الاجتماع") + list("Google Form ZOOM") +
                                 list("0123456789") + ["\u0660", "\u0661"] + list("()[]{}«»") +
                                 list(" .,:;-/%+#")), max_size=60).map("".join)


def test_the_library_is_loaded_on_first_use_and_its_absence_is_explained():
    code = (
        "import ogp_desktop.pdf.fribidi as F, ogp_desktop.pdf.flowables;"
        "assert F._lib is None, 'loaded at import';"
        "F._candidates = lambda: ['libfribidi-missing.so.0'];"
        "F.embedding_levels('abc', True)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 1
    assert "FriBidiUnavailable" in r.stderr and fribidi.INSTALL_HINT["linux"].split(";")[0] in r.stderr
    assert "libfribidi0" in fribidi.INSTALL_HINT["linux"]


def test_levels_are_per_code_point_outside_the_basic_plane():
    # FriBidiChar is UTF-32: one level per Python character, astral ones included
    assert fribidi.embedding_levels("ab\U0001f600c", False) == [0, 0, 0, 0]
    assert fribidi.embedding_levels("", True) == []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT, st.sampled_from([RTL, LTR]))
def test_display_order_agrees_with_python_bidi(text, direction):
    # no controls, no paragraph separators: both implement rules P2-L2 of UAX #9 on one line
    # (reorder_line drops nothing), so both must give the same visual order; python-bidi's
    # get_display does not mirror (L4), so the order is compared before mirroring
    shaped = shape(text)
    assert not any(unicodedata.category(c) == "Cf" for c in shaped)
    rtl = direction == RTL
    visual, mirrored = reorder_line(shaped, bidi_levels(shaped, rtl), rtl)
    assert visual == get_display(shaped, base_dir="R" if rtl else "L")
    assert mirror_look(visual, mirrored) == display(text, direction)
