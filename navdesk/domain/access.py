"""The access policy: who may find, read, change, print and export what about a person.

Every search, card, list, count, report, print, export and command-line call asks `decide()` (or one
of the helpers built on it) before it shows or touches a person's data. The rules, in order — the
first that applies decides (DESIGN §3, explained with their test cases in `docs/access-policy.md`):

1. Conflict of interest: a conflicted staff member gets nothing about the person, whatever else holds.
2. Staff without the veileder or leader role (an administrator) get no person data at all.
3. A protected address (strengt fortrolig) is never shown, printed or exported, to anyone.
4. Own authorisation gives every action: state side at an office serving the person; municipal
   side for the responsible municipality and service, directly or through a host agreement in force
   on the day that covers that member and that service; a closed area to the staff named on it.
5. Closed areas open to nobody else: neither consent nor emergency access reaches them.
6. Consent in force opens its scope to its parties for reading (find, read, print).
7. Emergency access opens the person to the asker for reading on screen (find, read), flagged.
8. Otherwise: refused, with the most helpful reason that is not itself sensitive.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from navdesk.domain.access_types import (
    ALL_SERVICES,
    GLANCING,
    PERSON_DATA,
    READING,
    Action,
    ConsentFacts,
    ConsentState,
    DataKind,
    Decision,
    HostAgreementFacts,
    ItemFacts,
    PersonFacts,
    Reason,
    StaffFacts,
    service_matches,
)
from navdesk.domain.codes import Role, Side
from navdesk.i18n import _

Agreements = Collection[HostAgreementFacts]

EMERGENCY_REASON_MIN = 20
EMERGENCY_REASON_MAX = 500


def decide(staff: StaffFacts, person: PersonFacts, item: ItemFacts, action: Action, *,
           on: date, agreements: Agreements = ()) -> Decision:
    """Whether `staff` may do `action` with `item` of `person` on the day `on`.

    `agreements` are all host agreements known (the policy picks those in force on `on`); pass
    today's date for live use. Total: every combination of facts gives a Decision with a reason.
    """
    side = item.side
    if staff.staff_id in person.conflicted_staff_ids:
        return Decision(Reason.DENIED_CONFLICT, side)
    if not staff.works_with_people:
        return Decision(_no_role_reason(staff), side)
    if item.kind is DataKind.ADDRESS and person.protected_address:
        return Decision(Reason.DENIED_PROTECTED_ADDRESS, side)
    own = _own_grant(staff, person, item, on, agreements)
    if own is not None:
        return own
    if side is Side.CLOSED:
        return Decision(Reason.DENIED_CLOSED, side)
    borrowed = _borrowed_access(staff, person, item, action, on, agreements)
    if borrowed is not None:
        return borrowed
    return Decision(_refusal_reason(staff, item), side)


def may_find(staff: StaffFacts, person: PersonFacts, *, on: date, agreements: Agreements = ()) -> bool:
    """Whether the person may appear in the staff member's search results, lists and counts."""
    return decide(staff, person, ItemFacts.person(), Action.FIND, on=on, agreements=agreements).allowed


def may_see_address(staff: StaffFacts, person: PersonFacts, *, on: date, agreements: Agreements = (),
                    action: Action = Action.READ) -> Decision:
    """The address on screen (READ) or on paper (PRINT): never for a protected address."""
    return decide(staff, person, ItemFacts.person(DataKind.ADDRESS), action, on=on, agreements=agreements)


def may_be_assigned(staff: StaffFacts, person: PersonFacts, *, on: date,
                    agreements: Agreements = ()) -> Decision:
    """Whether the staff member may become the person's contact veileder (or take them from a team).

    Only someone who serves the person by their own authorisation may get them; a conflicted staff
    member never does, and neither consent nor emergency access is enough.
    """
    return decide(staff, person, ItemFacts.person(), Action.CHANGE, on=on, agreements=agreements)


