"""What the plan services take and give: frozen values, already judged by the access policy.

Forms (`*Form`, `*Edit`) carry what the user typed; views carry what the user may see. Anything the
reader may not read is a `Withheld` marker (one per distinct reason, never counted) or left out without a
trace (closed areas, conflict of interest). Codes are the stored values (see `navdesk.domain.plans`);
every code comes with its translated label next to it.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from navdesk.domain.codes import Side
from navdesk.domain.plans import ChangedBy, DateRule, FieldSpec, PlanKind
from navdesk.services.card_types import Withheld

# Shared: where a goal or measure is shown --------------------------------------------------------


@dataclass(frozen=True)
class PlanRef:
    """One plan of a person: the activity plan (no id, one per person), an individual plan or a KVP."""

    kind: PlanKind
    plan_id: uuid.UUID | None = None

    @classmethod
    def activity_plan(cls) -> PlanRef:
        return cls(PlanKind.ACTIVITY_PLAN)

    @classmethod
    def individual_plan(cls, plan_id: uuid.UUID) -> PlanRef:
        return cls(PlanKind.INDIVIDUAL_PLAN, plan_id)

    @classmethod
    def kvp(cls, programme_id: uuid.UUID) -> PlanRef:
        return cls(PlanKind.KVP, programme_id)


@dataclass(frozen=True)
class PlanPlace:
    ref: PlanRef
    label: str  # "Activity plan", "Individual plan (Gol)", "KVP plan"


@dataclass(frozen=True)
class GoalView:
    goal_id: uuid.UUID
    version: int
    text: str
    side: Side
    plans: tuple[PlanPlace, ...]  # every plan the goal is linked into that the reader may see
    changed_at: datetime
    changed_by: ChangedBy
    changed_by_label: str  # "NAV (Ola Rud)" or "The person (recorded by Ola Rud)"
    can_change: bool


@dataclass(frozen=True)
class MeasureForm:
    description: str
    scope: str = ""
    owner: str = ""  # in words; may be left empty when a staff member or partner contact is named
    deadline: date | None = None
    carried_out: str = ""
    goal_id: uuid.UUID | None = None
    owner_staff_id: uuid.UUID | None = None
    owner_contact_id: uuid.UUID | None = None
    done_on: date | None = None


@dataclass(frozen=True)
class MeasureView:
    measure_id: uuid.UUID
    version: int
    description: str
    scope: str
    owner: str  # who is responsible, as shown
    owner_staff_id: uuid.UUID | None
    owner_contact_id: uuid.UUID | None
    deadline: date | None
    carried_out: str
    done_on: date | None
    overdue: bool
    goal_id: uuid.UUID | None
    goal_text: str  # "" when the goal is not linked or may not be read
    side: Side
    plans: tuple[PlanPlace, ...]
    can_change: bool


@dataclass(frozen=True)
class GoalsAndMeasures:
    goals: tuple[GoalView, ...]
    measures: tuple[MeasureView, ...]
    withheld: tuple[Withheld, ...]


# Activity plan -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityForm:
    """A new activity. `details` holds the type's own fields (see `activity_form_spec`)."""

    activity_type: str
    title: str
    from_date: date | None
    to_date: date | None
    details: Mapping[str, object] = field(default_factory=dict)
    description: str = ""
    status: str = "planlagt"
    agreed: bool = False  # avtalt med NAV
    goal_id: uuid.UUID | None = None
    kvp_programme_id: uuid.UUID | None = None  # a KVP activity (municipal side)
    by: ChangedBy = ChangedBy.NAV


@dataclass(frozen=True)
class ActivityEdit:
    title: str
    from_date: date | None
    to_date: date | None
    details: Mapping[str, object] = field(default_factory=dict)
    description: str = ""
    goal_id: uuid.UUID | None = None
    by: ChangedBy = ChangedBy.NAV


