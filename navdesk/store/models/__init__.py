"""All tables. Importing this package registers every model on `Base.metadata`."""

from navdesk.store.models.cases import ClosedArea, ServiceCase
from navdesk.store.models.confidentiality import AccessLogEntry, ConflictOfInterest, Consent, EmergencyAccess
from navdesk.store.models.journal import Appointment, ContactEntry, JournalNote, JournalNoteRevision
from navdesk.store.models.org import (
    HostAgreement,
    HostAgreementCoverage,
    Municipality,
    Office,
    OfficeDay,
    OfficeHours,
    Region,
    Service,
    Team,
)
from navdesk.store.models.people import HouseholdMember, InnsatsDecision, OwnershipEvent, Person, PersonContact
from navdesk.store.models.settings import Setting
from navdesk.store.models.staff import Staff, StaffAbsence, StaffAuthorisation

__all__ = [
    "AccessLogEntry",
    "Appointment",
    "ClosedArea",
    "ConflictOfInterest",
    "Consent",
    "ContactEntry",
    "EmergencyAccess",
    "HouseholdMember",
    "InnsatsDecision",
    "JournalNote",
    "JournalNoteRevision",
    "OwnershipEvent",
    "PersonContact",
    "ServiceCase",
    "HostAgreement",
    "HostAgreementCoverage",
    "Municipality",
    "Office",
    "OfficeDay",
    "OfficeHours",
    "Person",
    "Region",
    "Service",
    "Setting",
    "Staff",
    "StaffAbsence",
    "StaffAuthorisation",
    "Team",
]
