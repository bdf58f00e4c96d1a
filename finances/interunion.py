"""Money between unions of one tree (上下级往来), and how a consolidation removes it in pairs.

Which way a movement faces: 应收/应付上级经费 (131, 211) and 上级补助收入 (403) name a union above;
应收/应付下级经费 (132, 212) and 补助下级支出 (508) a union below; 拨缴经费收入 (402) may name the union
below whose share it is. Every such voucher of the upper union names the other union (对方工会); a lower
union's may leave it empty for a federation outside the system.

Consolidating a tree (《工会会计制度》, see docs): only what both sides booked is removed, in pairs —
- 工会02表: the upper union's 补助下级支出 against the lower union's 上级补助收入 for the same grant
  (the same two unions, the same amount, both in the period). The upward share of the 2% allocation
  is never removed: below it is a liability, above it is 拨缴经费收入;
- 工会01表: the upper union's 应收下级经费 against the lower union's 应付上级经费, its 应付下级经费
  against the lower union's 应收上级经费, when the two balances agree.
What one side booked and the other did not stays in the statement and is listed (内部往来核对表).

The rows come from finances.selectors (the one reader of the books); this module only pairs them.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finances.models import Voucher
from unionhub.models import Union

ZERO = Decimal("0.00")
S = Voucher.Settlement
UP, DOWN = "up", "down"

GRANT_GIVEN, GRANT_RECEIVED = "508", "403"  # 补助下级支出 above, 上级补助收入 below
SHARE_RECEIVED = "402"  # 拨缴经费收入: may name the union below whose share it is
# The balance pairs of the 01表: (the upper union's account, the lower union's account).
BALANCE_PAIRS = ((S.RECEIVABLE_LOWER, S.PAYABLE), (S.PAYABLE_LOWER, S.RECEIVABLE))
PAIR_NAMES = {
    GRANT_GIVEN: gettext_lazy("补助下级支出 ↔ 上级补助收入"),
    S.RECEIVABLE_LOWER: gettext_lazy("应收下级经费 ↔ 应付上级经费"),
    S.PAYABLE_LOWER: gettext_lazy("应付下级经费 ↔ 应收上级经费"),
}


# -- which union a voucher names -----------------------------------------------------------------


def facing(*, settlement: str = "", account: str = "") -> str | None:
    """UP when the voucher's other union is above, DOWN when below, None when it names none.
    The settlement account decides first, then the 2021 account of its category."""
    if settlement in (S.RECEIVABLE, S.PAYABLE):
        return UP
    if settlement in S.toward_lower():
        return DOWN
    if account == GRANT_RECEIVED:
        return UP
    if account in (GRANT_GIVEN, SHARE_RECEIVED):
        return DOWN
    return None


def counterparts(union: Union, way: str | None):
    """The unions a voucher of `union` facing `way` may name: those above, or those below."""
    if way == UP:
        return union.ancestors()
    if way == DOWN:
        return union.subtree().exclude(pk=union.pk).order_by("path")
    return Union.objects.none()


def account_of(category) -> str:
    """The 2021 top-level account code a category counts under ("" for none)."""
    return category.account.top.code[:3] if category is not None else ""


def required(*, settlement: str, account: str) -> bool:
    """Whether the voucher must name the other union: the upper union always names the union below
    (a grant down, 应收/应付下级经费; 402 may). A lower union names the union above when the money is
    that union's, and leaves it empty when it is a federation's outside the system (a 市总工会's grant,
    the share owed to it): the upper union's own side, which must name it, finds a grant it never
    booked on the 内部往来核对表."""
    return facing(settlement=settlement, account=account) == DOWN and not (
        account == SHARE_RECEIVED and settlement not in S.between_unions()
    )


def check_counterpart(*, union: Union, settlement: str, account: str, counterpart: Union | None) -> None:
    """The rule a voucher form, the import and the posting service share: a movement between unions
    names a union of the tree in its direction (when there is one to name)."""
    way = facing(settlement=settlement, account=account)
    if counterpart is not None and counterpart.pk == union.pk:
        raise ValidationError({"counterpart_union": _("对方工会不能是本工会。")})
    if counterpart is None:
        if required(settlement=settlement, account=account) and counterparts(union, way).exists():
            raise ValidationError({"counterpart_union": _("与上下级工会之间的往来须选择对方工会。")})
        return
    if way is None:
        return
    if way == UP and not counterpart.contains(union) or way == DOWN and not union.contains(counterpart):
        raise ValidationError(
            {
                "counterpart_union": _("对方工会应是本工会的%(way)s工会。")
                % {"way": _("上级") if way == UP else _("下级")}
            }
        )


# -- pairing for a consolidation ------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """An income or spending voucher between two unions of the tree (read by finances.selectors)."""

    pk: int
    union_id: int
    counterpart_id: int
    account: str  # 508 or 403
    amount: Decimal  # signed: a reversal counts negative
    fund_id: int
    direction: str
    month: int


@dataclass(frozen=True)
class Balance:
    """A union's balance of a 131/132/211/212 account with one other union of the tree, as the 01表
    shows it (assets and liabilities both positive)."""

    union_id: int
    counterpart_id: int
    account: str
    amount: Decimal


@dataclass
class Item:
    """A line of the 内部往来核对表: what the upper and the lower union booked of one pair."""

    pair: str  # GRANT_GIVEN, or the upper union's account of a balance pair
    upper: Union
    lower: Union
    upper_amount: Decimal
    lower_amount: Decimal

    @property
    def name(self) -> str:
        return str(PAIR_NAMES[self.pair])

    @property
    def difference(self) -> Decimal:
        return self.upper_amount - self.lower_amount

    @property
    def unpaired(self) -> Decimal:
        """What stayed in the statement without its other side."""
        return self.upper_amount + self.lower_amount


@dataclass
class Pairing:
    """The pairs removed and the items left unpaired, for a period (02表) or a date (01表)."""

    removed_entries: list[Entry] = field(default_factory=list)
    removed_balances: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    unpaired: list[Item] = field(default_factory=list)

    @property
    def unpaired_amount(self) -> Decimal:
        return sum((item.unpaired for item in self.unpaired), ZERO)

    def removed_by_account(self) -> dict[str, Decimal]:
        sums: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for entry in self.removed_entries:
            sums[entry.account] += entry.amount
        return sums


def _cancel(entries: list[Entry]) -> list[Entry]:
    """One side's grants less those it reversed itself (+X against −X)."""
    left = list(entries)
    for entry in [e for e in entries if e.amount < 0]:
        match = next((e for e in left if e.amount == -entry.amount), None)
        if match is not None and entry in left:
            left.remove(match)
            left.remove(entry)
    return left


