"""Demo applications for municipal services, from receipt to decision and complaint.

Each application is made whole at once, as navdesk would have left it: how long it took (most within the
processing deadline, some over a month, a few much longer, so that some are over the deadline today),
the decision with its legal basis, reasons and the checks the supervisory authorities look for, the
interim reply (forvaltningsloven §11a) when it took or takes more than a month — mostly sent in time,
some late, some never — and complaints: within the three weeks, some prepared and sent to
Statsforvalteren and decided there, some changed by the office itself, and some decisions still inside
their complaint deadline today. The legal dates are the deadline engine's, as the application screens
stamp them when a case is saved. Texts are Norwegian: they are data an office would type in.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from navdesk.domain.case_codes import CaseStatus, Outcome
from navdesk.domain.case_flow import ComplaintOutcome
from navdesk.domain.catalogue import default_service
from navdesk.domain.deadlines import (
    DeadlineRules,
    RuleBook,
    complaint_deadline,
    complaint_handling_due,
    interim_reply_due,
    processing_deadline,
)
from navdesk.services.demo_context import pick

# Calendar days from receipt to decision, by service: (cumulative share, fewest, most).
PROCESSING: dict[str, tuple[tuple[float, int, int], ...]] = {
    "oko_stonad": ((0.85, 1, 14), (0.95, 15, 30), (1.0, 31, 60)),
    "oko_radgivning": ((0.85, 1, 14), (1.0, 15, 40)),
    "midl_botilbud": ((0.9, 0, 1), (1.0, 2, 6)),
    "gjeld": ((0.55, 7, 30), (0.92, 31, 60), (1.0, 61, 100)),
    "kvp": ((0.6, 10, 30), (0.92, 31, 60), (1.0, 61, 90)),
    "ind_plan": ((0.65, 10, 30), (1.0, 31, 75)),
}
# Decision outcomes with their cumulative shares.
OUTCOMES: tuple[tuple[Outcome, float], ...] = (
    (Outcome.GRANTED, 0.65), (Outcome.PARTLY_GRANTED, 0.80), (Outcome.REFUSED, 0.97), (Outcome.DISMISSED, 1.0),
)
# How long a granted service runs, in days (økonomisk stønad: a month at a time).
PERIOD_DAYS = {"kvp": 365, "midl_botilbud": 21, "ind_plan": 730, "gjeld": 180}
REASONS: dict[str, str] = {
    Outcome.GRANTED: "Vilkårene i sosialtjenesteloven er oppfylt.",
    Outcome.PARTLY_GRANTED: "Innvilget etter statens veiledende satser; utgifter over satsene er ikke dekket.",
    Outcome.REFUSED: "Inntekten er over satsene for livsopphold.",
    Outcome.DISMISSED: "Søknaden mangler nødvendige opplysninger etter purring.",
}
CHANGED_REASONS = "Klagen er tatt til følge: nye opplysninger om husleie og strøm viser at vilkårene er oppfylt."
# Interim replies when the case takes over a month: (cumulative share) sent in time, sent late, not sent.
INTERIM_ON_TIME, INTERIM_LATE = 0.72, 0.86
INTERIM_EARLY = 0.45  # of the cases still open before the reply falls due: the reply has gone already
# Of the decisions of each outcome, this share is complained about.
COMPLAINT_SHARE = {Outcome.REFUSED: 0.25, Outcome.DISMISSED: 0.12, Outcome.PARTLY_GRANTED: 0.1}
OFFICE_CHANGES = 0.12  # of the complaints, the office itself changes the decision
STATSFORVALTER_OUTCOMES: tuple[tuple[ComplaintOutcome, float], ...] = (
    (ComplaintOutcome.UPHELD, 0.75), (ComplaintOutcome.REVERSED, 0.9), (ComplaintOutcome.DISMISSED, 1.0),
)
COMPLAINT_TEXTS = ("Bruker mener inntekten er feil beregnet og at husleien ikke er tatt med.",
                   "Bruker klager på at utgifter til barnas fritidsaktiviteter ikke er dekket.",
                   "Bruker mener vilkåret om aktivitet ikke tar hensyn til helsen.")
T = TypeVar("T")
AMOUNTS = (2500, 4200, 6100, 7800, 9350, 11200, 14600)  # økonomisk stønad granted, kroner


@dataclass
class ApplicationMaker:
    """Makes the row of one application; `rng` draws the decision, `handling` what happened after it."""

    rng: random.Random
    handling: random.Random
    book: RuleBook
    today: date
    with_children: frozenset[uuid.UUID]
    _rules: dict[tuple[uuid.UUID, str], DeadlineRules] = field(default_factory=dict)

    def make(self, person_id: uuid.UUID, municipality_id: uuid.UUID, code: str, received: date,
             ended: date | None, handler: uuid.UUID) -> dict[str, Any]:
        """The application's columns from its status on; every row has the same keys (one bulk statement)."""
        rng, today = self.rng, self.today
        rules = self._rules.get((municipality_id, code))
        if rules is None:
            rules = self._rules[municipality_id, code] = self.book.rules(municipality_id, code)
        age = (today - received).days
        days = _processing_days(rng, code)
        if ended is not None:
            days = min(days, (ended - received).days)
        due = interim_reply_due(received, rules)
        row: dict[str, Any] = {
            "status": (CaseStatus.APPLIED if age <= 3 else CaseStatus.IN_PROGRESS).value, "received_on": received,
            "decided_on": None, "starts_on": None, "ends_on": None, "outcome": "", "reasons": "", "details": "{}",
            "legal_basis": "", "processing_deadline": processing_deadline(received, rules),
            "interim_reply_due": due, "interim_reply_sent_on": None, "complaint_deadline": None,
            "children_assessed": False, "activity_condition": False, "kvp_considered": False, "decided_by_id": None,
            "complaint_received_on": None, "complaint_text": "", "complaint_handling_due": None,
            "sent_to_statsforvalteren_on": None, "complaint_outcome": "", "complaint_decided_on": None,
        }
        if days < age:
            self._decide(row, code, received + timedelta(days=days), _weighted(rng, OUTCOMES), person_id, ended,
                         handler, rules)
            self._complaint(row, code, ended, handler, rules)
        row["interim_reply_sent_on"] = self._interim_reply(received, received + timedelta(days=days), due)
        return row

    def _decide(self, row: dict[str, Any], code: str, decided: date, outcome: Outcome, person_id: uuid.UUID,
                ended: date | None, handler: uuid.UUID, rules: DeadlineRules) -> None:
        rng = self.rng
        service = default_service(code)
        row.update(status=CaseStatus.DECIDED.value, decided_on=decided, outcome=outcome.value,
                   reasons=REASONS[outcome], legal_basis=service.legal_basis if service else "",
                   complaint_deadline=complaint_deadline(decided, rules), decided_by_id=handler,
                   children_assessed=person_id in self.with_children and rng.random() < 0.95)
        if outcome in (Outcome.GRANTED, Outcome.PARTLY_GRANTED):
            ends = decided + timedelta(days=PERIOD_DAYS.get(code, 30))
            row.update(starts_on=decided, ends_on=min(ends, ended) if ended is not None else ends)
            if code == "oko_stonad":
                row["details"] = json.dumps({"amount": str(pick(rng, AMOUNTS))})
                if rng.random() < 0.1:
                    row.update(activity_condition=True, kvp_considered=True,
                               legal_basis="Sosialtjenesteloven §§ 18 og 20 a")

    def _interim_reply(self, received: date, decision: date, due: date) -> date | None:
        """The interim reply of a case that is not (or will not be) decided by the day it falls due: sent by
        then, later, or not at all; where that day has not come, the office may have sent it already."""
        rng, today = self.handling, self.today
        if decision <= due:
            return None
        if today <= due:
            first = received + timedelta(days=7)
            if today < first or rng.random() >= INTERIM_EARLY:
                return None
            return first + timedelta(days=int(rng.random() * ((today - first).days + 1)))
        last = min(decision, today)
        point = rng.random()
        if point < INTERIM_ON_TIME:
            return max(received + timedelta(days=1), due - timedelta(days=int(rng.random() * 15)))
        if point < INTERIM_LATE and last > due:
            return due + timedelta(days=1 + int(rng.random() * min(12, (last - due).days)))
        return None

    def _complaint(self, row: dict[str, Any], code: str, ended: date | None, handler: uuid.UUID,
                   rules: DeadlineRules) -> None:
        """A complaint within the three weeks; the office prepares it and either changes the decision itself or
        sends it to Statsforvalteren, who decides some weeks later. Those not yet received are still to come."""
        rng, today = self.handling, self.today
        decided, outcome = row["decided_on"], Outcome(row["outcome"])
        if rng.random() >= COMPLAINT_SHARE.get(outcome, 0.0):
            return
        received = decided + timedelta(days=2 + int(rng.random() * 19))
        if received > today:
            return
        row.update(status=CaseStatus.APPEALED.value, complaint_received_on=received,
                   complaint_text=pick(rng, COMPLAINT_TEXTS),
                   complaint_handling_due=complaint_handling_due(received, rules))
        if rng.random() < OFFICE_CHANGES:
            changed = received + timedelta(days=5 + int(rng.random() * 15))
            if changed <= today:
                row.update(status=CaseStatus.DECIDED.value, complaint_outcome=ComplaintOutcome.CHANGED_BY_OFFICE.value,
                           complaint_decided_on=changed, decided_on=changed, outcome=Outcome.GRANTED.value,
                           reasons=CHANGED_REASONS, complaint_deadline=complaint_deadline(changed, rules),
                           starts_on=changed, decided_by_id=handler)
                ends = changed + timedelta(days=PERIOD_DAYS.get(code, 30))
                row["ends_on"] = min(ends, ended) if ended is not None else ends
            return
        sent = received + timedelta(days=5 + int(rng.random() * 20))
        if sent > today:
            return
        row["sent_to_statsforvalteren_on"] = sent
        answered = sent + timedelta(days=30 + int(rng.random() * 90))
        if answered > today:
            return
        result = _weighted(rng, STATSFORVALTER_OUTCOMES)
        row.update(status=CaseStatus.DECIDED.value, complaint_outcome=result.value, complaint_decided_on=answered)
        if result is ComplaintOutcome.REVERSED:
            row["outcome"] = Outcome.GRANTED.value


def _processing_days(rng: random.Random, code: str) -> int:
    profile = PROCESSING.get(code, PROCESSING["oko_stonad"])
    point = rng.random()
    _share, fewest, most = next((band for band in profile if point < band[0]), profile[-1])
    return fewest + int(rng.random() * (most - fewest + 1))


def _weighted(rng: random.Random, choices: Sequence[tuple[T, float]]) -> T:
    point = rng.random()
    return next((value for value, cumulative in choices if point < cumulative), choices[-1][0])
