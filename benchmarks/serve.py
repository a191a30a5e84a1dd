"""``budgetgen serve``: how soon the page shows a saved file, and how fast a big folder lists.

    python3 benchmarks/serve.py [RUNS] [BOOKS]

1. Save to update (target ≤ 1.5 s): the server runs as the officer starts it; a client polls
   ``/api/state`` as the page's script does (every 0.4 s); the 000 book is saved alternately with
   an error and without, and the time from the save to the answer carrying the new findings is
   measured (median and worst of RUNS, default 6). The server-side part (validation and HTML
   edition) is printed beside it.
2. Listing (target < 2 s): a folder of BOOKS (default 150) copies of the 000 book, each with its
   own unit name; the home page is asked for by a fresh server process (the summaries kept in
   ``.budgetgen/index.json``), after a first listing that validated them all.
"""

from __future__ import annotations

import json
import os
import queue
import random
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


def listing(books: int) -> tuple[float, float]:
    folder = Path(tempfile.mkdtemp(prefix="budgetgen-serve-list-"))
    text = BOOK.read_text(encoding="utf-8")
    for i in range(books):
        (folder / f"unit-{i:03d}-2025.yaml").write_text(
            text.replace("名称: 上海市松江区医疗保障局\n", f"名称: 上海市松江区第{i + 1}单位\n", 1),
            encoding="utf-8")
    try:
        server, address = start(folder)
        try:
            begin = time.perf_counter()
            get(address)
            cold = time.perf_counter() - begin
        finally:
            stop(server)
        server, address = start(folder)  # a new run of the server: only the kept summaries
        try:
            begin = time.perf_counter()
            page = get(address).decode("utf-8")
            warm = time.perf_counter() - begin
            assert page.count('href="/book?f=unit-') == books
        finally:
            stop(server)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return cold, warm


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    books = int(sys.argv[2]) if len(sys.argv) > 2 else 150
    totals, inside = save_to_update(runs)
    print(f"save → page updated ({BOOK.name}, polling every {POLL} s, {runs} saves): "
          f"median {statistics.median(totals):.2f} s, worst {max(totals):.2f} s (target ≤ 1.5 s); "
          f"validation + HTML edition on the server: median {statistics.median(inside):.2f} s")
    cold, warm = listing(books)
    print(f"home page of {books} books: {warm:.2f} s from the kept summaries (target < 2 s); "
          f"first listing, validating each: {cold:.2f} s")


if __name__ == "__main__":
    main()
