"""Municipal case handling through the workflow: validation, the supervisory checks, deadlines, logging."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest
from caseload_region import Region, build_region
from sqlalchemy import func, select

from navdesk.domain.case_codes import CaseStatus, Outcome
from navdesk.domain.case_flow import ApplicationDraft, ComplaintDraft, ComplaintOutcome, DecisionDraft, Step
from navdesk.domain.errors import Conflict, NotAllowed, ValidationFailed
from navdesk.services import applications
from navdesk.store.engine import Database
from navdesk.store.models import AccessLogEntry, HouseholdMember

NOW = datetime(2026, 3, 2, 10, 0)  # a Monday
TODAY = NOW.date()


@pytest.fixture
def region(db: Database) -> Region:
    return build_region(db)


def oral(received: date = TODAY, service: str = "oko_stonad") -> ApplicationDraft:
    return ApplicationDraft(service, received, oral=True, text="Søker om penger til husleie for mars.")


def decision(**changes: object) -> DecisionDraft:
    values: dict[str, object] = {"outcome": Outcome.REFUSED.value, "decided_on": TODAY, "legal_basis":
                                 "Sosialtjenesteloven § 18", "reasons": "Inntekten er over satsen."}
    values.update(changes)
    return DecisionDraft(**values)  # type: ignore[arg-type]


def log_count(region: Region, person_id: uuid.UUID) -> int:
    with region.db.session() as session:
        return session.scalar(select(func.count()).where(AccessLogEntry.person_id == person_id,
                                                         AccessLogEntry.what == "application")) or 0


def test_an_oral_application_needs_what_was_applied_for(region: Region, english: None) -> None:
    person = region.person(region.gol)
    with pytest.raises(ValidationFailed) as failure:
        applications.register(region.db, region["kommune"], person,
                              ApplicationDraft("oko_stonad", TODAY + timedelta(days=1), oral=True), now=NOW)
    assert set(failure.value.errors) == {"received_on", "text"}
    with pytest.raises(ValidationFailed) as failure:
        applications.register(region.db, region["kommune"], person, ApplicationDraft("aap", TODAY), now=NOW)
    assert "catalogue" in failure.value.errors["service_code"]


def test_registering_stamps_the_legal_dates(region: Region) -> None:
    person = region.person(region.hemsedal)
    case = applications.register(region.db, region["kommune"], person, oral(), now=NOW)
    assert case.status is CaseStatus.APPLIED and case.oral and case.municipality == "Hemsedal"
    assert case.processing_deadline == date(2026, 3, 16)
    assert case.interim_reply_due == date(2026, 4, 7)  # a month falls on skjærtorsdag
    assert Step.START in case.steps and Step.COMPLAINT not in case.steps
    assert log_count(region, person) == 1


def test_state_staff_cannot_handle_municipal_applications(region: Region) -> None:
    person = region.person(region.gol)
    with pytest.raises(NotAllowed):
        applications.register(region.db, region["stat"], person, oral(), now=NOW)
    with pytest.raises(NotAllowed):
        applications.register(region.db, region["gjeld"], person, oral(), now=NOW)
    assert log_count(region, person) == 2  # refusals are logged too


def test_the_whole_way_to_statsforvalteren(region: Region, english: None) -> None:
    person = region.person(region.gol)
    kommune = region["kommune"]
    case = applications.register(region.db, kommune, person, oral(TODAY - timedelta(days=20)), now=NOW)
    case = applications.start_processing(region.db, kommune, case.id, case.version, now=NOW)
    assert case.status is CaseStatus.IN_PROGRESS
    assert [line.label for line in case.due if line.overdue] == ["Processing deadline"]
    case = applications.send_interim_reply(region.db, kommune, case.id, case.version, TODAY, now=NOW)
    assert Step.INTERIM_REPLY not in case.steps
    case = applications.decide(region.db, kommune, case.id, case.version, decision(), now=NOW)
    assert case.status is CaseStatus.DECIDED and case.outcome is Outcome.REFUSED
    assert case.complaint_deadline == date(2026, 3, 23)
    case = applications.register_complaint(region.db, kommune, case.id, case.version,
                                           ComplaintDraft(TODAY + timedelta(days=0), "Husleien er ikke tatt med."),
                                           now=NOW)
    assert case.status is CaseStatus.APPEALED and case.complaint_in_time is True
    assert case.complaint_handling_due == date(2026, 3, 23)
    assert set(case.steps) == {Step.OFFICE_REVERSAL, Step.SEND_TO_STATSFORVALTEREN}
    case = applications.send_to_statsforvalteren(region.db, kommune, case.id, case.version, TODAY, now=NOW)
    assert set(case.steps) == {Step.COMPLAINT_OUTCOME}
    later = NOW + timedelta(days=40)
    with pytest.raises(ValidationFailed):
        applications.record_complaint_outcome(region.db, kommune, case.id, case.version, ComplaintOutcome.REVERSED,
                                              later.date(), now=later)
    case = applications.record_complaint_outcome(region.db, kommune, case.id, case.version,
                                                 ComplaintOutcome.QUASHED, later.date(), now=later)
    assert case.status is CaseStatus.IN_PROGRESS and case.complaint_outcome is ComplaintOutcome.QUASHED
    assert case.processing_deadline == date(2026, 4, 27)  # two weeks from the return, off a Saturday
    assert log_count(region, person) == 7


def test_the_vedtak_checks_the_supervisors_look_for(region: Region, english: None) -> None:
    person = region.person(region.gol)
    with region.db.session() as session:
        session.add(HouseholdMember(person_id=person, relation="child", first_name="Ola", birth_date=date(2015, 5, 1)))
    kommune = region["kommune"]
    case = applications.register(region.db, kommune, person, oral(), now=NOW)
    with pytest.raises(ValidationFailed) as failure:
        applications.decide(region.db, kommune, case.id, case.version,
                            decision(outcome=Outcome.GRANTED.value, activity_condition=True, legal_basis=""), now=NOW)
    errors = failure.value.errors
    assert set(errors) == {"children_assessed", "kvp_considered", "legal_basis", "starts_on"}
    assert "children" in errors["children_assessed"]
    assert "KVP" in errors["kvp_considered"]
    case = applications.decide(region.db, kommune, case.id, case.version, decision(
        outcome=Outcome.GRANTED.value, activity_condition=True, kvp_considered=True, children_assessed=True,
        starts_on=TODAY, reasons=""), now=NOW)
    assert case.activity_condition and case.kvp_considered and case.children_assessed


def test_refusal_needs_reasons_and_a_late_complaint_a_note(region: Region, english: None) -> None:
    person = region.person(region.gol)
    kommune = region["kommune"]
    case = applications.register(region.db, kommune, person, oral(TODAY - timedelta(days=40)), now=NOW)
    with pytest.raises(ValidationFailed) as failure:
        applications.decide(region.db, kommune, case.id, case.version, decision(reasons=" "), now=NOW)
    assert set(failure.value.errors) == {"reasons"}
    decided = TODAY - timedelta(days=30)
    case = applications.decide(region.db, kommune, case.id, case.version, decision(decided_on=decided), now=NOW)
    with pytest.raises(ValidationFailed) as failure:
        applications.register_complaint(region.db, kommune, case.id, case.version,
                                        ComplaintDraft(TODAY, "For sent, men viktig."), now=NOW)
    assert set(failure.value.errors) == {"late_note"}
    case = applications.register_complaint(region.db, kommune, case.id, case.version,
                                           ComplaintDraft(TODAY, "For sent, men viktig.", "Var innlagt på sykehus."),
                                           now=NOW)
    assert case.complaint_in_time is False
    case = applications.change_decision(region.db, kommune, case.id, case.version,
                                        decision(outcome=Outcome.GRANTED.value, starts_on=TODAY, reasons=""), now=NOW)
    assert case.status is CaseStatus.DECIDED and case.complaint_outcome is ComplaintOutcome.CHANGED_BY_OFFICE


def test_steps_out_of_order_and_stale_versions_are_refused(region: Region) -> None:
    person = region.person(region.gol)
    kommune = region["kommune"]
    case = applications.register(region.db, kommune, person, oral(), now=NOW)
    with pytest.raises(NotAllowed):
        applications.send_to_statsforvalteren(region.db, kommune, case.id, case.version, TODAY, now=NOW)
    started = applications.start_processing(region.db, kommune, case.id, case.version, now=NOW)
    with pytest.raises(Conflict):
        applications.decide(region.db, kommune, case.id, case.version, decision(), now=NOW)
    assert started.version == case.version + 1


def test_the_person_s_applications_are_listed_as_the_reader_may_see_them(region: Region) -> None:
    person = region.person(region.hemsedal, contact="stat")
    applications.register(region.db, region["kommune"], person, oral(), now=NOW)
    assert [c.service_code for c in applications.applications(region.db, region["kommune"], person, now=NOW)] == [
        "oko_stonad"]
    assert applications.applications(region.db, region["stat"], person, now=NOW) == ()
