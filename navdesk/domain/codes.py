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


# Keyed by (code list, value): StrEnum members compare equal to their strings, so TeamType.OTHER and
# HouseholdRelation.OTHER would otherwise share one entry.
_LABELS: dict[tuple[type, str], str] = {}


def _register(labels: dict[StrEnum, str]) -> None:
    """Labels of ONE code list (within one list, values are unique)."""
    _LABELS.update({(type(code), code.value): text for code, text in labels.items()})


_register({Side.STATE: N_("State"), Side.MUNICIPAL: N_("Municipal"), Side.CLOSED: N_("Closed")})
_register({Role.VEILEDER: N_("Veileder"), Role.LEADER: N_("Leader"), Role.ADMIN: N_("Administrator")})
_register({
    TeamType.MOTTAK: N_("Reception (mottak)"),
    TeamType.OPPFOLGING: N_("Follow-up"),
    TeamType.UNGDOM: N_("Youth"),
    TeamType.GJELD: N_("Debt counselling"),
    TeamType.KVP: N_("KVP / close follow-up"),
    TeamType.FLYKTNING: N_("Refugees"),
    TeamType.OTHER: N_("Other"),
})

WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
            N_("Saturday"), N_("Sunday"))


def label(code: StrEnum) -> str:
    """The translated label of a code."""
    return _(_LABELS[(type(code), code.value)])


def weekday_label(weekday: int) -> str:
    return _(WEEKDAYS[weekday])


class Innsatsgruppe(StrEnum):
    """§14a innsatsgruppe: the legal names as codes, NAV's newer plain-language labels as labels."""

    STANDARD = "standard_innsats"
    SITUASJONSBESTEMT = "situasjonsbestemt_innsats"
    SPESIELT_TILPASSET = "spesielt_tilpasset_innsats"
    GRADERT_VARIG_TILPASSET = "gradert_varig_tilpasset_innsats"
    VARIG_TILPASSET = "varig_tilpasset_innsats"


class Hovedmal(StrEnum):
    SKAFFE_ARBEID = "skaffe_arbeid"
    BEHOLDE_ARBEID = "beholde_arbeid"


class HouseholdRelation(StrEnum):
    CHILD = "child"
    PARTNER = "partner"
    OTHER = "other"


_register({
    Innsatsgruppe.STANDARD: N_("Good prospects (standard innsats)"),
    Innsatsgruppe.SITUASJONSBESTEMT: N_("Needs guidance (situasjonsbestemt innsats)"),
    Innsatsgruppe.SPESIELT_TILPASSET: N_("Needs guidance – reduced work capacity (spesielt tilpasset innsats)"),
    Innsatsgruppe.GRADERT_VARIG_TILPASSET: N_("Can work partly (gradert varig tilpasset innsats)"),
    Innsatsgruppe.VARIG_TILPASSET: N_("Little prospect of working (varig tilpasset innsats)"),
})
_register({
    Hovedmal.SKAFFE_ARBEID: N_("Get work (skaffe arbeid)"),
    Hovedmal.BEHOLDE_ARBEID: N_("Keep work (beholde arbeid)"),
})
_register({
    HouseholdRelation.CHILD: N_("Child"),
    HouseholdRelation.PARTNER: N_("Partner"),
    HouseholdRelation.OTHER: N_("Other household member"),
})
