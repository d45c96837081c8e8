"""The access policy (DESIGN §3) as a table of named cases, plus properties that must hold for any facts.

The world of the table is a slice of Hallingdal: the GOL office serves Gol and Hemsedal; Gol is
vertskommune for Hemsedal for three services (not debt counselling); Hol will host Ål's debt
counselling from 1 July 2025; Nesbyen hosted Flå's financial assistance until the end of 2024.
`docs/access-policy.md` names the case ids below that prove each rule.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from navdesk.domain.access import (
    EMERGENCY_REASON_MIN,
    can_use_emergency_access,
    decide,
    emergency_reason_error,
    may_be_assigned,
    may_find,
    may_see_address,
    reach,
    visible_sides,
)
from navdesk.domain.access_types import (
    PERSON_DATA,
    Action,
    ConsentFacts,
    DataKind,
    Decision,
    HostAgreementFacts,
    ItemFacts,
    MunicipalAuthorisation,
    PersonFacts,
    Reason,
    StaffFacts,
    data_kind_label,
)
from navdesk.domain.codes import Role, Side


def _id(n: int) -> uuid.UUID:
    return uuid.UUID(int=n)


GOL, HEMSEDAL, NESBYEN, FLAA, HOL, AAL = (_id(n) for n in range(3324, 3336, 2))
OFFICE_GOL, OFFICE_HOL, OFFICE_NES, OFFICE_FLAA, OFFICE_AAL = (_id(n) for n in range(100, 105))
SERVING = {GOL: OFFICE_GOL, HEMSEDAL: OFFICE_GOL, HOL: OFFICE_HOL, NESBYEN: OFFICE_NES, FLAA: OFFICE_FLAA,
           AAL: OFFICE_AAL}
ASKER, OTHER_STAFF = _id(1000), _id(1001)
PERSON = _id(2000)
BARNEVERN_AREA, OTHER_AREA = _id(3000), _id(3001)
CONSENT = _id(4000)
GOL_HOSTS_HEMSEDAL, HOL_HOSTS_AAL, NES_HOSTED_FLAA = _id(5000), _id(5001), _id(5002)

TODAY = date(2025, 6, 15)
AGREEMENTS = (
    HostAgreementFacts(GOL_HOSTS_HEMSEDAL, GOL, date(2019, 1, 1), None,
                       frozenset({(HEMSEDAL, "oko_stonad"), (HEMSEDAL, "oko_radgivning"), (HEMSEDAL, "kvp")})),
    HostAgreementFacts(HOL_HOSTS_AAL, HOL, date(2025, 7, 1), None, frozenset({(AAL, "gjeld")})),
    HostAgreementFacts(NES_HOSTED_FLAA, NESBYEN, date(2018, 1, 1), date(2024, 12, 31),
                       frozenset({(FLAA, "oko_stonad")})),
)

VEILEDER = frozenset({Role.VEILEDER})


def staff(*, roles: frozenset[Role] = VEILEDER, employer: uuid.UUID | None = None, state: bool = False,
          offices: tuple[uuid.UUID, ...] = (), municipal: tuple[tuple[uuid.UUID, str], ...] = (),
          named: tuple[uuid.UUID, ...] = (), emergency: tuple[uuid.UUID, ...] = ()) -> StaffFacts:
    return StaffFacts(
        staff_id=ASKER, roles=roles, employer_municipality_id=employer, state_authorised=state,
        office_ids=frozenset(offices),
        municipal=frozenset(MunicipalAuthorisation(m, s) for m, s in municipal),
        named_closed_area_ids=frozenset(named), emergency_person_ids=frozenset(emergency),
    )


def person(residence: uuid.UUID = GOL, *, protected: bool = False, conflicted: bool = False,
           consents: tuple[ConsentFacts, ...] = (), records: tuple[tuple[uuid.UUID, str], ...] = (),
           closed: tuple[uuid.UUID, ...] = ()) -> PersonFacts:
    return PersonFacts(
        person_id=PERSON, residence_municipality_id=residence, serving_office_ids=frozenset({SERVING[residence]}),
        protected_address=protected, conflicted_staff_ids=frozenset({ASKER}) if conflicted else frozenset(),
        consents=consents, municipal_records=frozenset(records), closed_area_ids=frozenset(closed),
    )


def consent(*, to: tuple[uuid.UUID, ...] = (ASKER,), sides: tuple[Side, ...] = (Side.MUNICIPAL,),
            given_on: date = date(2025, 1, 1), until: date | None = date(2025, 12, 31),
            withdrawn: date | None = None, to_state: bool = False, to_municipalities: tuple[uuid.UUID, ...] = (),
            services: tuple[str, ...] = (), kinds: tuple[DataKind, ...] = ()) -> ConsentFacts:
    return ConsentFacts(
        consent_id=CONSENT, given_on=given_on, sides=frozenset(sides), valid_until=until,
        withdrawn_on=withdrawn, to_staff_ids=frozenset(to), to_state=to_state,
        to_municipality_ids=frozenset(to_municipalities), service_codes=frozenset(services),
        kinds=frozenset(kinds),
    )


def muni(municipality: uuid.UUID, service: str = "oko_stonad", kind: DataKind = DataKind.CASE) -> ItemFacts:
    return ItemFacts.municipal(kind, municipality, service)


STATE_CASE = ItemFacts.state(DataKind.CASE, "aap")
STATE_NOTE = ItemFacts.state(DataKind.NOTE)
BARNEVERN = ItemFacts.closed(DataKind.CASE, BARNEVERN_AREA)
IDENTITY = ItemFacts.person()
ADDRESS = ItemFacts.person(DataKind.ADDRESS)
CONTACT = ItemFacts.person(DataKind.CONTACT)

STAT = staff(state=True, offices=(OFFICE_GOL,))  # state-employed veileder at GOL
KOMMUNE = staff(employer=GOL, municipal=((GOL, ""),))  # Gol-employed, all Gol services
EVERYTHING = staff(employer=GOL, state=True, offices=(OFFICE_GOL,), municipal=((GOL, ""), (HEMSEDAL, "")))
CONSENT_READER = staff(state=True, offices=(OFFICE_GOL,))  # the state veileder a consent names


@dataclass(frozen=True)
class Case:
    id: str
    staff: StaffFacts
    person: PersonFacts
    item: ItemFacts
    expected: Reason
    action: Action = Action.READ
    on: date = TODAY


CASES = [
    # --- the employer alone decides nothing; authorisations do -------------------------------------
    Case("employer-state-with-state-authorisation", STAT, person(), STATE_CASE, Reason.STATE_AUTHORISED),
    Case("employer-municipal-with-state-authorisation",
         staff(employer=GOL, state=True, offices=(OFFICE_GOL,)), person(), STATE_CASE, Reason.STATE_AUTHORISED),
    Case("employer-state-without-authorisation", staff(), person(), STATE_CASE,
         Reason.DENIED_NO_AUTHORISATION),
    Case("employer-municipal-without-authorisation", staff(employer=GOL), person(), muni(GOL),
         Reason.DENIED_NO_AUTHORISATION),
    Case("employer-state-with-municipal-authorisation", staff(municipal=((GOL, "oko_stonad"),)), person(),
         muni(GOL), Reason.MUNICIPAL_DIRECT),
    Case("state-authorisation-at-other-office", staff(state=True, offices=(OFFICE_HOL,)), person(), STATE_CASE,
         Reason.DENIED_OTHER_OFFICE),
    Case("state-authorisation-without-office", staff(state=True), person(), STATE_CASE,
         Reason.DENIED_OTHER_OFFICE),
    Case("office-without-state-authorisation", staff(offices=(OFFICE_GOL,)), person(), STATE_CASE,
         Reason.DENIED_NO_AUTHORISATION),
    Case("state-authorisation-change", STAT, person(), STATE_NOTE, Reason.STATE_AUTHORISED, Action.CHANGE),
    Case("state-authorisation-export", STAT, person(), STATE_CASE, Reason.STATE_AUTHORISED, Action.EXPORT),
    Case("state-authorisation-not-municipal", STAT, person(), muni(GOL), Reason.DENIED_NO_AUTHORISATION),
    Case("municipal-authorisation-not-state", KOMMUNE, person(), STATE_CASE, Reason.DENIED_NO_AUTHORISATION),
    # --- municipal authorisation per municipality and per service ---------------------------------
    Case("municipal-direct-service", staff(municipal=((GOL, "oko_stonad"),)), person(), muni(GOL),
         Reason.MUNICIPAL_DIRECT),
    Case("municipal-direct-all-services", KOMMUNE, person(), muni(GOL, "kvp", DataKind.PLAN),
         Reason.MUNICIPAL_DIRECT),
    Case("municipal-direct-other-service", staff(municipal=((GOL, "gjeld"),)), person(), muni(GOL),
         Reason.DENIED_NO_AUTHORISATION),
    Case("municipal-other-municipality-no-agreement", staff(municipal=((HOL, "oko_stonad"),)), person(),
         muni(GOL), Reason.DENIED_NO_AGREEMENT),
    Case("municipal-general-item-needs-all-services", staff(municipal=((GOL, "oko_stonad"),)), person(),
         muni(GOL, "", DataKind.NOTE), Reason.DENIED_NO_AUTHORISATION),
    Case("municipal-general-item-all-services", KOMMUNE, person(), muni(GOL, "", DataKind.NOTE),
         Reason.MUNICIPAL_DIRECT),
    Case("municipal-direct-change", KOMMUNE, person(), muni(GOL), Reason.MUNICIPAL_DIRECT, Action.CHANGE),
    Case("municipal-direct-print", KOMMUNE, person(), muni(GOL), Reason.MUNICIPAL_DIRECT, Action.PRINT),
    # --- host agreements (vertskommune) ------------------------------------------------------------
    Case("host-covers-service", staff(municipal=((GOL, "oko_stonad"),)), person(HEMSEDAL), muni(HEMSEDAL),
         Reason.MUNICIPAL_HOST_AGREEMENT),
    Case("host-all-services-authorisation-covered-service", KOMMUNE, person(HEMSEDAL),
         muni(HEMSEDAL, "kvp"), Reason.MUNICIPAL_HOST_AGREEMENT),
    Case("host-change-covered-service", KOMMUNE, person(HEMSEDAL), muni(HEMSEDAL),
         Reason.MUNICIPAL_HOST_AGREEMENT, Action.CHANGE),
    Case("host-does-not-cover-service", KOMMUNE, person(HEMSEDAL), muni(HEMSEDAL, "gjeld"),
         Reason.DENIED_NO_AGREEMENT),
    Case("host-general-item-not-covered", KOMMUNE, person(HEMSEDAL), muni(HEMSEDAL, "", DataKind.NOTE),
         Reason.DENIED_NO_AGREEMENT),
    Case("host-covers-service-not-member", staff(municipal=((GOL, "oko_stonad"),)), person(NESBYEN),
         muni(NESBYEN), Reason.DENIED_NO_AGREEMENT),
    Case("host-covered-service-staff-not-authorised-for-it", staff(municipal=((GOL, "gjeld"),)),
         person(HEMSEDAL), muni(HEMSEDAL), Reason.DENIED_NO_AUTHORISATION),
    Case("host-agreement-is-one-way", staff(municipal=((HEMSEDAL, ""),)), person(), muni(GOL),
         Reason.DENIED_NO_AGREEMENT),
    Case("host-not-yet-valid-day-before", staff(municipal=((HOL, "gjeld"),)), person(AAL),
         muni(AAL, "gjeld"), Reason.DENIED_NO_AGREEMENT, on=date(2025, 6, 30)),
    Case("host-valid-first-day", staff(municipal=((HOL, "gjeld"),)), person(AAL), muni(AAL, "gjeld"),
         Reason.MUNICIPAL_HOST_AGREEMENT, on=date(2025, 7, 1)),
    Case("host-valid-last-day", staff(municipal=((NESBYEN, "oko_stonad"),)), person(FLAA), muni(FLAA),
         Reason.MUNICIPAL_HOST_AGREEMENT, on=date(2024, 12, 31)),
    Case("host-expired-day-after", staff(municipal=((NESBYEN, "oko_stonad"),)), person(FLAA), muni(FLAA),
         Reason.DENIED_NO_AGREEMENT, on=date(2025, 1, 1)),
    Case("host-expired-today", staff(municipal=((NESBYEN, ""),)), person(FLAA), muni(FLAA),
         Reason.DENIED_NO_AGREEMENT),
    # --- closed areas ------------------------------------------------------------------------------
    Case("closed-named-reads", staff(named=(BARNEVERN_AREA,)), person(closed=(BARNEVERN_AREA,)), BARNEVERN,
         Reason.NAMED_ON_CLOSED),
    Case("closed-named-changes", staff(named=(BARNEVERN_AREA,)), person(closed=(BARNEVERN_AREA,)), BARNEVERN,
         Reason.NAMED_ON_CLOSED, Action.CHANGE),
    Case("closed-unnamed-with-every-authorisation", EVERYTHING, person(closed=(BARNEVERN_AREA,)), BARNEVERN,
         Reason.DENIED_CLOSED),
    Case("closed-named-on-other-area", staff(named=(OTHER_AREA,)), person(closed=(BARNEVERN_AREA,)), BARNEVERN,
         Reason.DENIED_CLOSED),
    Case("closed-not-opened-by-consent", CONSENT_READER,
         person(closed=(BARNEVERN_AREA,), consents=(consent(sides=(Side.STATE, Side.MUNICIPAL)),)),
         BARNEVERN, Reason.DENIED_CLOSED),
    Case("closed-not-opened-by-emergency", staff(emergency=(PERSON,)), person(closed=(BARNEVERN_AREA,)),
         BARNEVERN, Reason.DENIED_CLOSED),
    Case("closed-named-finds-person", staff(named=(BARNEVERN_AREA,)), person(HOL, closed=(BARNEVERN_AREA,)),
         IDENTITY, Reason.NAMED_ON_CLOSED, Action.FIND),
    # --- consent (samtykke) ------------------------------------------------------------------------
    Case("consent-named-staff-reads-municipal", CONSENT_READER, person(consents=(consent(),)), muni(GOL),
         Reason.CONSENT),
    Case("consent-to-state-side", staff(state=True, offices=(OFFICE_GOL,)),
         person(consents=(consent(to=(), to_state=True),)), muni(GOL, "kvp", DataKind.PLAN), Reason.CONSENT),
    Case("consent-to-municipality-reads-state", KOMMUNE,
         person(consents=(consent(to=(), sides=(Side.STATE,), to_municipalities=(GOL,)),)), STATE_CASE,
         Reason.CONSENT),
    Case("consent-to-member-municipality-via-host", staff(municipal=((GOL, "oko_stonad"),)),
         person(HEMSEDAL, consents=(consent(to=(), sides=(Side.STATE,), to_municipalities=(HEMSEDAL,)),)),
         STATE_CASE, Reason.CONSENT),
    Case("consent-print", CONSENT_READER, person(consents=(consent(),)), muni(GOL), Reason.CONSENT,
         Action.PRINT),
    Case("consent-open-ended", CONSENT_READER, person(consents=(consent(until=None),)), muni(GOL),
         Reason.CONSENT, on=date(2031, 3, 1)),
    Case("consent-out-of-scope-side", KOMMUNE, person(consents=(consent(),)), STATE_CASE,
         Reason.DENIED_NO_AUTHORISATION),
    Case("consent-out-of-scope-service", CONSENT_READER, person(consents=(consent(services=("oko_stonad",)),)),
         muni(GOL, "kvp"), Reason.DENIED_NO_AUTHORISATION),
    Case("consent-in-scope-service", CONSENT_READER, person(consents=(consent(services=("oko_stonad",)),)),
         muni(GOL), Reason.CONSENT),
    Case("consent-out-of-scope-kind", CONSENT_READER, person(consents=(consent(kinds=(DataKind.CASE,)),)),
         muni(GOL, kind=DataKind.NOTE), Reason.DENIED_NO_AUTHORISATION),
    Case("consent-to-other-party", CONSENT_READER, person(consents=(consent(to=(OTHER_STAFF,)),)), muni(GOL),
         Reason.DENIED_NO_AUTHORISATION),
    Case("consent-first-day", CONSENT_READER, person(consents=(consent(),)), muni(GOL), Reason.CONSENT,
         on=date(2025, 1, 1)),
    Case("consent-day-before-given", CONSENT_READER, person(consents=(consent(),)), muni(GOL),
         Reason.DENIED_NO_AUTHORISATION, on=date(2024, 12, 31)),
    Case("consent-last-day", CONSENT_READER, person(consents=(consent(),)), muni(GOL), Reason.CONSENT,
         on=date(2025, 12, 31)),
    Case("consent-expired-day-after", CONSENT_READER, person(consents=(consent(),)), muni(GOL),
         Reason.DENIED_CONSENT_EXPIRED, on=date(2026, 1, 1)),
    Case("consent-day-before-withdrawal", CONSENT_READER,
         person(consents=(consent(withdrawn=date(2025, 6, 16)),)), muni(GOL), Reason.CONSENT),
    Case("consent-withdrawn-that-day", CONSENT_READER, person(consents=(consent(withdrawn=TODAY),)), muni(GOL),
         Reason.DENIED_CONSENT_WITHDRAWN),
    Case("consent-does-not-allow-change", CONSENT_READER, person(consents=(consent(),)), muni(GOL),
         Reason.DENIED_CONSENT_READ_ONLY, Action.CHANGE),
    Case("consent-does-not-allow-export", CONSENT_READER, person(consents=(consent(),)), muni(GOL),
         Reason.DENIED_CONSENT_READ_ONLY, Action.EXPORT),
    Case("consent-party-finds-person", staff(), person(HOL, consents=(consent(),)), IDENTITY, Reason.CONSENT,
         Action.FIND),
    Case("consent-kinds-limit-person-data", staff(), person(HOL, consents=(consent(kinds=(DataKind.CASE,)),)),
         CONTACT, Reason.DENIED_NO_AUTHORISATION),
    # --- conflict of interest (inhabilitet) beats everything ---------------------------------------
    Case("conflict-beats-state-authorisation", STAT, person(conflicted=True), STATE_CASE, Reason.DENIED_CONFLICT),
    Case("conflict-beats-municipal-authorisation", KOMMUNE, person(conflicted=True), muni(GOL),
         Reason.DENIED_CONFLICT),
    Case("conflict-beats-host-agreement", KOMMUNE, person(HEMSEDAL, conflicted=True), muni(HEMSEDAL),
         Reason.DENIED_CONFLICT),
    Case("conflict-beats-named-closed", staff(named=(BARNEVERN_AREA,)),
         person(conflicted=True, closed=(BARNEVERN_AREA,)), BARNEVERN, Reason.DENIED_CONFLICT),
    Case("conflict-beats-consent", CONSENT_READER, person(conflicted=True, consents=(consent(),)), muni(GOL),
         Reason.DENIED_CONFLICT),
    Case("conflict-beats-emergency", staff(emergency=(PERSON,)), person(conflicted=True), STATE_CASE,
         Reason.DENIED_CONFLICT),
    Case("conflict-person-not-found", EVERYTHING, person(conflicted=True), IDENTITY, Reason.DENIED_CONFLICT,
         Action.FIND),
    # --- protected address (strengt fortrolig) -----------------------------------------------------
    Case("protected-address-hidden-from-state", STAT, person(protected=True), ADDRESS,
         Reason.DENIED_PROTECTED_ADDRESS),
    Case("protected-address-hidden-from-everyone", EVERYTHING, person(protected=True), ADDRESS,
         Reason.DENIED_PROTECTED_ADDRESS),
    Case("protected-address-not-printed", EVERYTHING, person(protected=True), ADDRESS,
         Reason.DENIED_PROTECTED_ADDRESS, Action.PRINT),
    Case("protected-address-not-by-emergency", staff(emergency=(PERSON,)), person(protected=True), ADDRESS,
         Reason.DENIED_PROTECTED_ADDRESS),
    Case("protected-address-not-by-consent", staff(), person(protected=True, consents=(consent(),)), ADDRESS,
         Reason.DENIED_PROTECTED_ADDRESS),
    Case("protected-person-still-found", STAT, person(protected=True), IDENTITY, Reason.STATE_AUTHORISED,
         Action.FIND),
    Case("unprotected-address-shown", STAT, person(), ADDRESS, Reason.STATE_AUTHORISED),
    # --- emergency access ("break the glass") ------------------------------------------------------
    Case("emergency-reads-state", staff(emergency=(PERSON,)), person(), STATE_CASE, Reason.EMERGENCY),
    Case("emergency-reads-municipal", staff(emergency=(PERSON,)), person(), muni(GOL), Reason.EMERGENCY),
    Case("emergency-finds-person", staff(emergency=(PERSON,)), person(HOL), IDENTITY, Reason.EMERGENCY,
         Action.FIND),
    Case("emergency-does-not-allow-change", staff(emergency=(PERSON,)), person(), STATE_NOTE,
         Reason.DENIED_EMERGENCY_READ_ONLY, Action.CHANGE),
    Case("emergency-does-not-allow-print", staff(emergency=(PERSON,)), person(), STATE_CASE,
         Reason.DENIED_EMERGENCY_READ_ONLY, Action.PRINT),
    Case("emergency-for-other-person", staff(emergency=(_id(2001),)), person(), STATE_CASE,
         Reason.DENIED_NO_AUTHORISATION),
    Case("emergency-not-flagged-when-authorised", staff(state=True, offices=(OFFICE_GOL,), emergency=(PERSON,)),
         person(), STATE_CASE, Reason.STATE_AUTHORISED),
    # --- the administrator -------------------------------------------------------------------------
    Case("admin-alone-no-state-data", staff(roles=frozenset({Role.ADMIN}), state=True, offices=(OFFICE_GOL,)),
         person(), STATE_CASE, Reason.DENIED_ADMIN),
    Case("admin-alone-no-municipal-data", staff(roles=frozenset({Role.ADMIN}), municipal=((GOL, ""),)),
         person(), muni(GOL), Reason.DENIED_ADMIN),
    Case("admin-alone-finds-nobody", staff(roles=frozenset({Role.ADMIN}), state=True, offices=(OFFICE_GOL,)),
         person(), IDENTITY, Reason.DENIED_ADMIN, Action.FIND),
    Case("admin-alone-no-closed-data", staff(roles=frozenset({Role.ADMIN}), named=(BARNEVERN_AREA,)),
         person(closed=(BARNEVERN_AREA,)), BARNEVERN, Reason.DENIED_ADMIN),
    Case("admin-alone-no-emergency", staff(roles=frozenset({Role.ADMIN}), emergency=(PERSON,)), person(),
         STATE_CASE, Reason.DENIED_ADMIN),
    Case("admin-also-veileder-judged-by-authorisation",
         staff(roles=frozenset({Role.ADMIN, Role.VEILEDER}), state=True, offices=(OFFICE_GOL,)), person(),
         STATE_CASE, Reason.STATE_AUTHORISED),
    Case("admin-also-veileder-without-authorisation", staff(roles=frozenset({Role.ADMIN, Role.VEILEDER})),
         person(), STATE_CASE, Reason.DENIED_NO_AUTHORISATION),
    Case("leader-judged-by-authorisation", staff(roles=frozenset({Role.LEADER}), state=True,
                                                 offices=(OFFICE_GOL,)),
         person(), STATE_CASE, Reason.STATE_AUTHORISED),
    Case("leader-without-authorisation", staff(roles=frozenset({Role.LEADER})), person(), muni(GOL),
         Reason.DENIED_NO_AUTHORISATION),
    Case("no-role-no-data", staff(roles=frozenset(), state=True, offices=(OFFICE_GOL,)), person(), STATE_CASE,
         Reason.DENIED_NO_AUTHORISATION),
    # --- finding the person ------------------------------------------------------------------------
    Case("find-through-state-office", STAT, person(HEMSEDAL), IDENTITY, Reason.STATE_AUTHORISED, Action.FIND),
    Case("find-through-residence-municipality", staff(municipal=((GOL, "gjeld"),)), person(), IDENTITY,
         Reason.MUNICIPAL_DIRECT, Action.FIND),
    Case("find-through-host-agreement", staff(municipal=((GOL, "kvp"),)), person(HEMSEDAL), IDENTITY,
         Reason.MUNICIPAL_HOST_AGREEMENT, Action.FIND),
    Case("find-not-through-uncovered-host-service", staff(municipal=((GOL, "gjeld"),)), person(HEMSEDAL),
         IDENTITY, Reason.DENIED_NO_AUTHORISATION, Action.FIND),
    Case("find-through-municipal-record-after-moving", staff(municipal=((GOL, "kvp"),)),
         person(HOL, records=((GOL, "kvp"),)), IDENTITY, Reason.MUNICIPAL_DIRECT, Action.FIND),
    Case("find-not-in-other-municipality", KOMMUNE, person(HOL), IDENTITY, Reason.DENIED_NO_AUTHORISATION,
         Action.FIND),
    Case("change-person-needs-own-authorisation", staff(), person(consents=(consent(),)), IDENTITY,
         Reason.DENIED_CONSENT_READ_ONLY, Action.CHANGE),
]


def test_the_table_is_big_and_its_ids_unique() -> None:
    assert len(CASES) >= 40
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in CASES])
def test_access_table(case: Case) -> None:
    decision = decide(case.staff, case.person, case.item, case.action, on=case.on, agreements=AGREEMENTS)
    assert decision.reason is case.expected
    assert decision.allowed is case.expected.grants


def test_a_decision_names_what_gave_access() -> None:
    host = decide(KOMMUNE, person(HEMSEDAL), muni(HEMSEDAL), Action.READ, on=TODAY, agreements=AGREEMENTS)
    assert host.via == GOL_HOSTS_HEMSEDAL
    by_consent = decide(CONSENT_READER, person(consents=(consent(),)), muni(GOL), Action.READ, on=TODAY)
    assert by_consent.via == CONSENT
    emergency = decide(staff(emergency=(PERSON,)), person(), STATE_CASE, Action.READ, on=TODAY)
    assert emergency.is_emergency and emergency.via == PERSON
    assert decide(STAT, person(), STATE_CASE, Action.READ, on=TODAY).via is None


def test_without_any_agreement_host_staff_see_nothing_of_the_member() -> None:
    decision = decide(KOMMUNE, person(HEMSEDAL), muni(HEMSEDAL), Action.READ, on=TODAY)
    assert decision.reason is Reason.DENIED_NO_AGREEMENT


def test_protected_address_is_hidden_on_screen_and_paper_for_everyone() -> None:
    protected = person(protected=True)
    for action in (Action.READ, Action.PRINT, Action.EXPORT, Action.FIND):
        assert not may_see_address(EVERYTHING, protected, on=TODAY, action=action).allowed
    assert may_see_address(EVERYTHING, person(), on=TODAY).allowed
    assert may_find(EVERYTHING, protected, on=TODAY)


def test_visible_sides_for_the_card_header() -> None:
    with_barnevern = person(HEMSEDAL, closed=(BARNEVERN_AREA,))
    assert visible_sides(STAT, with_barnevern, on=TODAY, agreements=AGREEMENTS) == {Side.STATE}
    assert visible_sides(KOMMUNE, with_barnevern, on=TODAY, agreements=AGREEMENTS) == {Side.MUNICIPAL}
    assert visible_sides(KOMMUNE, with_barnevern, on=TODAY) == frozenset()
    named = replace(EVERYTHING, named_closed_area_ids=frozenset({BARNEVERN_AREA}))
    assert visible_sides(named, with_barnevern, on=TODAY, agreements=AGREEMENTS) == set(Side)
    assert visible_sides(staff(emergency=(PERSON,)), with_barnevern, on=TODAY) == {Side.STATE, Side.MUNICIPAL}
    assert visible_sides(CONSENT_READER, person(consents=(consent(),)), on=TODAY) == {Side.STATE, Side.MUNICIPAL}
    assert visible_sides(EVERYTHING, person(conflicted=True), on=TODAY, agreements=AGREEMENTS) == frozenset()
    admin = replace(EVERYTHING, roles=frozenset({Role.ADMIN}))
    assert visible_sides(admin, person(), on=TODAY, agreements=AGREEMENTS) == frozenset()


def test_search_finds_only_people_the_staff_member_serves() -> None:
    assert may_find(KOMMUNE, person(HEMSEDAL), on=TODAY, agreements=AGREEMENTS)
    assert not may_find(KOMMUNE, person(HOL), on=TODAY, agreements=AGREEMENTS)
    assert not may_find(EVERYTHING, person(conflicted=True), on=TODAY, agreements=AGREEMENTS)


def test_the_reach_of_a_host_municipality_veileder() -> None:
    kommune = reach(KOMMUNE, on=TODAY, agreements=AGREEMENTS)
    assert kommune.municipality_ids == {GOL, HEMSEDAL}
    assert (HEMSEDAL, "kvp") in kommune.municipal_services
    assert (HEMSEDAL, "gjeld") not in kommune.municipal_services and (HEMSEDAL, "") not in kommune.municipal_services
    assert kommune.state_office_ids == frozenset()
    assert reach(KOMMUNE, on=TODAY).municipality_ids == {GOL}
    assert reach(staff(offices=(OFFICE_GOL,)), on=TODAY).state_office_ids == frozenset()


def test_a_consent_for_person_data_only_opens_no_side() -> None:
    contact_only = person(HOL, consents=(consent(sides=(Side.STATE,), kinds=(DataKind.CONTACT,)),))
    assert visible_sides(staff(), contact_only, on=TODAY) == frozenset()
    assert decide(staff(), contact_only, CONTACT, Action.READ, on=TODAY).reason is Reason.CONSENT


def test_only_own_authorisation_lets_a_staff_member_get_the_person() -> None:
    assert may_be_assigned(STAT, person(), on=TODAY).allowed
    assert not may_be_assigned(staff(emergency=(PERSON,)), person(), on=TODAY).allowed
    assert not may_be_assigned(CONSENT_READER, person(HOL, consents=(consent(),)), on=TODAY).allowed
    assert may_be_assigned(STAT, person(conflicted=True), on=TODAY).reason is Reason.DENIED_CONFLICT


def test_who_may_break_the_glass() -> None:
    assert can_use_emergency_access(staff(), person()).allowed
    assert can_use_emergency_access(staff(), person(conflicted=True)).reason is Reason.DENIED_CONFLICT
    admin = staff(roles=frozenset({Role.ADMIN}))
    assert can_use_emergency_access(admin, person()).reason is Reason.DENIED_ADMIN
    both = staff(roles=frozenset({Role.ADMIN, Role.VEILEDER}))
    assert can_use_emergency_access(both, person()).allowed


def test_emergency_access_needs_a_real_written_reason(english: None) -> None:
    assert emergency_reason_error("   ") == "Write why you need emergency access."
    assert "at least 20 characters" in (emergency_reason_error("urgent") or "")
    assert emergency_reason_error("x" * (EMERGENCY_REASON_MIN - 1) + "   ") is not None
    assert emergency_reason_error("Person in crisis at the front desk, own veileder is away.") is None
    assert emergency_reason_error("Called by the police about\nthe person's safety today.") is None
    assert emergency_reason_error("x" * 501) == "At most 500 characters."
    assert emergency_reason_error("Person in crisis\x00 at the front desk") == "Control characters are not allowed."


def test_explanations_say_what_is_withheld_without_revealing_sensitive_facts(english: None) -> None:
    def explain(staff_facts: StaffFacts, person_facts: PersonFacts, item: ItemFacts) -> Decision:
        return decide(staff_facts, person_facts, item, Action.READ, on=TODAY, agreements=AGREEMENTS)

    municipal = explain(STAT, person(), muni(GOL))
    assert municipal.explain() == "Municipal information — no access. You are not authorised for this."
    assert not municipal.hides_existence
    state = explain(KOMMUNE, person(), STATE_CASE)
    assert state.explain().startswith("State information — no access.")
    assert "host agreement" in explain(KOMMUNE, person(HEMSEDAL), muni(HEMSEDAL, "gjeld")).explain()
    closed = explain(EVERYTHING, person(closed=(BARNEVERN_AREA,)), BARNEVERN)
    assert closed.explain() == "Information withheld" and closed.hides_existence
    conflict = explain(STAT, person(conflicted=True), STATE_CASE)
    assert conflict.explain() == "Information withheld" and conflict.hides_existence
    assert explain(STAT, person(protected=True), ADDRESS).explain() == "Address withheld — protected address"
    assert "emergency access" in explain(staff(emergency=(PERSON,)), person(), STATE_CASE).explain()
    admin = explain(staff(roles=frozenset({Role.ADMIN})), person(), IDENTITY)
    assert admin.explain() == ("Person information — no access. "
                               "The administrator role gives no access to person data.")
    for reason in Reason:
        assert Decision(reason, Side.MUNICIPAL).explain()


def test_facts_that_cannot_be_true_are_refused_when_built(english: None) -> None:
    with pytest.raises(ValueError, match="closed area"):
        consent(sides=(Side.CLOSED,))
    with pytest.raises(ValueError, match="at least one side"):
        consent(sides=())
    with pytest.raises(ValueError, match="belongs to a side"):
        ItemFacts(kind=DataKind.NOTE)
    with pytest.raises(ValueError, match="has no side"):
        ItemFacts(kind=DataKind.ADDRESS, side=Side.STATE)
    with pytest.raises(ValueError):
        ItemFacts(kind=DataKind.CASE, side=Side.MUNICIPAL)
    with pytest.raises(ValueError):
        ItemFacts(kind=DataKind.CASE, side=Side.CLOSED)
    assert data_kind_label(DataKind.HOUSEHOLD) == "Household"


# --- properties: must hold for any facts ----------------------------------------------------------

MUNICIPALITIES = (GOL, HEMSEDAL, HOL)
OFFICES = (OFFICE_GOL, OFFICE_HOL)
SERVICES = ("oko_stonad", "gjeld", "")
AREAS = (BARNEVERN_AREA, OTHER_AREA)
START = date(2025, 1, 1)

days = st.integers(0, 10).map(lambda n: START + timedelta(days=n))
roles = st.frozensets(st.sampled_from(list(Role)))
# Biased towards the facts that make a difference, so that every property meets each rule often.
NOBODY: frozenset[uuid.UUID] = frozenset()
CONFLICTS = (NOBODY, NOBODY, NOBODY, NOBODY, frozenset({OTHER_STAFF}), frozenset({ASKER}))
CONSENTED_STAFF = (frozenset({ASKER}), frozenset({ASKER, OTHER_STAFF}), frozenset({OTHER_STAFF}), NOBODY)


def mostly_empty(values: st.SearchStrategy[frozenset]) -> st.SearchStrategy[frozenset]:
    return st.one_of(st.just(frozenset()), st.just(frozenset()), values)


authorisations = st.frozensets(
    st.tuples(st.sampled_from(MUNICIPALITIES), st.sampled_from(SERVICES)).map(
        lambda pair: MunicipalAuthorisation(*pair)), max_size=2)


@st.composite
def staff_facts(draw: st.DrawFn) -> StaffFacts:
    return StaffFacts(
        staff_id=ASKER, roles=draw(roles), employer_municipality_id=draw(st.sampled_from((None, GOL, HOL))),
        state_authorised=draw(st.booleans()), office_ids=draw(st.frozensets(st.sampled_from(OFFICES))),
        municipal=draw(authorisations), named_closed_area_ids=draw(st.frozensets(st.sampled_from(AREAS))),
        emergency_person_ids=draw(st.sampled_from((NOBODY, NOBODY, NOBODY, frozenset({PERSON})))),
    )


@st.composite
def consent_facts(draw: st.DrawFn) -> ConsentFacts:
    return ConsentFacts(
        consent_id=draw(st.sampled_from((CONSENT, _id(4001)))), given_on=draw(days),
        sides=draw(st.frozensets(st.sampled_from((Side.STATE, Side.MUNICIPAL)), min_size=1)),
        valid_until=draw(st.none() | days), withdrawn_on=draw(st.none() | st.none() | days),
        to_staff_ids=draw(st.sampled_from(CONSENTED_STAFF)), to_state=draw(st.booleans()),
        to_municipality_ids=draw(st.frozensets(st.sampled_from(MUNICIPALITIES))),
        service_codes=draw(mostly_empty(st.frozensets(st.sampled_from(SERVICES[:2]), min_size=1))),
        kinds=draw(mostly_empty(st.frozensets(st.sampled_from(list(DataKind)), min_size=1, max_size=3))),
    )


@st.composite
def person_facts(draw: st.DrawFn) -> PersonFacts:
    return PersonFacts(
        person_id=PERSON, residence_municipality_id=draw(st.sampled_from((*MUNICIPALITIES, AAL))),
        serving_office_ids=draw(st.frozensets(st.sampled_from(OFFICES))), protected_address=draw(st.booleans()),
        conflicted_staff_ids=draw(st.sampled_from(CONFLICTS)),
        consents=tuple(draw(st.lists(consent_facts(), max_size=2))),
        municipal_records=draw(st.frozensets(st.tuples(st.sampled_from(MUNICIPALITIES), st.sampled_from(SERVICES)))),
        closed_area_ids=draw(st.frozensets(st.sampled_from(AREAS))),
    )


@st.composite
def agreement_facts(draw: st.DrawFn) -> HostAgreementFacts:
    valid_from = START + timedelta(days=draw(st.integers(-10, 10)))
    return HostAgreementFacts(
        agreement_id=draw(st.sampled_from((_id(5100), _id(5101)))), host_municipality_id=draw(
            st.sampled_from(MUNICIPALITIES)),
        valid_from=valid_from, valid_to=draw(st.none() | days.filter(lambda d: d >= valid_from)),
        coverage=draw(st.frozensets(st.tuples(st.sampled_from(MUNICIPALITIES), st.sampled_from(SERVICES)))),
    )


items = st.one_of(
    st.sampled_from(sorted(PERSON_DATA)).map(ItemFacts.person),
    st.builds(ItemFacts.state, st.sampled_from([DataKind.CASE, DataKind.NOTE, DataKind.PLAN]),
              st.sampled_from(SERVICES)),
    st.builds(ItemFacts.municipal, st.sampled_from([DataKind.CASE, DataKind.NOTE, DataKind.APPOINTMENT]),
              st.sampled_from(MUNICIPALITIES), st.sampled_from(SERVICES)),
    st.builds(ItemFacts.closed, st.sampled_from([DataKind.CASE, DataKind.NOTE]), st.sampled_from(AREAS)),
)
actions = st.sampled_from(list(Action))
agreement_lists = st.lists(agreement_facts(), max_size=2).map(tuple)



def widened(staff_facts: StaffFacts, more: StaffFacts) -> StaffFacts:
    """The staff member with every authorisation of `more` added (same roles, same person)."""
    return replace(
        staff_facts, state_authorised=staff_facts.state_authorised or more.state_authorised,
        office_ids=staff_facts.office_ids | more.office_ids, municipal=staff_facts.municipal | more.municipal,
        named_closed_area_ids=staff_facts.named_closed_area_ids | more.named_closed_area_ids,
        emergency_person_ids=staff_facts.emergency_person_ids | more.emergency_person_ids,
    )


PROPERTY = settings(max_examples=60, deadline=None, database=None)


@PROPERTY
@given(staff_facts(), person_facts(), items, actions, days, agreement_lists)
def test_an_administrator_without_other_roles_is_never_allowed(
    staff_facts: StaffFacts, person_facts: PersonFacts, item: ItemFacts, action: Action, on: date,
    agreements: tuple[HostAgreementFacts, ...],
) -> None:
    admin = replace(staff_facts, roles=frozenset({Role.ADMIN}))
    assert not decide(admin, person_facts, item, action, on=on, agreements=agreements).allowed
    assert not visible_sides(admin, person_facts, on=on, agreements=agreements)
    assert not can_use_emergency_access(admin, person_facts).allowed


@PROPERTY
@given(staff_facts(), person_facts(), items, actions, days, agreement_lists)
def test_a_conflicted_staff_member_is_never_allowed(
    staff_facts: StaffFacts, person_facts: PersonFacts, item: ItemFacts, action: Action, on: date,
    agreements: tuple[HostAgreementFacts, ...],
) -> None:
    conflicted = replace(person_facts, conflicted_staff_ids=person_facts.conflicted_staff_ids | {ASKER})
    decision = decide(staff_facts, conflicted, item, action, on=on, agreements=agreements)
    assert decision.reason is Reason.DENIED_CONFLICT and decision.hides_existence
    assert not may_find(staff_facts, conflicted, on=on, agreements=agreements)
    assert not visible_sides(staff_facts, conflicted, on=on, agreements=agreements)
    assert not can_use_emergency_access(staff_facts, conflicted).allowed


@PROPERTY
@given(staff_facts(), person_facts(), items, actions, days, agreement_lists, days)
def test_withdrawing_consent_never_widens_access(
    staff_facts: StaffFacts, person_facts: PersonFacts, item: ItemFacts, action: Action, on: date,
    agreements: tuple[HostAgreementFacts, ...], withdrawn_on: date,
) -> None:
    withdrawn = replace(person_facts, consents=tuple(
        replace(c, withdrawn_on=min(withdrawn_on, c.withdrawn_on or withdrawn_on)) for c in person_facts.consents))
    after = decide(staff_facts, withdrawn, item, action, on=on, agreements=agreements)
    before = decide(staff_facts, person_facts, item, action, on=on, agreements=agreements)
    assert before.allowed or not after.allowed


@PROPERTY
@given(staff_facts(), person_facts(), items, actions, days, agreement_lists, staff_facts())
def test_adding_an_authorisation_never_narrows_access(
    staff_facts: StaffFacts, person_facts: PersonFacts, item: ItemFacts, action: Action, on: date,
    agreements: tuple[HostAgreementFacts, ...], more: StaffFacts,
) -> None:
    before = decide(staff_facts, person_facts, item, action, on=on, agreements=agreements)
    after = decide(widened(staff_facts, more), person_facts, item, action, on=on, agreements=agreements)
    assert after.allowed or not before.allowed


@PROPERTY
@given(staff_facts(), person_facts(), items, actions, days, agreement_lists, agreement_facts())
def test_adding_a_host_agreement_never_narrows_access(
    staff_facts: StaffFacts, person_facts: PersonFacts, item: ItemFacts, action: Action, on: date,
    agreements: tuple[HostAgreementFacts, ...], extra: HostAgreementFacts,
) -> None:
    before = decide(staff_facts, person_facts, item, action, on=on, agreements=agreements)
    after = decide(staff_facts, person_facts, item, action, on=on, agreements=(*agreements, extra))
    assert after.allowed or not before.allowed


@PROPERTY
@given(staff_facts(), person_facts(), items, actions, days, agreement_lists)
def test_every_decision_is_definite(
    staff_facts: StaffFacts, person_facts: PersonFacts, item: ItemFacts, action: Action, on: date,
    agreements: tuple[HostAgreementFacts, ...],
) -> None:
    decision = decide(staff_facts, person_facts, item, action, on=on, agreements=agreements)
    assert isinstance(decision.reason, Reason) and decision.explain()
    if decision.allowed and action in (Action.CHANGE, Action.EXPORT):
        assert decision.reason.by_authorisation
    if item.kind is DataKind.ADDRESS and person_facts.protected_address:
        assert not decision.allowed
    if item.side is Side.CLOSED and decision.allowed:
        assert item.closed_area_id in staff_facts.named_closed_area_ids


@PROPERTY
@given(roles, st.booleans(), person_facts(), items, actions, days)
def test_consent_and_emergency_access_only_ever_read(
    staff_roles: frozenset[Role], emergency: bool, person_facts: PersonFacts, item: ItemFacts, action: Action,
    on: date,
) -> None:
    borrower = StaffFacts(staff_id=ASKER, roles=staff_roles,
                          emergency_person_ids=frozenset({PERSON}) if emergency else NOBODY)
    decision = decide(borrower, person_facts, item, action, on=on)
    if decision.allowed:
        assert action in (Action.FIND, Action.READ, Action.PRINT)
        assert decision.reason is Reason.CONSENT or action is not Action.PRINT
        assert item.side is not Side.CLOSED


@PROPERTY
@given(staff_facts(), person_facts(), items, days, agreement_lists)
def test_whoever_may_read_something_of_a_person_can_find_them(
    staff_facts: StaffFacts, person_facts: PersonFacts, item: ItemFacts, on: date,
    agreements: tuple[HostAgreementFacts, ...],
) -> None:
    # The person's facts list every record the item stands for, as a service would fill them.
    if item.side is Side.MUNICIPAL:
        assert item.responsible_municipality_id is not None
        record = (item.responsible_municipality_id, item.service_code)
        person_facts = replace(person_facts, municipal_records=person_facts.municipal_records | {record})
    if item.closed_area_id is not None:
        person_facts = replace(person_facts, closed_area_ids=person_facts.closed_area_ids | {item.closed_area_id})
    if decide(staff_facts, person_facts, item, Action.READ, on=on, agreements=agreements).allowed:
        assert may_find(staff_facts, person_facts, on=on, agreements=agreements)
        if item.side is not None:
            assert item.side in visible_sides(staff_facts, person_facts, on=on, agreements=agreements)


@PROPERTY
@given(staff_facts(), person_facts(), days, st.lists(agreement_facts(), min_size=1, max_size=3).map(tuple))
def test_the_reach_a_query_filters_by_agrees_with_may_find(
    staff_facts: StaffFacts, person_facts: PersonFacts, on: date, agreements: tuple[HostAgreementFacts, ...],
) -> None:
    staff_reach = reach(staff_facts, on=on, agreements=agreements)
    assert staff_reach.admits(person_facts) is may_find(staff_facts, person_facts, on=on, agreements=agreements)
