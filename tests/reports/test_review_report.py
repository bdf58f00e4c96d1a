"""The yearly review report (经费审查报告): drafted from the year's records, edited and signed off by
the auditor, frozen with the year, signing the year's statements; printed, PDF and Word."""

import datetime
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.urls import reverse

from finances import services
from finances.models import Fund, MonthClose, StatementSignOff
from reports import review
from reports.documents.pdf import cjk_font_available
from reports.models import AuditReport
from tests.finances.conftest import Books
from tests.finances.factories import FundFactory, category
from tests.members.factories import HardshipCaseFactory
from tests.refused import refused
from tests.reports.word_layout import assert_official_page_numbers, open_word
from unionhub.models import Role

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture
def year_of_books(world):
    """A year: income, spending over budget, a cash gift posted past the rule, aid from the
    restricted fund, a query answered by reversal, and one voucher in three reviewed."""
    union = world.union_a
    books = Books(
        union=union,
        treasurer=world.officers[Role.Kind.TREASURER],
        chair=world.officers[Role.Kind.CHAIR],
        auditor=world.officers[Role.Kind.AUDITOR],
        fund=FundFactory(union=union, name="工会经费", kind=Fund.Kind.UNION_FUND),
        hardship=FundFactory(union=union, name="帮困基金", kind=Fund.Kind.HARDSHIP, restricted=True),
    )
    post = services.post_voucher
    common = {"union": books.union, "by": books.treasurer, "fund": books.fund}
    post(
        **common,
        date=datetime.date(YEAR, 2, 1),
        category=category("行政补助收入"),
        amount=Decimal("20000"),
        summary="行政补助",
    )
    sports = category("文体活动", parent="职工活动支出")
    games = post(
        **common, date=datetime.date(YEAR, 3, 1), category=sports, amount=Decimal("6000"), summary="运动会"
    )
    gift = post(
        **common,
        date=datetime.date(YEAR, 9, 1),
        category=category("其他活动", parent="职工活动支出"),
        amount=Decimal("800"),
        summary="中秋购物卡",
        benefit="cash",
        confirm_warnings=True,
    )
    services.set_budget(
        union=books.union,
        by=books.treasurer,
        year=YEAR,
        amounts={category("行政补助收入"): Decimal("18000"), category("职工活动支出"): Decimal("5000")},
    )
    services.record_opening_balance(
        fund=books.hardship, by=books.treasurer, date=datetime.date(YEAR, 1, 1), amount=Decimal("10000")
    )
    case = HardshipCaseFactory(member__union=books.union)
    services.pay_aid(
        union=books.union,
        by=books.treasurer,
        member=case.member,
        case=case,
        kind="living",
        amount=Decimal("1500"),
        date=datetime.date(YEAR, 5, 1),
        fund=books.hardship,
    )
    query = services.raise_query(by=books.auditor, voucher=gift, question="发放购物卡违反规定，请说明。")
    services.answer_query(query=query, by=books.treasurer, answer="已收回购物卡，冲销。", reverse=True)
    services.close_query(query=query, by=books.auditor, remark="同意")
    services.mark_reviewed(voucher=games, by=books.auditor, remark="发票齐全")
    return books


def close_the_year(books, year=YEAR, but=()) -> None:
    """结账 of every month of the year (but those named), as the treasurer does month by month."""
    for month in range(1, 13):
        if month not in but:
            MonthClose.objects.create(union=books.union, year=year, month=month, closed_by=books.treasurer)


def post_late(books, day: datetime.date, amount: str) -> None:
    """An income posted after the year was closed: the chair reopens its month first (反结账)."""
    services.reopen_month(union=books.union, by=books.chair, year=day.year, month=day.month, reason="补记")
    services.post_voucher(
        union=books.union,
        by=books.treasurer,
        date=day,
        fund=books.fund,
        category=category("其他收入"),
        amount=Decimal(amount),
        summary="补记",
    )


def text_of(union, year=YEAR) -> str:
    report = review.get_report(union=union, year=year)
    return review.document_text(review.build_document(report=report))


def test_the_draft_states_the_years_records(year_of_books):
    text = text_of(year_of_books.union)
    assert "甲单位工会经费审查委员会关于2026年度经费审查情况的报告" in text
    assert "本年度收入合计20,000.00元" in text
    assert "本年度支出合计7,500.00元" in text  # 6000 + 1500 aid; the gift and its reversal net to nothing
    assert "收入预算18,000.00元，实际收入20,000.00元，完成预算的111.1%" in text
    assert "职工活动支出预算5,000.00元，实际6,000.00元" in text
    assert "帮困基金" in text and "年初余额10,000.00元" in text and "支出1,500.00元" in text
    assert "本年支出中：生活救助1,500.00元（1人、1笔）。" in text
    assert "本年度支付帮扶救助资金1,500.00元，帮扶1人（困难职工1人）、1人次。" in text
    assert "违反开支标准的提示、经确认后仍记账的共1笔" in text and "已以2026年第" in text
    assert "发放购物卡违反规定" in text and "已收回购物卡" in text and "（已关闭）" in text
    assert "经审查标记已审1张" in text and "发票齐全" in text
    assert "询问均已答复并关闭" in text


