"""Plans: goals and measures entered once, the activity plan, the individual plan with its ansvarsgruppe,
the KVP programme, and the register of external partners shared by every plan.

Every plan item that is about a person carries its side, responsible municipality and service code
(the activity plan is state; individual plans and KVP are municipal), so the access policy can judge it
without reading its content. Children (versions, participants, revisions, meetings, week rows) belong to
their parent's side.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Column, Date, DateTime, Float, ForeignKey, Index, String, Table, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from navdesk.store.base import Base, Versioned, id_column


class PlanSide:
    """Where a plan item belongs, for the access policy."""

    side: Mapped[str] = mapped_column(String(10))
    responsible_municipality_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("municipality.id"))
    service_code: Mapped[str] = mapped_column(String(40), default="")


class Goal(Base, Versioned, PlanSide):
    """The person's goal in their own words. Entered once; linked into each plan it belongs to."""

    __tablename__ = "plan_goal"
    id: Mapped[uuid.UUID] = id_column()
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    changed_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    changed_by: Mapped[str] = mapped_column(String(10), default="nav")  # ChangedBy
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)


class Measure(Base, Versioned, PlanSide):
    """A measure (tiltak in the individual-plan sense): what is done, how much, by whom, by when."""

    __tablename__ = "plan_measure"
    id: Mapped[uuid.UUID] = id_column()
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    goal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("plan_goal.id"))
    description: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(String(200), default="")  # omfang: "2 timer i uka"
    owner: Mapped[str] = mapped_column(String(200), default="")  # who is responsible, in words
    owner_staff_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    owner_contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("partner_contact.id"))
    deadline: Mapped[date | None] = mapped_column(Date)
    carried_out: Mapped[str] = mapped_column(Text, default="")  # how the measure is carried out
    done_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    changed_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)


class PlanLink(Base):
    """A goal or a measure shown in a plan: the activity plan (no plan id), an individual plan or a KVP."""

    __tablename__ = "plan_link"
    __table_args__ = (Index("ix_plan_link_plan", "plan_kind", "plan_id"),)
    id: Mapped[uuid.UUID] = id_column()
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    goal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("plan_goal.id", ondelete="CASCADE"), index=True)
    measure_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("plan_measure.id", ondelete="CASCADE"),
                                                         index=True)
    plan_kind: Mapped[str] = mapped_column(String(20))  # PlanKind
    plan_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # individual_plan.id or kvp_programme.id
    linked_at: Mapped[datetime] = mapped_column(DateTime)
    linked_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))


# Activity plan ----------------------------------------------------------------------------------


class Activity(Base, Versioned, PlanSide):
    """One activity of the aktivitetsplan. A KVP activity names its programme and is municipal."""

    __tablename__ = "activity"
    __table_args__ = (Index("ix_activity_person_status", "person_id", "status"),)
    id: Mapped[uuid.UUID] = id_column()
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    activity_type: Mapped[str] = mapped_column(String(20))  # ActivityType
    status: Mapped[str] = mapped_column(String(20))  # ActivityStatus
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    from_date: Mapped[date | None] = mapped_column(Date)
    to_date: Mapped[date | None] = mapped_column(Date)
    agreed: Mapped[bool] = mapped_column(default=False)  # "avtalt med NAV"
    details: Mapped[str] = mapped_column(Text, default="{}")  # the type's own fields (JSON)
    cancel_reason: Mapped[str] = mapped_column(String(500), default="")
    goal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("plan_goal.id"))
    kvp_programme_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("kvp_programme.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    created_by_kind: Mapped[str] = mapped_column(String(10), default="nav")  # ChangedBy
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    changed_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    changed_by: Mapped[str] = mapped_column(String(10), default="nav")  # ChangedBy


class ActivityVersion(Base):
    """One change of an activity (versions 2, 3 ...), kept for ever: who (NAV or the person, recorded by
    whom), when, what.

    `changes` is JSON {field: [before, after]} in stored values; the history is put into words when read.
    Version 1 is the activity as it was created (its `created_*` columns): undoing every later change
    from the current values gives exactly what it said then, so it is not stored twice.
    """

    __tablename__ = "activity_version"
    id: Mapped[uuid.UUID] = id_column()
    activity_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    at: Mapped[datetime] = mapped_column(DateTime)
    by: Mapped[str] = mapped_column(String(10))  # ChangedBy
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    change: Mapped[str] = mapped_column(String(20))  # created | edited | status | agreed
    changes: Mapped[str] = mapped_column(Text, default="{}")


# Individual plan --------------------------------------------------------------------------------


class IndividualPlan(Base, Versioned, PlanSide):
    """Individuell plan: the nine items of the regulation, the revisions, and consent to the plan."""

    __tablename__ = "individual_plan"
    id: Mapped[uuid.UUID] = id_column()
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))  # IpStatus
    resources: Mapped[str] = mapped_column(Text, default="")
    needs: Mapped[str] = mapped_column(Text, default="")
    carried_out: Mapped[str] = mapped_column(Text, default="")  # how the measures are carried out
    other_services: Mapped[str] = mapped_column(Text, default="")
    period_from: Mapped[date | None] = mapped_column(Date)
    period_to: Mapped[date | None] = mapped_column(Date)
    next_revision_on: Mapped[date | None] = mapped_column(Date, index=True)
    coordinator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    plan_consent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("consent.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    changed_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str] = mapped_column(String(500), default="")


class PlanParticipant(Base, Versioned):
    """Someone taking part in an individual plan, what they contribute, and the consent to share with them."""

    __tablename__ = "plan_participant"
    id: Mapped[uuid.UUID] = id_column()
    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("individual_plan.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # ParticipantKind
    staff_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("partner_contact.id"))
    name: Mapped[str] = mapped_column(String(150), default="")  # next of kin and others
    role: Mapped[str] = mapped_column(String(150), default="")  # "fastlege", "mor"
    contribution: Mapped[str] = mapped_column(Text, default="")
    sharing_consent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("consent.id"))


