"""Ordering a leader report: which kind, which office, which period, in which language.

`make_report` checks the order (kind, period, language, office), checks that the reader may order reports
for the office, logs the order in the access log (a report reads many people's data at once, so it is
logged as a print about no single person), and hands a `ReportScope` to the kind's builder, which renders
in the chosen language. Leaders order reports for the offices they work at; the administrator may order
them for any office but gets no figures about people (the builders leave those out, as for any reader
without access); veiledere are refused: reports are leaders' tools.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from navdesk import i18n
from navdesk.domain.codes import Role
from navdesk.domain.errors import Errors, ValidationFailed
from navdesk.i18n import _
from navdesk.services import audit
from navdesk.services.actor import Actor
from navdesk.services.person_guard import Refused, action_session
from navdesk.services.report_types import KIND_TITLES, Period, ReportKind, ReportScope
from navdesk.store.engine import Database
from navdesk.store.models import Office
from navdesk.store.models.staff import staff_office

BUILDERS: dict[ReportKind, str] = {kind: f"navdesk.services.report_{kind.value.replace('-', '_')}"
                                   for kind in ReportKind}
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class OfficeChoice:
    office_id: uuid.UUID
    code: str
    name: str


@dataclass(frozen=True)
class KindChoice:
    kind: ReportKind
    title: str
    yearly: bool  # the period is a year (the annual report), not a month


@dataclass(frozen=True)
class ReportChoices:
    offices: tuple[OfficeChoice, ...]  # empty: the reader may not order reports
    kinds: tuple[KindChoice, ...]
    default_month: date  # the first day of the month a report is usually made for: the one just ended


def kind_title(kind: ReportKind) -> str:
    return _(KIND_TITLES[kind])


def report_choices(db: Database, actor: Actor, *, today: date | None = None) -> ReportChoices:
    """The offices the reader may order reports for, and the kinds there are (with their titles)."""
    today = today or date.today()
    with db.session() as session:
        offices = tuple(OfficeChoice(row.id, row.code, row.name) for row in session.execute(
            _orderable_offices(actor).order_by(Office.name)))
    kinds = tuple(KindChoice(kind, kind_title(kind), kind is ReportKind.ANNUAL) for kind in ReportKind
                  if importlib.util.find_spec(BUILDERS[kind]) is not None)
    last_month = date(today.year - 1, 12, 1) if today.month == 1 else date(today.year, today.month - 1, 1)
    return ReportChoices(offices, kinds, last_month)


def parse_kind(text: str) -> ReportKind:
    try:
        return ReportKind(text)
    except ValueError:
        raise ValidationFailed({"kind": _("Unknown report: {kind}. Choose one of {kinds}.").format(
            kind=text, kinds=", ".join(kind.value for kind in ReportKind))}) from None


def parse_period(kind: ReportKind, text: str, *, today: date) -> Period:
    """YYYY-MM; the annual report also takes YYYY (YYYY-MM then means that month's year)."""
    text = text.strip()
    yearly = kind is ReportKind.ANNUAL
    month_match, year_match = _MONTH.fullmatch(text), _YEAR.fullmatch(text)
    if month_match and 1 <= int(month_match.group(2)) <= 12:
        year, month = int(month_match.group(1)), int(month_match.group(2))
    elif year_match and yearly:
        year, month = int(text), 1
    else:
        message = (_("Write the year as YYYY (or a month of it as YYYY-MM).") if yearly
                   else _("Write the month as YYYY-MM, for example {example}.").format(
                       example=f"{today.year:04d}-{today.month:02d}"))
        raise ValidationFailed({"period": message})
    if year < 2000:
        raise ValidationFailed({"period": _("Choose a period from the year 2000 on.")})
    period = Period(year, None if yearly else month)
    if period.start > today:
        raise ValidationFailed({"period": _("The period has not begun yet.")})
    return period


def make_report(db: Database, actor: Actor, kind: ReportKind | str, office_code: str, period_text: str,
                language: str | None = None, *, now: datetime | None = None) -> bytes:
    """The report as a PDF, or `ValidationFailed` (bad kind, period, language or office) or `NotAllowed`."""
    now = now or datetime.now()
    errors = Errors()
    chosen: ReportKind | None = None
    period: Period | None = None
    try:
        chosen = kind if isinstance(kind, ReportKind) else parse_kind(kind)
        if importlib.util.find_spec(BUILDERS[chosen]) is None:
            raise ValidationFailed({"kind": _("This version of navdesk cannot make the report {kind} yet.").format(
                kind=chosen.value)})
        period = parse_period(chosen, period_text, today=now.date())
    except ValidationFailed as failed:
        for name, message in failed.errors.items():
            errors.add(name, message)
    if language is not None and language not in i18n.LANGUAGES:
        errors.add("language", _("Choose the language nb, nn or en."))
    errors.raise_if_any()
    assert chosen is not None and period is not None
    what = f"report {chosen.value} {office_code.strip().upper()} {period_text.strip()}"
    with action_session(db) as session:
        office = session.scalar(select(Office).where(Office.code == office_code.strip().upper()))
        if office is None:
            raise ValidationFailed({"office": _("There is no office with the code {code}.").format(
                code=office_code.strip())})
        refusal = _refusal(session, actor, office.id)
        audit.log(session, actor, person_id=None, action=audit.LogAction.PRINT, what=what,
                  allowed=refusal is None, reason="" if refusal is None else "not a leader of the office", at=now)
        if refusal is not None:
            raise Refused(refusal)
        scope = ReportScope(kind=chosen, office_id=office.id, office_code=office.code, office_name=office.name,
                            period=period, language=language or i18n.current_language(), made_at=now,
                            made_by=actor.name)
    builder = importlib.import_module(BUILDERS[chosen])
    with i18n.in_language(scope.language):
        pdf: bytes = builder.build(db, actor, scope)
    return pdf


def _orderable_offices(actor: Actor) -> Select[uuid.UUID, str, str]:
    if actor.has(Role.ADMIN):
        return select(Office.id, Office.code, Office.name)
    if actor.has(Role.LEADER):
        return (select(Office.id, Office.code, Office.name).join(staff_office, staff_office.c.office_id == Office.id)
                .where(staff_office.c.staff_id == actor.staff_id))
    return select(Office.id, Office.code, Office.name).where(Office.id.is_(None))


def _refusal(session: Session, actor: Actor, office_id: uuid.UUID) -> str | None:
    """Why the reader may not order reports for the office, or None when they may."""
    if actor.has(Role.ADMIN):
        return None
    if not actor.has(Role.LEADER):
        return _("Reports are for the office's leaders: ask your leader for the report you need.")
    works_there = session.scalar(select(staff_office.c.office_id).where(
        staff_office.c.staff_id == actor.staff_id, staff_office.c.office_id == office_id))
    if works_there is None:
        return _("You can order reports only for the offices you lead.")
    return None
