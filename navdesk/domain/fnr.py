"""Fødselsnummer and D-number: validation with python-stdnum, plus synthetic test numbers.

Synthetic numbers (Skatteetaten's test convention: birth month + 80) can never collide with a real
person. They are accepted only where the caller allows them (a demo or test database).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import fodselsnummer as stdnum_fnr

from navdesk.i18n import _

SYNTHETIC_MONTH_OFFSET = 80


@dataclass(frozen=True)
class Fnr:
    number: str  # 11 digits, no spaces
    birth_date: date
    is_d_number: bool
    is_synthetic: bool


class InvalidFnr(ValueError):
    """The message is translated and fit to show next to the field."""


def compact(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and ch not in ".-")


def _all_digits(text: str) -> bool:
    # str.isdigit() also takes other scripts' digits and superscripts ("²"), which int() may refuse.
    return text.isascii() and text.isdigit()


def is_synthetic(number: str) -> bool:
    return len(number) == 11 and _all_digits(number) and int(number[2:4]) > SYNTHETIC_MONTH_OFFSET


def _as_real_shape(number: str) -> str:
    """The same number with the synthetic month offset removed, for the birth-date rules."""
    if not is_synthetic(number):
        return number
    month = int(number[2:4]) - SYNTHETIC_MONTH_OFFSET
    return number[:2] + f"{month:02d}" + number[4:]


def parse(text: str, *, allow_synthetic: bool, today: date | None = None) -> Fnr:
    """Validate a fødselsnummer or D-number; raise InvalidFnr with a message for the user."""
    number = compact(text)
    if len(number) != 11 or not _all_digits(number):
        raise InvalidFnr(_("A fødselsnummer has 11 digits."))
    synthetic = is_synthetic(number)
    if synthetic and not allow_synthetic:
        raise InvalidFnr(_("This is a synthetic test number; it is accepted only in a demo or test database."))
    if number[9] != stdnum_fnr.calc_check_digit1(number) or number[10] != stdnum_fnr.calc_check_digit2(number):
        raise InvalidFnr(_("The check digits do not match; please check the number."))
    try:
        birth = stdnum_fnr.get_birth_date(_as_real_shape(number))
    except StdnumError:
        raise InvalidFnr(_("The number does not contain a valid birth date.")) from None
    if birth > (today or date.today()):
        raise InvalidFnr(_("The birth date in the number lies in the future."))
    return Fnr(number=number, birth_date=birth, is_d_number=int(number[0]) >= 4, is_synthetic=synthetic)


def make_synthetic(birth: date, rng: random.Random, *, d_number: bool = False) -> str:
    """A valid synthetic number for `birth` (month + 80); D-numbers add 4 to the first digit."""
    day = birth.day + (40 if d_number else 0)
    month = birth.month + SYNTHETIC_MONTH_OFFSET
    yy = birth.year % 100
    while True:
        if 1900 <= birth.year <= 1999:
            individual = rng.randint(0, 499)
        elif birth.year >= 2000:
            individual = rng.randint(500, 999)
        else:
            raise ValueError("synthetic numbers are made for 1900 and later")
        stem = f"{day:02d}{month:02d}{yy:02d}{individual:03d}"
        k1 = stdnum_fnr.calc_check_digit1(stem)
        if k1 == "10" or len(k1) != 1:
            continue
        k2 = stdnum_fnr.calc_check_digit2(stem + k1)
        if k2 == "10" or len(k2) != 1:
            continue
        return stem + k1 + k2
