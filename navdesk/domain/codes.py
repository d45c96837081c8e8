"""Code lists shared by every layer. Labels are marked for translation and translated where shown."""

from __future__ import annotations

from enum import StrEnum

from navdesk.i18n import N_, _


class Side(StrEnum):
    STATE = "state"
    MUNICIPAL = "municipal"
    CLOSED = "closed"


class Role(StrEnum):
    VEILEDER = "veileder"
    LEADER = "leader"
    ADMIN = "admin"


class TeamType(StrEnum):
    MOTTAK = "mottak"
    OPPFOLGING = "oppfolging"
    UNGDOM = "ungdom"
    GJELD = "gjeld"
    KVP = "kvp"
    FLYKTNING = "flyktning"
    OTHER = "other"


_LABELS: dict[StrEnum, str] = {
    Side.STATE: N_("State"),
    Side.MUNICIPAL: N_("Municipal"),
    Side.CLOSED: N_("Closed"),
    Role.VEILEDER: N_("Veileder"),
    Role.LEADER: N_("Leader"),
    Role.ADMIN: N_("Administrator"),
    TeamType.MOTTAK: N_("Reception (mottak)"),
    TeamType.OPPFOLGING: N_("Follow-up"),
    TeamType.UNGDOM: N_("Youth"),
    TeamType.GJELD: N_("Debt counselling"),
    TeamType.KVP: N_("KVP / close follow-up"),
    TeamType.FLYKTNING: N_("Refugees"),
    TeamType.OTHER: N_("Other"),
}

WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
            N_("Saturday"), N_("Sunday"))


def label(code: StrEnum) -> str:
    """The translated label of a code."""
    return _(_LABELS[code])


def weekday_label(weekday: int) -> str:
    return _(WEEKDAYS[weekday])
