"""The "who has looked at my data" printout for a person: gathered here, laid out in `navdesk.reports`.

Only staff who serve the person in their own right may print it, and printing it is itself logged —
before the entries are read, so that the printout lists its own printing too.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from navdesk import i18n
from navdesk.domain.access_types import Action, ItemFacts
from navdesk.i18n import _
from navdesk.reports import access_log_report
from navdesk.services import access_log, audit
from navdesk.services.access_facts import access_context
from navdesk.services.actor import Actor
from navdesk.services.person_guard import Refused, action_session, reachable_person, require
from navdesk.store.engine import Database
from navdesk.store.models import Office, Person
from navdesk.store.models.org import office_municipality
from navdesk.store.models.staff import staff_office


def access_log_pdf(db: Database, actor: Actor, person_id: uuid.UUID, *, language: str | None = None,
                   now: datetime | None = None) -> bytes:
    """The person's access log as a PDF, in `language` (nb, nn, en; default: the current language)."""
    now = now or datetime.now()
    with i18n.in_language(language), action_session(db) as session:
        ctx = access_context(session, actor, now=now)
        facts = reachable_person(session, ctx, person_id, action=audit.LogAction.PRINT,
                                 what=access_log.WHAT_ACCESS_LOG, at=now)
        decision = require(session, ctx, facts, ItemFacts.person(), Action.PRINT, log_action=audit.LogAction.PRINT,
                           what=access_log.WHAT_ACCESS_LOG, at=now)
        if not decision.reason.by_authorisation:
            audit.log(session, actor, person_id=person_id, action=audit.LogAction.PRINT,
                      what=access_log.WHAT_ACCESS_LOG, allowed=False, reason=decision.reason.value, at=now)
            raise Refused(_("Only staff who serve the person in their own right can print the access log."))
        audit.log(session, actor, person_id=person_id, action=audit.LogAction.PRINT,
                  what=access_log.WHAT_ACCESS_LOG, allowed=True, reason=decision.reason.value, at=now)
        person = session.get_one(Person, person_id)
        discreet = not (ctx.staff.named_closed_area_ids & facts.closed_area_ids)
        items, _total = access_log.person_entries(session, person_id, discreet=discreet)
        report = access_log_report.AccessLogReport(
            office=_office_name(session, actor, person.residence_municipality_id),
            person_name=f"{person.first_name} {person.last_name}",
            fnr=person.fnr,
            printed_at=now,
            entries=tuple(access_log_report.AccessEntry(item.at, item.who, item.action, item.what, item.allowed,
                                                        item.reason, item.why) for item in items),
        )
        return access_log_report.render(report)


def _office_name(session: Session, actor: Actor, municipality_id: uuid.UUID) -> str:
    """The office that serves the person, preferring one the printing staff member works at."""
    serving = session.execute(
        select(Office.id, Office.name)
        .join(office_municipality, office_municipality.c.office_id == Office.id)
        .where(office_municipality.c.municipality_id == municipality_id)
        .order_by(Office.name)
    ).all()
    mine = set(session.scalars(select(staff_office.c.office_id).where(staff_office.c.staff_id == actor.staff_id)))
    for office_id, name in serving:
        if office_id in mine:
            return name
    return serving[0][1] if serving else "NAV"
