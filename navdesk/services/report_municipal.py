"""The municipal report (for the rådmann): per municipality the office serves, what its municipal services did
in the period — applications and decisions, processing times, interim replies, complaints, KVP and debt
counselling — and each municipality's share of the office's municipal work (the basis for the cost split
in a vertskommune).

Figures are counted in the database under the reader's own municipal authorisation: a case counts only
when the reader works that municipality and that service (directly or through a host agreement in force),
and never for a person the reader is conflicted with. Consent and emergency access open one person for
case work, not the municipality's statistics, so they add nothing here. A reader with no municipal
authorisation for a municipality gets no figures for it, and the report says so.

The report is read by politicians, so every count passes the small-count rule
(`navdesk.domain.suppression`): see `counted` and `parts` below.
"""

from __future__ import annotations

import math
import statistics
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, false, func, or_, select, tuple_
from sqlalchemy.orm import Session

from navdesk.domain import suppression
from navdesk.domain.access_types import ALL_SERVICES
from navdesk.domain.case_codes import Outcome, code_label
from navdesk.domain.case_flow import ComplaintOutcome, complaint_outcome_label
from navdesk.domain.codes import Side
from navdesk.domain.deadlines import NOT_RUNNING
from navdesk.domain.plans import KvpEndReason
from navdesk.domain.plans import label_of as plan_label_of
from navdesk.i18n import N_, _
from navdesk.reports import municipal_report
from navdesk.reports.figures import ReportHeading, month_label
from navdesk.reports.municipal_report import (
    CatalogueLine,
    DebtFigures,
    KvpFigures,
    Line,
    MunicipalitySection,
    MunicipalReport,
    Processing,
)
from navdesk.services.actor import Actor
from navdesk.services.item_access import Expr
from navdesk.services.report_reader import ReportReader, case_in_period, open_reader
from navdesk.services.report_types import KIND_TITLES, SMALL_COUNT, ReportScope
from navdesk.store.engine import Database
from navdesk.store.models import ConflictOfInterest, KvpProgramme, Municipality, Service, ServiceCase

KVP, DEBT = "kvp", "gjeld"
INTERIM_ON_TIME, INTERIM_LATE, INTERIM_MISSING = "on_time", "late", "missing"
_INTERIM_LABELS = {
    INTERIM_ON_TIME: N_("Interim reply sent in time"),
    INTERIM_LATE: N_("Interim reply sent late"),
    INTERIM_MISSING: N_("No interim reply sent"),
}


def build(db: Database, actor: Actor, scope: ReportScope) -> bytes:
    with db.session() as session:
        report = municipal_figures(session, actor, scope)
    return municipal_report.render(report)


# --- whose figures the reader may see ------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """The municipal services of one of the office's municipalities that the reader works in their own right."""

    municipality_id: uuid.UUID
    name: str
    number: str
    everything: bool
    codes: frozenset[str]  # when not `everything`

    def sees(self, code: str) -> bool:
        return self.everything or code in self.codes

    @property
    def any(self) -> bool:
        return self.everything or bool(self.codes)


def municipal_coverage(reader: ReportReader) -> tuple[Coverage, ...]:
    """Each of the office's municipalities, by name, with the services the reader works there."""
    reach = reader.ctx.reach
    services = reach.municipal_services if reach.works_with_people else frozenset()
    rows = reader.session.execute(
        select(Municipality.id, Municipality.name, Municipality.number)
        .where(Municipality.id.in_(reader.municipality_ids)).order_by(Municipality.name)).all()
    return tuple(
        Coverage(municipality_id, name, number, (municipality_id, ALL_SERVICES) in services,
                 frozenset(code for m, code in services if m == municipality_id and code != ALL_SERVICES))
        for municipality_id, name, number in rows)


def municipal_clause(reader: ReportReader, coverage: Sequence[Coverage], municipality: Expr, service: Expr,
                     person: Expr) -> ColumnElement[bool]:
    """SQL: the row's municipality and service are among those the reader works, and its person is not one
    the reader is conflicted with (the rules `visible_person_clause` adds for people found this way)."""
    everything = [c.municipality_id for c in coverage if c.everything]
    pairs = [(c.municipality_id, code) for c in coverage if not c.everything for code in sorted(c.codes)]
    terms: list[ColumnElement[bool]] = []
    if everything:
        terms.append(municipality.in_(everything))
    if pairs:
        terms.append(tuple_(municipality, service).in_(pairs))
    if not terms:
        return false()
    conflicted = exists().where(ConflictOfInterest.person_id == person,
                                ConflictOfInterest.staff_id == reader.ctx.actor.staff_id,
                                ConflictOfInterest.ended_at.is_(None))
    return and_(or_(*terms), ~conflicted)


