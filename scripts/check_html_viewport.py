"""Open an HTML edition in headless Chromium at phone and desktop widths and report whether the
page is ever wider than the screen, and which elements stick out of it.

    python3 scripts/check_html_viewport.py output/songjiang-yibao-2025.html [--screenshots DIR]

For each width (375, 400 and 1280 CSS px) it prints the document's scrollWidth beside the viewport
width, every element whose box reaches past the viewport outside a scrolling table box
(``.table-box``) and every table cell whose content runs past its box; exits 1 if the page
scrolls sideways or anything sticks out. With ``--screenshots DIR`` it also saves
``DIR/<name>-<width>.png``.

Headless Chromium will not open a window narrower than 500 px, so the book is loaded in an
iframe of the wanted width (its media queries and ``innerWidth`` follow the iframe); a script
added to a copy of the page measures it and posts the figures to the outer page, whose DOM
Chromium dumps. Needs the Debian package ``chromium``. Nothing is fetched: the book is
self-contained and Chromium runs with networking features off.

Where Playwright for Python is installed, one Chromium serves every measure of the process
(each a new page in it, the same iframe and window size); without it, each measure and each
screenshot starts Chromium from its command line, about two seconds apiece.
"""

from __future__ import annotations

import atexit
import html as html_lib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

WIDTHS = (375, 400, 1280)
HEIGHT = 2400

_PROBE = """<script>
addEventListener("load", function () {
  var vw = window.innerWidth, out = [];
  document.body.querySelectorAll("*").forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (!r.width && !r.height) return;
    var box = el.closest(".table-box");  // inside a box that scrolls: scrolled into view
    var inBox = box && box !== el && box.scrollWidth > box.clientWidth;
    var cell = (el.tagName === "TD" || el.tagName === "TH") && el.scrollWidth > el.clientWidth + 1;
    if (cell || (!inBox && (r.right > vw + 0.5 || r.left < -0.5))) {
      out.push(el.tagName.toLowerCase() + (el.className ? "." + el.className : "") + " right="
               + Math.round(r.right) + " 「" + (el.textContent || "").trim().slice(0, 24) + "」");
    }
  });
  // Every row of every table, where the table is read as cards (a phone): its name and each
  // figure inside the screen and whole, and, read as cards, each figure under its own name (no
  // other row's name between them). A grid that scrolls in its box hides figures: reported.
  var rows = 0, apart = [];
  function text(el) { return (el.textContent || "").trim(); }
  function shown(el) { return el.getBoundingClientRect().width > 0 && text(el) !== ""; }
  function side(el) { return (el.className.match(/side-(\\d)/) || [0, "0"])[1]; }
  document.querySelectorAll("table.grid").forEach(function (table) {
    var box = table.closest(".table-box");
    var id = (box && box.querySelector("[data-table]") || table).getAttribute("data-table");
    var cards = getComputedStyle(table).display === "block";
    var names = [];
    table.querySelectorAll("tbody td:not(.amount), tbody th").forEach(function (cell) {
      if (shown(cell)) names.push({cell: cell, top: cell.getBoundingClientRect().top});
    });
    table.querySelectorAll("tbody tr").forEach(function (tr, i) {
      rows += 1;
      var where = id + " row " + (i + 1) + " 「" + text(tr).slice(0, 16) + "」";
      tr.querySelectorAll("td, th").forEach(function (cell) {
        if (!shown(cell)) return;
        var r = cell.getBoundingClientRect(), range = document.createRange();
        range.selectNodeContents(cell);
        var t = range.getBoundingClientRect();
        if (r.left < -0.5 || r.right > vw + 0.5) {
          apart.push(where + " off screen: " + Math.round(r.left) + ".." + Math.round(r.right));
        }
        if (cell.scrollWidth > cell.clientWidth + 1) apart.push(where + " cut: 「" + text(cell) + "」");
        if (t.left < r.left - 0.5 || t.right > r.right + 0.5 || t.right > vw + 0.5) {
          apart.push(where + " text out of its cell: 「" + text(cell) + "」");
        }
        if (!cards || !cell.classList.contains("amount")) return;
        var own = null, above = null;
        tr.querySelectorAll("td:not(.amount), th").forEach(function (n) {
          if (side(n) === side(cell) && shown(n)) own = n;
        });
        if (!own) return;
        names.forEach(function (n) {
          if (n.top <= r.top + 0.5 && (!above || n.top >= above.top)) above = n;
        });
        if (!above || above.cell.closest("tr") !== tr && above.cell !== own) {
          apart.push(where + " figure 「" + text(cell) + "」 not under its name");
        }
      });
    });
  });
  parent.postMessage(JSON.stringify({scrollWidth: document.documentElement.scrollWidth,
    innerWidth: vw, boxes: document.querySelectorAll(".table-box").length,
    sticking_out: out, rows: rows, apart: apart}), "*");
});
</script>"""

_FRAME = """<!DOCTYPE html><html><head><meta charset="utf-8"></head>
<body style="margin:0"><iframe src="book.html" style="width:{w}px;height:{h}px;border:0"></iframe>
<script>addEventListener("message", function (e) {{
  document.documentElement.setAttribute("data-result", e.data); }});</script></body></html>"""


