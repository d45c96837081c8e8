"""The facts the access policy decides on, and the answer it gives.

Everything here is a frozen, hashable value that a service fills with a few cheap queries (ids and
dates only, never names or content), so that one pure function can judge every access:
see `navdesk.domain.access` and `docs/access-policy.md`.

Matching service codes: an authorisation or agreement coverage with service code "" means *every
service*; a specific code matches only that code. An item with service code "" (municipal information
that belongs to no single service) is therefore matched only by an all-services entry.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from navdesk.domain.codes import Role, Side
from navdesk.i18n import N_, _

ALL_SERVICES = ""


def service_matches(granted: str, wanted: str) -> bool:
    """Whether an authorisation or coverage for `granted` reaches an item of service `wanted`."""
    return granted in (ALL_SERVICES, wanted)


class Action(StrEnum):
    """What the staff member wants to do with the data."""

    FIND = "find"  # appear in search results, lists and counts
    READ = "read"  # see it on screen
    CHANGE = "change"  # create, edit, close
    PRINT = "print"  # put it on paper or in a PDF for reading
    EXPORT = "export"  # take it out of navdesk as data (CSV, JSON)


READING = frozenset({Action.FIND, Action.READ, Action.PRINT})
"""What a consent opens: reading, also on paper; never changing or exporting."""

GLANCING = frozenset({Action.FIND, Action.READ})
"""What emergency access opens: a look on screen only."""


class DataKind(StrEnum):
    """What kind of data an item is. The first four belong to the person, the rest to a side."""

    IDENTITY = "identity"  # name, birth date, fødselsnummer, residence municipality, flags
    CONTACT = "contact"  # phone, e-mail, language and interpreter need
    ADDRESS = "address"
    HOUSEHOLD = "household"  # children and others in the household
    CASE = "case"  # services, applications, decisions, state follow-up facts
    NOTE = "note"  # journal notes and the contact log
    PLAN = "plan"  # activity plan, individual plan, KVP plan
    APPOINTMENT = "appointment"

    @property
    def is_person_data(self) -> bool:
        """Person data has no side: it is what anyone serving the person needs to know who they are."""
        return self in PERSON_DATA


PERSON_DATA = frozenset({DataKind.IDENTITY, DataKind.CONTACT, DataKind.ADDRESS, DataKind.HOUSEHOLD})

_KIND_LABELS: dict[DataKind, str] = {
    DataKind.IDENTITY: N_("Identity"),
    DataKind.CONTACT: N_("Contact details"),
    DataKind.ADDRESS: N_("Address"),
    DataKind.HOUSEHOLD: N_("Household"),
    DataKind.CASE: N_("Services and cases"),
    DataKind.NOTE: N_("Journal notes"),
    DataKind.PLAN: N_("Plans"),
    DataKind.APPOINTMENT: N_("Appointments"),
}


def data_kind_label(kind: DataKind) -> str:
    """The translated label of a data kind (for consent forms and the access log)."""
    return _(_KIND_LABELS[kind])


@dataclass(frozen=True, slots=True)
class MunicipalAuthorisation:
    """May work on `service_code` (or every service when "") for one municipality."""

    municipality_id: uuid.UUID
    service_code: str = ALL_SERVICES


@dataclass(frozen=True, slots=True)
class StaffFacts:
    """The staff member asking, as the policy needs them.

    Fill from `Staff` (roles, employer), `staff_office` (office_ids), `StaffAuthorisation` (a row with
    side=state sets `state_authorised`; side=municipal rows become `municipal`), the closed areas the
    member is named on, and the people this login session has opened with emergency access.

    The employer is kept for the access log and explanations; it never grants or blocks anything by
    itself (a municipal employee may hold a state authorisation and the other way round).
    """

    staff_id: uuid.UUID
    roles: frozenset[Role]
    employer_municipality_id: uuid.UUID | None = None
    state_authorised: bool = False
    office_ids: frozenset[uuid.UUID] = frozenset()
    municipal: frozenset[MunicipalAuthorisation] = frozenset()
    named_closed_area_ids: frozenset[uuid.UUID] = frozenset()
    emergency_person_ids: frozenset[uuid.UUID] = frozenset()

    @property
    def works_with_people(self) -> bool:
        """Only veiledere and leaders are ever judged on their authorisations; an administrator is not."""
        return Role.VEILEDER in self.roles or Role.LEADER in self.roles


@dataclass(frozen=True, slots=True)
class HostAgreementFacts:
    """A vertskommuneavtale: the host works `coverage` (member municipality, service) pairs.

    `valid_from` and `valid_to` are both the agreement's own days (inclusive); `valid_to` None means
    open-ended. Pass every agreement the database holds: the policy picks those in force.
    """

    agreement_id: uuid.UUID
    host_municipality_id: uuid.UUID
    valid_from: date
    valid_to: date | None
    coverage: frozenset[tuple[uuid.UUID, str]]

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def covers(self, member_id: uuid.UUID, service_code: str) -> bool:
        return any(member == member_id and service_matches(code, service_code) for member, code in self.coverage)

    def covers_member(self, member_id: uuid.UUID) -> bool:
        return any(member == member_id for member, _code in self.coverage)


class ConsentState(StrEnum):
    NOT_YET_GIVEN = "not_yet_given"
    ACTIVE = "active"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True, slots=True)
class ConsentFacts:
    """A samtykke: which parties may read which data, and for how long.

    Parties — any of: named staff (`to_staff_ids`); the state side (`to_state`: staff with state
    authorisation at an office serving the person); the municipal side of municipalities
    (`to_municipality_ids`: staff working any service for that municipality, directly or through a
    host agreement in force).
    Data — the sides (`sides`: state and/or municipal; closed areas cannot be consented open here),
    optionally narrowed to services (`service_codes`) and kinds of data (`kinds`); empty = all.
    Time — from `given_on` through `valid_until` (inclusive; None = until withdrawn); it no longer
    applies from `withdrawn_on` (the day of withdrawal itself is already closed).
    """

    consent_id: uuid.UUID
    given_on: date
    sides: frozenset[Side]
    valid_until: date | None = None
    withdrawn_on: date | None = None
    to_staff_ids: frozenset[uuid.UUID] = frozenset()
    to_state: bool = False
    to_municipality_ids: frozenset[uuid.UUID] = frozenset()
    service_codes: frozenset[str] = frozenset()
    kinds: frozenset[DataKind] = frozenset()

    def __post_init__(self) -> None:
        if Side.CLOSED in self.sides:
            raise ValueError("a consent cannot open a closed area; name the staff on the area instead")
        if not self.sides:
            raise ValueError("a consent must open at least one side")

    def state_on(self, on: date) -> ConsentState:
        if on < self.given_on:
            return ConsentState.NOT_YET_GIVEN
        if self.withdrawn_on is not None and self.withdrawn_on <= on:
            return ConsentState.WITHDRAWN
        if self.valid_until is not None and self.valid_until < on:
            return ConsentState.EXPIRED
        return ConsentState.ACTIVE


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """The person the data is about.

    `serving_office_ids`: the offices that serve the residence municipality. `municipal_records`:
    (responsible municipality, service code) of the person's municipal services and cases, so that a
    person who moved can still be found by the municipality that holds their case. `closed_area_ids`:
    the person's closed areas (e.g. a child-welfare case). `conflicted_staff_ids`: inhabilitet.
    """

    person_id: uuid.UUID
    residence_municipality_id: uuid.UUID
    serving_office_ids: frozenset[uuid.UUID] = frozenset()
    protected_address: bool = False
    conflicted_staff_ids: frozenset[uuid.UUID] = frozenset()
    consents: tuple[ConsentFacts, ...] = ()
    municipal_records: frozenset[tuple[uuid.UUID, str]] = frozenset()
    closed_area_ids: frozenset[uuid.UUID] = frozenset()


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """What is being accessed. Build it with one of the class methods, which keep the facts coherent."""

    kind: DataKind
    side: Side | None = None
    responsible_municipality_id: uuid.UUID | None = None
    service_code: str = ALL_SERVICES
    closed_area_id: uuid.UUID | None = None

    def __post_init__(self) -> None:
        if self.kind.is_person_data and self.side is not None:
            raise ValueError(f"{self.kind} is the person's own data and has no side")
        if not self.kind.is_person_data and self.side is None:
            raise ValueError(f"{self.kind} data belongs to a side")
        if (self.side is Side.MUNICIPAL) != (self.responsible_municipality_id is not None):
            raise ValueError("municipal data, and only municipal data, names a responsible municipality")
        if (self.side is Side.CLOSED) != (self.closed_area_id is not None):
            raise ValueError("closed data, and only closed data, names its closed area")

    @classmethod
    def person(cls, kind: DataKind = DataKind.IDENTITY) -> ItemFacts:
        """The person's own data: identity, contact details, address or household."""
        return cls(kind=kind)

    @classmethod
    def state(cls, kind: DataKind, service_code: str = ALL_SERVICES) -> ItemFacts:
        return cls(kind=kind, side=Side.STATE, service_code=service_code)

    @classmethod
    def municipal(cls, kind: DataKind, municipality_id: uuid.UUID, service_code: str = ALL_SERVICES) -> ItemFacts:
        """`service_code` "" is municipal information belonging to no single service."""
        return cls(kind=kind, side=Side.MUNICIPAL, responsible_municipality_id=municipality_id,
                   service_code=service_code)

    @classmethod
    def closed(cls, kind: DataKind, area_id: uuid.UUID) -> ItemFacts:
        return cls(kind=kind, side=Side.CLOSED, closed_area_id=area_id)


