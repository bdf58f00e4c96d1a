"""The register's pages: they work, hide other unions' records, mask for roles that may not see, stay flat."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from members.idcard import make_resident_id
from members.models import HardshipCase, Member, MemberEvent, PersonalDataAccess
from tests.members.factories import HardshipCaseFactory, MemberFactory

pytestmark = pytest.mark.django_db
LIST = reverse("members:member_list")


def login(client, world, kind="secretary"):
    client.force_login(world.officers[kind])
    return client


# The roll ---------------------------------------------------------------------------------------


def test_the_roll_shows_the_subtree_and_masks_for_roles_that_may_not_see(client, world):
    zhang = MemberFactory(union=world.group_a, name="张三丰", mobile="13812345678", card_number="A-0001")
    MemberFactory(union=world.union_b, name="乙会员")
    page = login(client, world).get(LIST).content.decode()
    assert "张三丰" in page and zhang.id_number in page and "13812345678" in page
    assert "乙会员" not in page
    page = login(client, world, "treasurer").get(LIST).content.decode()
    assert "张三丰" in page
    assert zhang.id_number not in page and zhang.masked_id_number in page
    assert "13812345678" not in page and "138****5678" in page


@pytest.mark.parametrize("query", ["zsf", "张三", "A-0001", "a-0001"])
def test_search_by_name_initials_and_card_number(client, world, query):
    MemberFactory(union=world.union_a, name="张三丰", card_number="A-0001")
    MemberFactory(union=world.union_a, name="李四", card_number="B-0002")
    page = login(client, world).get(LIST, {"q": query}).content.decode()
    assert "张三丰" in page and "李四" not in page


def test_search_by_id_tail_only_for_roles_that_see_id_numbers(client, world):
    member = MemberFactory(union=world.union_a, name="张三丰")
    MemberFactory(union=world.union_a, name="李四")
    tail = member.id_number[-6:]
    assert "张三丰" in login(client, world).get(LIST, {"q": tail}).content.decode()
    assert "张三丰" not in login(client, world, "treasurer").get(LIST, {"q": tail}).content.decode()


def test_filters_and_sort(client, world):
    MemberFactory(union=world.union_a, name="甲女", sex="F", join_date=date(2020, 5, 1), employer="甲厂")
    MemberFactory(
        union=world.group_a,
        name="甲农民工",
        employment_type=Member.EmploymentType.MIGRANT,
        join_date=date(2024, 5, 1),
        employer="乙厂",
    )
    left = MemberFactory(union=world.union_a, name="已退会者", join_date=date(2010, 1, 1))
    from members import services

    services.leave(member=left, by=None, date=date(2021, 1, 1))
    client = login(client, world)

    def names(**params):
        response = client.get(LIST, params)
        return [member.name for member in response.context["page"]]

    assert names() == ["甲农民工", "甲女"]  # current members only, by full pinyin: jianong… < jianv
    assert names(status="all") == ["甲农民工", "甲女", "已退会者"]
    assert names(status="left") == ["已退会者"]
    assert names(sex="F") == ["甲女"]
    assert names(employment_type="migrant") == ["甲农民工"]
    assert names(union=world.group_a.pk) == ["甲农民工"]
    assert names(unit="甲厂") == ["甲女"]
    assert names(unit="厂") == ["甲农民工", "甲女"]  # typed: part of the name is enough
    type(world.union_a).objects.filter(pk=world.union_a.pk).update(employer="甲市公交公司")
    page = client.get(LIST).content.decode()
    assert 'list="id_unit-suggestions"' in page and '<option value="甲市公交公司">' in page
    assert names(join_year=2024) == ["甲农民工"]
    assert names(sort="join_date") == ["甲女", "甲农民工"]
    assert names(sort="-join_date") == ["甲农民工", "甲女"]
    assert names(union=world.union_b.pk) == ["甲农民工", "甲女"], "a union out of reach is no filter"


def test_the_roll_paginates_and_its_query_count_stays_flat(client, world, django_assert_max_num_queries):
    client = login(client, world)
    MemberFactory.create_batch(3, union=world.union_a)
    with django_assert_max_num_queries(12) as few:
        client.get(LIST, {"q": "hy"})
    baseline = len(few.captured_queries)
    MemberFactory.create_batch(60, union=world.group_a)
    with django_assert_max_num_queries(baseline):
        response = client.get(LIST, {"q": "hy"})
    with django_assert_max_num_queries(baseline):
        response = client.get(LIST)
    assert len(response.context["page"]) == 50
    assert response.context["page"].paginator.count == 63


# Export -----------------------------------------------------------------------------------------


def export_rows(response) -> list[tuple]:
    sheet = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    return list(sheet.iter_rows(values_only=True))


def test_export_is_masked_filtered_and_safe(client, world):
    evil = MemberFactory(union=world.union_a, name='=HYPERLINK("http://x","点我")', mobile="13812345678")
    MemberFactory(union=world.union_a, name="女会员", sex="F", birth_date=date(1980, 1, 2))
    response = login(client, world).get(reverse("members:member_export"), {"sex": "M"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    title, header, row = export_rows(response)
    assert title[0] == "甲单位工会　会员名册"
    assert header[:6] == ("姓名", "性别", "出生日期", "民族", "证件类型", "身份证号码")
    assert row[0] == "'" + evil.name
    assert row[header.index("身份证号码")] == evil.masked_id_number
    assert row[header.index("手机号码")] == "138****5678"
    assert not PersonalDataAccess.objects.exists()


def test_an_unmasked_export_needs_a_purpose_and_is_logged(client, world):
    member = MemberFactory(union=world.union_a)
    url = reverse("members:member_export") + "?sex=M"
    client = login(client, world)
    response = client.post(url, {"purpose": ""})
    assert response.status_code == 302 and not PersonalDataAccess.objects.exists()
    response = client.post(url, {"purpose": "报送市总工会会员实名制数据"})
    assert export_rows(response)[2][5] == member.id_number
    entry = PersonalDataAccess.objects.get()
    assert (entry.user, entry.union, entry.row_count) == (world.officers["secretary"], world.union_a, 1)
    assert "性别：男" in entry.filters and entry.purpose == "报送市总工会会员实名制数据"
    assert login(client, world, "treasurer").post(url, {"purpose": "看看"}).status_code == 403

    page = login(client, world, "auditor").get(reverse("members:access_log")).content.decode()
    assert "报送市总工会会员实名制数据" in page
    client.force_login(world.outsider)
    assert login(client, world, "chair").get(reverse("members:access_log")).status_code == 200


# One member --------------------------------------------------------------------------------------


def test_the_member_page_shows_the_history_and_the_actions_the_status_allows(client, world):
    member = MemberFactory(union=world.union_a, name="王建国")
    page = login(client, world).get(reverse("members:member_detail", args=[member.pk])).content.decode()
    assert "会籍变动记录" in page and "入会" in page
    assert reverse("members:member_change", args=[member.pk, "retain"]) in page
    assert reverse("members:member_change", args=[member.pk, "restore"]) not in page
    assert reverse("members:hardship_create", args=[member.pk]) in page
    page = (
        login(client, world, "treasurer")
        .get(reverse("members:member_detail", args=[member.pk]))
        .content.decode()
    )
    assert "困难职工档案" not in page and "会籍办理" not in page
    assert member.masked_id_number in page


def test_registering_a_member(client, world):
    number = make_resident_id(region="330402", birth_date=date(1990, 8, 8), sequence=21)
    data = {
        "how": "join",
        "union": world.group_a.pk,
        "date": "2024-03-01",
        "name": " 张三丰 ",
        "id_type": "ric",
        "id_number": number.lower(),
        "ethnicity": "汉族",
        "employment_type": "contract",
    }
    response = login(client, world).post(reverse("members:member_create"), data)
    member = Member.objects.get()
    assert response.status_code == 302
    assert (member.name, member.sex, member.birth_date, member.union) == (
        "张三丰",
        "M",
        date(1990, 8, 8),
        world.group_a,
    )
    assert member.events.get().recorded_by == world.officers["secretary"]

    response = client.post(reverse("members:member_create"), data)
    assert "该证件号码已登记为会员“张三丰”" in response.content.decode()
    bad = {**data, "id_number": number[:-1] + ("1" if number[-1] != "1" else "2"), "sex": "F"}
    page = client.post(reverse("members:member_create"), bad).content.decode()
    assert "校验位不正确" in page
    contradicts = {
        **data,
        "id_number": make_resident_id(region="330402", birth_date=date(1990, 8, 8), sequence=23),
        "sex": "F",
    }
    assert (
        "性别与身份证号码不符" in client.post(reverse("members:member_create"), contradicts).content.decode()
    )
    assert Member.objects.count() == 1


def test_registering_a_member_from_outside_the_system(client, world):
    number = make_resident_id(region="330402", birth_date=date(1986, 4, 17), sequence=33)
    data = {
        "how": "transfer_in",
        "union": world.union_a.pk,
        "date": "2024-06-01",
        "original_join_date": "2009-05-01",
        "from_union_name": "",
        "name": "钱志刚",
        "id_type": "ric",
        "id_number": number,
        "employment_type": "contract",
    }
    client = login(client, world)
    assert "请填写原所在工会" in client.post(reverse("members:member_create"), data).content.decode()
    client.post(reverse("members:member_create"), {**data, "from_union_name": "市公交集团工会"})
    member = Member.objects.get()
    assert member.join_date == date(2009, 5, 1)
    assert member.events.get().kind == MemberEvent.Kind.TRANSFERRED_IN


def test_editing_details_cannot_move_or_change_the_status(client, world):
    member = MemberFactory(union=world.union_a, name="王芳", sex="F", birth_date=date(1980, 1, 2))
    data = {
        "name": "王芳",
        "sex": "F",
        "id_type": "ric",
        "id_number": member.id_number,
        "mobile": "139 0000 1111",
        "employment_type": "contract",
        "union": world.union_b.pk,
        "status": "left",
    }
    response = login(client, world).post(reverse("members:member_edit", args=[member.pk]), data)
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.mobile, member.union, member.status) == ("13900001111", world.union_a, "active")


def test_status_changes_through_the_pages(client, world):
    member = MemberFactory(union=world.union_a, join_date=date(2010, 1, 1))
    client = login(client, world)
    url = reverse("members:member_change", args=[member.pk, "remove"])
    assert "这个字段是必填项" in client.post(url, {"date": "2024-01-01", "reason": ""}).content.decode()
    client.post(
        reverse("members:member_change", args=[member.pk, "retain"]), {"date": "2024-01-01", "reason": "退休"}
    )
    member.refresh_from_db()
    assert member.status == "retained"
    page = client.post(
        reverse("members:member_change", args=[member.pk, "retain"]), {"date": "2024-02-01", "reason": "x"}
    )
    assert "不能办理" in page.content.decode()
    assert client.get(reverse("members:member_change", args=[member.pk, "explode"])).status_code == 404
    client.post(reverse("members:member_change", args=[member.pk, "leave"]), {"date": "2024-03-01"})
    client.post(reverse("members:member_change", args=[member.pk, "rejoin"]), {"date": "2024-05-01"})
    member.refresh_from_db()
    assert member.status == "active"
    assert member.events.count() == 4


def test_transfer_to_a_sibling_union_moves_the_member_out_of_reach(client, world):
    member = MemberFactory(union=world.union_a, name="调动人")
    client = login(client, world)
    page = client.get(reverse("members:member_transfer", args=[member.pk])).content.decode()
    assert world.union_b.name in page, "a transfer may go anywhere in the system"
    response = client.post(
        reverse("members:member_transfer", args=[member.pk]),
        {"where": "inside", "to_union": world.union_b.pk, "date": "2024-06-30", "reason": "工作调动"},
    )
    assert response.status_code == 302 and response["Location"] == LIST
    member.refresh_from_db()
    assert member.union == world.union_b
    assert client.get(reverse("members:member_detail", args=[member.pk])).status_code == 404
    client.force_login(world.outsider)
    assert client.get(reverse("members:member_detail", args=[member.pk])).status_code == 200


def test_transfer_out_of_the_system(client, world):
    member = MemberFactory(union=world.union_a)
    client = login(client, world)
    url = reverse("members:member_transfer", args=[member.pk])
    assert (
        "请填写系统外工会的名称"
        in client.post(url, {"where": "outside", "date": "2024-06-30"}).content.decode()
    )
    response = client.post(
        url, {"where": "outside", "to_union_name": "外市港务集团工会", "date": "2024-06-30"}
    )
    assert response["Location"] == reverse("members:member_detail", args=[member.pk])
    member.refresh_from_db()
    assert member.status == "transferred_out"


def test_the_member_page_query_count_does_not_grow_with_its_history(
    client, world, django_assert_max_num_queries
):
    from members import services

    client = login(client, world)
    fresh = MemberFactory(union=world.union_a)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("members:member_detail", args=[fresh.pk]))
    baseline = len(few.captured_queries)
    member = MemberFactory(union=world.union_a)
    HardshipCaseFactory(member=member)
    for offset in range(5):
        day = date(2020, 1, 1) + timedelta(days=offset * 60)
        services.retain(member=member, by=world.officers["secretary"], date=day, reason="退休")
        services.restore(member=member, by=world.officers["secretary"], date=day + timedelta(days=30))
    with django_assert_max_num_queries(baseline):
        client.get(reverse("members:member_detail", args=[member.pk]))


# Hardship files ---------------------------------------------------------------------------------


def case_data(**overrides):
    data = {
        "level": "deep",
        "opened_on": "2024-03-01",
        "household_size": "4",
        "household_income": "2650",
        "health": "尿毒症",
        "housing": "租房",
        "main_cause": "illness",
        "secondary_causes": ["schooling", "low_income"],
        "situation": "透析费用高",
        "need": "医疗救助",
        "notice_done": "on",
        "notice_date": "2024-03-08",
        "family-TOTAL_FORMS": "2",
        "family-INITIAL_FORMS": "0",
        "family-MIN_NUM_FORMS": "0",
        "family-MAX_NUM_FORMS": "1000",
        "family-0-name": "李秀芬",
        "family-0-relation": "妻子",
        "family-0-monthly_income": "0",
        "family-1-name": "",
        "family-1-relation": "",
        "family-1-monthly_income": "0",
    }
    data.update(overrides)
    return data


def test_filing_a_hardship_case_with_the_household(client, world):
    member = MemberFactory(union=world.union_a, name="困难户")
    client = login(client, world)
    url = reverse("members:hardship_create", args=[member.pk])
    assert f'value="{timezone.localdate().isoformat()}"' in client.get(url).content.decode(), (
        "filed today by default"
    )
    too_many = case_data(secondary_causes=["schooling", "low_income", "disaster", "accident"])
    assert "最多选三项" in client.post(url, too_many).content.decode()
    response = client.post(url, case_data(reviewed_by=world.officers["chair"].pk))
    case = HardshipCase.objects.get()
    assert response["Location"] == reverse("members:hardship_detail", args=[case.pk])
    assert (str(case.per_capita_income), case.filed_by, case.reviewed_by) == (
        "662.50",
        world.officers["secretary"],
        world.officers["chair"],
    )
    assert list(case.family.values_list("name", flat=True)) == ["李秀芬"]
    assert client.get(url).status_code == 302, "one open file per member: the page leads to it"

    person = case.family.get()
    edit = case_data(
        **{
            "family-TOTAL_FORMS": "1",
            "family-INITIAL_FORMS": "1",
            "family-0-id": str(person.pk),
            "family-0-case": str(case.pk),
            "family-0-DELETE": "on",
            "household_size": "3",
        }
    )
    client.post(reverse("members:hardship_edit", args=[case.pk]), edit)
    case.refresh_from_db()
    assert case.family.count() == 0 and str(case.per_capita_income) == "883.33"


def test_verifying_and_closing_a_case(client, world):
    case = HardshipCaseFactory(member__union=world.union_a, opened_on=date(2023, 3, 1))
    client = login(client, world)
    client.post(
        reverse("members:hardship_verify", args=[case.pk]),
        {"date": "2024-02-20", "level": "deep", "notes": "属实"},
    )
    case.refresh_from_db()
    assert (case.level, case.last_verified_on) == ("deep", date(2024, 2, 20))
    page = client.post(
        reverse("members:hardship_close", args=[case.pk]), {"date": "2024-12-01", "reason": ""}
    )
    assert page.status_code == 200
    client.post(
        reverse("members:hardship_close", args=[case.pk]), {"date": "2024-12-01", "reason": "子女工作了"}
    )
    case.refresh_from_db()
    assert case.closed_on == date(2024, 12, 1)
    detail = client.get(reverse("members:hardship_detail", args=[case.pk])).content.decode()
    assert "已解困" in detail and "属实" in detail


def test_the_due_list_shows_open_files_not_verified_for_a_year(client, world):
    today = timezone.localdate()
    due = HardshipCaseFactory(
        member__union=world.union_a, member__name="到期户", opened_on=today - timedelta(days=400)
    )
    HardshipCaseFactory(
        member__union=world.union_a,
        member__name="刚复核",
        opened_on=today - timedelta(days=800),
        last_verified_on=today - timedelta(days=30),
    )
    HardshipCaseFactory(
        member__union=world.union_a,
        member__name="已解困",
        opened_on=today - timedelta(days=800),
        closed_on=today - timedelta(days=5),
    )
    HardshipCaseFactory(
        member__union=world.group_a, member__name="快到期", opened_on=today - timedelta(days=350)
    )
    HardshipCaseFactory(
        member__union=world.union_b, member__name="乙到期", opened_on=today - timedelta(days=400)
    )
    response = login(client, world).get(reverse("members:hardship_due"))
    names = [case.member.name for case in response.context["page"]]
    assert names == ["到期户", "快到期"]
    assert due.verification_due_on < today


def test_hardship_lists_stay_flat_and_filter(client, world, django_assert_max_num_queries):
    client = login(client, world)
    HardshipCaseFactory.create_batch(2, member__union=world.union_a)
    url = reverse("members:hardship_list")
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    baseline = len(few.captured_queries)
    HardshipCaseFactory.create_batch(30, member__union=world.group_a, level="deep")
    HardshipCaseFactory(member__union=world.union_a, closed_on=date(2025, 1, 1))
    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert response.context["page"].paginator.count == 32
    assert client.get(url, {"level": "deep"}).context["page"].paginator.count == 30
    assert client.get(url, {"state": "closed"}).context["page"].paginator.count == 1
    HardshipCaseFactory(member__union=world.union_a, member__name="欧阳秀英")
    for query in ("阳秀", "oyxy", "ouyang"):  # the register's search: fragment, initials, pinyin
        assert [case.member.name for case in client.get(url, {"q": query}).context["page"]] == ["欧阳秀英"]
    with django_assert_max_num_queries(baseline):
        client.get(reverse("members:hardship_due"))


def test_hardship_files_are_narrower_than_the_register(client, world):
    case = HardshipCaseFactory(member__union=world.union_a)
    for kind in ("treasurer", "auditor"):
        assert (
            login(client, world, kind).get(reverse("members:hardship_detail", args=[case.pk])).status_code
            == 403
        )
    client.force_login(world.outsider)
    assert client.get(reverse("members:hardship_detail", args=[case.pk])).status_code == 404
    client.force_login(world.system_chair)
    assert client.get(reverse("members:hardship_detail", args=[case.pk])).status_code == 200
