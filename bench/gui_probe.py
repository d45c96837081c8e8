"""Started in a fresh process by the bench: time to an interactive window, and the GUI's peak memory.

`bare`: a plain PySide6 window (the yardstick). `navdesk`: start as a user does — the login window,
then sign in as `leder` up to the main window; then search and open cards as a user would and report
the peak memory.
The parent measures from just before it starts this process to the line "ready" on standard output.
"""

from __future__ import annotations

import json
import os
import sys
import time


def _peak_memory_mb() -> float:
    """This program's peak resident memory. Linux's VmHWM, not getrusage's ru_maxrss: ru_maxrss survives
    execve, so a probe started by a big bench process would report the bench's own size (it did: 520 MB
    after the bench had built and imported databases, against 206 MB for the same probe on its own)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
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
    """The real start-up path (`Desk`): "ready" when the login window takes input, while the database
    may still be opening on the worker; then sign in as `leder` and time it up to the main window."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from navdesk.ui.app import Desk, apply_look
    from navdesk.ui.auth.login_dialog import LoginDialog

    app = QApplication(sys.argv)
    app.setQuitOnLastWindowClosed(False)
    apply_look(app)
    desk = Desk(db_path)
    desk.start()
    marks: dict[str, float] = {}

    def login_shown() -> LoginDialog | None:
        dialog = desk.dialog
        return dialog if isinstance(dialog, LoginDialog) and dialog.isVisible() else None

    def wait_for_login() -> None:
        dialog = login_shown()
        if dialog is None:
            QTimer.singleShot(2, wait_for_login)
            return
        QTimer.singleShot(0, lambda: ready(dialog))

    def ready(dialog: LoginDialog) -> None:
        print("ready", flush=True)
        dialog.login_edit.setText("leder")
        dialog.password_edit.setText("demo")
        marks["enter"] = time.perf_counter()
        dialog._sign_in()
        wait_for_window()

    def wait_for_window() -> None:
        if desk.window is None or not desk.window.isVisible():
            QTimer.singleShot(2, wait_for_window)
            return
        marks["window"] = time.perf_counter()
        QTimer.singleShot(0, exercise)

    def exercise() -> None:
        from navdesk.services import card, search

        db, actor = desk.db, desk.actor
        started = time.perf_counter()
        for query in ("an", "ol", "han", "ber", "kri", "nor", "jo", "li", "an", "mar"):
            found = search.search_people(db, actor, query)
            search.people_rows(db, actor, found.ids[:60])
            for person_id in found.ids[:3]:
                card.open_card(db, actor, person_id)
        print(json.dumps({"sign_in_ms": (marks["window"] - marks["enter"]) * 1000, "peak_mb": _peak_memory_mb(),
                          "exercise_s": time.perf_counter() - started}), flush=True)
        desk.shutdown()
        app.quit()

    QTimer.singleShot(0, wait_for_login)
    app.exec()


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if sys.argv[1] == "bare":
        bare()
    else:
        navdesk(sys.argv[2])
