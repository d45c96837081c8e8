"""The worklist as a table over an id list: the database filters and sorts, rows come a page at a time.

The pattern of the People list (`people_model`): this model never sorts; a row not fetched yet shows
an ellipsis and asks for its page once (`page_needed`), and the view hands the page back with the
generation of the ids it belongs to, so that late pages of an earlier list are dropped. A first screen
can come before the whole list; `extend` then adds the rest below it without disturbing the screen.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from navdesk.domain.deadlines import DueKind, Severity
from navdesk.i18n import _, format_date
from navdesk.services.worklist import SortKey, WorklistRow
from navdesk.ui.people.people_model import ID_ROLE, PENDING, Index, format_fnr

OVERDUE_COLOUR = QColor("#c30000")
# About one screen at 768 pixels: the first request carries no more rows than show, since every row
# is judged and flagged (the cost of the worklist's first screen is mostly its rows).
PAGE_SIZE = 30

NAME, FNR, AGE, NEXT_DEADLINE, NOTES, VEILEDER, TEAM, MUNICIPALITY, INNSATS, LAST_CONTACT = range(10)
COLUMN_COUNT = 10

# The database order behind each column. Age runs against the birth date; the notes are a mix of
# things with no single order, so that column does not sort.
_SORTS: dict[int, tuple[SortKey, bool]] = {
    NAME: (SortKey.NAME, False), FNR: (SortKey.FNR, False), AGE: (SortKey.BIRTH_DATE, True),
    NEXT_DEADLINE: (SortKey.NEXT_DEADLINE, False), VEILEDER: (SortKey.VEILEDER, False), TEAM: (SortKey.TEAM, False),
    MUNICIPALITY: (SortKey.MUNICIPALITY, False), INNSATS: (SortKey.INNSATSGRUPPE, False),
    LAST_CONTACT: (SortKey.LAST_CONTACT, False),
}


def sort_for(column: int, order: Qt.SortOrder) -> tuple[SortKey, bool] | None:
    """The database sort (key, descending) for a click on `column`; None for a column that does not sort."""
    if column not in _SORTS:
        return None
    key, inverted = _SORTS[column]
    return key, (order == Qt.SortOrder.DescendingOrder) != inverted


def column_for(key: SortKey, descending: bool) -> tuple[int, Qt.SortOrder]:
    """Where the header shows a database sort (a sort no column shows leaves the indicator on the name)."""
    for column, (sort, inverted) in _SORTS.items():
        if sort is key:
            down = descending != inverted
            return column, Qt.SortOrder.DescendingOrder if down else Qt.SortOrder.AscendingOrder
    return NAME, Qt.SortOrder.AscendingOrder


def headings() -> tuple[str, ...]:
    return (_("Name"), _("Fødselsnummer"), _("Age"), _("Next deadline"), _("Notes"), _("Veileder"), _("Team"),
            _("Municipality"), _("Innsatsgruppe"), _("Last contact"))


def note_texts(row: WorklistRow) -> list[str]:
    """What the row's notes column says, most pressing first."""
    labels = [flag.label for flag in row.flags if flag.kind is not DueKind.REMINDER]
    # Several of a kind (three activities ending) are one note, with how many.
    texts = [label if labels.count(label) == 1 else _("{what} ({count})").format(what=label, count=labels.count(label))
             for label in dict.fromkeys(labels)]
    texts += [_("Reminder: {text}").format(text=item.text) for item in row.reminders]
    return texts + _standing(row)


def _note_lines(row: WorklistRow) -> list[str]:
    """The notes as a tooltip: each flag with its date and detail, each reminder with its deadline."""
    lines = []
    for flag in row.flags:
        if flag.kind is DueKind.REMINDER:
            continue  # the reminder itself follows, with its text
        line = _("{what}: {date}").format(what=flag.label, date=format_date(flag.due_on))
        if flag.severity is Severity.OVERDUE:
            line = _("{what} (overdue)").format(what=line)
        lines.append(f"{line} — {flag.detail}" if flag.detail else line)
    for item in row.reminders:
        when = format_date(item.deadline) if item.deadline else _("no deadline")
        lines.append(_("Reminder ({when}): {text}").format(when=when, text=item.text))
    return lines + _standing(row)


def _standing(row: WorklistRow) -> list[str]:
    """What holds for the person apart from deadlines."""
    texts = []
    if row.new_for_me:
        texts.append(_("New for me"))
    if row.covering_for:
        texts.append(_("Covering for {name}").format(name=row.covering_for))
    if row.handover:
        texts.append(row.handover)
    if row.protected_address:
        texts.append(_("Protected address"))
    if row.interpreter_needed:
        texts.append(_("Interpreter"))
    return texts


