"""The activities of one person as table rows. A plan holds tens of activities, not thousands: the
database filters, and sorting by a column happens in the view's proxy over `SORT_ROLE`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from navdesk.domain.plans import STATUS_ORDER
from navdesk.i18n import _, format_date
from navdesk.services.plan_types import ActivityCard
from navdesk.ui.plans.activity_format import mark_texts, spoken_text

CARD_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_TEXT = QColor("#a00000")
STATUS_RANK = {status.value: rank for rank, status in enumerate(STATUS_ORDER)}

Index = QModelIndex | QPersistentModelIndex


class ActivityListModel(QAbstractTableModel):
    KIND, TITLE, DETAILS, STATUS, FROM, TO, MARKS = range(7)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._cards: list[ActivityCard] = []

    def set_cards(self, cards: Sequence[ActivityCard]) -> None:
        self.beginResetModel()
        self._cards = list(cards)
        self.endResetModel()

    def card(self, row: int) -> ActivityCard | None:
        return self._cards[row] if 0 <= row < len(self._cards) else None

    def cards(self) -> list[ActivityCard]:
        return list(self._cards)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._cards)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (_("Kind"), _("Title"), _("What and where"), _("Status"), _("From"), _("To"), _("Marks"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        card = self.card(index.row()) if index.isValid() else None
        if card is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(card, column)
        if role == SORT_ROLE:
            return self._sort_key(card, column)
        if role == CARD_ROLE:
            return card
        if role == Qt.ItemDataRole.ToolTipRole:
            return spoken_text(card)
        if role == Qt.ItemDataRole.ForegroundRole and card.overdue and column in (self.TO, self.MARKS):
            return OVERDUE_TEXT
        return None

    def _text(self, card: ActivityCard, column: int) -> str:
        return (card.type_label, card.title, card.subtitle, card.status_label, format_date(card.from_date),
                format_date(card.to_date), ", ".join(mark_texts(card)))[column]

    def _sort_key(self, card: ActivityCard, column: int) -> Any:
        if column == self.STATUS:
            return STATUS_RANK[card.status]
        if column in (self.FROM, self.TO):
            # Empty dates last in ascending order; ISO text compares like the dates.
            value = card.from_date if column == self.FROM else card.to_date
            return (value or date.max).isoformat()
        if column == self.MARKS:
            # Overdue first, then agreed, closed ones last.
            return (0 if card.overdue else 2) + (0 if card.agreed else 1) + (4 if card.locked else 0)
        return self._text(card, column).casefold()