class Reason(StrEnum):
    """Why access was given or refused. The first six give access; the rest refuse it."""

    STATE_AUTHORISED = "state_authorised"
    MUNICIPAL_DIRECT = "municipal_direct"
    MUNICIPAL_HOST_AGREEMENT = "municipal_host_agreement"
    NAMED_ON_CLOSED = "named_on_closed"
    CONSENT = "consent"
    EMERGENCY = "emergency"
    DENIED_CONFLICT = "denied_conflict"
    DENIED_ADMIN = "denied_admin"
    DENIED_PROTECTED_ADDRESS = "denied_protected_address"
    DENIED_CLOSED = "denied_closed"
    DENIED_NO_AUTHORISATION = "denied_no_authorisation"
    DENIED_OTHER_OFFICE = "denied_other_office"
    DENIED_NO_AGREEMENT = "denied_no_agreement"
    DENIED_CONSENT_EXPIRED = "denied_consent_expired"
    DENIED_CONSENT_WITHDRAWN = "denied_consent_withdrawn"
    DENIED_CONSENT_READ_ONLY = "denied_consent_read_only"
    DENIED_EMERGENCY_READ_ONLY = "denied_emergency_read_only"

    @property
    def grants(self) -> bool:
        return self in GRANTING

    @property
    def by_authorisation(self) -> bool:
        """Access the staff member holds in their own right (may change, print and export)."""
        return self in BY_AUTHORISATION


