"""The PDF is accessible by default (tagged, /Lang zh-CN, title shown, bookmarks) and can be
asked for as PDF/A (archives) or PDF/UA (accessibility): read back from the catalog."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral

from generator.build import build
from tests.helpers import EXAMPLES, publication
from tests.shelf import Shelf

pytestmark = pytest.mark.pdf
ROOT = Path(__file__).resolve().parent.parent


def _catalog(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    with path.open("rb") as fh:
        document = PDFDocument(PDFParser(fh))
        catalog = {key: resolve1(value) for key, value in document.catalog.items()}
        for key in ("MarkInfo", "ViewerPreferences", "Outlines"):
            if key in catalog:
                catalog[key] = {k: resolve1(v) for k, v in catalog[key].items()}
        if "Metadata" in catalog:
            catalog["Metadata"] = catalog["Metadata"].get_data().decode()
        if "OutputIntents" in catalog:
            catalog["OutputIntents"] = [
                {k: resolve1(v) for k, v in resolve1(i).items()} for i in catalog["OutputIntents"]]
            for intent in catalog["OutputIntents"]:
                intent["DestOutputProfile"] = intent["DestOutputProfile"].get_data()
        if "StructTreeRoot" in catalog:
            root = catalog["StructTreeRoot"]
            kids = resolve1(root["K"])
            catalog["StructTreeRoot"] = [resolve1(k) for k in (kids if isinstance(kids, list) else [kids])]
        return catalog, resolve1(document.info[0])


def _name(value: object) -> str:
    assert isinstance(value, PSLiteral)
    return str(value.name)


@pytest.fixture(scope="module")
def forms_pdfs(tmp_path_factory: pytest.TempPathFactory, shelf: Shelf) -> dict[str, Path]:
    """The 申报表 example's PDF as ``build`` writes it by default (the run's shelf has it), as
    PDF/A and as PDF/UA."""
    out = tmp_path_factory.mktemp("tags")
    found = {"default": shelf.book(EXAMPLES["004"]).pdf}
    for variant in ("pdf/a-3b", "pdf/ua-1"):
        pub = dataclasses.replace(publication("004"))
        name = variant.replace("/", "")
        found[name] = build(pub, name, ["pdf"], out, pdf_variant=variant)[0]
    return found


def test_default_pdf_is_tagged_in_chinese_with_title_and_bookmarks(forms_pdfs: dict[str, Path]) -> None:
    catalog, info = _catalog(forms_pdfs["default"])
    assert catalog["Lang"] == b"zh-CN"
    assert catalog["MarkInfo"]["Marked"] is True
    document = catalog["StructTreeRoot"]
    assert [_name(k["S"]) for k in document] == ["Document"]
    assert info["Title"].decode("utf-16") == "上海市松江区2026年财政项目支出绩效目标申报表"
    assert catalog["ViewerPreferences"]["DisplayDocTitle"] is True
    assert catalog["Outlines"]["Count"] != 0
    assert "OutputIntents" not in catalog  # not claimed unless asked


def test_pdf_a_3b_has_an_output_intent_and_its_identification(forms_pdfs: dict[str, Path]) -> None:
    catalog, _ = _catalog(forms_pdfs["pdfa-3b"])
    (intent,) = catalog["OutputIntents"]
    assert _name(intent["S"]) == "GTS_PDFA1"
    assert intent["DestOutputProfile"][36:40] == b"acsp"  # an ICC profile
    assert 'pdfaid:part="3"' in catalog["Metadata"] and 'pdfaid:conformance="B"' in catalog["Metadata"]
    assert catalog["Lang"] == b"zh-CN" and catalog["MarkInfo"]["Marked"] is True


def test_pdf_ua_1_is_tagged_and_identified(forms_pdfs: dict[str, Path]) -> None:
    catalog, _ = _catalog(forms_pdfs["pdfua-1"])
    assert 'pdfuaid:part="1"' in catalog["Metadata"]
    assert "<dc:title>" in catalog["Metadata"]
    assert catalog["MarkInfo"]["Marked"] is True and catalog["Lang"] == b"zh-CN"


def test_tagged_pdf_is_the_same_bytes_twice(forms_pdfs: dict[str, Path], tmp_path: Path) -> None:
    again = build(dataclasses.replace(publication("004")), "b", ["pdf"], tmp_path)[0]
    assert again.read_bytes() == forms_pdfs["default"].read_bytes()  # tagged, as by default


def test_cli_refuses_an_unknown_variant_in_chinese(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--format", "pdf",
                           "--pdf-variant", "pdf/x-4", "--out", str(tmp_path),
                           str(ROOT / "data" / "songjiang-yibao-forms-2026.yaml")],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 2
    assert "用法错误" in done.stderr and "无效的选项" in done.stderr and "pdf/a-3b" in done.stderr
    assert list(tmp_path.iterdir()) == []
