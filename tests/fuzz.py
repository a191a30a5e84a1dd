"""A deterministic, seeded generator of broken data files, and a runner that checks what the
commands do with them.

``make_case(seed)`` mutates one of the example books: keys dropped, renamed, retyped or
duplicated; amounts perturbed, huge, negative, full-width or with units; codes truncated,
unknown or bare numbers; unicode oddities; deep nesting; aliases; binary noise; truncation;
syntax slips (tabs, quotes, colons, full-width punctuation, thousands commas); control
characters and the internal fact marker written as escapes (\\x00, \\e[31m); JSON as well as
YAML, CRLF files, folders with spaces, Chinese names and ANSI escapes; builds whose output
folder is a file, /dev/null, below a file, holds a killed build's temporaries, or whose disk
fills up (a file-size limit on the child). The same seed always gives the same
case. ``run_case`` runs ``validate``, ``build`` or ``diff`` on it in a child process and
returns the violated properties:

* no traceback, never exit 3 (nor any exit but 0, 1, 2);
* exit 1 prints at least one located finding (``file:line:col: 错误 [code]``), exit 2 a message;
* markup typed in the data never reaches the HTML unescaped;
* nothing partial or stray in the output folder: every asked format when the build succeeds,
  nothing at all otherwise (a killed build's temporaries gone after a build); an output that
  cannot be written is exit 2 naming the path; no command writes beside the data file;
* no control character (an ANSI escape) reaches the terminal raw;
* within 10 s of CPU time (the wall time is recorded too) and 500 MB.

Used by ``tests/test_fuzz.py`` (a few hundred cases) and ``benchmarks/fuzz.py`` (thousands).
"""

from __future__ import annotations

import copy
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
BASES = [ROOT / "data" / "songjiang-yibao-2025.yaml", ROOT / "data" / "yangpu-yibao-2024.yaml",
         ROOT / "data" / "songjiang-yibao-forms-2026.yaml", ROOT / "tests" / "data" / "valid-minimal.yaml"]
FORMATS = ("html", "pdf", "docx", "json", "xlsx")
SECONDS, MEGABYTES = 10.0, 500
FOLDERS = ["case", "预算 数据", "my books/2025 年", "单位", "x\x1b[31m红\x1b[0m"]
# Where a build's output goes: a folder, or somewhere it cannot be written.
OUTPUTS = ["folder", "file", "devnull", "below-file", "stale", "full"]
STALE = ".{stem}.html.k3j9x0q1"  # a temporary a killed build left
FULL_BYTES = 48 * 1024  # the "full disk": no output file may grow beyond this
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
INJECTED = "<script>alert(1)</script>"  # one of the unicode oddities: must come out escaped
LOCATED = re.compile(r":\d+:\d+: (错误|警告) \[[a-z]+\.[a-z-]+\]")


@dataclass
class Case:
    """One generated input and the command to run on it."""

    seed: int
    command: str  # validate | build | diff
    formats: tuple[str, ...]
    relpath: str  # where the data file goes inside the case folder
    content: bytes
    base: Path
    mutations: list[str] = field(default_factory=list)
    output: str = "folder"  # one of OUTPUTS (build only)

    def argv(self, folder: Path, out: Path) -> list[str]:
        data = str(folder / self.relpath)
        if self.command == "build":
            return ["build", data, "--format", ",".join(self.formats), "--out", str(out)]
        if self.command == "diff":
            return ["diff", str(self.base), data]
        return ["validate", data]


@dataclass
class Result:
    """What one case did."""

    case: Case
    exit: int
    seconds: float  # wall clock (inflated when the machine is shared)
    cpu: float  # user + system seconds of the child: the figure the 10 s bound is checked on
    peak_mb: float
    violations: list[str]
    first_line: str


# ---------------------------------------------------------------- data-level mutations

def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*path, i))
    return found


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def _amount_paths(data: Any) -> list[tuple[Any, ...]]:
    return [p for p in _paths(data) if p and isinstance(_parent(data, p)[p[-1]], int | float)
            and not isinstance(_parent(data, p)[p[-1]], bool)]


