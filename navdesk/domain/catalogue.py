"""The default service catalogue a new municipality starts with.

The municipal minimum (minimumsløsning) is what every NAV office must offer under the social
services act; the state services are those the office follows up locally. Names are the official
Norwegian ones: they are data the municipality may edit, not interface text.
"""

from __future__ import annotations

from dataclasses import dataclass

from navdesk.domain.codes import Side


@dataclass(frozen=True)
class DefaultService:
    code: str
    name: str
    side: Side
    legal_basis: str
    is_minimum: bool
    processing_days: int | None = None
    prefill: bool = True


DEFAULT_SERVICES: tuple[DefaultService, ...] = (
    DefaultService("oko_radgivning", "Opplysning, råd og veiledning, herunder økonomisk rådgivning",
                   Side.MUNICIPAL, "Sosialtjenesteloven § 17", True),
    DefaultService("oko_stonad", "Økonomisk stønad", Side.MUNICIPAL, "Sosialtjenesteloven § 18", True, 14),
    DefaultService("midl_botilbud", "Midlertidig botilbud", Side.MUNICIPAL, "Sosialtjenesteloven § 27", True, 1),
    DefaultService("ind_plan", "Individuell plan", Side.MUNICIPAL, "Sosialtjenesteloven § 28", True, 30),
    DefaultService("kvp", "Kvalifiseringsprogram (KVP)", Side.MUNICIPAL, "Sosialtjenesteloven § 29", True, 30),
    DefaultService("gjeld", "Gjeldsrådgivning", Side.MUNICIPAL, "Sosialtjenesteloven § 17", False, 30),
    DefaultService("oppfolging_14a", "Arbeidsrettet oppfølging (§ 14 a)", Side.STATE, "NAV-loven § 14 a", False),
    DefaultService("aap", "Arbeidsavklaringspenger (AAP)", Side.STATE, "Folketrygdloven kapittel 11", False),
    DefaultService("sykefravaer", "Sykefraværsoppfølging", Side.STATE, "Folketrygdloven kapittel 8", False),
    DefaultService("dagpenger", "Dagpenger", Side.STATE, "Folketrygdloven kapittel 4", False),
    DefaultService("uforetrygd", "Uføretrygd", Side.STATE, "Folketrygdloven kapittel 12", False),
    DefaultService("tiltak", "Arbeidsmarkedstiltak", Side.STATE, "Tiltaksforskriften", False),
    DefaultService("barnevern", "Barnevern", Side.CLOSED, "Barnevernsloven", False, prefill=False),
)

MUNICIPAL_MINIMUM_CODES = frozenset(s.code for s in DEFAULT_SERVICES if s.is_minimum)


def default_service(code: str) -> DefaultService | None:
    return next((s for s in DEFAULT_SERVICES if s.code == code), None)
