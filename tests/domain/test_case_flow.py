"""The municipal case workflow and its checks, as tables."""

from __future__ import annotations

from datetime import date

import pytest

from navdesk.domain.case_codes import CaseStatus, Outcome
from navdesk.domain.case_flow import (
    ApplicationDraft,
    ComplaintDraft,
    ComplaintOutcome,
    DecisionDraft,
    Step,
    application_errors,
    complaint_errors,
    decision_errors,
    next_status,
)

A, P, D, K = CaseStatus.APPLIED, CaseStatus.IN_PROGRESS, CaseStatus.DECIDED, CaseStatus.APPEALED
TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(("status", "step", "sent", "outcome", "expected"), [
    (A, Step.START, False, None, P),
    (P, Step.START, False, None, None),
    (A, Step.INTERIM_REPLY, False, None, A),
    (P, Step.INTERIM_REPLY, False, None, P),
    (D, Step.INTERIM_REPLY, False, None, None),
    (A, Step.DECIDE, False, None, D),
    (P, Step.DECIDE, False, None, D),
    (D, Step.DECIDE, False, None, None),
    (D, Step.COMPLAINT, False, None, K),
    (P, Step.COMPLAINT, False, None, None),
    (K, Step.OFFICE_REVERSAL, False, None, D),
    (K, Step.OFFICE_REVERSAL, True, None, None),
    (K, Step.SEND_TO_STATSFORVALTEREN, False, None, K),
    (K, Step.SEND_TO_STATSFORVALTEREN, True, None, None),
    (K, Step.COMPLAINT_OUTCOME, False, ComplaintOutcome.UPHELD, None),
    (K, Step.COMPLAINT_OUTCOME, True, ComplaintOutcome.UPHELD, D),
    (K, Step.COMPLAINT_OUTCOME, True, ComplaintOutcome.REVERSED, D),
    (K, Step.COMPLAINT_OUTCOME, True, ComplaintOutcome.QUASHED, P),
    (D, Step.COMPLAINT_OUTCOME, True, ComplaintOutcome.UPHELD, None),
])
def test_transitions(status: CaseStatus, step: Step, sent: bool, outcome: ComplaintOutcome | None,
                     expected: CaseStatus | None) -> None:
    assert next_status(status, step, complaint_outcome=outcome, sent=sent) == expected


def decision(**changes: object) -> DecisionDraft:
    values: dict[str, object] = {"outcome": Outcome.REFUSED.value, "decided_on": TODAY,
                                 "legal_basis": "Sosialtjenesteloven § 18", "reasons": "Inntekt over satsene."}
    values.update(changes)
    return DecisionDraft(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(("case", "draft", "service", "children", "expected"), [
    ("a reasoned refusal", decision(), "oko_stonad", False, set()),
    ("no outcome, no date, no basis", decision(outcome="", decided_on=None, legal_basis=" "), "oko_stonad", False,
     {"outcome", "decided_on", "legal_basis"}),
    ("a refusal without reasons", decision(reasons=""), "oko_stonad", False, {"reasons"}),
    ("a full grant needs no reasons, but a start", decision(outcome="innvilget", reasons=""), "oko_stonad", False,
     {"starts_on"}),
    ("a partial grant needs reasons", decision(outcome="delvis_innvilget", reasons="", starts_on=TODAY),
     "oko_stonad", False, {"reasons"}),
    ("a period ending before it starts", decision(outcome="innvilget", starts_on=TODAY, ends_on=date(2026, 3, 1)),
     "oko_stonad", False, {"ends_on"}),
    ("decided before received", decision(decided_on=date(2026, 2, 1)), "oko_stonad", False, {"decided_on"}),
    ("decided in the future", decision(decided_on=date(2026, 3, 3)), "oko_stonad", False, {"decided_on"}),
    ("children not assessed", decision(), "oko_stonad", True, {"children_assessed"}),
    ("children assessed", decision(children_assessed=True), "oko_stonad", True, set()),
    ("children do not matter for debt advice", decision(), "gjeld", True, set()),
    ("activity condition without KVP considered", decision(outcome="innvilget", starts_on=TODAY,
                                                           activity_condition=True), "oko_stonad", False,
     {"kvp_considered"}),
    ("activity condition after KVP was considered", decision(outcome="innvilget", starts_on=TODAY,
                                                             activity_condition=True, kvp_considered=True),
     "oko_stonad", False, set()),
    ("activity condition on a refusal", decision(activity_condition=True, kvp_considered=True), "oko_stonad", False,
     {"activity_condition"}),
    ("activity condition on KVP itself", decision(outcome="innvilget", starts_on=TODAY, activity_condition=True),
     "kvp", False, {"activity_condition"}),
])
def test_decision_checks(case: str, draft: DecisionDraft, service: str, children: bool, expected: set[str]) -> None:
    errors = decision_errors(draft, service_code=service, received_on=date(2026, 2, 20),
                             children_in_household=children, today=TODAY)
    assert set(errors) == expected, case


@pytest.mark.parametrize(("draft", "expected"), [
    (ApplicationDraft("oko_stonad", TODAY), set()),
    (ApplicationDraft("oko_stonad", TODAY, oral=True), {"text"}),
    (ApplicationDraft("oko_stonad", TODAY, oral=True, text="Husleie for mars"), set()),
    (ApplicationDraft("", None), {"service_code", "received_on"}),
    (ApplicationDraft("oko_stonad", date(2026, 3, 3)), {"received_on"}),
])
def test_application_checks(draft: ApplicationDraft, expected: set[str]) -> None:
    assert set(application_errors(draft, TODAY)) == expected


@pytest.mark.parametrize(("draft", "expected"), [
    (ComplaintDraft(date(2026, 3, 2), "Feil beregnet"), set()),
    (ComplaintDraft(date(2026, 3, 24), "For sent"), {"late_note"}),
    (ComplaintDraft(date(2026, 3, 24), "For sent", late_note="Lå på sykehus"), set()),
    (ComplaintDraft(date(2026, 2, 27), "Før vedtaket"), {"received_on"}),
    (ComplaintDraft(None, ""), {"received_on", "text"}),
])
def test_complaint_checks(draft: ComplaintDraft, expected: set[str]) -> None:
    errors = complaint_errors(draft, decided_on=date(2026, 3, 1), deadline=date(2026, 3, 23), today=date(2026, 4, 1))
    assert set(errors) == expected
