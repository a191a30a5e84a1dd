"""Ways in from the browser: a dropped workbook or published book read by ``import``, a starter
written by ``init``, next year's draft by ``next-year``. Each writes a data file into the served
folder and never overwrites one without being asked.
"""

from __future__ import annotations

import io
import os
import re
import secrets
import shutil
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from generator.build import write_atomic
from generator.findings import Finding
from generator.report import FileReport
from generator.serve.library import DATA_SUFFIXES
from generator.serve.paths import inside, relative, work_dir
from generator.source.importers.xlsx_guard import OLD_EXCEL, is_old_excel, too_large
from generator.source.loader import MAX_BYTES

# What an upload may be: the data file's own limit for data files; a workbook or a published
# book is far larger than its data but still bounded (an official book's PDF is 1-5 MB).
UPLOAD_LIMITS = {".xlsx": 20 * 1048576, ".pdf": 50 * 1048576, ".txt": MAX_BYTES * 5}
MAX_UPLOAD = max(UPLOAD_LIMITS.values())
_SAFE_NAME = re.compile(r"^[\w\u4e00-\u9fff（）()\-. ]{1,120}$")


class Refused(Exception):
    """A request the page answers with a sentence (and nothing written)."""


def check_upload(filename: str, data: bytes) -> str:
    """The suffix of an acceptable upload; raises :class:`Refused` saying why not."""
    suffix = Path(filename).suffix.lower()
    limit = UPLOAD_LIMITS.get(suffix)
    if limit is None and suffix == ".xls":
        raise Refused(OLD_EXCEL)
    if limit is None:
        raise Refused(f"无法读取 {suffix or '无扩展名'} 文件；可读取：Excel 工作簿（.xlsx）、"
                      "已公开的预算文本（.pdf 或 .txt）")
    if len(data) > limit:
        raise Refused(f"文件有 {len(data) / 1048576:.1f} MB，超过上限 {limit // 1048576} MB")
    if suffix == ".xlsx":
        try:
            members = zipfile.ZipFile(io.BytesIO(data)).infolist()
        except zipfile.BadZipFile:
            if is_old_excel(data):
                raise Refused(OLD_EXCEL) from None
            raise Refused("这不是 Excel 工作簿（.xlsx）：文件无法打开") from None
        problem = too_large(members)  # what it may unpack to: the limits of `import`
        if problem:
            raise Refused(problem)
    return suffix


@dataclass
class Pending:
    """An import read and waiting to be written (the data file existed: the officer decides)."""

    id: str
    source: str
    target: str
    text: str
    report: FileReport
    parts: list[tuple[str, str]]
    written: bool = False


def import_file(root: Path, filename: str, data: bytes) -> Pending:
    """Read an uploaded workbook or book with the importer ``budgetgen import`` uses."""
    from generator.source.emit import dump_yaml
    from generator.source.importers import importer_for

    check_upload(filename, data)
    shown = Path(filename).name
    if not _SAFE_NAME.match(shown):
        shown = "上传文件" + Path(filename).suffix.lower()
    folder = work_dir(root) / "uploads" / secrets.token_hex(8)
    source = folder / shown
    write_atomic(source, data)
    try:
        importer = importer_for(source)
        assert importer is not None  # check_upload allows only the suffixes importers read
        imported = importer.read(source)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    findings = [_shown_as(f, str(source), shown) for f in imported.findings]
    if not imported.data:  # nothing recognised (not a budget book): the findings say why
        raise Refused("；".join(f"{shown}：{f.message}" for f in findings)
                      or f"{shown}：没有读到任何内容；未写出数据文件")
    header = f"由 budgetgen import 从 {shown} 读取；请核对后使用。"
    text = dump_yaml(imported.data, header)
    target = Path(shown).stem + ".yaml"
    return Pending(secrets.token_urlsafe(12), shown, target, text,
                   FileReport(shown, "", findings), parts_read(imported.data))


def _shown_as(finding: Finding, stored: str, shown: str) -> Finding:
    """The finding located in the file the officer dropped, not our temporary copy."""
    from dataclasses import replace

    locations = tuple(replace(loc, file=shown) if loc.file == stored else loc for loc in finding.locations)
    return replace(finding, locations=locations)


def parts_read(data: dict[str, Any]) -> list[tuple[str, str]]:
    """What was read, part by part: the data file's top-level keys and a word on each."""
    out = []
    for key, value in data.items():
        if isinstance(value, list):
            out.append((key, f"{len(value)} 项"))
        elif isinstance(value, dict):
            out.append((key, "、".join(str(k) for k in list(value)[:6]) + ("…" if len(value) > 6 else "")))
        else:
            text = str(value)
            out.append((key, text if len(text) <= 40 else text[:40] + "…"))
    return out


def write_new(root: Path, name: str, text: bytes, overwrite: bool = False) -> str:
    """Write a data file the page made into the folder; returns its name there."""
    target = inside(root, name)
    if target is None:
        raise Refused(f"文件名「{name}」不可用：只能写在本文件夹之内")
    if target.exists() and not overwrite:
        raise Refused(f"{name} 已存在：不会覆盖。请换一个文件名，或确认覆盖。")
    write_atomic(target, text)
    return relative(root, target)