def period_label(scope: ReportScope) -> str:
    period = scope.period
    return str(period.year) if period.month is None else month_label(period.start)


def heading(scope: ReportScope) -> ReportHeading:
    return ReportHeading(_(KIND_TITLES[scope.kind]), scope.office_name, period_label(scope), scope.made_at,
                         scope.made_by)


# --- the figures ---------------------------------------------------------------------------------------------


def municipal_figures(session: Session, actor: Actor, scope: ReportScope) -> MunicipalReport:
    reader = open_reader(session, actor, scope)
    coverage = municipal_coverage(reader)
    seen = tuple(c for c in coverage if c.any)
    hidden = tuple(c.name for c in coverage if not c.any)
    if not seen:
        return MunicipalReport(heading(scope), (), hidden, (), suppression.count(0, SMALL_COUNT), False,
                               SMALL_COUNT)
    counter = _Counter(reader, seen)
    sections = tuple(_section(counter, c) for c in seen)
    work = suppression.breakdown([counter.people_by_municipality.get(c.municipality_id, 0) for c in seen],
                                 SMALL_COUNT)
    lines = tuple(Line(c.name, cell, suppression.share(cell, work.total)) for c, cell in zip(seen, work.parts,
                                                                                              strict=True))
    complete = not hidden and all(c.everything or c.codes >= counter.catalogue_codes(c) for c in seen)
    return MunicipalReport(heading(scope), sections, hidden, lines, work.total, complete, SMALL_COUNT)


