"""Opening a workbook safely: its archive is measured before openpyxl unpacks it, and formula
cells whose value was never calculated are found (openpyxl reads them as blank).

An .xlsx is a zip of XML files. A small file can declare members that unpack to gigabytes (a
3.6 MB file unpacking to 1 GiB kept openpyxl busy for minutes and grew past 500 MB), so the
members' declared sizes are added up first; ``zipfile`` never unpacks a member past its
declared size, so the declared sizes bound the work.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO
from xml.etree.ElementTree import iterparse

from generator.findings import Finding, Location, Severity

# A budget book's workbook unpacks to a few megabytes; these stop a hostile one early
# (openpyxl reads about 3 MB of sheet XML a second: 50 MB is a quarter of a minute).
MAX_UNPACKED = 50 * 1024 * 1024  # all members together
MAX_RATIO = 100  # unpacked / packed, for an archive unpacking to more than RATIO_FLOOR
RATIO_FLOOR = 10 * 1024 * 1024
MAX_MEMBERS = 10_000
# Stored cells in all sheets: a budget book has some ten thousand; openpyxl takes about a
# second and 70 MB for every 100,000 (a formatted empty cell counts).
MAX_CELLS = 200_000

# An Excel 97-2003 workbook (.xls) is an OLE2 compound file, not a zip: its first bytes say so.
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0"
OLD_EXCEL = ("这是旧版 Excel 97-2003 工作簿（.xls 格式），无法读取；请在 Excel 或 WPS 中打开，"
             "“另存为”Excel 工作簿（.xlsx）后再导入")


def is_old_excel(head: bytes) -> bool:
    """Whether a file starting with ``head`` is an OLE2 file (an .xls, whatever its name)."""
    return head.startswith(OLE2_SIGNATURE)


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MB"


def check_archive(path: Path) -> Finding | None:
    """Why the workbook at ``path`` must not be unpacked, or ``None``."""
    try:
        with path.open("rb") as stream:
            if is_old_excel(stream.read(len(OLE2_SIGNATURE))):
                return _refuse(path, OLD_EXCEL)
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return _refuse(path, f"无法作为 Excel 工作簿（.xlsx）读取：{exc}")
    problem = too_large(members)
    return _refuse(path, problem) if problem else None


def too_large(members: list[zipfile.ZipInfo]) -> str | None:
    """Why a workbook of these zip members must not be unpacked (the same limits wherever a
    workbook comes in: ``import``, a file in a served folder, an upload), or ``None``."""
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if len(members) > MAX_MEMBERS:
        return f"工作簿内含 {len(members):,} 个部件，超过上限 {MAX_MEMBERS:,}；不是正常的预算工作簿，未读取"
    if unpacked > MAX_UNPACKED or (unpacked > RATIO_FLOOR and unpacked > MAX_RATIO * packed):
        return (f"工作簿解压后有 {_mb(unpacked)}（文件本身 {_mb(packed)}），超过上限 "
                f"{_mb(MAX_UNPACKED)} 或 {MAX_RATIO} 倍压缩比；不是正常的预算工作簿，"
                "未读取。请在 Excel 中另存为新的工作簿后再导入")
    return None


def _refuse(path: Path, message: str) -> Finding:
    return Finding("xlsx.unreadable", Severity.ERROR, message, (Location(str(path), 1, 1),))


def _sheet_members(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, member path) of each worksheet, in workbook order."""
    targets: dict[str, str] = {}
    with archive.open("xl/_rels/workbook.xml.rels") as rels:
        for _, element in iterparse(rels):
            if element.tag == f"{_PKG}Relationship":
                target = element.get("Target", "")
                member = target.lstrip("/") if target.startswith("/") else str(
                    PurePosixPath("xl") / target)
                targets[element.get("Id", "")] = member
    out = []
    with archive.open("xl/workbook.xml") as workbook:
        for _, element in iterparse(workbook):
            if element.tag == f"{_MAIN}sheet":
                member = targets.get(element.get(f"{_REL}id", ""), "")
                if member:
                    out.append((element.get("name", ""), member))
    return out


@dataclass
class Scan:
    """What the sheets hold, read as a stream before openpyxl builds a cell object for each
    stored cell (hundreds of bytes apiece): how many cells (counting stops past the limit), and
    the (sheet, cell) of each formula without a calculated value (a workbook written by a
    program, never opened and saved in Excel, WPS or LibreOffice)."""

    cells: int = 0
    formulas: list[tuple[str, str]] = field(default_factory=list)


_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")


def _count(stream: IO[bytes]) -> tuple[int, bool]:
    """Cells in a sheet's XML, and whether it has a formula, counted in the raw bytes (a
    tenth of a second for 400,000 cells; parsing them takes seconds)."""
    cells, formulas, rest = 0, False, b""
    while chunk := stream.read(1 << 20):
        data = rest + chunk
        cut = data.rfind(b"<")  # a tag cut by the chunk's end is counted with the next
        cut = cut if cut > 0 else len(data)
        cells += len(_CELL.findall(data, 0, cut))
        formulas = formulas or bool(_FORMULA.search(data, 0, cut))
        rest = data[cut:]
        if cells > MAX_CELLS:
            break
    cells += len(_CELL.findall(rest))
    return cells, formulas or bool(_FORMULA.search(rest))


def _uncached(stream: IO[bytes], sheet: str) -> list[tuple[str, str]]:
    found = []
    for _, element in iterparse(stream):
        if element.tag == f"{_MAIN}row":
            element.clear()
        elif element.tag == f"{_MAIN}c":
            formula = element.find(f"{_MAIN}f")
            value = element.find(f"{_MAIN}v")
            if formula is not None and (value is None or not (value.text or "")):
                found.append((sheet, element.get("r", "")))
    return found


def scan_sheets(path: Path) -> Scan:
    scan = Scan()
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            for sheet, member in _sheet_members(archive):
                if member not in names:
                    continue
                with archive.open(member) as stream:
                    cells, formulas = _count(stream)
                scan.cells += cells
                if scan.cells > MAX_CELLS:
                    return scan
                if formulas:
                    with archive.open(member) as stream:
                        scan.formulas += _uncached(stream, sheet)
    except (KeyError, zipfile.BadZipFile, SyntaxError, OSError):
        return scan  # what openpyxl then says about the file is the finding
    return scan


def too_many_cells(path: Path, scan: Scan) -> Finding | None:
    if scan.cells <= MAX_CELLS:
        return None
    return _refuse(path, f"工作簿存有超过 {MAX_CELLS:,} 个单元格（含空白但设了格式的单元格），超过上限；"
                         "不是正常的预算工作簿，未读取。请只保留预算表，或在 Excel 中清除多余区域后再导入")


def formula_findings(path: Path, scan: Scan) -> list[Finding]:
    """A located finding for each formula cell without a value."""
    out = []
    for sheet, ref in scan.formulas:
        column = "".join(ch for ch in ref if ch.isalpha())
        row = int("".join(ch for ch in ref if ch.isdigit()) or 0)
        out.append(Finding(
            "xlsx.formula", Severity.ERROR,
            f"单元格是公式（{ref}），但工作簿中没有保存计算结果，无法取数；请在 Excel 或 WPS 中"
            "打开并保存后再导入，或把公式改为数值",
            (Location(str(path), row, _column_number(column), sheet),), sheet))
    return out


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - ord("A") + 1
    return number
