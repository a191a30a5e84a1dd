"""The JSON Schema (2020-12) of the data format, generated from the pydantic model.

An editor with a YAML language server reads it for completion, hover help and red squiggles.
It describes what a *YAML editor* sees, which is what our loader accepts: amounts as numbers or
as text such as ``"10.21万"``, codes as quoted text of digits, dates as text. Every model and
field carries the Chinese title and description of :mod:`generator.source.field_docs`, and
the allowed values of a choice are listed in its description.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from generator.source import field_docs
from generator.source.schema import Book
from generator.source.types import parse_code, parse_date, parse_money

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# What the loader turns into money, codes and dates (generator/source/types.py), as an editor
# sees it: YAML numbers and strings. Negative amounts are refused by the validator as well.
MONEY: JsonSchemaValue = {"anyOf": [
    {"type": "number", "minimum": 0},
    {"type": "string", "pattern": r"^\s*\+?[0-9][0-9,]*(\.[0-9]+)?\s*(万元|万|元)?\s*$"},
]}
CODE: JsonSchemaValue = {"type": "string", "pattern": r"^[0-9]+$"}
DATE: JsonSchemaValue = {
    "type": "string",
    "pattern": r"^\s*[0-9]{4}\s*[-/.年]\s*[0-9]{1,2}\s*[-/.月]\s*[0-9]{1,2}\s*日?\s*$",
}
_BY_PARSER = {parse_money: MONEY, parse_code: CODE, parse_date: DATE}


class _Generator(GenerateJsonSchema):
    """Pydantic's generator with our value types and the Chinese documentation."""

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema,
                               ) -> JsonSchemaValue:
        known = _BY_PARSER.get(schema["function"]["function"])  # type: ignore[arg-type]
        if known is not None:
            return dict(known)
        return super().function_before_schema(schema)

    def encode_default(self, dft: Any) -> Any:
        if isinstance(dft, Decimal):  # a money default (0): a number, as the user types it
            return int(dft) if dft == dft.to_integral_value() else float(dft)
        return super().encode_default(dft)

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        name = schema["cls"].__name__
        if name in field_docs.MODELS:
            json_schema["title"], json_schema["description"] = field_docs.MODELS[name]
        docs = field_docs.FIELDS.get(name, {})
        for alias, prop in json_schema.get("properties", {}).items():
            if alias not in docs:
                continue  # tests/test_json_schema.py reports it
            prop["title"] = alias
            prop["description"] = docs[alias] + _allowed(prop)
        return json_schema


def _allowed(prop: JsonSchemaValue) -> str:
    """"可选值：A、B" for a choice (also inside ``X | None``), else nothing."""
    for option in [prop, *prop.get("anyOf", [])]:
        if "enum" in option:
            return "可选值：" + "、".join(str(v) for v in option["enum"]) + "。"
        if "const" in option and "type" in option and option["type"] != "null":
            return f"只能为：{option['const']}。"
    return ""


def book_schema() -> dict[str, Any]:
    """The JSON Schema of a data file (one book), with ``$schema`` naming the 2020-12 dialect."""
    generated = Book.model_json_schema(by_alias=True, mode="validation",
                                       schema_generator=_Generator)
    return {"$schema": DIALECT, **generated}
