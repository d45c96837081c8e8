"""How the card puts stored codes and facts into words: service names, labels, ages, state details."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import Any

from babel import Locale, UnknownLocaleError

from navdesk.domain.case_codes import Outcome
from navdesk.domain.catalogue import default_service
from navdesk.domain.codes import Hovedmal, Innsatsgruppe, label
from navdesk.i18n import _, format_percent_whole, locale
from navdesk.store.models import ServiceCase


def service_default_name(code: str) -> str:
    default = default_service(code)
    return default.name if default is not None else code


def age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def language_name(code: str) -> str:
    try:
        return Locale.parse(code).get_display_name(locale()) or code
    except (ValueError, UnknownLocaleError):
        return code


def _code_label(kind: type[StrEnum], code: str) -> str:
    try:
        return label(kind(code))
    except ValueError:
        return code


def innsats_label(code: str) -> str:
    return _code_label(Innsatsgruppe, code) if code else ""


def hovedmal_label(code: str) -> str:
    return _code_label(Hovedmal, code) if code else ""


def is_running_kvp(case: ServiceCase, today: date) -> bool:
    return (case.service_code == "kvp" and case.outcome in (Outcome.GRANTED, Outcome.PARTLY_GRANTED)
            and case.closed_at is None
            and (case.starts_on is None or case.starts_on <= today)
            and (case.ends_on is None or today <= case.ends_on))


_DETAIL_LABELS: dict[str, Callable[[Any], str]] = {
    "grade": lambda v: _("Grade: {percent}").format(percent=format_percent_whole(float(v))),
    "employer": lambda v: _("Employer: {name}").format(name=v),
    "tiltak": lambda v: _("Measure: {name}").format(name=v),
    "provider": lambda v: _("Provider: {name}").format(name=v),
    "weeks": lambda v: _("Period: {weeks} weeks").format(weeks=v),
    "note": lambda v: str(v),
}


def detail_lines(details: str) -> tuple[str, ...]:
    try:
        data = json.loads(details or "{}")
    except ValueError:
        return ()
    if not isinstance(data, dict):
        return ()
    return tuple(_DETAIL_LABELS[key](value) if key in _DETAIL_LABELS else f"{key}: {value}"
                 for key, value in data.items())
