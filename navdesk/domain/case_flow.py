"""Municipal case handling: the steps an application goes through, and the checks on each.

søknad (received, also orally) → under behandling → vedtak (innvilget / delvis innvilget / avslått /
avvist, with legal basis and reasons) → klage (received; the office may change its own decision, or
prepares the complaint and sends it to Statsforvalteren, who gives the outcome).

The vedtak checks are those the supervisory authorities look for: the needs of children in the
household are assessed, and an activity condition (sosialtjenesteloven §20 a) is set only after
KVP has been considered. Every check returns field → message, so that the form shows each next to
its field and nothing is saved until all hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from navdesk.domain.case_codes import CaseStatus, Outcome
from navdesk.i18n import N_, _, format_money

LEGAL_BASIS_MAX = 150
REASONS_MAX = 5000
TEXT_MAX = 2000
# Services where a decision touches the household's living: the children's needs must be assessed.
CHILD_ASSESSMENT_SERVICES = frozenset({"oko_stonad", "midl_botilbud", "kvp"})
# The only service an activity condition (vilkår om aktivitet, §20 a) can be attached to.
ACTIVITY_CONDITION_SERVICES = frozenset({"oko_stonad"})
GRANTING = frozenset({Outcome.GRANTED, Outcome.PARTLY_GRANTED})
# Services whose grant is a sum of money: the vedtak states the amount (in kroner, at most two decimals).
MONEY_SERVICES = frozenset({"oko_stonad"})
AMOUNT_MAX = Decimal(1_000_000)


class Step(StrEnum):
    START = "start"  # søknad → under behandling
    INTERIM_REPLY = "interim_reply"  # foreløpig svar sent (status unchanged)
    DECIDE = "decide"  # → vedtak
    COMPLAINT = "complaint"  # vedtak → klage
    OFFICE_REVERSAL = "office_reversal"  # the office changes its own decision after a complaint
    SEND_TO_STATSFORVALTEREN = "send"  # the complaint goes on (status unchanged)
    COMPLAINT_OUTCOME = "complaint_outcome"  # Statsforvalteren's answer


class ComplaintOutcome(StrEnum):
    UPHELD = "stadfestet"
    REVERSED = "omgjort"
    QUASHED = "opphevet"  # sent back to the office to decide again
    DISMISSED = "avvist"
    CHANGED_BY_OFFICE = "omgjort_av_kontoret"
    WITHDRAWN = "trukket"


# The outcomes Statsforvalteren can give (the other two are the office's or the person's doing).
STATSFORVALTER_OUTCOMES = (ComplaintOutcome.UPHELD, ComplaintOutcome.REVERSED, ComplaintOutcome.QUASHED,
                           ComplaintOutcome.DISMISSED)

_OUTCOME_LABELS: dict[ComplaintOutcome, str] = {
    ComplaintOutcome.UPHELD: N_("Upheld (stadfestet)"),
    ComplaintOutcome.REVERSED: N_("Reversed (omgjort)"),
    ComplaintOutcome.QUASHED: N_("Quashed and sent back (opphevet)"),
    ComplaintOutcome.DISMISSED: N_("Dismissed (avvist)"),
    ComplaintOutcome.CHANGED_BY_OFFICE: N_("Changed by the office"),
    ComplaintOutcome.WITHDRAWN: N_("Withdrawn by the person"),
}


def complaint_outcome_label(outcome: ComplaintOutcome) -> str:
    return _(_OUTCOME_LABELS[outcome])


# (from status, step) → the status after the step.
TRANSITIONS: dict[tuple[CaseStatus, Step], CaseStatus] = {
    (CaseStatus.APPLIED, Step.START): CaseStatus.IN_PROGRESS,
    (CaseStatus.APPLIED, Step.INTERIM_REPLY): CaseStatus.APPLIED,
    (CaseStatus.IN_PROGRESS, Step.INTERIM_REPLY): CaseStatus.IN_PROGRESS,
    (CaseStatus.APPLIED, Step.DECIDE): CaseStatus.DECIDED,
    (CaseStatus.IN_PROGRESS, Step.DECIDE): CaseStatus.DECIDED,
    (CaseStatus.DECIDED, Step.COMPLAINT): CaseStatus.APPEALED,
    (CaseStatus.APPEALED, Step.OFFICE_REVERSAL): CaseStatus.DECIDED,
    (CaseStatus.APPEALED, Step.SEND_TO_STATSFORVALTEREN): CaseStatus.APPEALED,
    (CaseStatus.APPEALED, Step.COMPLAINT_OUTCOME): CaseStatus.DECIDED,
}


def next_status(status: CaseStatus, step: Step, *, complaint_outcome: ComplaintOutcome | None = None,
                sent: bool = False) -> CaseStatus | None:
    """The status after `step`, or None when the step is not possible from `status`.

    Statsforvalteren answers only a complaint that has been sent; an office reversal happens before
    sending. A quashed decision goes back to the office: the case is under behandling again.
    """
    if step is Step.COMPLAINT_OUTCOME and not sent:
        return None
    if step in (Step.OFFICE_REVERSAL, Step.SEND_TO_STATSFORVALTEREN) and sent:
        return None
    target = TRANSITIONS.get((status, step))
    if target is not None and step is Step.COMPLAINT_OUTCOME and complaint_outcome is ComplaintOutcome.QUASHED:
        return CaseStatus.IN_PROGRESS
    return target


def step_refusal(status: CaseStatus, step: Step) -> str:
    """Why a step cannot be taken now (one translated line for the screen)."""
    messages = {
        Step.START: _("Only a newly received application can be taken into processing."),
        Step.INTERIM_REPLY: _("An interim reply is sent only while the application is open."),
        Step.DECIDE: _("This application has already been decided."),
        Step.COMPLAINT: _("A complaint can be registered only on a decided case."),
        Step.OFFICE_REVERSAL: _("The office can change its decision only on a complaint not yet sent on."),
        Step.SEND_TO_STATSFORVALTEREN: _("Only a complaint not yet sent on can be sent to Statsforvalteren."),
        Step.COMPLAINT_OUTCOME: _("Record Statsforvalteren's outcome after the complaint has been sent."),
    }
    return messages[step]


@dataclass(frozen=True)
class ApplicationDraft:
    service_code: str
    received_on: date | None
    oral: bool = False
    text: str = ""  # what was applied for; required for an oral application (it is the only record)


def application_errors(draft: ApplicationDraft, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not draft.service_code:
        errors["service_code"] = _("Choose the service applied for.")
    if draft.received_on is None:
        errors["received_on"] = _("This field is required.")
    elif draft.received_on > today:
        errors["received_on"] = _("An application cannot be received in the future.")
    text = draft.text.strip()
    if draft.oral and not text:
        errors["text"] = _("Write down what the person applied for: an oral application has no other record.")
    elif len(text) > TEXT_MAX:
        errors["text"] = _("At most {count} characters.").format(count=TEXT_MAX)
    return errors


@dataclass(frozen=True)
class DecisionDraft:
    outcome: str
    decided_on: date | None
    legal_basis: str
    reasons: str
    starts_on: date | None = None
    ends_on: date | None = None
    children_assessed: bool = False
    activity_condition: bool = False  # vilkår om aktivitet, sosialtjenesteloven §20 a
    kvp_considered: bool = False
    amount: Decimal | None = None  # the sum granted, for the services in MONEY_SERVICES


def decision_errors(draft: DecisionDraft, *, service_code: str, received_on: date | None,
                    children_in_household: bool, today: date) -> dict[str, str]:
    """Everything wrong with a vedtak before it may be saved."""
    errors: dict[str, str] = {}
    try:
        outcome: Outcome | None = Outcome(draft.outcome)
    except ValueError:
        outcome = None
        errors["outcome"] = _("Choose the outcome of the decision.")
    if draft.decided_on is None:
        errors["decided_on"] = _("This field is required.")
    elif draft.decided_on > today:
        errors["decided_on"] = _("A decision cannot be dated in the future.")
    elif received_on is not None and draft.decided_on < received_on:
        errors["decided_on"] = _("A decision cannot be made before the application was received.")
    basis = draft.legal_basis.strip()
    if not basis:
        errors["legal_basis"] = _("Name the legal basis of the decision.")
    elif len(basis) > LEGAL_BASIS_MAX:
        errors["legal_basis"] = _("At most {count} characters.").format(count=LEGAL_BASIS_MAX)
    reasons = draft.reasons.strip()
    # Forvaltningsloven §24: reasons may be left out only when the application is granted in full.
    if not reasons and outcome is not None and outcome is not Outcome.GRANTED:
        errors["reasons"] = _("Give the reasons: every decision that does not grant in full must be reasoned.")
    elif len(reasons) > REASONS_MAX:
        errors["reasons"] = _("At most {count} characters.").format(count=REASONS_MAX)
    if outcome in GRANTING:
        if draft.starts_on is None:
            errors["starts_on"] = _("Give the first day the grant applies to.")
        elif draft.ends_on is not None and draft.ends_on < draft.starts_on:
            errors["ends_on"] = _("The period must end after it starts.")
    if children_in_household and service_code in CHILD_ASSESSMENT_SERVICES and not draft.children_assessed:
        errors["children_assessed"] = _("There are children in the household: assess their needs before deciding.")
    if draft.activity_condition:
        if service_code not in ACTIVITY_CONDITION_SERVICES:
            errors["activity_condition"] = _("An activity condition can only be set on økonomisk stønad.")
        elif outcome is not None and outcome not in GRANTING:
            errors["activity_condition"] = _("An activity condition belongs to a grant.")
        elif not draft.kvp_considered:
            errors["kvp_considered"] = _("Consider the qualification programme (KVP) before setting an activity "
                                         "condition (sosialtjenesteloven § 20 a).")
    amount = _amount_error(draft.amount, service_code=service_code, outcome=outcome)
    if amount:
        errors["amount"] = amount
    return errors


def _amount_error(amount: Decimal | None, *, service_code: str, outcome: Outcome | None) -> str:
    if amount is None:
        return ""
    if service_code not in MONEY_SERVICES:
        return _("An amount is given only on a decision about økonomisk stønad.")
    if outcome is not None and outcome not in GRANTING:
        return _("An amount belongs to a grant.")
    if not amount.is_finite() or not Decimal(0) < amount <= AMOUNT_MAX:
        return _("Give an amount above zero and at most {amount}.").format(amount=format_money(AMOUNT_MAX))
    if amount != amount.quantize(Decimal("0.01")):
        return _("Give the amount in kroner and øre: at most two decimals.")
    return ""


@dataclass(frozen=True)
class ComplaintDraft:
    received_on: date | None
    text: str
    late_note: str = ""  # why a late complaint is considered all the same (forvaltningsloven §31)


def complaint_errors(draft: ComplaintDraft, *, decided_on: date | None, deadline: date | None,
                     today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if draft.received_on is None:
        errors["received_on"] = _("This field is required.")
    elif draft.received_on > today:
        errors["received_on"] = _("A complaint cannot be received in the future.")
    elif decided_on is not None and draft.received_on < decided_on:
        errors["received_on"] = _("A complaint cannot come before the decision.")
    elif deadline is not None and draft.received_on > deadline and not draft.late_note.strip():
        errors["late_note"] = _("The complaint came after the deadline: write why it is considered all the same "
                                "(forvaltningsloven § 31), or dismiss it.")
    text = draft.text.strip()
    if not text:
        errors["text"] = _("Write what the person complains about.")
    elif len(text) > TEXT_MAX:
        errors["text"] = _("At most {count} characters.").format(count=TEXT_MAX)
    return errors


def dated_step_errors(on: date | None, *, not_before: date | None, today: date) -> dict[str, str]:
    """For a step that only needs its date (interim reply sent, complaint sent on, outcome received)."""
    if on is None:
        return {"on": _("This field is required.")}
    if on > today:
        return {"on": _("The date cannot lie in the future.")}
    if not_before is not None and on < not_before:
        return {"on": _("The date cannot come before the step it follows.")}
    return {}