def test_edit_sign_off_freeze_and_the_statements_signed(year_of_books, client):
    books = year_of_books
    report = review.get_report(union=books.union, year=YEAR)
    review.save_edit(report=report, by=books.auditor, key="opinion", text="账目清楚。\n建议加强预算管理。")
    with pytest.raises(PermissionDenied):
        review.save_edit(report=report, by=books.treasurer, key="opinion", text="x")
    with pytest.raises(PermissionDenied):
        review.sign_off(report=report, by=books.chair)
    close_the_year(books)
    signed = review.sign_off(report=report, by=books.auditor, signed_on=datetime.date(YEAR + 1, 1, 15))
    assert signed.is_final and signed.finalised_by == books.auditor
    assert [s["paragraphs"] for s in signed.sections if s["key"] == "opinion"] == [
        ["账目清楚。", "建议加强预算管理。"]
    ]
    signoff = StatementSignOff.objects.get(union=books.union, year=YEAR)
    assert (signoff.signed_by, signoff.signed_on) == (books.auditor, datetime.date(YEAR + 1, 1, 15))
    with pytest.raises(ValidationError, match="已签发"):
        review.save_edit(report=signed, by=books.auditor, key="opinion", text="改")
    with refused(), transaction.atomic():
        connection.cursor().execute("UPDATE reports_auditreport SET edits = '{}' WHERE id = %s", [signed.pk])
    # Later changes to the books (December reopened by the chair) leave the signed report as it was,
    # with a notice.
    post_late(books, datetime.date(YEAR, 12, 1), "1")
    document = review.build_document(report=AuditReport.objects.get(pk=signed.pk))
    assert document.records_changed and "本年度收入合计20,000.00元" in review.document_text(document)
    # The committee's signature is on the year's printed statements.
    client.force_login(books.treasurer)
    page = client.get(
        reverse("finances:income_statement") + f"?union={books.union.pk}&year={YEAR}"
    ).content.decode()
    assert "经费审查委员会已审查2026年度报表" in page and str(books.auditor) in page
    # A treasurer may not touch the report.
    url = reverse("reports:review_report_edit", args=[books.union.pk, YEAR, "opinion"])
    assert client.post(url, {"text": "x"}).status_code == 403


def test_signing_is_refused_while_a_month_of_the_year_is_open(year_of_books):
    books = year_of_books
    report = review.get_report(union=books.union, year=YEAR)
    close_the_year(books, but=(11, 12))
    with pytest.raises(ValidationError, match="2026年11月、12月尚未结账，不能签署审查报告"):
        review.sign_off(report=report, by=books.auditor, signed_on=datetime.date(YEAR, 12, 7))
    report.refresh_from_db()
    assert not report.is_final and not StatementSignOff.objects.filter(union=books.union, year=YEAR).exists()
    close_the_year(books, but=range(1, 11))
    assert review.sign_off(report=report, by=books.auditor).is_final


def test_a_signed_report_compares_its_numbers_with_the_records_not_its_words(year_of_books, monkeypatch):
    books = year_of_books
    close_the_year(books)
    report = review.sign_off(report=review.get_report(union=books.union, year=YEAR), by=books.auditor)
    assert not review.build_document(report=report).records_changed
    # A fund's purpose worded anew, a resolution too (a translation refreshed): the same numbers. (A
    # fund with posted vouchers keeps its name: the database refuses to rename it.)
    Fund.objects.filter(pk=books.hardship.pk).update(purpose="救助系统内困难职工")
    monkeypatch.setattr(review, "_warning_resolution", lambda warning, query: ("Reversed", True))
    document = review.build_document(report=report)
    assert not document.records_changed and "帮困基金" in review.document_text(document)
    # A number moved: the report says so.
    post_late(books, datetime.date(YEAR, 5, 2), "10")
    assert review.build_document(report=report).records_changed


def test_the_word_file_is_an_official_document(year_of_books, client):
    books = year_of_books
    client.force_login(books.auditor)
    response = client.get(reverse("reports:review_report_docx", args=[books.union.pk, YEAR]))
    assert response.status_code == 200 and "wordprocessingml" in response["Content-Type"]
    docx = open_word(response.content)
    paragraphs = [p.text for p in docx.paragraphs if p.text]
    assert paragraphs[0] == "甲单位工会经费审查委员会关于2026年度经费审查情况的报告"
    assert "一、经费收支情况" in paragraphs
    assert paragraphs[-2:] == [
        "甲单位工会经费审查委员会",
        review.build_document(report=review.get_report(union=books.union, year=YEAR)).signed_on_chinese,
    ]
    section = docx.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert_official_page_numbers(docx)
    body = next(p for p in docx.paragraphs if p.text.startswith("本年度收入合计"))
    assert body.runs[0].font.size.pt == 16 and body.paragraph_format.first_line_indent.pt == 32


@pytest.mark.skipif(not cjk_font_available(), reason="fonts-wqy-zenhei is not installed")
def test_the_pdf_reads_in_chinese(year_of_books, client, tmp_path):
    books = year_of_books
    client.force_login(books.auditor)
    response = client.get(reverse("reports:review_report_pdf", args=[books.union.pk, YEAR]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["/usr/bin/pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "经费审查情况的报告" in text.replace("\n", "") and "20,000.00" in text
