"""Plans: the activity plan (aktivitetsplan), the individual plan (individuell plan) and the KVP plan.

Pure rules, no storage: the activity types and the fields each one has, the statuses and which moves
between them are allowed (a table), the lock on completed and cancelled activities, the overdue rule,
the KVP programme period (two years, a third only for a recorded special reason, interruptions not
counted), and what an individual plan must hold (the nine items of forskrift om habilitering,
rehabilitering, individuell plan og koordinator) with its revision rule.

Stored values are Norwegian where they are NAV's or the law's own terms; the labels are English
message ids that keep the Norwegian term where there is no exact English one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from navdesk.domain.errors import ValidationFailed
from navdesk.i18n import N_, _

TEXT_MAX = 200
LONG_TEXT_MAX = 10_000


class PlanKind(StrEnum):
    """The three plans a goal or a measure can be linked into."""

    ACTIVITY_PLAN = "activity_plan"  # the state side's aktivitetsplan (one per person)
    INDIVIDUAL_PLAN = "individual_plan"
    KVP = "kvp"


class ChangedBy(StrEnum):
    """Who made a change: NAV (the staff member) or the person (recorded by the staff member)."""

    NAV = "nav"
    PERSON = "person"


# Activity plan ----------------------------------------------------------------------------------


class ActivityType(StrEnum):
    EGENAKTIVITET = "egenaktivitet"
    STILLING = "stilling"  # jobbsøking: one job applied for
    SOKEAVTALE = "sokeavtale"
    I_JOBB = "ijobb"
    BEHANDLING = "behandling"
    MOTE = "mote"  # møte med NAV
    SAMTALEREFERAT = "samtalereferat"
    TILTAK = "tiltak"


class ActivityStatus(StrEnum):
    FORSLAG = "forslag"
    PLANLAGT = "planlagt"
    GJENNOMFORES = "gjennomfores"
    FULLFORT = "fullfort"
    AVBRUTT = "avbrutt"


# The board's columns, left to right.
STATUS_ORDER: tuple[ActivityStatus, ...] = tuple(ActivityStatus)
OPEN_STATUSES = frozenset({ActivityStatus.FORSLAG, ActivityStatus.PLANLAGT, ActivityStatus.GJENNOMFORES})
LOCKED_STATUSES = frozenset({ActivityStatus.FULLFORT, ActivityStatus.AVBRUTT})

_S = ActivityStatus
TRANSITIONS: Mapping[ActivityStatus, frozenset[ActivityStatus]] = {
    # A suggestion is agreed (planned), started at once, or dropped; it cannot be completed unstarted.
    _S.FORSLAG: frozenset({_S.PLANLAGT, _S.GJENNOMFORES, _S.AVBRUTT}),
    # Once planned it is no longer a suggestion: it moves forward, or is cancelled.
    _S.PLANLAGT: frozenset({_S.GJENNOMFORES, _S.FULLFORT, _S.AVBRUTT}),
    # Started work may be paused back to planned.
    _S.GJENNOMFORES: frozenset({_S.PLANLAGT, _S.FULLFORT, _S.AVBRUTT}),
    # Completed and cancelled are final: the record of what happened must not change.
    _S.FULLFORT: frozenset(),
    _S.AVBRUTT: frozenset(),
}


class JobLabel(StrEnum):
    """Etikett on a job application (stilling)."""

    SOKNAD_SENDT = "soknad_sendt"
    INNKALT_TIL_INTERVJU = "innkalt_til_intervju"
    AVSLAG = "avslag"
    JOBBTILBUD = "jobbtilbud"


class MeetingChannel(StrEnum):
    OPPMOTE = "oppmote"
    TELEFON = "telefon"
    VIDEO = "video"


class WorkExtent(StrEnum):
    HELTID = "heltid"
    DELTID = "deltid"


class FieldKind(StrEnum):
    TEXT = "text"  # one line
    LONG_TEXT = "long_text"
    NUMBER = "number"  # a whole number
    CHOICE = "choice"  # one of `choices`
    TIME = "time"  # HH:MM


@dataclass(frozen=True)
class FieldSpec:
    """One of an activity type's own fields, for the form and for validation."""

    name: str
    label_id: str  # message id; use `label`
    kind: FieldKind
    required: bool = False
    choices: tuple[StrEnum, ...] = ()
    low: int = 0
    high: int = 0

    @property
    def label(self) -> str:
        return _(self.label_id)


