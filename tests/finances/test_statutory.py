"""工会01表 and 工会02表 for a small year computed by hand, the year from Excel, consolidation."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import Workbook, load_workbook

from finances import services, statutory
from finances.imports import import_vouchers
from finances.models import Fund, Voucher, VoucherImport
from finances.services.ledger import category_for
from tests.factories import RoleFactory, UnionFactory
from tests.finances.factories import FundFactory
from unionhub.models import Role

D = Decimal

OPENINGS = [
    ("资金名称", "是否专项", "库存现金", "银行存款"),
    ("工会经费", "否", 500, 20000),
    ("帮扶资金", "是", None, "5,000.00"),
]
VOUCHERS = [
    ("日期", "摘要", "科目编码", "资金名称", "结算方式", "收入金额", "支出金额", "对方工会"),
    (datetime.date(2025, 1, 15), "1月会费", "401", "工会经费", "银行存款", 1200, None),
    ("2025-02-10", "1月拨缴经费", 402, "工会经费", "银行存款", 6000, None),
    (
        datetime.date(2025, 3, 1),
        "系统工会帮扶补助",
        "40302",
        "帮扶资金",
        "银行存款",
        3000,
        None,
        "测试系统工会",
    ),
    (datetime.date(2025, 3, 5), "提取现金", "101", "工会经费", "银行存款", None, 2000),
    (datetime.date(2025, 3, 8), "三八节文体活动", "50102", "工会经费", "库存现金", None, 1800),
    (datetime.date(2025, 4, 1), "困难职工帮扶", "50404", "帮扶资金", "银行存款", None, 4000),
    ("2025年6月30日", "会员代表大会", "50502", "工会经费", "银行存款", None, 700),
    (datetime.date(2025, 11, 11), "职工普惠服务", "503", "工会经费", "银行存款", None, 2500),
    (datetime.date(2025, 12, 20), "利息", "408", "工会经费", "银行存款", "35.50", None),
]


def workbook(openings=OPENINGS, vouchers=VOUCHERS) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = "期初余额"
    for row in openings:
        sheet.append(list(row))
    entries = book.create_sheet("凭证")
    for row in vouchers:
        entries.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def base(db):
    system = UnionFactory(name="测试系统工会")
    union = UnionFactory(name="测试基层工会", parent=system)
    treasurer = RoleFactory(union=union, kind=Role.Kind.TREASURER, user__username="t-base").user
    RoleFactory(union=union, kind=Role.Kind.CHAIR, user__username="c-base", user__first_name="主席")
    return union, treasurer


@pytest.fixture
def year(base):
    union, treasurer = base
    check = import_vouchers(union=union, by=treasurer, file=workbook(), file_name="2025.xlsx")
    assert not check.problems, [str(p) for p in check.problems]
    return union, treasurer


def test_each_line_of_the_annual_02_computed_by_hand(year):
    union, _ = year
    form = statutory.form_02(union=union, year=2025)
    assert form.columns == ["本年数", "上年数"]
    this = {row.name: row.values[0] for row in form.rows}
    expected = dict.fromkeys(this, D("0.00"))
    expected.update(
        {
            "一、年初资金结转结余": D("25500.00"),
            "（一）年初资金结转": D("5000.00"),
            "（二）年初资金结余": D("20500.00"),
            "三、收入合计": D("10235.50"),
            "（一）会费收入": D("1200.00"),
            "（二）拨缴经费收入": D("6000.00"),
            "（三）上级补助收入": D("3000.00"),
            "（八）其他收入": D("35.50"),
            "四、支出合计": D("9000.00"),
            "（一）职工活动支出": D("1800.00"),
            "（三）职工服务支出": D("2500.00"),
            "（四）维权支出": D("4000.00"),
            "（五）业务支出": D("700.00"),
            "五、本期收支差额": D("1235.50"),
            "六、年末资金结转结余": D("26735.50"),
            "（一）年末资金结转": D("4000.00"),
            "（二）年末资金结余": D("22735.50"),
        }
    )
    assert this == expected
    assert [row.number for row in form.rows] == list(range(1, 31))
    assert all(row.values[1] == 0 for row in form.rows)  # 上年数: no books in 2024


def test_each_line_of_the_01_computed_by_hand(year):
    union, _ = year
    form = statutory.form_01(union=union, year=2025)
    assert form.columns == ["年初余额", "年末余额"]
    values = {row.name: row.values for row in form.rows if not row.heading}
    expected = {name: [D("0.00"), D("0.00")] for name in values}
    for name, opening, closing in [
        ("货币资金", "25500", "26735.50"),
        ("流动资产合计", "25500", "26735.50"),
        ("资产总计", "25500", "26735.50"),
        ("工会资金结转", "5000", "4000"),
        ("工会资金结余", "20500", "22735.50"),
        ("净资产合计", "25500", "26735.50"),
        ("负债与净资产总计", "25500", "26735.50"),
    ]:
        expected[name] = [D(opening), D(closing)]
    assert values == expected
    assert "零余额账户用款额度" not in values  # a monthly line only
    march = statutory.form_01(union=union, year=2025, month=3)
    assert march.columns == ["年初余额", "期末余额"]
    # 25500 + 1200 + 6000 + 3000 − 1800
    assert march.value("money", 1) == march.value("liabilities_and_net_assets", 1) == D("33900.00")


def test_the_monthly_02_and_the_cash_and_bank_journals(year):
    union, _ = year
    march = statutory.form_02(union=union, year=2025, month=3)
    assert march.columns == ["本月数", "本年累计数"]
    assert [row.number for row in march.rows] == list(range(4, 28))
    assert march.value("403") == D("3000.00") and march.value("501") == D("1800.00")
    assert march.value("difference") == D("1200.00")
    assert march.value("income", 1) == D("10200.00") and march.value("difference", 1) == D("8400.00")
    assert march.value("adjust") == march.value("adjust", 1) == 0  # 提现 is neither
    cash = statutory.account_journal(
        union=union, account="101", start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31)
    )
    assert [row.running for row in cash.rows] == [D("500.00"), D("2500.00"), D("700.00")]
    bank = statutory.account_journal(
        union=union, account="102", start=datetime.date(2025, 4, 1), end=datetime.date(2025, 12, 31)
    )
    assert bank.opening == D("33200.00") and bank.closing == D("26035.50")
    trial = {row.code: row for row in statutory.trial_balance(union=union, year=2025)}
    assert trial["101"].closing + trial["102"].closing == D("26735.50")
    assert trial["321"].closing == D("4000.00") and trial["322"].closing == D("22735.50")


def test_this_years_opening_is_last_years_closing(year):
    union, treasurer = year
    fund = Fund.objects.get(union=union, name="工会经费")
    services.post_voucher(
        union=union,
        by=treasurer,
        date=datetime.date(2026, 1, 20),
        fund=fund,
        category=category_for(union, datetime.date(2026, 1, 20), "会费收入"),
        amount=D("100"),
        summary="会费",
    )
    last, this = statutory.form_02(union=union, year=2025), statutory.form_02(union=union, year=2026)
    for opening, closing in (
        ("open", "close"),
        ("open_carried", "close_carried"),
        ("open_surplus", "close_surplus"),
    ):
        assert this.value(opening) == last.value(closing)
        assert this.value(closing, 1) == last.value(closing)  # 上年数
        # 年初 + 二 + 五 = 年末
    assert this.value("open") + this.value("adjust") + this.value("difference") == this.value("close")
    sheet_last, sheet_this = (
        statutory.form_01(union=union, year=2025),
        statutory.form_01(union=union, year=2026),
    )
    assert [row.values[0] for row in sheet_this.rows] == [row.values[1] for row in sheet_last.rows]


def test_the_command_prints_csv_and_text_and_writes_xlsx(year, tmp_path, capsys):
    union, _ = year
    call_command("statement", union=union.name, year=2025, form="02", format="csv")
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["项目", "行次", "本年数", "上年数"]
    assert len(rows) == 31
    assert rows[6] == ["（一）会费收入", "6", "1200.00", "0.00"]
    call_command("statement", union=union.name, year=2025, form="01", format="csv")
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["项目", "行次", "年初余额", "年末余额"]
    call_command("statement", union=union.name, year=2025, month=3, form="02", format="text")
    assert "本月数" in capsys.readouterr().out
    path = tmp_path / "02.xlsx"
    call_command("statement", union=union.name, year=2025, form="02", format="xlsx", output=str(path))
    sheet = load_workbook(path).active
    assert sheet["A1"].value == "收入支出表"
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert ["（一）会费收入", 6, 1200, 0] in cells
    assert any(str(row[0]).startswith("工会主席") for row in cells)


def test_the_import_file_twice_and_the_command(base, tmp_path, capsys):
    union, _ = base
    path = tmp_path / "books.xlsx"
    path.write_bytes(workbook().getvalue())
    call_command("import_vouchers", str(path), union=union.name, dry_run=True)
    assert "accepted: 11 rejected: 0" in capsys.readouterr().out
    assert not Voucher.objects.filter(union=union).exists()
    call_command("import_vouchers", str(path), union=union.name)
    assert "accepted: 11 rejected: 0" in capsys.readouterr().out
    # 2 opening cash + bank of 工会经费, 1 of 帮扶资金, 8 vouchers and the 提现 pair
    assert Voucher.objects.filter(union=union).count() == 3 + 8 + 2
    assert Fund.objects.get(union=union, name="帮扶资金").restricted
    count = Voucher.objects.filter(union=union).count()
    with pytest.raises(CommandError):
        call_command("import_vouchers", str(path), union=union.name)
    out = capsys.readouterr().out
    assert "已导入过" in out and "books.xlsx" in out
    assert Voucher.objects.filter(union=union).count() == count
    assert VoucherImport.objects.filter(union=union).count() == 1


def test_a_broken_file_saves_nothing_and_names_every_bad_row(base, tmp_path, capsys):
    union, _ = base
    broken = [
        *VOUCHERS,
        (datetime.date(2025, 5, 1), "未知科目", "999", "工会经费", "银行存款", 10, None),
        (datetime.date(2025, 5, 2), "大写金额", "401", "工会经费", "银行存款", "壹佰元", None),
        (datetime.date(2024, 5, 3), "上年的凭证", "401", "工会经费", "银行存款", 10, None),
        (datetime.date(2025, 5, 4), "两栏都填", "401", "工会经费", "银行存款", 10, 10),
        (datetime.date(2025, 5, 5), "两栏都空", "401", "工会经费", "银行存款", None, None),
        (datetime.date(2025, 5, 6), "方向不符", "401", "工会经费", "银行存款", None, 10),
    ]
    path = tmp_path / "broken.xlsx"
    path.write_bytes(workbook(vouchers=broken).getvalue())
    with pytest.raises(CommandError):
        call_command("import_vouchers", str(path), union=union.name)
    out = capsys.readouterr().out
    for row, words in [
        (11, "999"),
        (12, "壹佰元"),
        (13, "不在导入的2025年度内"),
        (14, "只能填写一个"),
        (15, "须填写一个"),
        (16, "收入科目"),
    ]:
        assert f"凭证第{row}行" in out and words in out
    assert "accepted: 11 rejected: 6" in out
    assert not Voucher.objects.filter(union=union).exists()
    assert not Fund.objects.filter(union=union).exists()
    assert not VoucherImport.objects.exists()


def test_books_are_imported_as_kept_even_where_a_restricted_fund_ran_short(base):
    union, treasurer = base
    short = [*VOUCHERS, (datetime.date(2025, 12, 30), "超支", "50404", "帮扶资金", "银行存款", None, 4001)]
    check = import_vouchers(union=union, by=treasurer, file=workbook(vouchers=short), file_name="x.xlsx")
    assert not check.problems
    form = statutory.form_02(union=union, year=2025)
    assert form.value("close_carried") == D("-1.00")  # 4000 − 4001, as the books say
    assert statutory.form_01(union=union, year=2025).value("carried", 1) == D("-1.00")


def test_a_closed_month_and_an_unreadable_file(base, tmp_path):
    union, treasurer = base
    FundFactory(union=union, name="工会经费", kind=Fund.Kind.UNION_FUND)
    services.close_month(union=union, by=treasurer, year=2025, month=3)
    check = import_vouchers(union=union, by=treasurer, file=workbook(), file_name="x.xlsx")
    assert {problem.row for problem in check.problems} == {4, 5, 6}
    assert all("已结账" in problem.reason for problem in check.problems)
    path = tmp_path / "junk.xlsx"
    path.write_bytes(b"PK\x03\x04 not a workbook")
    with pytest.raises(CommandError):
        call_command("import_vouchers", str(path), union=union.name)


def test_consolidation_counts_a_grant_inside_the_tree_once(db):
    system = UnionFactory(name="系统工会")
    first = UnionFactory(name="一厂工会", parent=system)
    second = UnionFactory(name="二厂工会", parent=system)
    treasurer = RoleFactory(union=system, kind=Role.Kind.TREASURER, user__username="sys-t").user
    on = datetime.date(2025, 1, 10)
    funds = {
        union: FundFactory(union=union, name="工会经费", kind=Fund.Kind.UNION_FUND)
        for union in (system, first, second)
    }

    def post(union, name, parent, amount, counterpart=None):
        services.post_voucher(
            union=union,
            by=treasurer,
            date=on,
            fund=funds[union],
            category=category_for(union, on, name, parent=parent),
            amount=D(amount),
            summary=name,
            counterpart_union=counterpart,
        )

    post(system, "专项转移支付补助", "上级补助收入", "40000")  # from the city federation, outside
    post(system, "补助下级支出", None, "10000", first)
    post(system, "补助下级支出", None, "5000", second)
    post(first, "专项转移支付补助", "上级补助收入", "10000", system)
    post(second, "专项转移支付补助", "上级补助收入", "5000", system)
    post(first, "会费收入", None, "800")
    post(second, "文体活动", "职工活动支出", "3000")
    whole = statutory.form_02(union=system, year=2025, consolidated=True)
    parts = [statutory.form_02(union=union, year=2025) for union in (system, first, second)]
    internal = {"403": D("15000"), "508": D("15000"), "income": D("15000"), "spending": D("15000")}
    for row in whole.rows:
        total = sum(part.value(row.key) for part in parts)
        assert row.values[0] == total - internal.get(row.key, 0), row.name
    assert whole.value("403") == D("40000.00") and whole.value("508") == 0
    sheet = statutory.form_01(union=system, year=2025, consolidated=True)
    assert sheet.value("assets", 1) == sheet.value("liabilities_and_net_assets", 1) == D("37800.00")


def test_the_import_page_previews_then_imports_and_the_statements_show(base, client):
    union, treasurer = base
    client.force_login(treasurer)
    url = f"/finances/vouchers/import/?union={union.pk}"
    data = workbook().getvalue()
    upload = io.BytesIO(data)
    upload.name = "2025年账.xlsx"
    page = client.post(url, {"file": upload})
    assert page.status_code == 200
    assert "全部通过检查" in page.content.decode() and not Voucher.objects.filter(union=union).exists()
    assert "支出合计 9,000.00" in page.content.decode()  # 提现 is no spending
    token = page.context["token"]
    done = client.post(url, {"confirm": "1", "token": token, "name": "2025年账.xlsx"})
    assert done.status_code == 302
    assert Voucher.objects.filter(union=union).count() == 13
    again = io.BytesIO(data)  # the same file under another name
    again.name = "copy.xlsx"
    page = client.post(url, {"file": again})
    text = page.content.decode()
    assert "该文件已导入过" in text and "2025年账.xlsx" in text, text[text.find("<main") :][:3000]
    junk = io.BytesIO(b"not a workbook")
    junk.name = "junk.xlsx"
    assert "无法读取" in client.post(url, {"file": junk}).content.decode()
    sheet = client.get(f"/finances/statements/statutory/?union={union.pk}&year=2025&form=01")
    assert "26,735.50" in sheet.content.decode() and "负债与净资产总计" in sheet.content.decode()
    csv_file = client.get(f"/finances/statements/statutory/?union={union.pk}&year=2025&form=02&export=csv")
    assert "（一）会费收入,6,1200.00,0.00" in csv_file.content.decode("utf-8-sig")
    xlsx = client.get(f"/finances/statements/statutory/?union={union.pk}&year=2025&form=02&export=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    cash = client.get(f"/finances/statements/cash-book/?union={union.pk}&year=2025&account=101")
    assert "现金日记账" in cash.content.decode() and "700.00" in cash.content.decode()
    trial = client.get(f"/finances/statements/trial-balance/?union={union.pk}&year=2025")
    assert "工会资金结转" in trial.content.decode()


def test_a_voucher_preview_is_confirmed_only_by_its_user_for_its_union(base, client):
    """Before: the token was the file's hash, good for any union: a treasurer of one union committed
    another's preview into their own books."""
    union, treasurer = base
    other_union = UnionFactory(name="另一个基层工会", parent=union.parent)
    other_treasurer = RoleFactory(union=other_union, kind=Role.Kind.TREASURER, user__username="t-other").user
    client.force_login(treasurer)
    upload = io.BytesIO(workbook().getvalue())
    upload.name = "2025年账.xlsx"
    token = client.post(f"/finances/vouchers/import/?union={union.pk}", {"file": upload}).context["token"]
    assert token
    thief = Client()
    thief.force_login(other_treasurer)
    for target in (other_union, union):  # their own union, and the union it was made for
        refused = thief.post(
            f"/finances/vouchers/import/?union={target.pk}", {"confirm": "1", "token": token}, follow=True
        )
        assert refused.status_code in (200, 403, 404)
        if refused.status_code == 200:
            assert "预览已过期" in refused.content.decode()
    system_treasurer = RoleFactory(union=union.parent, kind=Role.Kind.TREASURER, user__username="t-sys").user
    above = Client()
    above.force_login(system_treasurer)  # may keep union's books, did not make this preview
    refused = above.post(
        f"/finances/vouchers/import/?union={union.pk}", {"confirm": "1", "token": token}, follow=True
    )
    assert "预览已过期" in refused.content.decode()
    assert not Voucher.objects.exists()
    done = client.post(f"/finances/vouchers/import/?union={union.pk}", {"confirm": "1", "token": token})
    assert done.status_code == 302
    assert (
        Voucher.objects.filter(union=union).count() == 13
        and not Voucher.objects.exclude(union=union).exists()
    )