@dataclass(frozen=True)
class ActivityFormSpec:
    """What the form for one activity type shows: its own fields, the date labels, the first statuses."""

    activity_type: str
    type_label: str
    fields: tuple[FieldSpec, ...]
    dates: DateRule
    from_label: str
    to_label: str
    initial_statuses: tuple[tuple[str, str], ...]  # (status, label), the default first
    nav_only: bool  # meetings and conversation summaries are recorded by NAV only


@dataclass(frozen=True)
class ActivityCard:
    """An activity as a card on the board or a row in the list."""

    activity_id: uuid.UUID
    version: int
    activity_type: str
    type_label: str
    status: str
    status_label: str
    title: str
    from_date: date | None
    to_date: date | None
    agreed: bool
    overdue: bool
    locked: bool
    kvp: bool  # belongs to a KVP programme (municipal side)
    subtitle: str  # one line of the type's own fields: employer, place, time ...
    can_change: bool
    next_statuses: tuple[tuple[str, str], ...]  # (status, label) it may be moved to by this reader


@dataclass(frozen=True)
class DetailValue:
    name: str
    label: str
    value: object  # the stored value (for the edit form)
    text: str  # as shown


@dataclass(frozen=True)
class ActivityDetail:
    card: ActivityCard
    description: str
    details: tuple[DetailValue, ...]
    fields: tuple[FieldSpec, ...]
    cancel_reason: str
    goal_id: uuid.UUID | None
    goal_text: str
    kvp_programme_id: uuid.UUID | None
    created_at: datetime
    created_by: str
    changed_at: datetime
    changed_by_label: str
    versions: int


@dataclass(frozen=True)
class BoardColumn:
    status: str
    label: str
    cards: tuple[ActivityCard, ...]  # open ones by end date (overdue first), closed ones newest first


@dataclass(frozen=True)
class ActivityBoard:
    person_id: uuid.UUID
    columns: tuple[BoardColumn, ...]  # forslag, planlagt, gjennomføres, fullført, avbrutt
    overdue: int
    withheld: tuple[Withheld, ...]
    can_create: bool  # on the activity plan (state side)
    kvp_programmes: tuple[tuple[uuid.UUID, str], ...]  # running KVP programmes the reader may add activities to


@dataclass(frozen=True)
class ActivityFilter:
    """Empty sets mean "any"; None means "either"."""

    types: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    overdue: bool | None = None
    agreed: bool | None = None
    kvp: bool | None = None


@dataclass(frozen=True)
class ActivityList:
    items: tuple[ActivityCard, ...]  # newest end date first, open before closed
    withheld: tuple[Withheld, ...]


@dataclass(frozen=True)
class HistoryEntry:
    version: int
    at: datetime
    by: ChangedBy
    who: str  # "NAV (Ola Rud)" / "The person (recorded by Ola Rud)"
    what: str  # "Created", "Changed", "Moved", "Agreed with NAV"
    lines: tuple[str, ...]  # "Status: Planned → In progress", "Employer: Coop → Kiwi"


# Individual plan -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndividualPlanForm:
    responsible_municipality_id: uuid.UUID | None
    period_from: date | None
    next_revision_on: date | None
    period_to: date | None = None
    resources: str = ""
    needs: str = ""
    carried_out: str = ""
    other_services: str = ""
    coordinator_id: uuid.UUID | None = None
    plan_consent_id: uuid.UUID | None = None


@dataclass(frozen=True)
class ParticipantForm:
    kind: str  # ParticipantKind
    staff_id: uuid.UUID | None = None
    contact_id: uuid.UUID | None = None
    name: str = ""  # next of kin and others
    role: str = ""
    contribution: str = ""
    sharing_consent_id: uuid.UUID | None = None


@dataclass(frozen=True)
class ConsentOption:
    """A consent of the person's register that a plan or participant may point to."""

    consent_id: uuid.UUID
    label: str
    state: str  # ConsentState value
    active: bool


