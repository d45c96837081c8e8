"""Guarding a user action on a person's data: judge it, log it, and refuse it without a trace of why.

A refused action is still logged, so the session must commit although the action fails: services do
their work inside `action_session`, where raising `Refused` commits the log entry and then refuses.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from navdesk.domain.access_types import Action, Decision, ItemFacts, PersonFacts
from navdesk.domain.errors import NotAllowed
from navdesk.i18n import _
from navdesk.services import audit
from navdesk.services.access_facts import AccessContext, person_facts
from navdesk.store.engine import Database
from navdesk.store.models import EmergencyAccess


class Refused(NotAllowed):
    """Refused, with the refusal already logged in the action's session (which commits it)."""


def not_found_message() -> str:
    """The one message for a person who cannot be reached: it must not tell a hidden person from none."""
    return _("You cannot open this card: the person is not among those you may see, or there is no such person.")


@contextmanager
def action_session(db: Database) -> Iterator[Session]:
    """A session for one user action; `Refused` raised inside commits what was logged, then propagates."""
    refused: Refused | None = None
    with db.session() as session:
        try:
            yield session
        except Refused as error:
            refused = error
    if refused is not None:
        raise refused


def reachable_person(session: Session, ctx: AccessContext, person_id: uuid.UUID, *, action: str, what: str,
                     at: datetime | None = None) -> PersonFacts:
    """The person's facts, or `Refused` (logged when the person exists) when they may not be found."""
    facts = person_facts(session, [person_id]).get(person_id)
    if facts is None:
        raise Refused(not_found_message())
    identity = ctx.decide(facts, ItemFacts.person(), Action.READ)
    if not identity.allowed:
        audit.log(session, ctx.actor, person_id=person_id, action=action, what=what, allowed=False,
                  reason=identity.reason.value, at=at)
        raise Refused(not_found_message())
    return facts


def require(session: Session, ctx: AccessContext, facts: PersonFacts, item: ItemFacts, action: Action, *,
            log_action: str, what: str, at: datetime | None = None) -> Decision:
    """The decision for `action` on `item`, or `Refused` (logged) with the policy's explanation."""
    decision = ctx.decide(facts, item, action)
    if not decision.allowed:
        audit.log(session, ctx.actor, person_id=facts.person_id, action=log_action, what=what, allowed=False,
                  reason=decision.reason.value, at=at)
        raise Refused(decision.explain())
    return decision


def emergency_reason(session: Session, ctx: AccessContext, person_id: uuid.UUID, now: datetime) -> str:
    """The written reason of the actor's emergency access to the person in force (for the log's `why`)."""
    return session.scalar(
        select(EmergencyAccess.reason).where(
            EmergencyAccess.person_id == person_id,
            EmergencyAccess.staff_id == ctx.actor.staff_id,
            EmergencyAccess.ends_at > now,
        ).order_by(EmergencyAccess.opened_at.desc()).limit(1)
    ) or ""
