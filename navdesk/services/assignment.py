"""Assignment rules per office (for leaders), and routing a new person by them.

The rule editor gets the chain with its analysis (days 1–31 no rule covers, rules that can never
match) after every change. `route_new_person` runs in the session that registers the person: the
first matching rule makes its team the owner and its veileder the contact — if the policy lets that
veileder have the person; otherwise the team alone holds them (and they show as ufordelt).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from navdesk.domain import access
from navdesk.domain.access_types import Action, ItemFacts
from navdesk.domain.assignment import (
    MAX_AGE,
    Candidate,
    ChainAnalysis,
    Criteria,
    Rule,
    analyse,
    fold_employer,
    format_days,
    parse_days,
    route,
)
from navdesk.domain.errors import Conflict, Errors, NotAllowed, NotFound
from navdesk.i18n import _
from navdesk.services import audit
from navdesk.services.access_facts import access_context, agreement_facts, person_facts, staff_facts
from navdesk.services.actor import Actor
from navdesk.services.person_guard import action_session, reachable_person, require
from navdesk.store.engine import Database
from navdesk.store.models import (
    AssignmentRule,
    Office,
    OwnershipEvent,
    Person,
    PersonContact,
    ServiceCase,
    Staff,
    Team,
)
from navdesk.store.models.org import office_municipality, team_office
from navdesk.store.models.staff import staff_office
from navdesk.store.models.worklist import assignment_rule_municipality

NAME_MAX = 100
SICK_LEAVE = "sykefravaer"


@dataclass(frozen=True)
class RuleDraft:
    name: str
    team_id: uuid.UUID | None
    staff_id: uuid.UUID | None
    min_age: int | None = None
    max_age: int | None = None
    service_codes: frozenset[str] = frozenset()
    municipality_ids: frozenset[uuid.UUID] = frozenset()
    birth_days: str = ""  # "1-10, 21-31"; empty: every day
    employers: tuple[str, ...] = ()
    active: bool = True


@dataclass(frozen=True)
class RuleRow:
    id: uuid.UUID
    version: int
    position: int
    draft: RuleDraft
    team: str
    staff: str
    never_matches: bool
    shadowed_by: tuple[str, ...]  # names of the earlier rules that take its people
    contradictory: bool


@dataclass(frozen=True)
class Chain:
    office_id: uuid.UUID
    office: str
    rules: tuple[RuleRow, ...]
    uncovered_days: tuple[int, ...]
    uncovered_text: str  # "11-15, 31", for the editor's warning line
    day_rules: tuple[tuple[int, tuple[uuid.UUID, ...]], ...]


@dataclass(frozen=True)
class Routed:
    person_id: uuid.UUID
    rule_id: uuid.UUID
    rule_name: str
    team_id: uuid.UUID | None
    staff_id: uuid.UUID | None  # None when the rule names none, or the policy refused the veileder


def _require_manager(actor: Actor) -> None:
    if not actor.can_manage_organisation:
        raise NotAllowed(_("Only a leader or an administrator can change the assignment rules."))


def _split(text: str) -> frozenset[str]:
    return frozenset(part for part in text.split(",") if part)


def _criteria(row: AssignmentRule, municipalities: Iterable[uuid.UUID]) -> Criteria:
    return Criteria(
        min_age=row.min_age, max_age=row.max_age, service_codes=_split(row.service_codes),
        municipality_ids=frozenset(municipalities), birth_days=parse_days(row.birth_days),
        employers=frozenset(fold_employer(e) for e in row.employers.splitlines() if e.strip()),
    )


def _rules(session: Session, office_id: uuid.UUID) -> list[tuple[AssignmentRule, Rule]]:
    rows = session.scalars(select(AssignmentRule).where(AssignmentRule.office_id == office_id)
                           .order_by(AssignmentRule.position, AssignmentRule.id)).all()
    links: dict[uuid.UUID, set[uuid.UUID]] = {row.id: set() for row in rows}
    for rule_id, municipality_id in session.execute(
        select(assignment_rule_municipality.c.rule_id, assignment_rule_municipality.c.municipality_id)
        .where(assignment_rule_municipality.c.rule_id.in_(list(links)))
    ):
        links[rule_id].add(municipality_id)
    return [(row, Rule(row.id, row.name, _criteria(row, links[row.id]), row.team_id, row.staff_id, row.active))
            for row in rows]


def _office_municipalities(session: Session, office_id: uuid.UUID) -> list[uuid.UUID]:
    return list(session.scalars(select(office_municipality.c.municipality_id)
                                .where(office_municipality.c.office_id == office_id)))


def _chain(session: Session, office_id: uuid.UUID) -> Chain:
    office = session.get(Office, office_id)
    if office is None:
        raise NotFound(_("The office no longer exists."))
    pairs = _rules(session, office_id)
    analysis: ChainAnalysis = analyse([rule for _row, rule in pairs], _office_municipalities(session, office_id))
    never = {n.rule_id: n for n in analysis.never_matching}
    names = {rule.rule_id: rule.name for _row, rule in pairs}
    teams = dict(session.execute(select(Team.id, Team.name)).all())
    staff = dict(session.execute(select(Staff.id, Staff.name)).all())
    rows = []
    for row, rule in pairs:
        found = never.get(row.id)
        rows.append(RuleRow(
            id=row.id, version=row.version, position=row.position,
            draft=RuleDraft(
                name=row.name, team_id=row.team_id, staff_id=row.staff_id, min_age=row.min_age,
                max_age=row.max_age, service_codes=rule.criteria.service_codes,
                municipality_ids=rule.criteria.municipality_ids, birth_days=row.birth_days,
                employers=tuple(e.strip() for e in row.employers.splitlines() if e.strip()), active=row.active,
            ),
            team=teams.get(row.team_id, "") if row.team_id else "",
            staff=staff.get(row.staff_id, "") if row.staff_id else "",
            never_matches=found is not None,
            shadowed_by=tuple(names[i] for i in found.shadowed_by) if found else (),
            contradictory=bool(found and found.contradictory),
        ))
    return Chain(office_id, office.name, tuple(rows), analysis.uncovered_days, format_days(analysis.uncovered_days),
                 analysis.day_rules)


def chain(db: Database, actor: Actor, office_id: uuid.UUID) -> Chain:
    """The office's rules in order, with what they miss and waste."""
    _require_manager(actor)
    with db.session() as session:
        return _chain(session, office_id)


