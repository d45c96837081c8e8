"""Names for demo people: common Norwegian names by generation, Hallingdal farm names, and the names
of the larger immigrant groups, so that search, sorting and lists look like a real office's.

Each entry carries a weight (roughly how common it is); the lists are data, not interface text.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")

Weighted = tuple[tuple[str, int], ...]

# Born before about 1975.
WOMEN_OLDER: Weighted = (
    ("Anne", 30), ("Kari", 25), ("Inger", 20), ("Marit", 20), ("Ingrid", 18), ("Liv", 16), ("Eva", 14),
    ("Berit", 14), ("Astrid", 12), ("Bjørg", 10), ("Hilde", 12), ("Randi", 12), ("Solveig", 10),
    ("Ragnhild", 8), ("Gunn", 8), ("Turid", 8), ("Tove", 10), ("Elisabeth", 12), ("Wenche", 8),
    ("Grete", 8), ("Heidi", 10), ("Ellen", 8), ("Sigrid", 7), ("Jorunn", 6), ("Åse", 6), ("Torill", 6),
    ("Else", 6), ("Unni", 5), ("Karin", 8), ("Mona", 7), ("Siri", 6), ("Nina", 8), ("Laila", 5),
    ("Gro", 5), ("Synnøve", 4), ("Aud", 5), ("Bente", 7), ("Trine", 7), ("Kirsten", 6), ("Margit", 5),
)
MEN_OLDER: Weighted = (
    ("Jan", 30), ("Per", 25), ("Bjørn", 22), ("Ole", 22), ("Lars", 20), ("Kjell", 16), ("Knut", 16),
    ("Arne", 15), ("Svein", 15), ("Hans", 14), ("Geir", 12), ("Terje", 12), ("Odd", 10), ("Tor", 12),
    ("Rune", 10), ("Trond", 10), ("Nils", 10), ("Helge", 8), ("Jon", 12), ("Tore", 9), ("Harald", 8),
    ("Gunnar", 9), ("Morten", 10), ("Olav", 10), ("Einar", 8), ("Halvor", 6), ("Erik", 12),
    ("Asbjørn", 5), ("Øyvind", 8), ("Steinar", 6), ("Roar", 5), ("Leif", 6), ("Torbjørn", 5),
    ("Dag", 5), ("Frode", 7), ("Sverre", 4), ("Ivar", 6), ("Egil", 4), ("Magne", 4), ("Torleif", 3),
)
# Born 1975 and later.
WOMEN_YOUNGER: Weighted = (
    ("Ida", 20), ("Emma", 18), ("Nora", 16), ("Sara", 16), ("Ingrid", 15), ("Thea", 14), ("Julie", 14),
    ("Maria", 14), ("Marte", 12), ("Silje", 14), ("Kristine", 12), ("Camilla", 12), ("Maren", 10),
    ("Hanna", 12), ("Emilie", 12), ("Ane", 8), ("Kaja", 6), ("Tuva", 8), ("Amalie", 8), ("Linn", 8),
    ("Marthe", 8), ("Stine", 10), ("Tonje", 9), ("Guro", 6), ("Hege", 8), ("Mari", 10), ("Vilde", 8),
    ("Synne", 6), ("Malin", 7), ("Mia", 8), ("Frida", 7), ("Helene", 8), ("Karoline", 7), ("Sofie", 8),
    ("Lene", 8), ("Elin", 7), ("Oda", 5), ("Sigrid", 5), ("Ragnhild", 3), ("Astrid", 3),
)
MEN_YOUNGER: Weighted = (
    ("Martin", 18), ("Kristian", 16), ("Thomas", 16), ("Andreas", 16), ("Jonas", 14), ("Markus", 14),
    ("Daniel", 14), ("Henrik", 12), ("Magnus", 12), ("Sander", 12), ("Kristoffer", 10), ("Marius", 12),
    ("Eirik", 10), ("Espen", 8), ("Anders", 12), ("Stian", 10), ("Sindre", 9), ("Even", 7), ("Jakob", 10),
    ("Emil", 10), ("Mathias", 10), ("Tobias", 9), ("Simen", 8), ("Håkon", 8), ("Vegard", 7), ("Ola", 9),
    ("Petter", 6), ("Joakim", 7), ("Aleksander", 8), ("Fredrik", 10), ("Erlend", 6), ("Torstein", 5),
    ("Lukas", 6), ("Filip", 6), ("Elias", 6), ("Halvor", 5), ("Knut", 4), ("Ole", 6), ("Jørgen", 6),
    ("Vetle", 4),
)

LAST_NAMES: Weighted = (
    # The most common names in Norway
    ("Hansen", 50), ("Johansen", 45), ("Olsen", 45), ("Larsen", 38), ("Andersen", 38), ("Pedersen", 35),
    ("Nilsen", 35), ("Kristiansen", 26), ("Jensen", 25), ("Karlsen", 24), ("Johnsen", 24),
    ("Pettersen", 22), ("Eriksen", 22), ("Berg", 20), ("Haugen", 20), ("Hagen", 20), ("Johannessen", 18),
    ("Andreassen", 16), ("Jacobsen", 15), ("Dahl", 15), ("Halvorsen", 14), ("Lund", 14), ("Jørgensen", 13),
    ("Henriksen", 13), ("Sørensen", 13), ("Moen", 12), ("Iversen", 11), ("Strand", 11), ("Solberg", 11),
    ("Svendsen", 10), ("Eide", 10), ("Knutsen", 10), ("Martinsen", 10), ("Paulsen", 9), ("Bakken", 10),
    ("Kristoffersen", 8), ("Mathisen", 8), ("Lie", 10), ("Amundsen", 8), ("Rasmussen", 7), ("Lunde", 7),
    ("Solheim", 7), ("Berntsen", 6), ("Moe", 8), ("Bakke", 7), ("Nygård", 7), ("Myhre", 8),
    # Hallingdal farm and place names
    ("Rud", 10), ("Sando", 6), ("Kvisle", 5), ("Thorsrud", 5), ("Grøthe", 4), ("Hovda", 5), ("Lien", 8),
    ("Bråten", 7), ("Ellingsgard", 3), ("Nerol", 3), ("Tufto", 3), ("Kleppe", 5), ("Skaret", 3),
    ("Holde", 3), ("Fekjær", 3), ("Ulsaker", 3), ("Brenno", 3), ("Liahagen", 3), ("Sæbø", 3),
    ("Kolsrud", 4), ("Sønstebø", 3), ("Medhus", 3), ("Rustand", 3), ("Rukke", 3), ("Sletta", 3),
    ("Ødegård", 5), ("Dokken", 3), ("Flåten", 3), ("Grøndahl", 3), ("Haugo", 4), ("Sundre", 3),
    ("Øvrebø", 3), ("Tveito", 3), ("Langedrag", 2), ("Skoglund", 4), ("Gulsvik", 3), ("Hallingstad", 3),
    ("Trøim", 3), ("Ølstad", 3), ("Torpe", 4), ("Storeskar", 2), ("Helling", 3), ("Bøygard", 2),
    ("Venås", 2), ("Hamre", 3), ("Nestegard", 2), ("Thon", 3), ("Brekke", 5), ("Vats", 2), ("Grønlund", 3),
    ("Kirkevoll", 2), ("Ramberg", 3), ("Bergsjø", 2), ("Rotegard", 2), ("Sevre", 2), ("Bøe", 5),
    ("Haugerud", 3), ("Tangen", 4), ("Sørbøen", 2), ("Kolbjørnshus", 2), ("Budal", 2),
)

# The larger immigrant groups in rural Norway: Polish, Lithuanian, Somali, Syrian, Eritrean, Afghan.
IMMIGRANT_WOMEN: Weighted = (
    ("Anna", 8), ("Agnieszka", 5), ("Katarzyna", 5), ("Monika", 5), ("Joanna", 4), ("Rasa", 3),
    ("Jurgita", 3), ("Fatima", 6), ("Amina", 5), ("Hodan", 3), ("Sahra", 3), ("Aisha", 4), ("Hiba", 3),
    ("Noor", 3), ("Lina", 4), ("Selam", 3), ("Helen", 3), ("Senait", 3), ("Zahra", 4), ("Maryam", 4),
)
IMMIGRANT_MEN: Weighted = (
    ("Piotr", 7), ("Tomasz", 6), ("Krzysztof", 5), ("Marcin", 5), ("Paweł", 4), ("Tomas", 3),
    ("Mindaugas", 3), ("Mohamed", 8), ("Abdi", 5), ("Ahmed", 6), ("Abdirahman", 3), ("Omar", 4),
    ("Khaled", 3), ("Ali", 5), ("Yonas", 3), ("Dawit", 3), ("Samuel", 3), ("Hassan", 4), ("Mustafa", 3),
    ("Reza", 3),
)
IMMIGRANT_LAST_NAMES: Weighted = (
    ("Nowak", 6), ("Kowalski", 5), ("Wiśniewski", 3), ("Wójcik", 3), ("Kowalczyk", 3), ("Kamiński", 3),
    ("Kazlauskas", 3), ("Petrauskas", 3), ("Mohamed", 7), ("Ahmed", 6), ("Ali", 6), ("Hassan", 5),
    ("Abdi", 4), ("Warsame", 2), ("Al-Khatib", 2), ("Haddad", 3), ("Tesfaye", 3), ("Haile", 3),
    ("Gebremedhin", 2), ("Hosseini", 3), ("Ahmadi", 3), ("Nguyen", 5), ("Tran", 3), ("Ibrahim", 4),
)

# Share with a double first name ("Jon Erik") or a middle family name ("Haugen Rud").
DOUBLE_FIRST_SHARE = 0.08
MIDDLE_NAME_SHARE = 0.10
YOUNGER_FROM_YEAR = 1975


class Picker(Generic[T]):
    """Weighted random choice from one list; leaner than `random.choices` in the demo's hot loop."""

    def __init__(self, weighted: Sequence[tuple[T, int]]) -> None:
        self._items = [item for item, _weight in weighted]
        self._cumulative = list(accumulate(weight for _item, weight in weighted))
        self._total = self._cumulative[-1]

    def __call__(self, rng: random.Random) -> T:
        return self._items[bisect(self._cumulative, rng.random() * self._total)]


