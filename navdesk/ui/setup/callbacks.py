"""Worker results for widgets that may be gone by the time the result arrives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtWidgets import QWidget


def while_alive(widget: QWidget, callback: Callable[[Any], None]) -> Callable[[Any], None]:
    """`callback`, skipped once `widget` has been destroyed (a view closed while its query still ran)."""

    def deliver(value: Any) -> None:
        if shiboken6.isValid(widget):
            callback(value)

    return deliver
