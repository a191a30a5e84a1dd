"""Writers: each turns a publication into the bytes of one format. Add a format here."""

from __future__ import annotations

from collections.abc import Callable

from generator.publication.model import Publication
from generator.writers import json_model

Writer = Callable[[Publication], bytes]

WRITERS: dict[str, Writer] = {
    "json": json_model.write,
}
