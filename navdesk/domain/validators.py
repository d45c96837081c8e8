"""Small field validators shared by forms, the first-start set-up, the demo and the import.

Each returns None when the value is fine, or a translated message to show next to the field.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from navdesk.i18n import _

# [0-9], not \d: \d also takes other scripts' digits (e.g. "٣٣٢٤"), which no register uses.
MUNICIPALITY_NUMBER = re.compile(r"[0-9]{4}")
OFFICE_CODE = re.compile(r"[A-ZÆØÅ][A-ZÆØÅ0-9]{1,7}")
LOGIN = re.compile(r"[a-z][a-z0-9._-]{1,39}")
# Control characters (incl. NUL, which PostgreSQL refuses to store), lone surrogates (which cannot be
# written as UTF-8 at all) and line or paragraph separators have no place in a one-line field.
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})
MIN_PASSWORD_LENGTH = 8


def required(value: str, max_length: int = 200) -> str | None:
    text = value.strip()
    if not text:
        return _("This field is required.")
    if len(text) > max_length:
        return _("At most {count} characters.").format(count=max_length)
    if has_control_characters(text):
        return _("Control characters are not allowed.")
    return None


def has_control_characters(text: str) -> bool:
    return any(unicodedata.category(ch) in _FORBIDDEN_CATEGORIES for ch in text)


def municipality_number(value: str) -> str | None:
    if not MUNICIPALITY_NUMBER.fullmatch(value.strip()):
        return _("A municipality number has four digits, e.g. 3324.")
    return None


def office_code(value: str) -> str | None:
    if not OFFICE_CODE.fullmatch(value.strip()):
        return _("2–8 capital letters or digits, starting with a letter, e.g. GOL.")
    return None


def login(value: str) -> str | None:
    if not LOGIN.fullmatch(value.strip()):
        return _("2–40 small letters, digits, dot, dash or underscore, starting with a letter.")
    return None


def new_password(password: str, repeated: str, *, login_name: str = "") -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("The password must have at least {count} characters.").format(count=MIN_PASSWORD_LENGTH)
    if any(unicodedata.category(ch) == "Cs" for ch in password):
        return _("The password contains characters that cannot be used.")
    if login_name and password.lower() == login_name.lower():
        return _("The password must not be the same as the user name.")
    if password != repeated:
        return _("The two passwords are not the same.")
    return None


def date_range(starts: date | None, ends: date | None) -> str | None:
    if starts is not None and ends is not None and ends < starts:
        return _("The end date is before the start date.")
    return None


def percent(value: int) -> str | None:
    if not 0 <= value <= 100:
        return _("A percentage from 0 to 100.")
    return None


SERVICE_CODE = re.compile(r"[a-z][a-z0-9_]{1,39}")


def service_code(value: str) -> str | None:
    if not SERVICE_CODE.fullmatch(value.strip()):
        return _("2–40 small letters, digits or underscore, starting with a letter, e.g. oko_stonad.")
    return None


def whole_number(value: int, low: int, high: int) -> str | None:
    if not low <= value <= high:
        return _("A whole number from {low} to {high}.").format(low=low, high=high)
    return None


def optional(value: str, max_length: int = 200) -> str | None:
    """Like `required`, but an empty value is fine."""
    return required(value, max_length) if value.strip() else None


EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def email(value: str) -> str | None:
    """Optional; when given it must look like an address."""
    text = value.strip()
    if text and (len(text) > 120 or not EMAIL.fullmatch(text) or has_control_characters(text)):
        return _("An e-mail address like ola.nordmann@nav.no.")
    return None
