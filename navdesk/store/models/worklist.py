"""Caseloads and the worklist: assignment rules, handovers, reminders, saved filters, walk-ins and the
offices' own deadline rules. Also the indexes the worklist's sorting and filtering lean on."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from sqlalchemy import Column, Date, DateTime, ForeignKey, Index, String, Table, Text, Time, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from navdesk.store.base import Base, Versioned, id_column
from navdesk.store.models.confidentiality import AccessLogEntry
from navdesk.store.models.journal import Appointment, ContactEntry
from navdesk.store.models.people import Person, PersonContact


class AssignmentRule(Base, Versioned):
    """One link of an office's assignment chain (see `navdesk.domain.assignment`).

    Empty criteria match everyone. `service_codes` is comma-separated, `birth_days` is "1-10, 21-31",
    `employers` one per line. The rule routes to a team, a veileder, or both (the veileder becomes the
    contact, the team the owner).
    """

    __tablename__ = "assignment_rule"
    id: Mapped[uuid.UUID] = id_column()
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(default=True)
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    service_codes: Mapped[str] = mapped_column(Text, default="")
    birth_days: Mapped[str] = mapped_column(String(120), default="")
    employers: Mapped[str] = mapped_column(Text, default="")
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"))
    staff_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))


assignment_rule_municipality = Table(
    "assignment_rule_municipality",
    Base.metadata,
    Column("rule_id", Uuid, ForeignKey("assignment_rule.id", ondelete="CASCADE"), primary_key=True),
    Column("municipality_id", Uuid, ForeignKey("municipality.id"), primary_key=True),
)


class Handover(Base, Versioned):
    """A proposed change of contact veileder: the sender stays owner until the receiver answers."""

    __tablename__ = "handover"
    id: Mapped[uuid.UUID] = id_column()
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    sender_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"), index=True)
    receiver_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"), index=True)
    note: Mapped[str] = mapped_column(Text)
    agreed_with_person: Mapped[bool] = mapped_column(default=False)
    proposed_at: Mapped[datetime] = mapped_column(DateTime)
    # The day by which the receiver should answer (N working days after the proposal).
    answer_due: Mapped[date] = mapped_column(Date, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    accepted: Mapped[bool | None]
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)


class Reminder(Base, Versioned):
    """A huskelapp: a staff member's note about a person, with an optional deadline."""

    __tablename__ = "reminder"
    id: Mapped[uuid.UUID] = id_column()
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)


class SavedFilter(Base, Versioned):
    """A staff member's named worklist query (view, filters, sort)."""

    __tablename__ = "saved_filter"
    id: Mapped[uuid.UUID] = id_column()
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    view: Mapped[str] = mapped_column(String(20))
    scope_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # the team or office of the view, if one
    filter_key: Mapped[str] = mapped_column(String(400))  # the chosen filters, comma-separated
    sort_key: Mapped[str] = mapped_column(String(40))
    descending: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class WalkIn(Base):
    """One henvendelse at the counter, for the opening-hours statistics (no person: just the count)."""

    __tablename__ = "walk_in"
    id: Mapped[uuid.UUID] = id_column()
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office.id"), index=True)
    # Where it happened when not at the office itself (an office day in another municipality).
    municipality_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("municipality.id"))
    day: Mapped[date] = mapped_column(Date, index=True)
    at: Mapped[time] = mapped_column(Time)
    category: Mapped[str] = mapped_column(String(30))
    registered_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))


class DeadlineRuleOverride(Base, Versioned):
    """An office's own deadline rules (or every office's, with `office_id` empty), for one service or all.

    Each column left empty keeps the value from the level below (see `navdesk.domain.deadlines.RuleBook`).
    """

    __tablename__ = "deadline_rule_override"
    id: Mapped[uuid.UUID] = id_column()
    office_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("office.id", ondelete="CASCADE"), index=True)
    service_code: Mapped[str] = mapped_column(String(40), default="")
    processing_days: Mapped[int | None]
    processing_in_working_days: Mapped[bool | None]
    interim_reply_prompt_days: Mapped[int | None]
    complaint_handling_days: Mapped[int | None]
    kvp_warning_days: Mapped[int | None]
    aap_warning_days: Mapped[int | None]
    ip_revision_warning_days: Mapped[int | None]
    activity_warning_days: Mapped[int | None]
    sick_leave_weeks: Mapped[str | None] = mapped_column(String(40))  # "12,22"
    sick_leave_warning_days: Mapped[int | None]
    no_contact_months: Mapped[int | None]
    due_soon_days: Mapped[int | None]
    grace_days: Mapped[int | None]
    handover_answer_working_days: Mapped[int | None]


# Indexes for the worklist: sorting the office list by name or birth date reads an index in order and
# stops after the first screen; the filters start from the view's people and look up their contacts,
# contact log and meetings (cases, activities and plans are found by their person_id index).
Index("ix_person_worklist_name", Person.last_name, Person.first_name, Person.id)
Index("ix_person_worklist_birth", Person.birth_date, Person.id)
Index("ix_person_contact_staff_open", PersonContact.staff_id, PersonContact.ends, PersonContact.person_id)
Index("ix_contact_entry_person_at", ContactEntry.person_id, ContactEntry.at)
Index("ix_appointment_staff_starts", Appointment.staff_id, Appointment.starts_at)
# "New for me" asks, for each of a veileder's new people, whether they have opened the card since: one
# look-up here, where the staff_id index alone would read through all their reads in the access log.
Index("ix_access_log_staff_person", AccessLogEntry.staff_id, AccessLogEntry.person_id, AccessLogEntry.at)
