"""Rules for a person's registration data, shared by the register form and the client import.

Each check returns None when the value is fine, or a translated message to show next to the field.
`form_problems` checks a whole registration at once, so that both roads in give the same answers.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Container, Sequence
from dataclasses import dataclass
from datetime import date

from babel import Locale

from navdesk.domain import fnr, validators
from navdesk.domain.codes import HouseholdRelation
from navdesk.i18n import _, locale

NAME_MAX = 100
ADDRESS_MAX = 200
PLACE_MAX = 100
EMAIL_MAX = 120
ADULT_AGE = 18
HOUSEHOLD_MAX = 20

_PHONE_SEPARATORS = re.compile(r"[\s().-]")
_NORWEGIAN_PHONE = re.compile(r"\d{8}")
_FOREIGN_PHONE = re.compile(r"\+(?!47)\d{7,15}")
_POSTAL_CODE = re.compile(r"\d{4}")

# The languages offered first: Norwegian and Sami, then those most often needed at a NAV office.
COMMON_LANGUAGES: tuple[str, ...] = (
    "nb", "nn", "se", "en", "pl", "lt", "uk", "ru", "ar", "so", "ti", "am", "fa", "ps", "ku", "tr", "ur",
    "vi", "th", "tl", "ro", "es", "de", "sv", "da",
)
_KNOWN_LANGUAGES = Locale("en").languages


@dataclass(frozen=True)
class HouseholdEntry:
    relation: HouseholdRelation
    first_name: str = ""
    birth_date: date | None = None


@dataclass(frozen=True)
class PersonForm:
    """A person's registration data as typed (the register form and one row of the import)."""

    fnr: str
    first_name: str
    last_name: str
    residence_municipality_id: uuid.UUID | None
    phone: str = ""
    email: str = ""
    address_line: str = ""
    postal_code: str = ""
    postal_place: str = ""
    protected_address: bool = False
    language: str = "nb"
    interpreter_needed: bool = False
    digital_self_service: bool = True
    household: tuple[HouseholdEntry, ...] = ()


def normalise_phone(text: str) -> str:
    """Separators removed; a Norwegian number kept as its 8 digits, a foreign one as +country digits."""
    number = _PHONE_SEPARATORS.sub("", text)
    if number.startswith("00"):
        number = "+" + number[2:]
    if number.startswith("+47") and _NORWEGIAN_PHONE.fullmatch(number[3:]):
        return number[3:]
    return number


def phone_problem(text: str) -> str | None:
    number = normalise_phone(text)
    if not number or _NORWEGIAN_PHONE.fullmatch(number) or _FOREIGN_PHONE.fullmatch(number):
        return None
    return _("A phone number has 8 digits, or starts with + and the country code, e.g. +46 70 123 45 67.")


def postal_code_problem(text: str) -> str | None:
    if text.strip() and not _POSTAL_CODE.fullmatch(text.strip()):
        return _("A postal code has four digits, e.g. 3550.")
    return None


def language_problem(code: str) -> str | None:
    if code not in _KNOWN_LANGUAGES:
        return _("Choose a language from the list.")
    return None


def language_name(code: str) -> str:
    """The language's name in the user's language, e.g. "Tigrinya" / "tigrinja" -> "Tigrinja"."""
    name = locale().languages.get(code) or _KNOWN_LANGUAGES.get(code) or code
    return name[:1].upper() + name[1:]


def normalised(form: PersonForm) -> PersonForm:
    """The form with what is typed tidied: spaces trimmed, numbers compacted, the phone normalised."""
    return PersonForm(
        fnr=fnr.compact(form.fnr),
        first_name=" ".join(form.first_name.split()),
        last_name=" ".join(form.last_name.split()),
        residence_municipality_id=form.residence_municipality_id,
        phone=normalise_phone(form.phone),
        email=form.email.strip(),
        address_line=" ".join(form.address_line.split()),
        postal_code=form.postal_code.strip(),
        postal_place=" ".join(form.postal_place.split()),
        protected_address=form.protected_address,
        language=form.language.strip(),
        interpreter_needed=form.interpreter_needed,
        digital_self_service=form.digital_self_service,
        household=tuple(
            HouseholdEntry(entry.relation, " ".join(entry.first_name.split()), entry.birth_date)
            for entry in form.household
        ),
    )


def household_problem(entries: Sequence[HouseholdEntry], today: date) -> str | None:
    """One message for the household list, naming the first row that needs attention."""
    if len(entries) > HOUSEHOLD_MAX:
        return _("At most {count} household members.").format(count=HOUSEHOLD_MAX)
    for row, entry in enumerate(entries, start=1):
        problem = validators.optional(entry.first_name, NAME_MAX)
        if problem is None and entry.relation is HouseholdRelation.CHILD and entry.birth_date is None:
            problem = _("A child needs a birth date.")
        if problem is None and entry.birth_date is not None and entry.birth_date > today:
            problem = _("The birth date lies in the future.")
        if problem is not None:
            return _("Household member {row}: {problem}").format(row=row, problem=problem)
    return None


def form_problems(
    form: PersonForm, *, allow_synthetic: bool, today: date, known_municipalities: Container[uuid.UUID]
) -> tuple[fnr.Fnr | None, dict[str, str]]:
    """The parsed fødselsnummer (None when invalid) and the message for every field in error.

    `form` must already be `normalised`. Field names are those of `PersonForm`.
    """
    problems: dict[str, str] = {}

    def check(field: str, problem: str | None) -> None:
        if problem is not None:
            problems.setdefault(field, problem)

    parsed: fnr.Fnr | None = None
    try:
        parsed = fnr.parse(form.fnr, allow_synthetic=allow_synthetic, today=today)
    except fnr.InvalidFnr as error:
        check("fnr", str(error))
    check("first_name", validators.required(form.first_name, NAME_MAX))
    check("last_name", validators.required(form.last_name, NAME_MAX))
    if form.residence_municipality_id is None or form.residence_municipality_id not in known_municipalities:
        check("residence_municipality_id", _("Choose the municipality the person lives in."))
    check("phone", phone_problem(form.phone))
    check("email", validators.email(form.email))
    check("address_line", validators.optional(form.address_line, ADDRESS_MAX))
    check("postal_code", postal_code_problem(form.postal_code))
    check("postal_place", validators.optional(form.postal_place, PLACE_MAX))
    check("language", language_problem(form.language))
    check("household", household_problem(form.household, today))
    return parsed, problems
