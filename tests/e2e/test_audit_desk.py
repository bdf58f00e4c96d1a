"""The audit committee's year in the browser: the auditor draws a sample and marks vouchers reviewed,
raises a query that the treasurer answers with a reversal, closes it, and signs off the yearly
review report, which then downloads as PDF and Word — under the CSP."""

import io
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from finances import services
from finances.models import AuditQuery, MonthClose, ReviewSample, StatementSignOff, Voucher, VoucherReview
from reports.models import AuditReport
from tests.finances.factories import FundFactory, category
from unionhub.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_auditor_reviews_queries_and_signs_off_the_year(
    world, live_server, page, login, csp_violations, tmp_path
):
    union = world.union_a
    treasurer, auditor = world.officers[Role.Kind.TREASURER], world.officers[Role.Kind.AUDITOR]
    year = date.today().year
    fund = FundFactory(union=union, name="工会经费")
    common = {"union": union, "by": treasurer, "fund": fund}
    services.post_voucher(
        **common,
        date=date(year, 1, 10),
        category=category("行政补助收入"),
        amount=Decimal("30000"),
        summary="行政补助",
    )
    sports = category("文体活动", parent="职工活动支出")
    for month, amount in ((2, "300"), (3, "450"), (4, "9800"), (5, "260"), (6, "310")):
        services.post_voucher(
            **common,
            date=date(year, month, 5),
            category=sports,
            amount=Decimal(amount),
            summary=f"{month}月文体活动",
        )
    gift = services.post_voucher(
        **common,
        date=date(year, 9, 20),
        category=category("其他活动", parent="职工活动支出"),
        amount=Decimal("1200"),
        summary="中秋购物卡",
        benefit="cash",
        confirm_warnings=True,
    )
    base = live_server.url

    # 1. The auditor draws half of the year's vouchers with a seed of her choosing.
    login(auditor.username)
    expect(page.get_by_role("heading", name="凭证审查")).to_be_visible()  # on her home page
    page.goto(f"{base}/finances/review/")
    page.get_by_label("抽查比例（%）").fill("50")
    page.get_by_label("随机种子").fill("2026")
    page.get_by_role("button", name="抽取").click()
    sample = ReviewSample.objects.get()
    drawn = sample.vouchers.count()
    assert (sample.seed, sample.population, drawn) == (2026, 7, 4)
    expect(page.locator("#sample-progress")).to_contain_text(f"已审 0 / {drawn}")
    # The large amount and the warned gift weigh most in the draw.
    big = Voucher.objects.get(amount=Decimal("9800"))
    assert {big.pk, gift.pk} <= set(sample.vouchers.values_list("pk", flat=True))

    # 2. She marks two of them reviewed, one with a remark.
    row = page.locator(f"#sample-voucher-{big.pk}")
    row.get_by_placeholder("审查意见（可不填）").fill("大额支出，附件齐全")
    row.get_by_role("button", name="标记已审").click()
    expect(page.locator(f"#sample-voucher-{big.pk}")).to_contain_text("大额支出，附件齐全")
    page.locator("#sample-vouchers").get_by_role("button", name="标记已审").first.click()
    expect(page.locator("#sample-progress")).to_contain_text(f"已审 2 / {drawn}")
    assert VoucherReview.objects.filter(reviewed_by=auditor, sample=sample).count() == 2

    # 3. The gift broke the rules: she asks about it from its voucher.
    page.goto(f"{base}/finances/vouchers/{gift.pk}/")
    expect(page.get_by_role("link", name="红字冲销")).to_have_count(0)  # she never writes the books
    page.get_by_role("link", name="提出询问").click()
    page.get_by_label("询问内容").fill("以购物卡发放节日慰问违反规定，请说明并纠正。")
    page.get_by_role("button", name="提出询问").click()
    expect(page.locator("#query-status")).to_have_text("待答复")
    expect(page.get_by_role("button", name="关闭询问")).to_be_visible()

    # 4. The treasurer finds it on her home page and answers by reversing the voucher.
    page.context.clear_cookies()
    login(treasurer.username)
    page.locator("#worklist").get_by_role("link", name="经费审查询问待答复").click()
    page.locator("#query-table").get_by_role("link", name=f"凭证{gift}").click()
    expect(page.get_by_role("button", name="关闭询问")).to_have_count(0)  # only an auditor closes
    page.get_by_role("link", name="答复", exact=True).click()
    page.locator("#id_answer").fill("购物卡已收回，红字冲销。")
    page.get_by_label("同时红字冲销所询问的凭证（以答复为冲销原因）").check()
    page.get_by_role("button", name="提交答复").click()
    expect(page.locator("#query-status")).to_have_text("已答复")
    reversal = Voucher.objects.get(reverses=gift)
    expect(page.locator("#query-answer")).to_contain_text(str(reversal))

    # 5. The auditor reads the answer and closes the query.
    page.context.clear_cookies()
    login(auditor.username)
    page.locator("#worklist").get_by_role("link", name="经费审查询问已答复，待审阅关闭").click()
    page.locator("#query-table").get_by_role("link", name=f"凭证{gift}").click()
    page.get_by_label("关闭意见").fill("已核实冲销凭证。")
    page.get_by_role("button", name="关闭询问").click()
    expect(page.locator("#query-status")).to_have_text("已关闭")
    assert AuditQuery.objects.get().closed_by == auditor

    # The treasurer has closed every month of the year (结账): only then may the committee sign.
    for month in range(1, 13):
        MonthClose.objects.create(union=union, year=year, month=month, closed_by=treasurer)

    # 6. The yearly review report: drafted from the records, her opinion written, signed off.
    page.goto(f"{base}/reports/review/")
    page.get_by_role("button", name="打开报告").click()
    article = page.locator("#review-document")
    expect(article).to_contain_text(f"{union.name}经费审查委员会关于{year}年度经费审查情况的报告")
    expect(article).to_contain_text("本年度收入合计30,000.00元")
    expect(article).to_contain_text("本年度支出合计11,120.00元")  # the gift and its reversal net to nothing
    expect(article).to_contain_text("共提出询问1项，已关闭1项")
    expect(article).to_contain_text(f"已以{reversal}凭证红字冲销")
    expect(article).to_contain_text("经审查标记已审2张，占25%")
    page.locator("#section-opinion").get_by_role("link", name="修改这一部分").click()
    page.get_by_label("正文").fill("本年度经费收支账目清楚，手续基本完备。\n建议严格执行会员福利发放标准。")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#section-opinion")).to_contain_text("建议严格执行会员福利发放标准。")
    page.get_by_label("落款日期").fill(f"{year}-12-30")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="签发").click()
    expect(page.locator("#report-status")).to_have_text("已签发")
    expect(page.get_by_role("link", name="修改这一部分")).to_have_count(0)
    assert AuditReport.objects.get().is_final
    assert StatementSignOff.objects.get(union=union, year=year).signed_by == auditor

    # 7. It downloads as PDF and as Word.
    with page.expect_download() as download:
        page.locator("#download-pdf").click()
    pdf = Path(tmp_path / "report.pdf")
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["/usr/bin/pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "建议严格执行会员福利发放标准" in text.replace("\n", "")
    with page.expect_download() as download:
        page.locator("#download-docx").click()
    from docx import Document

    word = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    paragraphs = [p.text for p in word.paragraphs if p.text]
    assert paragraphs[0] == f"{union.name}经费审查委员会关于{year}年度经费审查情况的报告"
    assert "建议严格执行会员福利发放标准。" in paragraphs and "二〇" in paragraphs[-1]

    # 8. The year's statement now carries the committee's signature.
    page.goto(f"{base}/finances/statements/income/?year={year}")
    expect(page.locator("#statement-signoff")).to_contain_text(f"经费审查委员会已审查{year}年度报表")
    assert csp_violations == []