def _validated(session: Session, office_id: uuid.UUID, draft: RuleDraft) -> Errors:
    errors = Errors()
    name = draft.name.strip()
    if not name:
        errors.add("name", _("This field is required."))
    elif len(name) > NAME_MAX:
        errors.add("name", _("At most {count} characters.").format(count=NAME_MAX))
    for field_name, value in (("min_age", draft.min_age), ("max_age", draft.max_age)):
        if value is not None and not 0 <= value <= MAX_AGE:
            errors.add(field_name, _("Give an age from 0 to {most}.").format(most=MAX_AGE))
    if draft.min_age is not None and draft.max_age is not None and draft.min_age > draft.max_age:
        errors.add("max_age", _("The highest age must not be below the lowest."))
    try:
        parse_days(draft.birth_days)
    except ValueError as problem:
        errors.add("birth_days", str(problem))
    served = set(_office_municipalities(session, office_id))
    if draft.municipality_ids - served:
        errors.add("municipality_ids", _("Choose among the municipalities the office serves."))
    if draft.team_id is None and draft.staff_id is None:
        errors.add("team_id", _("Choose the team or the veileder the rule routes to."))
    if draft.team_id is not None and session.scalar(select(team_office.c.team_id).where(
            team_office.c.team_id == draft.team_id, team_office.c.office_id == office_id)) is None:
        errors.add("team_id", _("Choose a team that works at this office."))
    if draft.staff_id is not None and session.scalar(select(staff_office.c.staff_id).join(
            Staff, Staff.id == staff_office.c.staff_id).where(
            staff_office.c.staff_id == draft.staff_id, staff_office.c.office_id == office_id,
            Staff.active.is_(True))) is None:
        errors.add("staff_id", _("Choose a veileder who works at this office."))
    if any(len(e.strip()) > 150 for e in draft.employers):
        errors.add("employers", _("At most {count} characters.").format(count=150))
    return errors


