import pytest
from playwright.sync_api import expect

from tests.factories import UnionFactory
from unionhub import fields

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_union_further_down_is_found_by_typing_its_name(world, live_server, page, login, monkeypatch):
    """A federation's picker lists the unions nearest the top; typing part of a name in its search box
    offers the others, and choosing one filters the register by it."""
    monkeypatch.setattr(fields, "PICKER_UNIONS", 2)
    hidden = UnionFactory(name="丙单位机修车间工会", parent=world.union_b)
    login(world.system_chair.username)
    page.goto(f"{live_server.url}/members/")
    picker = page.locator("select[name=union]")
    expect(picker.locator("option", has_text="丙单位机修车间工会")).to_have_count(0)
    page.get_by_placeholder("输入名称查找工会").first.fill("机修")
    expect(picker.locator("option", has_text="丙单位机修车间工会")).to_have_count(1)
    picker.select_option(str(hidden.pk))
    page.get_by_role("button", name="查询").first.click()
    page.wait_for_url(f"**union={hidden.pk}*")
    expect(page.locator("select[name=union]")).to_have_value(str(hidden.pk))
