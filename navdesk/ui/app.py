"""Starting the GUI: friendly environment errors, database opening, login, main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from navdesk.domain.errors import UserError
from navdesk.i18n import _
from navdesk.services.startup import open_database


def run_gui(target: str, *, demo_on_first_start: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    try:
        db = open_database(target)
    except UserError as error:
        QMessageBox.critical(None, _("navdesk"), error.message)
        return 1
    db.dispose()
    return int(app.exec())
