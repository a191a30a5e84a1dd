"""The HTML edition on a phone and on a desktop (headless Chromium): the page is never wider
than the screen, no table cell's content runs out of its cell, on a phone (375 px) every table
row reads as a card with its name and all its figures on screen, and between a phone and a
desktop a wide table scrolls inside its own box under its pinned row labels. Needs the Debian
package ``chromium`` (CI installs it)."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from generator.pipeline import publish, validate
from generator.writers import html
from tests.helpers import DATA, publication
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


@pytest.fixture(scope="module", autouse=True)
def _shared_browser() -> Iterator[None]:
    """The check's one Chromium, closed after this module: another module of this worker
    (test_serve_browser) starts a Playwright of its own."""
    yield
    viewport._Shared.close()


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


@pytest.mark.parametrize("driver", ["playwright", "command line"])
def test_the_check_catches_a_page_wider_than_the_phone(driver: str, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Measured in the shared browser (Playwright) or, where Playwright is not installed, by
    Chromium from its command line: the same findings."""
    if driver == "command line":
        monkeypatch.setattr(viewport._Shared, "get", classmethod(lambda cls: None))
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


def _scrolled(page: Path, tmp_path: Path, width: int) -> dict[str, object]:
    """At ``width`` px: which captions hide their unit off the first view, and which body rows, with
    the table scrolled to its right end, show no row label at the box's left edge."""
    import json
    import re
    from html import unescape

    (tmp_path / "book.html").write_text(
        page.read_text(encoding="utf-8").replace("</body>", _SCROLL_PROBE + "</body>"),
        encoding="utf-8")
    frame = tmp_path / "frame.html"
    frame.write_text(viewport._FRAME.format(w=width, h=900), encoding="utf-8")
    dom = viewport._run([f"--window-size={max(width, 500) + 20},900", "--virtual-time-budget=10000", "--dump-dom",
                         frame.as_uri()], tmp_path / "profile")
    match = re.search(r'data-result="([^"]*)"', dom)
    assert match, "the page did not report"
    result: dict[str, object] = json.loads(unescape(match.group(1)))
    return result


def test_row_labels_stay_and_unit_shows_on_a_tablet(tmp_path: Path) -> None:
    """Between a phone and a desktop (700 px) a landscape table is wider than the screen:
    scrolled sideways to its end, every row still shows its label at the left edge (the
    figures scroll under it), and 「单位：元」 is in the first view of the table."""
    pub = publication("000")
    page = tmp_path / "000.html"
    page.write_text(html.render(pub), encoding="utf-8")
    result = _scrolled(page, tmp_path, 700)
    assert result["unitsHidden"] == []
    assert result["unpinned"] == []
    assert result["scrolled"] >= 1  # the landscape tables are wider: the check ran on them


@pytest.fixture(scope="module")
def phone_books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, int]]:
    """The example books and two stress books (40-character names, ten- and thirteen-figure
    totals, 20 申报表) as HTML, with the number of body rows of their tables."""
    out = tmp_path_factory.mktemp("phone")
    paths = [DATA / "songjiang-yibao-2025.yaml", DATA / "songjiang-yibao-forms-2026.yaml",
             DATA / "yangpu-yibao-2024.yaml", stress_file("stress-ten-figures"),
             stress_file("stress-thirteen-digits")]
    pages = {}
    for path in paths:
        pub = publish(validate(str(path)))
        page = out / f"{path.stem}.html"
        page.write_text(html.render(pub), encoding="utf-8")
        pages[path.stem] = (page, sum(len(t.rows) for t in pub.tables.values()))
    return pages


@pytest.mark.parametrize("book", ["songjiang-yibao-2025", "songjiang-yibao-forms-2026",
                                  "yangpu-yibao-2024", "stress-ten-figures",
                                  "stress-thirteen-digits"])
def test_every_row_reads_whole_on_a_375_px_phone(
        book: str, phone_books: dict[str, tuple[Path, int]], tmp_path: Path) -> None:
    """At 375 px every body row of every table and 申报表 is a card: its name and each of its
    figures lie inside the screen, no figure is cut (scrollWidth within clientWidth, its text
    within its cell), and each figure is under its own row's name."""
    page, rows = phone_books[book]
    (view,) = viewport.measure(page, (375,), screenshots=tmp_path)
    assert (view.width, view.inner_width, view.scroll_width) == (375, 375, 375)
    assert view.apart == [] and view.sticking_out == []
    assert view.rows == rows > 100  # every row of every table was measured
    assert (tmp_path / f"{book}-375.png").stat().st_size > 10_000


def test_the_phone_check_catches_figures_off_screen(tmp_path: Path) -> None:
    """A table kept as a grid that scrolls in its box (the layout before the cards) leaves
    figures off a 375 px screen: every such row is reported."""
    page = tmp_path / "grid.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" '
        'content="width=device-width"></head><body><div class="table-box" style="overflow-x:'
        'auto"><table class="grid" data-table="表3" style="min-width:700px"><tbody><tr>'
        '<td>行政运行</td><td class="amount" style="width:300px">1,234,567.89</td>'
        '<td class="amount" style="width:300px">2,958,000.00</td></tr></tbody></table></div>'
        '</body></html>', encoding="utf-8")
    (view,) = viewport.measure(page, (375,))
    assert view.rows == 1 and not view.ok
    assert any("表3 row 1" in item and "off screen" in item for item in view.apart)
