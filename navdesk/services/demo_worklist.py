"""Demo caseloads: who holds whom, and how work moves between the veiledere.

Each office gets an assignment chain (with a forgotten day 31 at Gol and a rule there that can never
match, for the rule editor to point out); anyone the person fillers left without an owner is routed
by it (the newest wait in their office's mottak team, ufordelt). Handovers (open, overdue, accepted,
declined) and reminders complete the picture. Everything is written with bulk inserts.
"""

from __future__ import annotations

import json
import random
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, func, insert, or_, select, update

from navdesk.domain import access
from navdesk.domain.assignment import Candidate, Criteria, Rule, fold_employer, format_days, parse_days, route
from navdesk.domain.case_codes import Outcome
from navdesk.domain.deadlines import UNDECIDED
from navdesk.domain.workdays import add_working_days
from navdesk.services.access_facts import agreement_facts, person_facts, staff_facts
from navdesk.services.demo_context import DemoContext, pick
from navdesk.services.demo_org import GOL, HEMSEDAL, OFFICES, DemoOrg
from navdesk.store.models import (
    AssignmentRule,
    Handover,
    OwnershipEvent,
    Person,
    PersonContact,
    Reminder,
    ServiceCase,
)
from navdesk.store.models.worklist import assignment_rule_municipality

CHUNK = 5000
NEW_IN_MOTTAK_DAYS = 10  # people registered this recently still wait in the mottak team
OPEN_HANDOVER, DECLINED_HANDOVER = 0.006, 0.002
REMINDER_SHARE = 0.03
SOSIAL = ("oko_stonad", "midl_botilbud")
MOTTAK = {"GOL": "Mottak Gol og Hemsedal", "HOL": "Mottak Hol", "AAL": "Mottak Ål", "NES": "Mottak Nesbyen",
          "FLAA": "Mottak Flå"}
FOLLOW_UP = {"GOL": "Oppfølging Gol og Hemsedal", "HOL": "Oppfølging Hol", "AAL": "Oppfølging Ål",
             "NES": "Oppfølging Nesbyen", "FLAA": "Oppfølging Flå"}
YOUTH, DEBT = "Ungdomsteam Hallingdal", "Gjeldsrådgivning Hallingdal"
DEBT_COUNSELLORS = ("gjeld", "ehagen")


@dataclass(frozen=True)
class _RuleSpec:
    name: str
    team: str
    staff: str | None
    min_age: int | None = None
    max_age: int | None = None
    services: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    days: str = ""
    employers: tuple[str, ...] = ()


