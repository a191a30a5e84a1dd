"""The publication model as JSON: every section, block and figure, exact values as strings."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from generator.publication.model import Publication


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {"type": type(value).__name__}
        out.update({f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)})
        return out
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def write(publication: Publication) -> bytes:
    data = _plain(publication)
    data.pop("tables", None)  # the same tables appear inside their sections
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8")
