"""A person's access log in words: who looked at what, when, and whether it was allowed.

Used by the card's access-log section and the "who has looked at my data" printout. The words are
chosen so that the log itself discloses nothing the reader may not know: that a closed area exists,
or that a staff member is marked as conflicted, never shows in a reason.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from navdesk.domain.access_types import Reason
from navdesk.i18n import N_, _
from navdesk.services.audit import LogAction
from navdesk.store.models import AccessLogEntry, Staff

# What a log entry is about (the `what` column), as the services write it.
WHAT_CARD = "card"
WHAT_NOTE = "note"
WHAT_NOTE_HISTORY = "note history"
WHAT_CONTACT = "contact"
WHAT_CONSENT = "consent"
WHAT_CONFLICT = "conflict"
WHAT_EMERGENCY = "emergency access"
WHAT_ACCESS_LOG = "access log"

_WHAT: dict[str, str] = {
    WHAT_CARD: N_("Person card"),
    WHAT_NOTE: N_("Journal note"),
    WHAT_NOTE_HISTORY: N_("Earlier versions of a journal note"),
    WHAT_CONTACT: N_("Contact log"),
    WHAT_CONSENT: N_("Consent"),
    # Registering a conflict of interest must not show as such to the other readers of the log.
    WHAT_CONFLICT: N_("Person details"),
    WHAT_EMERGENCY: N_("Emergency access"),
    WHAT_ACCESS_LOG: N_("Access log printout"),
    # Caseloads and case handling (the services' WHAT constants: handovers, applications, ...).
    "handover": N_("Handover to another veileder"),
    "application": N_("Application and decision"),
    "appointment": N_("Appointment"),
    "reminder": N_("Reminder"),
    # Plans: the values of navdesk.services.plan_access.WHAT_* (kept there, next to the plan services).
    "plans": N_("Plans"),
    "activity plan": N_("Activity plan"),
    "activity": N_("Activity"),
    "activity history": N_("Earlier versions of an activity"),
    "plan goals": N_("Goals and measures"),
    "individual plan": N_("Individual plan"),
    "ansvarsgruppe": N_("Ansvarsgruppe"),
    "kvp plan": N_("KVP plan"),
}

_ACTIONS: dict[str, str] = {
    LogAction.FIND: N_("Found in a search or list"),
    LogAction.READ: N_("Read"),
    LogAction.CHANGE: N_("Changed"),
    LogAction.PRINT: N_("Printed"),
    LogAction.EXPORT: N_("Exported"),
    LogAction.EMERGENCY: N_("Opened with emergency access"),
}

_REASONS: dict[Reason, str] = {
    Reason.STATE_AUTHORISED: N_("State authorisation"),
    Reason.MUNICIPAL_DIRECT: N_("Municipal authorisation"),
    Reason.MUNICIPAL_HOST_AGREEMENT: N_("Host agreement"),
    Reason.NAMED_ON_CLOSED: N_("Named on a closed area"),
    Reason.CONSENT: N_("Consent"),
    Reason.EMERGENCY: N_("Emergency access"),
    Reason.DENIED_CONFLICT: N_("Not authorised"),
    Reason.DENIED_ADMIN: N_("Administrator: no person data"),
    Reason.DENIED_PROTECTED_ADDRESS: N_("Protected address"),
    Reason.DENIED_CLOSED: N_("Not authorised"),
    Reason.DENIED_NO_AUTHORISATION: N_("Not authorised"),
    Reason.DENIED_OTHER_OFFICE: N_("Authorised at another office only"),
    Reason.DENIED_NO_AGREEMENT: N_("No host agreement"),
    Reason.DENIED_CONSENT_EXPIRED: N_("Consent expired"),
    Reason.DENIED_CONSENT_WITHDRAWN: N_("Consent withdrawn"),
    Reason.DENIED_CONSENT_READ_ONLY: N_("Consent allows reading only"),
    Reason.DENIED_EMERGENCY_READ_ONLY: N_("Emergency access allows reading only"),
}
# Shown instead when the reader is not named on one of the person's closed areas.
_DISCREET: dict[Reason, str] = {Reason.NAMED_ON_CLOSED: N_("Authorised")}


@dataclass(frozen=True)
class AccessLogItem:
    seq: int
    at: datetime
    who: str
    action: str
    what: str
    allowed: bool
    reason: str
    why: str  # the written reason of an emergency access, else ""


def what_label(what: str) -> str:
    return _(_WHAT[what]) if what in _WHAT else what


def action_label(action: str) -> str:
    return _(_ACTIONS[action]) if action in _ACTIONS else action


def reason_label(reason: str, *, discreet: bool) -> str:
    try:
        code = Reason(reason)
    except ValueError:
        return reason
    if discreet and code in _DISCREET:
        return _(_DISCREET[code])
    return _(_REASONS[code])


def person_entries(
    session: Session, person_id: uuid.UUID, *, discreet: bool, limit: int | None = None
) -> tuple[list[AccessLogItem], int]:
    """The newest entries about the person (all when `limit` is None) and how many there are in all."""
    total = session.scalar(
        select(func.count()).select_from(AccessLogEntry).where(AccessLogEntry.person_id == person_id)
    ) or 0
    query = (
        select(AccessLogEntry.seq, AccessLogEntry.at, AccessLogEntry.staff_login, Staff.name,
               AccessLogEntry.action, AccessLogEntry.what, AccessLogEntry.allowed, AccessLogEntry.reason,
               AccessLogEntry.why)
        .outerjoin(Staff, Staff.id == AccessLogEntry.staff_id)
        .where(AccessLogEntry.person_id == person_id)
        .order_by(AccessLogEntry.seq.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    items = [
        AccessLogItem(
            seq=seq,
            at=at,
            who=f"{name} ({login})" if name else login,
            action=action_label(action),
            what=what_label(what),
            allowed=allowed,
            reason=reason_label(reason, discreet=discreet),
            why=why if action == LogAction.EMERGENCY or reason == Reason.EMERGENCY else "",
        )
        for seq, at, login, name, action, what, allowed, reason, why in session.execute(query)
    ]
    return items, total
