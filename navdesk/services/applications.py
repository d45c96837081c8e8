"""Municipal case handling: an application from receipt through vedtak and klage, with every step logged.

Each step checks the workflow (`navdesk.domain.case_flow`), the form's fields (each error next to its
field, nothing saved until all hold), the access policy for changing that case (the responsible
municipality and service, directly or through a host agreement) and the version the form loaded.
The legal dates are stamped when the step that starts them is taken: processing deadline and interim
reply on receipt, complaint deadline on the decision, complaint preparation on the complaint.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from navdesk.domain.access_types import Action, DataKind, ItemFacts, PersonFacts
from navdesk.domain.case_codes import CaseStatus, Outcome, code_label
from navdesk.domain.case_flow import (
    GRANTING,
    ApplicationDraft,
    ComplaintDraft,
    ComplaintOutcome,
    DecisionDraft,
    Step,
    application_errors,
    complaint_errors,
    complaint_outcome_label,
    dated_step_errors,
    decision_errors,
    next_status,
    step_refusal,
)
from navdesk.domain.codes import Side
from navdesk.domain.deadlines import (
    complaint_deadline,
    complaint_handling_due,
    complaint_in_time,
    due_items,
    due_kind_label,
    interim_reply_due,
    processing_deadline,
)
from navdesk.domain.errors import Conflict, NotAllowed, ValidationFailed
from navdesk.i18n import _
from navdesk.services import audit
from navdesk.services.access_facts import AccessContext, access_context, person_facts
from navdesk.services.actor import Actor
from navdesk.services.deadline_facts import load as load_deadline_facts
from navdesk.services.deadline_rules import rule_book, stamp_case_deadlines
from navdesk.services.person_guard import Refused, action_session, reachable_person, require
from navdesk.store.engine import Database
from navdesk.store.models import HouseholdMember, Municipality, Service, ServiceCase

WHAT = "application"


@dataclass(frozen=True)
class DueLine:
    label: str
    due_on: date
    overdue: bool


@dataclass(frozen=True)
class CaseView:
    """One municipal application as its handler sees it, with the steps that can be taken now."""

    id: uuid.UUID
    version: int
    person_id: uuid.UUID
    service_code: str
    service: str
    municipality_id: uuid.UUID
    municipality: str
    status: CaseStatus
    status_label: str
    oral: bool
    text: str
    received_on: date | None
    processing_deadline: date | None
    interim_reply_due: date | None
    interim_reply_sent_on: date | None
    decided_on: date | None
    outcome: Outcome | None
    outcome_label: str
    legal_basis: str
    reasons: str
    starts_on: date | None
    ends_on: date | None
    children_assessed: bool
    activity_condition: bool
    kvp_considered: bool
    complaint_received_on: date | None
    complaint_deadline: date | None
    complaint_in_time: bool | None
    complaint_text: str
    complaint_late_note: str
    complaint_handling_due: date | None
    sent_to_statsforvalteren_on: date | None
    complaint_outcome: ComplaintOutcome | None
    complaint_outcome_label: str
    complaint_decided_on: date | None
    steps: tuple[Step, ...]
    due: tuple[DueLine, ...]
    suggested_legal_basis: str  # the catalogue's legal basis of the service
    amount: Decimal | None = None  # the sum granted (økonomisk stønad)
    can_change: bool = False  # the reader may take the steps (not only read the case, e.g. by consent)


@dataclass(frozen=True)
class ServiceOption:
    """A municipal service the actor may register an application for, in one municipality's catalogue."""

    municipality_id: uuid.UUID
    municipality: str
    service_code: str
    service: str


@dataclass(frozen=True)
class ApplicationChoices:
    residence_municipality_id: uuid.UUID
    options: tuple[ServiceOption, ...]  # the residence municipality's services first


# --- reading ---------------------------------------------------------------------------------------------------


def _item(case: ServiceCase, facts: PersonFacts) -> ItemFacts:
    return ItemFacts.municipal(DataKind.CASE, case.responsible_municipality_id or facts.residence_municipality_id,
                               case.service_code)


