"""Write data-file values back as YAML a finance officer can read and edit.

The inverse of :mod:`generator.source.loader` for the values it produces: amounts
(``Decimal``) are written as plain numbers from their exact text, codes and other strings that
look like numbers are quoted (so reading the file back gives the same text), keys keep their
order. Used by every command that writes a data file (importers, next year, the starter).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"


class _Dumper(yaml.SafeDumper):
    """Block style, keys in insertion order, CJK written as is."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # a value used twice (one Decimal 0) is written twice, never as &id001/*id001


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    return dumper.represent_scalar(_FLOAT_TAG if "." in text else _INT_TAG, text)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(str, _str)


def dump_yaml(data: Any, header: str | None = None) -> str:
    """``data`` as YAML text; ``header`` (several lines allowed) becomes a leading comment."""
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)
    if not header:
        return body
    comment = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    return comment + body
