"""SQL for "may the staff member read this item?" on tables whose rows carry a side.

The twin of `access.decide(..., Action.READ)` for items (cases, contacts, appointments, plan items), as
`access_facts.visible_person_clause` is the twin of `may_find` for people. Worklist filters and counts
use it so that a person is counted under "over the processing deadline" only when the reader could
open that very case; the tests compare the two on every item of the demo region.

The clause assumes the row's person already passes `visible_person_clause` (which carries the rules
that hold whatever the item: conflict of interest and the veileder or leader role). Then, as in the
policy: own authorisation for the side (state at an office serving the person; the responsible
municipality and service, directly or through a host agreement; named on the closed area); for state
and municipal items also emergency access and a consent in force whose parties and scope cover it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Select,
    Table,
    and_,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    true,
    tuple_,
)
from sqlalchemy.sql.elements import BindParameter, SQLCoreOperations

from navdesk.domain import access
from navdesk.domain.access_types import ALL_SERVICES, DataKind
from navdesk.domain.codes import Side
from navdesk.store.models import Consent
from navdesk.store.models.confidentiality import consent_municipality, consent_staff
from navdesk.store.models.org import office_municipality

Expr = SQLCoreOperations[Any]  # a column or an ORM attribute


@dataclass(frozen=True)
class ItemColumns:
    """Where a table keeps what the policy judges. `municipality` may be NULL for municipal rows that
    name none: the person's residence municipality stands in, as on the card."""

    person_id: Expr
    residence_municipality_id: Expr
    side: Expr
    municipality_id: Expr | None = None
    service_code: Expr | None = None
    closed_area_id: Expr | None = None


def state_municipalities(reach: access.StaffReach) -> Select[Any]:
    return select(office_municipality.c.municipality_id).where(
        office_municipality.c.office_id.in_(reach.state_office_ids))


def readable_clause(reach: access.StaffReach, item: ItemColumns, kind: DataKind, *,
                    consenting: FromClause | None = None) -> ColumnElement[bool]:
    """True for the rows of `item` that the staff member may READ (given the person may be found).

    `consenting` (a CTE of `consenting_people`) holds the consents in force that name the staff member,
    worked out once per statement; without it each row looks the person's consents up itself.
    """
    if not reach.works_with_people:
        return false()
    service = item.service_code if item.service_code is not None else literal(ALL_SERVICES)
    sides = [
        and_(item.side == Side.STATE.value,
             or_(_state_own(reach, item), _borrowed(reach, item, Side.STATE, service, kind, consenting))),
        and_(item.side == Side.MUNICIPAL.value,
             or_(_municipal_own(reach, item, service),
                 _borrowed(reach, item, Side.MUNICIPAL, service, kind, consenting))),
    ]
    if reach.closed_area_ids and item.closed_area_id is not None:
        sides.append(and_(item.side == Side.CLOSED.value, item.closed_area_id.in_(reach.closed_area_ids)))
    return or_(*sides)


def side_readable_clause(reach: access.StaffReach, person_id: Expr, residence: Expr, side: Side, kind: DataKind,
                         service_code: str = ALL_SERVICES, *, consenting: FromClause | None = None
                         ) -> ColumnElement[bool]:
    """The same for a fact with a fixed side that lives on the person row (e.g. the innsatsgruppe)."""
    item = ItemColumns(person_id, residence, literal(side.value), service_code=literal(service_code))
    return readable_clause(reach, item, kind, consenting=consenting)


def _state_own(reach: access.StaffReach, item: ItemColumns) -> ColumnElement[bool]:
    if not reach.state_office_ids:
        return false()
    return item.residence_municipality_id.in_(state_municipalities(reach))


def _municipal_own(reach: access.StaffReach, item: ItemColumns, service: Expr) -> ColumnElement[bool]:
    municipality = _municipality(item)
    every_service = [m for m, code in reach.municipal_services if code == ALL_SERVICES]
    pairs = [(m, code) for m, code in reach.municipal_services if code != ALL_SERVICES]
    terms: list[ColumnElement[bool]] = []
    if every_service:
        terms.append(municipality.in_(every_service))
    if pairs:
        terms.append(tuple_(municipality, service).in_(pairs))
    return or_(*terms) if terms else false()


def _municipality(item: ItemColumns) -> Expr:
    if item.municipality_id is None:
        return item.residence_municipality_id
    return func.coalesce(item.municipality_id, item.residence_municipality_id)


def _listed(column: Expr, value: Expr | str) -> ColumnElement[bool]:
    """Whether a comma-separated column holds `value` as one of its entries."""
    if isinstance(value, str):
        return or_(column == value, column.like(f"{value},%"), column.like(f"%,{value}"),
                   column.like(f"%,{value},%"))
    return (literal(",") + column + literal(",")).contains(literal(",") + value + literal(","))


def _borrowed(reach: access.StaffReach, item: ItemColumns, side: Side, service: Expr, kind: DataKind,
              consenting: FromClause | None) -> ColumnElement[bool]:
    """Emergency access or a consent in force covering the item (both open reading)."""
    terms: list[ColumnElement[bool]] = []
    if reach.emergency_person_ids:
        terms.append(item.person_id.in_(reach.emergency_person_ids))
    consent: Any = _CONSENT if consenting is None else consenting.c
    in_scope = [
        or_(consent.kinds == "", _listed(consent.kinds, kind.value)),
        _listed(consent.sides, side.value),
        or_(consent.service_codes == "", _listed(consent.service_codes, service)),
    ]
    if consenting is None:
        terms.append(exists().where(consent.person_id == item.person_id,
                                    consent_in_force(reach, item.residence_municipality_id), *in_scope))
    elif isinstance(service, BindParameter):
        # The scope does not depend on the row (a fact on the person row, e.g. the innsatsgruppe): one set of
        # people made once per statement. Correlated, SQLite may scan all the consents once per person.
        terms.append(item.person_id.in_(select(consent.person_id).where(*in_scope)))
    else:
        terms.append(exists().where(consent.person_id == item.person_id, *in_scope))
    return or_(*terms)


def consent_in_force(reach: access.StaffReach, residence: Expr) -> ColumnElement[bool]:
    """On the `consent` table: in force today and naming the staff member among its parties."""
    consent = _CONSENT
    on = reach.on
    parties: list[ColumnElement[bool]] = [
        exists().where(consent_staff.c.consent_id == consent.id, consent_staff.c.staff_id == reach.staff_id)
    ]
    if reach.state_office_ids:
        parties.append(and_(consent.to_state.is_(true()), residence.in_(state_municipalities(reach))))
    if reach.municipality_ids:
        parties.append(exists().where(consent_municipality.c.consent_id == consent.id,
                                      consent_municipality.c.municipality_id.in_(reach.municipality_ids)))
    return and_(
        consent.given_on <= on,
        or_(consent.withdrawn_on.is_(None), consent.withdrawn_on > on),
        or_(consent.valid_until.is_(None), consent.valid_until >= on),
        or_(*parties),
    )


def consenting_people(reach: access.StaffReach, people: Any) -> Select[Any]:
    """The consents in force naming the staff member, of `people` (a selectable with `id` and
    `residence_municipality_id`): person and scope, for `readable_clause(consenting=...)`."""
    consent = _CONSENT
    return (select(consent.person_id, consent.sides, consent.kinds, consent.service_codes)
            .join(people, people.c.id == consent.person_id)
            .where(consent_in_force(reach, people.c.residence_municipality_id)))


# Core columns: building these clauses runs for every list and count, and the ORM layer would double its cost.
_CONSENT = cast(Table, Consent.__table__).c
