"""Alt+1 to Alt+9 for the tabs of a tab widget whose tab titles carry no Alt letter.

Where a window's buttons, fields and menu bar already use most letters (the person card, the team area),
the tabs give theirs up: each tab is chosen with Alt and its number, shown as the tab's tooltip, and as
always with Ctrl+Tab or the arrow keys on the tab bar.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QWidget


def number_tabs(tabs: QTabWidget, owner: QWidget) -> None:
    """Alt+number for each of the first nine tabs, while the focus is within `owner`."""
    for index in range(min(tabs.count(), 9)):
        keys = QKeySequence(f"Alt+{index + 1}")
        shortcut = QShortcut(keys, owner)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda index=index: _choose(tabs, index))
        tabs.setTabToolTip(index, keys.toString(QKeySequence.SequenceFormat.NativeText))


def _choose(tabs: QTabWidget, index: int) -> None:
    if tabs.isVisible() and tabs.isTabEnabled(index):
        tabs.setCurrentIndex(index)
        tabs.tabBar().setFocus(Qt.FocusReason.ShortcutFocusReason)
