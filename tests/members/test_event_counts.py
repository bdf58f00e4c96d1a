"""The year's membership events counted per subtree as they are written: each union's counts equal the
events below it (transfers only across its border), after joins, transfers inside and out of the tree,
leaving and a union moved; `membership_figures` reads them."""

import datetime

import pytest
from django.db.models import Count, Q

from members import selectors, services
from members.event_counts import differences
from members.models import MemberEvent
from tests.factories import UnionFactory
from tests.members.factories import MemberFactory
from unionhub.models import Role, Union
from unionhub.scope import subtree
from unionhub.services import move_union

pytestmark = pytest.mark.django_db
Kind = MemberEvent.Kind
DAY = datetime.date(2026, 3, 10)


def counted_from_the_events(union, year) -> dict[str, int]:
    """The year's events of the subtree as the summary counted them before they were kept."""
    outside = ~subtree(union, via="other_union") | Q(other_union__isnull=True)
    return (
        MemberEvent.objects.within(union)
        .filter(date__year=year)
        .aggregate(
            joined=Count("pk", filter=Q(kind=Kind.JOINED)),
            transferred_in=Count("pk", filter=Q(kind=Kind.TRANSFERRED_IN) & outside),
            transferred_out=Count("pk", filter=Q(kind=Kind.TRANSFERRED_OUT) & outside),
            newly_retained=Count("pk", filter=Q(kind=Kind.RETAINED)),
            left=Count("pk", filter=Q(kind=Kind.LEFT)),
            removed=Count("pk", filter=Q(kind=Kind.REMOVED)),
            deceased=Count("pk", filter=Q(kind=Kind.DECEASED)),
        )
    )


def figures(union, year) -> dict[str, int]:
    m = selectors.membership_figures(union=union, year=year)
    return {name: getattr(m, name) for name in selectors.EVENT_FIGURES}


def test_each_union_counts_its_subtrees_events_and_transfers_across_its_border(world):
    by = world.officers[Role.Kind.SECRETARY]
    workshop = UnionFactory(name="甲单位机修车间工会", parent=world.union_a)
    joined_at = (world.union_a, world.union_a, workshop, world.union_b)
    members = [MemberFactory(union=union, join_date=DAY.replace(month=1)) for union in joined_at]
    services.transfer(member=members[0], to_union=workshop, by=by, date=DAY)  # inside 甲
    services.transfer(member=members[1], to_union=world.union_b, by=by, date=DAY)  # 甲 to 乙
    services.transfer_out(member=members[3], to_union_name="外省某工会", by=by, date=DAY)
    services.leave(member=members[2], by=by, date=DAY.replace(month=5), reason="退休")
    unions = [world.system, world.union_a, world.union_b, workshop, world.group_a]
    for union in unions:
        assert figures(union, 2026) == counted_from_the_events(union, 2026), union
    assert (
        figures(world.union_a, 2026)["transferred_out"] == 1
    )  # to 乙; the move into the workshop stays inside
    assert figures(workshop, 2026)["transferred_in"] == 1
    assert figures(world.system, 2026)["transferred_out"] == 1  # only the one out of the tree
    assert differences() == []
    move_union(union=workshop, parent=Union.objects.get(pk=world.union_b.pk))
    for union in Union.objects.filter(pk__in=[union.pk for union in unions]):  # their paths now
        assert figures(union, 2026) == counted_from_the_events(union, 2026), union
    assert differences() == []
