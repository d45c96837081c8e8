"""The signed-in staff member on whose behalf a service runs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from navdesk.domain.codes import Role
from navdesk.domain.errors import NotAllowed
from navdesk.i18n import _


@dataclass(frozen=True)
class Actor:
    staff_id: uuid.UUID
    login: str
    name: str
    roles: frozenset[Role]
    employer_municipality_id: uuid.UUID | None = None

    def has(self, *roles: Role) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def can_manage_organisation(self) -> bool:
        return self.has(Role.ADMIN, Role.LEADER)


def require(actor: Actor, *roles: Role) -> None:
    if not actor.has(*roles):
        raise NotAllowed(_("You do not have the role needed for this."))


def parse_roles(text: str) -> frozenset[Role]:
    return frozenset(Role(part) for part in text.split(",") if part)


def format_roles(roles: frozenset[Role] | set[Role]) -> str:
    return ",".join(sorted(role.value for role in roles))
