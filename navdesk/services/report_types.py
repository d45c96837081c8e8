"""The shared shape of every leader report: what is asked for, and who asks.

`navdesk.services.reports.make_report` resolves the office and the period, checks that the reader may
order reports for that office, logs the order, and hands a `ReportScope` to the builder of that kind.
Each kind's builder is `def build(db: Database, actor: Actor, scope: ReportScope) -> bytes` (the PDF): it
computes its figures in the database under the reader's access (the same policy as lists and counts),
and lays them out with `navdesk.reports`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from navdesk.i18n import N_


class ReportKind(StrEnum):
    MONTH = "month"
    MUNICIPAL = "municipal"
    STATE = "state"
    WALKINS = "walkins"
    CASELOAD = "caseload"
    ACCESS_REVIEW = "access-review"
    ANNUAL = "annual"


KIND_TITLES = {
    ReportKind.MONTH: N_("Monthly report"),
    ReportKind.MUNICIPAL: N_("Municipal report"),
    ReportKind.STATE: N_("State follow-up report"),
    ReportKind.WALKINS: N_("Walk-ins"),
    ReportKind.CASELOAD: N_("Caseload"),
    ReportKind.ACCESS_REVIEW: N_("Access review"),
    ReportKind.ANNUAL: N_("Annual report"),
}

# Reports read by politicians and the public: counts below this are shown as "fewer than 5".
PUBLIC_KINDS = frozenset({ReportKind.MUNICIPAL, ReportKind.ANNUAL})
SMALL_COUNT = 5


@dataclass(frozen=True)
class Period:
    """A calendar month (`month` set) or, for the annual report, a whole year (`month` None)."""

    year: int
    month: int | None

    @property
    def start(self) -> date:
        return date(self.year, self.month or 1, 1)

    @property
    def end(self) -> date:
        """The first day after the period (half-open, as the queries use it)."""
        if self.month is None or self.month == 12:
            return date(self.year + 1, 1, 1)
        return date(self.year, self.month + 1, 1)


@dataclass(frozen=True)
class ReportScope:
    kind: ReportKind
    office_id: uuid.UUID
    office_code: str
    office_name: str
    period: Period
    language: str  # nb, nn or en: the builder renders in this language
    made_at: datetime
    made_by: str  # the reader's name, printed on every report
