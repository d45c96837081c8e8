"""What the person card holds: plain frozen values, already judged by the access policy.

Everything a staff member may not read is either a `Withheld` marker (one per distinct reason, never
one per item, so nothing is counted) or left out without a trace (closed areas, conflict of interest).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from navdesk.domain.codes import Side
from navdesk.services.access_log import AccessLogItem

T = TypeVar("T")


@dataclass(frozen=True)
class Withheld:
    """Stands where information was left out: what kind, and why (never its content or number)."""

    side: Side | None
    text: str


@dataclass(frozen=True)
class Section(Generic[T]):
    items: tuple[T, ...] = ()
    withheld: tuple[Withheld, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.items and not self.withheld


@dataclass(frozen=True)
class Badge:
    key: str  # interpreter | not_digital | protected_address | kvp | children | emergency
    text: str


@dataclass(frozen=True)
class Header:
    person_id: uuid.UUID
    name: str
    fnr: str
    birth_date: date
    age: int
    municipality: str
    owner_team: str
    contacts: tuple[str, ...]
    phone: str
    email: str
    language: str
    address: str  # "" when there is none or it may not be shown
    badges: tuple[Badge, ...]
    withheld: tuple[Withheld, ...]  # person data left out (contact details, address, household)


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    side: Side
    kind: str  # translated: "Case", "Decision", "Note", "Contact", "Appointment", "§14a"
    title: str
    detail: str


@dataclass(frozen=True)
class InnsatsItem:
    decided_on: date
    innsatsgruppe: str
    hovedmal: str
    decided_by: str


@dataclass(frozen=True)
class Checkpoint:
    weeks: int
    due: date
    passed: bool


@dataclass(frozen=True)
class StateFact:
    case_id: uuid.UUID
    service_code: str
    service_name: str
    status: str
    starts_on: date | None
    ends_on: date | None
    details: tuple[str, ...]
    checkpoints: tuple[Checkpoint, ...]


@dataclass(frozen=True)
class StateSide:
    innsatsgruppe: str
    hovedmal: str
    innsats_history: tuple[InnsatsItem, ...]
    facts: tuple[StateFact, ...]
    withheld: tuple[Withheld, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.innsatsgruppe or self.innsats_history or self.facts or self.withheld)


@dataclass(frozen=True)
class CaseItem:
    """A municipal service or application (or a case in a closed area the reader is named on)."""

    case_id: uuid.UUID
    side: Side
    municipality: str
    service_code: str
    service_name: str
    status: str
    outcome: str
    received_on: date | None
    oral_application: bool
    decided_on: date | None
    starts_on: date | None
    ends_on: date | None
    processing_deadline: date | None  # while undecided
    interim_reply_due: date | None  # while undecided
    complaint_deadline: date | None  # once decided
    reasons: str
    area: str  # the closed area's name, "" for municipal cases


@dataclass(frozen=True)
class NoteItem:
    note_id: uuid.UUID
    version: int
    side: Side
    where: str  # the side, municipality and service in words
    kind: str
    kind_label: str
    noted_on: date
    title: str
    text: str
    author: str
    written_at: datetime
    signed_by: str  # who signed the current text (the author, or the last editor)
    edited_at: datetime | None
    revisions: int
    can_edit: bool


@dataclass(frozen=True)
class ContactItem:
    at: datetime
    side: Side
    channel: str
    staff: str
    summary: str


@dataclass(frozen=True)
class AppointmentItem:
    starts_at: datetime
    ends_at: datetime
    side: Side
    staff: str
    place: str
    channel: str
    purpose: str
    cancelled: bool


@dataclass(frozen=True)
class ConsentItem:
    consent_id: uuid.UUID
    state: str  # ConsentState value
    state_label: str
    given_on: date
    valid_until: date | None
    withdrawn_on: date | None
    parties: tuple[str, ...]
    scope: tuple[str, ...]
    form: str
    purpose: str
    registered_by: str
    withdrawn_by: str
    can_withdraw: bool


@dataclass(frozen=True)
class NoteTarget:
    """Somewhere the reader may write a journal note: a side, and for the municipal side the
    municipality and service, or a closed area they are named on."""

    side: Side
    municipality_id: uuid.UUID | None
    service_code: str
    closed_area_id: uuid.UUID | None
    label: str


@dataclass(frozen=True)
class PersonCard:
    header: Header
    emergency: bool  # opened only by breaking the glass
    emergency_until: datetime | None
    overview: Section[TimelineEvent]
    state: StateSide
    municipal: Section[CaseItem]
    closed: Section[CaseItem]
    journal: Section[NoteItem]
    contacts: Section[ContactItem]
    appointments: Section[AppointmentItem]
    consents: Section[ConsentItem]
    access_log: Section[AccessLogItem]
    access_log_total: int
    note_targets: tuple[NoteTarget, ...]
    can_register_consent: bool
    can_print_access_log: bool
