"""The Chinese guide in docs/ is run, not just read.

- Every ```sh block is run, page by page, in a temporary copy of the examples (data/), with
  ``budgetgen`` resolving to ``python3 -m generator`` of this checkout. A command exits 0 unless
  its line says ``# 预期：退出码 N``. A ```yaml block headed ``# 文件：NAME`` is an edit the reader
  makes: its top-level parts replace those of NAME in that folder before the next command runs.
  A ```text block right after a sh block is what it prints: each of its lines must be printed
  (the seconds of ``用时 N 秒`` aside). A ```console block shows commands not run here (they need
  the reader's own files): each must still be a valid command line of ``budgetgen``.
- Every other ```yaml block is checked: ``# 节选：FILE`` blocks must be a literal excerpt of the
  example FILE; the rest are put into a copy of songjiang-yibao-2025.yaml (or of the example
  ``# 放入：FILE`` names), their top-level parts replacing the example's, and must validate
  without an error, or raise the finding ``# 预期：CODE`` names.
- The page of finding codes documents exactly the codes the code base emits, the field page is
  what scripts/make_field_guide.py writes, links and images resolve, and images stay small.
"""

from __future__ import annotations

import ast
import functools
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.guide_blocks import EDIT_FILE, Block, blocks, merge

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
BASE_BOOK = "songjiang-yibao-2025.yaml"

EXPECT_EXIT = re.compile(r"#\s*预期：退出码\s*(\d+)")
EXPECT_CODE = re.compile(r"^#\s*预期：([a-z-]+\.[a-z-]+)\s*$", re.M)
EXCERPT = re.compile(r"^#\s*节选：(\S+)\s*$")
INTO = re.compile(r"^#\s*放入：(\S+)\s*$")


ALL_BLOCKS = [b for page in PAGES for b in blocks(page)]


def contained(part: object, whole: object) -> bool:
    """``part`` is a literal excerpt of ``whole``: its keys, list items and values are there."""
    if isinstance(part, dict):
        return isinstance(whole, dict) and all(k in whole and contained(v, whole[k])
                                               for k, v in part.items())
    if isinstance(part, list):
        return isinstance(whole, list) and all(any(contained(p, w) for w in whole) for p in part)
    return part == whole


