"""People followed up (persons): identity, contact, household, ownership and §14a history."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from navdesk.store.base import Base, Versioned, id_column


class Person(Base, Versioned):
    __tablename__ = "person"
    id: Mapped[uuid.UUID] = id_column()
    fnr: Mapped[str] = mapped_column(String(11), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date] = mapped_column(Date)
    residence_municipality_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("municipality.id"))
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    address_line: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(4), default="")
    postal_place: Mapped[str] = mapped_column(String(100), default="")
    # Strengt fortrolig adresse: the address is never shown or printed, to anyone.
    protected_address: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(10), default="nb")  # ISO 639-1 of the preferred language
    interpreter_needed: Mapped[bool] = mapped_column(default=False)
    digital_self_service: Mapped[bool] = mapped_column(default=True)
    # Current §14a values; the history is in InnsatsDecision.
    innsatsgruppe: Mapped[str] = mapped_column(String(40), default="")
    hovedmal: Mapped[str] = mapped_column(String(20), default="")
    owner_team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # Closing is "close and keep for archive": the row stays, hidden from daily lists.
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)


class PersonContact(Base):
    """A contact veileder of the person (up to three in complex cases); ended rows are the history."""

    __tablename__ = "person_contact"
    id: Mapped[uuid.UUID] = id_column()
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"), index=True)
    is_primary: Mapped[bool] = mapped_column(default=False)
    starts: Mapped[date] = mapped_column(Date)
    ends: Mapped[date | None] = mapped_column(Date)
    agreed_with_person: Mapped[bool] = mapped_column(default=False)
    changed_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))


class OwnershipEvent(Base):
    """Who owned the person when: every change of owning team or contacts, with a note."""

    __tablename__ = "ownership_event"
    id: Mapped[uuid.UUID] = id_column()
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"))
    contact_ids: Mapped[str] = mapped_column(Text, default="")  # comma-separated staff ids after the change
    note: Mapped[str] = mapped_column(Text, default="")


class HouseholdMember(Base):
    """Someone in the person's household. Children's needs must be assessed in benefit cases."""

    __tablename__ = "household_member"
    id: Mapped[uuid.UUID] = id_column()
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    relation: Mapped[str] = mapped_column(String(20))  # child | partner | other
    first_name: Mapped[str] = mapped_column(String(100), default="")
    birth_date: Mapped[date | None] = mapped_column(Date)


class InnsatsDecision(Base):
    """A §14a decision: innsatsgruppe and hovedmål from a date (the history of the person's values)."""

    __tablename__ = "innsats_decision"
    id: Mapped[uuid.UUID] = id_column()
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    innsatsgruppe: Mapped[str] = mapped_column(String(40))
    hovedmal: Mapped[str] = mapped_column(String(20), default="")
    decided_on: Mapped[date] = mapped_column(Date)
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    note: Mapped[str] = mapped_column(Text, default="")


# Covering indexes (migration 0004): the office's people by municipality, and a person's veiledere on a day,
# read from the index alone. A leader's report reads both for tens of thousands of people in every statement;
# visiting each row instead cost about a tenth of a second per statement on the 100k demo.
Index("ix_person_residence", Person.residence_municipality_id, Person.id, Person.innsatsgruppe,
      Person.owner_team_id, Person.created_at, Person.archived_at)
Index("ix_person_contact_person", PersonContact.person_id, PersonContact.starts, PersonContact.ends,
      PersonContact.staff_id)
