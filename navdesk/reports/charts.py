"""Charts for the leader reports (reportlab graphics): bars by month, lines over time, shares of a whole.

Language-neutral: the caller passes titles, category labels and series names already in the report's
language; numbers on axes and bars go through Babel (`navdesk.i18n`). Readable in black and white: bars
differ by shade and outline, lines by dash pattern and marker, and values are labelled where they fit.

A value of None is a count the report may not print (small-count rule): it is drawn as a gap with the
caller's `withheld_mark` (for example "< 5") where the bar or point would have been.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Group, Line, PolyLine, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from navdesk.i18n import format_number, format_percent_value
from navdesk.reports.common import BOLD, FONT, INK, MUTED, RULE, TEXT_WIDTH, paragraph, printable, styles

Value = float | int | None
Formatter = Callable[[float], str]

# Shades that stay apart on a black-and-white printer, each with a dark outline.
FILLS = (colors.HexColor("#2b2f33"), colors.HexColor("#c3c8ce"), colors.white, colors.HexColor("#7d848c"))
DASHES: tuple[Any, ...] = (None, (4, 2), (1, 2), (6, 2, 1, 2))
MARKERS = ("FilledCircle", "Square", "Triangle", "Diamond")
HEIGHT = 62 * mm
TITLE_SIZE, LABEL_SIZE, VALUE_SIZE = 9.5, 7.5, 6.5
LEFT, BOTTOM, TOP = 11 * mm, 8 * mm, 16 * mm  # room for the value axis, the categories, title and legend


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Value]


def whole_number(value: float) -> str:
    return format_number(int(round(value)))


def bar_chart(categories: Sequence[str], series: Sequence[Series], *, title: str, withheld_mark: str = "",
              value_format: Formatter = whole_number, width: float = TEXT_WIDTH,
              height: float = HEIGHT) -> Drawing:
    """Vertical bars per category (months, say), one bar per series side by side, labelled with their values
    where the labels fit over the bars (a table beside the chart gives the values otherwise)."""
    drawing = _canvas(width, height, title, series, lines=False)
    chart = _BarsWithMarks(withheld_mark, value_format)
    chart.x, chart.y = LEFT, BOTTOM
    chart.width, chart.height = width - LEFT - 2 * mm, height - BOTTOM - TOP
    chart.data = [list(s.values) for s in series]
    chart.categoryAxis.categoryNames = [printable(c) for c in categories]
    _style_category_axis(chart.categoryAxis)
    _style_value_axis(chart.valueAxis, series, value_format)
    chart.barSpacing = 0.5
    chart.groupSpacing = 4 if len(series) > 1 else 6
    for index in range(len(series)):
        chart.bars[index].fillColor = FILLS[index % len(FILLS)]
        chart.bars[index].strokeColor = INK
        chart.bars[index].strokeWidth = 0.4
    drawing.add(chart)
    return drawing


def line_chart(categories: Sequence[str], series: Sequence[Series], *, title: str, withheld_mark: str = "",
               value_format: Formatter = whole_number, width: float = TEXT_WIDTH,
               height: float = HEIGHT) -> Drawing:
    """A line per series over the categories, each point marked and labelled; gaps where withheld."""
    drawing = _canvas(width, height, title, series, lines=True)
    chart = _LinesWithMarks(withheld_mark, value_format)
    chart.x, chart.y = LEFT, BOTTOM
    chart.width, chart.height = width - LEFT - 2 * mm, height - BOTTOM - TOP
    chart.data = [list(s.values) for s in series]
    chart.categoryAxis.categoryNames = [printable(c) for c in categories]
    _style_category_axis(chart.categoryAxis)
    _style_value_axis(chart.valueAxis, series, value_format)
    chart.joinedLines = False  # the lines are drawn by _LinesWithMarks, which can break them at gaps
    for index in range(len(series)):
        line = chart.lines[index]
        line.strokeColor = INK
        line.strokeWidth = 1.1
        line.strokeDashArray = DASHES[index % len(DASHES)]
        marker = makeMarker(MARKERS[index % len(MARKERS)])
        marker.size = 4
        marker.fillColor = INK if index % 2 == 0 else colors.white
        marker.strokeColor = INK
        line.symbol = marker
    drawing.add(chart)
    return drawing


def share_chart(labels: Sequence[str], shares: Sequence[float | None], *, title: str, withheld_mark: str = "",
                width: float = TEXT_WIDTH) -> Drawing:
    """Horizontal bars of each part's share of a whole (fractions 0–1), labelled in per cent."""
    row = 6.5 * mm
    label_room = min(60 * mm, max(25 * mm, max((len(label) for label in labels), default=10) * 1.6 * mm))
    height = TOP - 6 * mm + BOTTOM + row * max(1, len(labels))
    drawing = _canvas(width, height, title, (), lines=False)
    chart = _SharesWithMarks(withheld_mark)
    chart.x, chart.y = label_room, BOTTOM
    chart.width, chart.height = width - label_room - 14 * mm, row * max(1, len(labels))
    # Top to bottom in the order given: reportlab draws the first category at the bottom.
    chart.data = [[None if s is None else s * 100 for s in reversed(shares)]]
    chart.categoryAxis.categoryNames = [printable(label) for label in reversed(labels)]
    _style_category_axis(chart.categoryAxis)
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -2
    axis = chart.valueAxis
    axis.valueMin, axis.valueMax, axis.valueStep = 0, 100, 25
    axis.labelTextFormat = lambda value: printable(format_percent_value(value / 100))
    axis.labels.fontName, axis.labels.fontSize, axis.labels.fillColor = FONT, LABEL_SIZE, MUTED
    axis.strokeColor = RULE
    axis.visibleGrid, axis.gridStrokeColor, axis.gridStrokeWidth = True, RULE, 0.3
    chart.bars[0].fillColor, chart.bars[0].strokeColor, chart.bars[0].strokeWidth = FILLS[1], INK, 0.4
    chart.barSpacing, chart.groupSpacing = 0, 2.5
    drawing.add(chart)
    return drawing


