"""``budgetgen serve``: how soon the page shows a saved file, and how fast a big folder lists.

    python3 benchmarks/serve.py [RUNS] [BOOKS] [--listing]

1. Save to update (target ≤ 1.5 s): the server runs as the officer starts it; a client polls
   ``/api/state`` as the page's script does (every 0.4 s); the 000 book is saved alternately with
   an error and without, and the time from the save to the answer carrying the new findings is
   measured (median and worst of RUNS, default 6). The server-side part (validation and HTML
   edition) is printed beside it.
2. Listing (target < 2 s): a folder of BOOKS (default 150) copies of data/*.yaml, each with its
   own unit name. The first listing (nothing kept yet: every line from a quick read), the time
   until the background check has filled every state in (polling ``/api/listing`` as the page
   does), and the listing by a new server process (the records kept in ``.budgetgen/index.json``).
"""

from __future__ import annotations

import json
import os
import queue
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "data" / "songjiang-yibao-2025.yaml"
POLL = 0.4  # seconds between the page's polls (templates/serve/static/serve.js)


def start(folder: Path) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(folder), "--port", "0"],
                              stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert server.stdout is not None
    line = server.stdout.readline()
    return server, line.split("：", 1)[1].split("（", 1)[0]


def stop(server: subprocess.Popen[str]) -> None:
    server.terminate()
    server.wait(timeout=10)
    if server.stdout is not None:
        server.stdout.close()


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as answer:
        data: bytes = answer.read()
        return data


def save_to_update(runs: int) -> tuple[list[float], list[float]]:
    folder = Path(tempfile.mkdtemp(prefix="budgetgen-serve-bench-"))
    good = BOOK.read_text(encoding="utf-8")
    bad = good.replace('{科目: "30201", 公用经费: 81360.00}', '{科目: "30201", 公用经费: 81361.00}')
    path = folder / BOOK.name
    path.write_text(good, encoding="utf-8")
    server, address = start(folder)
    state = f"{address}api/state?f={BOOK.name}"
    changes: queue.Queue[tuple[float, float]] = queue.Queue()
    done = threading.Event()

    def page() -> None:  # what the page's script does: ask, wait POLL, ask again
        version = json.loads(get(f"{state}&v=0"))["version"]
        while not done.is_set():
            try:
                answer = json.loads(get(f"{state}&v={version}"))
            except OSError:  # a slow answer on a loaded machine: ask again, as the page does
                continue
            if answer["version"] != version:
                version = answer["version"]
                changes.put((time.perf_counter(), answer["seconds"]))
            time.sleep(POLL)

    poller = threading.Thread(target=page, daemon=True)
    poller.start()
    totals, inside = [], []
    try:
        time.sleep(1.0)  # the first state computed
        while not changes.empty():
            changes.get()
        for run in range(runs):
            time.sleep(random.uniform(0.5, 1.0))  # a save falls anywhere between two polls
            path.write_text(bad if run % 2 == 0 else good, encoding="utf-8")
            saved = time.perf_counter()
            seen, seconds = changes.get(timeout=120)
            totals.append(seen - saved)
            inside.append(seconds)
    finally:
        done.set()
        poller.join(timeout=5)
        stop(server)
        shutil.rmtree(folder, ignore_errors=True)
    return totals, inside


def listing(books: int) -> tuple[float, float, float]:
    """The folder's home page: (first listing, every state filled in, listing by a new run)."""
    folder = Path(tempfile.mkdtemp(prefix="budgetgen-serve-list-"))
    sources = sorted((ROOT / "data").glob("*.yaml"))
    for i in range(books):
        source = sources[i % len(sources)]
        text = re.sub(r"^(单位:\n  名称: )\S+$", rf"\g<1>上海市第{i + 1}预算单位",
                      source.read_text(encoding="utf-8"), count=1, flags=re.M)
        (folder / f"unit-{i:03d}-{source.stem}.yaml").write_text(text, encoding="utf-8")
    try:
        server, address = start(folder)
        try:
            begin = time.perf_counter()
            page = get(address).decode("utf-8")
            cold = time.perf_counter() - begin
            assert page.count('href="/book?f=unit-') == books and "上海市第150预算单位" in page
            version = page.split('data-version="')[1].split('"')[0]
            while True:  # what the page's script does until every state is in
                answer = json.loads(get(f"{address}api/listing?v={version}"))
                version = str(answer["version"])
                if not answer["pending"] and "rows" in answer:
                    break
                time.sleep(0.5)
            filled = time.perf_counter() - begin
            assert "校验中" not in answer["rows"]
        finally:
            stop(server)
        server, address = start(folder)  # a new run of the server: the kept records
        try:
            begin = time.perf_counter()
            page = get(address).decode("utf-8")
            warm = time.perf_counter() - begin
            assert page.count('href="/book?f=unit-') == books and "校验中" not in page
        finally:
            stop(server)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return cold, filled, warm


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = int(args[0]) if args else 6
    books = int(args[1]) if len(args) > 1 else 150
    if "--listing" not in sys.argv:  # --listing: the second measure only
        totals, inside = save_to_update(runs)
        print(f"save → page updated ({BOOK.name}, polling every {POLL} s, {runs} saves): "
              f"median {statistics.median(totals):.2f} s, worst {max(totals):.2f} s (target ≤ 1.5 s); "
              f"validation + HTML edition on the server: median {statistics.median(inside):.2f} s")
    cold, filled, warm = listing(books)
    print(f"home page of {books} books (copies of data/*.yaml, each its own unit): first listing "
          f"{cold:.2f} s (target < 2 s; states then filled in by the background check, all in after "
          f"{filled:.2f} s); a new run of the server, from the kept records: {warm:.2f} s")


if __name__ == "__main__":
    main()
