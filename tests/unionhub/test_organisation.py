"""Starting a union, its profile and tree, officers with terms, hand-overs, one-time passwords."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from tests.factories import RoleFactory, UnionFactory
from tests.finances.factories import FundFactory
from tests.members.factories import MemberFactory
from unionhub import services
from unionhub.models import Province, Role, RoleHistory, Union, UnionHistory, User

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def start(**options):
    out = StringIO()
    defaults = {"name": "青山乡工会", "kind": "乡镇工会", "province": "四川省", "chair": "qs.chair"}
    call_command("start_union", **{**defaults, **options}, stdout=out)
    return out.getvalue()


# start_union ---------------------------------------------------------------------------------------


def test_start_union_creates_the_union_and_its_chair_with_a_one_time_password(client):
    output = start(province="广西")
    union = Union.objects.get()
    assert (union.name, union.kind, union.region, union.parent) == ("青山乡工会", "township", "广西", None)
    assert union.get_region_display() == "广西壮族自治区"
    chair = User.objects.get(username="qs.chair")
    assert chair.must_change_password
    role = chair.roles.get()
    assert (role.union, role.kind, role.start, role.end) == (union, Role.Kind.CHAIR, TODAY(), None)
    password = output.split("一次性密码：")[1].split()[0]
    assert client.login(username="qs.chair", password=password)


def test_start_union_below_a_parent(client):
    start()
    start(name="上坝村工会", kind="村级工会", province="四川", chair="sb.chair", parent="青山乡工会")
    village = Union.objects.get(name="上坝村工会")
    assert village.parent.name == "青山乡工会" and village.kind == Union.Kind.VILLAGE


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"name": "青山乡工会"}, "已有名为“青山乡工会”的工会组织"),
        ({"name": "新工会", "kind": "乡工会"}, "没有“乡工会”这一工会类型"),
        ({"name": "新工会", "province": "四州省"}, "没有“四州省”这一省级行政区"),
        ({"name": "新工会", "chair": "QS.CHAIR"}, "登录名“QS.CHAIR”已被使用"),
        ({"name": "新工会", "chair": "new.chair", "parent": "无此工会"}, "没有名为“无此工会”的上级工会"),
        ({"name": "新工会", "chair": "a" * 256}, "不超过 150"),
    ],
)
def test_start_union_refuses_with_a_clear_message_and_creates_nothing(options, message):
    start()
    counts = (Union.objects.count(), User.objects.count(), Role.objects.count())
    with pytest.raises(CommandError, match=message) as error:
        start(**options)
    assert "未创建任何记录" in str(error.value)
    assert (Union.objects.count(), User.objects.count(), Role.objects.count()) == counts


def test_every_province_is_known_in_full_and_in_short():
    assert len(Province.choices) == 31
    for province in Province:
        assert Province.parse(str(province.label)) is province
        assert Province.parse(province.value) is province
    assert Province.parse("四") is None


def test_the_spending_rules_still_find_a_union_by_its_province():
    from finances.models import SpendingRule

    start(name="合肥工会", province="安徽省", chair="hf.chair")
    union = Union.objects.get(name="合肥工会")
    rules = SpendingRule.objects.in_force(region=union.region, on=TODAY())
    assert any(rule.region == "安徽" for rule in rules)


# One-time passwords ----------------------------------------------------------------------------------


def test_a_one_time_password_leads_only_to_the_password_change_until_changed(client, world):
    user = world.officers[Role.Kind.SECRETARY]
    password = services.reset_password(user=user)
    assert client.login(username=user.username, password=password)
    for url in (reverse("home"), reverse("members:member_list"), reverse("organisation:tree")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("password_change")
    change = reverse("password_change")
    assert "一次性密码" in client.get(change).content.decode()
    same = {"old_password": password, "new_password1": password, "new_password2": password}
    assert "新密码不能与原密码相同" in client.post(change, same).content.decode()
    new = {"old_password": password, "new_password1": "Shangba-2026-new", "new_password2": "Shangba-2026-new"}
    assert client.post(change, new).status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get(reverse("home")).status_code == 200


# Roles with dates ------------------------------------------------------------------------------------


def roles_of(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    return response.wsgi_request.roles


def test_an_ended_role_and_one_not_yet_started_reach_nothing(client, world):
    union = world.union_a
    ended = RoleFactory(union=union, kind=Role.Kind.TREASURER, start=date(2020, 1, 1), end=TODAY())
    coming = RoleFactory(union=union, kind=Role.Kind.TREASURER, start=TODAY() + timedelta(days=1))
    for role in (ended, coming):
        assert roles_of(client, role.user) == []
        assert client.get(reverse("finances:index")).status_code == 403
    assert "暂无" not in client.get(reverse("home")).content.decode()  # the no-role page
    still = RoleFactory(
        union=union, kind=Role.Kind.TREASURER, start=date(2020, 1, 1), end=TODAY() + timedelta(days=1)
    )
    assert [role.pk for role in roles_of(client, still.user)] == [still.pk]


def test_the_database_refuses_two_open_terms_of_one_office_and_an_end_before_the_start(world):
    user = world.officers[Role.Kind.SECRETARY]
    with pytest.raises(IntegrityError):
        Role.objects.create(user=user, union=world.union_a, kind=Role.Kind.SECRETARY)


def test_the_database_refuses_a_role_ending_before_it_starts(world):
    with pytest.raises(IntegrityError):
        RoleFactory(union=world.union_a, start=date(2026, 5, 1), end=date(2026, 4, 1))


def test_who_held_an_office_on_a_past_date(client, world):
    union = world.union_a
    old = RoleFactory(union=union, kind=Role.Kind.TREASURER, start=date(2021, 1, 1), end=date(2026, 1, 1))
    old.user.name = "前任会计"
    old.user.save()
    client.force_login(world.officers[Role.Kind.CHAIR])
    url = reverse("organisation:officers", kwargs={"union_id": union.pk})
    page = client.get(url, {"on": "2025-06-30"}).content.decode()
    held = page.split('id="held-on"')[1].split("</table>")[0]
    assert "前任会计" in held
    assert world.officers[Role.Kind.TREASURER].username not in held  # started today
    assert client.get(url, {"on": "not-a-date"}).status_code == 200
    assert client.get(url, {"on": "2025-02-30"}).status_code == 200


# Appointing, ending, hand-over -----------------------------------------------------------------------


def test_the_chair_appoints_a_new_login_and_sees_its_password_once(client, world):
    client.force_login(world.officers[Role.Kind.CHAIR])
    url = reverse("organisation:appoint", kwargs={"union_id": world.group_a.pk})
    data = {"kind": "secretary", "start": TODAY().isoformat(), "username": "group.sec", "name": "钱组长"}
    response = client.post(url, data, follow=True)
    user = User.objects.get(username="group.sec")
    assert user.must_change_password
    page = response.content.decode()
    password = page.split('<code class="password">')[1].split("<")[0]
    assert user.check_password(password)
    officers = reverse("organisation:officers", kwargs={"union_id": world.group_a.pk})
    assert password not in client.get(officers).content.decode()
    again = client.post(url, data).content.decode()
    assert "已被使用" in again


def test_the_chair_appoints_an_existing_person_and_ends_a_role(client, world):
    chair = world.officers[Role.Kind.CHAIR]
    secretary = world.officers[Role.Kind.SECRETARY]
    client.force_login(chair)
    url = reverse("organisation:appoint", kwargs={"union_id": world.group_a.pk})
    data = {"kind": "secretary", "start": TODAY().isoformat(), "existing": secretary.pk}
    assert client.post(url, data).status_code == 302
    role = Role.objects.get(user=secretary, union=world.group_a)
    end = reverse("organisation:role_end", kwargs={"role_id": role.pk})
    assert "不能早于" in client.post(end, {"end": "2000-01-01"}).content.decode()
    assert client.post(end, {"end": TODAY().isoformat()}).status_code == 302
    role.refresh_from_db()
    assert role.end == TODAY()
    own = Role.objects.get(user=chair)
    own_end = reverse("organisation:role_end", kwargs={"role_id": own.pk})
    assert "不能卸任您正在使用的职务" in client.post(own_end, {"end": TODAY().isoformat()}).content.decode()


def test_a_login_name_longer_than_any_is_a_form_error_wherever_it_is_typed(client, world):
    long_name = "a" * 256
    chair = world.officers[Role.Kind.CHAIR]
    client.force_login(chair)
    appoint = reverse("organisation:appoint", kwargs={"union_id": world.group_a.pk})
    hand_over = reverse("organisation:handover", kwargs={"union_id": world.union_a.pk})
    for url, data in (
        (appoint, {"kind": "secretary", "start": TODAY().isoformat(), "username": long_name}),
        (hand_over, {"on": TODAY().isoformat(), "chair_username": long_name}),
    ):
        response = client.post(url, data)
        assert response.status_code == 200 and "不超过 150" in response.content.decode()
    own = {"old_password": long_name, "new_password1": long_name, "new_password2": long_name}
    response = client.post(reverse("password_change"), own)
    assert response.status_code == 200 and "旧密码不正确" in response.content.decode()
    assert not User.objects.filter(username=long_name).exists()


def test_a_hand_over_is_all_or_nothing(world):
    union = world.union_a
    before = set(Role.objects.current().filter(union=union).values_list("pk", flat=True))
    with pytest.raises(Exception, match="已被使用"):
        services.hand_over(
            union=union,
            on=TODAY(),
            officers=[
                services.NewOfficer(kind=Role.Kind.CHAIR, user=world.officers[Role.Kind.CHAIR]),
                services.NewOfficer(kind=Role.Kind.TREASURER, username=world.outsider.username),
            ],
        )
    assert set(Role.objects.current().filter(union=union).values_list("pk", flat=True)) == before


def test_a_hand_over_ends_the_old_committee_and_starts_the_new_on_one_date(client, world):
    union = world.union_a
    chair = world.officers[Role.Kind.CHAIR]
    old_treasurer = world.officers[Role.Kind.TREASURER]
    client.force_login(chair)
    url = reverse("organisation:handover", kwargs={"union_id": union.pk})
    page = client.get(url).content.decode()
    assert f'<option value="{chair.pk}" selected>' in page  # the current holders offered again
    data = {
        "on": TODAY().isoformat(),
        "term_end": (TODAY() + timedelta(days=5 * 365)).isoformat(),
        "chair_existing": chair.pk,
        "secretary_existing": world.officers[Role.Kind.SECRETARY].pk,
        "treasurer_username": "a.treasurer2",
        "treasurer_name": "新会计",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("organisation:officers", kwargs={"union_id": union.pk})
    current = Role.objects.current().filter(union=union)
    assert {(r.kind, r.user.username) for r in current} == {
        ("chair", chair.username),
        ("secretary", world.officers[Role.Kind.SECRETARY].username),
        ("treasurer", "a.treasurer2"),
    }
    assert all(role.start == TODAY() for role in current)
    assert Role.objects.filter(union=union, end=TODAY()).count() == 4  # the old committee, auditor too
    union.refresh_from_db()
    assert union.term_start == TODAY()
    assert roles_of(client, old_treasurer) == []
    client.force_login(chair)
    assert client.get(reverse("organisation:officers", kwargs={"union_id": union.pk})).status_code == 200


def test_a_hand_over_needs_a_chair(client, world):
    client.force_login(world.officers[Role.Kind.CHAIR])
    url = reverse("organisation:handover", kwargs={"union_id": world.union_a.pk})
    page = client.post(url, {"on": TODAY().isoformat(), "chair_existing": ""}).content.decode()
    assert "新一届委员会须有工会主席" in page
    assert Role.objects.current().filter(union=world.union_a).count() == 4


def test_the_chair_resets_an_officers_password_but_not_of_someone_above(client, world):
    chair = world.officers[Role.Kind.CHAIR]
    secretary = world.officers[Role.Kind.SECRETARY]
    client.force_login(chair)
    role = secretary.roles.get()
    response = client.post(reverse("organisation:password_reset", kwargs={"role_id": role.pk}), follow=True)
    secretary.refresh_from_db()
    assert secretary.must_change_password
    password = response.content.decode().split('<code class="password">')[1].split("<")[0]
    assert secretary.check_password(password)
    # The system chair also holds an office in union A: A's chair may not take over that login.
    above = RoleFactory(union=world.union_a, kind=Role.Kind.AUDITOR, user=world.system_chair)
    client.post(reverse("organisation:password_reset", kwargs={"role_id": above.pk}))
    world.system_chair.refresh_from_db()
    assert not world.system_chair.must_change_password


# Reach ---------------------------------------------------------------------------------------------


def test_a_village_chair_cannot_touch_the_township(client):
    start()
    township = Union.objects.get()
    village = services.create_child(parent=township, name="上坝村工会", kind=Union.Kind.VILLAGE)
    chair = RoleFactory(union=village, kind=Role.Kind.CHAIR).user
    client.force_login(chair)
    for name in ("profile", "officers", "appoint", "handover", "child_create", "move", "close"):
        url = reverse(f"organisation:{name}", kwargs={"union_id": township.pk})
        assert client.get(url).status_code == 404, name
        if name != "officers":
            assert client.post(url, {"name": "改名"}).status_code == 404, name
    township_chair = Role.objects.get(union=township)
    for name in ("role_end", "password_reset"):
        url = reverse(f"organisation:{name}", kwargs={"role_id": township_chair.pk})
        assert client.post(url, {"end": TODAY().isoformat()}).status_code == 404, name
    assert client.get(reverse("organisation:profile", kwargs={"union_id": village.pk})).status_code == 200
    secretary = RoleFactory(union=village, kind=Role.Kind.SECRETARY).user
    client.force_login(secretary)
    assert client.get(reverse("organisation:profile", kwargs={"union_id": village.pk})).status_code == 403


# The profile and the tree -----------------------------------------------------------------------------


def profile_data(union, **changes):
    return {
        "name": union.name,
        "kind": union.kind,
        "region": union.region,
        "dues_mode": union.dues_mode,
        **changes,
    }


def test_the_profile_is_saved_and_checked(client, world):
    client.force_login(world.officers[Role.Kind.CHAIR])
    url = reverse("organisation:profile", kwargs={"union_id": world.union_a.pk})
    data = profile_data(
        world.union_a,
        short_name="甲工会",
        party_organisation="中共甲单位委员会",
        statistics_code="510101-0001",
        bank_name="农业银行青山支行",
        bank_account="6228480000000001",
        term_start="2024-01-10",
        term_end="2029-01-09",
        has_audit_committee="on",
        audit_committee_head="周审",
    )
    assert client.post(url, data).status_code == 302
    union = Union.objects.get(pk=world.union_a.pk)
    assert (union.party_organisation, union.term_end, union.has_audit_committee) == (
        "中共甲单位委员会",
        date(2029, 1, 9),
        True,
    )
    bad = client.post(url, {**data, "region": "火星", "term_end": "2020-01-01"}).content.decode()
    assert "不是可用的选项" in bad or "选择一个有效的选项" in bad
    assert "任期届满日期应晚于任期开始日期" in bad
    taken = client.post(url, {**data, "name": world.union_b.name}).content.decode()
    assert "已存在" in taken


def test_a_union_cannot_move_under_itself_or_below_and_a_closed_one_leaves_the_pickers(client, world):
    client.force_login(world.system_chair)
    move = reverse("organisation:move", kwargs={"union_id": world.union_a.pk})
    page = client.post(move, {"parent": world.group_a.pk}).content.decode()
    assert "选择一个有效的选项" in page
    assert client.post(move, {"parent": world.union_b.pk}).status_code == 302
    world.group_a.refresh_from_db()
    assert world.union_b.contains(world.group_a)  # the subtree moved along

    member = MemberFactory(union=world.group_a)
    close = reverse("organisation:close", kwargs={"union_id": world.group_a.pk})
    assert client.post(close, {"closed_on": TODAY().isoformat(), "confirm": "on"}).status_code == 302
    world.group_a.refresh_from_db()
    assert world.group_a.closed_on == TODAY()
    response = client.get(reverse("members:member_list"))
    assert member.name in response.content.decode()  # its records stay
    from unionhub.access import unions_in_reach

    assert world.group_a not in unions_in_reach(response.wsgi_request)
    own = reverse("organisation:close", kwargs={"union_id": world.system.pk})
    assert (
        "不能撤销您任职的工会本身"
        in client.post(own, {"closed_on": TODAY(), "confirm": "on"}).content.decode()
    )


def test_the_tree_counts_members_in_one_query(client, world, django_assert_max_num_queries):
    client.force_login(world.system_chair)
    url = reverse("organisation:tree")
    MemberFactory(union=world.union_a)
    with django_assert_max_num_queries(30) as few:
        page = client.get(url).content.decode()
    assert f'data-union="{world.union_a.name}"' in page
    for _n in range(5):
        union = UnionFactory(parent=world.union_b)
        MemberFactory.create_batch(2, union=union)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# The audit trail --------------------------------------------------------------------------------------


def test_grants_ends_and_profile_changes_are_in_the_audit_trail(client, world):
    chair = world.officers[Role.Kind.CHAIR]
    client.force_login(chair)
    appoint = reverse("organisation:appoint", kwargs={"union_id": world.union_a.pk})
    client.post(
        appoint, {"kind": "auditor", "start": TODAY().isoformat(), "username": "a.aud2", "name": "审计员"}
    )
    role = Role.objects.get(user__username="a.aud2")
    client.post(reverse("organisation:role_end", kwargs={"role_id": role.pk}), {"end": TODAY().isoformat()})
    profile = reverse("organisation:profile", kwargs={"union_id": world.union_a.pk})
    client.post(profile, profile_data(world.union_a, address="青山路1号"))
    events = RoleHistory.objects.filter(pgh_obj_id=role.pk).order_by("pgh_id")
    assert [e.pgh_label for e in events] == ["insert", "update"]
    assert events[0].pgh_context.metadata["user"] == chair.pk
    assert UnionHistory.objects.filter(pgh_obj_id=world.union_a.pk, address="青山路1号").exists()
    log = client.get(reverse("reports:audit_log")).content.decode()
    assert "审计员" in log and "青山路1号" in log
    record = reverse("reports:audit_record", kwargs={"label": "unionhub.union", "pk": world.union_a.pk})
    assert "青山路1号" in client.get(record).content.decode()
    client.force_login(world.officers[Role.Kind.AUDITOR])  # the auditor does not read the organisation
    assert "青山路1号" not in client.get(reverse("reports:audit_log")).content.decode()


# The worklist --------------------------------------------------------------------------------------


def test_a_new_unions_officers_see_what_to_do_first(client):
    start()
    union = Union.objects.get()
    chair = User.objects.get()
    chair.must_change_password = False
    chair.save()
    client.force_login(chair)
    page = client.get(reverse("home")).content.decode()
    assert "新工会起步" in page
    for step in ("设立资金账户", "登记会员名册", "任命工会干事和会计"):
        assert step in page
    FundFactory(union=union)
    MemberFactory(union=union)
    page = client.get(reverse("home")).content.decode()
    assert "设立资金账户" not in page and "登记会员名册" not in page


def test_the_worklist_counts_what_is_due_with_flat_queries(client, world, django_assert_max_num_queries):
    from activities.models import Activity
    from tests.activities.factories import ActivityFactory

    chair = world.officers[Role.Kind.CHAIR]
    client.force_login(chair)

    def add(n):
        for _ in range(n):
            MemberFactory(union=world.union_a)  # no wage base
            ActivityFactory(union=world.union_a, start_date=TODAY() - timedelta(days=1))

    add(1)
    world.union_a.term_end = TODAY() + timedelta(days=30)
    world.union_a.save()
    with django_assert_max_num_queries(40) as few:
        page = client.get(reverse("home")).content.decode()
    assert "委员会任期将在90天内届满" in page
    assert "尚未考勤" not in page  # the secretary takes attendance, not the chair
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("home")).content.decode()
    client.force_login(world.officers[Role.Kind.TREASURER])
    page = client.get(reverse("home")).content.decode()
    assert "在册会员未登记缴费工资基数" in page
    client.force_login(world.officers[Role.Kind.SECRETARY])
    page = client.get(reverse("home")).content.decode()
    if TODAY() > date(TODAY().year, 1, 1):
        assert Activity.objects.count() == 21 and "尚未考勤" in page


def test_each_new_officer_sees_their_own_first_steps(client):
    start()
    union = Union.objects.get()
    for kind, shown, hidden in (
        (Role.Kind.TREASURER, "设立资金账户", "登记会员名册"),
        (Role.Kind.SECRETARY, "登记会员名册", "设立资金账户"),
    ):
        client.force_login(RoleFactory(union=union, kind=kind).user)
        page = client.get(reverse("home")).content.decode()
        assert shown in page and hidden not in page and "任命工会干事和会计" not in page


def test_make_run_on_an_empty_database_says_how_to_start_a_union():
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "No union in the database yet" in out.getvalue()
    assert "manage.py start_union" in out.getvalue()
    start()
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "demo logins" not in out.getvalue() and "start_union" in out.getvalue()


def test_the_role_switcher_offers_only_roles_held_today(client, world):
    user = world.officers[Role.Kind.SECRETARY]
    ended = RoleFactory(user=user, union=world.union_b, start=date(2020, 1, 1), end=date(2025, 1, 1))
    client.force_login(user)
    assert ended.pk not in [role.pk for role in client.get(reverse("home")).wsgi_request.roles]
    assert client.post(reverse("switch_role"), {"role": ended.pk}).status_code == 404


def test_the_profile_page_shows_every_field_of_its_form(client, world):
    from unionhub.forms import ProfileForm

    client.force_login(world.officers[Role.Kind.CHAIR])
    page = client.get(reverse("organisation:profile", kwargs={"union_id": world.union_a.pk})).content.decode()
    for name in ProfileForm.base_fields:
        assert f'name="{name}"' in page, name


# Who may reset whom ----------------------------------------------------------------------------------


def _target(world, case: str):
    """A person holding an office in union A, with something else about them that `case` names."""
    tomorrow = TODAY() + timedelta(days=1)
    role = RoleFactory(union=world.union_a, kind=Role.Kind.SECRETARY, user__username=f"target-{case}")
    user = role.user
    if case == "superuser":
        user.is_superuser = True
    elif case == "staff":
        user.is_staff = True
    elif case == "office-above":
        RoleFactory(union=world.system, kind=Role.Kind.AUDITOR, user=user)
    elif case == "office-beside":
        RoleFactory(union=world.union_b, kind=Role.Kind.TREASURER, user=user)
    elif case == "office-above-from-tomorrow":
        RoleFactory(union=world.system, kind=Role.Kind.CHAIR, user=user, start=tomorrow)
    elif case == "office-above-ended":
        RoleFactory(
            union=world.system, kind=Role.Kind.AUDITOR, user=user, start=date(2020, 1, 1), end=TODAY()
        )
    elif case == "office-below":
        RoleFactory(union=world.group_a, kind=Role.Kind.CHAIR, user=user)
    user.save()
    return role


# (case, may the chair of union A act, may the system chair act)
WHO_MAY_RESET = [
    ("plain", True, True),
    ("office-below", True, True),
    ("office-above-ended", True, True),
    ("superuser", False, False),
    ("staff", False, False),
    ("office-above", False, True),
    ("office-beside", False, True),
    ("office-above-from-tomorrow", False, True),
]


@pytest.mark.parametrize(("case", "base_chair_may", "system_chair_may"), WHO_MAY_RESET)
def test_who_may_reset_a_password_and_end_an_office(client, world, case, base_chair_may, system_chair_may):
    """Every resetter (the chairs of a base and of the system union) against every kind of person."""
    role = _target(world, case)
    for chair, may in (
        (world.officers[Role.Kind.CHAIR], base_chair_may),
        (world.system_chair, system_chair_may),
    ):
        client.force_login(chair)
        before = role.user.password
        page = client.post(
            reverse("organisation:password_reset", kwargs={"role_id": role.pk}), follow=True
        ).content.decode()
        role.user.refresh_from_db()
        assert (role.user.password != before) is may, (case, chair.username)
        if not may:
            assert "请由" in page
        ended = client.post(
            reverse("organisation:role_end", kwargs={"role_id": role.pk}), {"end": TODAY().isoformat()}
        )
        role.refresh_from_db()
        assert (role.end is not None) is may, (case, chair.username)
        if may:
            assert ended.status_code == 302
            Role.objects.filter(pk=role.pk).update(end=None)


@pytest.mark.parametrize("kind", [k for k in Role.Kind.values if k != Role.Kind.CHAIR])
def test_officers_other_than_the_chair_reset_nobody(client, world, kind):
    role = _target(world, "plain")
    client.force_login(world.officers[kind])
    for name in ("password_reset", "role_end"):
        url = reverse(f"organisation:{name}", kwargs={"role_id": role.pk})
        assert client.post(url, {"end": TODAY().isoformat()}).status_code == 403, name
