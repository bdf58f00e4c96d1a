"""The chair's year end: open the summary, edit next year's plan, finalise, see it frozen, get the PDF."""

import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from activities.models import ChronicleEntry
from finances.services import post_voucher
from tests.finances.factories import FundFactory, category
from tests.members.factories import MemberFactory
from unionhub.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_chair_edits_finalises_and_downloads_the_summary(
    world, live_server, page, login, csp_violations, tmp_path
):
    year = date.today().year
    for _ in range(3):
        MemberFactory(union=world.union_a, join_date=date(year - 3, 3, 1))
    ChronicleEntry.objects.create(
        union=world.union_a,
        date=date(year, 3, 2),
        section="organisation",
        text="召开工会委员会议，制定工会工作制度",
    )
    fund = FundFactory(union=world.union_a, name="工会经费")
    treasurer = world.officers[Role.Kind.TREASURER]
    post_voucher(
        union=world.union_a,
        by=treasurer,
        date=date(year, 1, 15),
        fund=fund,
        category=category("会费收入"),
        amount=Decimal("1234.50"),
        summary="一月会费",
    )

    login(world.officers[Role.Kind.CHAIR].username)
    page.get_by_role("link", name="年度总结").click()
    page.get_by_role("button", name="打开总结").click()
    expect(page.get_by_role("heading", name=f"甲单位工会{year}年度工会工作总结")).to_be_visible()
    expect(page.locator("article")).to_contain_text("共有会员3名")
    expect(page.locator("article")).to_contain_text("总收入1234.5元")
    expect(page.locator("article a.figure", has_text="3名").first).to_have_attribute(
        "href", f"/members/?union={world.union_a.pk}"
    )

    page.get_by_role("link", name="填写“下年度工作安排”").click()
    page.get_by_label("正文").fill("一是继续开展职工技能比武。\n二是办好职工书屋。")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#section-plan")).to_contain_text("二是办好职工书屋。")

    page.get_by_label("落款日期").fill(f"{year}-12-30")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="定稿").click()
    expect(page.locator("#summary-status")).to_have_text("已定稿")

    # A voucher posted after finalising changes the records, not the finalised text.
    post_voucher(
        union=world.union_a,
        by=treasurer,
        date=date(year, 2, 15),
        fund=fund,
        category=category("会费收入"),
        amount=Decimal("100.00"),
        summary="二月会费",
    )
    page.reload()
    expect(page.locator("#records-changed")).to_be_visible()
    expect(page.locator("article")).to_contain_text("总收入1234.5元")
    expect(page.locator("article")).to_contain_text("二〇")
    expect(page.get_by_role("link", name="修改这一部分")).to_have_count(0)

    with page.expect_download() as download:
        page.get_by_role("link", name="下载PDF").click()
    pdf = tmp_path / "summary.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert f"甲单位工会{year}年度工会工作总结" in text.replace("\n", "")
    assert "二是办好职工书屋。" in text
    assert Path(pdf).stat().st_size > 1000
    assert csp_violations == []