def _apply(session: Session, row: AssignmentRule, draft: RuleDraft) -> None:
    row.name = draft.name.strip()
    row.active = draft.active
    row.min_age, row.max_age = draft.min_age, draft.max_age
    row.service_codes = ",".join(sorted(draft.service_codes))
    row.birth_days = format_days(parse_days(draft.birth_days))
    row.employers = "\n".join(e.strip() for e in draft.employers if e.strip())
    row.team_id, row.staff_id = draft.team_id, draft.staff_id
    session.flush()
    session.execute(delete(assignment_rule_municipality).where(assignment_rule_municipality.c.rule_id == row.id))
    if draft.municipality_ids:
        session.execute(insert(assignment_rule_municipality),
                        [{"rule_id": row.id, "municipality_id": m} for m in sorted(draft.municipality_ids)])


def create_rule(db: Database, actor: Actor, office_id: uuid.UUID, draft: RuleDraft) -> Chain:
    """Add a rule at the end of the office's chain."""
    _require_manager(actor)
    with db.session() as session:
        if session.get(Office, office_id) is None:
            raise NotFound(_("The office no longer exists."))
        _validated(session, office_id, draft).raise_if_any()
        last = session.scalar(select(func.max(AssignmentRule.position)).where(AssignmentRule.office_id == office_id))
        row = AssignmentRule(office_id=office_id, position=(last or 0) + 1, name="")
        session.add(row)
        _apply(session, row, draft)
        return _chain(session, office_id)


def _load(session: Session, rule_id: uuid.UUID, version: int | None = None) -> AssignmentRule:
    row = session.get(AssignmentRule, rule_id)
    if row is None:
        raise NotFound(_("The rule no longer exists."))
    if version is not None and row.version != version:
        raise Conflict(_("Someone else changed this rule after you opened it. Open it again."))
    return row


def update_rule(db: Database, actor: Actor, rule_id: uuid.UUID, version: int, draft: RuleDraft) -> Chain:
    _require_manager(actor)
    with db.session() as session:
        row = _load(session, rule_id, version)
        _validated(session, row.office_id, draft).raise_if_any()
        _apply(session, row, draft)
        return _chain(session, row.office_id)


def delete_rule(db: Database, actor: Actor, rule_id: uuid.UUID) -> Chain:
    _require_manager(actor)
    with db.session() as session:
        row = _load(session, rule_id)
        office_id = row.office_id
        session.delete(row)
        session.flush()
        _renumber(session, office_id, [r.id for r, _rule in _rules(session, office_id)])
        return _chain(session, office_id)


def move_rule(db: Database, actor: Actor, rule_id: uuid.UUID, position: int) -> Chain:
    """Move a rule to `position` (1 = first); the others keep their order."""
    _require_manager(actor)
    with db.session() as session:
        row = _load(session, rule_id)
        order = [r.id for r, _rule in _rules(session, row.office_id) if r.id != rule_id]
        order.insert(max(0, min(position - 1, len(order))), rule_id)
        _renumber(session, row.office_id, order)
        return _chain(session, row.office_id)


def _renumber(session: Session, office_id: uuid.UUID, order: Sequence[uuid.UUID]) -> None:
    rows = {row.id: row for row in session.scalars(select(AssignmentRule).where(AssignmentRule.office_id == office_id))}
    for index, rule_id in enumerate(order, start=1):
        if rows[rule_id].position != index:
            rows[rule_id].position = index
    session.flush()


