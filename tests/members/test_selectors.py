"""Figures on dates, rebuilt from the events; what the annual summary quotes."""

from datetime import date

import pytest

from members import services
from members.models import HardshipCase, Member
from members.selectors import hardship_figures, member_counts, members_on, membership_figures
from tests.factories import UnionFactory
from tests.members.factories import HardshipCaseFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(world):
    """Four people of A's subtree and one of B's, over 2023 and 2024."""
    a, b, group = world.union_a, world.union_b, world.group_a
    stays = MemberFactory(union=a, name="留守", sex="F", join_date=date(2015, 1, 1))
    mover = MemberFactory(union=a, name="调走", join_date=date(2018, 5, 1))
    grouped = MemberFactory(
        union=a,
        name="进小组",
        sex="F",
        employment_type=Member.EmploymentType.MIGRANT,
        join_date=date(2023, 4, 1),
    )
    retiree = MemberFactory(union=a, name="退休", join_date=date(2000, 1, 1))
    newcomer = MemberFactory(union=b, name="乙新人", join_date=date(2024, 2, 1))
    services.transfer(member=mover, to_union=b, by=None, date=date(2024, 6, 30))
    services.transfer(member=grouped, to_union=group, by=None, date=date(2024, 3, 1))
    services.retain(member=retiree, by=None, date=date(2024, 9, 1), reason="退休")
    return {"stays": stays, "mover": mover, "grouped": grouped, "retiree": retiree, "newcomer": newcomer}


def names(queryset) -> set[str]:
    return set(queryset.values_list("name", flat=True))


def test_who_was_a_member_on_a_date(world, story):
    a, b = world.union_a, world.union_b
    assert names(members_on(union=a, on=date(2022, 12, 31))) == {"留守", "调走", "退休"}
    assert names(members_on(union=a, on=date(2024, 6, 29))) == {"留守", "调走", "进小组", "退休"}
    # the transfer date belongs to the new union
    assert names(members_on(union=a, on=date(2024, 6, 30))) == {"留守", "进小组", "退休"}
    assert names(members_on(union=b, on=date(2024, 6, 30))) == {"调走", "乙新人"}
    assert names(members_on(union=world.group_a, on=date(2024, 12, 31))) == {"进小组"}
    assert names(members_on(union=world.system, on=date(2024, 12, 31))) == {
        "留守",
        "调走",
        "进小组",
        "退休",
        "乙新人",
    }
    assert names(members_on(union=b, on=date(2024, 1, 31))) == set()


def test_members_who_left_are_not_members_afterwards(world, story):
    services.leave(member=story["stays"], by=None, date=date(2025, 2, 1))
    services.decease(member=story["retiree"], by=None, date=date(2025, 3, 1))
    assert names(members_on(union=world.union_a, on=date(2025, 1, 31))) == {"留守", "进小组", "退休"}
    assert names(members_on(union=world.union_a, on=date(2025, 3, 1))) == {"进小组"}


def test_counts_per_union_on_a_date(world, story):
    counts = member_counts(union=world.system, on=date(2024, 12, 31))
    assert counts == {world.union_a.pk: 2, world.group_a.pk: 1, world.union_b.pk: 2}


def test_a_year_of_figures_for_a_base_union(world, story):
    figures = membership_figures(union=world.union_a, year=2024)
    assert figures.members == 3  # 留守, 进小组 (in the group below A), 退休 (retained)
    assert figures.women == 2
    assert figures.migrant_workers == 1
    assert figures.retained == 1
    assert figures.newly_retained == 1
    assert figures.joined == 0
    assert figures.transferred_out == 1, "to B; the move into A's own group stays inside"
    assert figures.transferred_in == 0
    assert (figures.left, figures.removed, figures.deceased) == (0, 0, 0)
    assert membership_figures(union=world.union_a, year=2023).joined == 1


def test_the_system_union_sees_no_transfers_between_its_own_unions(world, story):
    figures = membership_figures(union=world.system, year=2024)
    assert figures.members == 5
    assert figures.joined == 1  # 乙新人
    assert (figures.transferred_in, figures.transferred_out) == (0, 0)
    b = membership_figures(union=world.union_b, year=2024)
    assert (b.members, b.transferred_in, b.joined) == (2, 1, 1)


def test_leaving_removal_and_death_in_a_year(world):
    union = UnionFactory(parent=world.union_a)
    people = [MemberFactory(union=union, join_date=date(2010, 1, 1)) for _ in range(4)]
    services.leave(member=people[0], by=None, date=date(2024, 2, 1))
    services.remove(member=people[1], by=None, date=date(2024, 5, 1), reason="六个月未交会费")
    services.decease(member=people[2], by=None, date=date(2024, 8, 1))
    services.transfer_out(member=people[3], to_union_name="外地工会", by=None, date=date(2025, 1, 1))
    figures = membership_figures(union=world.union_a, year=2024)
    assert (figures.left, figures.removed, figures.deceased, figures.members) == (1, 1, 1, 1)
    assert membership_figures(union=world.union_a, year=2025).transferred_out == 1


def test_hardship_figures(world):
    a = world.union_a
    HardshipCaseFactory(member__union=a, level=HardshipCase.Level.DEEP, opened_on=date(2022, 3, 1))
    HardshipCaseFactory(
        member__union=world.group_a, level=HardshipCase.Level.RELATIVE, opened_on=date(2024, 3, 1)
    )
    HardshipCaseFactory(
        member__union=a,
        level=HardshipCase.Level.SUDDEN,
        opened_on=date(2024, 5, 1),
        closed_on=date(2024, 11, 1),
    )
    HardshipCaseFactory(
        member__union=a,
        level=HardshipCase.Level.RELATIVE,
        opened_on=date(2023, 5, 1),
        closed_on=date(2025, 1, 10),
    )
    HardshipCaseFactory(
        member__union=world.union_b, level=HardshipCase.Level.DEEP, opened_on=date(2024, 1, 1)
    )
    figures = hardship_figures(union=a, year=2024)
    assert figures.on_file_by_level == {"deep": 1, "relative": 2, "sudden": 0}
    assert (figures.on_file, figures.opened, figures.closed) == (3, 2, 1)
    assert hardship_figures(union=world.system, year=2024).on_file_of("deep") == 2
    assert hardship_figures(union=a, year=2025).on_file_by_level["relative"] == 1


def test_members_on_is_one_query(world, story, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(members_on(union=world.system, on=date(2024, 12, 31)))
