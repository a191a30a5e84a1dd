"""PDF writer: the HTML edition laid out by WeasyPrint (A4, CJK fonts embedded as subsets).

It fetches nothing: the HTML is self-contained and the URL fetcher refuses every request, so
rendering never touches the network or reads files other than the installed fonts.
"""

from __future__ import annotations

from typing import Any, NoReturn

from generator.publication.model import Publication
from generator.writers import html


def _refuse(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"budgetgen does not fetch resources while rendering: {url}")


def write(publication: Publication) -> bytes:
    import weasyprint  # imported here: the other formats do not need it

    document = weasyprint.HTML(string=html.render(publication), url_fetcher=_refuse,
                               base_url=None)
    data: bytes = document.write_pdf()
    return data
