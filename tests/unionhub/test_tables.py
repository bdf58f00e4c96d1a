"""Every list leaves the screen whole: its xlsx holds every row of its filter (not the page of 50),
and its print shows every row on a register with a title, the union, 序号 and 制表人 lines."""

import datetime
import io
import re
from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import Activity, Award, ChronicleEntry, Suggestion
from finances import services as finance_services
from finances.models import AidPayment, Fund, Voucher
from members.models import Member
from reports import audit_log
from tests.activities.factories import ActivityFactory, AwardFactory, ChronicleEntryFactory, SuggestionFactory
from tests.finances.factories import FundFactory, category
from tests.members.factories import HardshipCaseFactory, MemberFactory
from unionhub.models import Role

pytestmark = pytest.mark.django_db


def xlsx_rows(response) -> list[tuple]:
    """The numbered rows of an exported register (序号 in the first column)."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    sheet = book.worksheets[0]
    return [row for row in sheet.iter_rows(min_row=4, values_only=True) if row and isinstance(row[0], int)]


def printed_rows(response) -> list[str]:
    html = response.content.decode()
    body = html.split('<table class="register-table" id="register-table">')[1].split("</tbody>")[0]
    return re.findall(r'<tr><td class="register-number">(\d+)</td>', body)


def get(client, name, query, fmt, **kwargs):
    return client.get(reverse(name, kwargs=kwargs or None), {**query, "format": fmt})


def test_printing_a_roll_of_120_members_prints_120_rows(world, client):
    for n in range(120):
        MemberFactory(union=world.union_a, name=f"会员{n:03d}")
    MemberFactory(union=world.union_a, name="已退会员", status="left")
    MemberFactory(union=world.union_b, name="乙单位会员")
    client.force_login(world.officers[Role.Kind.SECRETARY])
    response = get(client, "members:member_list", {"status": "active"}, "print")
    assert response.status_code == 200
    numbers = printed_rows(response)
    assert numbers == [str(n) for n in range(1, 121)]
    html = response.content.decode()
    assert "会员名册" in html and "甲单位工会" in html and "序号" in html
    assert "制表人：" in html and "制表日期：" in html
    assert "乙单位会员" not in html and "已退会员" not in html
    assert "register-print-landscape.css" in html  # the roll's columns need the page across
    # ID numbers print masked.
    member = MemberFactory.build(union=world.union_a)
    assert member.masked_id_number != member.id_number


ACTIVITY_LISTS = [
    # (url name, how to make a row of A, a row the filter leaves out, the filter)
    (
        "activities:activity_list",
        lambda world, n: ActivityFactory(union=world.union_a, kind=Activity.Kind.SPORTS, title=f"球赛{n}"),
        lambda world: ActivityFactory(union=world.union_a, kind=Activity.Kind.STUDY),
        {"kind": "sports"},
    ),
    (
        "activities:award_list",
        lambda world, n: AwardFactory(union=world.union_a, level=Award.Level.CITY),
        lambda world: AwardFactory(union=world.union_a, level=Award.Level.PROVINCE),
        {"level": "city"},
    ),
    (
        "activities:suggestion_list",
        lambda world, n: SuggestionFactory(union=world.union_a, status=Suggestion.Status.COLLECTED),
        lambda world: SuggestionFactory(union=world.union_b),
        {"status": "collected"},
    ),
    (
        "activities:chronicle_list",
        lambda world, n: ChronicleEntryFactory(union=world.union_a, section=ChronicleEntry.Section.CULTURE),
        lambda world: ChronicleEntryFactory(union=world.union_a, section=ChronicleEntry.Section.FUNDS),
        {"section": "culture"},
    ),
]


@pytest.mark.parametrize(("name", "make", "other", "query"), ACTIVITY_LISTS, ids=lambda v: str(v)[:30])
def test_each_activities_list_exports_and_prints_every_row_of_its_filter(
    world, client, name, make, other, query
):
    for n in range(57):
        make(world, n)
    other(world)
    client.force_login(world.officers[Role.Kind.SECRETARY])
    assert len(xlsx_rows(get(client, name, query, "xlsx"))) == 57
    assert len(printed_rows(get(client, name, query, "print"))) == 57
    page = client.get(reverse(name), query).content.decode()
    assert "format=xlsx" in page and "format=print" in page


def test_hardship_files_export_every_row_and_the_export_is_logged(world, client):
    for _n in range(55):
        HardshipCaseFactory(member=MemberFactory(union=world.union_a))
    HardshipCaseFactory(member=MemberFactory(union=world.union_b))
    client.force_login(world.officers[Role.Kind.SECRETARY])
    rows = xlsx_rows(get(client, "members:hardship_list", {}, "xlsx"))
    assert len(rows) == 55
    assert rows[0][5] == Decimal("3000.00") or rows[0][5] == 3000  # money stays a number
    assert len(printed_rows(get(client, "members:hardship_list", {}, "print"))) == 55
    from members.models import PersonalDataAccess

    assert PersonalDataAccess.objects.filter(what__contains="困难职工档案台账").count() == 2


@pytest.fixture
def books(world):
    treasurer = world.officers[Role.Kind.TREASURER]
    fund = FundFactory(union=world.union_a, name="工会经费", kind=Fund.Kind.UNION_FUND)
    for n in range(53):
        finance_services.post_voucher(
            union=world.union_a,
            by=treasurer,
            date=datetime.date(2026, 3, 1 + n % 28),
            fund=fund,
            category=category("行政补助收入"),
            amount=Decimal("100.00") + n,
            summary=f'=HYPERLINK("x") 收入{n}' if n == 0 else f"收入{n}",
        )
    finance_services.post_voucher(
        union=world.union_a,
        by=treasurer,
        date=datetime.date(2026, 3, 2),
        fund=fund,
        category=category("文体活动", "职工活动支出"),
        amount=Decimal("50.00"),
        summary="支出",
    )
    return treasurer, fund


def test_vouchers_export_every_row_of_the_filter_with_money_as_numbers(world, client, books):
    client.force_login(world.officers[Role.Kind.TREASURER])
    query = {"year": 2026, "direction": "in"}
    rows = xlsx_rows(get(client, "finances:voucher_list", query, "xlsx"))
    assert len(rows) == 53 == Voucher.objects.filter(direction="in").count()
    income = [row[6] for row in rows]
    assert sum(income) == sum(Decimal("100.00") + n for n in range(53))
    assert any(str(row[3]).startswith("'=HYPERLINK") for row in rows), "a formula stays text"
    assert len(printed_rows(get(client, "finances:voucher_list", query, "print"))) == 53


def test_aid_and_arrears_export_every_row(world, client, books):
    treasurer, _fund = books
    hardship = FundFactory(union=world.union_a, name="帮困基金", kind=Fund.Kind.HARDSHIP, restricted=True)
    finance_services.record_opening_balance(
        fund=hardship, by=treasurer, date=datetime.date(2026, 1, 1), amount=Decimal("100000")
    )
    members = [MemberFactory(union=world.union_a, join_date=datetime.date(2020, 1, 1)) for _n in range(52)]
    for member in members:
        finance_services.pay_aid(
            union=world.union_a,
            by=treasurer,
            date=datetime.date(2026, 2, 1),
            fund=hardship,
            kind=AidPayment.Kind.LIVING,
            amount=Decimal("500"),
            member=member,
        )
    client.force_login(treasurer)
    assert len(xlsx_rows(get(client, "finances:aid_list", {"year": 2026}, "xlsx"))) == 52
    assert len(printed_rows(get(client, "finances:aid_list", {"year": 2026}, "print"))) == 52
    query = {"union": world.union_a.pk, "year": 2026, "month": 3}
    rows = xlsx_rows(get(client, "finances:arrears", query, "xlsx"))
    assert len(rows) == 52
    assert len(printed_rows(get(client, "finances:arrears", query, "print"))) == 52


def test_the_audit_log_exports_every_entry(world, client):
    for _n in range(60):
        ActivityFactory(union=world.union_a)
    client.force_login(world.officers[Role.Kind.CHAIR])
    rows = xlsx_rows(get(client, "reports:audit_log", {}, "xlsx"))
    assert len(rows) >= 60
    assert sum(1 for row in rows if row[5] == "活动" or "活动" in str(row[5])) >= 60
    assert len(printed_rows(get(client, "reports:audit_log", {}, "print"))) == len(rows)


def test_the_audit_log_workbook_tells_each_change_in_a_flat_number_of_queries(world, client):
    """20 or 60 changes: the same queries (a few per kind of record and batch, none per row)."""

    def change(count):
        for n in range(count):
            member = MemberFactory(union=world.union_a, name=f"会员{n}", mobile="13800000000")
            Member.objects.filter(pk=member.pk).update(mobile=f"1390000{n:04d}")

    def export():
        with CaptureQueriesContext(connection) as queries:
            rows = xlsx_rows(get(client, "reports:audit_log", {}, "xlsx"))
        return [row for row in rows if row[4] == "修改" and row[5].startswith("会员 会员")], len(queries)

    client.force_login(world.officers[Role.Kind.CHAIR])
    change(20)
    changed, few = export()
    assert len(changed) == 20
    assert "手机号码：13800000000 → 13900000019" in [row[6] for row in changed]
    change(40)
    changed, many = export()
    assert len(changed) == 60 and many == few


def test_a_long_audit_log_prints_its_first_entries_and_points_to_the_workbook(world, client, monkeypatch):
    monkeypatch.setattr(audit_log, "AUDIT_TABLE", replace(audit_log.AUDIT_TABLE, print_limit=3))
    for _n in range(4):
        ActivityFactory(union=world.union_a)
    client.force_login(world.officers[Role.Kind.CHAIR])
    response = get(client, "reports:audit_log", {}, "print")
    assert printed_rows(response) == ["1", "2", "3"]
    html = response.content.decode()
    assert "这里只打印前 3 条" in html and "format=xlsx" in html


def test_an_activitys_attendance_prints_every_eligible_member(world, client):
    activity = ActivityFactory(union=world.union_a)
    for _n in range(64):
        MemberFactory(union=world.union_a)
    client.force_login(world.officers[Role.Kind.SECRETARY])
    response = get(client, "activities:attendance_sheet", {}, "print", pk=activity.pk)
    assert len(printed_rows(response)) == 64
    assert "签到表" in response.content.decode()


def test_a_list_workbook_has_a_title_row_repeated_headers_and_prints_on_a4_across(world, client):
    MemberFactory(union=world.union_a, name="会员甲")
    client.force_login(world.officers[Role.Kind.SECRETARY])
    response = get(client, "members:member_list", {}, "xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert sheet["A1"].value == "甲单位工会　会员名册" and sheet["A1"].font.b
    assert sheet["A3"].value == "序号" and sheet["A4"].value == 1 and sheet["B4"].value == "会员甲"
    assert sheet.print_title_rows == "$3:$3" and sheet.freeze_panes == "A4"
    setup = sheet.page_setup
    assert (setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (9, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert setup.orientation == "landscape"  # the roll is wide
    assert "&P" in sheet.oddFooter.center.text
