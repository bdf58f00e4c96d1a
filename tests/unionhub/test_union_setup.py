"""Set-up that fits the union: the chair's term from the day she was elected, terms corrected to a
past date, unions below entered as a list, the card-number rule and the dues mode on the profile,
and a worklist that asks each role only what it can act on in the union's dues mode."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import RoleFactory, UnionFactory
from tests.members.factories import MemberFactory
from unionhub.models import Role, Union

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_start_union_since_a_date_answers_who_was_chair_then(client):
    since = TODAY() - timedelta(days=200)
    call_command(
        "start_union",
        "--name=青山乡工会",
        "--type=乡镇工会",
        "--province=四川",
        "--chair=qs.chair",
        f"--since={since:%Y-%m-%d}",
        stdout=StringIO(),
    )
    union = Union.objects.get()
    role = Role.objects.get()
    assert (role.start, union.term_start) == (since, since)
    assert role.is_current(since + timedelta(days=1))
    with pytest.raises(CommandError, match="任职日期不能晚于今天"):
        call_command(
            "start_union",
            "--name=新工会",
            "--type=乡镇工会",
            "--province=四川",
            "--chair=x.chair",
            f"--since={TODAY() + timedelta(days=1):%Y-%m-%d}",
            stdout=StringIO(),
        )


def test_the_chair_backdates_her_own_term_and_an_officers_within_her_reach(client, world):
    chair = world.officers[Role.Kind.CHAIR]
    own = Role.objects.get(user=chair)
    client.force_login(chair)
    january = date(TODAY().year - 1, 1, 1)
    url = reverse("organisation:role_start", kwargs={"role_id": own.pk})
    assert client.post(url, {"start": january.isoformat()}).status_code == 302
    own.refresh_from_db()
    assert own.start == january
    page = client.get(
        reverse("organisation:officers", kwargs={"union_id": world.union_a.pk}) + "?on=" + str(january)
    )
    assert chair.username in page.content.decode()

    treasurer = Role.objects.get(user=world.officers[Role.Kind.TREASURER])
    url = reverse("organisation:role_start", kwargs={"role_id": treasurer.pk})
    assert client.post(url, {"start": "2024-03-01"}).status_code == 302
    treasurer.refresh_from_db()
    assert treasurer.start == date(2024, 3, 1)
    # An earlier term of the same office that the new start would overlap is refused.
    RoleFactory(
        union=world.union_a,
        kind=Role.Kind.TREASURER,
        user=treasurer.user,
        start=date(2023, 1, 1),
        end=date(2023, 12, 31),
    )
    page = client.post(url, {"start": "2023-06-01"}).content.decode()
    assert "任职重叠" in page
    assert "不能晚于今天" in client.post(url, {"start": str(TODAY() + timedelta(days=1))}).content.decode()
    # The reach rules stay: a role above the chair's union is not hers to correct.
    above = Role.objects.get(user=world.system_chair)
    url = reverse("organisation:role_start", kwargs={"role_id": above.pk})
    assert client.post(url, {"start": "2020-01-01"}).status_code == 404


def test_unions_below_are_entered_as_a_list_with_the_type_fitting_the_union_above(client):
    township = UnionFactory(name="青山乡工会", kind=Union.Kind.TOWNSHIP)
    client.force_login(RoleFactory(union=township, kind=Role.Kind.CHAIR).user)
    url = reverse("organisation:child_create", kwargs={"union_id": township.pk})
    assert 'value="village" selected' in client.get(url).content.decode()
    names = "石桥村工会\n东岳村工会、西山村工会\n"
    assert client.post(url, {"names": names, "kind": "village"}).status_code == 302
    children = Union.objects.filter(parent=township)
    assert sorted(children.values_list("name", "kind", "dues_mode")) == [
        ("东岳村工会", "village", "none"),  # villages of farmers draw no wage to take 0.5% of
        ("石桥村工会", "village", "none"),
        ("西山村工会", "village", "none"),
    ]
    page = client.post(
        url, {"names": "南山村工会\n石桥村工会\n南山村工会", "kind": "village"}
    ).content.decode()
    assert "名称重复：南山村工会" in page and "已有同名的工会组织：石桥村工会" in page
    assert children.count() == 3  # all or none
    assert client.post(url, {"names": "青山乡农机站工会", "kind": "base"}).status_code == 302
    assert Union.objects.get(name="青山乡农机站工会").dues_mode == "wage"


def test_the_profile_sets_the_card_number_rule_and_the_dues_mode(client, world):
    client.force_login(world.officers[Role.Kind.CHAIR])
    url = reverse("organisation:profile", kwargs={"union_id": world.union_a.pk})
    data = {"name": world.union_a.name, "kind": world.union_a.kind, "region": "四川", "dues_mode": "fixed"}
    page = client.post(url, {**data, "card_number_rule": "JT{年}{序号:4}"}).content.decode()
    assert "请填写每人每月的金额" in page
    assert (
        client.post(url, {**data, "card_number_rule": "JT{年}{序号:4}", "dues_fixed_amount": "2"}).status_code
        == 302
    )
    union = Union.objects.get(pk=world.union_a.pk)
    assert (union.card_number_rule, union.dues_mode, union.dues_fixed_amount) == (
        "JT{年}{序号:4}",
        "fixed",
        2,
    )


def worklist(client, user) -> str:
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    return page.split('id="worklist"', 1)[1] if 'id="worklist"' in page else ""


def test_the_worklist_asks_each_role_only_what_it_can_act_on_in_the_unions_dues_mode(client, world):
    MemberFactory(union=world.union_a)  # no wage base
    officers = world.officers
    wage_item = "在册会员未登记缴费工资基数"
    page = worklist(client, officers[Role.Kind.TREASURER])
    assert wage_item in page
    assert ("未记会费" in page) == (TODAY().month > 1)
    for kind in (Role.Kind.CHAIR, Role.Kind.AUDITOR, Role.Kind.SECRETARY):  # none of them records wages
        assert wage_item not in worklist(client, officers[kind]), kind

    world.union_a.dues_mode = Union.DuesMode.FIXED
    world.union_a.dues_fixed_amount = 2
    world.union_a.save()
    assert wage_item not in worklist(client, officers[Role.Kind.TREASURER])

    world.union_a.dues_mode = Union.DuesMode.NONE
    world.union_a.save()
    page = worklist(client, officers[Role.Kind.TREASURER])
    assert wage_item not in page and "未记会费" not in page
