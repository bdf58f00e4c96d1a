"""The statistics return filled from the records: a union above sums its tree (a union counted once),
a base union's lines are its own, typed lines are kept with who typed them, signing freezes it."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, InternalError, transaction

from members.models import Member
from reports import returns
from reports.models import StatisticsReturn
from tests.members.factories import MemberFactory
from tests.rights.factories import ContractFactory

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 9, 30)


@pytest.fixture
def tree(world):
    women, migrant = Member.Sex.FEMALE, Member.EmploymentType.MIGRANT
    for union, sex, kind in [
        (world.system, women, Member.EmploymentType.CONTRACT),
        (world.union_a, women, migrant),
        (world.union_a, Member.Sex.MALE, migrant),
        (world.union_a, women, Member.EmploymentType.CONTRACT),
        (world.group_a, Member.Sex.MALE, migrant),
        (world.union_b, women, migrant),
        (world.union_b, Member.Sex.MALE, Member.EmploymentType.CONTRACT),
    ]:
        MemberFactory(union=union, sex=sex, employment_type=kind)
    MemberFactory(
        union=world.union_b, sex=women, employment_type=migrant, join_date=datetime.date(2026, 10, 8)
    )
    return world


def register_counts(unions) -> dict[str, int]:
    """What an officer counts by hand from the member register on the time point."""
    on_roll = [m for m in Member.objects.filter(union__in=unions) if m.join_date <= AS_OF]
    return {
        "会员人数": len(on_roll),
        "女会员人数": sum(m.sex == Member.Sex.FEMALE for m in on_roll),
        "农民工会员人数": sum(m.employment_type == Member.EmploymentType.MIGRANT for m in on_roll),
    }


def command_rows(union) -> dict[str, str]:
    out = io.StringIO()
    call_command("statistics_return", union=union.name, as_of=AS_OF.isoformat(), format="csv", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["项目", "数值"]
    return dict(rows[1:])


def test_the_system_union_sums_its_tree_and_a_base_union_gives_its_own(tree):
    system = command_rows(tree.system)
    expected = register_counts(list(tree.system.subtree()))
    assert (
        {key: int(system[key]) for key in expected}
        == expected
        == {"会员人数": 7, "女会员人数": 4, "农民工会员人数": 4}
    )
    assert system["下级工会数"] == "2"  # 甲 and 乙; the union group is no organisation of its own

    own = command_rows(tree.union_a)
    expected = register_counts(list(tree.union_a.subtree()))
    assert {key: int(own[key]) for key in expected} == expected
    assert own["下级工会数"] == "0"


def test_typed_lines_roll_up_once_and_the_signed_return_stays(tree):
    ContractFactory(union=tree.union_a, workers_covered=120)
    returns.type_lines(union=tree.union_a, as_of=AS_OF, values={"workers": 300}, by=tree.officers["chair"])
    returns.type_lines(union=tree.union_b, as_of=AS_OF, values={"workers": 200}, by=tree.outsider)
    filled = returns.fill(union=tree.system, as_of=AS_OF)
    assert filled.values["workers"] == 500 and filled.values["contract_workers"] == 120
    assert filled.values["full_time_officers"] is None  # nobody typed it
    row = next(r for r in returns.fill(union=tree.union_a, as_of=AS_OF).rows() if r["key"] == "workers")
    assert row["value"] == 300 and row["typed_by"]

    returns.type_lines(union=tree.system, as_of=AS_OF, values={"workers": 500}, by=tree.system_chair)
    assert "workers" not in StatisticsReturn.objects.get(union=tree.system).typed  # the sum sent back
    returns.type_lines(union=tree.system, as_of=AS_OF, values={"workers": 520}, by=tree.system_chair)
    assert returns.fill(union=tree.system, as_of=AS_OF).values["workers"] == 520  # its own word stands

    signed = returns.sign(union=tree.system, as_of=AS_OF, by=tree.system_chair)
    assert signed.is_signed and signed.figures["members"] == 7
    MemberFactory(union=tree.union_a, join_date=datetime.date(2026, 5, 1))
    after = returns.fill(union=tree.system, as_of=AS_OF)
    assert after.values["members"] == 7 and after.changed
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        StatisticsReturn.objects.filter(pk=signed.pk).update(typed={})


def test_a_contract_in_force_counts_its_union_among_those_with_a_contract(tree):
    """A union whose register holds a contract in force counts as one that signed one, whether or
    not its profile's box is ticked: the paper never says 0 units beside 1 contract."""
    ContractFactory(union=tree.union_a, workers_covered=120)
    tree.union_b.has_collective_contract = True
    tree.union_b.save()
    filled = returns.fill(union=tree.system, as_of=AS_OF)
    assert filled.values["contracts_wage"] == 1 and filled.values["contract_units"] == 2


def test_the_page_links_each_counted_line_and_prints_with_the_signature_lines(tree, client):
    client.force_login(tree.system_chair)
    url = f"/reports/statistics-return/?union={tree.system.pk}&as_of={AS_OF}"
    page = client.get(url).content.decode()
    assert f'href="/members/?union={tree.system.pk}&amp;sex=F">4</a>' in page
    printed = client.get(f"{url}&format=print").content.decode()
    assert "基层工会调查表" in printed and "单位负责人（签字）" in printed and "农民工会员人数" in printed