@dataclass(frozen=True)
class ParticipantView:
    participant_id: uuid.UUID
    version: int
    kind: str
    kind_label: str
    name: str
    organisation: str  # the partner of a partner contact
    role: str
    contribution: str
    staff_id: uuid.UUID | None
    contact_id: uuid.UUID | None
    sharing_consent_id: uuid.UUID | None
    sharing_consent: str  # the consent's state in words, "" when none is needed (the person) or named
    sharing_consent_active: bool
    needs_sharing_consent: bool  # everyone but the person and NAV's own staff


@dataclass(frozen=True)
class RevisionForm:
    revised_on: date | None
    next_revision_on: date | None
    summary: str = ""


@dataclass(frozen=True)
class RevisionView:
    revised_on: date
    summary: str
    next_revision_on: date
    by: str
    at: datetime


@dataclass(frozen=True)
class AnsvarsgruppeSummary:
    group_id: uuid.UUID
    name: str
    members: int
    last_meeting_on: date | None
    open_tasks: int
    overdue_tasks: int


@dataclass(frozen=True)
class IndividualPlanSummary:
    plan_id: uuid.UUID
    status: str
    status_label: str
    municipality: str
    period_from: date | None
    period_to: date | None
    next_revision_on: date | None
    revision_overdue: bool
    missing: int  # required items not yet in the plan


@dataclass(frozen=True)
class IndividualPlanView:
    plan_id: uuid.UUID
    version: int
    person_id: uuid.UUID
    municipality_id: uuid.UUID
    municipality: str
    status: str
    status_label: str
    resources: str
    needs: str
    carried_out: str
    other_services: str
    period_from: date | None
    period_to: date | None
    next_revision_on: date | None
    revision_overdue: bool
    coordinator_id: uuid.UUID | None
    coordinator: str
    plan_consent_id: uuid.UUID | None
    plan_consent: str  # the consent's state in words, "" when none is named
    plan_consent_active: bool
    goals: tuple[GoalView, ...]
    measures: tuple[MeasureView, ...]
    participants: tuple[ParticipantView, ...]
    revisions: tuple[RevisionView, ...]  # newest first
    groups: tuple[AnsvarsgruppeSummary, ...]
    missing: tuple[tuple[str, str], ...]  # (IpItem, label) the plan does not yet hold
    ended_on: date | None
    end_reason: str
    can_change: bool
    consent_options: tuple[ConsentOption, ...]
    withheld: tuple[Withheld, ...]  # linked goals or measures of another side the reader may not see


# Ansvarsgruppe ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnsvarsgruppeForm:
    name: str
    individual_plan_id: uuid.UUID | None = None
    # Needed only without an individual plan (the group then belongs to this municipality's plan work).
    responsible_municipality_id: uuid.UUID | None = None


@dataclass(frozen=True)
class MemberForm:
    kind: str  # ParticipantKind
    staff_id: uuid.UUID | None = None
    contact_id: uuid.UUID | None = None
    name: str = ""
    role: str = ""


@dataclass(frozen=True)
class MemberView:
    member_id: uuid.UUID
    kind: str
    kind_label: str
    name: str
    organisation: str
    role: str
    left_on: date | None


@dataclass(frozen=True)
class TaskForm:
    description: str
    owner_member_id: uuid.UUID | None = None
    owner: str = ""
    deadline: date | None = None


@dataclass(frozen=True)
class TaskView:
    task_id: uuid.UUID
    meeting_id: uuid.UUID
    description: str
    owner: str
    deadline: date | None
    done_on: date | None
    overdue: bool


@dataclass(frozen=True)
class MeetingForm:
    held_on: date | None
    place: str = ""
    attendee_ids: frozenset[uuid.UUID] = frozenset()
    minutes: str = ""
    decisions: str = ""
    tasks: tuple[TaskForm, ...] = ()


@dataclass(frozen=True)
class MeetingView:
    meeting_id: uuid.UUID
    version: int
    held_on: date
    place: str
    attendees: tuple[str, ...]
    attendee_ids: frozenset[uuid.UUID]
    minutes: str
    decisions: str
    tasks: tuple[TaskView, ...]
    written_by: str
    written_at: datetime