def pair_grants(entries: list[Entry], unions: dict[int, Union]) -> Pairing:
    """补助下级支出 against 上级补助收入: the same two unions, the same amount."""
    sides: dict[tuple[int, int], tuple[list[Entry], list[Entry]]] = defaultdict(lambda: ([], []))
    for entry in entries:
        if entry.account == GRANT_GIVEN:
            sides[entry.union_id, entry.counterpart_id][0].append(entry)
        elif entry.account == GRANT_RECEIVED:
            sides[entry.counterpart_id, entry.union_id][1].append(entry)
    pairing = Pairing()
    for (upper, lower), (given, received) in sorted(sides.items()):
        given, received = _cancel(given), _cancel(received)
        common = Counter(e.amount for e in given) & Counter(e.amount for e in received)
        for side in (given, received):
            wanted = Counter(common)
            for entry in side:
                if wanted[entry.amount]:
                    wanted[entry.amount] -= 1
                    pairing.removed_entries.append(entry)
        left = [
            sum((e.amount for e in side if e not in pairing.removed_entries), ZERO)
            for side in (given, received)
        ]
        if any(left):
            pairing.unpaired.append(Item(GRANT_GIVEN, unions[upper], unions[lower], *left))
    return pairing


def pair_balances(balances: list[Balance], unions: dict[int, Union]) -> Pairing:
    """应收下级经费 against 应付上级经费, 应付下级经费 against 应收上级经费, when the two agree."""
    held: dict[tuple[int, int, str], Decimal] = defaultdict(lambda: ZERO)
    for balance in balances:
        held[balance.union_id, balance.counterpart_id, balance.account] += balance.amount
    pairing = Pairing()
    links = {tuple(sorted((u, c), key=lambda pk: unions[pk].path)) for u, c, _a in held}
    for upper, lower in sorted(links, key=lambda link: (unions[link[0]].path, unions[link[1]].path)):
        for above, below in BALANCE_PAIRS:
            upper_amount, lower_amount = held[upper, lower, above], held[lower, upper, below]
            if upper_amount == lower_amount:
                pairing.removed_balances[above] += upper_amount
                pairing.removed_balances[below] += lower_amount
            else:
                pairing.unpaired.append(Item(above, unions[upper], unions[lower], upper_amount, lower_amount))
    return pairing
