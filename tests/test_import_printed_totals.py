"""A whole-yuan book read back from its PDF or its text: a printed total 1–2 元 off the sum of
its printed rows (each row rounded on its own, the total rounded from the exact sum) comes back
as 印刷合计, as the workbook route already does (``printed_totals``, one mechanism), and the
rebuilt book prints every total as it was."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.build import build
from generator.pipeline import publish, validate
from generator.publication.model import Publication
from generator.source.emit import dump_yaml
from generator.source.importers import published
from tests.helpers import TESTDATA, body_grid

BOOK = TESTDATA / "shiji" / "exact.yaml"


@pytest.fixture(scope="module")
def original() -> Publication:
    return publish(validate(str(BOOK)))


@pytest.fixture(scope="module")
def sources(original: Publication, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("shiji")
    pdf = build(original, "shiji", ["pdf"], out)[0]
    raw = out / "shiji.txt"
    subprocess.run(["pdftotext", "-raw", str(pdf), str(raw)], check=True)
    return {"pdf": pdf, "raw": raw}


def _rebuilt(source: Path, tmp: Path) -> tuple[dict[str, object], Publication]:
    imported = published.read(source)
    path = tmp / "again.yaml"
    path.write_text(dump_yaml(imported.data), encoding="utf-8")
    result = validate(str(path))
    assert result.book is not None, [f.render() for f in result.findings]
    return imported.data, publish(result)


@pytest.mark.pdf
@pytest.mark.parametrize("route", ["pdf", "raw"])
def test_rounded_totals_come_back_as_printed(route: str, original: Publication,
                                             sources: dict[str, Path], tmp_path: Path) -> None:
    data, again = _rebuilt(sources[route], tmp_path)
    stated = data["印刷合计"]
    assert isinstance(stated, dict)
    # the 合计 of 表3 as printed: the exact sum rounded, not the sum of the rounded lines
    assert str(stated["合计"]["合计"]) == "8926404310"
    assert str(stated["合计"]["基本支出"]) == "204402910"
    for table_id in ("表1", "表2", "表3", "表4", "表5", "表8"):
        assert body_grid(again.tables[table_id]) == body_grid(original.tables[table_id]), table_id