@dataclass(frozen=True)
class AnsvarsgruppeView:
    group_id: uuid.UUID
    version: int
    person_id: uuid.UUID
    name: str
    individual_plan_id: uuid.UUID | None
    municipality: str
    members: tuple[MemberView, ...]  # current members first
    meetings: tuple[MeetingView, ...]  # newest first
    open_tasks: tuple[TaskView, ...]
    ended_on: date | None
    can_change: bool


# KVP ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KvpForm:
    responsible_municipality_id: uuid.UUID | None
    starts_on: date | None
    planned_end_on: date | None
    special_reason: str = ""  # særlige grunner: needed for a programme beyond two years
    case_id: uuid.UUID | None = None  # the KVP decision in the person's cases


@dataclass(frozen=True)
class WeekRowForm:
    weekday: int
    activity: str
    hours: float
    goal_id: uuid.UUID | None = None
    activity_id: uuid.UUID | None = None


@dataclass(frozen=True)
class WeekRowView:
    weekday: int
    weekday_label: str
    activity: str
    hours: float
    goal_id: uuid.UUID | None
    goal_text: str
    activity_id: uuid.UUID | None


@dataclass(frozen=True)
class InterruptionView:
    starts_on: date
    ends_on: date | None  # None while the break lasts
    reason: str
    days: int


@dataclass(frozen=True)
class KvpSummary:
    programme_id: uuid.UUID
    status: str
    status_label: str
    municipality: str
    starts_on: date
    planned_end_on: date
    ended_on: date | None


@dataclass(frozen=True)
class KvpView:
    programme_id: uuid.UUID
    version: int
    person_id: uuid.UUID
    municipality_id: uuid.UUID
    municipality: str
    status: str
    status_label: str
    starts_on: date
    planned_end_on: date
    ordinary_end: date  # two years, interruptions not counted
    longest_end: date  # three years, with a special reason
    special_reason: str
    days_in_programme: int
    interruptions: tuple[InterruptionView, ...]
    week: tuple[WeekRowView, ...]  # Monday first
    week_hours: float
    full_time: bool
    goals: tuple[GoalView, ...]
    measures: tuple[MeasureView, ...]
    activities: tuple[ActivityCard, ...]
    ended_on: date | None
    end_reason: str
    end_reason_label: str
    end_note: str
    case_id: uuid.UUID | None
    can_change: bool
    withheld: tuple[Withheld, ...]


# The card's summary --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class PlanOverview:
    """What the person card shows about plans: counts and flags, each already judged."""

    person_id: uuid.UUID
    activities: tuple[StatusCount, ...]
    overdue_activities: int
    goals: int
    individual_plans: tuple[IndividualPlanSummary, ...]
    revision_overdue: bool
    kvp: tuple[KvpSummary, ...]
    ansvarsgrupper: tuple[AnsvarsgruppeSummary, ...]
    withheld: tuple[Withheld, ...]


# External partners ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerForm:
    name: str
    kind: str  # PartnerKind
    municipality_id: uuid.UUID | None = None
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class PartnerContactForm:
    name: str
    title: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class PartnerContactView:
    contact_id: uuid.UUID
    version: int
    partner_id: uuid.UUID
    partner: str
    name: str
    title: str
    phone: str
    email: str
    active: bool

    @property
    def label(self) -> str:
        """"Kari Li (fastlege), Gol legesenter" — how the contact is named in plans and pickers."""
        who = f"{self.name} ({self.title})" if self.title else self.name
        return f"{who}, {self.partner}"


@dataclass(frozen=True)
class PartnerView:
    partner_id: uuid.UUID
    version: int
    name: str
    kind: str
    kind_label: str
    municipality_id: uuid.UUID | None
    municipality: str
    address: str
    phone: str
    email: str
    active: bool
    contacts: tuple[PartnerContactView, ...]


# Printing ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrintedPlan:
    pdf: bytes
    suggested_name: str  # a file name without folder, e.g. "aktivitetsplan-2025-03-01.pdf"