class _Counter:
    """The period's counts for the municipalities the reader may see, a few grouped queries for all of them."""

    def __init__(self, reader: ReportReader, coverage: Sequence[Coverage]) -> None:
        self.reader = reader
        self.session = reader.session
        self.start, self.end = reader.scope.period.start, reader.scope.period.end
        ids = [c.municipality_id for c in coverage]
        self.case_filter = and_(
            ServiceCase.side == Side.MUNICIPAL.value, ServiceCase.responsible_municipality_id.in_(ids),
            municipal_clause(reader, coverage, ServiceCase.responsible_municipality_id, ServiceCase.service_code,
                             ServiceCase.person_id))
        self.kvp_filter = and_(
            KvpProgramme.responsible_municipality_id.in_(ids),
            municipal_clause(reader, coverage, KvpProgramme.responsible_municipality_id, KvpProgramme.service_code,
                             KvpProgramme.person_id))
        self.catalogue = self._catalogue(ids)
        municipality = ServiceCase.responsible_municipality_id
        in_period = and_(self.case_filter, case_in_period(reader))
        self.people_by_service = self._grouped(
            select(municipality, ServiceCase.service_code, func.count(func.distinct(ServiceCase.person_id)))
            .where(in_period).group_by(municipality, ServiceCase.service_code))
        self.people_by_municipality = self._grouped(
            select(municipality, func.count(func.distinct(ServiceCase.person_id))).where(in_period)
            .group_by(municipality))
        self.applications = self._grouped(
            select(municipality, ServiceCase.service_code, func.count())
            .where(self.case_filter, ServiceCase.received_on >= self.start, ServiceCase.received_on < self.end)
            .group_by(municipality, ServiceCase.service_code))
        decided = and_(self.case_filter, ServiceCase.outcome != "", ServiceCase.decided_on >= self.start,
                       ServiceCase.decided_on < self.end)
        self.decisions = self._grouped(
            select(municipality, ServiceCase.outcome, func.count()).where(decided)
            .group_by(municipality, ServiceCase.outcome))
        self.durations: dict[uuid.UUID, list[int]] = defaultdict(list)
        for municipality_id, received, decided_on in self.session.execute(
            select(municipality, ServiceCase.received_on, ServiceCase.decided_on)
            .where(decided, ServiceCase.received_on.is_not(None))
        ):
            if municipality_id is not None and received is not None and decided_on is not None:
                self.durations[municipality_id].append((decided_on - received).days)
        self.interim = self._grouped(self._interim_query())
        self.complaints = self._grouped(
            select(municipality, func.count())
            .where(self.case_filter, ServiceCase.complaint_received_on >= self.start,
                   ServiceCase.complaint_received_on < self.end).group_by(municipality))
        self.complaint_outcomes = self._grouped(
            select(municipality, ServiceCase.complaint_outcome, func.count())
            .where(self.case_filter, ServiceCase.complaint_outcome != "",
                   ServiceCase.complaint_decided_on >= self.start, ServiceCase.complaint_decided_on < self.end)
            .group_by(municipality, ServiceCase.complaint_outcome))
        self._kvp_counts()
        self.debt_open = self._grouped(
            select(municipality, func.count(func.distinct(ServiceCase.person_id)))
            .where(in_period, ServiceCase.service_code == DEBT, self._open_at_end()).group_by(municipality))

    def _grouped(self, query: Select[*tuple[Any, ...]]) -> dict[Any, int]:
        """{municipality: count} or {(municipality, key): count} from a grouped query."""
        result: dict[Any, int] = {}
        for row in self.session.execute(query):
            *keys, number = row
            result[keys[0] if len(keys) == 1 else tuple(keys)] = int(number)
        return result

    def _catalogue(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, dict[str, tuple[str, bool]]]:
        """Per municipality: service code -> (name, part of the minimum), the newest version valid in the period."""
        result: dict[uuid.UUID, dict[str, tuple[str, bool]]] = defaultdict(dict)
        for municipality_id, code, name, minimum in self.session.execute(
            select(Service.municipality_id, Service.code, Service.name, Service.is_minimum)
            .where(Service.municipality_id.in_(ids), Service.side == Side.MUNICIPAL.value,
                   Service.valid_from < self.end, or_(Service.valid_to.is_(None), Service.valid_to >= self.start))
            .order_by(Service.valid_from.desc())
        ):
            result[municipality_id].setdefault(code, (name, minimum))
        return result

    def catalogue_codes(self, coverage: Coverage) -> frozenset[str]:
        return frozenset(self.catalogue.get(coverage.municipality_id, {}))

    def _interim_query(self) -> Select[*tuple[Any, ...]]:
        """Applications whose interim reply (forvaltningsloven §11a) fell due in the period, up to the report's
        day, while still undecided: sent by the day it was due, sent later, or not sent."""
        due = ServiceCase.interim_reply_due
        sent = ServiceCase.interim_reply_sent_on
        kind = case((sent.is_(None), INTERIM_MISSING), (sent <= due, INTERIM_ON_TIME), else_=INTERIM_LATE)
        return (select(ServiceCase.responsible_municipality_id, kind, func.count())
                .where(self.case_filter, ServiceCase.received_on.is_not(None), due >= self.start, due < self.end,
                       due <= self.reader.day, or_(ServiceCase.decided_on.is_(None), ServiceCase.decided_on > due))
                .group_by(ServiceCase.responsible_municipality_id, kind))

    def _open_at_end(self) -> ColumnElement[bool]:
        """Still running when the period ended: not ended, closed, refused or dismissed by then."""
        end = self.end
        return and_(or_(ServiceCase.ends_on.is_(None), ServiceCase.ends_on >= end),
                    or_(ServiceCase.closed_at.is_(None), ServiceCase.closed_at >= self.reader.end),
                    ~and_(ServiceCase.outcome.in_([o.value for o in NOT_RUNNING]), ServiceCase.decided_on < end))

    def _kvp_counts(self) -> None:
        municipality = KvpProgramme.responsible_municipality_id
        self.kvp_participants = self._grouped(
            select(municipality, func.count(func.distinct(KvpProgramme.person_id)))
            .where(self.kvp_filter, KvpProgramme.starts_on < self.end,
                   or_(KvpProgramme.ended_on.is_(None), KvpProgramme.ended_on >= self.start))
            .group_by(municipality))
        self.kvp_started = self._grouped(
            select(municipality, func.count())
            .where(self.kvp_filter, KvpProgramme.starts_on >= self.start, KvpProgramme.starts_on < self.end)
            .group_by(municipality))
        self.kvp_ended = self._grouped(
            select(municipality, KvpProgramme.end_reason, func.count())
            .where(self.kvp_filter, KvpProgramme.ended_on >= self.start, KvpProgramme.ended_on < self.end)
            .group_by(municipality, KvpProgramme.end_reason))


