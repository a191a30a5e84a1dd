"""Opening a workbook safely: its archive is measured before openpyxl unpacks it, and formula
cells whose value was never calculated are found (openpyxl reads them as blank).

An .xlsx is a zip of XML files. A small file can declare members that unpack to gigabytes (a
3.6 MB file unpacking to 1 GiB kept openpyxl busy for minutes and grew past 500 MB), so the
members' declared sizes are added up first; ``zipfile`` never unpacks a member past its
declared size, so the declared sizes bound the work.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import iterparse

from generator.findings import Finding, Location, Severity

# A budget book's workbook unpacks to a few megabytes; these stop a hostile one early
# (openpyxl reads about 3 MB of sheet XML a second: 50 MB is a quarter of a minute).
MAX_UNPACKED = 50 * 1024 * 1024  # all members together
MAX_RATIO = 100  # unpacked / packed, for an archive unpacking to more than RATIO_FLOOR
RATIO_FLOOR = 10 * 1024 * 1024
MAX_MEMBERS = 10_000

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MB"


def check_archive(path: Path) -> Finding | None:
    """Why the workbook at ``path`` must not be unpacked, or ``None``."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return _refuse(path, f"无法作为 Excel 工作簿（.xlsx）读取：{exc}")
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if len(members) > MAX_MEMBERS:
        return _refuse(path, f"工作簿内含 {len(members):,} 个部件，超过上限 {MAX_MEMBERS:,}；"
                             "不是正常的预算工作簿，未读取")
    if unpacked > MAX_UNPACKED or (unpacked > RATIO_FLOOR and unpacked > MAX_RATIO * packed):
        return _refuse(path, f"工作簿解压后有 {_mb(unpacked)}（文件本身 {_mb(packed)}），超过上限 "
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


def uncached_formulas(path: Path) -> list[tuple[str, str]]:
    """(sheet, cell) of each formula cell that holds no calculated value: a workbook written by
    a program, never opened and saved in Excel, WPS or LibreOffice."""
    found: list[tuple[str, str]] = []
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            for sheet, member in _sheet_members(archive):
                if member not in names:
                    continue
                with archive.open(member) as stream:
                    for _, element in iterparse(stream):
                        if element.tag != f"{_MAIN}c":
                            continue
                        formula = element.find(f"{_MAIN}f")
                        value = element.find(f"{_MAIN}v")
                        if formula is not None and (value is None or not (value.text or "")):
                            found.append((sheet, element.get("r", "")))
                        element.clear()
    except (KeyError, zipfile.BadZipFile, SyntaxError, OSError):
        return found  # what openpyxl then says about the file is the finding
    return found


def formula_findings(path: Path, known_sheets: set[str] | None = None) -> list[Finding]:
    """A located finding for each formula cell without a value."""
    out = []
    for sheet, ref in uncached_formulas(path):
        if known_sheets is not None and sheet not in known_sheets:
            continue
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