@dataclass(frozen=True)
class DateRule:
    from_required: bool
    to_required: bool
    from_label: str = N_("From")
    to_label: str = N_("To")


_T = ActivityType
ACTIVITY_FIELDS: Mapping[ActivityType, tuple[FieldSpec, ...]] = {
    _T.EGENAKTIVITET: (
        FieldSpec("purpose", N_("Purpose of the activity"), FieldKind.LONG_TEXT),
        FieldSpec("follow_up", N_("How it is followed up"), FieldKind.LONG_TEXT),
    ),
    _T.STILLING: (
        FieldSpec("employer", N_("Employer"), FieldKind.TEXT, required=True),
        FieldSpec("job_title", N_("Job title"), FieldKind.TEXT, required=True),
        FieldSpec("workplace", N_("Workplace"), FieldKind.TEXT),
        FieldSpec("contact", N_("Contact person"), FieldKind.TEXT),
        FieldSpec("label", N_("Label (etikett)"), FieldKind.CHOICE, choices=tuple(JobLabel)),
    ),
    _T.SOKEAVTALE: (
        FieldSpec("per_week", N_("Applications per week"), FieldKind.NUMBER, required=True, low=1, high=50),
        FieldSpec("in_total", N_("Applications in total"), FieldKind.NUMBER, low=1, high=1000),
        FieldSpec("follow_up", N_("How it is followed up"), FieldKind.LONG_TEXT),
    ),
    _T.I_JOBB: (
        FieldSpec("employer", N_("Employer"), FieldKind.TEXT, required=True),
        FieldSpec("extent", N_("Extent"), FieldKind.CHOICE, required=True, choices=tuple(WorkExtent)),
        FieldSpec("hours_per_week", N_("Hours per week"), FieldKind.NUMBER, low=1, high=60),
    ),
    _T.BEHANDLING: (
        FieldSpec("kind", N_("Kind of treatment"), FieldKind.TEXT, required=True),
        FieldSpec("place", N_("Where"), FieldKind.TEXT, required=True),
        FieldSpec("effect", N_("Expected effect on work"), FieldKind.LONG_TEXT),
    ),
    _T.MOTE: (
        FieldSpec("time", N_("Time"), FieldKind.TIME, required=True),
        FieldSpec("channel", N_("How"), FieldKind.CHOICE, required=True, choices=tuple(MeetingChannel)),
        FieldSpec("place", N_("Place"), FieldKind.TEXT),
        FieldSpec("preparations", N_("Preparations"), FieldKind.LONG_TEXT),
        FieldSpec("minutes", N_("Minutes"), FieldKind.LONG_TEXT),
    ),
    _T.SAMTALEREFERAT: (
        FieldSpec("channel", N_("How"), FieldKind.CHOICE, required=True, choices=tuple(MeetingChannel)),
        FieldSpec("minutes", N_("Summary of the conversation"), FieldKind.LONG_TEXT, required=True),
    ),
    _T.TILTAK: (
        FieldSpec("provider", N_("Provider (tiltaksarrangør)"), FieldKind.TEXT, required=True),
        FieldSpec("tiltak_kind", N_("Kind of measure"), FieldKind.TEXT),
    ),
}

DATE_RULES: Mapping[ActivityType, DateRule] = {
    _T.EGENAKTIVITET: DateRule(True, True),
    _T.STILLING: DateRule(True, True, to_label=N_("Application deadline")),
    _T.SOKEAVTALE: DateRule(True, True),
    _T.I_JOBB: DateRule(True, False),
    _T.BEHANDLING: DateRule(True, True),
    _T.MOTE: DateRule(True, False, from_label=N_("Date")),
    _T.SAMTALEREFERAT: DateRule(True, False, from_label=N_("Date")),
    _T.TILTAK: DateRule(True, True),
}

# The statuses a new activity may start in. A conversation summary records something that took place.
INITIAL_STATUSES: Mapping[ActivityType, frozenset[ActivityStatus]] = {
    kind: (frozenset({_S.FULLFORT}) if kind is _T.SAMTALEREFERAT
           else frozenset({_S.FORSLAG, _S.PLANLAGT, _S.GJENNOMFORES}))
    for kind in ActivityType
}
# Meetings and conversation summaries are NAV's own records: the person does not write them.
NAV_ONLY_TYPES = frozenset({_T.MOTE, _T.SAMTALEREFERAT})

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class ActivityLocked(ValidationFailed):
    """The activity is completed or cancelled; its record can no longer change."""

    def __init__(self) -> None:
        super().__init__({"status": locked_message()})