def _section(counter: _Counter, coverage: Coverage) -> MunicipalitySection:
    municipality = coverage.municipality_id
    catalogue = counter.catalogue.get(municipality, {})
    used = {code for (m, code) in (*counter.applications, *counter.people_by_service) if m == municipality}
    codes = sorted(set(catalogue) | used, key=lambda code: (code not in catalogue, catalogue.get(code, (code,))[0]))
    visible = [code for code in codes if coverage.sees(code)]
    applications = suppression.breakdown([counter.applications.get((municipality, code), 0) for code in visible],
                                         SMALL_COUNT)
    cells = dict(zip(visible, applications.parts, strict=True))
    lines = tuple(
        CatalogueLine(catalogue.get(code, (code, False))[0], catalogue.get(code, ("", False))[1],
                      _count(counter.people_by_service.get((municipality, code), 0)) if code in cells else None,
                      cells.get(code))
        for code in codes)
    decisions, decisions_total = _parts(counter.decisions, municipality, [(o.value, code_label(o)) for o in Outcome])
    interim, interim_total = _parts(counter.interim, municipality,
                                    [(key, _(text)) for key, text in _INTERIM_LABELS.items()])
    complaint_outcomes, complaint_total = _parts(
        counter.complaint_outcomes, municipality,
        [(o.value, complaint_outcome_label(o)) for o in ComplaintOutcome])
    return MunicipalitySection(
        name=coverage.name, number=coverage.number,
        complete=coverage.everything or coverage.codes >= counter.catalogue_codes(coverage),
        services=tuple(catalogue.get(code, (code,))[0] for code in visible),
        catalogue=lines, applications_total=applications.total,
        decisions=decisions, decisions_total=decisions_total,
        processing=_processing(counter.durations.get(municipality, [])),
        interim=interim, interim_total=interim_total,
        complaints_received=_count(counter.complaints.get(municipality, 0)),
        complaint_outcomes=complaint_outcomes, complaint_outcomes_total=complaint_total,
        kvp=_kvp(counter, municipality) if coverage.sees(KVP) else None,
        debt=DebtFigures(_count(counter.people_by_service.get((municipality, DEBT), 0)),
                         _count(counter.debt_open.get(municipality, 0))) if coverage.sees(DEBT) else None,
    )


def _kvp(counter: _Counter, municipality: uuid.UUID) -> KvpFigures:
    ended, ended_total = _parts(counter.kvp_ended, municipality,
                                [(reason.value, plan_label_of(KvpEndReason, reason.value)) for reason in KvpEndReason])
    return KvpFigures(_count(counter.kvp_participants.get(municipality, 0)),
                      _count(counter.kvp_started.get(municipality, 0)), ended, ended_total)


def _parts(counts: dict[Any, int], municipality: uuid.UUID,
           labelled: Iterable[tuple[str, str]]) -> tuple[tuple[Line, ...], suppression.Cell]:
    """The municipality's counts under each label (in the list's order, then any other stored value), as a
    breakdown with its total."""
    labels = dict(labelled)
    extra = sorted(key for (m, key) in counts if m == municipality and key not in labels)
    keys = [*labels, *extra]
    result = suppression.breakdown([counts.get((municipality, key), 0) for key in keys], SMALL_COUNT)
    lines = tuple(Line(labels.get(key, key), cell, suppression.share(cell, result.total))
                  for key, cell in zip(keys, result.parts, strict=True))
    return lines, result.total


def _count(value: int) -> suppression.Cell:
    return suppression.count(value, SMALL_COUNT)


def _processing(days: list[int]) -> Processing:
    """Median and 90th percentile (nearest rank) of the days from application to decision; only from enough
    decisions that no single person's case shows through."""
    if not suppression.enough(len(days), SMALL_COUNT):
        return Processing(None, None)
    ordered = sorted(days)
    return Processing(statistics.median(ordered), ordered[math.ceil(0.9 * len(ordered)) - 1])
