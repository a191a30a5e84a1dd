"""Whether a font with Chinese glyphs is installed, asked before a PDF is laid out.

Without one, WeasyPrint lays the book out in a fallback font and every character is a box: the
PDF looks written but is unreadable. The fonts come from the system (Debian/Ubuntu package
``fonts-noto-cjk``, 89 MB installed; Windows and macOS ship 宋体/黑体, which the CSS names as
fallbacks): no Python package ships Noto CJK, and bundling 90 MB of fonts in the wheel would
weigh on every user of the HTML and Word editions. fontconfig is asked (``fc-list :lang=zh``,
about 0.1 s) only when a PDF is requested; where ``fc-list`` does not exist nothing is checked.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

MISSING = ("找不到中文字体，无法生成 PDF（文字会显示为方框）：请安装字体包 fonts-noto-cjk"
           "（Debian/Ubuntu：sudo apt-get install fonts-noto-cjk），或用 --format html,docx 先生成其他格式")


def missing_cjk_font() -> str | None:
    """The message to show when no installed font covers Chinese, else ``None``."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        done = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True,
                              timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return None if done.stdout.strip() else MISSING


def fonts_ready(formats: list[str]) -> bool:
    """Whether the asked formats can be made here (a PDF needs a Chinese font); says why not."""
    if "pdf" not in formats:
        return True
    message = missing_cjk_font()
    if message is not None:
        print(f"无法生成：{message}", file=sys.stderr)
        return False
    return True
