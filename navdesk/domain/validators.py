"""Small field validators shared by forms, the first-start set-up, the demo and the import.

Each returns None when the value is fine, or a translated message to show next to the field.
"""

from __future__ import annotations

import re
from datetime import date

from navdesk.i18n import _

MUNICIPALITY_NUMBER = re.compile(r"^\d{4}$")
OFFICE_CODE = re.compile(r"^[A-ZÆØÅ][A-ZÆØÅ0-9]{1,7}$")
LOGIN = re.compile(r"^[a-z][a-z0-9._-]{1,39}$")
MIN_PASSWORD_LENGTH = 8


def required(value: str, max_length: int = 200) -> str | None:
    text = value.strip()
    if not text:
        return _("This field is required.")
    if len(text) > max_length:
        return _("At most {count} characters.").format(count=max_length)
    if any(ord(ch) < 32 for ch in text):
        return _("Control characters are not allowed.")
    return None


def municipality_number(value: str) -> str | None:
    if not MUNICIPALITY_NUMBER.match(value.strip()):
        return _("A municipality number has four digits, e.g. 3324.")
    return None


def office_code(value: str) -> str | None:
    if not OFFICE_CODE.match(value.strip()):
        return _("2–8 capital letters or digits, starting with a letter, e.g. GOL.")
    return None


def login(value: str) -> str | None:
    if not LOGIN.match(value.strip()):
        return _("2–40 small letters, digits, dot, dash or underscore, starting with a letter.")
    return None


def new_password(password: str, repeated: str, *, login_name: str = "") -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("The password must have at least {count} characters.").format(count=MIN_PASSWORD_LENGTH)
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


SERVICE_CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


def service_code(value: str) -> str | None:
    if not SERVICE_CODE.match(value.strip()):
        return _("2–40 small letters, digits or underscore, starting with a letter, e.g. oko_stonad.")
    return None


def whole_number(value: int, low: int, high: int) -> str | None:
    if not low <= value <= high:
        return _("A whole number from {low} to {high}.").format(low=low, high=high)
    return None


def optional(value: str, max_length: int = 200) -> str | None:
    """Like `required`, but an empty value is fine."""
    return required(value, max_length) if value.strip() else None


EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def email(value: str) -> str | None:
    """Optional; when given it must look like an address."""
    text = value.strip()
    if text and (len(text) > 120 or not EMAIL.match(text)):
        return _("An e-mail address like ola.nordmann@nav.no.")
    return None
