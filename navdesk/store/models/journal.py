"""Journal notes (with every earlier version kept), the contact log and appointments."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from navdesk.store.base import Base, Versioned, id_column


class JournalNote(Base, Versioned):
    """A dated, signed note tagged with its side. Editing keeps the earlier text as a revision."""

    __tablename__ = "journal_note"
    id: Mapped[uuid.UUID] = id_column()
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    side: Mapped[str] = mapped_column(String(10))
    responsible_municipality_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("municipality.id"))
    service_code: Mapped[str] = mapped_column(String(40), default="")
    closed_area_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("closed_area.id"))
    kind: Mapped[str] = mapped_column(String(20), default="note")  # note | oral (oral information written down)
    noted_on: Mapped[date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    written_at: Mapped[datetime] = mapped_column(DateTime)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Who signed the current text when it is not the author's first version.
    edited_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))


class JournalNoteRevision(Base):
    """An earlier text of a note, kept when the note was edited."""

    __tablename__ = "journal_note_revision"
    id: Mapped[uuid.UUID] = id_column()
    note_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("journal_note.id"), index=True)
    revision: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    written_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    written_at: Mapped[datetime] = mapped_column(DateTime)


class ContactEntry(Base):
    """A contact with the person: phone, meeting, home visit, SMS, video, letter."""

    __tablename__ = "contact_entry"
    id: Mapped[uuid.UUID] = id_column()
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    side: Mapped[str] = mapped_column(String(10))
    responsible_municipality_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("municipality.id"))
    # Municipal contacts name their service: a host agreement opens specific services, not "all".
    service_code: Mapped[str] = mapped_column(String(40), default="")
    channel: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    summary: Mapped[str] = mapped_column(Text, default="")


class Appointment(Base, Versioned):
    """A booked meeting: who, when, where (an office, or an office day in another municipality)."""

    __tablename__ = "appointment"
    id: Mapped[uuid.UUID] = id_column()
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"), index=True)
    side: Mapped[str] = mapped_column(String(10))
    responsible_municipality_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("municipality.id"))
    service_code: Mapped[str] = mapped_column(String(40), default="")
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    office_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("office.id"))
    municipality_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("municipality.id"))
    location: Mapped[str] = mapped_column(String(200), default="")
    channel: Mapped[str] = mapped_column(String(20), default="oppmote")  # oppmote | telefon | video
    purpose: Mapped[str] = mapped_column(String(200), default="")
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)