_WOMEN_OLDER, _MEN_OLDER = Picker[str](WOMEN_OLDER), Picker[str](MEN_OLDER)
_WOMEN_YOUNGER, _MEN_YOUNGER = Picker[str](WOMEN_YOUNGER), Picker[str](MEN_YOUNGER)
_LAST = Picker[str](LAST_NAMES)
_IMMIGRANT_WOMEN, _IMMIGRANT_MEN = Picker[str](IMMIGRANT_WOMEN), Picker[str](IMMIGRANT_MEN)
_IMMIGRANT_LAST = Picker[str](IMMIGRANT_LAST_NAMES)


def pick_name(rng: random.Random, *, female: bool, birth_year: int, immigrant: bool) -> tuple[str, str]:
    """(first name, last name) fitting the person's sex, generation and background."""
    if immigrant:
        first = (_IMMIGRANT_WOMEN if female else _IMMIGRANT_MEN)(rng)
        return first, _IMMIGRANT_LAST(rng)
    younger = birth_year >= YOUNGER_FROM_YEAR
    pick_first = (_WOMEN_YOUNGER if younger else _WOMEN_OLDER) if female else (
        _MEN_YOUNGER if younger else _MEN_OLDER
    )
    first = pick_first(rng)
    if rng.random() < DOUBLE_FIRST_SHARE:
        second = pick_first(rng)
        if second != first:
            first = f"{first} {second}"
    last = _LAST(rng)
    if rng.random() < MIDDLE_NAME_SHARE:
        middle = _LAST(rng)
        if middle != last:
            last = f"{middle} {last}"
    return first, last
