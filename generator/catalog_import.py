"""Reading the official 政府收支分类科目 (an .xlsx workbook or a .csv) into catalog files.

Each sheet (a CSV is one sheet) is read as a table. Its code and name columns are found by
their header (科目编码/编码/代码 and 科目名称/名称; or 类/款/项 columns holding the parts of
the code, as the official book prints them), or else by content (the column of 3/5/7-digit
codes and the column of names beside it, or "2010101 行政运行" in one cell). The level follows
from the code's length: 类 3, 款 5, 项 7 digits. Which classification a sheet holds comes from
its codes: 2xx are 支出功能分类, 3xx and 5xx (3 or 5 digits) 支出经济分类; 收入分类 (1xx, or a
sheet named 收入…) is not used by the books and is left out.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import InputError

CODE_HEADER = re.compile(r"^(科目)?(编码|代码|编号)$|科目编码|科目代码|功能分类科目编码|经济分类科目编码")
NAME_HEADER = re.compile(r"^(科目)?名称$|科目名称")
CODE_RE = re.compile(r"^\d{3}(\d{2}){0,2}$")
CODE_AND_NAME_RE = re.compile(r"^(\d{3}(?:\d{2}){0,2})[\s\u3000.、]+(\S.*)$")
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
HEADER_ROWS = 30
LEVELS = {3: "类", 5: "款", 7: "项"}


@dataclass
class Imported:
    """What a workbook yields: names by classification, and what was skipped or doubtful."""

    function: dict[str, str] = field(default_factory=dict)
    economic: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, kind: str, code: str, name: str, where: str) -> None:
        names = self.function if kind == "function" else self.economic
        known = names.get(code)
        if known is None:
            names[code] = name
        elif known != name:
            self.notes.append(f"{where}：编码 {code} 重复，名称「{name}」与前面的「{known}」不同，"
                              "保留前者")


def read_rows(path: Path) -> list[tuple[str, list[list[str]]]]:
    """The sheets of ``path`` as (sheet name, rows of cell texts)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [(path.stem, _csv_rows(path))]
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    raise InputError(str(path), "只能导入 .xlsx 或 .csv 文件（.xls 请先在 Excel 中另存为 .xlsx）")


def _csv_rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise InputError(str(path), "无法识别文件编码（应为 UTF-8 或 GBK）")
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]


