"""Two desks saving the same record: the second save is refused and told what the first one saved.

Editable records carry a version (`navdesk.store.base.Versioned`). A form keeps the version it loaded;
when the record's version has moved on, the save raises `EditConflict`, whose message names each field
where the record as saved now differs from what this desk tried to save, with both values where they
can be shown. Nothing is written; the user reloads, sees the other desk's save and applies theirs again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, datetime, time
from enum import StrEnum

from navdesk.domain.codes import label
from navdesk.domain.errors import Conflict
from navdesk.i18n import N_, _, format_date, format_datetime, format_number

# Form fields by name, as the services' drafts call them. Fields not listed here are left out of the
# message rather than shown under a programmer's name.
FIELD_LABELS: dict[str, str] = {
    "number": N_("Number"),
    "code": N_("Code"),
    "name": N_("Name"),
    "address": N_("Address"),
    "municipality_ids": N_("Municipalities"),
    "municipality_id": N_("Municipality"),
    "hours": N_("Opening hours"),
    "days_elsewhere": N_("Office days in other municipalities"),
    "host_id": N_("Host municipality"),
    "valid_from": N_("Valid from"),
    "valid_to": N_("Valid to"),
    "coverage": N_("Members and services"),
    "side": N_("Side"),
    "legal_basis": N_("Legal basis"),
    "is_minimum": N_("Part of the municipal minimum"),
    "processing_days": N_("Processing time (days)"),
    "team_type": N_("Team type"),
    "office_ids": N_("Offices"),
    "member_ids": N_("Members"),
    "lead_id": N_("Team lead"),
    "login": N_("Login"),
    "email": N_("E-mail"),
    "employer_municipality_id": N_("Employer"),
    "roles": N_("Roles"),
    "fte_percent": N_("FTE (%)"),
    "leader_share_percent": N_("Leader share (%)"),
    "specialist_areas": N_("Specialist areas"),
    "authorisations": N_("Authorisations"),
    "absences": N_("Absences"),
    "active": N_("Active"),
    "title": N_("Title"),
    "text": N_("Text"),
}
MAX_SHOWN_LENGTH = 60


@dataclasses.dataclass(frozen=True)
class Change:
    """One field where the saved record and this desk's save differ. Values are "" when not showable."""

    field: str  # translated label
    saved: str  # as the other desk saved it
    yours: str  # as this desk tried to save it


class EditConflict(Conflict):
    """Someone else saved the record first; `changes` lists where their save and this one differ."""

    def __init__(self, message: str, changes: tuple[Change, ...] = ()) -> None:
        super().__init__(message)
        self.changes = changes


def check_version(
    current_version: int, loaded_version: int, *, saved: object | None = None, draft: object | None = None
) -> None:
    """Raise `EditConflict` unless the record still has the version the form loaded.

    `saved` is the record as it is now and `draft` what this desk wants to save, both dataclasses with
    the same field names (e.g. `OfficeDetail` and `OfficeDraft`); without them the message is general.
    """
    if current_version != loaded_version:
        raise stale(saved, draft)


def stale(saved: object | None = None, draft: object | None = None) -> EditConflict:
    changes = differences(saved, draft) if saved is not None and draft is not None else ()
    return EditConflict(message(changes), changes)


def message(changes: Iterable[Change]) -> str:
    lines = [_("Someone else saved this record after you opened it, so your changes were not saved.")]
    shown = list(changes)
    if shown:
        lines.append(_("It now differs from what you tried to save in:"))
        for change in shown:
            if change.saved or change.yours:
                lines.append(
                    _("• {field}: now {saved} (yours: {yours})").format(
                        field=change.field, saved=change.saved, yours=change.yours
                    )
                )
            else:
                lines.append(_("• {field}").format(field=change.field))
    lines.append(_("Reload to see their version, then make your changes again."))
    return "\n".join(lines)


def differences(saved: object, draft: object) -> tuple[Change, ...]:
    if not (dataclasses.is_dataclass(saved) and dataclasses.is_dataclass(draft)):
        return ()
    changes = []
    for field in dataclasses.fields(draft):
        name = field.name
        if name not in FIELD_LABELS or not hasattr(saved, name):
            continue
        now, yours = getattr(saved, name), getattr(draft, name)
        if _comparable(now) == _comparable(yours):
            continue
        if _showable(now) and _showable(yours):
            changes.append(Change(_(FIELD_LABELS[name]), _shown(now), _shown(yours)))
        else:
            changes.append(Change(_(FIELD_LABELS[name]), "", ""))
    return tuple(changes)


def _comparable(value: object) -> object:
    """The services strip text and treat lists as sets of choices, so the comparison does too."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(repr(item) for item in value)
    return value


def _showable(value: object) -> bool:
    # Ids mean nothing to the reader and lists may be long: such fields are named without values.
    return value is None or isinstance(value, str | int | float | date | time | StrEnum)


def _shown(value: object) -> str:
    if value is None or value == "":
        return _("(empty)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, StrEnum):
        try:
            return label(value)
        except KeyError:
            return str(value)
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, int | float):
        return format_number(value)
    text = str(value).strip()
    if len(text) > MAX_SHOWN_LENGTH:
        text = text[: MAX_SHOWN_LENGTH - 1] + "…"
    return f"«{text}»"
