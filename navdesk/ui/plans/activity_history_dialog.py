"""An activity's versions in words, newest first: when, who (NAV or the person), what changed."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from navdesk.i18n import _, format_datetime, ngettext
from navdesk.services import activities
from navdesk.services.plan_types import HistoryEntry
from navdesk.ui.context import UiContext
from navdesk.ui.setup.callbacks import while_alive


def entry_text(entry: HistoryEntry) -> str:
    """One version as a paragraph: "12.03.2026 14:05 · NAV (Ola Rud) · Moved" and then what changed."""
    head = " · ".join((format_datetime(entry.at), entry.who, entry.what))
    return "\n".join([head, *("    " + line for line in entry.lines)])


class ActivityHistoryDialog(QDialog):
    def __init__(self, ctx: UiContext, activity_id: uuid.UUID, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: tuple[HistoryEntry, ...] = ()
        self.setWindowTitle(_("History of “{title}”").format(title=title) if title else _("History"))
        self.resize(760, 520)
        heading = QLabel(_("Every change, newest first"))
        heading.setObjectName("dialogTitle")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_("When"), _("Who"), _("What")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.status = QLabel(_("Loading…"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        db, actor = ctx.db, ctx.actor
        ctx.worker.run(lambda: activities.activity_history(db, actor, activity_id), while_alive(self, self._loaded),
                       parent=self)

    def _loaded(self, entries: tuple[HistoryEntry, ...]) -> None:
        self.entries = entries
        self.tree.clear()
        for entry in entries:
            item = QTreeWidgetItem([format_datetime(entry.at), entry.who, entry.what])
            self.tree.addTopLevelItem(item)  # spanning a line over the columns needs it in the tree first
            for line in entry.lines:
                child = QTreeWidgetItem([line])
                item.addChild(child)
                child.setFirstColumnSpanned(True)
                child.setToolTip(0, line)
        self.tree.expandAll()
        # Measured on the versions only: the lines under them span all columns.
        metrics = self.tree.fontMetrics()
        for column in range(2):
            widest = max((metrics.horizontalAdvance(self.tree.topLevelItem(row).text(column))
                          for row in range(self.tree.topLevelItemCount())), default=80)
            self.tree.setColumnWidth(column, widest + 40)
        count = len(entries)
        self.status.setText(ngettext("{count} version", "{count} versions", count).format(count=count))
        if self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self.tree.setFocus()

    def texts(self) -> list[str]:
        """The history as it reads on screen (for tests and copying)."""
        return [entry_text(entry) for entry in self.entries]
