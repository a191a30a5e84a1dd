"""A wheel carries everything: installed into a fresh environment, it builds an example from a
folder outside the checkout (templates and catalogs come from inside the package)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

from tests.helpers import DATA, ROOT

SOURCES = ["generator", "templates", "data/catalogs", "pyproject.toml", "setup.py", "README.md"]


def _run(*argv: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(a) for a in argv], capture_output=True, text=True, cwd=cwd,
                          env=env, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_wheel_in_a_fresh_environment_builds_an_example(tmp_path: Path) -> None:
    # Build from a copy of the sources, so the checkout gets no build/ folder.
    source = tmp_path / "src"
    for name in SOURCES:
        target = source / name
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / name, target)
    isolation = [] if importlib.util.find_spec("wheel") is None else ["--no-build-isolation"]
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-q", "-w", tmp_path / "dist",
         source, cwd=tmp_path)
    [wheel] = (tmp_path / "dist").glob("budgetgen-*.whl")

    # A fresh environment that sees the installed dependencies (pydantic, WeasyPrint, pip …) but
    # not the checkout nor its editable install: the system site-packages are put on the path by a
    # .pth line, which (unlike --system-site-packages) does not run the editable install's hook.
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                   cwd=tmp_path).strip()
    Path(purelib, "system-site.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    _run(python, "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed", "-q", wheel,
         cwd=tmp_path)

    folder = tmp_path / "某区 财政局"
    folder.mkdir()
    shutil.copy(DATA / "songjiang-yibao-2025.yaml", folder / "松江 医保.yaml")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    where = _run(python, "-c", "import generator.resources as r; print(r.TEMPLATES); print(r.CATALOGS)",
                 cwd=folder, env=env).split()
    assert all(Path(p).is_relative_to(Path(purelib)) for p in where), where
    budgetgen = venv / ("Scripts/budgetgen.exe" if os.name == "nt" else "bin/budgetgen")
    printed = _run(budgetgen, "build", "松江 医保.yaml", "--format", "html,pdf,docx,json", "--out", "输出",
                   cwd=folder, env=env)
    assert printed.count("已生成") == 4
    out = folder / "输出"
    assert sorted(p.name for p in out.iterdir()) == [
        "松江 医保.docx", "松江 医保.html", "松江 医保.json", "松江 医保.pdf"]
    assert "上海市松江区2025年区级单位预算" in (out / "松江 医保.html").read_text(encoding="utf-8")
