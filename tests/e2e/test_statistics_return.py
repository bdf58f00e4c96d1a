"""The chair's statistics return: the counted lines, the typed ones filled and kept, signed, as xlsx."""

from datetime import date

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from members.models import Member
from tests.members.factories import MemberFactory
from unionhub.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_chair_fills_the_typed_lines_signs_and_downloads_the_return(
    world, live_server, page, login, csp_violations, tmp_path
):
    MemberFactory(union=world.union_a, sex=Member.Sex.FEMALE, join_date=date(2024, 3, 1))
    MemberFactory(
        union=world.union_a, employment_type=Member.EmploymentType.MIGRANT, join_date=date(2024, 3, 1)
    )

    login(world.officers[Role.Kind.CHAIR].username)
    page.get_by_role("link", name="统计年报").click()
    page.get_by_label("统计时点").fill("2025-12-31")
    page.get_by_role("button", name="查询").click()
    expect(page.locator('[data-line="members"]')).to_contain_text("2")
    expect(page.locator('[data-line="women_members"] a')).to_have_text("1")

    page.get_by_label("职工人数", exact=True).fill("58")
    page.get_by_label("专职工会工作人员").fill("1")
    page.get_by_role("button", name="保存填报").click()
    expect(page.locator('[data-line="workers"]')).to_contain_text("填报（")
    expect(page.get_by_label("职工人数", exact=True)).to_have_value("58")

    page.get_by_role("button", name="主席签字").click()
    expect(page.locator("#signed")).to_be_visible()
    expect(page.get_by_label("职工人数", exact=True)).to_have_count(0)
    expect(page.locator('[data-line="workers"]')).to_contain_text("58")

    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    path = tmp_path / "return.xlsx"
    download.value.save_as(path)
    rows = {row[1]: row[2] for row in load_workbook(path).active.iter_rows(values_only=True) if len(row) > 2}
    assert rows["会员人数"] == 2 and rows["女会员人数"] == 1 and rows["农民工会员人数"] == 1
    assert rows["职工人数"] == 58
    assert csp_violations == []