def starter_file(root: Path, name: str, shape: str, level: str, year: int, fmt: str) -> str:
    """「新建」: a starter data file (YAML) or blank workbook, as ``budgetgen init`` writes it."""
    from generator.source.starter import LEVELS, SHAPES, starter

    if shape not in SHAPES or level not in LEVELS or not 2000 <= year <= 2100:
        raise Refused("类型、级次或预算年度不在可选范围内")
    suffixes = {"yaml": (".yaml", ".yml"), "xlsx": (".xlsx",)}.get(fmt)
    if suffixes is None:
        raise Refused("格式只能是 yaml 或 xlsx")
    name = name.strip() or f"预算-{year}"
    if Path(name).suffix.lower() not in suffixes:
        name += suffixes[0]
    if fmt == "xlsx":
        from generator.source.importers.xlsx_blank import blank_workbook

        return write_new(root, name, blank_workbook(shape, level, year))
    return write_new(root, name, starter(shape, level, year).encode("utf-8"))


WORKBOOK_CORRECTION = ("更正版要在数据文件中制作：工作簿不能记下「版本」（版次、更正原因、上一版）。"
                       "请先点「导入为数据文件」，再在数据文件的页面上点「制作更正版」。")
_VERSIONED = re.compile(r"-v\d+$")


def correction_name(source: Path, number: int) -> str:
    """The corrected edition's file name: the book's name with ``-v<版次>`` (replacing the
    ``-vN`` of the edition it corrects), in the source's format."""
    return f"{_VERSIONED.sub('', source.stem)}-v{number}{source.suffix.lower()}"


def corrected_file(root: Path, path: Path, reasons: list[str], name: str = "",
                   overwrite: bool = False, today: date | None = None) -> str:
    """「制作更正版」: the book's data file copied as the officer wrote it (comments, order, style:
    :mod:`generator.source.roundtrip`), with its 版本 block: 版次 one more than the book's,
    日期 today, 更正原因 as given, 上一版 the book's file relative to the copy. Returns the
    copy's name in the folder; never overwrites a file unless ``overwrite``."""
    from generator.next_year import keys_after
    from generator.source import roundtrip

    if not reasons:
        raise Refused("请写上更正原因（每行一条），它会印在更正版的「更正说明」中")
    is_json = path.suffix.lower() == ".json"
    raw = path.read_bytes()
    original = raw.decode("utf-8-sig").replace("\r\n", "\n")
    try:
        data = roundtrip.load(original, is_json)
    except Exception:  # not readable as YAML at all: the findings of the book say where
        raise Refused("这个数据文件有格式错误，无法复制成更正版：请先改正页面左侧列出的格式错误") from None
    if not isinstance(data, dict):
        raise Refused("这个数据文件的内容不是一本书，无法复制成更正版")
    edition = data.get("版本")
    try:
        number = int(str(edition.get("版次", 1))) + 1 if isinstance(edition, dict) else 2
    except ValueError:
        raise Refused("「版本」中的版次不是数字：请先改正") from None
    name = name or Path(relative(root, path)).with_name(correction_name(path, number)).as_posix()
    if Path(name).suffix.lower() not in DATA_SUFFIXES:
        name += path.suffix.lower()
    target = inside(root, name)
    if target is None:
        raise Refused(f"文件名「{name}」不可用：只能写在本文件夹之内")
    if target == path.resolve():
        raise Refused("更正版要写成另一个文件：原来的文件是上一版的依据，不能覆盖")
    previous = Path(os.path.relpath(path.resolve(), target.parent)).as_posix()
    block = {"版次": roundtrip.Literal(str(number)), "日期": (today or date.today()).isoformat(),
             "更正原因": list(reasons), "上一版": previous}
    if isinstance(edition, dict):  # a correction of a correction: the block keeps its place
        tail = roundtrip.detach_tail(edition)
        for key in list(edition):
            del edition[key]
        edition.update(block)
        roundtrip.attach_tail(edition, tail)
    else:
        later = keys_after("版本")
        keys = list(data)
        at = next((keys.index(k) for k in later if k in data), len(keys))
        before = data[keys[at - 1]] if at else None
        tail = roundtrip.detach_tail(before)  # the blank line or comment that opened the next part
        roundtrip.insert(data, "版本", block, later)
        roundtrip.attach_tail(data["版本"], tail)
    text = roundtrip.dump(data, original, is_json)
    if b"\r\n" in raw:  # the copy ends its lines as the officer's file does (Windows)
        text = text.replace("\n", "\r\n")
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    return write_new(root, name, (bom + text).encode("utf-8"), overwrite)


def next_year_file(root: Path, path: Path, catalogs: str | None = None) -> tuple[str, list[Finding]]:
    """「下一年度」: next year's draft beside the book, as ``budgetgen next-year`` writes it."""
    from generator.commands.common import summary
    from generator.next_year import next_year, target_name
    from generator.pipeline import validate

    result = validate(str(path), catalogs)
    if not result.ok or result.book is None:
        raise Refused(f"{summary(result.findings)}；请先改正本年数据的错误，再生成下一年度初稿")
    target = target_name(path, result.book.year)
    name = relative(root, target)
    if inside(root, name) is None:
        raise Refused("下一年度初稿只能写在本文件夹之内")
    if target.exists():
        raise Refused(f"{name} 已存在：不会覆盖。要重新生成，请先在文件夹中删除或改名。")
    draft = next_year(result, target)
    write_atomic(target, draft.encoded())
    return name, draft.findings
