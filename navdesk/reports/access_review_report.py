"""The leader's access review: emergency accesses, refused attempts, unusually many reads by one staff member,
and the state of the access log's hash chain. Plain data in, PDF bytes out, in the language current while
rendering. People the reader may not see arrive as "Person 1", "Person 2" … and without the written reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.platypus import Flowable, Paragraph

from navdesk.i18n import _, format_datetime, format_number, ngettext
from navdesk.reports.common import TEXT_WIDTH, build_pdf, data_table, markup, styles
from navdesk.reports.figures import ReportHeading, count_table, explanation, frame, notice, opening, section


@dataclass(frozen=True)
class EmergencyRow:
    opened_at: datetime
    ends_at: datetime
    staff: str
    person: str  # the name, or "Person 1" when the reader may not see the person
    reason: str | None  # None when the reader may not see the person
    reads: int  # reads of the person's data under this access


@dataclass(frozen=True)
class RefusedRow:
    at: datetime
    staff: str
    person: str  # "" when the attempt was about no single person
    what: str
    action: str
    reason: str


@dataclass(frozen=True)
class StaffRefusals:
    staff: str
    attempts: int
    people: int


@dataclass(frozen=True)
class ReaderRow:
    staff: str
    people: int  # different people whose data they read
    reads: int


@dataclass(frozen=True)
class ChainSummary:
    entries: int
    first_broken_seq: int | None  # None: whole
    problem: str  # "altered", "missing" or "relinked" when broken


@dataclass(frozen=True)
class AccessReview:
    heading: ReportHeading
    emergencies: tuple[EmergencyRow, ...]
    refused: tuple[RefusedRow, ...]  # the newest `listed_refusals`
    refused_total: int
    refused_by_staff: tuple[StaffRefusals, ...]
    heavy_readers: tuple[ReaderRow, ...]
    median_people: float
    threshold: int
    factor: int
    minimum: int
    listed_refusals: int
    chain: ChainSummary
    anonymous_people: bool  # some people appear as "Person 1" …


def render(review: AccessReview) -> bytes:
    notices = []
    if review.chain.first_broken_seq is not None:
        notices.append(chain_text(review.chain))
    if review.anonymous_people:
        notices.append(_("People you may not see are numbered (Person 1, Person 2 …), the same number for the "
                         "same person throughout this review; the reasons written for emergency access to them "
                         "are left out."))
    story = opening(review.heading, _(
        "What the staff of {office} did with people's data in {period}, and what was done with the data of the "
        "office's people: emergency accesses and their reasons, attempts that were refused, staff who read "
        "unusually many people's data, and whether the access log is whole.").format(
            office=review.heading.office, period=review.heading.period), notices)
    story.extend(_emergencies(review))
    story.extend(_refused(review))
    story.extend(_readers(review))
    story.extend(_chain(review.chain))
    return build_pdf(story, frame(review.heading))


def chain_text(chain: ChainSummary) -> str:
    if chain.first_broken_seq is None:
        return _("The access log is whole: all {count} entries are linked and unchanged.").format(
            count=format_number(chain.entries))
    problems = {
        "altered": _("it was changed after it was written"),
        "missing": _("it is missing: it was deleted"),
        "relinked": _("it does not follow the entry before it"),
    }
    return _("The access log is broken at entry {seq}: {problem}. Entries from there on cannot be trusted; "
             "report it to the data protection officer.").format(
        seq=format_number(chain.first_broken_seq), problem=problems.get(chain.problem, chain.problem))


def _emergencies(review: AccessReview) -> list[Flowable]:
    story: list[Flowable] = section(_("Emergency access"))
    if not review.emergencies:
        story.append(Paragraph(markup(_("No one used emergency access in the period.")), styles()["body"]))
    else:
        rows = [[format_datetime(row.opened_at), row.staff, row.person,
                 row.reason if row.reason is not None else _("Left out: you may not see this person."),
                 format_number(row.reads)] for row in review.emergencies]
        story.append(data_table((_("Opened"), _("Staff member"), _("Person"), _("Reason given"), _("Reads")), rows,
                                [TEXT_WIDTH * share for share in (0.15, 0.2, 0.17, 0.38, 0.1)]))
    story.append(explanation(_(
        "Emergency access (\"break the glass\") lets a staff member read a person they do not serve, for a few "
        "hours, with a written reason. Check that each reason holds. Reads: how often the person's data was "
        "opened, printed or exported under the access.")))
    return story


def _refused(review: AccessReview) -> list[Flowable]:
    story: list[Flowable] = section(_("Refused attempts"))
    if not review.refused_total:
        story.append(Paragraph(markup(_("No attempt was refused in the period.")), styles()["body"]))
        return story
    rows = [[item.staff, format_number(item.attempts), format_number(item.people)]
            for item in review.refused_by_staff]
    story.append(count_table((_("Staff member"), _("Refused attempts"), _("People")), rows, (0.6, 0.2, 0.2),
                             total=[_("All"), format_number(review.refused_total), ""]))
    story.append(explanation(_(
        "Attempts to find, open or change a person's data that navdesk refused. A few are normal (a search "
        "that reaches someone served by another office); many by one staff member are worth a conversation.")))
    if len(review.refused) < review.refused_total:
        story.append(Paragraph(markup(_("The newest {listed} of {count} refused attempts:").format(
            listed=format_number(len(review.refused)), count=format_number(review.refused_total))),
            styles()["body"]))
    rows = [[format_datetime(row.at), row.staff, row.person, f"{row.action}: {row.what}", row.reason]
            for row in review.refused]
    story.append(data_table((_("When"), _("Staff member"), _("Person"), _("What"), _("Why refused")), rows,
                            [TEXT_WIDTH * share for share in (0.15, 0.22, 0.17, 0.26, 0.2)]))
    return story


def _readers(review: AccessReview) -> list[Flowable]:
    story: list[Flowable] = section(_("Unusually many reads"))
    rule = _(
        "A staff member is listed when they read the data of more than {threshold} different people in the "
        "period: {factor} times the median of the office's staff ({median}), and never fewer than {minimum}. "
        "Reading means opening, printing or exporting a person's data; appearing in a list or a search is "
        "not counted.").format(threshold=format_number(review.threshold), factor=format_number(review.factor),
                               median=format_number(review.median_people), minimum=format_number(review.minimum))
    if review.heavy_readers:
        rows = [[row.staff, format_number(row.people), format_number(row.reads)] for row in review.heavy_readers]
        story.append(count_table((_("Staff member"), _("People read"), _("Reads")), rows, (0.6, 0.2, 0.2)))
    else:
        story.append(Paragraph(markup(_("No one read unusually many people's data in the period.")),
                               styles()["body"]))
    story.append(explanation(rule + " " + _(
        "Many reads can be right (a new caseload, a team lead covering an absence); ask before you conclude.")))
    return story


def _chain(chain: ChainSummary) -> list[Flowable]:
    story: list[Flowable] = section(_("The access log"))
    text = chain_text(chain)
    story.append(notice(text) if chain.first_broken_seq is not None else Paragraph(markup(text), styles()["body"]))
    story.append(explanation(ngettext(
        "Each entry of the access log holds a fingerprint of the one before it, so an entry changed or deleted "
        "outside navdesk breaks the chain from that entry on. The whole log ({count} entry) was checked when "
        "this review was made.",
        "Each entry of the access log holds a fingerprint of the one before it, so an entry changed or deleted "
        "outside navdesk breaks the chain from that entry on. The whole log ({count} entries) was checked when "
        "this review was made.", chain.entries).format(count=format_number(chain.entries))))
    return story
