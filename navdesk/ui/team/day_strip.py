"""The days 1–31 of the month in a row or two: which are covered by the assignment rules (or chosen in a rule).

The strip is a picture of what the line of text under it says in words; each day's tooltip names the
rules that take people born on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from navdesk.domain.assignment import DAYS

STRIP_STYLE = """
QLabel#day { border: 1px solid #c6cbd1; border-radius: 3px; padding: 2px 0; font-size: 9pt; }
QLabel#day[state="on"] { background: #e3f1e6; color: #1f5c2e; border-color: #9ccaa7; }
QLabel#day[state="gap"] { background: #c30000; color: #ffffff; border-color: #8c0000; font-weight: 600; }
QLabel#day[state="off"] { background: #f4f5f6; color: #8a929b; }
"""


class DayStrip(QWidget):
    def __init__(self, per_row: int = len(DAYS)) -> None:
        super().__init__()
        self.setStyleSheet(STRIP_STYLE)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.days: dict[int, QLabel] = {}
        for index, day in enumerate(DAYS):
            label = QLabel(str(day))
            label.setObjectName("day")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance("31") + 8)
            self.days[day] = label
            layout.addWidget(label, index // per_row, index % per_row)

    def show_coverage(self, uncovered: Iterable[int], rules_by_day: Mapping[int, Iterable[str]]) -> None:
        """Red for the days some person would match no rule on; the tooltip names the rules of the day."""
        gaps = set(uncovered)
        for day, label in self.days.items():
            self._paint(label, "gap" if day in gaps else "on")
            names = list(rules_by_day.get(day, ()))
            label.setToolTip("\n".join(names))

    def show_chosen(self, chosen: Iterable[int]) -> None:
        """A rule's own days: every day when it names none."""
        days = set(chosen) or set(DAYS)
        for day, label in self.days.items():
            self._paint(label, "on" if day in days else "off")
            label.setToolTip("")

    def state(self, day: int) -> str:
        return str(self.days[day].property("state"))

    @staticmethod
    def _paint(label: QLabel, state: str) -> None:
        if label.property("state") != state:
            label.setProperty("state", state)
            label.style().unpolish(label)
            label.style().polish(label)