def _code_paths(data: Any) -> list[tuple[Any, ...]]:
    return [p for p in _paths(data) if p and p[-1] in ("科目", "编码")
            and isinstance(_parent(data, p)[p[-1]], str)]


def drop_key(rng: random.Random, data: Any) -> str:
    keys = [p for p in _paths(data) if p and isinstance(p[-1], str)]
    path = rng.choice(keys)
    del _parent(data, path)[path[-1]]
    return f"drop {path}"


def rename_key(rng: random.Random, data: Any) -> str:
    keys = [p for p in _paths(data) if p and isinstance(p[-1], str)]
    path = rng.choice(keys)
    parent = _parent(data, path)
    new = rng.choice([path[-1] + "x", path[-1][:-1] or "键", "合计", "金额 ", path[-1].upper(), "项目支出"])
    if new not in parent:
        parent[new] = parent.pop(path[-1])
    return f"rename {path} -> {new}"


def retype(rng: random.Random, data: Any) -> str:
    path = rng.choice([p for p in _paths(data) if p])
    value = rng.choice([None, True, 0, -1, 3.5, "", "文字", [], {}, ["a", 1], {"x": 1}, "2025-13-45",
                        [[[[1]]]], "null", 10**40])
    _parent(data, path)[path[-1]] = copy.deepcopy(value)
    return f"retype {path} -> {value!r}"


def duplicate_item(rng: random.Random, data: Any) -> str:
    lists = [p for p in _paths(data) if p and isinstance(_parent(data, p)[p[-1]], list)
             and _parent(data, p)[p[-1]]]
    if not lists:
        return drop_key(rng, data)
    path = rng.choice(lists)
    items = _parent(data, path)[path[-1]]
    items.insert(rng.randrange(len(items) + 1), copy.deepcopy(rng.choice(items)))
    return f"duplicate item in {path}"


def amount(rng: random.Random, data: Any) -> str:
    paths = _amount_paths(data)
    if not paths:
        return retype(rng, data)
    path = rng.choice(paths)
    old = _parent(data, path)[path[-1]]
    new = rng.choice([old + 0.01, old * 10, -abs(old) - 1, 10**18, 9.999, "9" * 40, 1e300,
                      "１５００００", f"{old}万元", f"{old} 元", "1,000,000.00", "12.345", "-0",
                      "NaN", ".inf", "1e5", "0x1F", "1_000", "一百万", "100万万", "1,234", "1,23",
                      "12,34.5", "-0.00", "+5", "-0万", f"{old:,}"])
    _parent(data, path)[path[-1]] = new
    return f"amount {path} -> {new!r}"


def code(rng: random.Random, data: Any) -> str:
    paths = _code_paths(data)
    if not paths:
        return amount(rng, data)
    path = rng.choice(paths)
    old = _parent(data, path)[path[-1]]
    new = rng.choice([old[:-2], old[:3], "9999999", "2109999", int(old) if old.isdigit() else 0,
                      old + "0", "２１０１５０１", "21O1501", " " + old, old + "\u200b", ""])
    _parent(data, path)[path[-1]] = new
    return f"code {path} -> {new!r}"


def unicode_oddity(rng: random.Random, data: Any) -> str:
    texts = [p for p in _paths(data) if p and isinstance(_parent(data, p)[p[-1]], str)]
    path = rng.choice(texts)
    odd = rng.choice(["\u202e", "\u200b", "\ufeff", "e\u0301", "😀", "\U0002a6a5", "\u3000", "𠀀",
                      "<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "&amp;", "\\", "%s",
                      "\u0085", "\u2028"])
    parent = _parent(data, path)
    parent[path[-1]] = parent[path[-1]] + odd * rng.randint(1, 3)
    return f"unicode {path} += {odd!r}"


