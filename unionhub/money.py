"""Money: one rounding rule for the whole project (ledger, dues, hardship files, summaries, bench data).

Amounts are Decimal, rounded to whole fen half up (四舍五入), as a treasurer rounds on paper.
"""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_money(value: Decimal | int | str) -> Decimal:
    """Round to whole fen, half up (四舍五入). Floats are refused: they are not money."""
    if isinstance(value, float):
        raise TypeError("money is never a float: pass a Decimal, an int or a string")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
