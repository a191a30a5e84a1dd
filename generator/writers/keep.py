"""Which table rows a page break may not separate, shared by the PDF (CSS ``break-before:
avoid`` on ``tr.keep``) and Word (``w:keepNext`` on the row before) editions."""

from __future__ import annotations

from collections.abc import Sequence

from generator.publication.model import Row


def keeps_with_previous(rows: Sequence[Row], index: int) -> bool:
    """Whether body row ``index`` stays on the page of the row before it.

    The first three rows of a table stay together, and so do the last four (three rows and
    the 合计), so no page holds fewer than three rows of a table, nor its 合计 without them.
    A 类 or 款 row (a bold subtotal) stays with its first child: it never ends a page whose
    next page starts with the rows it sums.
    """
    count = len(rows)
    if index <= 0 or index >= count:
        return False
    if index < 3 or index >= count - 3:
        return True
    parent = rows[index - 1].level
    return parent in (1, 2) and rows[index].level > parent
