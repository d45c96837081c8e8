"""Who holds whom today: absences and their deputies.

A person's veileder is their open contact (`PersonContact.ends` empty). The veileder is *effective*
when the staff member is active and not away without a deputy today. A person with no effective
veileder is **ufordelt** (the worklist's filter), also when a team owns them: a team holds a person
only until a veileder accepts them, so the team's ufordelte are its queue. While a veileder is away,
their deputy covers their people.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from navdesk.store.models import StaffAbsence


@dataclass(frozen=True)
class AbsenceToday:
    staff_id: uuid.UUID
    deputy_id: uuid.UUID | None
    starts: date
    ends: date


def absences_on(session: Session, day: date) -> dict[uuid.UUID, AbsenceToday]:
    """Staff away on `day`, with their deputy (the latest-starting absence when several overlap)."""
    result: dict[uuid.UUID, AbsenceToday] = {}
    for staff_id, deputy_id, starts, ends in session.execute(
        select(StaffAbsence.staff_id, StaffAbsence.deputy_id, StaffAbsence.starts, StaffAbsence.ends)
        .where(StaffAbsence.starts <= day, StaffAbsence.ends >= day).order_by(StaffAbsence.starts)
    ):
        result[staff_id] = AbsenceToday(staff_id, deputy_id, starts, ends)
    return result


def covered_by(absences: dict[uuid.UUID, AbsenceToday], deputy_id: uuid.UUID) -> frozenset[uuid.UUID]:
    """The absent staff whose people `deputy_id` covers today."""
    return frozenset(a.staff_id for a in absences.values() if a.deputy_id == deputy_id)


def uncovered_absent(absences: dict[uuid.UUID, AbsenceToday]) -> frozenset[uuid.UUID]:
    return frozenset(a.staff_id for a in absences.values() if a.deputy_id is None)