def _xlsx_rows(path: Path) -> list[tuple[str, list[list[str]]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InputError(str(path), f"无法读取工作簿（{type(exc).__name__}）") from None
    sheets = []
    for sheet in workbook.worksheets:
        rows = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        sheets.append((sheet.title, rows))
    workbook.close()
    return sheets


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read(path: Path) -> Imported:
    """Every code and name in ``path``, by classification."""
    result = Imported()
    for sheet, rows in read_rows(path):
        _read_sheet(sheet, rows, result)
    return result


def _read_sheet(sheet: str, rows: list[list[str]], result: Imported) -> None:
    header_at, columns = _header(rows)
    kind_hint = _kind_hint(" ".join([sheet, *(rows[header_at] if header_at is not None else [])]))
    if kind_hint == "income":
        result.notes.append(f"工作表「{sheet}」是收入分类，未导入")
        return
    entries = list(_entries(rows, header_at, columns))
    if not entries:
        result.notes.append(f"工作表「{sheet}」中没有找到科目编码和名称，未导入")
        return
    skipped = 0
    for code, name, row_number in entries:
        row_kind = _kind_of(code)
        if row_kind is None:
            skipped += 1
            continue
        result.add(row_kind, code, name, f"工作表「{sheet}」第{row_number}行")
    if skipped:
        result.notes.append(f"工作表「{sheet}」中 {skipped} 个编码不是支出功能分类或经济分类，未导入")


def _header(rows: list[list[str]]) -> tuple[int | None, tuple[int, ...] | None]:
    """The header row and the columns holding the code (one, or 类/款/项) and the name."""
    for i, row in enumerate(rows[:HEADER_ROWS]):
        cells = [_squash(c) for c in row]
        name_col = next((j for j, c in enumerate(cells) if NAME_HEADER.search(c)), None)
        if name_col is None:
            continue
        parts = [next((j for j, c in enumerate(cells) if c == label), -1) for label in "类款项"]
        if min(parts) >= 0:
            return i, (*parts, name_col)
        below = [_squash(c) for c in rows[i + 1]] if i + 1 < len(rows) else []
        parts = [next((j for j, c in enumerate(below) if c == label), -1) for label in "类款项"]
        if min(parts) >= 0:
            return i + 1, (*parts, name_col)
        code_col = next((j for j, c in enumerate(cells) if CODE_HEADER.search(c)), None)
        if code_col is not None:
            return i, (code_col, name_col)
    return None, None


def _squash(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def _entries(rows: list[list[str]], header_at: int | None,
             columns: tuple[int, ...] | None) -> Iterable[tuple[str, str, int]]:
    body = rows[header_at + 1:] if header_at is not None else rows
    first = (header_at + 2) if header_at is not None else 1
    if columns is not None and len(columns) == 4:
        yield from _split_entries(body, columns, first)
        return
    if columns is None:
        columns = _columns_by_content(body)
        if columns is None:
            return
    for offset, row in enumerate(body):
        number = first + offset
        if len(columns) == 1:  # code and name in one cell
            match = CODE_AND_NAME_RE.match(_cell(row, columns[0]))
            if match:
                yield match[1], _clean_name(match[2]), number
            continue
        code, name = _cell(row, columns[0]).replace(" ", ""), _clean_name(_cell(row, columns[1]))
        if CODE_RE.match(code) and name:
            yield code, name, number


def _split_entries(body: list[list[str]], columns: tuple[int, ...],
                   first: int) -> Iterable[tuple[str, str, int]]:
    """Codes printed as 类 | 款 | 项 parts (a 款 row may leave 类 blank: it carries over)."""
    cls_col, kuan_col, xiang_col, name_col = columns
    cls = kuan = ""
    for offset, row in enumerate(body):
        c, k, x = (_cell(row, j).replace(" ", "") for j in (cls_col, kuan_col, xiang_col))
        # a 款 or 项 part typed as a number loses its leading zero in Excel: 1 is 01
        k, x = (part.zfill(2) if part.isdigit() and len(part) == 1 else part for part in (k, x))
        name = _clean_name(_cell(row, name_col))
        if not name or not any((c, k, x)) or not all(p.isdigit() for p in (c, k, x) if p):
            continue
        if c:
            cls, kuan = c, ""
        if k:
            kuan = k
        code = cls + (kuan if (k or x) else "") + x
        if CODE_RE.match(code):
            yield code, name, first + offset


def _columns_by_content(body: list[list[str]]) -> tuple[int, ...] | None:
    width = max((len(row) for row in body), default=0)
    codes = [sum(1 for row in body if CODE_RE.match(_cell(row, j).replace(" ", "")))
             for j in range(width)]
    joined = [sum(1 for row in body if CODE_AND_NAME_RE.match(_cell(row, j))) for j in range(width)]
    if width == 0 or max(max(codes), max(joined)) == 0:
        return None
    if max(joined) > max(codes):
        return (joined.index(max(joined)),)
    code_col = codes.index(max(codes))
    names = [sum(1 for row in body if CJK_RE.search(_cell(row, j))) if j != code_col else -1
             for j in range(width)]
    right = [j for j in range(code_col + 1, width) if names[j] > 0]
    name_col = right[0] if right else names.index(max(names))
    return (code_col, name_col) if names[name_col] > 0 else None


def _cell(row: list[str], j: int) -> str:
    return row[j] if j < len(row) else ""


def _clean_name(name: str) -> str:
    return name.strip().strip("\u3000").strip()


def _kind_hint(text: str) -> str | None:
    text = _squash(text)
    if "经济分类" in text:
        return "economic"
    if "功能分类" in text:
        return "function"
    if "收入" in text and "支出" not in text:
        return "income"
    return None


def _kind_of(code: str) -> str | None:
    if code[0] == "2":
        return "function"
    if code[0] in "35" and len(code) in (3, 5):
        return "economic"
    return None


def gaps(names: dict[str, str]) -> list[str]:
    """Codes whose 类 or 款 the list lacks (an incomplete copy of the official list)."""
    missing = []
    for code in names:
        for n in (3, 5):
            if len(code) > n and code[:n] not in names:
                missing.append(code)
                break
    return missing


def write_csv(names: dict[str, str]) -> bytes:
    """A catalog file: ``code,name`` in code order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "name"])
    for code in sorted(names):
        writer.writerow([code, names[code]])
    return out.getvalue().encode("utf-8")


def summary(names: dict[str, str]) -> str:
    """"类 N 个、款 N 个、项 N 个"."""
    counts = {level: sum(1 for c in names if len(c) == n) for n, level in LEVELS.items()}
    return "、".join(f"{level} {count} 个" for level, count in counts.items() if count)