def application(db: Database, actor: Actor, case_id: uuid.UUID, *, now: datetime | None = None) -> CaseView:
    """One application (reading it is logged)."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        case, facts = _reachable_case(session, ctx, case_id, audit.LogAction.READ, now)
        decision = require(session, ctx, facts, _item(case, facts), Action.READ, log_action=audit.LogAction.READ,
                           what=WHAT, at=now)
        audit.log(session, actor, person_id=case.person_id, action=audit.LogAction.READ, what=WHAT, allowed=True,
                  reason=decision.reason.value, at=now)
        return _view(session, ctx, case, now, facts)


def applications(db: Database, actor: Actor, person_id: uuid.UUID, *, now: datetime | None = None
                 ) -> tuple[CaseView, ...]:
    """The person's municipal applications the actor may read, newest first (one log entry)."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, person_id, action=audit.LogAction.READ, what=WHAT, at=now)
        cases = session.scalars(select(ServiceCase).where(
            ServiceCase.person_id == person_id, ServiceCase.side == Side.MUNICIPAL.value,
            ServiceCase.received_on.is_not(None)).order_by(ServiceCase.received_on.desc(), ServiceCase.id)).all()
        readable = [c for c in cases if ctx.decide(facts, _item(c, facts), Action.READ).allowed]
        audit.log(session, actor, person_id=person_id, action=audit.LogAction.READ, what=WHAT, allowed=True, at=now)
        return tuple(_view(session, ctx, case, now, facts) for case in readable)


def _reachable_case(session: Session, ctx: AccessContext, case_id: uuid.UUID, action: str,
                    now: datetime) -> tuple[ServiceCase, PersonFacts]:
    case = session.get(ServiceCase, case_id)
    if case is None or case.side != Side.MUNICIPAL.value:
        raise Refused(_("The application no longer exists, or you may not see it."))
    facts = reachable_person(session, ctx, case.person_id, action=action, what=WHAT, at=now)
    return case, facts


def application_choices(db: Database, actor: Actor, person_id: uuid.UUID, *, now: datetime | None = None
                        ) -> ApplicationChoices:
    """The services in force in each municipality's catalogue that the actor may register an application
    for on this person (the residence first: a person who has just moved may apply where they lived)."""
    now = now or datetime.now()
    today = now.date()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, person_id, action=audit.LogAction.READ, what=WHAT, at=now)
        rows = session.execute(select(Service, Municipality.name).join(
            Municipality, Municipality.id == Service.municipality_id).where(
            Service.side == Side.MUNICIPAL.value, Service.valid_from <= today,
            or_(Service.valid_to.is_(None), Service.valid_to >= today))).all()
        residence = facts.residence_municipality_id
        options = {(service.municipality_id, service.code): ServiceOption(service.municipality_id, name, service.code,
                                                                          service.name)
                   for service, name in rows
                   if ctx.decide(facts, ItemFacts.municipal(DataKind.CASE, service.municipality_id, service.code),
                                 Action.CHANGE).allowed}
        ordered = sorted(options.values(), key=lambda o: (o.municipality_id != residence, o.municipality, o.service))
        return ApplicationChoices(residence, tuple(ordered))


def _details(text: str) -> dict[str, object]:
    """The case's `details` JSON (where the amount granted is kept)."""
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _amount(details: str) -> Decimal | None:
    value = _details(details).get("amount")
    try:
        return Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        return None