BY_AUTHORISATION = frozenset({Reason.STATE_AUTHORISED, Reason.MUNICIPAL_DIRECT,
                              Reason.MUNICIPAL_HOST_AGREEMENT, Reason.NAMED_ON_CLOSED})
GRANTING = BY_AUTHORISATION | {Reason.CONSENT, Reason.EMERGENCY}

# Reasons whose detail would itself disclose something about the person (that a closed case exists,
# that the asker is marked as conflicted): explain() then says no more than "no access".
_SENSITIVE = frozenset({Reason.DENIED_CONFLICT, Reason.DENIED_CLOSED})

_DETAILS: dict[Reason, str] = {
    Reason.STATE_AUTHORISED: N_("You are authorised for the state side at an office serving the person."),
    Reason.MUNICIPAL_DIRECT: N_("You are authorised for this municipality and service."),
    Reason.MUNICIPAL_HOST_AGREEMENT: N_("You work this service for the municipality through a host agreement."),
    Reason.NAMED_ON_CLOSED: N_("You are named on this closed area."),
    Reason.CONSENT: N_("The person has consented to you reading this."),
    Reason.EMERGENCY: N_("Opened with emergency access. This is logged and reviewed by your leader."),
    Reason.DENIED_ADMIN: N_("The administrator role gives no access to person data."),
    Reason.DENIED_PROTECTED_ADDRESS: N_("The person has a protected address; it is never shown or printed."),
    Reason.DENIED_NO_AUTHORISATION: N_("You are not authorised for this."),
    Reason.DENIED_OTHER_OFFICE: N_("You are authorised for the state side at other offices only."),
    Reason.DENIED_NO_AGREEMENT: N_("No host agreement in force covers this municipality and service."),
    Reason.DENIED_CONSENT_EXPIRED: N_("The person's consent has expired."),
    Reason.DENIED_CONSENT_WITHDRAWN: N_("The person has withdrawn their consent."),
    Reason.DENIED_CONSENT_READ_ONLY: N_("The person's consent lets you read this, not change or export it."),
    Reason.DENIED_EMERGENCY_READ_ONLY: N_("Emergency access lets you read this on screen only."),
}

_WITHHELD: dict[Side | None, str] = {
    Side.STATE: N_("State information — no access"),
    Side.MUNICIPAL: N_("Municipal information — no access"),
    Side.CLOSED: N_("Information withheld"),
    None: N_("Person information — no access"),
}


@dataclass(frozen=True, slots=True)
class Decision:
    """The policy's answer: allowed or not, why, and through what.

    `via` names what gave access: the host agreement (MUNICIPAL_HOST_AGREEMENT), the consent
    (CONSENT), the closed area (NAMED_ON_CLOSED), the person (EMERGENCY); otherwise None.
    """

    reason: Reason
    side: Side | None = None
    via: uuid.UUID | None = None

    @property
    def allowed(self) -> bool:
        return self.reason.grants

    @property
    def is_emergency(self) -> bool:
        """Access given only by breaking the glass: flag it on screen and log it as such."""
        return self.reason is Reason.EMERGENCY

    @property
    def hides_existence(self) -> bool:
        """Refused so that not even a "withheld" marker may show (closed areas, conflict of interest).

        Leave such items out of lists and counts without a trace; for other refusals show the marker.
        """
        return self.reason in _SENSITIVE

    def explain(self) -> str:
        """One translated line for the screen: what is withheld and why, or how access was given."""
        if self.allowed:
            return _(_DETAILS[self.reason])
        if self.reason in _SENSITIVE:
            return _(_WITHHELD[Side.CLOSED])
        if self.reason is Reason.DENIED_PROTECTED_ADDRESS:
            return _("Address withheld — protected address")
        return _("{withheld}. {why}").format(withheld=_(_WITHHELD[self.side]), why=_(_DETAILS[self.reason]))