def locked_message() -> str:
    return _("A completed or cancelled activity can no longer be changed. Create a new activity instead.")


def is_locked(status: ActivityStatus) -> bool:
    return status in LOCKED_STATUSES


def may_move(current: ActivityStatus, target: ActivityStatus) -> bool:
    return target in TRANSITIONS[current]


def transition_errors(current: ActivityStatus, target: ActivityStatus, reason: str) -> dict[str, str]:
    """Field errors for moving an activity from `current` to `target` (empty when the move is fine)."""
    if is_locked(current):
        return {"status": locked_message()}
    if target == current:
        return {"status": _("The activity already has this status.")}
    if not may_move(current, target):
        return {"status": _("An activity cannot be moved from {current} to {target}.").format(
            current=label(current), target=label(target))}
    if target is ActivityStatus.AVBRUTT:
        problem = _reason_problem(reason)
        if problem:
            return {"reason": problem}
    return {}


def _reason_problem(reason: str) -> str | None:
    text = reason.strip()
    if not text:
        return _("Say why the activity is cancelled.")
    if len(text) > 500:
        return _("At most {count} characters.").format(count=500)
    return None


def is_overdue(status: ActivityStatus, to_date: date | None, today: date) -> bool:
    """An open activity whose end date has passed. Completed and cancelled ones are never overdue."""
    return status in OPEN_STATUSES and to_date is not None and to_date < today


def validate_activity(kind: ActivityType, title: str, from_date: date | None, to_date: date | None,
                      details: Mapping[str, object]) -> tuple[dict[str, object], dict[str, str]]:
    """The activity's own fields cleaned (text stripped, numbers as int, empty left out) and field errors."""
    errors: dict[str, str] = {}
    text = title.strip()
    if not text:
        errors["title"] = _("This field is required.")
    elif len(text) > TEXT_MAX:
        errors["title"] = _("At most {count} characters.").format(count=TEXT_MAX)
    rule = DATE_RULES[kind]
    if rule.from_required and from_date is None:
        errors["from_date"] = _("This field is required.")
    if rule.to_required and to_date is None:
        errors["to_date"] = _("This field is required.")
    if from_date is not None and to_date is not None and to_date < from_date:
        errors["to_date"] = _("The end date is before the start date.")
    cleaned: dict[str, object] = {}
    known = {spec.name for spec in ACTIVITY_FIELDS[kind]}
    for name in details:
        if name not in known:
            errors[name] = _("This field does not belong to this kind of activity.")
    for spec in ACTIVITY_FIELDS[kind]:
        value, problem = _clean_field(spec, details.get(spec.name))
        if problem:
            errors[spec.name] = problem
        elif value is not None:
            cleaned[spec.name] = value
    if kind is ActivityType.SOKEAVTALE and not errors:
        per_week, in_total = cleaned.get("per_week"), cleaned.get("in_total")
        if isinstance(per_week, int) and isinstance(in_total, int) and in_total < per_week:
            errors["in_total"] = _("The total cannot be smaller than the number per week.")
    return cleaned, errors


def _clean_field(spec: FieldSpec, raw: object) -> tuple[object | None, str | None]:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, (_("This field is required.") if spec.required else None)
    if spec.kind is FieldKind.NUMBER:
        return _clean_number(spec, raw)
    text = str(raw).strip()
    if spec.kind is FieldKind.CHOICE:
        if text not in {choice.value for choice in spec.choices}:
            return None, _("Choose one of the options.")
        return text, None
    if spec.kind is FieldKind.TIME:
        if not _TIME.match(text):
            return None, _("A time like 09:30.")
        return text, None
    longest = LONG_TEXT_MAX if spec.kind is FieldKind.LONG_TEXT else TEXT_MAX
    if len(text) > longest:
        return None, _("At most {count} characters.").format(count=longest)
    if spec.kind is FieldKind.TEXT and any(ord(ch) < 32 for ch in text):
        return None, _("Control characters are not allowed.")
    return text, None


