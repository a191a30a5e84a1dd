"""A book with 项目支出 but no project explained: 项目经费情况说明 is left out with its 目录 entry
(the official template leaves out what does not apply, 「不涉及的不列」), in every edition, instead
of a heading alone on a page. A book without any 项目支出 keeps the section and says so."""

from __future__ import annotations

from generator.publication.derive import derive
from generator.writers import docx, html
from tests.helpers import validated
from tests.pages import docx_toc

EXPLANATION = ("overview", "basis", "plan", "period", "budget", "goals")


def _unexplained() -> object:
    book = validated("000").book
    assert book is not None and book.projects
    projects = [p.model_copy(update=dict.fromkeys(EXPLANATION)) for p in book.projects]
    return book.model_copy(update={"projects": projects})


def test_projects_part_without_explained_projects_is_left_out() -> None:
    pub = derive(_unexplained())
    assert [s.id for s in pub.sections][-1] == "other"
    titles = [title for _, _, title in pub.toc()]
    assert titles[-1] == "六、其他相关情况说明"
    assert "项目经费情况说明" not in html.render(pub)
    toc = docx_toc(docx.write(pub))
    assert [t for t, _ in toc] == titles
    assert not any("项目经费情况说明" in t for t, _ in toc)


def test_book_with_explained_projects_keeps_the_part() -> None:
    book = validated("000").book
    assert book is not None
    pub = derive(book)
    assert pub.sections[-1].id == "projects"
    assert [t for _, _, t in pub.toc()][-1] == "七、项目经费情况说明"
