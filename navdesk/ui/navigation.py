"""The areas of the main window. Each area module registers itself here; the window lists them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from navdesk.services.actor import Actor
from navdesk.ui.context import UiContext


@dataclass(frozen=True)
class Area:
    key: str
    label: Callable[[], str]  # called after a language change, so it stays translated
    factory: Callable[[UiContext], QWidget]
    visible: Callable[[Actor], bool]
    order: int


def areas() -> list[Area]:
    """Every area, in navigation order. Imported here so that each area stays in its own package."""
    from navdesk.ui.calendar.calendar_view import AREA as calendar
    from navdesk.ui.home.home_view import AREA as home
    from navdesk.ui.people.people_view import AREA as people
    from navdesk.ui.reports.reports_view import AREA as reports
    from navdesk.ui.setup.setup_view import AREA as setup
    from navdesk.ui.team.team_view import AREA as team
    from navdesk.ui.walkins.walkins_view import AREA as walkins
    from navdesk.ui.worklist.worklist_view import AREA as worklist

    return sorted([home, people, reports, setup, team, worklist, walkins, calendar], key=lambda area: area.order)
