"""The warnings a book carries on its face when it must not be published as it is.

Each writer prints the same marks: the sentence above the title (and on each sheet of the
workbook), and the short form in the header band of every printed page.
"""

from __future__ import annotations

from generator.publication.model import Publication

# (short form for the page header band, the sentence above the title)
UNVALIDATED = ("校验未通过 · 不得公开", "校验未通过：本文本由未通过校验的数据强制生成，不得公开")
DRAFT = ("草稿 · 不得公开", "草稿：本文本由下一年度数据初稿生成，沿用上年的数字尚未逐项更新或确认，不得公开")


def marks(publication: Publication) -> tuple[tuple[str, str], ...]:
    """The marks of ``publication``, most serious first."""
    return tuple(mark for mark, on in ((UNVALIDATED, publication.unvalidated),
                                       (DRAFT, publication.draft)) if on)
