"""Classification catalogs: code → official name, by year, from catalog folders.

A catalog folder holds ``function-YYYY.csv`` (支出功能分类), ``economic-YYYY.csv`` (支出经济分类)
and optionally ``categories-YYYY.csv`` (the 类 rows of the summary tables), each with the header
``code,name``. Folders are searched in this order (see :func:`search_path`): the ``--catalogs``
option, the ``BUDGETGEN_CATALOGS`` environment variable, the nearest ``catalogs/`` folder beside
the data file or in one of its parent folders, and last the catalogs shipped in ``data/catalogs``.

For each kind the year used is the book's own year if any folder has it, else the latest earlier
year (else the earliest one). The files of that year in all folders are merged; where two name
the same code, the earlier folder in the search order wins.
"""

from __future__ import annotations

import csv
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from generator.errors import InputError
from generator.resources import CATALOGS

SHIPPED = Path(CATALOGS)
ENV_VAR = "BUDGETGEN_CATALOGS"
FOLDER = "catalogs"
KIND_LABELS = {"function": "功能分类", "economic": "经济分类", "categories": "总表支出类别"}
_FILE_RE = re.compile(r"^(function|economic|categories)-(\d{4})\.csv$")

# Names every 款 (or 类) may carry: never evidence of a misfiled code (行政运行 is 2010101,
# 2010301, 2080101 …). Besides these, a name is "recurring" when the catalog itself files it under
# two or more parents.
GENERIC_NAMES = frozenset({"行政运行", "一般行政管理事务", "机关服务", "事业运行"})
GENERIC_PATTERN = re.compile(r"^其他")  # 其他…支出, 其他…补助 …


@dataclass(frozen=True)
class Catalog:
    """One code list for one year. ``year`` is the year of the files actually used."""

    kind: str
    year: int
    names: dict[str, str]
    files: tuple[Path, ...] = ()

    def name(self, code: str) -> str | None:
        return self.names.get(code)

    @property
    def partial(self) -> bool:
        """Whether only the shipped lists (common codes, not the whole official list) are used."""
        return all(path.parent == SHIPPED for path in self.files)

    @property
    def label(self) -> str:
        """How findings cite it: "2025年功能分类科目表"."""
        return f"{self.year}年{KIND_LABELS[self.kind]}科目表"

    def codes_named(self, name: str) -> list[str]:
        """Codes whose official name is ``name`` (to suggest the right code for a wrong one)."""
        return list(self._by_name.get(normalise_name(name), ()))

    @cached_property
    def _by_name(self) -> dict[str, tuple[str, ...]]:
        grouped: dict[str, list[str]] = defaultdict(list)
        for code, known in self.names.items():
            grouped[normalise_name(known)].append(code)
        return {name: tuple(codes) for name, codes in grouped.items()}

    def recurring(self, name: str) -> bool:
        """Whether ``name`` is one every 款 (or 类) may carry, so that it says nothing about where
        a code belongs: a generic name, or one the catalog files under two or more parents."""
        wanted = normalise_name(name)
        if wanted in GENERIC_NAMES or GENERIC_PATTERN.match(wanted):
            return True
        parents = {_parent(code) for code in self._by_name.get(wanted, ())}
        return len(parents) >= 2


def _parent(code: str) -> str:
    return code[:5] if len(code) == 7 else code[:3]


@dataclass(frozen=True)
class Catalogs:
    """The catalogs a book of ``year`` uses, and the folders they were looked up in."""

    function: Catalog
    economic: Catalog
    categories: tuple[tuple[str, str], ...]
    year: int = 0
    folders: tuple[Path, ...] = field(default=())

    def fallbacks(self) -> list[Catalog]:
        """The catalogs whose year is not the book's (none was found for the book's year)."""
        return [c for c in (self.function, self.economic) if self.year and c.year != self.year]

    @property
    def files(self) -> tuple[Path, ...]:
        return self.function.files + self.economic.files


def normalise_name(name: str) -> str:
    """Names compare equal across half/full-width brackets and spaces (维修(护)费 = 维修（护）费)."""
    return name.replace("(", "（").replace(")", "）").replace(" ", "").replace("\u3000", "")


