"""Small-count suppression: what a politician's report prints, and that no hidden count can be worked out."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from navdesk.domain.suppression import Breakdown, Mark, breakdown, count, enough, same_total, share

T = 5
S, W = "small", "withheld"


def printed(result: Breakdown) -> tuple[list[int | str], int | str]:
    def one(cell) -> int | str:
        return cell.count if cell.shown else (S if cell.mark is Mark.SMALL else W)

    return [one(cell) for cell in result.parts], one(result.total)


@pytest.mark.parametrize(("value", "expected"), [
    (0, 0), (1, None), (4, None), (5, 5), (123, 123),
])
def test_a_lone_count_below_the_threshold_is_hidden_but_zero_is_not(value: int, expected: int | None) -> None:
    cell = count(value, T)
    assert cell.count == expected
    assert cell.mark is (Mark.SHOWN if expected is not None else Mark.SMALL)


@pytest.mark.parametrize(("parts", "expected_parts", "expected_total"), [
    # Nothing small: everything printed.
    ([10, 20], [10, 20], 30),
    ([0, 0, 7], [0, 0, 7], 7),
    # One small part: the smallest other part is withheld, else 20 + 10 would give it away.
    ([2, 10, 20], [S, W, 20], 32),
    # A withheld part of 5 would leave 1 + 5 = 6 open to one reading: a further part goes too.
    ([1, 5, 20], [S, W, W], 26),
    # Two small parts that could only be 4 and 4: no part is left to hide, so the total goes.
    ([4, 4], [S, S], W),
    # Seven months of one each: "fewer than 5" seven times and a total of 7 would mean one each.
    ([1] * 7, [S] * 7, W),
    # A small total: its only part is as small, both hidden.
    ([0, 3, 0], [0, S, 0], S),
    ([3, 6], [S, W], 9),
    ([0, 0], [0, 0], 0),
])
def test_breakdowns(parts: list[int], expected_parts: list[int | str], expected_total: int | str) -> None:
    assert printed(breakdown(parts, T)) == (expected_parts, expected_total)


def test_cells_print_in_words(english: None) -> None:
    cells = breakdown([2, 1200, 30], T).parts
    assert [cell.text() for cell in cells] == ["fewer than 5", "1,200", "withheld"]


def test_shares_and_derived_figures_follow_their_counts() -> None:
    result = breakdown([2, 10, 20], T)
    small, withheld, shown = result.parts
    assert share(small, result.total) is None and share(withheld, result.total) is None
    assert share(shown, result.total) == pytest.approx(20 / 32)
    assert share(count(0, T), count(0, T)) is None
    assert not enough(4, T) and enough(5, T)


def test_a_negative_count_is_a_bug() -> None:
    with pytest.raises(ValueError):
        count(-1, T)


def _readings(result: Breakdown, parts: list[int]) -> list[set[int]]:
    """Every value each hidden small part could have, to a reader who knows the rule and what is printed."""
    hidden = [index for index, cell in enumerate(result.parts) if not cell.shown]
    shown_nonzero = [cell.count for cell in result.parts if cell.shown and cell.count]
    withheld_most = min(shown_nonzero) if shown_nonzero else sum(parts)
    ranges = [range(1, T) if result.parts[index].mark is Mark.SMALL else range(T, withheld_most + 1)
              for index in hidden]
    hidden_sum = result.total.count - sum(cell.count for cell in result.parts if cell.shown)
    readings: list[set[int]] = [set() for _index in hidden]
    for values in itertools.product(*ranges):
        if sum(values) == hidden_sum:
            for position, value in enumerate(values):
                readings[position].add(value)
    return [reading for index, reading in zip(hidden, readings, strict=True)
            if result.parts[index].mark is Mark.SMALL]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=5))
def test_no_hidden_small_count_can_be_narrowed_down(parts: list[int]) -> None:
    result = breakdown(parts, T)
    for cell, value in zip(result.parts, parts, strict=True):
        assert cell.count in (value, None)
        assert cell.shown or value > 0
        assert (cell.mark is Mark.SMALL) == (0 < value < T)
    if not result.total.shown:
        assert result.total.count is None
        return
    assert result.total.count == sum(parts)
    for reading in _readings(result, parts):
        assert reading == set(range(1, T))


def test_a_total_withheld_in_one_breakdown_is_withheld_in_every_breakdown_of_it() -> None:
    by_month = breakdown([1] * 7, T)  # the total 7 would tell that every month had one
    by_place = breakdown([7, 0], T)
    month, place = same_total(by_month, by_place)
    assert not month.total.shown and not place.total.shown
    # Adding up the places would give the total away: the part above zero is hidden too.
    assert printed(place) == ([W, 0], W)
    assert month.parts == by_month.parts
    assert same_total(by_place, by_place) == (by_place, by_place)
