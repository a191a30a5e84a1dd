"""Field types shared by the schema: money, codes, dates and free text with lists."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from generator.source.loader import Number

TEN_THOUSAND = Decimal(10000)
MAX_DIGITS = 15  # 999 万亿元
_MONEY_RE = re.compile(r"^(?P<num>[+-]?[0-9][0-9,]*(?:\.[0-9]+)?)\s*(?P<unit>万元|万|元)?$")
# Thousands commas are read as the book prints them (1,234 and 5,596,578.28), never elsewhere:
# "1,23" or "12,34" is a slip whose meaning cannot be guessed.
_GROUPED = re.compile(r"^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")


def parse_money(value: Any) -> Decimal:
    """Money from the literal text: ``5596578.28``, ``"5,596,578.28"``, ``"70.90万元"`` (→ 709000)."""
    if isinstance(value, bool | float):
        raise PydanticCustomError("money_type", "金额应为数字")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, str):
        match = _MONEY_RE.match(value.strip())
        if not match:
            raise PydanticCustomError("money_parse", "无法识别的金额「{text}」", {"text": value})
        if "," in match["num"] and not _GROUPED.match(match["num"]):
            raise PydanticCustomError(
                "money_parse",
                "金额「{text}」中的逗号不是千位分隔（每三位一个）：请核对数字，去掉逗号（如 {plain}）",
                {"text": value, "plain": match["num"].replace(",", "")})
        try:
            amount = Decimal(match["num"].replace(",", ""))
        except InvalidOperation:
            raise PydanticCustomError(
                "money_parse", "无法识别的金额「{text}」", {"text": value}
            ) from None
        if match["unit"] in ("万", "万元"):
            amount *= TEN_THOUSAND
    else:
        raise PydanticCustomError("money_type", "金额应为数字")
    if amount.adjusted() >= MAX_DIGITS:  # beyond any budget, and beyond exact Decimal sums
        raise PydanticCustomError("money_range", "金额 {text} 超出范围：整数部分最多 {digits} 位",
                                  {"text": str(value), "digits": MAX_DIGITS})
    if amount < 0:
        raise PydanticCustomError("money_negative", "金额不能为负数（{text}）", {"text": str(value)})
    if amount == 0:
        amount = abs(amount)  # -0 is 0: no writer ever shows a signed zero
    if amount != amount.quantize(Decimal("0.01")):
        raise PydanticCustomError(
            "money_precision", "金额最多精确到分（两位小数），填写的是 {text}", {"text": str(value)}
        )
    return amount


def parse_code(value: Any) -> str:
    """Classification and body codes are text; an unquoted number is refused, not guessed."""
    if isinstance(value, Number):
        raise PydanticCustomError("code_unquoted", "编码 {text} 没有加引号", {"text": str(value)})
    if not isinstance(value, str) or not value.isdigit():
        raise PydanticCustomError("code_format", "编码应为数字组成的文本，填写的是「{text}」",
                                  {"text": str(value)})
    return value


_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(value: Any) -> date:
    """Dates as ``2025-01-01``, ``2025/1/1``, ``2025.1.1`` or ``2025年1月1日``."""
    if isinstance(value, date):
        return value
    match = _DATE_RE.match(str(value).strip()) if isinstance(value, str) else None
    if not match:
        raise PydanticCustomError("date_parse", "无法识别的日期「{text}」，请写成 2025-01-01",
                                  {"text": str(value)})
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise PydanticCustomError("date_parse", "日期「{text}」不存在", {"text": str(value)}) from None


Money = Annotated[Decimal, BeforeValidator(parse_money)]
Code = Annotated[str, BeforeValidator(parse_code)]
Date = Annotated[date, BeforeValidator(parse_date)]

Numbering = Literal["1、", "1.", "（1）", "（一）", "一、", "a.", "无"]


class Strict(BaseModel):
    """Base of every schema model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


class ListBlock(Strict):
    """A numbered (or lettered) list inside a text field."""

    items: list[str] = Field(alias="列表", min_length=1)
    numbering: Numbering = Field("1、", alias="编号")


# A text field: one string (paragraphs split on blank lines) or a list of paragraphs and lists.
Text = str | list[str | ListBlock]