def _view(session: Session, ctx: AccessContext, case: ServiceCase, now: datetime,
          facts: PersonFacts | None = None) -> CaseView:
    today = now.date()
    facts = facts or person_facts(session, [case.person_id])[case.person_id]
    municipality_id = case.responsible_municipality_id
    assert municipality_id is not None  # municipal cases always name their municipality
    service = _catalogue_entry(session, municipality_id, case.service_code, today)
    status = CaseStatus(case.status)
    book = rule_book(session, today)
    dated = load_deadline_facts(session, ctx, [case.person_id])
    items = [i for i in due_items(dated[case.person_id], book, today) if i.source_id == case.id] \
        if case.person_id in dated else []
    rules = book.rules(municipality_id, case.service_code)
    outcome = Outcome(case.outcome) if case.outcome else None
    complaint = ComplaintOutcome(case.complaint_outcome) if case.complaint_outcome else None
    return CaseView(
        id=case.id, version=case.version, person_id=case.person_id, service_code=case.service_code,
        service=service.name if service else case.service_code, municipality_id=municipality_id,
        municipality=session.get_one(Municipality, municipality_id).name, status=status,
        status_label=code_label(status), oral=case.oral_application, text=case.application_text,
        received_on=case.received_on, processing_deadline=case.processing_deadline,
        interim_reply_due=case.interim_reply_due, interim_reply_sent_on=case.interim_reply_sent_on,
        decided_on=case.decided_on, outcome=outcome, outcome_label=code_label(outcome) if outcome else "",
        legal_basis=case.legal_basis, reasons=case.reasons, starts_on=case.starts_on, ends_on=case.ends_on,
        children_assessed=case.children_assessed, activity_condition=case.activity_condition,
        kvp_considered=case.kvp_considered, complaint_received_on=case.complaint_received_on,
        complaint_deadline=case.complaint_deadline,
        complaint_in_time=(complaint_in_time(case.decided_on, case.complaint_received_on, rules)
                           if case.decided_on and case.complaint_received_on else None),
        complaint_text=case.complaint_text, complaint_late_note=case.complaint_late_note,
        complaint_handling_due=case.complaint_handling_due,
        sent_to_statsforvalteren_on=case.sent_to_statsforvalteren_on, complaint_outcome=complaint,
        complaint_outcome_label=complaint_outcome_label(complaint) if complaint else "",
        complaint_decided_on=case.complaint_decided_on,
        steps=tuple(step for step in Step if _possible(case, step)),
        due=tuple(DueLine(due_kind_label(i.kind), i.due_on, i.due_on < today) for i in items),
        suggested_legal_basis=service.legal_basis if service else "",
        amount=_amount(case.details),
        can_change=ctx.decide(facts, _item(case, facts), Action.CHANGE).allowed,
    )


def _catalogue_entry(session: Session, municipality_id: uuid.UUID, code: str, on: date) -> Service | None:
    return session.scalar(select(Service).where(
        Service.municipality_id == municipality_id, Service.code == code, Service.side == Side.MUNICIPAL.value,
        Service.valid_from <= on, or_(Service.valid_to.is_(None), Service.valid_to >= on),
    ).order_by(Service.valid_from.desc()).limit(1))


# Statsforvalteren's decision on a complaint cannot be complained about again (forvaltningsloven § 28).
_FINAL_OUTCOMES = frozenset({ComplaintOutcome.UPHELD.value, ComplaintOutcome.REVERSED.value,
                             ComplaintOutcome.DISMISSED.value})


def _possible(case: ServiceCase, step: Step) -> bool:
    if step is Step.INTERIM_REPLY and case.interim_reply_sent_on is not None:
        return False
    if step is Step.COMPLAINT and case.complaint_outcome in _FINAL_OUTCOMES:
        return False
    sent = case.sent_to_statsforvalteren_on is not None
    return next_status(CaseStatus(case.status), step, sent=sent) is not None


# --- the steps -------------------------------------------------------------------------------------------------


@contextmanager
def _step(db: Database, actor: Actor, case_id: uuid.UUID, version: int, step: Step,
          now: datetime) -> Iterator[tuple[Session, AccessContext, ServiceCase, PersonFacts]]:
    """Load the case for a change: reachable, the policy allows changing it, same version, step possible."""
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        case, facts = _reachable_case(session, ctx, case_id, audit.LogAction.CHANGE, now)
        decision = require(session, ctx, facts, _item(case, facts), Action.CHANGE,
                           log_action=audit.LogAction.CHANGE, what=WHAT, at=now)
        if case.version != version:
            raise Conflict(_("Someone else changed this application after you opened it. Open it again to see "
                             "their changes."))
        if not _possible(case, step):
            raise NotAllowed(step_refusal(CaseStatus(case.status), step))
        yield session, ctx, case, facts
        session.flush()
        audit.log(session, actor, person_id=case.person_id, action=audit.LogAction.CHANGE, what=WHAT, allowed=True,
                  reason=decision.reason.value, at=now)