def _chains() -> dict[str, tuple[_RuleSpec, ...]]:
    return {
        "GOL": (
            _RuleSpec("Gjeldsrådgivning (Gol)", DEBT, "gjeld", services=("gjeld",), municipalities=(GOL,)),
            _RuleSpec("Ungdom 18–29", YOUTH, "msando", min_age=18, max_age=29),
            _RuleSpec("Kvalifiseringsprogrammet", FOLLOW_UP["GOL"], "thovda", services=("kvp",)),
            _RuleSpec("Sosialhjelp, dato 1–15", FOLLOW_UP["GOL"], "kommune", services=SOSIAL, days="1-15"),
            _RuleSpec("Sosialhjelp, dato 16–31", FOLLOW_UP["GOL"], "kbraaten", services=SOSIAL, days="16-31"),
            _RuleSpec("Dato 1–10", FOLLOW_UP["GOL"], "stat", days="1-10"),
            _RuleSpec("Dato 11–20", FOLLOW_UP["GOL"], "jekvisle", days="11-20"),
            _RuleSpec("Dato 21–30", FOLLOW_UP["GOL"], "leder", days="21-30"),
            _RuleSpec("Ansatte i Skistar", MOTTAK["GOL"], "sthorsrud", employers=("Skistar Hemsedal",)),
            _RuleSpec("Hemsedal, dato 1–10", FOLLOW_UP["GOL"], "stat", municipalities=(HEMSEDAL,), days="1-10"),
        ),
        "HOL": (
            _RuleSpec("Ungdom 18–29", YOUTH, "cholde", min_age=18, max_age=29),
            _RuleSpec("Sosialhjelp", FOLLOW_UP["HOL"], "blunde", services=SOSIAL),
            _RuleSpec("Kvalifiseringsprogrammet", FOLLOW_UP["HOL"], "mfekjaer", services=("kvp",)),
            _RuleSpec("Dato 1–15", FOLLOW_UP["HOL"], "akleppe", days="1-15"),
            _RuleSpec("Dato 16–31", FOLLOW_UP["HOL"], "piskaret", days="16-31"),
        ),
        "AAL": (
            _RuleSpec("Gjeldsrådgivning", DEBT, "ehagen", services=("gjeld",)),
            _RuleSpec("Ungdom 18–29", YOUTH, "amedhus", min_age=18, max_age=29),
            _RuleSpec("Sosialhjelp", FOLLOW_UP["AAL"], "ksonstebo", services=SOSIAL),
            _RuleSpec("Dato 1–15", FOLLOW_UP["AAL"], "lliahagen", days="1-15"),
            _RuleSpec("Dato 16–31", FOLLOW_UP["AAL"], "hsaebo", days="16-31"),
        ),
        "NES": (
            _RuleSpec("Sosialhjelp", FOLLOW_UP["NES"], "mbakke", services=SOSIAL),
            _RuleSpec("Kvalifiseringsprogrammet", FOLLOW_UP["NES"], "sdokken", services=("kvp",)),
            _RuleSpec("Dato 1–15", FOLLOW_UP["NES"], "orukke", days="1-15"),
            _RuleSpec("Dato 16–31", FOLLOW_UP["NES"], "isletta", days="16-31"),
        ),
        "FLAA": (_RuleSpec("Alle", FOLLOW_UP["FLAA"], "nsolberg"),),
    }


def build_worklist_data(ctx: DemoContext, org: DemoOrg) -> None:
    """Rules, ownership, handovers and reminders for the demo region."""
    chains = _insert_rules(ctx, org)
    _route_unowned(ctx, org, chains)
    _debt_counsellors(ctx, org)
    _handovers_and_reminders(ctx, org, chains)


def _insert_rules(ctx: DemoContext, org: DemoOrg) -> dict[str, list[Rule]]:
    ids = ctx.ids("assignment_rule")
    rows: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    chains: dict[str, list[Rule]] = {}
    for code, specs in _chains().items():
        for position, spec in enumerate(specs, start=1):
            rule_id = ids.next()
            municipalities = frozenset(org.municipality_ids[n] for n in spec.municipalities)
            rows.append({
                "id": rule_id, "version": 1, "office_id": org.office_ids[code], "position": position,
                "name": spec.name, "active": True, "min_age": spec.min_age, "max_age": spec.max_age,
                "service_codes": ",".join(spec.services), "birth_days": format_days(parse_days(spec.days)),
                "employers": "\n".join(spec.employers), "team_id": org.team_ids[spec.team],
                "staff_id": org.staff_ids[spec.staff] if spec.staff else None,
            })
            links.extend({"rule_id": rule_id, "municipality_id": m} for m in sorted(municipalities))
            criteria = Criteria(spec.min_age, spec.max_age, frozenset(spec.services), municipalities,
                                parse_days(spec.days), frozenset(fold_employer(e) for e in spec.employers))
            chains.setdefault(code, []).append(Rule(rule_id, spec.name, criteria, org.team_ids[spec.team],
                                                    org.staff_ids[spec.staff] if spec.staff else None))
    ctx.insert_rows(AssignmentRule, rows)
    if links:
        ctx.session.execute(insert(assignment_rule_municipality), links)
    return chains


# --- ownership ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Resident:
    id: uuid.UUID
    birth_date: date
    municipality: uuid.UUID
    created_at: datetime


