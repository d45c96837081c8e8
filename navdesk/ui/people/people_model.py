"""The search results as a table over an id list: rows are fetched a page at a time, when they show.

The database has already filtered and ordered the ids; this model never sorts. A row that is not
fetched yet shows an ellipsis and asks for its page once (`page_needed`); the view fetches it on the
worker and hands it back with the generation of the ids it belongs to, so late pages of an earlier
search are dropped.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from navdesk.domain.person_rules import language_name
from navdesk.i18n import _, format_date
from navdesk.services.search import PersonRow

PAGE_SIZE = 50
ID_ROLE = Qt.ItemDataRole.UserRole
PENDING = "…"

Index = QModelIndex | QPersistentModelIndex


def format_fnr(number: str) -> str:
    """Birth date and personal number apart, as it is read aloud and printed: 170590 12345."""
    return f"{number[:6]} {number[6:]}" if len(number) == 11 else number


def flag_texts(row: PersonRow) -> list[str]:
    flags = []
    if row.protected_address:
        flags.append(_("Protected address"))
    if row.interpreter_needed:
        flags.append(_("Interpreter ({language})").format(language=language_name(row.language)))
    if row.not_digital:
        flags.append(_("Not digital"))
    if row.archived:
        flags.append(_("Closed"))
    return flags


class PeopleModel(QAbstractTableModel):
    page_needed = Signal(int, int)  # generation, page number

    NAME, FNR, AGE, MUNICIPALITY, FLAGS, OWNER = range(6)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self._ids: list[uuid.UUID] = []
        self._rows: dict[uuid.UUID, PersonRow] = {}
        self._asked: set[int] = set()
        self._gone: set[uuid.UUID] = set()  # asked for, but no longer among those the user may find

    # --- filling -------------------------------------------------------------------------------------

    def set_people(self, ids: Sequence[uuid.UUID], rows: Sequence[PersonRow] = ()) -> int:
        """Show a new result; returns its generation, which page deliveries must quote."""
        self.beginResetModel()
        self.generation += 1
        self._ids = list(ids)
        self._rows = {row.id: row for row in rows}
        self._gone = set()
        self._asked = {page for page in range(self._pages()) if self._page_complete(page)}
        self.endResetModel()
        return self.generation

    def deliver(self, generation: int, page: int, rows: Sequence[PersonRow]) -> None:
        """A fetched page; ids the user may no longer find stay as they are and are not asked for again."""
        if generation != self.generation:
            return
        self._rows.update((row.id, row) for row in rows)
        self._gone.update(person_id for person_id in self.ids_of_page(page) if person_id not in self._rows)
        first, last = self._page_range(page)
        if first <= last:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))

    def ids_of_page(self, page: int) -> list[uuid.UUID]:
        first, last = self._page_range(page)
        return self._ids[first:last + 1]

    def person_id(self, row: int) -> uuid.UUID | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, person_id: uuid.UUID) -> int:
        return self._ids.index(person_id) if person_id in self._ids else -1

    def cached(self, person_id: uuid.UUID) -> PersonRow | None:
        return self._rows.get(person_id)

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
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (_("Name"), _("Fødselsnummer"), _("Age"), _("Municipality"), _("Notes"), _("Owner"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        person_id = self._ids[index.row()]
        if role == ID_ROLE:
            return person_id
        row = self._rows.get(person_id)
        if row is None:
            if role != Qt.ItemDataRole.DisplayRole or index.column() != self.NAME:
                return None
            if person_id in self._gone:
                return _("No longer available")
            self._ask(index.row() // PAGE_SIZE)
            return PENDING
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.AGE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _ask(self, page: int) -> None:
        if page not in self._asked:
            self._asked.add(page)
            self.page_needed.emit(self.generation, page)

    def _text(self, row: PersonRow, column: int) -> str:
        if column == self.NAME:
            return row.name
        if column == self.FNR:
            return format_fnr(row.fnr)
        if column == self.AGE:
            return str(row.age)
        if column == self.MUNICIPALITY:
            return row.municipality
        if column == self.FLAGS:
            return ", ".join(flag_texts(row))
        return row.owner

    def _tooltip(self, row: PersonRow, column: int) -> str | None:
        if column == self.AGE:
            return _("Born {date}").format(date=format_date(row.birth_date, "long"))
        if column == self.FLAGS and row.protected_address:
            return "\n".join([*flag_texts(row), _("Strengt fortrolig adresse: the address is never shown or printed.")])
        if column in (self.FLAGS, self.OWNER):
            return self._text(row, column) or None
        return None