def test_a_sheet_declaring_a_million_rows_is_refused_before_it_is_padded(base):
    from finances.imports import ImportFileError

    union, treasurer = base
    book = Workbook()
    sheet = book.active
    sheet.title = "凭证"
    sheet.append(list(VOUCHERS[0]))
    sheet.cell(row=1_048_576, column=16_384, value="x")
    buffer = io.BytesIO()
    book.save(buffer)
    assert len(buffer.getvalue()) < 10_000
    with pytest.raises(ImportFileError, match="超过"):
        import_vouchers(union=union, by=treasurer, file=buffer, file_name="bomb.xlsx")


def test_a_workbook_named_and_headed_a_little_differently_reads_the_same(base):
    union, treasurer = base
    book = Workbook()
    sheet = book.active
    sheet.title = "2025年凭证"
    sheet.append(["测试基层工会2025年记账凭证"])  # a title above the header
    sheet.append(["凭证日期", "摘要", "科目代码", "资金", "结算方式", "收入", "支出"])
    sheet.append(["2025/3/1", "会费", 401, "工会经费", "现金", "1,200.00", 0])
    sheet.append([datetime.date(2025, 3, 2), "慰问", 50105, "工会经费", None, None, 200])
    buffer = io.BytesIO()
    book.save(buffer)
    check = import_vouchers(union=union, by=treasurer, file=buffer, file_name="y.xlsx")
    assert not check.problems and check.posted == 2
    form = statutory.form_02(union=union, year=2025, month=3)
    assert (form.value("401"), form.value("501"), form.value("difference")) == (D(1200), D(200), D(1000))
    assert statutory.form_01(union=union, year=2025).value("money", 1) == D(1000)


