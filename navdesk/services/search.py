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
from enum import Enum
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, func, select

from navdesk.domain.access import StaffReach
from navdesk.domain.codes import Role
from navdesk.services.access_facts import access_context, visible_person_clause
from navdesk.services.actor import Actor
from navdesk.store import search as store_search
from navdesk.store.engine import Database
from navdesk.store.models import Municipality, Person, PersonContact, Staff, Team
from navdesk.store.models.org import office_municipality

DEFAULT_LIMIT = 200
# Three plans. Few matches (or few the reader may see) are counted exactly; for more, SQLite reads the first
# page off the index, and PostgreSQL walks or counts by rough costs measured on the 100k demo (arbitrary units):
# - EXACT: fetch, judge and sort every match, and count them all. Few matches, or few the reader may see.
# - FIRST_PAGE (SQLite): read the matches off the search index in name order (people's rowids are in name
#   order, migration 0003), judge them in turn and stop after the first page; the total stays open
#   ("the first 200 of many"). Its cost hardly depends on how many match.
# - WALK (PostgreSQL): walk the name index, test each person against the matches, stop after the page.
BROAD_MATCHES = 1000
PASS_COST, MATCH_COST = 0.3, 7.0


class _Plan(Enum):
    EXACT = "exact"
    FIRST_PAGE = "first_page"
    WALK = "walk"


# Per database: how many people live in each municipality. Only for choosing the plan, so it may age
# (it is counted once per program run); what is shown is always judged afresh.
_RESIDENTS: dict[str, dict[uuid.UUID, int]] = {}
_SERVED: dict[str, dict[frozenset[uuid.UUID], frozenset[uuid.UUID]]] = {}  # the municipalities offices serve
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
        plan = _plan(connection, reach, matches, limit)
        if connection.dialect.name == "sqlite":
            # The statement's SQL is the same for any terms: built once per reader and plan, run with these.
            statement = _sqlite_statement(reach, plan, include_archived, limit)
            found = connection.execute(statement, store_search.query_parameters(terms)).all()
        else:
            match = store_search.person_match_clause(connection.dialect.name, terms)
            found = connection.execute(_statement(reach, plan, match, include_archived, limit)).all()
        ids = tuple(row[0] for row in found[:limit])
        # The ids were judged in this very statement: the rows need no second look.
        rows = tuple(_rows(connection, ids[:first_page], None, now.date())) if first_page else ()
    if plan is not _Plan.EXACT:
        return SearchResult(query, ids, len(found), len(found) > limit, total_exact=len(found) <= limit, rows=rows)
    total = found[0][1] if found else 0
    return SearchResult(query, ids, total, total > len(ids), rows=rows)


@lru_cache(maxsize=64)
def _sqlite_statement(reach: StaffReach, plan: _Plan, include_archived: bool, limit: int) -> Select[Any]:
    placeholder = store_search.SearchTerms(words=("?",))  # replaced by `query_parameters` when run
    if plan is _Plan.FIRST_PAGE:
        source, order, match = store_search.name_ordered_matches(placeholder)
        statement = select(_PERSON.id).select_from(source).where(match, _visible_clause(reach))
        if not include_archived:
            statement = statement.where(_PERSON.archived_at.is_(None))
        return statement.order_by(order).limit(limit + 1)
    match = store_search.person_match_clause("sqlite", placeholder, in_name_order=plan is _Plan.WALK)
    return _statement(reach, plan, match, include_archived, limit)


def _statement(reach: StaffReach, plan: _Plan, match: ColumnElement[bool], include_archived: bool,
               limit: int) -> Select[Any]:
    """The ids of the first `limit` matches the reader may find, in name order: with the count of them
    all (EXACT), or one more than `limit` to tell whether there are more (WALK)."""
    columns = (_PERSON.id, func.count().over()) if plan is _Plan.EXACT else (_PERSON.id,)
    statement = (
        select(*columns)
        .where(match, _visible_clause(reach))
        .order_by(_PERSON.last_name, _PERSON.first_name, _PERSON.id)
        .limit(limit if plan is _Plan.EXACT else limit + 1)
    )
    return statement if include_archived else statement.where(_PERSON.archived_at.is_(None))


