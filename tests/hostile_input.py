"""Hypothesis strategies for what users (and pasted text) throw at a form: shared by the property tests.

Importable as `hostile_input` because tests/conftest.py puts this folder on sys.path (pytest's default).
"""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

SAMPLES = (
    "",
    " ",
    "Gol",
    "  NAV Gol og Hemsedal  ",
    "Robert'); DROP TABLE municipality;--",
    "' OR '1'='1",
    "1; DELETE FROM staff",
    "\u202eloG",  # right-to-left override
    "\u200fمحمد\u200f",  # right-to-left marks around an Arabic name
    "\u2066Ål\u2069",
    "Nes\x00byen",
    "Hol\x07",
    "Flå\r\nHol",
    "Ål\u2028Hol",
    "\ufeffGol",
    "Gol\x85",
    "\ud800",  # a lone surrogate: not encodable as UTF-8
    "x" * 5000,
    "Ø" * 101,
    "٣٣٢٤",  # Arabic-Indic digits
    "３３２４",  # full-width digits
    "33 24",
    "3324\n",
    "²³¹⁴",
    "GOL",
    "gol",
    "ÆØÅ",
    "%s%s%n",
    "{name}",
    "<script>alert(1)</script>",
    "NULL",
    "31.02.1990",
    "12 34 56 78 901",
    "010180 123 45",
)

hostile_text = st.one_of(
    st.sampled_from(SAMPLES),
    st.text(max_size=60),
    st.text(st.characters(codec="utf-8"), min_size=90, max_size=260),
    st.text(st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Nd", "No", "Lo"]), max_size=20),
    st.builds(lambda a, b: a + b, st.sampled_from(SAMPLES), st.text(max_size=20)),
)
digits_text = st.one_of(
    st.text("0123456789 .-", max_size=16),
    st.text(st.characters(categories=["Nd", "No", "Zs"]), max_size=14),
    st.sampled_from(SAMPLES),
)
dates = st.dates(min_value=date(1850, 1, 1), max_value=date(2150, 12, 31))