def visible_sides(staff: StaffFacts, person: PersonFacts, *, on: date,
                  agreements: Agreements = ()) -> frozenset[Side]:
    """The sides of the person the staff member may look into, for the card header and search results.

    A side is listed when some of its data is open to the staff member: the state side at a serving
    office; the municipal side when they work at least one service for the person's municipality or
    for one of the person's municipal records (items of other services stay withheld); a side in a
    consent to them; both sides under emergency access; the closed side only for staff named on one
    of the person's closed areas. Each item is still judged by `decide()`.
    """
    if staff.staff_id in person.conflicted_staff_ids or not staff.works_with_people:
        return frozenset()
    emergency = person.person_id in staff.emergency_person_ids
    consented = {side for consent in _active_consents_to(staff, person, on, agreements)
                 if not consent.kinds or consent.kinds - PERSON_DATA for side in consent.sides}
    sides: set[Side] = set()
    if emergency or Side.STATE in consented or _state_grant(staff, person) is not None:
        sides.add(Side.STATE)
    if emergency or Side.MUNICIPAL in consented or _municipal_person_grant(staff, person, on, agreements):
        sides.add(Side.MUNICIPAL)
    if staff.named_closed_area_ids & person.closed_area_ids:
        sides.add(Side.CLOSED)
    return frozenset(sides)


@dataclass(frozen=True, slots=True)
class StaffReach:
    """Everyone a staff member may find on one day, flattened so that a query can filter by it.

    Search and worklists over many people should turn `admits()` into SQL (the same predicate, term
    for term) instead of calling `may_find()` per row; the tests prove the two always agree.
    `municipal_services` holds (municipality, service code or "" for every service) pairs the staff
    member works, directly or through host agreements in force on `on`.
    """

    staff_id: uuid.UUID
    on: date
    works_with_people: bool
    state_office_ids: frozenset[uuid.UUID]
    municipal_services: frozenset[tuple[uuid.UUID, str]]
    closed_area_ids: frozenset[uuid.UUID]
    emergency_person_ids: frozenset[uuid.UUID]

    @property
    def municipality_ids(self) -> frozenset[uuid.UUID]:
        """Municipalities whose residents the staff member serves (for at least one service)."""
        return frozenset(municipality_id for municipality_id, _service in self.municipal_services)

    def admits(self, person: PersonFacts) -> bool:
        """Exactly `may_find()`: whether the person may appear in this staff member's results."""
        if not self.works_with_people or self.staff_id in person.conflicted_staff_ids:
            return False
        return bool(
            person.serving_office_ids & self.state_office_ids
            or person.residence_municipality_id in self.municipality_ids
            or any(self._works(record) for record in person.municipal_records)
            or person.closed_area_ids & self.closed_area_ids
            or person.person_id in self.emergency_person_ids
            or any(self._consent_admits(consent, person) for consent in person.consents)
        )

    def _works(self, record: tuple[uuid.UUID, str]) -> bool:
        municipality_id, service_code = record
        return record in self.municipal_services or (municipality_id, ALL_SERVICES) in self.municipal_services

    def _consent_admits(self, consent: ConsentFacts, person: PersonFacts) -> bool:
        return consent.state_on(self.on) is ConsentState.ACTIVE and bool(
            self.staff_id in consent.to_staff_ids
            or (consent.to_state and person.serving_office_ids & self.state_office_ids)
            or consent.to_municipality_ids & self.municipality_ids
        )


def reach(staff: StaffFacts, *, on: date, agreements: Agreements = ()) -> StaffReach:
    """The staff member's reach on the day `on` (see StaffReach)."""
    services = {(auth.municipality_id, auth.service_code) for auth in staff.municipal}
    for agreement in _in_force(agreements, on):
        for member_id, covered in agreement.coverage:
            services.update(
                (member_id, _narrower(auth.service_code, covered)) for auth in staff.municipal
                if auth.municipality_id == agreement.host_municipality_id
                and _services_overlap(auth.service_code, covered)
            )
    return StaffReach(
        staff_id=staff.staff_id, on=on, works_with_people=staff.works_with_people,
        state_office_ids=staff.office_ids if staff.state_authorised else frozenset(),
        municipal_services=frozenset(services), closed_area_ids=staff.named_closed_area_ids,
        emergency_person_ids=staff.emergency_person_ids,
    )


