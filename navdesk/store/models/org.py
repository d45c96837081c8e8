"""The organisation: region, municipalities, offices, host agreements, service catalogue, teams."""

from __future__ import annotations

import uuid
from datetime import date, time
from typing import TYPE_CHECKING

from sqlalchemy import Column, Date, ForeignKey, String, Table, Time, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from navdesk.store.base import Base, Versioned, id_column

if TYPE_CHECKING:
    from navdesk.store.models.staff import Staff


class Region(Base, Versioned):
    __tablename__ = "region"
    id: Mapped[uuid.UUID] = id_column()
    name: Mapped[str] = mapped_column(String(100), unique=True)


class Municipality(Base, Versioned):
    __tablename__ = "municipality"
    id: Mapped[uuid.UUID] = id_column()
    number: Mapped[str] = mapped_column(String(4), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    region_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("region.id"))


office_municipality = Table(
    "office_municipality",
    Base.metadata,
    Column("office_id", Uuid, ForeignKey("office.id", ondelete="CASCADE"), primary_key=True),
    Column("municipality_id", Uuid, ForeignKey("municipality.id"), primary_key=True),
)


class Office(Base, Versioned):
    __tablename__ = "office"
    id: Mapped[uuid.UUID] = id_column()
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    region_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("region.id"))
    address: Mapped[str] = mapped_column(String(200), default="")
    municipalities: Mapped[list[Municipality]] = relationship(secondary=office_municipality)
    hours: Mapped[list[OfficeHours]] = relationship(
        cascade="all, delete-orphan", order_by="(OfficeHours.weekday, OfficeHours.opens)"
    )
    days_elsewhere: Mapped[list[OfficeDay]] = relationship(
        cascade="all, delete-orphan", order_by="(OfficeDay.weekday, OfficeDay.opens)"
    )


class OfficeHours(Base):
    """Opening hours at the office itself: one row per weekday and opening."""

    __tablename__ = "office_hours"
    id: Mapped[uuid.UUID] = id_column()
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int]  # 0 = Monday
    opens: Mapped[time] = mapped_column(Time)
    closes: Mapped[time] = mapped_column(Time)


class OfficeDay(Base):
    """An office day held in another municipality (e.g. Gol staff at Hemsedal on Tuesdays)."""

    __tablename__ = "office_day"
    id: Mapped[uuid.UUID] = id_column()
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("municipality.id"))
    weekday: Mapped[int]
    opens: Mapped[time] = mapped_column(Time)
    closes: Mapped[time] = mapped_column(Time)
    location: Mapped[str] = mapped_column(String(200), default="")


class Service(Base, Versioned):
    """One entry of a municipality's service catalogue (both sides), valid for a period."""

    __tablename__ = "service"
    __table_args__ = (UniqueConstraint("municipality_id", "code", "valid_from"),)
    id: Mapped[uuid.UUID] = id_column()
    municipality_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("municipality.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(150))
    side: Mapped[str] = mapped_column(String(10))
    legal_basis: Mapped[str] = mapped_column(String(150), default="")
    is_minimum: Mapped[bool] = mapped_column(default=False)
    processing_days: Mapped[int | None]
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class HostAgreement(Base, Versioned):
    """Vertskommuneavtale (kommuneloven §28): the host runs the covered services for its members."""

    __tablename__ = "host_agreement"
    id: Mapped[uuid.UUID] = id_column()
    name: Mapped[str] = mapped_column(String(150))
    host_municipality_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("municipality.id"), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    coverage: Mapped[list[HostAgreementCoverage]] = relationship(cascade="all, delete-orphan")


class HostAgreementCoverage(Base):
    """Which member takes part for which service code: partial participation is one row less."""

    __tablename__ = "host_agreement_coverage"
    agreement_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("host_agreement.id", ondelete="CASCADE"), primary_key=True
    )
    member_municipality_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("municipality.id"), primary_key=True)
    service_code: Mapped[str] = mapped_column(String(40), primary_key=True)


team_office = Table(
    "team_office",
    Base.metadata,
    Column("team_id", Uuid, ForeignKey("team.id", ondelete="CASCADE"), primary_key=True),
    Column("office_id", Uuid, ForeignKey("office.id"), primary_key=True),
)
team_municipality = Table(
    "team_municipality",
    Base.metadata,
    Column("team_id", Uuid, ForeignKey("team.id", ondelete="CASCADE"), primary_key=True),
    Column("municipality_id", Uuid, ForeignKey("municipality.id"), primary_key=True),
)
team_member = Table(
    "team_member",
    Base.metadata,
    Column("team_id", Uuid, ForeignKey("team.id", ondelete="CASCADE"), primary_key=True),
    Column("staff_id", Uuid, ForeignKey("staff.id"), primary_key=True),
)


class Team(Base, Versioned):
    __tablename__ = "team"
    id: Mapped[uuid.UUID] = id_column()
    name: Mapped[str] = mapped_column(String(100), unique=True)
    team_type: Mapped[str] = mapped_column(String(20))
    lead_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    offices: Mapped[list[Office]] = relationship(secondary=team_office)
    municipalities: Mapped[list[Municipality]] = relationship(secondary=team_municipality)
    members: Mapped[list[Staff]] = relationship(secondary=team_member)