class PlanRevision(Base):
    """A dated revision of an individual plan; each one sets the next revision date."""

    __tablename__ = "plan_revision"
    id: Mapped[uuid.UUID] = id_column()
    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("individual_plan.id", ondelete="CASCADE"), index=True)
    revised_on: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, default="")
    next_revision_on: Mapped[date] = mapped_column(Date)
    by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(DateTime)


class Ansvarsgruppe(Base, Versioned, PlanSide):
    """The group of helpers around a person with complex needs, usually tied to an individual plan."""

    __tablename__ = "ansvarsgruppe"
    id: Mapped[uuid.UUID] = id_column()
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    individual_plan_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("individual_plan.id"), index=True)
    name: Mapped[str] = mapped_column(String(150))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    ended_on: Mapped[date | None] = mapped_column(Date)


class AnsvarsgruppeMember(Base):
    """A member: staff, a partner contact, the person, next of kin or someone else (by name)."""

    __tablename__ = "ansvarsgruppe_member"
    id: Mapped[uuid.UUID] = id_column()
    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ansvarsgruppe.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # ParticipantKind
    staff_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("partner_contact.id"))
    name: Mapped[str] = mapped_column(String(150), default="")
    role: Mapped[str] = mapped_column(String(150), default="")
    left_on: Mapped[date | None] = mapped_column(Date)


meeting_attendee = Table(
    "ansvarsgruppe_attendee",
    Base.metadata,
    Column("meeting_id", Uuid, ForeignKey("ansvarsgruppe_meeting.id", ondelete="CASCADE"), primary_key=True),
    Column("member_id", Uuid, ForeignKey("ansvarsgruppe_member.id"), primary_key=True),
)


class AnsvarsgruppeMeeting(Base, Versioned):
    """A meeting of the ansvarsgruppe with its minutes and decisions."""

    __tablename__ = "ansvarsgruppe_meeting"
    id: Mapped[uuid.UUID] = id_column()
    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ansvarsgruppe.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")
    minutes: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    written_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    written_at: Mapped[datetime] = mapped_column(DateTime)


class MeetingTask(Base):
    """A follow-up task agreed in a meeting: what, who, by when, and when it was done."""

    __tablename__ = "ansvarsgruppe_task"
    id: Mapped[uuid.UUID] = id_column()
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ansvarsgruppe_meeting.id", ondelete="CASCADE"),
                                                  index=True)
    description: Mapped[str] = mapped_column(Text)
    owner_member_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ansvarsgruppe_member.id"))
    owner: Mapped[str] = mapped_column(String(150), default="")  # in words when no member owns it
    deadline: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)


# External partners ------------------------------------------------------------------------------


class ExternalPartner(Base, Versioned):
    """A school, health service, DPS, child welfare, police, employer ... shared by all plans."""

    __tablename__ = "external_partner"
    id: Mapped[uuid.UUID] = id_column()
    name: Mapped[str] = mapped_column(String(150), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # PartnerKind
    municipality_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("municipality.id"))
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    active: Mapped[bool] = mapped_column(default=True)


class PartnerContact(Base, Versioned):
    __tablename__ = "partner_contact"
    id: Mapped[uuid.UUID] = id_column()
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("external_partner.id"), index=True)
    name: Mapped[str] = mapped_column(String(150))
    title: Mapped[str] = mapped_column(String(150), default="")  # "fastlege", "kontaktlærer"
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    active: Mapped[bool] = mapped_column(default=True)


# KVP --------------------------------------------------------------------------------------------


class KvpProgramme(Base, Versioned, PlanSide):
    """Kvalifiseringsprogrammet for one person: period, special reason for a third year, the end."""

    __tablename__ = "kvp_programme"
    id: Mapped[uuid.UUID] = id_column()
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("service_case.id"))  # the KVP decision
    starts_on: Mapped[date] = mapped_column(Date)
    planned_end_on: Mapped[date] = mapped_column(Date)
    special_reason: Mapped[str] = mapped_column(Text, default="")  # særlige grunner for a third year
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str] = mapped_column(String(20), default="")  # KvpEndReason
    end_note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    changed_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))


class KvpInterruption(Base):
    """A break in the programme; `ends_on` (the re-entry) stays empty while it lasts."""

    __tablename__ = "kvp_interruption"
    id: Mapped[uuid.UUID] = id_column()
    programme_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("kvp_programme.id", ondelete="CASCADE"),
                                                    index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(500), default="")
    by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))


class KvpWeekRow(Base):
    """One row of the weekly plan: weekday, activity, hours, and the goal it serves."""

    __tablename__ = "kvp_week_row"
    id: Mapped[uuid.UUID] = id_column()
    programme_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("kvp_programme.id", ondelete="CASCADE"),
                                                    index=True)
    weekday: Mapped[int]  # 0 = Monday
    position: Mapped[int] = mapped_column(default=0)  # order within the day
    activity: Mapped[str] = mapped_column(String(200))
    hours: Mapped[float] = mapped_column(Float)
    goal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("plan_goal.id"))
    activity_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("activity.id"))
