"""Notices when nobody has touched the keyboard or mouse for a while, so that the screen can lock."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class IdleMonitor(QObject):
    """Emits `idle` once after `interval_ms` without user input anywhere in the application.

    The event filter only notes the time: restarting a timer on every mouse move would be wasteful.
    When the timer runs out it checks how long it has really been quiet and waits the rest if needed.
    """

    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._interval_ms = 0
        self._last_input = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    @property
    def interval_ms(self) -> int:
        return self._interval_ms

    def start(self, interval_ms: int) -> None:
        app = QCoreApplication.instance()
        if app is not None and not self._interval_ms:
            app.installEventFilter(self)
        self._interval_ms = max(1, interval_ms)
        self._last_input = time.monotonic()
        self._timer.start(self._interval_ms)

    def stop(self) -> None:
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None and self._interval_ms:
            app.removeEventFilter(self)
        self._interval_ms = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self._last_input = time.monotonic()
        return False

    def _check(self) -> None:
        if not self._interval_ms:
            return
        quiet_ms = int((time.monotonic() - self._last_input) * 1000)
        if quiet_ms >= self._interval_ms:
            self.idle.emit()
        else:
            self._timer.start(self._interval_ms - quiet_ms)