def commands(block: Block) -> list[tuple[str, int]]:
    """The command lines of a sh block with the exit code each is expected to end with."""
    out = []
    for line in block.text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            expected = EXPECT_EXIT.search(line)
            out.append((line, int(expected.group(1)) if expected else 0))
    return out


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the example books and a ``budgetgen`` command running this checkout."""
    folder = tmp_path_factory.mktemp("examples")
    for path in (ROOT / "data").iterdir():
        if path.suffix in (".yaml", ".json"):
            shutil.copy(path, folder / path.name)
        elif path.is_dir() and path.name != "catalogs":
            shutil.copytree(path, folder / path.name)
    bin_dir = tmp_path_factory.mktemp("bin")
    shim = bin_dir / "budgetgen"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m generator "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    (folder / ".bin").symlink_to(bin_dir)
    return folder


def _environment(examples: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{examples / '.bin'}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = str(ROOT)
    env.pop("BUDGETGEN_CATALOGS", None)
    return env


RUN_PAGES = [p.name for p in PAGES if any(b.lang == "sh" for b in blocks(p))]


def _seconds(text: str) -> str:
    return re.sub(r"用时 [0-9.]+ 秒", "用时 … 秒", text)


@pytest.mark.skipif(shutil.which("bash") is None, reason="the guide's commands are run by bash")
@pytest.mark.parametrize("page", RUN_PAGES)
def test_commands_of_the_page_run(page: str, examples: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(examples, work, symlinks=True)
    env = _environment(work)
    ran, printed = 0, None
    for block in blocks(DOCS / page):
        if block.lang == "text" and printed is not None:
            for line in filter(None, map(_seconds, block.text.splitlines())):
                assert line in printed, f"{block}: 命令没有输出这一行：{line}\n实际输出：\n{printed}"
        printed = None
        edit = EDIT_FILE.match(block.first_line)
        if block.lang == "yaml" and edit:
            target = work / edit.group(1)
            assert target.exists(), f"{block}: 要修改的文件 {edit.group(1)} 在此之前没有建立"
            target.write_text(merge(target.read_text(encoding="utf-8"), block.text), encoding="utf-8")
        if block.lang != "sh":
            continue
        printed = ""
        for command, expected in commands(block):
            done = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True,
                                  text=True, timeout=180)
            ran += 1
            printed += _seconds(done.stdout + done.stderr)
            said = f"{block}: `{command}` → 退出码 {done.returncode}\n{done.stdout}\n{done.stderr}"
            assert done.returncode == expected, said
            assert "Traceback" not in done.stderr, said
    assert ran


# Commands being added on other branches (issue 17); drop a name once its command is merged.
PENDING_COMMANDS: set[str] = set()
CONSOLE_LINES = [(b, line.split(" #")[0].strip()) for b in ALL_BLOCKS if b.lang == "console"
                 for line in b.text.splitlines() if line.startswith("budgetgen ")]


@pytest.mark.parametrize(("block", "line"), CONSOLE_LINES, ids=[f"{b}:{c}" for b, c in CONSOLE_LINES])
def test_commands_shown_are_valid(block: Block, line: str) -> None:
    from generator.cli import _parser

    words = shlex.split(line)[1:]
    if words[0] in PENDING_COMMANDS:
        pytest.skip(f"{words[0]} 尚未合并")
    try:
        _parser().parse_args(words)
    except SystemExit as exc:
        pytest.fail(f"{block}: `{line}` 不是有效的命令（退出码 {exc.code}）")


DATA_BLOCKS = [b for b in ALL_BLOCKS if b.lang == "yaml" and not EDIT_FILE.match(b.first_line)]


@pytest.mark.parametrize("block", DATA_BLOCKS, ids=str)
def test_yaml_example(block: Block, tmp_path: Path) -> None:
    excerpt = EXCERPT.match(block.first_line)
    if excerpt:
        source = ROOT / "data" / excerpt.group(1)
        whole = yaml.safe_load(source.read_text(encoding="utf-8"))
        assert contained(yaml.safe_load(block.text), whole), f"{block}: 不是 {source.name} 的原文节选"
        return
    from generator.findings import Severity
    from generator.pipeline import validate

    into = INTO.match(block.first_line)
    base = into.group(1) if into else BASE_BOOK
    book = tmp_path / base
    book.write_text(merge((ROOT / "data" / base).read_text(encoding="utf-8"), block.text),
                    encoding="utf-8")
    findings = validate(str(book)).findings
    expected = EXPECT_CODE.search(block.text)
    if expected:
        assert expected.group(1) in {f.code for f in findings}, \
            f"{block}: 预期 {expected.group(1)}，得到 {[f.render() for f in findings]}"
    else:
        errors = [f.render() for f in findings if f.severity is Severity.ERROR]
        assert not errors, f"{block}: 示例不能通过检查：{errors}"


def test_failing_examples_say_what_fails() -> None:
    """A block meant to fail says so; the guide shows both kinds."""
    failing = [b for b in DATA_BLOCKS if EXPECT_CODE.search(b.text)]
    assert len(failing) >= 3 and len(failing) < len(DATA_BLOCKS)
    assert any(code == 1 for b in ALL_BLOCKS if b.lang == "sh" for _, code in commands(b))


# Dotted strings in the code base that are no finding codes: file names and wording keys.
NOT_CODES = re.compile(r"\.(css|js|html|docx|pdf|yaml|json|xlsx|csv|txt|j2)$|^(sections|tables)\.")
CODE_SHAPE = re.compile(r"^[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*$")
PENDING = "## 正在加入的检查项目"


@functools.cache
def emitted_codes() -> frozenset[str]:
    codes = set()
    for path in (ROOT / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and CODE_SHAPE.match(node.value) and not NOT_CODES.search(node.value)):
                codes.add(node.value)
    return frozenset(codes)


def documented_codes(text: str) -> set[str]:
    """The codes in the first column of the page's tables."""
    codes = set()
    for line in text.splitlines():
        cells = line.split("|")
        if line.startswith("|") and len(cells) > 2:
            codes.update(c for c in re.findall(r"`([^`]+)`", cells[1]) if CODE_SHAPE.match(c))
    return codes


