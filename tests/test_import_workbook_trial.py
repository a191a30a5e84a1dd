"""Defects a new user's trial found in the import of budget-system workbooks (issue 15
follow-up): unit-suffixed amount headers, the year outside the table titles, 万元 prints,
old .xls files and formulas without a calculated value. Workbooks are made by
:mod:`tests.budget_workbooks` from the examples' figures, then changed as the trial's were."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


def test_an_old_excel_file_is_asked_to_be_saved_as_xlsx(tmp_path: Path) -> None:
    renamed, old = tmp_path / "改了名.xlsx", tmp_path / "旧表.xls"
    for path in (renamed, old):
        path.write_bytes(OLE2)
        done = subprocess.run([sys.executable, "-m", "generator", "import", str(path), "-o",
                               str(tmp_path / "out.yaml")], capture_output=True, text=True, cwd=ROOT)
        assert done.returncode in (1, 2)
        assert "这是旧版 Excel 97-2003 工作簿（.xls 格式），无法读取；请在 Excel 或 WPS 中打开，“另存为”" \
               "Excel 工作簿（.xlsx）后再导入" in done.stderr, done.stderr
        assert "zip" not in done.stderr and not (tmp_path / "out.yaml").exists()