def register(db: Database, actor: Actor, person_id: uuid.UUID, draft: ApplicationDraft, *,
             municipality_id: uuid.UUID | None = None, now: datetime | None = None) -> CaseView:
    """Register an application (written or oral) for a municipal service.

    The responsible municipality is the person's residence unless another is named (a person who has
    just moved may apply where they lived).
    """
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, person_id, action=audit.LogAction.CHANGE, what=WHAT, at=now)
        responsible = municipality_id or facts.residence_municipality_id
        errors = application_errors(draft, now.date())
        if draft.service_code and _catalogue_entry(session, responsible, draft.service_code, now.date()) is None:
            errors.setdefault("service_code", _("This service is not in the municipality's catalogue."))
        if errors:
            raise ValidationFailed(errors)
        item = ItemFacts.municipal(DataKind.CASE, responsible, draft.service_code)
        decision = require(session, ctx, facts, item, Action.CHANGE, log_action=audit.LogAction.CHANGE, what=WHAT,
                           at=now)
        case = ServiceCase(
            person_id=person_id, side=Side.MUNICIPAL.value, service_code=draft.service_code,
            responsible_municipality_id=responsible, status=CaseStatus.APPLIED.value, received_on=draft.received_on,
            oral_application=draft.oral, application_text=draft.text.strip(), created_at=now.replace(tzinfo=None),
            created_by_id=actor.staff_id,
        )
        stamp_case_deadlines(case, rule_book(session, now.date()))
        session.add(case)
        session.flush()
        audit.log(session, actor, person_id=person_id, action=audit.LogAction.CHANGE, what=WHAT, allowed=True,
                  reason=decision.reason.value, at=now)
        return _view(session, ctx, case, now, facts)


def start_processing(db: Database, actor: Actor, case_id: uuid.UUID, version: int, *,
                     now: datetime | None = None) -> CaseView:
    now = now or datetime.now()
    with _step(db, actor, case_id, version, Step.START, now) as (session, ctx, case, _facts):
        case.status = CaseStatus.IN_PROGRESS.value
        view = _finish(session, ctx, case, now)
    return view


def send_interim_reply(db: Database, actor: Actor, case_id: uuid.UUID, version: int, sent_on: date | None, *,
                       now: datetime | None = None) -> CaseView:
    """Record the interim reply (forvaltningsloven §11a) sent to the person."""
    now = now or datetime.now()
    with _step(db, actor, case_id, version, Step.INTERIM_REPLY, now) as (session, ctx, case, _facts):
        _raise(dated_step_errors(sent_on, not_before=case.received_on, today=now.date()))
        case.interim_reply_sent_on = sent_on
        view = _finish(session, ctx, case, now)
    return view


def decide(db: Database, actor: Actor, case_id: uuid.UUID, version: int, draft: DecisionDraft, *,
           now: datetime | None = None) -> CaseView:
    """Make the vedtak: outcome, legal basis, reasons, period, and the supervisory checks."""
    now = now or datetime.now()
    with _step(db, actor, case_id, version, Step.DECIDE, now) as (session, ctx, case, _facts):
        _raise(decision_errors(draft, service_code=case.service_code, received_on=case.received_on,
                               children_in_household=_has_children(session, case.person_id), today=now.date()))
        _apply_decision(session, case, draft, actor, now)
        case.status = CaseStatus.DECIDED.value
        view = _finish(session, ctx, case, now)
    return view


def _apply_decision(session: Session, case: ServiceCase, draft: DecisionDraft, actor: Actor, now: datetime) -> None:
    assert draft.decided_on is not None  # checked by decision_errors
    outcome = Outcome(draft.outcome)
    case.outcome, case.decided_on = outcome.value, draft.decided_on
    case.legal_basis, case.reasons = draft.legal_basis.strip(), draft.reasons.strip()
    granting = outcome in GRANTING
    case.starts_on = draft.starts_on if granting else None
    case.ends_on = draft.ends_on if granting else None
    case.children_assessed = draft.children_assessed
    case.activity_condition = draft.activity_condition
    case.kvp_considered = draft.kvp_considered
    case.decided_by_id = actor.staff_id
    details = _details(case.details)
    details.pop("amount", None)
    if granting and draft.amount is not None:
        details["amount"] = str(draft.amount)
    case.details = json.dumps(details, ensure_ascii=False)
    rules = rule_book(session, now.date()).rules(case.responsible_municipality_id, case.service_code)
    case.complaint_deadline = complaint_deadline(draft.decided_on, rules)


def _has_children(session: Session, person_id: uuid.UUID) -> bool:
    return session.scalar(select(HouseholdMember.id).where(HouseholdMember.person_id == person_id,
                                                           HouseholdMember.relation == "child").limit(1)) is not None


