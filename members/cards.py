"""会员证号 by the rule a union sets (`Union.card_number_rule`, e.g. "JT{年}{序号:4}").

{年} is the year the member joined, {序号:4} a serial of four digits counting on from the highest
number already given under the same prefix in the union that owns the rule (and the unions below it).
A union without a rule uses the nearest union above it that has one; with none, no number is made.
Numbers are handed out under a lock on the rule's union, so two officers never get the same one.
"""

import re
from collections.abc import Iterable
from datetime import date

from members.models import Member
from unionhub.models import CARD_SERIAL as SERIAL
from unionhub.models import CARD_YEAR as YEAR
from unionhub.models import Union


def rule_owner(union: Union) -> Union | None:
    """The union whose rule applies: this one, or the nearest above with a rule."""
    if union.card_number_rule:
        return union
    above = [u for u in union.ancestors() if u.card_number_rule]
    return above[-1] if above else None


def _parts(rule: str, year: int) -> tuple[str, int, str]:
    match = SERIAL.search(rule)
    digits = int(match.group(1) or 4)
    before, after = rule[: match.start()], rule[match.end() :]
    return before.replace(YEAR, str(year)), digits, after.replace(YEAR, str(year))


def assign_card_numbers(members: Iterable[Member]) -> None:
    """Give each member without a 会员证号 the next number of its union's rule (unsaved members too).

    Call inside the transaction that saves them."""
    pending = [member for member in members if not member.card_number]
    if not pending:
        return
    unions = Union.objects.in_bulk({member.union_id for member in pending})
    counters: dict[tuple[int, str, str], int] = {}
    owners: dict[int, Union | None] = {}
    for member in pending:
        if member.union_id not in owners:
            owners[member.union_id] = rule_owner(unions[member.union_id])
        owner = owners[member.union_id]
        if owner is None:
            continue
        Union.objects.select_for_update().filter(pk=owner.pk).first()  # one numbering at a time per rule
        prefix, digits, suffix = _parts(owner.card_number_rule, (member.join_date or date.today()).year)
        key = (owner.pk, prefix, suffix)
        if key not in counters:
            counters[key] = _highest(owner, prefix, suffix)
        counters[key] += 1
        member.card_number = f"{prefix}{counters[key]:0{digits}d}{suffix}"[:30]


def _highest(owner: Union, prefix: str, suffix: str) -> int:
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+){re.escape(suffix)}$")
    numbers = (
        Member.objects.within(owner)
        .filter(card_number__startswith=prefix)
        .values_list("card_number", flat=True)
    )
    serials = [int(match.group(1)) for number in numbers if (match := pattern.match(number))]
    return max(serials, default=0)