def test_a_fixed_asset_is_carried_against_the_asset_fund_and_depreciated_monthly(year):
    union, treasurer = year
    fund = Fund.objects.get(union=union, name="工会经费")
    on = datetime.date(2025, 1, 15)
    bought = services.post_voucher(
        union=union,
        by=treasurer,
        date=on,
        fund=fund,
        category=category_for(union, on, "办公设备购置", parent="资本性支出"),
        amount=D("7200"),
        summary="购置笔记本电脑",
    )
    with pytest.raises(ValidationError):  # computers: at least 6 years
        services.register_fixed_asset(
            union=union,
            by=treasurer,
            name="笔记本电脑",
            kind="computer",
            cost=D("7200"),
            acquired_on=on,
            life_years=5,
        )
    with pytest.raises(ValidationError):  # under 1,000 yuan: not a fixed asset
        services.register_fixed_asset(
            union=union,
            by=treasurer,
            name="椅子",
            kind="furniture",
            cost=D("999"),
            acquired_on=on,
            life_years=15,
        )
    services.register_fixed_asset(
        union=union,
        by=treasurer,
        name="笔记本电脑",
        kind="computer",
        cost=D("7200"),
        acquired_on=on,
        life_years=6,
        voucher=bought,
    )
    sheet = statutory.form_01(union=union, year=2025)
    # 11 months (February to December) of 7200 / 72
    assert sheet.value("fixed_assets_cost", 1) == D("7200.00")
    assert sheet.value("depreciation", 1) == D("1100.00")
    assert sheet.value("fixed_assets_net", 1) == sheet.value("asset_fund", 1) == D("6100.00")
    assert sheet.value("money", 1) == D("19535.50")  # 26735.50 − 7200
    assert sheet.value("assets", 1) == sheet.value("liabilities_and_net_assets", 1) == D("25635.50")
    assert statutory.form_01(union=union, year=2031).value("depreciation", 1) == D("7200.00")


