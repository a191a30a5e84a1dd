"""Hostile inputs through every command: wall time, CPU time, peak memory and the first line.

Each file is made here (nothing is downloaded): a 1 KB alias bomb, 5,000-deep YAML and JSON,
a 10 MB file, 10 MB of binary noise, files at the limits (50,000 values, 2,000 list items,
80,000 characters of text), and a book with as many lines as the limits allow. Each runs
through ``validate``, ``build`` (html, pdf, docx, json), ``diff`` (against the 000 example) and
``batch`` (beside the 000 example) in a fresh ``python -m generator``. Target: every run under
10 s and 500 MB on this machine.

    python3 benchmarks/hostile.py [NAME …]
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "songjiang-yibao-2025.yaml"
MINIMAL = (ROOT / "tests" / "data" / "valid-minimal.yaml").read_text(encoding="utf-8")


def bomb() -> bytes:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    return "\n".join(lines).encode()


def many_lines() -> bytes:
    lines = "".join(f'  - {{科目: "21{i:05d}", 名称: 第{i}号项目支出科目, 项目支出: {i}.00}}\n'
                    for i in range(1, 1990))
    head, tail = MINIMAL.split("支出明细:\n", 1)
    return (head + "支出明细:\n" + lines + tail.split("基本支出经济分类:", 1)[0]
            + "基本支出经济分类:" + tail.split("基本支出经济分类:", 1)[1]).encode()


def long_texts(count: int = 4) -> bytes:
    """A valid book with ``count`` texts of 18,900 characters (4: about 79,000 in all, at the limit)."""
    items = "".join(f"    - {'很长的职能说明' * 2700}\n" for _ in range(count))
    return MINIMAL.replace("主要职能:\n  导语: 负责本区医疗保障工作。\n",
                           "主要职能:\n  导语: 负责本区医疗保障工作。\n  条目:\n" + items).encode()


FILES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "alias-bomb": (".yaml", bomb),
    "deep-yaml": (".yaml", lambda: ("a: " + "[" * 5000 + "]" * 5000).encode()),
    "deep-json": (".json", lambda: ("[" * 5000 + "]" * 5000).encode()),
    "deep-block": (".yaml", lambda: ("a:\n" + "".join("  " * i + "-\n" for i in range(1, 1200))).encode()),
    "10mb": (".yaml", lambda: b"# " + b"x" * (10 * 1024 * 1024)),
    "noise-10mb": (".yaml", lambda: random.Random(1).randbytes(10 * 1024 * 1024)),
    "50k-values": (".yaml", lambda: ("a: [" + ",".join(["1"] * 49_000) + "]\n").encode()),
    "2000-items": (".json", lambda: ('{"条目": [' + ",".join(['{"a": 1}'] * 1999) + "]}").encode()),
    "long-texts": (".yaml", long_texts),
    "too-much-text": (".yaml", lambda: long_texts(6)),
    "1989-lines": (".yaml", many_lines),
}


def run(argv: list[str], cwd: Path) -> tuple[int, float, float, float, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    with (cwd / "err").open("wb") as err, (cwd / "out").open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "generator", *argv], stdout=out, stderr=err,
                                cwd=cwd, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    text = ((cwd / "err").read_text(errors="replace") + (cwd / "out").read_text(errors="replace"))
    first = next((line for line in text.splitlines() if line.strip()), "")
    return proc.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, first


def main() -> None:
    names = sys.argv[1:] or list(FILES)
    print(f"{'file':<12}{'size':>9} {'command':<9}{'exit':>5}{'wall s':>8}{'CPU s':>7}{'MB':>6}  first line")
    for name in names:
        suffix, make = FILES[name]
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            books = folder / "books"
            books.mkdir()
            data = books / f"{name}{suffix}"
            data.write_bytes(make())
            shutil.copy(EXAMPLE, books / "good.yaml")
            commands = {
                "validate": ["validate", str(data)],
                "build": ["build", str(data), "--format", "html,pdf,docx,json", "--out", str(folder / "o1")],
                "diff": ["diff", str(EXAMPLE), str(data)],
                "batch": ["batch", str(books), "--out", str(folder / "o2"), "--jobs", "1"],
            }
            size = data.stat().st_size
            for command, argv in commands.items():
                code, wall, cpu, peak, first = run(argv, folder)
                shown = first.replace(str(folder), "…")[:90]
                print(f"{name:<12}{size:>9} {command:<9}{code:>5}{wall:>8.2f}{cpu:>7.2f}{peak:>6.0f}"
                      f"  {shown}", flush=True)


if __name__ == "__main__":
    main()