def hidden(rng: random.Random, data: Any) -> str:
    """A control character or the derivation's fact marker in a text or a key: the dump
    writes it as an escape (\\x00, \\e, \\u001b)."""
    texts = [p for p in _paths(data) if p and isinstance(_parent(data, p)[p[-1]], str)]
    path = rng.choice(texts)
    odd = rng.choice([f"\x00{rng.choice([0, 1, 7, 99, 10**6])}\x00", "\x00", "\x01", "\x1b[31m",
                      "\x1b]0;标题\x07", "\x1b[2J", "\x7f", "\x9b", "\r", "\x0c", "\x08"])
    parent = _parent(data, path)
    if isinstance(path[-1], str) and rng.random() < 0.3:
        parent[path[-1] + odd] = parent.pop(path[-1])
        return f"hidden key {path} += {odd!r}"
    parent[path[-1]] = parent[path[-1]] + odd
    return f"hidden {path} += {odd!r}"


def long_text(rng: random.Random, data: Any) -> str:
    texts = [p for p in _paths(data) if p and isinstance(_parent(data, p)[p[-1]], str)]
    path = rng.choice(texts)
    _parent(data, path)[path[-1]] = "长" * rng.choice([500, 5000, 30000])
    return f"long text at {path}"


DATA_MUTATIONS: list[Callable[[random.Random, Any], str]] = [
    drop_key, rename_key, retype, duplicate_item, amount, amount, code, code, unicode_oddity, long_text,
    hidden, hidden]

# ---------------------------------------------------------------- text-level mutations


def _line(rng: random.Random, lines: list[str]) -> int:
    filled = [i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")]
    return rng.choice(filled) if filled else 0


def tab_indent(rng: random.Random, text: str) -> tuple[str, str]:
    lines = text.split("\n")
    i = _line(rng, lines)
    lines[i] = "\t" + lines[i].lstrip(" ")
    return "\n".join(lines), f"tab at line {i + 1}"


def drop_char(rng: random.Random, text: str) -> tuple[str, str]:
    marks = [m.start() for m in re.finditer(r"[\"':\[\]{},\-]", text)]
    if not marks:
        return text, "nothing to drop"
    at = rng.choice(marks)
    return text[:at] + text[at + 1:], f"drop {text[at]!r} at {at}"


def no_space_after_colon(rng: random.Random, text: str) -> tuple[str, str]:
    spots = [m.start() for m in re.finditer(r": ", text)]
    if not spots:
        return text, "no colon"
    at = rng.choice(spots)
    return text[:at + 1] + text[at + 2:], f"no space after colon at {at}"


def full_width(rng: random.Random, text: str) -> tuple[str, str]:
    table = {":": "：", ",": "，", "[": "［", "]": "］", "{": "｛", "}": "｝", '"': "＂",
             "0": "０", "1": "１", "5": "５", ".": "．"}
    spots = [i for i, ch in enumerate(text) if ch in table]
    if not spots:
        return text, "nothing"
    for at in rng.sample(spots, min(len(spots), rng.randint(1, 3))):
        text = text[:at] + table[text[at]] + text[at + 1:]
    return text, "full-width punctuation"


def thousands(rng: random.Random, text: str) -> tuple[str, str]:
    spots = list(re.finditer(r"(?<=: )(\d{4,})(\.\d\d)?(?=[,}])", text))
    if not spots:
        return text, "no amount in {…}"
    match = rng.choice(spots)
    grouped = f"{int(match[1]):,}" + (match[2] or "")
    return text[:match.start()] + grouped + text[match.end():], f"thousands comma {grouped}"


def duplicate_line(rng: random.Random, text: str) -> tuple[str, str]:
    lines = text.split("\n")
    i = _line(rng, lines)
    lines.insert(i, lines[i])
    return "\n".join(lines), f"duplicate line {i + 1}"


def deep(rng: random.Random, text: str) -> tuple[str, str]:
    depth = rng.choice([50, 500, 5000, 100000])
    style = rng.choice(["flow", "block"])
    if style == "flow":
        nest = "[" * depth + "]" * depth
    else:
        nest = "\n" + "".join("  " * i + "- \n" for i in range(min(depth, 3000)))
    return text + f"\n深层: {nest}\n", f"nesting {depth} ({style})"


def aliases(rng: random.Random, text: str) -> tuple[str, str]:
    bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, rng.choice([3, 9, 20])):
        bomb.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    if rng.random() < 0.5:
        bomb = ["说明: &s 文字", "备注: *s"]
    return text + "\n" + "\n".join(bomb) + "\n", f"aliases ({len(bomb)} lines)"


