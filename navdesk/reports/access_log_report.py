""""Who has looked at my data": a person's access log, printed for the person (nb, nn or en).

Plain data in, PDF bytes out; the text is in the language that is current while rendering.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from navdesk.i18n import _, format_date, format_datetime, format_number, ngettext
from navdesk.reports.common import TEXT_WIDTH, PageFrame, build_pdf, data_table, markup, paragraph, styles


@dataclass(frozen=True)
class AccessEntry:
    at: datetime
    who: str
    action: str  # already in words
    what: str
    allowed: bool
    reason: str
    why: str  # the written reason of an emergency access, else ""


@dataclass(frozen=True)
class AccessLogReport:
    office: str
    person_name: str
    fnr: str
    printed_at: datetime
    entries: tuple[AccessEntry, ...]  # newest first


WIDTHS = (0.17, 0.25, 0.22, 0.16, 0.20)


def title() -> str:
    return _("Who has looked at my data")


def render(report: AccessLogReport) -> bytes:
    look = styles()
    story: list[Flowable] = [
        paragraph(title(), look["title"]),
        paragraph(_("{name}, fødselsnummer {fnr}").format(name=report.person_name, fnr=_spaced(report.fnr)),
                  look["subtitle"]),
        paragraph(_("This is a list of everyone at {office} who has opened, changed, printed or tried to open "
                    "your information, newest first, up to {date}. Attempts that were refused are listed too: "
                    "they show that the rules protecting your information worked.").format(
                        office=report.office, date=format_date(report.printed_at.date(), "long")),
                  look["body"]),
    ]
    if report.entries:
        story.append(paragraph(ngettext("{count} entry", "{count} entries", len(report.entries)).format(
            count=format_number(len(report.entries))), look["heading"]))
        story.append(Spacer(0, 2 * mm))
        story.append(_entries_table(report.entries))
    else:
        story.append(paragraph(_("No one has looked at your information yet."), look["heading"]))
    story.extend([
        Spacer(0, 6 * mm),
        paragraph(_("About this list"), look["heading"]),
        paragraph(_("Every time a staff member reads or changes your information, navdesk records who did it, "
                    "when, what it concerned and whether it was allowed. The record cannot be changed "
                    "afterwards without it showing. If you think someone has looked at your information "
                    "without good reason, contact the office and ask to speak to the office leader."),
                  look["body"]),
    ])
    frame = PageFrame(office=report.office, title=title(), printed=format_date(report.printed_at.date(), "long"))
    return build_pdf(story, frame)


def _entries_table(entries: tuple[AccessEntry, ...]) -> Flowable:
    look = styles()
    header = (_("When"), _("Who"), _("What"), _("Action"), _("Result"))
    rows = []
    for entry in entries:
        result = _("Allowed") if entry.allowed else _("Refused")
        if entry.reason:
            result = f"{result}: {entry.reason}"
        if entry.why:
            result = f"{result}\n" + _("Reason given: {why}").format(why=entry.why)
        style = look["cell"] if entry.allowed else look["cell_refused"]
        rows.append([format_datetime(entry.at), entry.who, entry.what, entry.action,
                     Paragraph(markup(result), style)])
    return data_table(header, rows, [TEXT_WIDTH * share for share in WIDTHS])


def _spaced(number: str) -> str:
    """A fødselsnummer as people write it: birth date, space, personal number."""
    return f"{number[:6]} {number[6:]}" if len(number) == 11 else number