def _route_unowned(ctx: DemoContext, org: DemoOrg, chains: dict[str, list[Rule]]) -> None:
    """Route by the office's chain everyone the person fillers left without a team or a veileder."""
    office_of = {org.municipality_ids[n]: office.code for office in OFFICES for n in office.municipalities}
    held = select(PersonContact.person_id).where(PersonContact.ends.is_(None))
    residents = [_Resident(*row) for row in ctx.session.execute(
        select(Person.id, Person.birth_date, Person.residence_municipality_id, Person.created_at)
        .where(Person.owner_team_id.is_(None), Person.archived_at.is_(None), Person.id.not_in(held))
        .order_by(Person.created_at, Person.id))]
    if not residents:
        return
    services, employers = _services_and_employers(ctx)
    writer = _Writer(ctx)
    for resident in residents:
        code = office_of[resident.municipality]
        registered = resident.created_at.date()
        if (ctx.today - registered).days < NEW_IN_MOTTAK_DAYS:
            writer.own(resident, org.team_ids[MOTTAK[code]], None, registered,
                       "Registrert; venter i mottak på en veileder.")
            continue
        candidate = Candidate(resident.birth_date, resident.municipality, services.get(resident.id, frozenset()),
                              employers.get(resident.id, ""))
        rule = route(chains[code], candidate, registered)
        if rule is not None:
            writer.own(resident, rule.team_id, rule.staff_id, registered, f"Fordelt etter regelen «{rule.name}».")
    writer.flush()


def _services_and_employers(ctx: DemoContext) -> tuple[dict[uuid.UUID, frozenset[str]], dict[uuid.UUID, str]]:
    services: dict[uuid.UUID, set[str]] = defaultdict(set)
    employers: dict[uuid.UUID, str] = {}
    for person_id, code, details in ctx.session.execute(
        select(ServiceCase.person_id, ServiceCase.service_code, ServiceCase.details)
    ):
        services[person_id].add(code)
        if code == "sykefravaer" and person_id not in employers:
            employers[person_id] = str(json.loads(details or "{}").get("employer", ""))
    return {key: frozenset(value) for key, value in services.items()}, employers


def _debt_counsellors(ctx: DemoContext, org: DemoOrg) -> None:
    """The debt counsellors become a contact of the people whose debt case they work on now (open or running;
    the main contact of anyone who has none), where the policy lets them serve the person and the person has
    fewer than three contacts."""
    session = ctx.session
    counsellors = [org.staff_ids[login] for login in DEBT_COUNSELLORS]
    staff = {staff_id: staff_facts(session, staff_id, now=datetime.combine(ctx.today, time(12)))
             for staff_id in counsellors}
    agreements = agreement_facts(session)
    granted = (Outcome.GRANTED.value, Outcome.PARTLY_GRANTED.value)
    cases = session.connection().execute(
        select(ServiceCase.person_id, Person.owner_team_id,
               func.min(func.coalesce(ServiceCase.decided_on, ServiceCase.received_on)))
        .join(Person, Person.id == ServiceCase.person_id)
        .where(ServiceCase.service_code == "gjeld", Person.archived_at.is_(None),
               or_(ServiceCase.status.in_([status.value for status in UNDECIDED]),
                   and_(ServiceCase.outcome.in_(granted), ServiceCase.ends_on >= ctx.today)))
        .group_by(ServiceCase.person_id, Person.owner_team_id).order_by(ServiceCase.person_id)).all()
    contacts: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for person_id, staff_id in session.connection().execute(
            select(PersonContact.person_id, PersonContact.staff_id)
            .where(PersonContact.ends.is_(None), PersonContact.person_id.in_([row[0] for row in cases]))
            .order_by(PersonContact.is_primary.desc(), PersonContact.starts, PersonContact.id)):
        contacts[person_id].append(staff_id)
    facts = person_facts(session, [row[0] for row in cases])
    rng = ctx.rng("worklist.debt")
    writer = _Writer(ctx)
    for person_id, team_id, since in cases:
        counsellor = pick(rng, counsellors)
        current = contacts[person_id]
        if len(current) >= 3 or counsellor in current or not access.may_be_assigned(
                staff[counsellor], facts[person_id], on=ctx.today, agreements=agreements).allowed:
            continue
        moment = datetime.combine(max(since, ctx.today - timedelta(days=300)), time(13))
        writer.contacts.append({"id": ctx.ids("person_contact").at(moment), "person_id": person_id,
                                "staff_id": counsellor, "is_primary": not current, "starts": moment.date(),
                                "ends": None, "agreed_with_person": True, "changed_by_id": counsellor})
        writer.events.append({"id": ctx.ids("ownership_event").at(moment), "person_id": person_id, "at": moment,
                              "by_id": counsellor, "team_id": team_id,
                              "contact_ids": ",".join(str(staff_id) for staff_id in (*current, counsellor)),
                              "note": "Gjeldsrådgiver er med som kontakt mens gjeldssaken pågår."})
    writer.flush()


