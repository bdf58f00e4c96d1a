"""The ledger's money helpers: the dues wage base, the amount in Chinese capitals, the table format.
Rounding is unionhub.money.round_money, the project's one rule."""

from decimal import ROUND_DOWN, Decimal

import cn2an

from unionhub.money import round_money

TEN = Decimal("10")


def drop_below_ten(value: Decimal) -> Decimal:
    """The wage base for dues: the part below ten yuan is dropped (¥4,567 → ¥4,560)."""
    return (Decimal(value) / TEN).to_integral_value(rounding=ROUND_DOWN) * TEN


def amount_in_words(value: Decimal | int | str) -> str:
    """大写金额 as written on vouchers and cheques: 58180 → 伍万捌仟壹佰捌拾元整.

    cn2an's "rmb" mode already writes 元/角/分, 零 for a missing 角 before 分 (壹元零伍分) and 整
    for whole yuan; this wrapper rounds first, so cn2an never sees more than two decimals, and
    writes a negative amount (a red-ink reversal) with 负.
    """
    amount = round_money(value)
    words = cn2an.an2cn(format(abs(amount), "f"), "rmb")
    return f"负{words}" if amount < 0 else words


def format_money(value: Decimal | int | str | None) -> str:
    """¥-less thousands format with two places, for tables and exports: 58,180.00 (empty for none)."""
    if value is None or value == "":
        return ""
    amount = round_money(value)
    return f"{amount if amount else abs(amount):,.2f}"  # never "-0.00"
