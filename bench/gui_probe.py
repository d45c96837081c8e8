"""Started in a fresh process by the bench: time to an interactive window, and the GUI's peak memory.

`bare`: a plain PySide6 window (the yardstick). `navdesk`: open the database, sign in as `leder`,
show the main window; then search and open cards as a user would and report the peak memory.
The parent measures from just before it starts this process to the line "ready" on standard output.
"""

from __future__ import annotations

import json
import os
import sys
import time


def _peak_memory_mb() -> float:
    try:
        import resource
    except ImportError:  # Windows: the bench is a developer tool for Linux
        return float("nan")
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bare() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.resize(1280, 760)
    window.show()
    QTimer.singleShot(0, lambda: (print("ready", flush=True), app.quit()))
    app.exec()


def navdesk(db_path: str) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from navdesk.services import auth, settings
    from navdesk.services.startup import open_database
    from navdesk.ui.app import apply_look
    from navdesk.ui.context import UiContext
    from navdesk.ui.main_window import MainWindow
    from navdesk.ui.worker import DbWorker

    app = QApplication(sys.argv)
    apply_look(app)
    db = open_database(db_path)
    actor = auth.authenticate(db, "leder", "demo")
    worker = DbWorker()
    window = MainWindow(UiContext(db=db, worker=worker, actor=actor, is_demo=settings.is_demo(db)))
    window.show()

    def ready() -> None:
        print("ready", flush=True)
        QTimer.singleShot(0, exercise)

    def exercise() -> None:
        from navdesk.services import card, search

        started = time.perf_counter()
        for query in ("an", "ol", "han", "ber", "kri", "nor", "jo", "li", "an", "mar"):
            found = search.search_people(db, actor, query)
            search.people_rows(db, actor, found.ids[:60])
            for person_id in found.ids[:3]:
                card.open_card(db, actor, person_id)
        print(json.dumps({"peak_mb": _peak_memory_mb(), "exercise_s": time.perf_counter() - started}), flush=True)
        worker.shutdown()
        app.quit()

    QTimer.singleShot(0, ready)
    app.exec()


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if sys.argv[1] == "bare":
        bare()
    else:
        navdesk(sys.argv[2])
