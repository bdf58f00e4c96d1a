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
    expect(page.locator("article")).to_contain_text("收入合计1234.5元")
    expect(page.locator("article a.figure", has_text="3名").first).to_have_attribute(
        "href", f"/members/?union={world.union_a.pk}"
    )

    page.get_by_role("button", name="填写“下年度工作安排”").click()
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
    expect(page.locator("article")).to_contain_text("收入合计1234.5元")
    expect(page.locator("article")).to_contain_text("二〇")
    expect(page.get_by_role("link", name="修改标题和正文")).to_have_count(0)

    with page.expect_download() as download:
        page.get_by_role("link", name="下载PDF").click()
    pdf = tmp_path / "summary.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert f"甲单位工会{year}年度工会工作总结" in text.replace("\n", "")
    assert "二是办好职工书屋。" in text
    assert Path(pdf).stat().st_size > 1000
    assert csp_violations == []


# The first character of every line drawn in the summary's paragraphs.
LINE_STARTS = """() => {
  const starts = [];
  for (const p of document.querySelectorAll('.summary-section p')) {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    let top = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i); range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        if (top === null || rect.top > top + 4) {
          starts.push(node.data[i] + '|' + node.data.slice(Math.max(0, i - 8), i + 3));
          top = rect.top;
        }
      }
    }
  }
  return starts;
}"""


def test_chair_shapes_the_document_finalises_reopens_and_downloads_word_and_pdf(
    live_server, page, login, csp_violations, tmp_path
):
    from docx import Document as WordDocument

    from tests.reports.reference_year import transport_bureau

    bureau = transport_bureau(2026)
    login(bureau.chair.username)
    page.goto(f"{live_server.url}/reports/summary/{bureau.system.pk}/2026/")
    article = page.locator("article")
    expect(article).to_contain_text("58180元")
    # On screen: lines are not justified, and no line starts with a comma.
    expect(page.locator(".summary-section p").first).not_to_have_css("text-align", "justify")
    for width in (1280, 700, 420):
        page.set_viewport_size({"width": width, "height": 900})
        starts = page.evaluate(LINE_STARTS)
        assert starts and not [c for c in starts if c[0] in "，。、；：）”"], (
            width,
            [c for c in starts if c[0] in "，。、；：）”"],
        )
    page.set_viewport_size({"width": 1280, "height": 900})

    # Rename a heading.
    page.locator("#section-democracy").get_by_role("link", name="修改标题和正文").click()
    page.get_by_label("标题").fill("以“诚心”倾听职工建言，广泛吸纳员工智慧")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#section-democracy h2")).to_have_text("四、以“诚心”倾听职工建言，广泛吸纳员工智慧")

    # Add a section after the culture section, write it, then move it up one place.
    page.get_by_label("新部分的标题").fill("以“温馨”提升职工素质，巩固完善“创建”成果")
    page.get_by_label("放在").select_option(label="“丰富职工文体生活，增强队伍凝聚力”之后")
    page.get_by_role("button", name="增加", exact=True).click()
    page.get_by_label("正文").fill("开展“三文明”创建活动。三是评选文明班组。\n一是表彰先进。")
    page.get_by_role("button", name="保存").click()
    # A numbering slip is shown to the chair, and applied only when she accepts it.
    expect(page.locator("#numbering-slips")).to_be_visible()
    page.get_by_role("button", name="按建议理顺序号").click()
    expect(page.locator("#numbering-slips")).to_have_count(0)
    page.goto(f"{live_server.url}/reports/summary/{bureau.system.pk}/2026/")
    added = page.locator("section.summary-section", has_text="以“温馨”提升职工素质")
    expect(added.locator("h2")).to_have_text("六、以“温馨”提升职工素质，巩固完善“创建”成果")
    expect(added).to_contain_text("一是评选文明班组。")  # the chair's list numbered in order
    added.get_by_role("button", name="上移").click()
    expect(
        page.locator("section.summary-section", has_text="以“温馨”提升职工素质").locator("h2")
    ).to_have_text("五、以“温馨”提升职工素质，巩固完善“创建”成果")
    expect(page.locator("#section-culture h2")).to_have_text("六、丰富职工文体生活，增强队伍凝聚力")

    # Write the closing paragraph.
    page.locator("#section-closing").get_by_role("link", name="修改这一部分").click()
    page.get_by_label("正文").fill("总之，一年来我们认真维护职工的合法权益，取得了较好的成绩。")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#section-closing")).to_contain_text("取得了较好的成绩。")

    # The signature block: committee and date.
    page.get_by_label("落款单位").fill("交通局工会委员会")
    page.locator("#settings-form").get_by_label("落款日期").fill("2027-02-11")
    page.get_by_role("button", name="保存主题与落款").click()
    expect(page.locator("#summary-signature-name")).to_have_text("交通局工会委员会")
    expect(page.locator("#summary-signature-date")).to_have_text("二〇二七年二月十一日")

    # Finalise, then reopen: the first final text stays readable.
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#finalise-form").get_by_role("button", name="定稿").click()
    expect(page.locator("#summary-status")).to_have_text("已定稿")
    expect(page.locator("#summary-signature-date")).to_have_text("二〇二七年二月十一日")
    page.get_by_label("重新打开的原因").fill("补充年底走访数据")
    page.get_by_role("button", name="重新打开").click()
    expect(page.locator("#summary-status")).to_have_text("草稿")
    page.get_by_role("link", name="第1版").click()
    expect(page.locator("#version-note")).to_contain_text("补充年底走访数据")
    expect(page.locator("article")).to_contain_text("以“温馨”提升职工素质")
    page.get_by_role("link", name="返回当前总结").click()

    # Word and PDF.
    with page.expect_download() as download:
        page.get_by_role("link", name="下载Word").click()
    assert download.value.suggested_filename == "交通局系统工会2026年度工会工作总结.docx"
    word_path = tmp_path / "summary.docx"
    download.value.save_as(word_path)
    word_text = "\n".join(p.text for p in WordDocument(str(word_path)).paragraphs)
    assert "四、以“诚心”倾听职工建言，广泛吸纳员工智慧" in word_text
    assert "五、以“温馨”提升职工素质，巩固完善“创建”成果" in word_text
    assert "二〇二七年二月十一日" in word_text and "交通局工会委员会" in word_text
    with page.expect_download() as download:
        page.get_by_role("link", name="下载PDF").click()
    pdf = tmp_path / "summary.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = text.replace("\n", "")
    assert "交通局系统工会2026年度工会工作总结" in flat
    pages = text.count("\f")
    # Reopened, it is a draft again: every page carries the watermark (extracted rotated: 稿草).
    assert pages > 1 and flat.count("草稿") + flat.count("稿草") == pages
    assert csp_violations == []