def tags(rng: random.Random, text: str) -> tuple[str, str]:
    tag = rng.choice(["!!python/object/apply:os.system ['true']", "!!python/name:os.system",
                      "!!binary aGVsbG8=", "!custom x", "!!set {a, b}", "!!timestamp 2025-01-01"])
    return text + f"\n恶意: {tag}\n", f"tag {tag}"


def many_values(rng: random.Random, text: str) -> tuple[str, str]:
    count = rng.choice([3000, 60000, 300000])
    return text + "\n大量: [" + ",".join(["1"] * count) + "]\n", f"{count} values"


def documents(rng: random.Random, text: str) -> tuple[str, str]:
    return text + "\n---\n" + text[: len(text) // 3], "second document"


TEXT_MUTATIONS: list[Callable[[random.Random, str], tuple[str, str]]] = [
    tab_indent, drop_char, drop_char, no_space_after_colon, full_width, thousands, duplicate_line,
    deep, aliases, tags, many_values, documents]

# ---------------------------------------------------------------- byte-level mutations


def noise(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    at = rng.randrange(len(raw) + 1)
    junk = bytes(rng.randrange(256) for _ in range(rng.choice([1, 8, 64, 4096])))
    return raw[:at] + junk + raw[at:], f"{len(junk)} noise bytes at {at}"


def truncate(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    at = rng.randrange(len(raw) + 1)
    return raw[:at], f"truncated at byte {at}"


def gbk(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    return raw.decode("utf-8").encode("gb18030"), "GBK encoded"


def crlf(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    return raw.replace(b"\n", b"\r\n"), "CRLF"


def bom(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    return b"\xef\xbb\xbf" + raw, "UTF-8 BOM"


BYTE_MUTATIONS: list[Callable[[random.Random, bytes], tuple[bytes, str]]] = [
    noise, truncate, truncate, gbk, crlf, bom]

# ---------------------------------------------------------------- cases


def _as_text(data: Any, as_json: bool) -> str:
    if as_json:
        return json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def make_case(seed: int, build_share: float = 0.15, diff_share: float = 0.1,
              pdf_share: float = 0.25) -> Case:
    """The case of ``seed``: always the same file, command and formats for the same seed."""
    rng = random.Random(seed)
    base = rng.choice(BASES)
    source = base.read_text(encoding="utf-8")
    as_json = rng.random() < 0.2
    mutations: list[str] = []
    roll = rng.random()
    command = "build" if roll < build_share else "diff" if roll < build_share + diff_share else "validate"
    formats = tuple(f for f in FORMATS if f != "pdf" or rng.random() < pdf_share) if command == "build" else ()
    if rng.random() < 0.5 or as_json:
        data = yaml.safe_load(source)
        for _ in range(rng.randint(1, 3)):
            mutations.append(rng.choice(DATA_MUTATIONS)(rng, data))
        text = _as_text(data, as_json)
    else:
        text = source
    if rng.random() < 0.5 or not mutations:
        for _ in range(rng.randint(1, 2)):
            text, what = rng.choice(TEXT_MUTATIONS)(rng, text)
            mutations.append(what)
    raw = text.encode("utf-8")
    if rng.random() < 0.2:
        raw, what = rng.choice(BYTE_MUTATIONS)(rng, raw)
        mutations.append(what)
    folder = rng.choice(FOLDERS)
    name = rng.choice(["book", "单位预算 2025", "a.b", "预算"]) + (".json" if as_json else ".yaml")
    output = rng.choice(OUTPUTS) if command == "build" and rng.random() < 0.4 else "folder"
    return Case(seed, command, formats, f"{folder}/{name}", raw, base, mutations, output)


# ---------------------------------------------------------------- running


Run = tuple[int, float, float, float]  # exit, wall seconds, CPU seconds, peak MB


# Runs ``python -m generator`` as its own child and reports that child's peak memory and CPU:
# a process started straight from a large test process inherits its high-water mark across
# exec (Linux keeps ru_maxrss), so the figure would be the test runner's, not the tool's.
_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", "generator", *sys.argv[2:]])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as fh:
    fh.write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def _file_size_limit(limit: int) -> None:
    """A full disk, as the child meets it: writing beyond ``limit`` bytes fails (EFBIG)."""
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def _spawn(argv: list[str], out: Path, err: Path, timeout: float, limit: int = 0) -> Run:
    """Run ``python -m generator argv`` in a new interpreter (through a small launcher that
    measures it; where there is no fork, directly)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    figures = out.with_name("figures")
    start = time.perf_counter()
    launch = ([sys.executable, "-c", _LAUNCHER, str(figures)] if hasattr(os, "fork")
              else [sys.executable, "-m", "generator"])
    with out.open("wb") as so, err.open("wb") as se:
        proc = subprocess.Popen([*launch, *argv], stdout=so, stderr=se, env=env, cwd=out.parent,
                                start_new_session=True,
                                preexec_fn=(lambda: _file_size_limit(limit)) if limit else None)
        code, seconds, cpu, peak = _wait(proc.pid, start, timeout,
                                         lambda: os.killpg(proc.pid, 9) if hasattr(os, "killpg")
                                         else proc.kill())
        proc.returncode = code  # reaped by _wait (for its memory figure), not by Popen
    if figures.exists():
        maxrss, used = figures.read_text(encoding="utf-8").split()
        peak, cpu = int(maxrss) / 1024, float(used)
    return code, seconds, cpu, peak


def _fork(argv: list[str], out: Path, err: Path, timeout: float, limit: int = 0) -> Run:
    """Run the CLI in a forked child of this (already imported) process: the same code path as
    ``python -m generator`` without paying for the imports each time. Unix only."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: behave as the interpreter would at top level
        code = 1
        try:
            # Forked from a pool worker (benchmarks/fuzz.py), this child would inherit its
            # daemon flag and could not start the PDF engine's process as budgetgen does.
            import multiprocessing

            multiprocessing.current_process()._config.pop("daemon", None)  # type: ignore[attr-defined]
            fd_out = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            fd_err = os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(fd_out, 1)
            os.dup2(fd_err, 2)
            sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            os.chdir(out.parent)
            if limit:
                _file_size_limit(limit)
            from generator.cli import main

            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    return _wait(pid, start, timeout, lambda: os.kill(pid, 9))


def _wait(pid: int, start: float, timeout: float, kill: Callable[[], None]) -> Run:
    wait4 = getattr(os, "wait4", None)
    while True:
        if wait4 is not None:
            done, status, usage = wait4(pid, os.WNOHANG)
        else:  # pragma: no cover - Windows: no per-child memory figure
            done, status = os.waitpid(pid, os.WNOHANG)
            usage = None
        if done:
            break
        if time.perf_counter() - start > timeout:
            kill()
        time.sleep(0.01)
    seconds = time.perf_counter() - start
    peak = usage.ru_maxrss / 1024 if usage is not None else 0.0
    cpu = usage.ru_utime + usage.ru_stime if usage is not None else seconds
    return os.waitstatus_to_exitcode(status), seconds, cpu, peak


def _listing(folder: Path) -> dict[str, int]:
    if not folder.is_dir():
        return {}
    return {str(p.relative_to(folder)): p.stat().st_size for p in sorted(folder.rglob("*")) if p.is_file()}


def _output(case: Case, root: Path) -> tuple[Path, Path]:
    """The ``--out`` of ``case`` made ready, and the folder where its files would land."""
    out = root / "out 输出"
    if case.output == "devnull":
        return Path(os.devnull), out
    if case.output in ("file", "below-file"):
        out.write_text("不是文件夹", encoding="utf-8")
        return (out if case.output == "file" else out / "sub"), out
    out.mkdir()
    if case.output == "stale":
        (out / STALE.format(stem=Path(case.relpath).stem)).write_bytes(b"\0" * 512)
    return out, out


def run_case(case: Case, workdir: Path, mode: str = "fork", timeout: float = 60.0) -> Result:
    """Run ``case`` in a child process under ``workdir`` and check the properties."""
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        root = Path(tmp)
        folder = root / "in"
        data = folder / case.relpath
        data.parent.mkdir(parents=True)
        data.write_bytes(case.content)
        out, lands = _output(case, root)
        before = _listing(folder)
        runner = _fork if mode == "fork" else _spawn
        limit = FULL_BYTES if case.output == "full" else 0
        code, seconds, cpu, peak = runner(case.argv(folder, out), root / "stdout", root / "stderr",
                                          timeout, limit)
        printed = (root / "stdout").read_text(encoding="utf-8", errors="replace")
        errors = (root / "stderr").read_text(encoding="utf-8", errors="replace")
        violations = _violations(case, code, printed + errors, errors, _listing(lands),
                                 _listing(folder) != before)
        if RAW_CONTROL.search(printed + errors):
            violations.append("control character in terminal output")
        if any(INJECTED in p.read_text(encoding="utf-8", errors="replace") for p in lands.glob("*.html")):
            violations.append("markup from the data file in the HTML")
        if cpu > SECONDS or seconds >= timeout:
            violations.append("slow")
        if peak > MEGABYTES:
            violations.append("memory")
        lines = [line for line in (errors + printed).splitlines() if line.strip()]
        return Result(case, code, seconds, cpu, peak, violations, lines[0] if lines else "")


def _violations(case: Case, code: int, both: str, errors: str, written: dict[str, int],
                touched: bool) -> list[str]:
    found = []
    if "Traceback (most recent call last)" in both:
        found.append("traceback")
    if code == 3:
        found.append("exit 3")
    elif code not in (0, 1, 2):
        found.append(f"exit {code}")
    if code == 1 and not LOCATED.search(both):
        found.append("exit 1 without a located finding")
    if code == 2 and not errors.strip():
        found.append("exit 2 without a message")
    stem = Path(case.relpath).stem
    expected = {f"{stem}.{fmt}" for fmt in case.formats} if case.command == "build" and code == 0 else set()
    if case.output == "stale" and code != 0:  # not built: nothing removed the old temporary
        written.pop(STALE.format(stem=stem), None)
    if set(written) != expected or any(size == 0 for size in written.values()):
        found.append("partial or stray output")
    if case.output in ("file", "devnull", "below-file") and code == 0:
        found.append("wrote into an output that is not a folder")
    if code == 2 and "无法写出" in errors and not re.search(r"无法写出 \S.*：.+，.+。", errors):
        found.append("output failure not told in one sentence with the path")
    if touched:
        found.append("wrote beside the data file")
    return found


def main(argv: list[str]) -> int:
    """``python -m tests.fuzz FIRST COUNT BUILD DIFF PDF``: run those cases in this fresh
    interpreter (each forked from it) and print one JSON line per case. The test suite runs the
    cases this way, so that nothing an earlier test left in its worker reaches them."""
    # Imported once, as a running CLI has them when it reads a book: each case forks from here
    # (a case then costs its own work, not half a second of imports).
    import generator.cli  # noqa: F401
    import generator.pipeline  # noqa: F401
    import generator.report  # noqa: F401
    import generator.writers.docx  # noqa: F401
    import generator.writers.html  # noqa: F401

    first, count = int(argv[0]), int(argv[1])
    build_share, diff_share, pdf_share = (float(a) for a in argv[2:5])
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        for seed in range(first, first + count):
            case = make_case(seed, build_share=build_share, diff_share=diff_share,
                             pdf_share=pdf_share)
            result = run_case(case, Path(tmp))
            print(json.dumps({"seed": seed, "command": case.command, "exit": result.exit,
                              "mutations": case.mutations, "violations": result.violations,
                              "first_line": result.first_line, "cpu": round(result.cpu, 2)},
                             ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