def _clean_number(spec: FieldSpec, raw: object) -> tuple[object | None, str | None]:
    try:
        number = int(str(raw).strip()) if not isinstance(raw, int) or isinstance(raw, bool) else raw
    except ValueError:
        number = None
    if isinstance(number, bool) or number is None or not spec.low <= number <= spec.high:
        return None, _("A whole number from {low} to {high}.").format(low=spec.low, high=spec.high)
    return number, None


# KVP (kvalifiseringsprogrammet, sosialtjenesteloven §§ 29–30) -------------------------------------

KVP_ORDINARY_YEARS = 2
KVP_LONGEST_YEARS = 3
FULL_TIME_HOURS = 37.5
MAX_HOURS_PER_ROW = 12.0


class KvpStatus(StrEnum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    INTERRUPTED = "interrupted"
    ENDED = "ended"


class KvpEndReason(StrEnum):
    COMPLETED = "gjennomfort"  # programme carried through
    WORK = "arbeid"  # went into work
    EDUCATION = "utdanning"
    STOPPED = "stans"  # stopped after repeated absence without good reason
    MOVED = "flyttet"
    OTHER = "annet"


@dataclass(frozen=True)
class Interruption:
    """A break in the programme (illness, care for family ...); `ends_on` None while it lasts."""

    starts_on: date
    ends_on: date | None
    reason: str = ""

    def days(self, until: date) -> int:
        """Days of the break up to and including `until`."""
        last = min(self.ends_on, until) if self.ends_on is not None else until
        return max(0, (last - self.starts_on).days + 1)


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def interruption_days(interruptions: Iterable[Interruption], until: date) -> int:
    return sum(interruption.days(until) for interruption in interruptions)


def ordinary_end(starts_on: date, interruptions: Iterable[Interruption] = ()) -> date:
    """The last day of two years in the programme: time spent interrupted is not counted."""
    breaks = [i for i in interruptions if i.ends_on is not None]
    last = add_years(starts_on, KVP_ORDINARY_YEARS) - timedelta(days=1)
    return last + timedelta(days=interruption_days(breaks, date.max))


def longest_end(starts_on: date, interruptions: Iterable[Interruption] = ()) -> date:
    """The last possible day: two years and a third for special reasons, interruptions not counted."""
    breaks = [i for i in interruptions if i.ends_on is not None]
    last = add_years(starts_on, KVP_LONGEST_YEARS) - timedelta(days=1)
    return last + timedelta(days=interruption_days(breaks, date.max))


def days_in_programme(starts_on: date, interruptions: Iterable[Interruption], on: date) -> int:
    """Days the person has been in the programme by `on`, interruptions not counted."""
    if on < starts_on:
        return 0
    return (on - starts_on).days + 1 - interruption_days(interruptions, on)


def kvp_period_errors(starts_on: date | None, planned_end_on: date | None, special_reason: str,
                      interruptions: Iterable[Interruption] = ()) -> dict[str, str]:
    """The programme period: up to two years; a third year only with a recorded special reason."""
    errors: dict[str, str] = {}
    if starts_on is None:
        errors["starts_on"] = _("This field is required.")
    if planned_end_on is None:
        errors["planned_end_on"] = _("This field is required.")
    if len(special_reason.strip()) > 2000:
        errors["special_reason"] = _("At most {count} characters.").format(count=2000)
    if errors or starts_on is None or planned_end_on is None:
        return errors
    breaks = tuple(interruptions)
    if planned_end_on < starts_on:
        errors["planned_end_on"] = _("The end date is before the start date.")
    elif planned_end_on > longest_end(starts_on, breaks):
        errors["planned_end_on"] = _("A programme lasts at most three years: two, and a third only for "
                                     "special reasons. Time interrupted is not counted.")
    elif planned_end_on > ordinary_end(starts_on, breaks) and not special_reason.strip():
        errors["special_reason"] = _("A programme longer than two years needs a recorded special reason.")
    return errors


def interruption_errors(starts_on: date | None, reason: str, programme_start: date, programme_end: date,
                        existing: Iterable[Interruption]) -> dict[str, str]:
    """A new interruption must fall in the programme period, while no other interruption is open."""
    errors: dict[str, str] = {}
    if starts_on is None:
        errors["starts_on"] = _("This field is required.")
    elif not programme_start <= starts_on <= programme_end:
        errors["starts_on"] = _("The interruption must start within the programme period.")
    else:
        for other in existing:
            if other.ends_on is None:
                errors["starts_on"] = _("The programme is already interrupted. Record the re-entry first.")
                break
            if starts_on <= other.ends_on:
                errors["starts_on"] = _("The interruption overlaps an earlier one.")
                break
    if not reason.strip():
        errors["reason"] = _("Say why the programme is interrupted.")
    elif len(reason.strip()) > 500:
        errors["reason"] = _("At most {count} characters.").format(count=500)
    return errors


def re_entry_errors(on: date | None, open_interruption: Interruption | None) -> dict[str, str]:
    if open_interruption is None:
        return {"ends_on": _("The programme is not interrupted.")}
    if on is None:
        return {"ends_on": _("This field is required.")}
    if on <= open_interruption.starts_on:
        return {"ends_on": _("The re-entry must come after the interruption began.")}
    return {}


def kvp_status(starts_on: date, ended_on: date | None, interruptions: Iterable[Interruption],
               today: date) -> KvpStatus:
    if ended_on is not None and ended_on <= today:
        return KvpStatus.ENDED
    if today < starts_on:
        return KvpStatus.NOT_STARTED
    for interruption in interruptions:
        if interruption.starts_on <= today and (interruption.ends_on is None or today <= interruption.ends_on):
            return KvpStatus.INTERRUPTED
    return KvpStatus.RUNNING


def kvp_end_errors(ended_on: date | None, reason: str, note: str, starts_on: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if ended_on is None:
        errors["ended_on"] = _("This field is required.")
    elif ended_on < starts_on:
        errors["ended_on"] = _("The programme cannot end before it started.")
    if reason not in {r.value for r in KvpEndReason}:
        errors["reason"] = _("Choose why the programme ends.")
    elif reason == KvpEndReason.OTHER and not note.strip():
        errors["note"] = _("Describe why the programme ends.")
    if len(note.strip()) > 500:
        errors["note"] = _("At most {count} characters.").format(count=500)
    return errors


def kvp_end_text(reason: KvpEndReason, note: str) -> str:
    """The reason written on the KVP activities that the end of the programme closes."""
    words = label(reason)
    detail = note.strip()
    text = _("KVP ended: {reason}").format(reason=words)
    return f"{text} — {detail}" if detail else text


@dataclass(frozen=True)
class WeekRow:
    weekday: int  # 0 = Monday
    activity: str
    hours: float


def week_row_errors(rows: Iterable[WeekRow]) -> dict[str, str]:
    """Errors keyed "rows.<index>.<field>" so the form can show each next to its cell."""
    errors: dict[str, str] = {}
    for index, row in enumerate(rows):
        if not 0 <= row.weekday <= 6:
            errors[f"rows.{index}.weekday"] = _("Choose a weekday.")
        if not row.activity.strip():
            errors[f"rows.{index}.activity"] = _("This field is required.")
        elif len(row.activity.strip()) > TEXT_MAX:
            errors[f"rows.{index}.activity"] = _("At most {count} characters.").format(count=TEXT_MAX)
        if not 0 < row.hours <= MAX_HOURS_PER_ROW or round(row.hours * 2) != row.hours * 2:
            errors[f"rows.{index}.hours"] = _("Hours in half hours, more than 0 and at most {most}.").format(
                most=int(MAX_HOURS_PER_ROW))
    return errors


def week_hours(rows: Iterable[WeekRow]) -> float:
    return sum(row.hours for row in rows)


# Individual plan --------------------------------------------------------------------------------


class IpStatus(StrEnum):
    DRAFT = "utkast"
    ACTIVE = "aktiv"
    ENDED = "avsluttet"


class IpItem(StrEnum):
    """What an individual plan must hold (forskrift om habilitering, rehabilitering, IP og koordinator)."""

    GOALS = "goals"  # the person's goals in their own words, resources and needs
    PARTICIPANTS = "participants"
    COORDINATOR = "coordinator"
    CONTRIBUTIONS = "contributions"  # what the person, the services and others contribute
    MEASURES = "measures"  # with scope, owner and deadline
    CARRIED_OUT = "carried_out"  # how the measures are carried out
    PERIOD = "period"  # plan period and the next revision
    CONSENT = "consent"  # to the plan, and to sharing with each participant
    OTHER_SERVICES = "other_services"


@dataclass(frozen=True)
class IpContent:
    """What a plan holds, in counts and yes/no: enough to say which required items are missing."""

    goals: int
    resources: bool
    needs: bool
    participants: int
    coordinator: bool
    contributions: int  # participants who have their contribution written down
    measures: int
    complete_measures: int  # with scope, owner and deadline
    carried_out: bool
    period: bool
    next_revision: bool
    plan_consent: bool
    participants_without_sharing_consent: int
    other_services: bool


def missing_items(content: IpContent) -> tuple[IpItem, ...]:
    """The required items the plan does not yet hold, in the regulation's order."""
    present = {
        IpItem.GOALS: content.goals > 0 and content.resources and content.needs,
        IpItem.PARTICIPANTS: content.participants > 0,
        IpItem.COORDINATOR: content.coordinator,
        IpItem.CONTRIBUTIONS: content.participants > 0 and content.contributions == content.participants,
        IpItem.MEASURES: content.measures > 0 and content.complete_measures == content.measures,
        IpItem.CARRIED_OUT: content.carried_out,
        IpItem.PERIOD: content.period and content.next_revision,
        IpItem.CONSENT: content.plan_consent and content.participants_without_sharing_consent == 0,
        IpItem.OTHER_SERVICES: content.other_services,
    }
    return tuple(item for item in IpItem if not present[item])


def revision_errors(revised_on: date | None, next_revision_on: date | None, today: date) -> dict[str, str]:
    """A revision is dated (not in the future) and always sets the next revision date."""
    errors: dict[str, str] = {}
    if revised_on is None:
        errors["revised_on"] = _("This field is required.")
    elif revised_on > today:
        errors["revised_on"] = _("A revision cannot be dated in the future.")
    if next_revision_on is None:
        errors["next_revision_on"] = _("Set the date of the next revision.")
    elif revised_on is not None and next_revision_on <= revised_on:
        errors["next_revision_on"] = _("The next revision must come after this one.")
    return errors


def plan_period_errors(period_from: date | None, period_to: date | None,
                       next_revision_on: date | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if period_from is None:
        errors["period_from"] = _("This field is required.")
    if next_revision_on is None:
        errors["next_revision_on"] = _("Set the date of the next revision.")
    if period_from is not None and period_to is not None and period_to < period_from:
        errors["period_to"] = _("The end date is before the start date.")
    if period_from is not None and next_revision_on is not None and next_revision_on <= period_from:
        errors["next_revision_on"] = _("The next revision must come after the plan period starts.")
    return errors


def revision_overdue(status: IpStatus, next_revision_on: date | None, today: date) -> bool:
    return status is not IpStatus.ENDED and next_revision_on is not None and next_revision_on < today


class ParticipantKind(StrEnum):
    """Who takes part in an individual plan or sits in an ansvarsgruppe."""

    PERSON = "person"  # the person the plan is for
    STAFF = "staff"  # a navdesk staff member
    PARTNER_CONTACT = "partner_contact"  # a named contact at an external partner
    NEXT_OF_KIN = "next_of_kin"  # pårørende
    OTHER = "other"


class PartnerKind(StrEnum):
    SCHOOL = "school"
    HEALTH = "health"  # fastlege, helsestasjon, kommunal helse- og omsorgstjeneste
    DPS = "dps"  # distriktspsykiatrisk senter
    CHILD_WELFARE = "child_welfare"
    POLICE = "police"
    EMPLOYER = "employer"
    MUNICIPAL_SERVICE = "municipal_service"  # e.g. rus og psykisk helse, boligkontor
    OTHER = "other"


# Keyed by list and value: different lists share stored values ("other", "person").
_LABELS: dict[tuple[type[StrEnum], str], str] = {(type(code), code.value): text for code, text in (
    (PlanKind.ACTIVITY_PLAN, N_("Activity plan")),
    (PlanKind.INDIVIDUAL_PLAN, N_("Individual plan")),
    (PlanKind.KVP, N_("KVP plan")),
    (ChangedBy.NAV, N_("NAV")),
    (ChangedBy.PERSON, N_("The person")),
    (ActivityType.EGENAKTIVITET, N_("Own activity (egenaktivitet)")),
    (ActivityType.STILLING, N_("Job application (stilling)")),
    (ActivityType.SOKEAVTALE, N_("Job-search agreement (søkeavtale)")),
    (ActivityType.I_JOBB, N_("In work (i jobb)")),
    (ActivityType.BEHANDLING, N_("Treatment (behandling)")),
    (ActivityType.MOTE, N_("Meeting with NAV (møte med NAV)")),
    (ActivityType.SAMTALEREFERAT, N_("Conversation summary (samtalereferat)")),
    (ActivityType.TILTAK, N_("Measure (tiltak)")),
    (ActivityStatus.FORSLAG, N_("Suggested (forslag)")),
    (ActivityStatus.PLANLAGT, N_("Planned (planlagt)")),
    (ActivityStatus.GJENNOMFORES, N_("In progress (gjennomføres)")),
    (ActivityStatus.FULLFORT, N_("Completed (fullført)")),
    (ActivityStatus.AVBRUTT, N_("Cancelled (avbrutt)")),
    (JobLabel.SOKNAD_SENDT, N_("Application sent")),
    (JobLabel.INNKALT_TIL_INTERVJU, N_("Called to interview")),
    (JobLabel.AVSLAG, N_("Rejected")),
    (JobLabel.JOBBTILBUD, N_("Job offer")),
    (MeetingChannel.OPPMOTE, N_("In person")),
    (MeetingChannel.TELEFON, N_("By phone")),
    (MeetingChannel.VIDEO, N_("By video")),
    (WorkExtent.HELTID, N_("Full time")),
    (WorkExtent.DELTID, N_("Part time")),
    (KvpStatus.NOT_STARTED, N_("Not started")),
    (KvpStatus.RUNNING, N_("Running")),
    (KvpStatus.INTERRUPTED, N_("Interrupted")),
    (KvpStatus.ENDED, N_("Ended")),
    (KvpEndReason.COMPLETED, N_("Programme completed")),
    (KvpEndReason.WORK, N_("Went into work")),
    (KvpEndReason.EDUCATION, N_("Went into education")),
    (KvpEndReason.STOPPED, N_("Stopped after absence")),
    (KvpEndReason.MOVED, N_("Moved away")),
    (KvpEndReason.OTHER, N_("Other reason")),
    (IpStatus.DRAFT, N_("Draft")),
    (IpStatus.ACTIVE, N_("Active")),
    (IpStatus.ENDED, N_("Ended")),
    (IpItem.GOALS, N_("The person's goals, resources and needs")),
    (IpItem.PARTICIPANTS, N_("Participants")),
    (IpItem.COORDINATOR, N_("Coordinator (koordinator)")),
    (IpItem.CONTRIBUTIONS, N_("What each party contributes")),
    (IpItem.MEASURES, N_("Measures with scope, owner and deadline")),
    (IpItem.CARRIED_OUT, N_("How the measures are carried out")),
    (IpItem.PERIOD, N_("Plan period and next revision")),
    (IpItem.CONSENT, N_("Consent to the plan and to sharing with each participant")),
    (IpItem.OTHER_SERVICES, N_("Other services involved")),
    (ParticipantKind.PERSON, N_("The person")),
    (ParticipantKind.STAFF, N_("Staff member")),
    (ParticipantKind.PARTNER_CONTACT, N_("Partner contact")),
    (ParticipantKind.NEXT_OF_KIN, N_("Next of kin")),
    (ParticipantKind.OTHER, N_("Other")),
    (PartnerKind.SCHOOL, N_("School")),
    (PartnerKind.HEALTH, N_("Health service")),
    (PartnerKind.DPS, N_("DPS (district psychiatric centre)")),
    (PartnerKind.CHILD_WELFARE, N_("Child welfare (barnevern)")),
    (PartnerKind.POLICE, N_("Police")),
    (PartnerKind.EMPLOYER, N_("Employer")),
    (PartnerKind.MUNICIPAL_SERVICE, N_("Municipal service")),
    (PartnerKind.OTHER, N_("Other")),
)}


def label(code: StrEnum) -> str:
    """The translated label of any of the plan code lists."""
    return _(_LABELS[(type(code), code.value)])


def label_of(kind: type[StrEnum], value: str) -> str:
    """The label of a stored value, or the value itself when it is not (or no longer) in the list."""
    try:
        return label(kind(value))
    except (ValueError, KeyError):
        return value


def choices(kind: type[StrEnum]) -> tuple[tuple[str, str], ...]:
    """(value, label) of every code of a list, for a form's drop-down."""
    return tuple((code.value, label(code)) for code in kind)