# --- routing ---------------------------------------------------------------------------------------------


def candidate(session: Session, person_id: uuid.UUID) -> Candidate:
    """The person as the chain sees them: age, residence, services, employer (from a sick leave)."""
    person = session.get_one(Person, person_id)
    services: set[str] = set()
    employer = ""
    for code, details in session.execute(
        select(ServiceCase.service_code, ServiceCase.details).where(ServiceCase.person_id == person_id)
    ):
        services.add(code)
        if code == SICK_LEAVE and not employer:
            employer = str(_json(details).get("employer", ""))
    return Candidate(person.birth_date, person.residence_municipality_id, frozenset(services), employer)


def _json(text: str) -> dict[str, object]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def office_for(session: Session, municipality_id: uuid.UUID) -> uuid.UUID | None:
    return session.scalar(select(Office.id).join(office_municipality, office_municipality.c.office_id == Office.id)
                          .where(office_municipality.c.municipality_id == municipality_id)
                          .order_by(Office.code).limit(1))


def route_new_person(session: Session, person_id: uuid.UUID, *, by_id: uuid.UUID | None,
                     now: datetime | None = None) -> Routed | None:
    """Give a person without an owner the team and veileder of the first matching rule.

    Meant for the session that registers the person (or a later "route by the rules"). A person who
    already has an owning team or a contact is left alone. None when no rule matches.
    """
    now = now or datetime.now()
    person = session.get_one(Person, person_id)
    has_contact = session.scalar(select(PersonContact.id).where(PersonContact.person_id == person_id,
                                                                PersonContact.ends.is_(None)).limit(1))
    if person.owner_team_id is not None or has_contact is not None:
        return None
    office_id = office_for(session, person.residence_municipality_id)
    if office_id is None:
        return None
    rules = [rule for _row, rule in _rules(session, office_id)]
    chosen = route(rules, candidate(session, person_id), now.date())
    if chosen is None:
        return None
    staff_id = chosen.staff_id if chosen.staff_id and _may_have(session, chosen.staff_id, person_id, now) else None
    if chosen.team_id is None and staff_id is None:
        return None
    person.owner_team_id = chosen.team_id
    if staff_id is not None:
        session.add(PersonContact(person_id=person_id, staff_id=staff_id, is_primary=True, starts=now.date(),
                                  agreed_with_person=False, changed_by_id=by_id))
    session.add(OwnershipEvent(
        person_id=person_id, at=now.replace(tzinfo=None), by_id=by_id, team_id=chosen.team_id,
        contact_ids=str(staff_id) if staff_id else "",
        note=_("Routed by the assignment rule \u201c{name}\u201d.").format(name=chosen.name),
    ))
    session.flush()
    return Routed(person_id, chosen.rule_id, chosen.name, chosen.team_id, staff_id)


def _may_have(session: Session, staff_id: uuid.UUID, person_id: uuid.UUID, now: datetime) -> bool:
    staff = session.get(Staff, staff_id)
    if staff is None or not staff.active:
        return False
    facts = person_facts(session, [person_id])[person_id]
    return access.may_be_assigned(staff_facts(session, staff_id, now=now), facts, on=now.date(),
                                  agreements=agreement_facts(session)).allowed


def route_person(db: Database, actor: Actor, person_id: uuid.UUID, *, now: datetime | None = None) -> Routed | None:
    """"Route by the rules" for a person without an owner (e.g. from the ufordelte list)."""
    now = now or datetime.now()
    with action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, person_id, action=audit.LogAction.CHANGE, what="ownership", at=now)
        require(session, ctx, facts, ItemFacts.person(), Action.CHANGE, log_action=audit.LogAction.CHANGE,
                what="ownership", at=now)
        routed = route_new_person(session, person_id, by_id=actor.staff_id, now=now)
        if routed is not None:
            audit.log(session, actor, person_id=person_id, action=audit.LogAction.CHANGE, what="ownership",
                      allowed=True, at=now)
        return routed

