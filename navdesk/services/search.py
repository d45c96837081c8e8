"""Search as you type: the ids of matching people the user may find, then display rows page by page.

Matching, visibility, ordering and the limit are one SQL statement, so that only ids cross over and
the list model fetches rows for what is on screen. Visibility is the policy's SQL twin
(`access_facts.visible_person_clause`), never a filter in Python. Searches are not logged as reads:
a result row shows no more than a name on a list; opening the card is the read that is logged.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import ColumnElement, Connection, and_, func, select

from navdesk.domain.access import StaffReach
from navdesk.domain.codes import Role
from navdesk.services.access_facts import access_context, visible_person_clause
from navdesk.services.actor import Actor
from navdesk.store import search as store_search
from navdesk.store.engine import Database
from navdesk.store.models import Municipality, Person, PersonContact, Staff, Team
from navdesk.store.models.org import office_municipality

DEFAULT_LIMIT = 200
# With many matches (before access is considered), walking people in name order and stopping after the
# first page can beat fetching, judging and sorting every match; the total then stays open. The plan is
# chosen by rough costs measured on the 100,000-person demo: passing one person in the name index, and
# fetching, judging and sorting one match (the walk also judges the matches it passes).
BROAD_MATCHES = 1000
PASS_COST, MATCH_COST = 0.3, 7.0
# Per database: how many people live in each municipality. Only for choosing the plan, so it may age
# (it is counted once per program run); what is shown is always judged afresh.
_RESIDENTS: dict[str, dict[uuid.UUID, int]] = {}
_PERSON = Person.__table__.c


@dataclass(frozen=True)
class PersonRow:
    """One line of a people list. Never the address."""

    id: uuid.UUID
    first_name: str
    last_name: str
    fnr: str
    birth_date: date
    age: int
    municipality: str
    protected_address: bool
    interpreter_needed: bool
    language: str
    not_digital: bool
    owner: str  # the primary contact veileder, else the owning team, else ""
    archived: bool

    @property
    def name(self) -> str:
        return f"{self.last_name}, {self.first_name}"


@dataclass(frozen=True)
class SearchResult:
    query: str
    ids: tuple[uuid.UUID, ...]
    total: int  # people the user may find; when not `total_exact`, at least this many
    truncated: bool  # more people match than `ids` holds
    total_exact: bool = True
    too_short: bool = False  # nothing searched yet: type more
    rows: tuple[PersonRow, ...] = ()  # display rows of the first ids, when asked for


def search_people(db: Database, actor: Actor, query: str, *, limit: int = DEFAULT_LIMIT,
                  include_archived: bool = False, first_page: int = 0, now: datetime | None = None) -> SearchResult:
    """Matching people the actor may find, ordered by last name and first name; at most `limit` ids.

    `first_page`: also return the display rows of that many first ids (one session, one access check).
    """
    terms = store_search.parse(query)
    if terms.empty or not actor.has(Role.VEILEDER, Role.LEADER):
        return SearchResult(query, (), 0, False, too_short=terms.empty)
    now = now or datetime.now()
    with db.session() as session:
        # Core execution throughout: these are plain column queries, and the ORM's layer costs a frame.
        connection = session.connection()
        matches = store_search.match_count(connection, terms)
        if not matches:
            return SearchResult(query, (), 0, False)
        reach = access_context(session, actor, now=now).reach
        visible = _visible_clause(reach)
        broad = _walk_in_name_order(connection, reach, matches, limit)
        match = store_search.person_match_clause(connection.dialect.name, terms, in_name_order=broad)
        columns = (_PERSON.id,) if broad else (_PERSON.id, func.count().over())
        statement = (
            select(*columns)
            .where(match, visible)
            .order_by(_PERSON.last_name, _PERSON.first_name, _PERSON.id)
            .limit(limit + 1 if broad else limit)
        )
        if not include_archived:
            statement = statement.where(_PERSON.archived_at.is_(None))
        found = connection.execute(statement).all()
        ids = tuple(row[0] for row in found[:limit])
        # The ids were judged in this very statement: the rows need no second look.
        rows = tuple(_rows(connection, ids[:first_page], None, now.date())) if first_page else ()
    if broad:
        return SearchResult(query, ids, len(found), len(found) > limit, total_exact=len(found) <= limit, rows=rows)
    total = found[0][1] if found else 0
    return SearchResult(query, ids, total, total > len(ids), rows=rows)


_visible_clause = lru_cache(maxsize=32)(visible_person_clause)  # the same reach gives the same clause


def _walk_in_name_order(connection: Connection, reach: StaffReach, matches: int, limit: int) -> bool:
    """Whether walking the name index until a page of visible matches is found is the cheaper plan."""
    if matches <= BROAD_MATCHES:
        return False
    people, share = _population(connection, reach)
    visible_matches = matches * share
    if visible_matches <= limit:
        return False  # the walk would pass nearly everyone
    passed = people * (limit + 1) / visible_matches
    walk = PASS_COST * passed + MATCH_COST * (limit + 1) / share
    return walk < MATCH_COST * matches


def _population(connection: Connection, reach: StaffReach) -> tuple[int, float]:
    """How many people there are, and the share living where the reach serves (a plan estimate)."""
    key = connection.engine.url.render_as_string(hide_password=True)
    if key not in _RESIDENTS:
        _RESIDENTS[key] = dict(connection.execute(
            select(_PERSON.residence_municipality_id, func.count()).group_by(_PERSON.residence_municipality_id)
        ).all())
    residents = _RESIDENTS[key]
    served = set(reach.municipality_ids) | set(connection.scalars(
        select(office_municipality.c.municipality_id).where(office_municipality.c.office_id.in_(
            reach.state_office_ids))))
    people = sum(residents.values())
    return people, sum(residents.get(m, 0) for m in served) / people if people else 0.0


def people_rows(db: Database, actor: Actor, ids: Sequence[uuid.UUID], *,
                now: datetime | None = None) -> list[PersonRow]:
    """Display rows for `ids`, in that order; ids the actor may not find (any longer) are left out."""
    if not ids:
        return []
    now = now or datetime.now()
    with db.session() as session:
        visible = visible_person_clause(access_context(session, actor, now=now).reach)
        return _rows(session.connection(), ids, visible, now.date())


def _rows(connection: Connection, ids: Sequence[uuid.UUID], visible: ColumnElement[bool] | None,
          today: date) -> list[PersonRow]:
    """Display rows for `ids` in that order, filtered by `visible` unless the ids were just judged."""
    if not ids:
        return []
    statement = (
        select(_PERSON.id, _PERSON.first_name, _PERSON.last_name, _PERSON.fnr, _PERSON.birth_date,
               _PERSON.protected_address, _PERSON.interpreter_needed, _PERSON.language,
               _PERSON.digital_self_service, _PERSON.archived_at, Municipality.name.label("municipality"),
               Team.name.label("team"), Staff.name.label("contact"))
        .join(Municipality, Municipality.id == _PERSON.residence_municipality_id)
        .outerjoin(Team, Team.id == _PERSON.owner_team_id)
        .outerjoin(PersonContact, and_(PersonContact.person_id == _PERSON.id, PersonContact.ends.is_(None),
                                       PersonContact.is_primary.is_(True)))
        .outerjoin(Staff, Staff.id == PersonContact.staff_id)
        .where(_PERSON.id.in_(list(ids)))
    )
    if visible is not None:
        statement = statement.where(visible)
    rows = connection.execute(statement).all()
    by_id = {
        row.id: PersonRow(
            id=row.id,
            first_name=row.first_name,
            last_name=row.last_name,
            fnr=row.fnr,
            birth_date=row.birth_date,
            age=_age(row.birth_date, today),
            municipality=row.municipality,
            protected_address=row.protected_address,
            interpreter_needed=row.interpreter_needed,
            language=row.language,
            not_digital=not row.digital_self_service,
            owner=row.contact or row.team or "",
            archived=row.archived_at is not None,
        )
        for row in rows
    }
    return [by_id[person_id] for person_id in ids if person_id in by_id]


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
