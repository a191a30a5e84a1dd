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


_SCROLL_PROBE = """<script>
addEventListener("load", function () {
  var vw = window.innerWidth, out = {unitsHidden: [], unpinned: [], scrolled: 0};
  document.querySelectorAll(".table-box").forEach(function (box) {
    var table = box.querySelector("table"), id = table.getAttribute("data-table");
    var unit = table.querySelector("caption .unit");
    if (unit) {
      var range = document.createRange(); range.selectNodeContents(unit);
      var r = range.getBoundingClientRect();
      if (r.right > box.getBoundingClientRect().right + 0.5) out.unitsHidden.push(id);
    }
    var labels = table.querySelectorAll("tbody td:not(.amount)").length;
    if (!labels || box.scrollWidth <= box.clientWidth) return;
    out.scrolled += 1;
    box.scrollLeft = box.scrollWidth;
    var left = box.getBoundingClientRect().left;
    table.querySelectorAll("tbody tr").forEach(function (tr, i) {
      var rr = tr.getBoundingClientRect();
      window.scrollTo(0, rr.top + window.scrollY - 100);
      rr = tr.getBoundingClientRect();
      var hit = document.elementFromPoint(left + 4, rr.top + rr.height / 2);
      var cell = hit && hit.closest("td, th");
      if (!cell || cell.classList.contains("amount") || cell.parentElement !== tr
          && !cell.hasAttribute("rowspan")) out.unpinned.push(id + " row " + (i + 1));
    });
  });
  parent.postMessage(JSON.stringify(out), "*");
});
</script>"""


def _scrolled(page: Path, tmp_path: Path) -> dict[str, object]:
    """At 400 px: which captions hide their unit off the first view, and which body rows, with
    the table scrolled to its right end, show no row label at the box's left edge."""
    import json
    import re
    from html import unescape

    (tmp_path / "book.html").write_text(
        page.read_text(encoding="utf-8").replace("</body>", _SCROLL_PROBE + "</body>"),
        encoding="utf-8")
    frame = tmp_path / "frame.html"
    frame.write_text(viewport._FRAME.format(w=400, h=900), encoding="utf-8")
    dom = viewport._run(["--window-size=520,900", "--virtual-time-budget=10000", "--dump-dom",
                         frame.as_uri()], tmp_path / "profile")
    match = re.search(r'data-result="([^"]*)"', dom)
    assert match, "the page did not report"
    result: dict[str, object] = json.loads(unescape(match.group(1)))
    return result


def test_row_labels_stay_and_unit_shows_on_a_phone(tmp_path: Path) -> None:
    """Scrolled sideways to its end, every row of a table still shows its label at the left
    edge (the figures scroll under it), and 「单位：元」 is in the first view of the table."""
    pub = publication("000")
    page = tmp_path / "000.html"
    page.write_text(html.render(pub), encoding="utf-8")
    result = _scrolled(page, tmp_path)
    assert result["unitsHidden"] == []
    assert result["unpinned"] == []
    assert result["scrolled"] >= 5  # 表1–表8 are wider than a phone: the check ran on them
