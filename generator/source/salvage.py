"""The parts of a book that pass the schema, so one refused value does not hide every other finding.

Each value the schema refuses is left out (and, when the value is required, the mapping or list
item holding it), then the rest is validated again; the checks run on what remains, with every
position still pointing into the file. Findings of checks that compare figures across the book
(sums, cross-checks) may only follow from what was left out: they are reported under the first
schema finding, not as errors of their own.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from generator.findings import Finding
from generator.source.loader import PathKey, SourceDoc
from generator.source.schema import Book
from generator.source.validate import data_path

MAX_ROUNDS = 8
# Checks whose findings can be caused by a value left out (a line's amount missing from a sum).
CONSEQUENT = ("sum.", "cross.", "project.line", "form.budget-line", "form.project",
              "explanation.unknown-code", "book.missing-part", "rollup.")


def _target(error: Any, data: Any) -> PathKey | None:
    """The value to leave out for one pydantic error (``None``: the book itself is incomplete)."""
    path = data_path(error["loc"], data)
    if error["type"] == "extra_forbidden" and error["loc"] and path[-1:] != (error["loc"][-1],):
        path = (*path, error["loc"][-1])
    return path or None


def _without(node: Any, removed: set[PathKey], old: PathKey, new: PathKey,
             mapping: dict[PathKey, PathKey]) -> Any:
    """``node`` without the values at ``removed``; ``mapping`` gets each new path's old path."""
    mapping[new] = old
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if (*old, key) not in removed:
                out[key] = _without(value, removed, (*old, key), (*new, key), mapping)
        return out
    if isinstance(node, list):
        items: list[Any] = []
        for index, value in enumerate(node):
            if (*old, index) not in removed:
                items.append(_without(value, removed, (*old, index), (*new, len(items)), mapping))
        return items
    return node


def salvage(doc: SourceDoc, refused: ValidationError) -> tuple[Book, SourceDoc] | None:
    """A book of the parts of ``doc`` the schema accepts, and a document of the same values
    whose positions point into the file; ``None`` when a part every book needs is refused."""
    removed: set[PathKey] = set()
    mapping: dict[PathKey, PathKey] = {}
    data = _without(doc.data, removed, (), (), mapping)
    error = refused
    for _ in range(MAX_ROUNDS):
        for detail in error.errors(include_url=False):
            target = _target(detail, data)
            if target is None or target not in mapping:
                return None
            removed.add(mapping[target])
        mapping = {}
        data = _without(doc.data, removed, (), (), mapping)
        try:
            book = Book.model_validate(data)
        except ValidationError as exc:
            error = exc
            continue
        kept = SourceDoc(doc.path, data)
        kept.value_pos = {new: doc.value_pos[old] for new, old in mapping.items() if old in doc.value_pos}
        kept.key_pos = {new: doc.key_pos[old] for new, old in mapping.items() if old in doc.key_pos}
        return book, kept
    return None


def nest(roots: list[Finding], checked: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """``roots`` with the consequent findings of ``checked`` under the first of them, and the
    findings of ``checked`` that stand on their own."""
    consequent = [f for f in checked if f.code.startswith(CONSEQUENT)]
    own = [f for f in checked if not f.code.startswith(CONSEQUENT)]
    if not consequent or not roots:
        return roots, own
    first = min(range(len(roots)), key=lambda i: roots[i].locations[:1])
    nested = roots[first].with_consequences(tuple(consequent))
    return [*roots[:first], nested, *roots[first + 1:]], own