def register_complaint(db: Database, actor: Actor, case_id: uuid.UUID, version: int, draft: ComplaintDraft, *,
                       now: datetime | None = None) -> CaseView:
    """The person complains about the decision; the office has the complaint to prepare."""
    now = now or datetime.now()
    with _step(db, actor, case_id, version, Step.COMPLAINT, now) as (session, ctx, case, _facts):
        _raise(complaint_errors(draft, decided_on=case.decided_on, deadline=case.complaint_deadline,
                                today=now.date()))
        assert draft.received_on is not None
        rules = rule_book(session, now.date()).rules(case.responsible_municipality_id, case.service_code)
        case.status = CaseStatus.APPEALED.value
        case.complaint_received_on = draft.received_on
        case.complaint_text, case.complaint_late_note = draft.text.strip(), draft.late_note.strip()
        case.complaint_handling_due = complaint_handling_due(draft.received_on, rules)
        case.sent_to_statsforvalteren_on, case.complaint_outcome, case.complaint_decided_on = None, "", None
        view = _finish(session, ctx, case, now)
    return view


def change_decision(db: Database, actor: Actor, case_id: uuid.UUID, version: int, draft: DecisionDraft, *,
                    now: datetime | None = None) -> CaseView:
    """The office agrees with the complaint (in part) and makes a new decision itself."""
    now = now or datetime.now()
    with _step(db, actor, case_id, version, Step.OFFICE_REVERSAL, now) as (session, ctx, case, _facts):
        _raise(decision_errors(draft, service_code=case.service_code, received_on=case.complaint_received_on,
                               children_in_household=_has_children(session, case.person_id), today=now.date()))
        _apply_decision(session, case, draft, actor, now)
        case.status = CaseStatus.DECIDED.value
        case.complaint_outcome = ComplaintOutcome.CHANGED_BY_OFFICE.value
        case.complaint_decided_on = draft.decided_on
        view = _finish(session, ctx, case, now)
    return view


def send_to_statsforvalteren(db: Database, actor: Actor, case_id: uuid.UUID, version: int, sent_on: date | None,
                             *, now: datetime | None = None) -> CaseView:
    """The office upholds its decision and sends the complaint on to Statsforvalteren."""
    now = now or datetime.now()
    with _step(db, actor, case_id, version, Step.SEND_TO_STATSFORVALTEREN, now) as (session, ctx, case, _facts):
        _raise(dated_step_errors(sent_on, not_before=case.complaint_received_on, today=now.date()))
        case.sent_to_statsforvalteren_on = sent_on
        view = _finish(session, ctx, case, now)
    return view


def record_complaint_outcome(db: Database, actor: Actor, case_id: uuid.UUID, version: int,
                             outcome: ComplaintOutcome, decided_on: date | None, *,
                             new_outcome: Outcome | None = None, now: datetime | None = None) -> CaseView:
    """Statsforvalteren's answer. Reversed: give the new outcome. Quashed: the office decides again, with a
    new processing deadline from the day the case came back."""
    now = now or datetime.now()
    with _step(db, actor, case_id, version, Step.COMPLAINT_OUTCOME, now) as (session, ctx, case, _facts):
        errors = dated_step_errors(decided_on, not_before=case.sent_to_statsforvalteren_on, today=now.date())
        if outcome not in (ComplaintOutcome.UPHELD, ComplaintOutcome.REVERSED, ComplaintOutcome.QUASHED,
                           ComplaintOutcome.DISMISSED):
            errors["outcome"] = _("Choose Statsforvalteren's outcome.")
        if outcome is ComplaintOutcome.REVERSED and new_outcome is None:
            errors["new_outcome"] = _("Give the outcome Statsforvalteren changed the decision to.")
        _raise(errors)
        assert decided_on is not None
        case.complaint_outcome, case.complaint_decided_on = outcome.value, decided_on
        status = next_status(CaseStatus(case.status), Step.COMPLAINT_OUTCOME, complaint_outcome=outcome, sent=True)
        assert status is not None
        case.status = status.value
        if outcome is ComplaintOutcome.REVERSED and new_outcome is not None:
            case.outcome = new_outcome.value
        if outcome is ComplaintOutcome.QUASHED:
            rules = rule_book(session, now.date()).rules(case.responsible_municipality_id, case.service_code)
            case.processing_deadline = processing_deadline(decided_on, rules)
            case.interim_reply_due = interim_reply_due(decided_on, rules)
            case.interim_reply_sent_on = None
        view = _finish(session, ctx, case, now)
    return view


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationFailed(errors)


def _finish(session: Session, ctx: AccessContext, case: ServiceCase, now: datetime) -> CaseView:
    """The case as saved by this step (flushed first, so the view shows its new version)."""
    session.flush()
    return _view(session, ctx, case, now)
