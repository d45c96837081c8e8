"""The deadline engine: facts about a person in, due items out.

Pure: the services load the facts (only those the reader may see) and a `RuleBook` (the defaults, the
catalogue's processing days and the office's overrides), and call `due_items`. The dates the law
fixes for a case (processing deadline, interim reply, complaint deadline) are computed once when the
case is saved and stored with it, so that the date told to the person never moves; the engine uses a
stored date when there is one and computes it otherwise.

Kinds and when they are listed:
- processing (behandlingsfrist), interim reply (forvaltningsloven §11a) and complaint handling:
  while the application or complaint is open, whatever the date;
- complaint deadline (klagefrist, three weeks, forvaltningsloven §29): from the decision until it runs
  out, for decisions that did not grant everything;
- KVP end (the programme's planned end, else the KVP decision's period), AAP end, sick-leave
  checkpoints: from `warning` days before until `grace_days` after;
- activity end, individual-plan revision, "no contact for N months", reminders: from `warning`
  (or `due_soon_days`) days before, and on until someone acts.
Severity: overdue when the day has passed, due soon within `due_soon_days`, else upcoming.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from navdesk.domain.access_types import DataKind, ItemFacts
from navdesk.domain.case_codes import CaseStatus, Outcome
from navdesk.domain.codes import Side
from navdesk.domain.workdays import add_months, add_working_days, next_working_day
from navdesk.i18n import N_, _

KVP, AAP, SICK_LEAVE, INDIVIDUAL_PLAN = "kvp", "aap", "sykefravaer", "ind_plan"
UNDECIDED = frozenset({CaseStatus.APPLIED, CaseStatus.IN_PROGRESS})
# A decision that did not give the person everything they asked for: the complaint deadline matters.
ADVERSE = frozenset({Outcome.PARTLY_GRANTED, Outcome.REFUSED, Outcome.DISMISSED})
NOT_RUNNING = frozenset({Outcome.REFUSED, Outcome.DISMISSED})


@dataclass(frozen=True)
class DeadlineRules:
    """How long things may take, and how early the worklist warns. One office may change any of these,
    for all services or for one (`DeadlineRuleOverride`)."""

    processing_days: int = 14  # behandlingsfrist when the catalogue names none (2 weeks for sosialhjelp)
    processing_in_working_days: bool = False
    interim_reply_months: int = 1  # forvaltningsloven §11a: an answer within a month, or an interim reply
    interim_reply_prompt_days: int = 7  # "snarest mulig" when the case is known to take longer
    complaint_days: int = 21  # forvaltningsloven §29: three weeks
    complaint_handling_days: int = 21  # the office's own preparation before Statsforvalteren
    kvp_warning_days: int = 60
    aap_warning_days: int = 90
    ip_revision_warning_days: int = 30
    activity_warning_days: int = 7
    sick_leave_weeks: tuple[int, ...] = (12, 22)
    sick_leave_warning_days: int = 14
    no_contact_months: int = 3
    due_soon_days: int = 7
    grace_days: int = 14  # how long a passed end date or checkpoint stays listed
    handover_answer_working_days: int = 3

    def with_values(self, values: Mapping[str, Any]) -> DeadlineRules:
        return replace(self, **{key: value for key, value in values.items() if value is not None})


RULE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(DeadlineRules))


@dataclass(frozen=True)
class RuleOverride:
    """An office's (or, with `office_id` None, every office's) own values, for one service or all ("")."""

    office_id: uuid.UUID | None
    service_code: str
    values: tuple[tuple[str, Any], ...]

    @property
    def specificity(self) -> int:
        return (self.office_id is not None) * 2 + bool(self.service_code)


@dataclass(frozen=True)
class RuleBook:
    """The rules in force for each office and service.

    Precedence, weakest first: the defaults; the municipality's catalogue (`processing_days` per
    service); overrides for all offices; for one service at all offices; for one office; for one
    service at one office.
    """

    default: DeadlineRules = field(default_factory=DeadlineRules)
    catalogue_days: Mapping[tuple[uuid.UUID, str], int] = field(default_factory=dict)
    overrides: Sequence[RuleOverride] = ()
    office_of_municipality: Mapping[uuid.UUID, uuid.UUID] = field(default_factory=dict)

    def rules(self, municipality_id: uuid.UUID | None, service_code: str = "") -> DeadlineRules:
        rules = self.default
        days = self.catalogue_days.get((municipality_id, service_code)) if municipality_id else None
        if days is not None:
            rules = replace(rules, processing_days=days)
        office_id = self.office_of_municipality.get(municipality_id) if municipality_id else None
        for override in sorted(self.overrides, key=lambda o: o.specificity):
            if override.office_id not in (None, office_id) or override.service_code not in ("", service_code):
                continue
            rules = rules.with_values(dict(override.values))
        return rules


class DueKind(StrEnum):
    PROCESSING = "processing"
    INTERIM_REPLY = "interim_reply"
    COMPLAINT_DEADLINE = "complaint_deadline"
    COMPLAINT_HANDLING = "complaint_handling"
    KVP_END = "kvp_end"
    AAP_END = "aap_end"
    SICK_LEAVE = "sick_leave"
    ACTIVITY_END = "activity_end"
    IP_REVISION = "ip_revision"
    NO_CONTACT = "no_contact"
    REMINDER = "reminder"


_KIND_LABELS: dict[DueKind, str] = {
    DueKind.PROCESSING: N_("Processing deadline"),
    DueKind.INTERIM_REPLY: N_("Interim reply"),
    DueKind.COMPLAINT_DEADLINE: N_("Complaint deadline"),
    DueKind.COMPLAINT_HANDLING: N_("Complaint to prepare"),
    DueKind.KVP_END: N_("KVP ends"),
    DueKind.AAP_END: N_("AAP ends"),
    DueKind.SICK_LEAVE: N_("Sick-leave checkpoint"),
    DueKind.ACTIVITY_END: N_("Activity ends"),
    DueKind.IP_REVISION: N_("Individual plan revision"),
    DueKind.NO_CONTACT: N_("No contact"),
    DueKind.REMINDER: N_("Reminder"),
}


def due_kind_label(kind: DueKind) -> str:
    return _(_KIND_LABELS[kind])


class Severity(StrEnum):
    UPCOMING = "upcoming"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


def severity(due_on: date, today: date, rules: DeadlineRules) -> Severity:
    if due_on < today:
        return Severity.OVERDUE
    if due_on <= today + timedelta(days=rules.due_soon_days):
        return Severity.DUE_SOON
    return Severity.UPCOMING


@dataclass(frozen=True)
class DueItem:
    """One thing due for one person, with the facts the access policy judges it by."""

    kind: DueKind
    due_on: date
    person_id: uuid.UUID
    severity: Severity
    side: Side | None = None  # None: about the person's follow-up as a whole
    municipality_id: uuid.UUID | None = None
    service_code: str = ""
    source_id: uuid.UUID | None = None  # the case, activity, plan or reminder it comes from
    closed_area_id: uuid.UUID | None = None
    detail: str = ""  # e.g. "12" for the 12-week sick-leave checkpoint
    data_kind: DataKind = DataKind.CASE  # PLAN for activities, individual plans and KVP programmes

    def access_item(self) -> ItemFacts | None:
        """The item the policy judges before showing this; None for person-level items."""
        kind = self.data_kind
        if self.side is Side.STATE:
            return ItemFacts.state(kind, self.service_code)
        if self.side is Side.MUNICIPAL and self.municipality_id is not None:
            return ItemFacts.municipal(kind, self.municipality_id, self.service_code)
        if self.side is Side.CLOSED and self.closed_area_id is not None:
            return ItemFacts.closed(kind, self.closed_area_id)
        return None


# --- the facts --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFacts:
    """A service case (an application with its decision and complaint, or a state follow-up fact)."""

    case_id: uuid.UUID
    side: Side
    service_code: str
    status: CaseStatus
    municipality_id: uuid.UUID | None = None
    closed_area_id: uuid.UUID | None = None
    received_on: date | None = None
    decided_on: date | None = None
    outcome: Outcome | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    interim_reply_sent_on: date | None = None
    complaint_received_on: date | None = None
    sent_to_statsforvalteren_on: date | None = None
    complaint_resolved: bool = False
    closed: bool = False
    # Stored dates (the ones told to the person); computed from the rules when missing.
    processing_deadline: date | None = None
    interim_reply_due: date | None = None
    complaint_deadline: date | None = None
    complaint_handling_due: date | None = None


@dataclass(frozen=True)
class ActivityFacts:
    activity_id: uuid.UUID
    ends_on: date | None
    open: bool
    side: Side = Side.STATE
    municipality_id: uuid.UUID | None = None
    service_code: str = ""


@dataclass(frozen=True)
class PlanRevisionFacts:
    plan_id: uuid.UUID
    next_revision_on: date | None
    municipality_id: uuid.UUID | None = None
    side: Side = Side.MUNICIPAL
    service_code: str = INDIVIDUAL_PLAN


@dataclass(frozen=True)
class KvpFacts:
    """A KVP programme (plans); it replaces the end date of the KVP decision it names."""

    programme_id: uuid.UUID
    planned_end_on: date
    ended: bool = False
    municipality_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None
    service_code: str = KVP


@dataclass(frozen=True)
class ReminderFacts:
    reminder_id: uuid.UUID
    deadline: date | None
    done: bool = False


@dataclass(frozen=True)
class PersonDeadlineFacts:
    """What one reader may see of one person that has a date attached.

    `followed_up_since`: when the current follow-up began (None: not under follow-up), and
    `last_contact`: the last contact the reader can see.
    """

    person_id: uuid.UUID
    residence_municipality_id: uuid.UUID
    cases: tuple[CaseFacts, ...] = ()
    activities: tuple[ActivityFacts, ...] = ()
    plans: tuple[PlanRevisionFacts, ...] = ()
    kvp: tuple[KvpFacts, ...] = ()
    reminders: tuple[ReminderFacts, ...] = ()
    followed_up_since: date | None = None
    last_contact: date | None = None


# --- the dates the law fixes --------------------------------------------------------------------------


def processing_deadline(received_on: date, rules: DeadlineRules) -> date:
    if rules.processing_in_working_days:
        return add_working_days(received_on, rules.processing_days)
    return next_working_day(received_on + timedelta(days=rules.processing_days))


def interim_reply_due(received_on: date, rules: DeadlineRules) -> date:
    """Forvaltningsloven §11a: an interim reply within a month when the case is not decided by then —
    and as soon as possible when the processing time itself is longer than a month."""
    month = add_months(received_on, rules.interim_reply_months)
    if processing_deadline(received_on, rules) > month:
        return next_working_day(received_on + timedelta(days=rules.interim_reply_prompt_days))
    return next_working_day(month)


def complaint_deadline(decided_on: date, rules: DeadlineRules) -> date:
    """Three weeks from the decision; a deadline on a weekend or holiday moves to the next working day."""
    return next_working_day(decided_on + timedelta(days=rules.complaint_days))


def complaint_handling_due(complaint_received_on: date, rules: DeadlineRules) -> date:
    return next_working_day(complaint_received_on + timedelta(days=rules.complaint_handling_days))


def complaint_in_time(decided_on: date, complaint_received_on: date, rules: DeadlineRules) -> bool:
    return complaint_received_on <= complaint_deadline(decided_on, rules)


def months_cutoff(today: date, months: int) -> date:
    """The first day D with D + `months` months on or after `today`.

    "No contact for N months" holds exactly when the last contact lies before this day, which lets a
    database compare a column with one date instead of doing month arithmetic itself.
    """
    day = add_months(today, -months) - timedelta(days=4)
    while add_months(day, months) < today:
        day += timedelta(days=1)
    return day


# --- the engine -----------------------------------------------------------------------------------------


def due_items(person: PersonDeadlineFacts, book: RuleBook, today: date) -> tuple[DueItem, ...]:
    """Every item due for the person on `today`, soonest first."""
    items: list[DueItem] = []
    programme_cases = {programme.case_id for programme in person.kvp if programme.case_id is not None}
    for case in person.cases:
        if not case.closed:
            items.extend(_case_items(person, case, book, today, has_programme=case.case_id in programme_cases))
    residence_rules = book.rules(person.residence_municipality_id)
    for programme in person.kvp:
        rules = book.rules(programme.municipality_id or person.residence_municipality_id, programme.service_code)
        if not programme.ended and _in_window(programme.planned_end_on, rules.kvp_warning_days, rules.grace_days,
                                              today):
            items.append(DueItem(DueKind.KVP_END, programme.planned_end_on, person.person_id,
                                 severity(programme.planned_end_on, today, rules), Side.MUNICIPAL,
                                 programme.municipality_id, programme.service_code, programme.programme_id,
                                 data_kind=DataKind.PLAN))
    for activity in person.activities:
        if activity.open and activity.ends_on is not None:
            rules = book.rules(activity.municipality_id or person.residence_municipality_id, activity.service_code)
            items.extend(_open_ended(person, DueKind.ACTIVITY_END, activity.ends_on, rules.activity_warning_days,
                                     rules, today, side=activity.side, municipality_id=activity.municipality_id,
                                     service_code=activity.service_code, source_id=activity.activity_id,
                                     data_kind=DataKind.PLAN))
    for plan in person.plans:
        if plan.next_revision_on is not None:
            rules = book.rules(plan.municipality_id or person.residence_municipality_id, plan.service_code)
            items.extend(_open_ended(person, DueKind.IP_REVISION, plan.next_revision_on,
                                     rules.ip_revision_warning_days, rules, today, side=plan.side,
                                     municipality_id=plan.municipality_id, service_code=plan.service_code,
                                     source_id=plan.plan_id, data_kind=DataKind.PLAN))
    for reminder in person.reminders:
        if not reminder.done and reminder.deadline is not None:
            items.extend(_open_ended(person, DueKind.REMINDER, reminder.deadline, residence_rules.due_soon_days,
                                     residence_rules, today, source_id=reminder.reminder_id))
    contact_due = no_contact_due(person, residence_rules)
    if contact_due is not None:
        items.extend(_open_ended(person, DueKind.NO_CONTACT, contact_due, residence_rules.due_soon_days,
                                 residence_rules, today))
    return tuple(sorted(items, key=lambda item: (item.due_on, item.kind.value, item.detail)))


def no_contact_due(person: PersonDeadlineFacts, rules: DeadlineRules) -> date | None:
    """When the person will have had no contact for `no_contact_months`; None when not followed up."""
    if person.followed_up_since is None:
        return None
    since = max(filter(None, (person.followed_up_since, person.last_contact)))
    return add_months(since, rules.no_contact_months)


def _case_items(person: PersonDeadlineFacts, case: CaseFacts, book: RuleBook, today: date, *,
                has_programme: bool) -> Iterable[DueItem]:
    rules = book.rules(case.municipality_id or person.residence_municipality_id, case.service_code)

    def item(kind: DueKind, due_on: date, detail: str = "") -> DueItem:
        return DueItem(kind, due_on, person.person_id, severity(due_on, today, rules), case.side,
                       case.municipality_id, case.service_code, case.case_id, case.closed_area_id, detail)

    if case.status in UNDECIDED and case.received_on is not None:
        yield item(DueKind.PROCESSING, case.processing_deadline or processing_deadline(case.received_on, rules))
        if case.interim_reply_sent_on is None:
            yield item(DueKind.INTERIM_REPLY, case.interim_reply_due or interim_reply_due(case.received_on, rules))
    if (case.status is CaseStatus.DECIDED and case.outcome in ADVERSE and case.decided_on is not None
            and case.complaint_received_on is None):
        deadline = case.complaint_deadline or complaint_deadline(case.decided_on, rules)
        if case.decided_on <= today <= deadline:
            yield item(DueKind.COMPLAINT_DEADLINE, deadline)
    if (case.status is CaseStatus.APPEALED and case.complaint_received_on is not None
            and case.sent_to_statsforvalteren_on is None and not case.complaint_resolved):
        yield item(DueKind.COMPLAINT_HANDLING,
                   case.complaint_handling_due or complaint_handling_due(case.complaint_received_on, rules))
    ending = _ending_kind(case)
    if ending is not None and case.ends_on is not None and not (ending is DueKind.KVP_END and has_programme):
        warning = rules.kvp_warning_days if ending is DueKind.KVP_END else rules.aap_warning_days
        if _in_window(case.ends_on, warning, rules.grace_days, today):
            yield item(ending, case.ends_on)
    if case.service_code == SICK_LEAVE and case.status is CaseStatus.ACTIVE and case.starts_on is not None:
        for weeks in rules.sick_leave_weeks:
            checkpoint = case.starts_on + timedelta(weeks=weeks)
            if _in_window(checkpoint, rules.sick_leave_warning_days, rules.grace_days, today):
                yield item(DueKind.SICK_LEAVE, checkpoint, str(weeks))


def _ending_kind(case: CaseFacts) -> DueKind | None:
    """KVP and AAP periods that run: granted (or active), not refused or dismissed, not still undecided."""
    if case.status in UNDECIDED or case.outcome in NOT_RUNNING:
        return None
    if case.service_code == KVP and case.side is Side.MUNICIPAL:
        return DueKind.KVP_END
    if case.service_code == AAP and case.side is Side.STATE:
        return DueKind.AAP_END
    return None


def _in_window(due_on: date, warning_days: int, grace_days: int, today: date) -> bool:
    return due_on - timedelta(days=warning_days) <= today <= due_on + timedelta(days=grace_days)


def _open_ended(person: PersonDeadlineFacts, kind: DueKind, due_on: date, warning_days: int,
                rules: DeadlineRules, today: date, **where: Any) -> Iterable[DueItem]:
    if today >= due_on - timedelta(days=warning_days):
        yield DueItem(kind, due_on, person.person_id, severity(due_on, today, rules), **where)