def test_the_printed_forms_leave_a_whole_line_to_sign_on_that_wraps_rather_than_runs_off(year):
    union, treasurer = year
    client = Client()
    client.force_login(treasurer)
    for form in ("01", "02"):
        page = client.get(f"/finances/statements/statutory/?union={union.pk}&year=2025&form={form}").content
        signatures = page.decode().split('<div class="signatures">')[1].split("</div>")[0]
        assert '制表人：<span class="signature-blank"></span>' in signatures and "＿" not in signatures
    css = (settings.BASE_DIR / "static" / "finances" / "finances.css").read_text()
    assert "flex-wrap: wrap" in css.split(".statutory-sheet .signatures {")[1].split("}")[0]


@pytest.mark.django_db
def test_the_statements_are_signed_by_the_officers_in_office_today():
    union = UnionFactory()
    today = datetime.date.today()
    RoleFactory(
        union=union,
        kind=Role.Kind.CHAIR,
        user__name="旧主席",
        start=today - datetime.timedelta(days=900),
        end=today - datetime.timedelta(days=30),
    )
    RoleFactory(
        union=union, kind=Role.Kind.CHAIR, user__name="新主席", start=today - datetime.timedelta(days=30)
    )

    names = statutory.signatures(union)

    assert names["工会主席"] == "新主席"
    assert names["财务负责人"] == ""  # the office is vacant: a blank line, never a predecessor's name
