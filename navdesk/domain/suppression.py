"""Small counts in reports read by politicians and the public (the municipal and annual reports).

The rule, printed in words at the end of each such report:

1. **Small counts.** A count from 1 to `threshold - 1` (1–4 with the usual threshold of 5) is not
   printed; it reads "fewer than 5". Zero is printed: nobody can be recognised among nobody, and a
   page of "fewer than 5" where nothing happened would hide that nothing happened.
2. **No working it out.** A breakdown printed with its total (applications by service, months of a
   year, outcomes of the decisions) must not let a reader recover a hidden count by subtracting the
   printed parts from the total. While any hidden small count could still be narrowed down — to fewer
   values than every one from 1 to `threshold - 1` — the smallest part still printed is hidden too
   (it reads "withheld"); when no part is left to hide, the total is withheld instead. A total printed
   in several breakdowns (applications by month and by municipality) is withheld in all of them when one
   had to withhold it, and each then hides a part, so that adding up its parts does not give it away.
3. **Derived figures follow their counts.** A share in per cent is printed only when both its count
   and its total are; a median or other figure about the people behind a count only when that count
   reaches the threshold.

A reader knows the printed parts, the total, that a "fewer than" count lies between 1 and
`threshold - 1`, and that a "withheld" one is at least `threshold` and no larger than the smallest part
still printed (it was hidden because it was the smallest). `breakdown` hides parts until, from that
knowledge, every small count could still be any value from 1 to `threshold - 1`.

Cells carry no hidden value at all, so a report built from them cannot print one by mistake.

The rule protects each report on its own. Reports on overlapping periods (October's municipal report
and the year's annual report) break the same counts down differently, and a determined reader who lays
them side by side may narrow a hidden count further; the threshold keeps what can be learnt small.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from navdesk.i18n import _, format_number


class Mark(StrEnum):
    SHOWN = "shown"
    SMALL = "small"  # 1 .. threshold - 1: "fewer than 5"
    WITHHELD = "withheld"  # hidden so that a small count cannot be worked out


@dataclass(frozen=True)
class Cell:
    """One printed count: its value when shown, else None and why it is hidden."""

    count: int | None
    mark: Mark
    threshold: int

    @property
    def shown(self) -> bool:
        return self.mark is Mark.SHOWN

    def text(self) -> str:
        """The count as the report prints it, in the current language."""
        if self.count is not None:
            return format_number(self.count)
        if self.mark is Mark.SMALL:
            return _("fewer than {count}").format(count=format_number(self.threshold))
        return _("withheld")


@dataclass(frozen=True)
class Breakdown:
    """The parts of a total, and the total itself, after both rules."""

    parts: tuple[Cell, ...]
    total: Cell


def count(value: int, threshold: int) -> Cell:
    """A count printed on its own (rule 1)."""
    if value < 0:
        raise ValueError("a count cannot be negative")
    if 0 < value < threshold:
        return Cell(None, Mark.SMALL, threshold)
    return Cell(value, Mark.SHOWN, threshold)


def breakdown(parts: Sequence[int], threshold: int) -> Breakdown:
    """The parts and their sum, with small parts hidden and enough others hidden that none can be worked out."""
    marks = [count(value, threshold).mark for value in parts]
    total = sum(parts)
    total_mark = count(total, threshold).mark
    while total_mark is Mark.SHOWN and not _protected(parts, marks, threshold):
        printed = [index for index, mark in enumerate(marks) if mark is Mark.SHOWN and parts[index] > 0]
        if not printed:
            total_mark = Mark.WITHHELD
            break
        smallest = min(printed, key=lambda index: (parts[index], index))
        marks[smallest] = Mark.WITHHELD
    cells = tuple(Cell(value if mark is Mark.SHOWN else None, mark, threshold)
                  for value, mark in zip(parts, marks, strict=True))
    return Breakdown(cells, Cell(total if total_mark is Mark.SHOWN else None, total_mark, threshold))


def same_total(*breakdowns: Breakdown) -> tuple[Breakdown, ...]:
    """Breakdowns of one and the same total (applications by month and by municipality, say).

    When any one had to withhold the total, it is withheld in all of them, and each keeps at least one
    part above zero hidden, so that adding up its parts gives it away neither.
    """
    if all(item.total.shown for item in breakdowns):
        return breakdowns
    return tuple(_without_total(item) for item in breakdowns)


def _without_total(item: Breakdown) -> Breakdown:
    total = Cell(None, Mark.WITHHELD, item.total.threshold)
    if any(not cell.shown for cell in item.parts):
        return Breakdown(item.parts, total)
    printed = [index for index, cell in enumerate(item.parts) if cell.count]
    if not printed:
        return Breakdown(item.parts, total)
    smallest = min(printed, key=lambda index: (item.parts[index].count or 0, index))
    parts = tuple(Cell(None, Mark.WITHHELD, cell.threshold) if index == smallest else cell
                  for index, cell in enumerate(item.parts))
    return Breakdown(parts, total)


def share(part: Cell, total: Cell) -> float | None:
    """`part` as a fraction of `total` (rule 3): None when either is hidden or the total is zero."""
    if part.count is None or total.count is None or total.count == 0:
        return None
    return part.count / total.count


def enough(value: int, threshold: int) -> bool:
    """Whether a figure about the people behind `value` (a median, say) may be printed (rule 3)."""
    return value >= threshold


def _protected(parts: Sequence[int], marks: Sequence[Mark], threshold: int) -> bool:
    """Whether every small part could still be any value from 1 to threshold - 1, given what is printed.

    A small part is the hidden sum less the other hidden parts; those can add up to anything between
    their fewest (small ones 1, withheld ones the threshold) and their most (small ones threshold - 1,
    withheld ones the smallest part still printed, or without bound when none is).
    """
    small = [index for index, mark in enumerate(marks) if mark is Mark.SMALL]
    if not small:
        return True
    withheld = [index for index, mark in enumerate(marks) if mark is Mark.WITHHELD]
    printed = [value for value, mark in zip(parts, marks, strict=True) if mark is Mark.SHOWN and value > 0]
    hidden_sum = sum(parts[index] for index in small + withheld)
    largest_small = threshold - 1
    others_small = len(small) - 1
    fewest_others = others_small + len(withheld) * threshold
    could_be_largest = hidden_sum - fewest_others >= largest_small
    if withheld and not printed:
        could_be_one = True
    else:
        most_others = others_small * largest_small + len(withheld) * (min(printed) if printed else 0)
        could_be_one = hidden_sum - most_others <= 1
    return could_be_largest and could_be_one