def test_every_finding_code_is_documented() -> None:
    page = (DOCS / "findings.md").read_text(encoding="utf-8")
    current, _, pending = page.partition(PENDING)
    emitted = emitted_codes()
    assert len(emitted) > 80  # the scan found the codes (a broken scan finds none)
    missing = emitted - documented_codes(page)
    assert not missing, f"docs/findings.md 没有说明这些检查项目：{sorted(missing)}"
    stale = documented_codes(current) - emitted
    assert not stale, f"docs/findings.md 说明了代码中已没有的检查项目：{sorted(stale)}"
    # a pending code, once emitted, is moved up to its family (the section is for new work)
    assert documented_codes(pending).isdisjoint(documented_codes(current))


HELPERS = {"error": "错误", "warning": "警告", "notice": "提示", "Problem": "错误"}
LABELS = {"ERROR": "错误", "WARNING": "警告", "NOTICE": "提示"}


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    return []


def stated_severities() -> set[tuple[str, str]]:
    """(code, 级别) wherever a call states both: ``Finding("c", Severity.ERROR, …)``,
    ``warning("c", …)``, ``Problem("c", …)`` (a syntax error). Severities passed in a variable
    are not seen: this is a lower bound."""
    pairs = set()
    for path in (ROOT / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            args = [*node.args, *(k.value for k in node.keywords)]
            codes = [c for a in args for c in _strings(a) if c in emitted_codes()]
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            # REVIEWED is what 已核实 makes of a warning, never the severity a check states.
            labels = {LABELS[a.attr] for a in args if isinstance(a, ast.Attribute)
                      and getattr(a.value, "id", "") == "Severity" and a.attr in LABELS}
            if name in HELPERS and args and codes == _strings(args[0]):
                labels.add(HELPERS[name])
            pairs.update((code, label) for code in codes for label in labels)
    return pairs


def test_severities_documented() -> None:
    rows = {}
    for line in (DOCS / "findings.md").read_text(encoding="utf-8").splitlines():
        cells = line.split("|")
        if line.startswith("|") and len(cells) > 3:
            for code in re.findall(r"`([^`]+)`", cells[1]):
                rows[code] = rows.get(code, "") + cells[2]
    pairs = stated_severities()
    assert len({code for code, _ in pairs}) > 40
    wrong = sorted(f"{code}: {label}" for code, label in pairs if label not in rows.get(code, ""))
    assert not wrong, f"docs/findings.md 的级别与代码不符：{wrong}"


def test_codes_scan_finds_a_new_code(tmp_path: Path) -> None:
    assert "sum.economic" in emitted_codes() and "index.html" not in emitted_codes()
    assert documented_codes("| `a.b`, `c.d-e` | 错误 | x |\n| 代码 | x |") == {"a.b", "c.d-e"}


def test_field_page_is_generated() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import make_field_guide
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    page = (DOCS / "data-fields.md").read_text(encoding="utf-8")
    assert make_field_guide.render(page) == page, "请运行 python3 scripts/make_field_guide.py"
    # every field of the format is in the page, with its description
    from generator.source import field_docs
    for fields in field_docs.FIELDS.values():
        for key, description in fields.items():
            assert f"| `{key}` |" in page and description in page


def test_links_and_images() -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        if page.name != "README.md":
            assert f"]({page.name})" in index, f"docs/README.md 没有链接 {page.name}"
            assert text.startswith("# ")
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
            assert (DOCS / target).exists(), f"{page.name}: 链接 {target} 不存在"
    images = sorted((DOCS / "images").glob("*.png"))
    assert images
    for image in images:
        assert image.stat().st_size < 150_000, f"{image.name} 超过 150 KB"
        assert any(f"(images/{image.name})" in p.read_text(encoding="utf-8") for p in PAGES)
