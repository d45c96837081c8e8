"""Database work off the GUI thread.

One background thread runs operations in order (SQLite wants one writer); results come back to the
GUI thread by a queued signal. After an operation that changes data, `changed` tells every open view
to refresh. Modelled on Anki's CollectionOp.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from navdesk.domain.errors import UserError
from navdesk.i18n import _

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class DbWorker(QObject):
    changed = Signal(str)  # what changed: "organisation", "staff", "person", ...
    _finished = Signal(object, object, object, object)  # on_done, on_error, result, error
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="navdesk-db")
        self._pending = 0
        self._finished.connect(self._deliver)

    def run(
        self,
        operation: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        *,
        changes: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Run `operation` in the background; call `on_done(result)` or `on_error(exc)` on the GUI thread.

        Without `on_error`, a user error is shown in a message box over `parent`, and a bug is logged
        with its traceback and shown as a short apology.
        """
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)

        def finish(result: Any) -> None:
            if changes:
                self.changed.emit(changes)
            if on_done is not None and _alive(on_done, parent):
                on_done(result)

        def fail(error: BaseException) -> None:
            if on_error is not None:
                if _alive(on_error, parent):
                    on_error(error)
            elif parent is None or shiboken6.isValid(parent):
                show_error(parent, error)

        def job() -> None:
            try:
                result = operation()
            except BaseException as error:  # noqa: BLE001 - everything goes back to the GUI thread
                if not isinstance(error, UserError):
                    log.error("operation failed\n%s", "".join(traceback.format_exception(error)))
                self._finished.emit(None, fail, None, error)
            else:
                self._finished.emit(finish, None, result, None)

        self._pool.submit(job)

    @Slot(object, object, object, object)
    def _deliver(self, on_done: Any, on_error: Any, result: Any, error: Any) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        if error is not None:
            on_error(error)
        else:
            on_done(result)

    @property
    def idle(self) -> bool:
        return self._pending == 0

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)


def _alive(callback: Callable[..., Any], parent: QWidget | None) -> bool:
    """False when the widget that asked is gone (closed while its work was running): drop the result."""
    owner = getattr(callback, "__self__", None)
    return all(shiboken6.isValid(widget) for widget in (owner, parent) if isinstance(widget, QObject))


def show_error(parent: QWidget | None, error: BaseException) -> None:
    if isinstance(error, UserError):
        QMessageBox.warning(parent, _("navdesk"), error.message)
    else:
        QMessageBox.critical(
            parent,
            _("navdesk"),
            _("Something went wrong and nothing was saved. The details are in the log file."),
        )
