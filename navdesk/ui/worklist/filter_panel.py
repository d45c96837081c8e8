"""The ready-made filters, grouped as in NAV's portefølje, each with how many people it holds.

Ticking several combines them (a person must meet all); "Everyone" is ticked when nothing else is.
Space or Enter ticks the filter under the cursor. The counts come separately from the list (they cost
more), so a filter shows an ellipsis until its count arrives.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPainter
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from navdesk.i18n import _, format_number
from navdesk.services.worklist import Filter, FilterCount, FilterGroup, filter_group, filter_label
from navdesk.ui.people.people_model import PENDING

FILTER_ROLE = Qt.ItemDataRole.UserRole
COUNT_ROLE = Qt.ItemDataRole.UserRole + 1


def _group_heading(group: FilterGroup) -> str:
    return {FilterGroup.STATUS: _("Status"), FilterGroup.DEADLINES: _("Deadlines"),
            FilterGroup.OWN: _("My own")}[group]


class CountDelegate(QStyledItemDelegate):
    """Draws each filter's count at the right edge of its line."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        text = index.data(COUNT_ROLE)
        if text is None:
            return
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        painter.setPen(palette.highlightedText().color() if selected else palette.text().color())
        rect = option.rect.adjusted(0, 0, -8, 0)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), str(text))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        room = option.fontMetrics.horizontalAdvance(" 100 000") + 8
        return QSize(size.width() + room, size.height())


class FilterPanel(QListWidget):
    changed = Signal()  # the user ticked or unticked a filter

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("worklistFilters")
        self.setAccessibleName(_("Filters"))
        self.setItemDelegate(CountDelegate(self))
        self.setUniformItemSizes(True)
        self._items: dict[Filter, QListWidgetItem] = {}
        self._quiet = False
        self._add(Filter.ALL)
        group: FilterGroup | None = None
        for key in Filter:
            if key is Filter.ALL:
                continue
            if filter_group(key) is not group:
                group = filter_group(key)
                self._heading(_group_heading(group))
            self._add(key)
        self._items[Filter.ALL].setCheckState(Qt.CheckState.Checked)
        self.setCurrentItem(self._items[Filter.ALL])
        self.itemChanged.connect(self._ticked)
        self.setMinimumWidth(self.sizeHintForColumn(0) + 2 * self.frameWidth() + 24)

    def _heading(self, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = QFont(self.font())
        font.setBold(True)
        item.setFont(font)
        self.addItem(item)

    def _add(self, key: Filter) -> None:
        item = QListWidgetItem(filter_label(key))
        item.setData(FILTER_ROLE, key.value)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        item.setData(COUNT_ROLE, PENDING)
        self._items[key] = item
        self.addItem(item)

    # --- what is chosen -------------------------------------------------------------------------------

    def chosen(self) -> tuple[Filter, ...]:
        """The ticked filters, in their own order; empty for everyone."""
        return tuple(key for key, item in self._items.items()
                     if key is not Filter.ALL and item.checkState() == Qt.CheckState.Checked)

    def choose(self, keys: Iterable[Filter]) -> None:
        """Tick exactly these filters (a saved filter being opened); does not announce a change."""
        wanted = set(keys) - {Filter.ALL}
        self._quiet = True
        for key, item in self._items.items():
            on = key in wanted if key is not Filter.ALL else not wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self._quiet = False

    def _ticked(self, item: QListWidgetItem) -> None:
        if self._quiet or item.data(FILTER_ROLE) is None:
            return
        key = Filter(item.data(FILTER_ROLE))
        if key is Filter.ALL and item.checkState() != Qt.CheckState.Checked and not self.chosen():
            self.choose(())  # "Everyone" stays ticked until another filter is
            return
        self.choose(() if key is Filter.ALL else self.chosen())
        self.changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None \
                and item.data(FILTER_ROLE) is not None:
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
            return
        super().keyPressEvent(event)

    # --- counts ---------------------------------------------------------------------------------------

    def set_counts(self, counts: Sequence[FilterCount]) -> None:
        for count in counts:
            item = self._items.get(count.filter)
            if item is not None:
                self._show_count(item, format_number(count.count))

    def clear_counts(self) -> None:
        for item in self._items.values():
            self._show_count(item, PENDING)

    def _show_count(self, item: QListWidgetItem, text: str) -> None:
        self._quiet = True
        item.setData(COUNT_ROLE, text)
        label = filter_label(Filter(item.data(FILTER_ROLE)))
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{label}: {text}")
        self._quiet = False

    def count_text(self, key: Filter) -> str:
        return str(self._items[key].data(COUNT_ROLE))

    def item_of(self, key: Filter) -> QListWidgetItem:
        return self._items[key]