@dataclass(frozen=True)
class Viewport:
    """What the page did at one width."""

    width: int
    scroll_width: int
    inner_width: int
    table_boxes: int
    sticking_out: list[str]
    rows: int = 0  # table rows checked (card tables and grids that do not scroll)
    apart: list[str] = field(default_factory=list)  # rows whose name or figures are not seen

    @property
    def ok(self) -> bool:
        return self.scroll_width <= self.inner_width and not self.sticking_out and not self.apart


def chromium() -> str | None:
    """The Chromium executable, or None if it is not installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


FLAGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--hide-scrollbars")


def _run(args: list[str], profile: Path) -> str:
    command = [chromium() or "chromium", "--headless", *FLAGS, f"--user-data-dir={profile}",
               *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True).stdout


class _Shared:
    """One headless Chromium driven by Playwright, started at the first measure and closed by
    :meth:`close` or when the process ends; ``None`` where Playwright is not installed.
    (While it runs, this thread cannot start another Playwright: close it first.)"""

    browser: object = None
    driver: object = None
    tried = False

    @classmethod
    def get(cls) -> object:
        if not cls.tried:
            cls.tried = True
            try:
                from playwright.sync_api import sync_playwright
            except ImportError:
                return None
            cls.driver = sync_playwright().start()
            cls.browser = cls.driver.chromium.launch(executable_path=chromium(),
                                                     args=list(FLAGS))
            atexit.register(cls.close)
        return cls.browser

    @classmethod
    def close(cls) -> None:
        if cls.browser is not None:
            cls.browser.close()  # type: ignore[attr-defined]
            cls.driver.stop()  # type: ignore[attr-defined]
        cls.browser = cls.driver = None
        cls.tried = False


def _load(frame: Path, width: int, profile: Path, shot: Path | None) -> str:
    """The result the probe posted to the frame page loaded at ``width`` (the page's
    ``data-result``), and its screenshot saved to ``shot``."""
    window = (max(width, 500) + 20, HEIGHT)
    browser = _Shared.get()
    if browser is None:
        size = f"--window-size={window[0]},{window[1]}"
        dom = _run([size, "--virtual-time-budget=10000", "--dump-dom", frame.as_uri()], profile)
        if shot is not None:
            _run([size, "--virtual-time-budget=10000", f"--screenshot={shot}", frame.as_uri()],
                 profile)
        match = re.search(r'data-result="([^"]*)"', dom)
        return html_lib.unescape(match.group(1)) if match else ""
    page = browser.new_page(viewport={"width": window[0], "height": window[1]})  # type: ignore[attr-defined]
    try:
        page.goto(frame.as_uri())
        page.wait_for_selector("html[data-result]", state="attached", timeout=60_000)
        result: str = page.evaluate("document.documentElement.getAttribute('data-result')")
        if shot is not None:
            page.screenshot(path=str(shot))
    finally:
        page.close()
    return result


def measure(page: Path, widths: tuple[int, ...] = WIDTHS,
            screenshots: Path | None = None) -> list[Viewport]:
    """Load ``page`` at each width; measure it (and screenshot it into ``screenshots``)."""
    text = page.read_text(encoding="utf-8")
    results: list[Viewport] = []
    with tempfile.TemporaryDirectory(prefix="budgetgen-viewport-") as tmp:
        folder = Path(tmp)
        (folder / "book.html").write_text(text.replace("</body>", _PROBE + "</body>"),
                                          encoding="utf-8")
        for width in widths:
            frame = folder / f"frame-{width}.html"
            frame.write_text(_FRAME.format(w=width, h=HEIGHT), encoding="utf-8")
            shot = None
            if screenshots is not None:
                screenshots.mkdir(parents=True, exist_ok=True)
                shot = screenshots / f"{page.stem}-{width}.png"
            posted = _load(frame, width, folder / "profile", shot)
            if not posted:
                raise RuntimeError(f"the page did not report its measures at {width} px")
            data = json.loads(posted)
            results.append(Viewport(width, data["scrollWidth"], data["innerWidth"], data["boxes"],
                                    data["sticking_out"], data["rows"], data["apart"]))
    return results


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    shots = None
    if "--screenshots" in argv:
        i = argv.index("--screenshots")
        shots = Path(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    if chromium() is None:
        print("chromium is not installed (apt-get install -y chromium)", file=sys.stderr)
        return 2
    bad = 0
    for name in argv:
        for view in measure(Path(name), screenshots=shots):
            print(f"{name} @ {view.width}px: scrollWidth {view.scroll_width} / innerWidth "
                  f"{view.inner_width}, {view.table_boxes} table boxes, "
                  f"{len(view.sticking_out)} element(s) sticking out; {view.rows} table rows, "
                  f"{len(view.apart)} not seen whole with their name")
            for item in (view.sticking_out + view.apart)[:20]:
                print(f"  {item}")
            bad += not view.ok
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