def _handovers_and_reminders(ctx: DemoContext, org: DemoOrg, chains: dict[str, list[Rule]]) -> None:
    """Handovers around the people's veiledere (open, overdue, declined; accepted where a veileder took
    over from an earlier one), and reminders the veiledere wrote."""
    debt = {org.staff_ids[login] for login in DEBT_COUNSELLORS}
    office_of = {org.municipality_ids[n]: office.code for office in OFFICES for n in office.municipalities}
    colleagues = {code: sorted({r.staff_id for r in rules if r.staff_id} - debt) for code, rules in chains.items()}
    earlier: dict[uuid.UUID, tuple[uuid.UUID, date]] = {
        person_id: (staff_id, ends) for person_id, staff_id, ends in ctx.session.execute(
        select(PersonContact.person_id, PersonContact.staff_id, PersonContact.ends)
        .where(PersonContact.ends.is_not(None), PersonContact.is_primary.is_(True))
        .order_by(PersonContact.ends)) if ends is not None}
    rng, reminders_rng = ctx.rng("worklist.handovers"), ctx.rng("worklist.reminders")
    writer = _Writer(ctx)
    for person_id, staff_id, municipality, created_at in ctx.session.execute(
        select(PersonContact.person_id, PersonContact.staff_id, Person.residence_municipality_id, Person.created_at)
        .join(Person, Person.id == PersonContact.person_id)
        .where(PersonContact.ends.is_(None), PersonContact.is_primary.is_(True))
        .order_by(PersonContact.person_id)
    ):
        writer.story(rng, person_id, created_at.date(), staff_id, colleagues[office_of[municipality]],
                     earlier.get(person_id))
        if reminders_rng.random() < REMINDER_SHARE:
            writer.reminder(reminders_rng, person_id, staff_id)
        if writer.pending >= CHUNK:
            writer.flush()
    writer.flush()


_HANDOVER_NOTE = ("Bruker flytter nærmere ditt kontorsted og trenger oppfølging på arbeidsrettet side. "
                  "Aktivitetsplanen er oppdatert; neste møte er ikke avtalt.")


