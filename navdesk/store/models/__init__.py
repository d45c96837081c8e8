"""All tables. Importing this package registers every model on `Base.metadata`."""

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
from navdesk.store.models.people import Person
from navdesk.store.models.settings import Setting
from navdesk.store.models.staff import Staff, StaffAbsence, StaffAuthorisation

__all__ = [
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