@lru_cache(maxsize=32)  # the same reach gives the same clause
def _visible_clause(reach: StaffReach) -> ColumnElement[bool]:
    return visible_person_clause(reach, few=True)


def _plan(connection: Connection, reach: StaffReach, matches: int, limit: int) -> _Plan:
    """The cheaper plan by the rough costs above."""
    if matches <= BROAD_MATCHES:
        return _Plan.EXACT
    people, share = _population(connection, reach)
    visible_matches = matches * share
    if visible_matches <= limit:
        return _Plan.EXACT  # a first page would take nearly every match: count them too
    if connection.dialect.name == "sqlite":
        return _Plan.FIRST_PAGE
    walk = PASS_COST * people * (limit + 1) / visible_matches + MATCH_COST * (limit + 1) / share
    return _Plan.WALK if walk < MATCH_COST * matches else _Plan.EXACT


def _population(connection: Connection, reach: StaffReach) -> tuple[int, float]:
    """How many people there are, and the share living where the reach serves (a plan estimate)."""
    key = connection.engine.url.render_as_string(hide_password=True)
    if key not in _RESIDENTS:
        _RESIDENTS[key] = dict(connection.execute(
            select(_PERSON.residence_municipality_id, func.count()).group_by(_PERSON.residence_municipality_id)
        ).all())
        _SERVED.pop(key, None)
    residents = _RESIDENTS[key]
    served = _SERVED.setdefault(key, {})
    offices = reach.state_office_ids
    if offices not in served:
        served[offices] = frozenset(connection.scalars(
            select(office_municipality.c.municipality_id).where(office_municipality.c.office_id.in_(offices))))
    municipalities = set(reach.municipality_ids) | served[offices]
    people = sum(residents.values())
    return people, sum(residents.get(m, 0) for m in municipalities) / people if people else 0.0


def people_rows(db: Database, actor: Actor, ids: Sequence[uuid.UUID], *,
                now: datetime | None = None) -> list[PersonRow]:
    """Display rows for `ids`, in that order; ids the actor may not find (any longer) are left out."""
    if not ids:
        return []
    now = now or datetime.now()
    with db.session() as session:
        visible = visible_person_clause(access_context(session, actor, now=now).reach, few=True)
        return _rows(session.connection(), ids, visible, now.date())


def _rows(connection: Connection, ids: Sequence[uuid.UUID], visible: ColumnElement[bool] | None,
          today: date) -> list[PersonRow]:
    """Display rows for `ids` in that order, filtered by `visible` unless the ids were just judged."""
    if not ids:
        return []
    statement = _ROWS.where(_PERSON.id.in_(list(ids)))
    if visible is not None:
        statement = statement.where(visible)
    by_id = {
        person_id: PersonRow(
            id=person_id,
            first_name=first_name,
            last_name=last_name,
            fnr=fnr,
            birth_date=birth_date,
            age=_age(birth_date, today),
            municipality=municipality,
            protected_address=protected_address,
            interpreter_needed=interpreter_needed,
            language=language,
            not_digital=not digital,
            owner=contact or team or "",
            archived=archived_at is not None,
        )
        for (person_id, first_name, last_name, fnr, birth_date, protected_address, interpreter_needed, language,
             digital, archived_at, municipality, team, contact) in connection.execute(statement)
    }
    return [by_id[person_id] for person_id in ids if person_id in by_id]


# The display columns of a people list, built once: a page of rows is fetched on every keystroke.
_ROWS = (
    select(_PERSON.id, _PERSON.first_name, _PERSON.last_name, _PERSON.fnr, _PERSON.birth_date,
           _PERSON.protected_address, _PERSON.interpreter_needed, _PERSON.language, _PERSON.digital_self_service,
           _PERSON.archived_at, Municipality.name, Team.name, Staff.name)
    .join(Municipality, Municipality.id == _PERSON.residence_municipality_id)
    .outerjoin(Team, Team.id == _PERSON.owner_team_id)
    .outerjoin(PersonContact, and_(PersonContact.person_id == _PERSON.id, PersonContact.ends.is_(None),
                                   PersonContact.is_primary.is_(True)))
    .outerjoin(Staff, Staff.id == PersonContact.staff_id)
)


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
