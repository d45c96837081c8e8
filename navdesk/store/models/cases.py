"""Services and cases a person has or applies for (both sides), and closed areas."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Column, Date, DateTime, ForeignKey, Index, String, Table, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from navdesk.store.base import Base, Versioned, id_column


class ClosedArea(Base):
    """A closed area of one person (e.g. a child-welfare case): only the named staff may see it."""

    __tablename__ = "closed_area"
    id: Mapped[uuid.UUID] = id_column()
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    name: Mapped[str] = mapped_column(String(150))
    service_code: Mapped[str] = mapped_column(String(40), default="barnevern")
    created_at: Mapped[datetime] = mapped_column(DateTime)


closed_area_staff = Table(
    "closed_area_staff",
    Base.metadata,
    Column("area_id", Uuid, ForeignKey("closed_area.id", ondelete="CASCADE"), primary_key=True),
    Column("staff_id", Uuid, ForeignKey("staff.id"), primary_key=True),
)


class ServiceCase(Base, Versioned):
    """One service a person has or applies for.

    Municipal applications move søknad → under behandling → vedtak → (klage); state follow-up facts
    (AAP period, sick-leave start, dagpenger, tiltak) use the period and `details` (JSON).
    """

    __tablename__ = "service_case"
    # Covers the access check "has this person a municipal case this staff member may handle", which
    # lists and search run for every person they judge.
    __table_args__ = (Index("ix_service_case_access", "person_id", "side", "responsible_municipality_id",
                            "service_code"),)
    id: Mapped[uuid.UUID] = id_column()
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    side: Mapped[str] = mapped_column(String(10))
    service_code: Mapped[str] = mapped_column(String(40))
    responsible_municipality_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("municipality.id"), index=True)
    closed_area_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("closed_area.id"))
    status: Mapped[str] = mapped_column(String(30))
    received_on: Mapped[date | None] = mapped_column(Date)
    oral_application: Mapped[bool] = mapped_column(default=False)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(30), default="")
    reasons: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    close_reason: Mapped[str] = mapped_column(String(200), default="")
    # Municipal case handling (navdesk.domain.case_flow). The deadlines are computed by the deadline
    # engine when the case is saved and kept, so that the date told to the person never moves.
    application_text: Mapped[str] = mapped_column(Text, default="")
    legal_basis: Mapped[str] = mapped_column(String(150), default="")
    processing_deadline: Mapped[date | None] = mapped_column(Date)
    interim_reply_due: Mapped[date | None] = mapped_column(Date)
    interim_reply_sent_on: Mapped[date | None] = mapped_column(Date)
    complaint_deadline: Mapped[date | None] = mapped_column(Date)
    children_assessed: Mapped[bool] = mapped_column(default=False)
    activity_condition: Mapped[bool] = mapped_column(default=False)
    kvp_considered: Mapped[bool] = mapped_column(default=False)
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    complaint_received_on: Mapped[date | None] = mapped_column(Date)
    complaint_text: Mapped[str] = mapped_column(Text, default="")
    complaint_late_note: Mapped[str] = mapped_column(Text, default="")
    complaint_handling_due: Mapped[date | None] = mapped_column(Date)
    sent_to_statsforvalteren_on: Mapped[date | None] = mapped_column(Date)
    complaint_outcome: Mapped[str] = mapped_column(String(30), default="")
    complaint_decided_on: Mapped[date | None] = mapped_column(Date)
