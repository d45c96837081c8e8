"""Staff members, their authorisations and absences."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, Date, DateTime, ForeignKey, String, Table, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from navdesk.store.base import Base, Versioned, id_column

if TYPE_CHECKING:
    from navdesk.store.models.org import Office

staff_office = Table(
    "staff_office",
    Base.metadata,
    Column("staff_id", Uuid, ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True),
    Column("office_id", Uuid, ForeignKey("office.id"), primary_key=True),
)


class Staff(Base, Versioned):
    __tablename__ = "staff"
    id: Mapped[uuid.UUID] = id_column()
    login: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(120), default="")
    # Employer: None = the state (NAV stat); otherwise the employing municipality.
    employer_municipality_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("municipality.id"))
    # Roles as a comma-separated set of Role values ("leader,veileder").
    roles: Mapped[str] = mapped_column(String(60), default="veileder")
    fte_percent: Mapped[int] = mapped_column(default=100)
    # Share of the position spent as leader (the rest as veileder); 0 for pure veiledere.
    leader_share_percent: Mapped[int] = mapped_column(default=0)
    specialist_areas: Mapped[str] = mapped_column(Text, default="")  # one per line
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str] = mapped_column(String(200), default="")
    must_change_password: Mapped[bool] = mapped_column(default=False)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_login: Mapped[datetime | None] = mapped_column(DateTime)
    offices: Mapped[list[Office]] = relationship(secondary=staff_office)
    authorisations: Mapped[list[StaffAuthorisation]] = relationship(cascade="all, delete-orphan")
    absences: Mapped[list[StaffAbsence]] = relationship(
        cascade="all, delete-orphan", foreign_keys="StaffAbsence.staff_id", order_by="StaffAbsence.starts"
    )


class StaffAuthorisation(Base):
    """What side a staff member may work on.

    side=state: the state side at the offices the member serves (municipality and service empty).
    side=municipal: one municipality, and one service code or all services (service_code empty).
    """

    __tablename__ = "staff_authorisation"
    id: Mapped[uuid.UUID] = id_column()
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(String(10))
    municipality_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("municipality.id"))
    service_code: Mapped[str] = mapped_column(String(40), default="")


class StaffAbsence(Base):
    __tablename__ = "staff_absence"
    id: Mapped[uuid.UUID] = id_column()
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    starts: Mapped[date] = mapped_column(Date)
    ends: Mapped[date] = mapped_column(Date)
    deputy_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    reason: Mapped[str] = mapped_column(String(200), default="")
