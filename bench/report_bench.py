"""Leader reports on the 100k demo: the monthly report for the office with the most people (budget 3 s,
DESIGN §6), and the state, walk-ins and caseload reports for the same office (no budget: for comparison).

Each run is the whole order as the Reports area makes it: checks, the access-log entry, the figures and
the PDF, made by a leader of that office for the last complete month.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from bench.stats import Measurement, summarise, timed_ms

MONTH_BUDGET_S = 3.0


def _biggest_office(db):  # type: ignore[no-untyped-def]
    """The code of the office serving the most people, its number of people, and one of its leaders."""
    from navdesk.domain.codes import Role
    from navdesk.services.actor import Actor, parse_roles
    from navdesk.store.models import Office, Person, Staff
    from navdesk.store.models.org import office_municipality
    from navdesk.store.models.staff import staff_office

    with db.session() as session:
        office_id, code, people = session.execute(
            select(Office.id, Office.code, func.count(Person.id))
            .join(office_municipality, office_municipality.c.office_id == Office.id)
            .join(Person, Person.residence_municipality_id == office_municipality.c.municipality_id)
            .group_by(Office.id, Office.code).order_by(func.count(Person.id).desc()).limit(1)).one()
        leaders = [staff for staff in session.scalars(
            select(Staff).join(staff_office, staff_office.c.staff_id == Staff.id)
            .where(staff_office.c.office_id == office_id, Staff.active.is_(True)).order_by(Staff.login))
            if Role.LEADER in parse_roles(staff.roles)]
        leader = leaders[0]
        actor = Actor(leader.id, leader.login, leader.name, parse_roles(leader.roles), leader.employer_municipality_id)
    return code, people, actor


def measure(db, runs: int) -> list[Measurement]:  # type: ignore[no-untyped-def]
    from navdesk.services.reports import make_report

    code, people, actor = _biggest_office(db)
    today = date.today()
    last_month = date(today.year - 1, 12, 1) if today.month == 1 else date(today.year, today.month - 1, 1)
    period = f"{last_month.year:04d}-{last_month.month:02d}"
    note = f"{code}, {people:,} people, made by {actor.login}"
    results = []
    for kind, budget in (("month", MONTH_BUDGET_S), ("state", None), ("walkins", None), ("caseload", None)):
        make_report(db, actor, kind, code, period, "nb")  # warm the caches the first order fills
        seconds = [timed_ms(lambda k=kind: make_report(db, actor, k, code, period, "nb")) / 1000
                   for _ in range(runs)]
        results.append(summarise(f"{kind} report PDF for the biggest office", "s", seconds, budget, note))
    return results
