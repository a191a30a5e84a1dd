"""Classification catalogs shipped under ``data/catalogs``: code → official name, by year."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.resources import CATALOGS

CATALOG_DIR = Path(CATALOGS)


@dataclass(frozen=True)
class Catalog:
    """One code list for one year. ``year`` is the year of the file actually used."""

    kind: str
    year: int
    names: dict[str, str]

    def name(self, code: str) -> str | None:
        return self.names.get(code)

    def codes_named(self, name: str) -> list[str]:
        """Codes whose official name is ``name`` (to suggest the right code for a wrong one)."""
        wanted = normalise_name(name)
        return [code for code, known in self.names.items() if normalise_name(known) == wanted]


@dataclass(frozen=True)
class Catalogs:
    """The catalogs a book of ``year`` uses."""

    function: Catalog
    economic: Catalog
    categories: tuple[tuple[str, str], ...]


def normalise_name(name: str) -> str:
    """Names compare equal across half/full-width brackets and spaces (维修(护)费 = 维修（护）费)."""
    return name.replace("(", "（").replace(")", "）").replace(" ", "").replace("\u3000", "")


@cache
def _read(kind: str, year: int) -> Catalog:
    years = sorted(
        int(p.stem.rsplit("-", 1)[1]) for p in CATALOG_DIR.glob(f"{kind}-*.csv")
    )
    usable = [y for y in years if y <= year] or years[:1]
    chosen = usable[-1]
    with (CATALOG_DIR / f"{kind}-{chosen}.csv").open(encoding="utf-8", newline="") as fh:
        names = {row["code"]: row["name"] for row in csv.DictReader(fh)}
    return Catalog(kind, chosen, names)


def for_year(year: int) -> Catalogs:
    """The function, economic and category lists in force for budget year ``year``."""
    categories = _read("categories", year)
    return Catalogs(
        function=_read("function", year),
        economic=_read("economic", year),
        categories=tuple(categories.names.items()),
    )
