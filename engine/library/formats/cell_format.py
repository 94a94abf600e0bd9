"""An Excel cell's number as a person sees it: dates as dates, percents, currency.

Only what changes the meaning is applied (a date serial 45292 is 2024-01-01, 0.05 in a
percent cell is 5%, a yen amount keeps its ¥ and thousands separators); other number
formats read as plain numbers. Format codes are the ones in ``styles.xml`` or the
built-in ids of ECMA-376 Part 1, 18.8.30.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal

#: Built-in number format ids that are dates or times (including the CJK ones).
_DATE_IDS = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})
_TIME_IDS = frozenset({18, 19, 20, 21, 45, 46, 47})
_BUILTIN = {3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 37: "#,##0 ;(#,##0)",
            38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)",
            11: "0.00E+00", 2: "0.00"}  # fmt: skip
_QUOTED = re.compile(r'"[^"]*"|\\.')
_BRACKET = re.compile(r"\[[^\]]*\]")
_CURRENCY_TAG = re.compile(r"\[\$([^\]-]*)(?:-[0-9A-Fa-f]+)?\]")
_SYMBOLS = "¥$€£₩₹"


class NumberFormat:
    """How to show the numbers of one cell style."""

    def __init__(self, format_id: int, code: str = "") -> None:
        code = code or _BUILTIN.get(format_id, "")
        section = code.split(";", 1)[0]
        bare = _BRACKET.sub("", _QUOTED.sub("", section)).lower()
        self.is_date = format_id in _DATE_IDS or ("y" in bare or "d" in bare)
        self.has_time = format_id in _TIME_IDS or ("h" in bare or "s" in bare)
        self.is_time_only = self.has_time and not self.is_date
        self.percent = "%" in bare
        self.thousands = "#,##" in section or "#,0" in section
        decimals = re.search(r"0\.(0+)", section)
        self.decimals = len(decimals.group(1)) if decimals else 0
        self.currency = _currency(section)

    def show(self, value: float, date1904: bool = False) -> str:
        if self.is_date or self.is_time_only:
            return _date(value, date1904, self.is_date, self.has_time)
        if not math.isfinite(value):
            return plain_number(value)
        if self.percent:
            return f"{_rounded(value * 100, self.decimals, False)}%"
        if self.thousands or self.currency:
            sign = "-" if value < 0 else ""
            return f"{sign}{self.currency}{_rounded(abs(value), self.decimals, self.thousands)}"
        return plain_number(value)


def _rounded(value: float, decimals: int, thousands: bool) -> str:
    """``value`` to ``decimals`` places, halves away from zero as Excel rounds them."""
    step = Decimal(1).scaleb(-decimals)
    number = Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP)
    return f"{number:,.{decimals}f}" if thousands else f"{number:.{decimals}f}"


def _currency(section: str) -> str:
    tag = _CURRENCY_TAG.search(section)
    if tag and tag.group(1):
        return tag.group(1)
    outside = _BRACKET.sub("", section)
    return next((ch for ch in outside if ch in _SYMBOLS), "")


def plain_number(value: float) -> str:
    """A number without a trailing ``.0`` or float noise: 12000, 0.3, 1.5e-07."""
    if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".15g")


def _date(value: float, date1904: bool, date: bool, time: bool) -> str:
    if not math.isfinite(value) or not -1 < value < 2_958_466:  # 9999-12-31
        return plain_number(value)
    epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    moment = epoch + dt.timedelta(days=value)
    if time and not date:
        return moment.strftime("%H:%M:%S" if moment.second else "%H:%M")
    if time and (moment.hour or moment.minute or moment.second):
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.strftime("%Y-%m-%d")
