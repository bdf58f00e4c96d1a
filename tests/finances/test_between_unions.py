"""Money between unions of one tree: a system union and two base unions, a year booked only through
`import_vouchers` (both sides of every movement named), their 02表 and 01表 and the consolidated
ones against figures computed by hand; a grant booked by one side only on the 内部往来核对表."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from finances import selectors, services, statutory
from finances.imports import import_vouchers
from finances.money import format_money
from finances.services.ledger import category_for
from reports.worklist import unpaired_between_unions
from tests.factories import RoleFactory, UnionFactory
from tests.finances.factories import FundFactory
from unionhub.models import Role

D = Decimal
SYSTEM, FIRST, SECOND = "测试系统工会", "测试一厂工会", "测试二厂工会"
HEAD = (
    "日期",
    "摘要",
    "科目编码",
    "资金名称",
    "结算方式",
    "收入金额",
    "支出金额",
    "是否专项",
    "专项项目",
    "对方工会",
)
OWED_HEAD = ("科目编码", "资金名称", "对方工会", "金额")


def day(month: int, day_: int) -> datetime.date:
    return datetime.date(2025, month, day_)


BOOKS = {
    SYSTEM: {
        "期初余额": [("资金名称", "是否专项", "库存现金", "银行存款"), ("工会经费", "否", None, 50000)],
        "期初往来": [OWED_HEAD, ("132", "工会经费", FIRST, 3000)],
        "凭证": [
            HEAD,
            (day(1, 15), "收回一厂上年应上解经费", "132", "工会经费", "银行存款", 3000, None, "", "", FIRST),
            (
                day(3, 10),
                "一厂上解拨缴经费（上半年）",
                "402",
                "工会经费",
                "银行存款",
                4000,
                None,
                "",
                "",
                FIRST,
            ),
            (day(5, 1), "委员会会议", "50502", "工会经费", "银行存款", None, 2000, "", "", ""),
            (day(6, 1), "补助二厂职工书屋", "508", "工会经费", "银行存款", None, 10000, "", "", SECOND),
            (
                day(11, 1),
                "补助一厂困难职工（未拨付）",
                "508",
                "工会经费",
                "应付下级经费",
                None,
                6000,
                "",
                "",
                FIRST,
            ),
            (
                day(12, 31),
                "一厂应上解拨缴经费（下半年）",
                "402",
                "工会经费",
                "应收下级经费",
                4000,
                None,
                "",
                "",
                FIRST,
            ),
        ],
    },
    FIRST: {
        "期初余额": [("资金名称", "是否专项", "库存现金", "银行存款"), ("工会经费", "否", None, 20000)],
        "期初往来": [OWED_HEAD, ("211", "工会经费", SYSTEM, 3000)],
        "凭证": [
            HEAD,
            (day(1, 15), "上解上年拨缴经费", "211", "工会经费", "银行存款", None, 3000, "", "", SYSTEM),
            (day(3, 1), "会费", "401", "工会经费", "银行存款", 1200, None, "", "", ""),
            (day(3, 5), "拨缴经费留成60%", "402", "工会经费", "银行存款", 12000, None, "", "", ""),
            (day(3, 5), "拨缴经费应上解40%", "211", "工会经费", "银行存款", 8000, None, "", "", SYSTEM),
            (day(3, 10), "上解拨缴经费（上半年）", "211", "工会经费", "银行存款", None, 4000, "", "", SYSTEM),
            (day(4, 1), "提取现金", "101", "工会经费", "银行存款", None, 2000, "", "", ""),
            (day(4, 2), "文体活动", "50102", "工会经费", "库存现金", None, 1500, "", "", ""),
            (
                day(11, 1),
                "系统工会困难职工补助（未到账）",
                "40301",
                "工会经费",
                "应收上级经费",
                6000,
                None,
                "",
                "",
                SYSTEM,
            ),
        ],
    },
    SECOND: {
        "期初余额": [("资金名称", "是否专项", "库存现金", "银行存款"), ("工会经费", "否", None, 8000)],
        "凭证": [
            HEAD,
            (day(5, 1), "会费", "401", "工会经费", "银行存款", 800, None, "", "", ""),
            (
                day(6, 1),
                "系统工会职工书屋补助",
                "40302",
                "工会经费",
                "银行存款",
                10000,
                None,
                "是",
                "职工书屋",
                SYSTEM,
            ),
            (day(7, 1), "职工书屋购书", "50304", "工会经费", "银行存款", None, 7000, "是", "职工书屋", ""),
        ],
    },
}

# Every line not zero, by key: (本年数) for the 02表, (年初余额, 年末余额) for the 01表.
OWN_02 = {
    SYSTEM: {
        "open": 53000,
        "open_surplus": 53000,
        "402": 8000,
        "income": 8000,
        "505": 2000,
        "508": 16000,
        "spending": 18000,
        "difference": -10000,
        "close": 43000,
        "close_surplus": 43000,
    },
    FIRST: {
        "open": 17000,
        "open_surplus": 17000,
        "401": 1200,
        "402": 12000,
        "403": 6000,
        "income": 19200,
        "501": 1500,
        "spending": 1500,
        "difference": 17700,
        "close": 34700,
        "close_surplus": 34700,
    },
    SECOND: {
        "open": 8000,
        "open_surplus": 8000,
        "401": 800,
        "403": 10000,
        "income": 10800,
        "503": 7000,
        "spending": 7000,
        "difference": 3800,
        "close": 11800,
        "close_carried": 3000,
        "close_surplus": 8800,
    },
}
WHOLE_02 = {
    "open": 78000,
    "open_surplus": 78000,
    "401": 2000,
    "402": 20000,
    "income": 22000,
    "501": 1500,
    "503": 7000,
    "505": 2000,
    "spending": 10500,
    "difference": 11500,
    "close": 89500,
    "close_carried": 3000,
    "close_surplus": 86500,
}
OWN_01 = {
    SYSTEM: {
        "money": (50000, 45000),
        "receivable_lower": (3000, 4000),
        "current_assets": (53000, 49000),
        "assets": (53000, 49000),
        "payable_lower": (0, 6000),
        "liabilities": (0, 6000),
        "surplus": (53000, 43000),
        "net_assets": (53000, 43000),
        "liabilities_and_net_assets": (53000, 49000),
    },
    FIRST: {
        "money": (20000, 32700),
        "receivable_upper": (0, 6000),
        "current_assets": (20000, 38700),
        "assets": (20000, 38700),
        "payable_upper": (3000, 4000),
        "liabilities": (3000, 4000),
        "surplus": (17000, 34700),
        "net_assets": (17000, 34700),
        "liabilities_and_net_assets": (20000, 38700),
    },
    SECOND: {
        "money": (8000, 11800),
        "current_assets": (8000, 11800),
        "assets": (8000, 11800),
        "carried": (0, 3000),
        "surplus": (8000, 8800),
        "net_assets": (8000, 11800),
        "liabilities_and_net_assets": (8000, 11800),
    },
}
WHOLE_01 = {
    "money": (78000, 89500),
    "current_assets": (78000, 89500),
    "assets": (78000, 89500),
    "carried": (0, 3000),
    "surplus": (78000, 86500),
    "net_assets": (78000, 89500),
    "liabilities_and_net_assets": (78000, 89500),
}


def workbook(sheets: dict[str, list]) -> io.BytesIO:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def tree(db):
    system = UnionFactory(name=SYSTEM, kind="system")
    unions = {
        SYSTEM: system,
        FIRST: UnionFactory(name=FIRST, parent=system),
        SECOND: UnionFactory(name=SECOND, parent=system),
    }
    for union in unions.values():
        RoleFactory(union=union, kind=Role.Kind.TREASURER, user__username=f"t-{union.pk}")
    return unions


@pytest.fixture
def year(tree, tmp_path, capsys):
    for name, sheets in BOOKS.items():
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(workbook(sheets).getvalue())
        call_command("import_vouchers", str(path), union=name)
        assert "rejected: 0" in capsys.readouterr().out
    return tree


def lines(statement, column=None) -> dict[str, Decimal]:
    return {
        row.key: row.values[column] if column is not None else tuple(row.values)
        for row in statement.rows
        if not row.heading
    }


def expected(figures: dict, keys, pair: bool) -> dict:
    zero = (D(0), D(0)) if pair else D(0)
    return {
        key: tuple(map(D, figures[key]))
        if pair and key in figures
        else D(figures.get(key, 0))
        if not pair
        else zero
        for key in keys
    }


def test_a_year_of_three_unions_booked_by_import_gives_every_line_by_hand(year):
    system = year[SYSTEM]
    for name, union in year.items():
        own = lines(statutory.form_02(union=union, year=2025), 0)
        assert own == expected(OWN_02[name], own, pair=False), name
        sheet = lines(statutory.form_01(union=union, year=2025))
        assert sheet == expected(OWN_01[name], sheet, pair=True), name
    whole_02 = statutory.form_02(union=system, year=2025, consolidated=True)
    assert lines(whole_02, 0) == expected(WHOLE_02, lines(whole_02, 0), pair=False)
    whole_01 = statutory.form_01(union=system, year=2025, consolidated=True)
    assert lines(whole_01) == expected(WHOLE_01, lines(whole_01), pair=True)
    for key in ("receivable_upper", "receivable_lower", "payable_upper", "payable_lower"):
        assert whole_01.value(key, 0) == whole_01.value(key, 1) == D("0.00")
    assert not whole_01.has_unpaired and not whole_02.has_unpaired
    assert selectors.unpaired_between_unions(system, start=day(1, 1), end=day(12, 31)) == []
    money = selectors.year_money(union=system, year=2025)
    assert (money.income_total, money.spending_total, money.moved_inside) == (D(22000), D(10500), D(16000))
    assert sum(selectors.money_by_month(union=system, year=2025)["spending"]) == D(10500)
    # The system union's own books name the base union below it on 应付下级经费, not 应付上级经费.
    trial = {row.code: row for row in statutory.trial_balance(union=year[FIRST], year=2025)}
    assert (trial["322"].debit, trial["322"].credit) == (D(1500), D(19200))  # cash⇄bank, 211 do not move it


def test_a_grant_booked_by_one_side_stays_in_and_is_listed(tree, client, capsys):
    system, second = tree[SYSTEM], tree[SECOND]
    treasurer = system.roles.get().user
    fund = FundFactory(union=system, name="工会经费", kind="union")
    FundFactory(union=second, name="工会经费", kind="union")
    services.post_voucher(
        union=system,
        by=treasurer,
        date=day(6, 1),
        fund=fund,
        category=category_for(system, day(6, 1), "补助下级支出"),
        amount=D(5000),
        summary="补助二厂",
        counterpart_union=second,
    )
    whole = statutory.form_02(union=system, year=2025, consolidated=True)
    assert whole.value("508") == D(5000)  # not removed: the base union booked nothing
    assert whole.unpaired == [D(5000), D(0)]
    (item,) = selectors.unpaired_between_unions(second, start=day(1, 1), end=day(12, 31))
    assert (item.upper, item.lower, item.upper_amount, item.lower_amount, item.difference) == (
        system,
        second,
        D(5000),
        D(0),
        D(5000),
    )
    for union in (system, second):  # both treasurers see it on their worklist
        request = type("Request", (), {"role": union.roles.get()})()
        assert unpaired_between_unions(request, day(12, 31))[0].count == 1
    call_command("statement", union=system.name, year=2025, form="02", consolidated=True)
    assert "未抵销的内部往来" in capsys.readouterr().out
    client.force_login(treasurer)
    page = client.get(reverse("finances:statutory"), {"union": system.pk, "year": 2025, "consolidated": "on"})
    assert 'id="statutory-unpaired"' in page.content.decode()
    query = {"union": system.pk, "year": 2025, "consolidated": "on"}
    exported = client.get(reverse("finances:statutory"), {**query, "export": "csv"}).content.decode(
        "utf-8-sig"
    )
    assert exported.splitlines()[-1].startswith("未抵销的内部往来") and "5000.00" in exported.splitlines()[-1]
    book = load_workbook(
        io.BytesIO(client.get(reverse("finances:statutory"), {**query, "export": "xlsx"}).content)
    )
    cells = [cell for row in book.active.iter_rows(values_only=True) for cell in row if cell]
    assert any(str(cell).startswith("未抵销的内部往来") for cell in cells)
    assert any("5,000.00" in str(cell) for cell in cells)
    listed = client.get(
        reverse("finances:reconciliation"), {"union": system.pk, "year": 2025}
    ).content.decode()
    assert SECOND in listed and "5,000.00" in listed


def test_the_import_names_what_it_does_not_read_and_the_other_union(tree, tmp_path, capsys):
    first = tree[FIRST]
    rows = [
        ("资金名称", "是否专项", "库存现金", "银行存款", "应付上级经费"),
        ("工会经费", "否", None, 9000, 5000),
    ]
    path = tmp_path / "x.xlsx"
    path.write_bytes(workbook({"期初余额": rows, "凭证": [HEAD], "说明": [("随便写写",)]}).getvalue())
    for dry_run in (True, False):
        with pytest.raises(CommandError) if not dry_run else _nothing():
            call_command("import_vouchers", str(path), union=FIRST, dry_run=dry_run)
        out = capsys.readouterr().out
        assert "未识别的列：期初余额：应付上级经费，未导入。" in out and "未识别的工作表：说明" in out
    assert not first.vouchers.exists()
    call_command("import_vouchers", str(path), union=FIRST, ignore_unknown=True)
    assert first.vouchers.count() == 1
    bad = [
        HEAD,
        # From a federation outside the system: names no union, as the lower union may.
        (day(2, 1), "市总补助", "40301", "工会经费", "银行存款", 100, None, "", "", ""),
        (day(2, 2), "上解", "211", "工会经费", "银行存款", None, 100, "", "", SECOND),  # not above
        (day(2, 3), "上解", "211", "工会经费", "银行存款", None, 100, "", "", "不存在的工会"),
    ]
    treasurer = first.roles.get().user
    check = import_vouchers(union=first, by=treasurer, file=workbook({"凭证": bad}), file_name="y.xlsx")
    assert [problem.row for problem in check.problems] == [3, 4]
    assert "上级" in str(check.problems[0]) and "对方工会" in str(check.problems[1])


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_no_amount_prints_as_minus_zero():
    assert format_money(D("-0.00")) == "0.00" and format_money(D("-0.004")) == "0.00"
    assert format_money(D("-1.50")) == "-1.50"


def test_the_voucher_page_offers_132_212_below_and_asks_for_the_union_in_its_direction(tree):
    from finances.forms import SettleForm, VoucherForm

    system, first = tree[SYSTEM], tree[FIRST]
    fund = FundFactory(union=system, name="工会经费", kind="union")
    codes = {code for code, _label in VoucherForm(union=system).fields["settlement"].choices}
    assert {"132", "212"} <= codes and not {"131", "211"} & codes  # no union above it here
    assert not {"132", "212"} & {code for code, _ in VoucherForm(union=first).fields["settlement"].choices}
    grant = category_for(system, datetime.date.today(), "补助下级支出")
    data = {
        "date": datetime.date.today(),
        "category": grant.pk,
        "fund": fund.pk,
        "amount": "10",
        "summary": "x",
        "receipts": 0,
    }
    assert "counterpart_union" in VoucherForm(data, union=system).errors
    assert VoucherForm({**data, "counterpart_union": first.pk, "settlement": "212"}, union=system).is_valid()
    first_fund = FundFactory(union=first, name="工会经费", kind="union")
    wrong = {
        **data,
        "fund": first_fund.pk,
        "category": category_for(first, datetime.date.today(), "会费收入").pk,
        "settlement": "131",
        "counterpart_union": tree[SECOND].pk,
    }
    assert "counterpart_union" in VoucherForm(wrong, union=first).errors  # 131 names the union above
    # A grant from a federation outside the system names no union (the upper union's side must).
    from_outside = {
        **data,
        "fund": first_fund.pk,
        "category": category_for(first, datetime.date.today(), "上级补助收入").pk,
    }
    assert VoucherForm(from_outside, union=first).is_valid()
    paid = {
        "date": datetime.date.today(),
        "fund": fund.pk,
        "from_account": "102",
        "to_account": "212",
        "amount": "5",
    }
    assert "counterpart_union" in SettleForm(paid, union=system).errors
    assert SettleForm({**paid, "counterpart_union": first.pk}, union=system).is_valid()


def test_the_import_page_asks_to_confirm_what_it_does_not_read(tree, client):
    first = tree[FIRST]
    client.force_login(first.roles.get().user)
    url = f"{reverse('finances:import_vouchers')}?union={first.pk}"
    rows = [("资金名称", "是否专项", "库存现金", "银行存款", "备注"), ("工会经费", "否", None, 9000, "旧账")]
    upload = workbook({"期初余额": rows, "凭证": [HEAD]})
    upload.name = "x.xlsx"
    page = client.post(url, {"file": upload})
    assert "未识别的列：期初余额：备注，未导入。" in page.content.decode()
    token = page.context["token"]
    kept = client.post(url, {"confirm": "1", "token": token})  # not accepted yet: nothing saved
    assert kept.status_code == 200 and not first.vouchers.exists()
    assert client.post(url, {"confirm": "1", "token": token, "ignore_unknown": "1"}).status_code == 302
    assert first.vouchers.count() == 1
