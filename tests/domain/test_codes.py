"""Code labels: each code list keeps its own labels, even where two lists share a value."""

from __future__ import annotations

from enum import StrEnum

import pytest

from navdesk.domain import codes


@pytest.mark.parametrize("code_list", [codes.Side, codes.Role, codes.TeamType, codes.Innsatsgruppe,
                                       codes.Hovedmal, codes.HouseholdRelation])
def test_every_code_has_a_label(code_list: type[StrEnum], english: None) -> None:
    assert all(codes.label(code) for code in code_list)


def test_lists_sharing_a_value_keep_their_own_labels(english: None) -> None:
    assert codes.label(codes.TeamType.OTHER) == "Other"
    assert codes.label(codes.HouseholdRelation.OTHER) == "Other household member"