class _Writer:
    """Collects contacts, owner teams, ownership events, handovers and reminders; writes them in bulk."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.contacts: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.handovers: list[dict[str, Any]] = []
        self.reminders: list[dict[str, Any]] = []
        self.teams: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)

    @property
    def pending(self) -> int:
        return len(self.contacts) + len(self.handovers) + len(self.reminders)

    def own(self, resident: _Resident, team_id: uuid.UUID | None, staff_id: uuid.UUID | None, since: date,
            note: str) -> None:
        if team_id is not None:
            self.teams[team_id].append(resident.id)
        moment = datetime.combine(since, time(12))
        if staff_id is not None:
            self.contacts.append({"id": self.ctx.ids("person_contact").at(moment), "person_id": resident.id,
                                  "staff_id": staff_id, "is_primary": True, "starts": since, "ends": None,
                                  "agreed_with_person": True, "changed_by_id": None})
        self.events.append({"id": self.ctx.ids("ownership_event").at(moment), "person_id": resident.id,
                            "at": moment, "by_id": None, "team_id": team_id,
                            "contact_ids": str(staff_id) if staff_id else "", "note": note})

    def story(self, rng: random.Random, person_id: uuid.UUID, registered: date, staff_id: uuid.UUID,
              colleagues: Sequence[uuid.UUID], earlier: tuple[uuid.UUID, date] | None) -> None:
        today = self.ctx.today
        if earlier is not None and earlier[0] != staff_id and rng.random() < 0.5:
            # The earlier veileder proposed the handover a few days before the contact changed.
            answered = datetime.combine(earlier[1], time(11))
            self._handover(person_id, earlier[0], staff_id, answered - timedelta(days=rng.randint(1, 4)), answered,
                           True, "")
        others = [c for c in colleagues if c != staff_id]
        draw = rng.random()
        if not others or draw >= OPEN_HANDOVER + DECLINED_HANDOVER:
            return
        colleague = rng.choice(others)
        if draw < OPEN_HANDOVER:
            proposed = datetime.combine(today - timedelta(days=rng.randint(0, 9)), time(rng.randint(8, 15)))
            self._handover(person_id, staff_id, colleague, proposed, None, None, "")
        elif (today - registered).days > 30:
            day = today - timedelta(days=rng.randint(5, min(200, (today - registered).days - 5)))
            self._handover(person_id, staff_id, colleague, datetime.combine(day, time(9)),
                           datetime.combine(day, time(14)), False,
                           "Har for mange brukere med tett oppfølging nå. Ta det opp igjen etter ferien.")

    def _handover(self, person_id: uuid.UUID, sender: uuid.UUID, receiver: uuid.UUID, proposed: datetime,
                  answered: datetime | None, accepted: bool | None, reason: str) -> None:
        self.handovers.append({
            "id": self.ctx.ids("handover").at(proposed), "version": 1, "person_id": person_id,
            "sender_id": sender, "receiver_id": receiver, "note": _HANDOVER_NOTE, "agreed_with_person": True,
            "proposed_at": proposed, "answer_due": add_working_days(proposed.date(), 3), "answered_at": answered,
            "accepted": accepted, "decline_reason": reason, "withdrawn_at": None,
        })

    def reminder(self, rng: random.Random, person_id: uuid.UUID, staff_id: uuid.UUID) -> None:
        created = datetime.combine(self.ctx.today - timedelta(days=rng.randint(1, 40)), time(9))
        deadline = self.ctx.today + timedelta(days=rng.randint(-10, 20)) if rng.random() < 0.8 else None
        self.reminders.append({
            "id": self.ctx.ids("reminder").at(created), "version": 1, "person_id": person_id, "staff_id": staff_id,
            "text": rng.choice(("Sjekk om legeerklæringen er kommet.", "Ring bruker om jobbintervjuet.",
                                "Følg opp søknad om bostøtte.", "Avtal nytt møte etter ferien.",
                                "Purre på kontoutskrift til søknaden.")),
            "deadline": deadline, "created_at": created,
            "done_at": created + timedelta(days=2) if rng.random() < 0.2 else None,
        })

    def flush(self) -> None:
        ctx = self.ctx
        ctx.insert_rows(PersonContact, self.contacts)
        ctx.insert_rows(OwnershipEvent, self.events)
        ctx.insert_rows(Handover, self.handovers)
        ctx.insert_rows(Reminder, self.reminders)
        for team_id, people in self.teams.items():
            for start in range(0, len(people), 500):
                ctx.session.execute(update(Person).where(Person.id.in_(people[start:start + 500]))
                                    .values(owner_team_id=team_id).execution_options(synchronize_session=False))
        for rows in (self.contacts, self.events, self.handovers, self.reminders):
            rows.clear()
        self.teams.clear()