def figure(drawing: Drawing, explanation: str) -> Flowable:
    """The chart with its short explanation underneath, kept on one page."""
    return KeepTogether([drawing, Spacer(0, 1 * mm), paragraph(explanation, styles()["small"]), Spacer(0, 3 * mm)])


# ---------------------------------------------------------------------------------------------------------


def _canvas(width: float, height: float, title: str, series: Sequence[Series], *, lines: bool) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(String(0, height - TITLE_SIZE, printable(title), fontName=BOLD, fontSize=TITLE_SIZE,
                       fillColor=INK))
    if len(series) > 1:
        drawing.add(_legend(series, height - TITLE_SIZE - 5 * mm, lines=lines))
    return drawing


def _legend(series: Sequence[Series], y: float, *, lines: bool) -> Group:
    group = Group()
    x = 0.0
    for index, item in enumerate(series):
        if lines:
            group.add(Line(x, y + 2.5, x + 9 * mm, y + 2.5, strokeColor=INK, strokeWidth=1.1,
                           strokeDashArray=DASHES[index % len(DASHES)]))
            marker = makeMarker(MARKERS[index % len(MARKERS)])
            marker.x, marker.y, marker.size = x + 4.5 * mm, y + 2.5, 4
            marker.fillColor = INK if index % 2 == 0 else colors.white
            marker.strokeColor = INK
            group.add(marker)
            x += 11 * mm
        else:
            group.add(Rect(x, y, 3.5 * mm, 2.2 * mm, fillColor=FILLS[index % len(FILLS)], strokeColor=INK,
                           strokeWidth=0.4))
            x += 5 * mm
        text = printable(item.name)
        group.add(String(x, y, text, fontName=FONT, fontSize=LABEL_SIZE, fillColor=INK))
        x += _text_width(text, LABEL_SIZE) + 6 * mm
    return group


def _text_width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, FONT, size)


def _style_category_axis(axis: Any) -> None:
    axis.labels.fontName, axis.labels.fontSize, axis.labels.fillColor = FONT, LABEL_SIZE, INK
    axis.strokeColor = RULE
    axis.visibleTicks = False


