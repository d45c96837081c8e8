"""Rules for the organisation set-up: host agreements, opening hours, staff.

Pure functions over plain dataclasses. Each check returns {field: message} (empty when all is well),
so that a form can show every message next to its field at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time

from navdesk.domain import validators
from navdesk.domain.codes import Role, Side, weekday_label
from navdesk.i18n import _, format_date

FieldErrors = dict[str, str]


@dataclass(frozen=True)
class Opening:
    """One opening at the office itself on a weekday (0 = Monday)."""

    weekday: int
    opens: time
    closes: time


@dataclass(frozen=True)
class OfficeDayEntry:
    """An office day held in another municipality."""

    municipality_id: uuid.UUID | None
    weekday: int
    opens: time
    closes: time
    location: str = ""


@dataclass(frozen=True)
class AgreementTerms:
    """A host agreement as the rules see it; coverage holds (member municipality, service code) pairs."""

    id: uuid.UUID | None
    name: str
    host_id: uuid.UUID | None
    valid_from: date
    valid_to: date | None
    coverage: frozenset[tuple[uuid.UUID, str]]

    @property
    def member_ids(self) -> frozenset[uuid.UUID]:
        return frozenset(member for member, _code in self.coverage)


@dataclass(frozen=True)
class AuthorisationEntry:
    """State side (no municipality), or a municipality and one service code ("" = all services)."""

    side: Side
    municipality_id: uuid.UUID | None = None
    service_code: str = ""


@dataclass(frozen=True)
class AbsenceEntry:
    starts: date
    ends: date
    deputy_id: uuid.UUID | None = None
    reason: str = ""


def periods_overlap(a_from: date, a_to: date | None, b_from: date, b_to: date | None) -> bool:
    """Inclusive periods; an open end (None) runs on for ever."""
    return (b_to is None or a_from <= b_to) and (a_to is None or b_from <= a_to)


def _period_text(valid_from: date, valid_to: date | None) -> str:
    if valid_to is None:
        return _("from {start}").format(start=format_date(valid_from))
    return _("{start} to {end}").format(start=format_date(valid_from), end=format_date(valid_to))


def host_agreement_errors(
    terms: AgreementTerms,
    others: Iterable[AgreementTerms],
    municipality_names: Mapping[uuid.UUID, str],
    service_names: Mapping[str, str],
) -> FieldErrors:
    """Validate an agreement against itself and against every other agreement in the database."""
    errors: FieldErrors = {}
    if message := validators.required(terms.name, 150):
        errors["name"] = message
    if terms.host_id is None:
        errors["host"] = _("Choose the host municipality.")
    if message := validators.date_range(terms.valid_from, terms.valid_to):
        errors["valid_to"] = message
    if not terms.coverage:
        errors["coverage"] = _("Tick at least one member municipality and one service it takes part in.")
    elif terms.host_id in terms.member_ids:
        errors["coverage"] = _("{name} is the host and cannot also be a member of its own agreement.").format(
            name=municipality_names.get(terms.host_id, "?")
        )
    elif unknown := sorted({code for _member, code in terms.coverage} - set(service_names)):
        errors["coverage"] = _("Unknown service code: {code}.").format(code=unknown[0])
    if "coverage" not in errors and "valid_to" not in errors:
        clash = _first_overlap(terms, others)
        if clash is not None:
            other, (member, code) = clash
            errors["coverage"] = _(
                "{member} already takes part in {service} under the agreement «{other}» ({period}). "
                "Two agreements for the same member and service may not overlap in time."
            ).format(
                member=municipality_names.get(member, "?"),
                service=service_names.get(code, code),
                other=other.name,
                period=_period_text(other.valid_from, other.valid_to),
            )
    return errors


def _first_overlap(
    terms: AgreementTerms, others: Iterable[AgreementTerms]
) -> tuple[AgreementTerms, tuple[uuid.UUID, str]] | None:
    for other in sorted(others, key=lambda o: (o.valid_from, o.name)):
        if other.id is not None and other.id == terms.id:
            continue
        if not periods_overlap(terms.valid_from, terms.valid_to, other.valid_from, other.valid_to):
            continue
        shared = sorted(terms.coverage & other.coverage, key=lambda pair: (str(pair[0]), pair[1]))
        if shared:
            return other, shared[0]
    return None


def _slot_error(weekday: int, opens: time, closes: time) -> str | None:
    if not 0 <= weekday <= 6:
        return _("Choose a weekday.")
    if closes <= opens:
        return _("{day}: the closing time must be after the opening time.").format(day=weekday_label(weekday))
    return None


def _overlap_error(slots: Sequence[tuple[int, time, time]]) -> str | None:
    ordered = sorted(slots)
    for (day, _opens, closes), (next_day, next_opens, _closes) in zip(ordered, ordered[1:], strict=False):
        if day == next_day and next_opens < closes:
            return _("{day}: two openings overlap.").format(day=weekday_label(day))
    return None


def opening_hours_error(openings: Sequence[Opening]) -> str | None:
    for opening in openings:
        if message := _slot_error(opening.weekday, opening.opens, opening.closes):
            return message
    return _overlap_error([(o.weekday, o.opens, o.closes) for o in openings])


def office_days_error(days: Sequence[OfficeDayEntry]) -> str | None:
    for day in days:
        if day.municipality_id is None:
            return _("{day}: choose the municipality where the office day is held.").format(
                day=weekday_label(day.weekday) if 0 <= day.weekday <= 6 else "?"
            )
        if message := _slot_error(day.weekday, day.opens, day.closes):
            return message
        if message := validators.optional(day.location, 200):
            return message
    # The same staff cannot be in two places at once, but two municipalities the same day is fine.
    by_place: dict[uuid.UUID | None, list[tuple[int, time, time]]] = {}
    for day in days:
        by_place.setdefault(day.municipality_id, []).append((day.weekday, day.opens, day.closes))
    for slots in by_place.values():
        if message := _overlap_error(slots):
            return message
    return None


def staff_errors(
    *,
    staff_id: uuid.UUID | None,
    roles: frozenset[Role],
    fte_percent: int,
    leader_share_percent: int,
    authorisations: Sequence[AuthorisationEntry],
    absences: Sequence[AbsenceEntry],
) -> FieldErrors:
    errors: FieldErrors = {}
    if not roles:
        errors["roles"] = _("Choose at least one role.")
    if message := validators.whole_number(fte_percent, 1, 100):
        errors["fte_percent"] = message
    if message := validators.percent(leader_share_percent):
        errors["leader_share_percent"] = message
    elif leader_share_percent > 0 and Role.LEADER not in roles:
        errors["leader_share_percent"] = _(
            "Only a staff member with the leader role can have a leader share."
        )
    if message := authorisations_error(authorisations):
        errors["authorisations"] = message
    if message := absences_error(staff_id, absences):
        errors["absences"] = message
    return errors


def authorisations_error(authorisations: Sequence[AuthorisationEntry]) -> str | None:
    seen: set[AuthorisationEntry] = set()
    for entry in authorisations:
        if entry.side is Side.STATE:
            if entry.municipality_id is not None or entry.service_code:
                return _("The state side is given per office, not per municipality or service.")
        elif entry.municipality_id is None:
            return _("A municipal or closed authorisation needs a municipality.")
        elif entry.side is Side.CLOSED and not entry.service_code:
            return _(
                "A closed area must be named by its service; closed areas are never granted all at once."
            )
        if entry in seen:
            return _("The same authorisation is listed twice.")
        seen.add(entry)
    return None


def absences_error(staff_id: uuid.UUID | None, absences: Sequence[AbsenceEntry]) -> str | None:
    for absence in absences:
        if validators.date_range(absence.starts, absence.ends):
            return _("Absence from {start}: the last day is before the first.").format(
                start=format_date(absence.starts)
            )
        if staff_id is not None and absence.deputy_id == staff_id:
            return _("Absence from {start}: a staff member cannot be their own deputy.").format(
                start=format_date(absence.starts)
            )
        if message := validators.optional(absence.reason, 200):
            return message
    ordered = sorted(absences, key=lambda a: a.starts)
    for first, second in zip(ordered, ordered[1:], strict=False):
        if second.starts <= first.ends:
            return _("The absences from {first} and {second} overlap.").format(
                first=format_date(first.starts), second=format_date(second.starts)
            )
    return None
