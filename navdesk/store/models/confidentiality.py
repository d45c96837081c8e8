"""Consents, conflicts of interest, emergency access and the tamper-evident access log."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Column, Date, DateTime, ForeignKey, Index, String, Table, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from navdesk.store.base import Base, id_column


class Consent(Base):
    """Samtykke: which parties may read which data, from `given_on` until expiry or withdrawal.

    Scope fields mirror `navdesk.domain.access_types.ConsentFacts`: comma-separated sides, service
    codes and data kinds (empty = all), plus the parties in the two link tables and `to_state`.
    """

    __tablename__ = "consent"
    id: Mapped[uuid.UUID] = id_column()
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    given_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_registered_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    sides: Mapped[str] = mapped_column(String(40))
    service_codes: Mapped[str] = mapped_column(Text, default="")
    kinds: Mapped[str] = mapped_column(Text, default="")
    to_state: Mapped[bool] = mapped_column(default=False)
    form: Mapped[str] = mapped_column(String(10), default="written")  # written | oral
    purpose: Mapped[str] = mapped_column(Text, default="")
    registered_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    registered_at: Mapped[datetime] = mapped_column(DateTime)


consent_staff = Table(
    "consent_staff",
    Base.metadata,
    Column("consent_id", Uuid, ForeignKey("consent.id", ondelete="CASCADE"), primary_key=True),
    Column("staff_id", Uuid, ForeignKey("staff.id"), primary_key=True),
    Index("ix_consent_staff_staff_id", "staff_id"),  # "whose consents name me": every search asks
)
consent_municipality = Table(
    "consent_municipality",
    Base.metadata,
    Column("consent_id", Uuid, ForeignKey("consent.id", ondelete="CASCADE"), primary_key=True),
    Column("municipality_id", Uuid, ForeignKey("municipality.id"), primary_key=True),
    Index("ix_consent_municipality_municipality_id", "municipality_id"),
)


class ConflictOfInterest(Base):
    """Inhabilitet: the staff member never sees or gets the person while the row is open."""

    __tablename__ = "conflict_of_interest"
    id: Mapped[uuid.UUID] = id_column()
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    registered_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    registered_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)


class EmergencyAccess(Base):
    """"Break the glass": read access to one person with a written reason, for a limited time."""

    __tablename__ = "emergency_access"
    id: Mapped[uuid.UUID] = id_column()
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    ends_at: Mapped[datetime] = mapped_column(DateTime)


class AccessLogEntry(Base):
    """One read or change of a person's data. Append-only; each entry holds the hash of the one before.

    No foreign keys: the log must outlive any row it speaks of. `seq` orders the chain.
    """

    __tablename__ = "access_log"
    id: Mapped[uuid.UUID] = id_column()
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    staff_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    staff_login: Mapped[str] = mapped_column(String(40), default="")
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    action: Mapped[str] = mapped_column(String(20))
    what: Mapped[str] = mapped_column(String(200))
    why: Mapped[str] = mapped_column(Text, default="")
    allowed: Mapped[bool]
    reason: Mapped[str] = mapped_column(String(40), default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