def _style_value_axis(axis: Any, series: Sequence[Series], value_format: Formatter) -> None:
    """From zero to a round top, with at most six steps of a round size, labelled in the language."""
    largest = max((float(v) for s in series for v in s.values if v is not None), default=0.0)
    step = _round_step(largest)
    axis.valueMin = 0
    axis.valueStep = step
    axis.valueMax = step * max(1, math.ceil(largest / step))
    axis.labelTextFormat = lambda value: printable(value_format(value))
    axis.labels.fontName, axis.labels.fontSize, axis.labels.fillColor = FONT, LABEL_SIZE, MUTED
    axis.strokeColor = RULE
    axis.visibleGrid, axis.gridStrokeColor, axis.gridStrokeWidth = True, RULE, 0.3


def _round_step(largest: float) -> float:
    """1, 2 or 5 times a power of ten: the smallest that covers `largest` in at most five steps."""
    if largest <= 5:
        return 1
    magnitude = 10 ** math.floor(math.log10(largest / 5))
    for factor in (1, 2, 5, 10):
        if largest / (factor * magnitude) <= 5:
            return factor * magnitude
    return 10 * magnitude


def _value_label(x: float, y: float, text: str, *, anchor: str = "middle") -> String:
    return String(x, y, printable(text), fontName=FONT, fontSize=VALUE_SIZE, fillColor=INK, textAnchor=anchor)


class _BarsWithMarks(VerticalBarChart):  # type: ignore[misc]
    """Bars labelled with their value; a withheld value gets its mark where the bar would stand."""

    def __init__(self, withheld_mark: str, value_format: Formatter) -> None:
        super().__init__()
        self._withheld_mark = withheld_mark
        self._value_format = value_format

    def draw(self) -> Group:
        group = super().draw()
        bars = [(value, position) for row, positions in zip(self.data, self._barPositions, strict=False)
                for value, position in zip(row, positions, strict=False)]
        # Values are printed only when each fits over its bar; the withheld mark always is.
        fits = all(_text_width(printable(self._value_format(value)), VALUE_SIZE) + 2 <= width + self.barSpacing
                   for value, (_x, _y, width, _h) in bars if value is not None)
        for value, (x, y, width, height) in bars:
            if value is None:
                group.add(_value_label(x + width / 2, y + 1.5, self._withheld_mark))
            elif fits:
                group.add(_value_label(x + width / 2, y + height + 1.5, self._value_format(value)))
        return group


class _LinesWithMarks(HorizontalLineChart):  # type: ignore[misc]
    """Points joined where neighbours are known and labelled with their value; a withheld value leaves a gap
    with its mark on the axis below."""

    def __init__(self, withheld_mark: str, value_format: Formatter) -> None:
        super().__init__()
        self._withheld_mark = withheld_mark
        self._value_format = value_format

    def draw(self) -> Group:
        group = super().draw()
        count = max((len(row) for row in self.data), default=0)
        step = self.width / max(1, count)
        for index_series, row in enumerate(self.data):
            style = self.lines[index_series]
            run: list[float] = []
            for index, value in enumerate([*row, None]):
                x = self.x + step * (index + 0.5)
                if value is None:
                    if len(run) >= 4:
                        group.insert(0, PolyLine(run, strokeColor=style.strokeColor, strokeWidth=style.strokeWidth,
                                           strokeDashArray=style.strokeDashArray))
                    run = []
                    if index < len(row):
                        group.add(_value_label(x, self.y + 2 + 7 * index_series, self._withheld_mark))
                    continue
                y = self.valueAxis.scale(value)
                run += [x, y]
                group.add(_value_label(x, y + 3.5, self._value_format(value)))
        return group


class _SharesWithMarks(HorizontalBarChart):  # type: ignore[misc]
    """Bars labelled with their share in per cent, or the withheld mark."""

    def __init__(self, withheld_mark: str) -> None:
        super().__init__()
        self._withheld_mark = withheld_mark

    def draw(self) -> Group:
        group = super().draw()
        for row, positions in zip(self.data, self._barPositions, strict=False):
            for value, (x, y, width, height) in zip(row, positions, strict=False):
                text = self._withheld_mark if value is None else format_percent_value(value / 100)
                group.add(_value_label(x + (width or 0) + 2, y + height / 2 - 2.2, text, anchor="start"))
        return group
