"""Code lists for cases, journal notes, contacts and consents, with their translated labels.

The values are what the database stores (Norwegian where the term is a legal one); the labels are
what the screen and paper show.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from navdesk.i18n import N_, _


class CaseStatus(StrEnum):
    """Municipal applications move søknad → under behandling → vedtak (→ klage); state facts are
    active or ended."""

    APPLIED = "soknad"
    IN_PROGRESS = "under_behandling"
    DECIDED = "vedtak"
    APPEALED = "klage"
    ACTIVE = "active"
    ENDED = "ended"


class Outcome(StrEnum):
    GRANTED = "innvilget"
    PARTLY_GRANTED = "delvis_innvilget"
    REFUSED = "avslatt"
    DISMISSED = "avvist"


class NoteKind(StrEnum):
    NOTE = "note"
    ORAL = "oral"  # oral information written down: its own kind, so that it can be found and checked


class ContactChannel(StrEnum):
    PHONE = "phone"
    MEETING = "meeting"
    HOME_VISIT = "home_visit"
    SMS = "sms"
    VIDEO = "video"
    LETTER = "letter"


class AppointmentChannel(StrEnum):
    IN_PERSON = "oppmote"
    PHONE = "telefon"
    VIDEO = "video"


class ConsentForm(StrEnum):
    WRITTEN = "written"
    ORAL = "oral"


# Keyed by (list, value): values repeat across lists ("oral", "video"), and StrEnum members equal their value,
# so the pairs are listed rather than written as one dict.
_PAIRS: tuple[tuple[StrEnum, str], ...] = (
    (CaseStatus.APPLIED, N_("Application received")),
    (CaseStatus.IN_PROGRESS, N_("Being processed")),
    (CaseStatus.DECIDED, N_("Decided")),
    (CaseStatus.APPEALED, N_("Complaint received")),
    (CaseStatus.ACTIVE, N_("Active")),
    (CaseStatus.ENDED, N_("Ended")),
    (Outcome.GRANTED, N_("Granted")),
    (Outcome.PARTLY_GRANTED, N_("Partly granted")),
    (Outcome.REFUSED, N_("Refused")),
    (Outcome.DISMISSED, N_("Dismissed")),
    (NoteKind.NOTE, N_("Note")),
    (NoteKind.ORAL, N_("Oral information written down")),
    (ContactChannel.PHONE, N_("Phone")),
    (ContactChannel.MEETING, N_("Meeting")),
    (ContactChannel.HOME_VISIT, N_("Home visit")),
    (ContactChannel.SMS, N_("SMS")),
    (ContactChannel.VIDEO, N_("Video")),
    (ContactChannel.LETTER, N_("Letter")),
    (AppointmentChannel.IN_PERSON, N_("In person")),
    (AppointmentChannel.PHONE, N_("By phone")),
    (AppointmentChannel.VIDEO, N_("By video")),
    (ConsentForm.WRITTEN, N_("Written")),
    (ConsentForm.ORAL, N_("Oral")),
)
_LABELS: dict[tuple[type[StrEnum], str], str] = {(type(code), code.value): text for code, text in _PAIRS}


def code_label(code: StrEnum) -> str:
    return _(_LABELS[(type(code), code.value)])


def label_of(kind: type[StrEnum], value: str) -> str:
    """The label of a stored value, or the value itself when it is not (or no longer) in the list."""
    try:
        return code_label(kind(value))
    except ValueError:
        return value


# Sick-leave follow-up checkpoints, in weeks from the first day of sick leave.
SICK_LEAVE_CHECKPOINT_WEEKS: tuple[int, ...] = (12, 22)
# Klagefrist: three weeks from the decision (forvaltningsloven §29).
COMPLAINT_DAYS = 21
# Foreløpig svar (forvaltningsloven §11a) is due when an application takes more than a month.
INTERIM_REPLY_DAYS = 30


def sick_leave_checkpoints(starts_on: date) -> tuple[tuple[int, date], ...]:
    """(weeks, due date) of each checkpoint for a sick leave that began on `starts_on`."""
    return tuple((weeks, starts_on + timedelta(weeks=weeks)) for weeks in SICK_LEAVE_CHECKPOINT_WEEKS)


def complaint_deadline(decided_on: date) -> date:
    return decided_on + timedelta(days=COMPLAINT_DAYS)
