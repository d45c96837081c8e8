"""The background worker: results arrive on the GUI thread, and never reach a widget that is gone."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget

from navdesk.ui.worker import DbWorker


class Receiver(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.results: list[object] = []
        self.threads: list[str] = []

    def take(self, result: object) -> None:
        self.results.append(result)
        self.threads.append(threading.current_thread().name)


def test_the_result_comes_back_on_the_gui_thread(qtbot) -> None:
    worker = DbWorker()
    receiver = Receiver()
    qtbot.addWidget(receiver)
    worker.run(lambda: threading.current_thread().name, receiver.take)
    qtbot.waitUntil(lambda: worker.idle)
    assert receiver.results[0].startswith("navdesk-db")
    assert receiver.threads == [threading.main_thread().name]
    worker.shutdown()


def test_a_closed_widget_never_gets_its_late_result(qtbot) -> None:
    worker = DbWorker()
    receiver = Receiver()
    gate = threading.Event()
    changed: list[str] = []
    worker.changed.connect(changed.append)
    worker.run(lambda: gate.wait(5) and "late", receiver.take, changes="organisation")
    receiver.deleteLater()
    qtbot.waitUntil(lambda: not _exists(receiver))
    gate.set()
    qtbot.waitUntil(lambda: worker.idle)
    assert receiver.results == []
    assert changed == ["organisation"]  # other views still hear that data changed
    worker.shutdown()


def _exists(widget: QWidget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)
