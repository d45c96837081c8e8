"""The building blocks the leader reports share: the opening block, key figures, tables of counts, notes on
withheld figures and small bar charts.

Every report opens with its title, the office and the period, and who made it when; every page repeats
the office, the title with the period, the date, the maker and the page number (`frame`). Each figure gets
a short explanation under it. Numbers, shares and changes are formatted for the language current while
rendering.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from navdesk.i18n import _, format_date, format_datetime, format_number, format_percent_value
from navdesk.reports.common import (
    BOLD,
    INK,
    RULE,
    SHADE,
    TEXT_WIDTH,
    PageFrame,
    markup,
    styles,
)

NOTICE = colors.HexColor("#fff4e0")
NOTICE_EDGE = colors.HexColor("#d47b00")
NONE = "—"


@dataclass(frozen=True)
class ReportHeading:
    """What the opening block and every page say about the report."""

    title: str
    office: str
    period: str  # already in words: "oktober 2026", "2026"
    made_at: datetime
    made_by: str


@dataclass(frozen=True)
class Access:
    """Which figures the reader may see at the office: any about people, and each side's."""

    people: bool
    state: bool
    municipal: bool


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str  # already formatted
    explanation: str


def frame(heading: ReportHeading) -> PageFrame:
    """The header and footer of every page: office, title and period, date and maker, page numbers."""
    return PageFrame(
        office=heading.office,
        title=_("{title}, {period}").format(title=heading.title, period=heading.period),
        printed=_("{date} by {name}").format(date=format_date(heading.made_at.date(), "long"),
                                             name=heading.made_by),
    )


def opening(heading: ReportHeading, introduction: str, notices: Sequence[str] = ()) -> list[Flowable]:
    """Title, office and period, who made it when, what the report is for, and any notice about withheld
    figures, boxed so that no reader misses it."""
    look = styles()
    story: list[Flowable] = [
        Paragraph(markup(heading.title), look["title"]),
        Paragraph(markup(_("{office} — {period}").format(office=heading.office, period=heading.period)),
                  look["subtitle"]),
        Paragraph(markup(_("Made {moment} by {name}.").format(moment=format_datetime(heading.made_at, "medium"),
                                                            name=heading.made_by)), look["small"]),
        Spacer(0, 2 * mm),
        Paragraph(markup(introduction), look["body"]),
    ]
    story.extend(notice(text) for text in notices)
    return story


def access_notices(access: Access) -> list[str]:
    """What the report leaves out because the reader may not see it, in words (empty: nothing)."""
    if not access.people:
        return [_("You have no access to person data, so this report holds only the figures that are about "
                  "no person.")]
    notices = []
    if not access.state:
        notices.append(_("You may not see state data at this office, so the state figures are left out of "
                         "this report."))
    if not access.municipal:
        notices.append(_("You may not see municipal data at this office, so the municipal figures are left "
                         "out of this report."))
    return notices


def side_columns(access: Access) -> tuple[bool, bool]:
    """Whether tables get a state and a municipal column."""
    return access.state, access.municipal


def section(title: str) -> list[Flowable]:
    """A section's heading; it starts a new page when too little room is left for anything under it."""
    style = ParagraphStyle("section", parent=styles()["heading"], spaceBefore=14)
    return [CondPageBreak(45 * mm), Paragraph(markup(title), style)]


def explanation(text: str) -> Paragraph:
    """The short explanation under a figure, table or chart."""
    style = ParagraphStyle("explanation", parent=styles()["small"], spaceBefore=3, spaceAfter=8)
    return Paragraph(markup(text), style)


def notice(text: str) -> Flowable:
    """A boxed notice: figures left out because the reader may not see them, or nothing to show."""
    style = ParagraphStyle("notice", parent=styles()["body"], spaceAfter=0)
    box = Table([[Paragraph(markup(text), style)]], colWidths=[TEXT_WIDTH])
    box.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), NOTICE),
        ("LINEBEFORE", (0, 0), (0, -1), 2.5, NOTICE_EDGE),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    return KeepTogether([Spacer(0, 2 * mm), box, Spacer(0, 3 * mm)])


def key_figures(figures: Sequence[KeyFigure]) -> Table:
    """Figures with their explanation under each label, the number to the right."""
    look = styles()
    label_style = ParagraphStyle("figure_label", parent=look["body"], fontName=BOLD, spaceAfter=1)
    value_style = ParagraphStyle("figure_value", parent=look["body"], fontName=BOLD, fontSize=13, leading=16,
                                 alignment=TA_RIGHT, spaceAfter=0)
    rows = [[[Paragraph(markup(figure.label), label_style), Paragraph(markup(figure.explanation), look["small"])],
             Paragraph(markup(figure.value), value_style)] for figure in figures]
    table = Table(rows, colWidths=[TEXT_WIDTH * 0.78, TEXT_WIDTH * 0.22])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def count_table(header: Sequence[str], rows: Sequence[Sequence[str]], shares: Sequence[float],
                *, total: Sequence[str] | None = None, text_columns: Collection[int] = ()) -> Table:
    """A table whose first column (and any of `text_columns`) holds words and the others numbers,
    right-aligned under their heading; `shares` are the columns' widths as parts of the text width. The
    heading repeats on every page the table runs onto; a `total` row is printed in bold under a rule."""
    look = styles()
    head_right = ParagraphStyle("cell_head_right", parent=look["cell_head"], alignment=TA_RIGHT)
    bold = ParagraphStyle("cell_total", parent=look["cell"], fontName=BOLD)
    bold_right = ParagraphStyle("cell_total_right", parent=look["cell_right"], fontName=BOLD)
    words = {0, *text_columns}

    def line(values: Sequence[str], left: ParagraphStyle, right: ParagraphStyle) -> list[Flowable]:
        return [Paragraph(markup(value), left if index in words else right) for index, value in enumerate(values)]

    body = [line(header, look["cell_head"], head_right)]
    body.extend(line(row, look["cell"], look["cell_right"]) for row in rows)
    if total is not None:
        body.append(line(total, bold, bold_right))
    table = Table(body, colWidths=[TEXT_WIDTH * part for part in shares], repeatRows=1)
    commands: list[tuple[object, ...]] = [
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    commands.extend(("BACKGROUND", (0, index), (-1, index), SHADE) for index in range(2, len(rows) + 1, 2))
    if total is not None:
        commands.append(("LINEABOVE", (0, len(body) - 1), (-1, len(body) - 1), 0.8, INK))
    table.setStyle(TableStyle(commands))
    return table


def number(value: int) -> str:
    return format_number(value)


def share(part: int, whole: int) -> str:
    """`part` of `whole` as a percentage, or a dash when there is nothing to take a share of."""
    return format_percent_value(part / whole) if whole else NONE


def change(now: int, before: int | None) -> str:
    """The change from `before` to `now` in per cent, signed; a dash when there is nothing to compare with."""
    if not before:
        return NONE
    fraction = (now - before) / before
    sign = "+" if fraction > 0 else "-" if fraction < 0 else ""
    return sign + format_percent_value(abs(fraction))


def month_label(first_day: date, *, short: bool = False) -> str:
    """"oktober 2026" (or "okt. 2026" in a narrow column or under a chart)."""
    return format_date(first_day, "LLL y" if short else "LLLL y")


def spacer(height_mm: float = 3) -> Spacer:
    return Spacer(0, height_mm * mm)