class WorklistModel(QAbstractTableModel):
    page_needed = Signal(int, int)  # generation, page number

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self.today = date.today()
        self._ids: list[uuid.UUID] = []
        self._rows: dict[uuid.UUID, WorklistRow] = {}
        self._asked: set[int] = set()
        self._gone: set[uuid.UUID] = set()  # asked for, but no longer in the reader's reach

    # --- filling -------------------------------------------------------------------------------------

    def set_people(self, ids: Sequence[uuid.UUID], rows: Sequence[WorklistRow] = ()) -> int:
        """Show a new list; returns its generation, which page deliveries must quote."""
        self.beginResetModel()
        self.generation += 1
        self.today = date.today()
        self._ids = list(ids)
        self._rows = {row.person_id: row for row in rows}
        self._gone = set()
        self._asked = {page for page in range(self._pages()) if self._page_complete(page)}
        self.endResetModel()
        return self.generation

    def extend(self, ids: Sequence[uuid.UUID]) -> bool:
        """The whole list after its first screen: the rows below are added, the screen stays as it is.
        False (and nothing done) when the list no longer begins with what is shown."""
        if list(ids[:len(self._ids)]) != self._ids:
            return False
        if len(ids) > len(self._ids):
            self.beginInsertRows(QModelIndex(), len(self._ids), len(ids) - 1)
            self._ids = list(ids)
            self.endInsertRows()
        return True

    def deliver(self, generation: int, page: int, rows: Sequence[WorklistRow]) -> None:
        """A fetched page; ids the reader may no longer find stay as they are and are not asked for again."""
        if generation != self.generation:
            return
        self._rows.update((row.person_id, row) for row in rows)
        self._gone.update(person_id for person_id in self.ids_of_page(page) if person_id not in self._rows)
        first, last = self._page_range(page)
        if first <= last:
            self.dataChanged.emit(self.index(first, 0), self.index(last, COLUMN_COUNT - 1))

    def ids_of_page(self, page: int) -> list[uuid.UUID]:
        first, last = self._page_range(page)
        return self._ids[first:last + 1]

    def person_id(self, row: int) -> uuid.UUID | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, person_id: uuid.UUID) -> int:
        return self._ids.index(person_id) if person_id in self._ids else -1

    def cached(self, person_id: uuid.UUID) -> WorklistRow | None:
        return self._rows.get(person_id)

    def ids(self) -> list[uuid.UUID]:
        return list(self._ids)

    def _pages(self) -> int:
        return (len(self._ids) + PAGE_SIZE - 1) // PAGE_SIZE

    def _page_range(self, page: int) -> tuple[int, int]:
        return page * PAGE_SIZE, min((page + 1) * PAGE_SIZE, len(self._ids)) - 1

    def _page_complete(self, page: int) -> bool:
        return all(person_id in self._rows for person_id in self.ids_of_page(page))

    # --- the model ------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return headings()[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == NOTES:
            return _("Deadlines, reminders and what else to know. Sort by Next deadline to see the most urgent "
                     "first.")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        person_id = self._ids[index.row()]
        if role == ID_ROLE:
            return person_id
        row = self._rows.get(person_id)
        if row is None:
            if role != Qt.ItemDataRole.DisplayRole or index.column() != NAME:
                return None
            if person_id in self._gone:
                return _("No longer available")
            self._ask(index.row() // PAGE_SIZE)
            return PENDING
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and self._overdue(row, column):
            return OVERDUE_COLOUR
        if role == Qt.ItemDataRole.TextAlignmentRole and column == AGE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _ask(self, page: int) -> None:
        if page not in self._asked:
            self._asked.add(page)
            self.page_needed.emit(self.generation, page)

    def _text(self, row: WorklistRow, column: int) -> str:
        if column == NAME:
            return row.name
        if column == FNR:
            return format_fnr(row.fnr)
        if column == AGE:
            return str(row.age)
        if column == NEXT_DEADLINE:
            return format_date(row.next_deadline)
        if column == NOTES:
            return ", ".join(note_texts(row))
        if column == VEILEDER:
            return row.veileder
        if column == TEAM:
            return row.team
        if column == MUNICIPALITY:
            return row.municipality
        if column == INNSATS:
            return row.innsatsgruppe
        return format_date(row.last_contact)

    def _tooltip(self, row: WorklistRow, column: int) -> str | None:
        if column == AGE:
            return _("Born {date}").format(date=format_date(row.birth_date, "long"))
        if column == NOTES:
            return "\n".join(_note_lines(row)) or None
        if column in (NAME, TEAM, VEILEDER, INNSATS):
            return self._text(row, column) or None
        return None

    def _overdue(self, row: WorklistRow, column: int) -> bool:
        if column == NEXT_DEADLINE:
            return row.next_deadline is not None and row.next_deadline < self.today
        if column == NOTES:
            return row.overdue > 0 or any(item.overdue for item in row.reminders)
        return False