def can_use_emergency_access(staff: StaffFacts, person: PersonFacts) -> Decision:
    """Whether the staff member may break the glass for this person (the reason is checked separately).

    Never for a conflicted staff member nor for someone without the veileder or leader role.
    """
    if staff.staff_id in person.conflicted_staff_ids:
        return Decision(Reason.DENIED_CONFLICT)
    if not staff.works_with_people:
        return Decision(_no_role_reason(staff))
    return Decision(Reason.EMERGENCY, via=person.person_id)


def emergency_reason_error(text: str) -> str | None:
    """The message to show next to the reason field, or None when the written reason will do."""
    reason = text.strip()
    if not reason:
        return _("Write why you need emergency access.")
    if len(reason) < EMERGENCY_REASON_MIN:
        return _("Write at least {count} characters: your leader reviews this reason.").format(
            count=EMERGENCY_REASON_MIN)
    if len(reason) > EMERGENCY_REASON_MAX:
        return _("At most {count} characters.").format(count=EMERGENCY_REASON_MAX)
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in reason):
        return _("Control characters are not allowed.")
    return None


def _no_role_reason(staff: StaffFacts) -> Reason:
    return Reason.DENIED_ADMIN if Role.ADMIN in staff.roles else Reason.DENIED_NO_AUTHORISATION


def _own_grant(staff: StaffFacts, person: PersonFacts, item: ItemFacts, on: date,
               agreements: Agreements) -> Decision | None:
    if item.side is None:
        return (_state_grant(staff, person) or _municipal_person_grant(staff, person, on, agreements)
                or _closed_person_grant(staff, person))
    if item.side is Side.STATE:
        return _state_grant(staff, person)
    if item.side is Side.MUNICIPAL:
        assert item.responsible_municipality_id is not None  # guaranteed by ItemFacts
        return _municipal_grant(staff, item.responsible_municipality_id, item.service_code, on, agreements)
    if item.closed_area_id in staff.named_closed_area_ids:
        return Decision(Reason.NAMED_ON_CLOSED, Side.CLOSED, item.closed_area_id)
    return None


def _state_grant(staff: StaffFacts, person: PersonFacts) -> Decision | None:
    if staff.state_authorised and staff.office_ids & person.serving_office_ids:
        return Decision(Reason.STATE_AUTHORISED, Side.STATE)
    return None


def _municipal_grant(staff: StaffFacts, municipality_id: uuid.UUID, service_code: str, on: date,
                     agreements: Agreements) -> Decision | None:
    """Municipal data of one municipality and service: direct authorisation, else a host agreement."""
    if _authorised_at(staff, municipality_id, service_code):
        return Decision(Reason.MUNICIPAL_DIRECT, Side.MUNICIPAL)
    for agreement in _in_force(agreements, on):
        if (agreement.covers(municipality_id, service_code)
                and _authorised_at(staff, agreement.host_municipality_id, service_code)):
            return Decision(Reason.MUNICIPAL_HOST_AGREEMENT, Side.MUNICIPAL, agreement.agreement_id)
    return None


def _municipal_person_grant(staff: StaffFacts, person: PersonFacts, on: date,
                            agreements: Agreements) -> Decision | None:
    """The person through the municipal side: serving their residence municipality, or any record."""
    grant = _serves_municipality(staff, person.residence_municipality_id, on, agreements)
    if grant is not None:
        return grant
    for municipality_id, service_code in sorted(person.municipal_records):
        grant = _municipal_grant(staff, municipality_id, service_code, on, agreements)
        if grant is not None:
            return grant
    return None


def _serves_municipality(staff: StaffFacts, municipality_id: uuid.UUID, on: date,
                         agreements: Agreements) -> Decision | None:
    """Working any service for the municipality, directly or through a host agreement in force."""
    if any(auth.municipality_id == municipality_id for auth in staff.municipal):
        return Decision(Reason.MUNICIPAL_DIRECT, Side.MUNICIPAL)
    for agreement in _in_force(agreements, on):
        for member_id, covered in sorted(agreement.coverage):
            if member_id == municipality_id and any(
                auth.municipality_id == agreement.host_municipality_id
                and _services_overlap(auth.service_code, covered)
                for auth in staff.municipal
            ):
                return Decision(Reason.MUNICIPAL_HOST_AGREEMENT, Side.MUNICIPAL, agreement.agreement_id)
    return None


