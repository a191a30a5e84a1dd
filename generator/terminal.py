"""What reaches the terminal: text from the data is shown as characters, never obeyed.

A data file, a file name or a folder name can hold control characters (an ANSI escape that
recolours or clears the screen, a carriage return that overwrites a line, a bidirectional
override that reorders it). The CLI writes everything through :class:`EscapingStream`, which
shows such characters as ``\\x1b`` or ``\\u202e``. Only budgetgen's own progress line, written
to :attr:`EscapingStream.trusted`, moves the cursor.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional embeddings,
# overrides and isolates.
_HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character written out as an escape."""
    return _HIDDEN.sub(_shown, text)


class EscapingStream:
    """A text stream that writes :func:`visible` text to the stream it wraps."""

    def __init__(self, stream: TextIO):
        self.trusted = stream  # budgetgen's own control sequences (the progress line) go here

    def write(self, text: str) -> int:
        return self.trusted.write(visible(text))

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty, encoding, buffer …
        return getattr(self.trusted, name)