def search_path(data_file: str | Path | None = None,
                option: str | Path | None = None) -> tuple[Path, ...]:
    """The catalog folders, first wins: ``option``, then ``$BUDGETGEN_CATALOGS`` (several folders
    separated by ``os.pathsep``), then the nearest ``catalogs/`` folder beside ``data_file`` or
    in a parent folder, then the shipped ``data/catalogs``."""
    folders: list[Path] = []
    if option:
        if not Path(option).is_dir():
            raise InputError(str(option), "找不到科目表目录（--catalogs）")
        folders.append(Path(option))
    folders += [Path(p) for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p]
    if data_file is not None:
        start = Path(data_file).resolve().parent
        for folder in (start, *start.parents):
            if (folder / FOLDER).is_dir():
                folders.append(folder / FOLDER)
                break
    folders.append(SHIPPED)
    unique: dict[Path, None] = {}
    for folder in folders:
        unique.setdefault(folder.resolve(), None)
    return tuple(unique)


def watched(data_file: str | Path, option: str | Path | None = None) -> tuple[Path, ...]:
    """Every folder whose catalogs could name the codes of ``data_file``, present or not (a
    ``catalogs/`` folder created later beside it changes the book)."""
    start = Path(data_file).resolve().parent
    near = [folder / FOLDER for folder in (start, *start.parents)]
    return tuple(dict.fromkeys([*search_path(data_file, option), *near]))


def resolve(year: int, folders: Sequence[Path] = (SHIPPED,)) -> Catalogs:
    """The function, economic and category lists for budget year ``year`` from ``folders``
    (cached while none of their catalog files changes)."""
    stamps = tuple((path, *_stamp(path)) for folder in folders if folder.is_dir()
                   for path in sorted(folder.iterdir()) if _FILE_RE.match(path.name))
    return _resolve(year, tuple(folders), stamps)


@cache
def _resolve(year: int, folders: tuple[Path, ...], _stamps: tuple[object, ...]) -> Catalogs:
    function = _merged("function", year, folders)
    economic = _merged("economic", year, folders)
    categories = _merged("categories", year, folders)
    rows = tuple((code, function.name(code) or name) for code, name in categories.names.items())
    return Catalogs(function, economic, rows, year, tuple(folders))


def for_year(year: int) -> Catalogs:
    """The shipped function, economic and category lists in force for budget year ``year``."""
    return resolve(year)


def for_book(year: int, data_file: str | Path | None = None,
             option: str | Path | None = None) -> Catalogs:
    """The catalogs of a book of ``year`` kept in ``data_file`` (see :func:`search_path`)."""
    return resolve(year, search_path(data_file, option))


def _available(kind: str, folders: Iterable[Path]) -> dict[int, list[Path]]:
    found: dict[int, list[Path]] = defaultdict(list)
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            match = _FILE_RE.match(path.name)
            if match and match[1] == kind:
                found[int(match[2])].append(path)
    return found


def _merged(kind: str, year: int, folders: Sequence[Path]) -> Catalog:
    available = _available(kind, folders)
    if not available:
        raise InputError(str(folders[0]), f"找不到{KIND_LABELS[kind]}科目表（{kind}-年度.csv）："
                         f"已查找 {'、'.join(str(f) for f in folders)}")
    years = sorted(available)
    chosen = max((y for y in years if y <= year), default=years[0])
    names: dict[str, str] = {}
    for path in available[chosen]:
        for code, name in _read(path, *_stamp(path)).items():
            names.setdefault(code, name)
    return Catalog(kind, chosen, names, tuple(available[chosen]))


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def _read(path: Path, _mtime: int, _size: int) -> dict[str, str]:
    """One catalog file."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames is None or not {"code", "name"} <= set(reader.fieldnames):
                raise InputError(str(path), "科目表第一行应为 code,name")
            names: dict[str, str] = {}
            for number, row in enumerate(reader, start=2):
                code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
                if not code.isdigit() or not name:
                    raise InputError(str(path), "科目表每行应为 数字编码,名称，"
                                     f"读到的是「{code},{name}」", number)
                names[code] = name
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"无法读取科目表（{exc}）") from None
    return names