def _closed_person_grant(staff: StaffFacts, person: PersonFacts) -> Decision | None:
    named = sorted(staff.named_closed_area_ids & person.closed_area_ids)
    return Decision(Reason.NAMED_ON_CLOSED, None, named[0]) if named else None


def _authorised_at(staff: StaffFacts, municipality_id: uuid.UUID, service_code: str) -> bool:
    return any(auth.municipality_id == municipality_id and service_matches(auth.service_code, service_code)
               for auth in staff.municipal)


def _services_overlap(first: str, second: str) -> bool:
    return ALL_SERVICES in (first, second) or first == second


def _narrower(first: str, second: str) -> str:
    """Of two overlapping service codes, the one that says more ("" is every service)."""
    return second if first == ALL_SERVICES else first


def _in_force(agreements: Agreements, on: date) -> list[HostAgreementFacts]:
    # Sorted so that `via` names the same agreement every time when two would do.
    return sorted((a for a in agreements if a.in_force(on)), key=lambda a: (a.valid_from, a.agreement_id))


def _borrowed_access(staff: StaffFacts, person: PersonFacts, item: ItemFacts, action: Action, on: date,
                     agreements: Agreements) -> Decision | None:
    """Access through the person's consent or emergency access, or the consent-related refusal."""
    side = item.side
    covering = [c for c in person.consents if _consent_covers(c, staff, person, item, on, agreements)]
    active = [c for c in covering if c.state_on(on) is ConsentState.ACTIVE]
    emergency = person.person_id in staff.emergency_person_ids
    if active and action in READING:
        return Decision(Reason.CONSENT, side, active[0].consent_id)
    if emergency and action in GLANCING:
        return Decision(Reason.EMERGENCY, side, person.person_id)
    if active:
        return Decision(Reason.DENIED_CONSENT_READ_ONLY, side)
    if emergency:
        return Decision(Reason.DENIED_EMERGENCY_READ_ONLY, side)
    states = {c.state_on(on) for c in covering}
    if ConsentState.WITHDRAWN in states:
        return Decision(Reason.DENIED_CONSENT_WITHDRAWN, side)
    if ConsentState.EXPIRED in states:
        return Decision(Reason.DENIED_CONSENT_EXPIRED, side)
    return None


def _active_consents_to(staff: StaffFacts, person: PersonFacts, on: date,
                        agreements: Agreements) -> list[ConsentFacts]:
    return [c for c in person.consents
            if c.state_on(on) is ConsentState.ACTIVE and _is_party(c, staff, person, on, agreements)]


def _consent_covers(consent: ConsentFacts, staff: StaffFacts, person: PersonFacts, item: ItemFacts,
                    on: date, agreements: Agreements) -> bool:
    """Whether the consent's parties include the staff member and its data includes the item."""
    return _is_party(consent, staff, person, on, agreements) and _in_scope(consent, item)


def _is_party(consent: ConsentFacts, staff: StaffFacts, person: PersonFacts, on: date,
              agreements: Agreements) -> bool:
    return (staff.staff_id in consent.to_staff_ids
            or (consent.to_state and _state_grant(staff, person) is not None)
            or any(_serves_municipality(staff, municipality_id, on, agreements) is not None
                   for municipality_id in consent.to_municipality_ids))


def _in_scope(consent: ConsentFacts, item: ItemFacts) -> bool:
    if item.kind is DataKind.IDENTITY:
        # A party must know whom the consent is about, whatever else it covers.
        return True
    if consent.kinds and item.kind not in consent.kinds:
        return False
    if item.side is None:
        return True
    return item.side in consent.sides and (not consent.service_codes or item.service_code in consent.service_codes)


def _refusal_reason(staff: StaffFacts, item: ItemFacts) -> Reason:
    if item.side is Side.STATE and staff.state_authorised:
        return Reason.DENIED_OTHER_OFFICE
    if item.side is Side.MUNICIPAL and any(
        auth.municipality_id != item.responsible_municipality_id
        and service_matches(auth.service_code, item.service_code)
        for auth in staff.municipal
    ):
        return Reason.DENIED_NO_AGREEMENT
    return Reason.DENIED_NO_AUTHORISATION
