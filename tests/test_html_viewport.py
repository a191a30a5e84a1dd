"""The HTML edition on a phone and on a desktop (headless Chromium): the page is never wider
than the screen, wide tables scroll inside their own box, and no table cell's content runs out
of its cell. Needs the Debian package ``chromium`` (CI installs it)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from generator.pipeline import publish, validate
from generator.writers import html
from tests.helpers import publication
from tests.stress import stress_file

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "check_html_viewport.py"


def _viewport() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_html_viewport", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


viewport = _viewport()

if viewport.chromium() is None:
    if os.environ.get("CI"):
        pytest.fail("chromium is needed for the HTML viewport tests: apt-get install -y chromium",
                    pytrace=False)
    pytest.skip("chromium not installed (apt-get install -y chromium)", allow_module_level=True)


@pytest.mark.parametrize("book", ["000", "stress-thirteen-digits"])
def test_readable_at_400_and_1280_px(book: str, tmp_path: Path) -> None:
    if book == "000":
        pub = publication("000")
    else:
        result = validate(str(stress_file(book)))
        pub = publish(result)
    page = tmp_path / f"{book}.html"
    page.write_text(html.render(pub), encoding="utf-8")
    shots = tmp_path / "shots"
    views = viewport.measure(page, (400, 1280), screenshots=shots)
    assert [(v.width, v.inner_width) for v in views] == [(400, 400), (1280, 1280)]
    for view in views:
        assert view.scroll_width <= view.inner_width, view
        assert view.sticking_out == [], view.width
        assert view.table_boxes == len(pub.tables)
    assert sorted(p.name for p in shots.iterdir()) == [f"{book}-1280.png", f"{book}-400.png"]


def test_the_check_catches_a_page_wider_than_the_phone(tmp_path: Path) -> None:
    page = tmp_path / "wide.html"
    page.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" '
                    'content="width=device-width"></head><body><table style="width:900px">'
                    '<tr><td style="white-space:nowrap;width:20px">1,234,567,890.12</td>'
                    '<td>x</td></tr></table></body></html>', encoding="utf-8")
    (view,) = viewport.measure(page, (400,))
    assert view.scroll_width > 400 and not view.ok
    assert any(item.startswith("table") for item in view.sticking_out)
    assert any(item.startswith("td") for item in view.sticking_out)
