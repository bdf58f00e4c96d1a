"""The roll checker: reading files, normalising values, and each row's verdict at its row and column."""

import io
from datetime import date, datetime

import pytest

from members.idcard import make_resident_id
from members.models import Member
from members.rolls import (
    ACCEPTED,
    REGISTERED,
    REJECTED,
    RollFileError,
    UnreadableDate,
    check_roll,
    parse_date,
    safe_cell,
    write_roll,
)
from tests.members.factories import MemberFactory
from tests.members.rollfiles import messy_roll


@pytest.mark.parametrize(
    "value",
    [
        "2024-03-01",
        "2024/3/1",
        "2024.3.1",
        "2024年3月1日",
        "20240301",
        20240301,
        "２０２４－０３－０１",
        " 2024 - 03 - 01 ",
        datetime(2024, 3, 1),
        date(2024, 3, 1),
        45352,  # an Excel serial number read from a cell without a date format
        "2024-03-01 00:00:00",
    ],
)
def test_the_ways_people_write_a_date(value):
    assert parse_date(value) == (date(2024, 3, 1), True)


def test_year_and_month_only_is_read_as_a_month():
    assert parse_date("1985.06") == (date(1985, 6, 1), False)
    assert parse_date("1985年6月") == (date(1985, 6, 1), False)


@pytest.mark.parametrize("value", ["2024-13-01", "2024-02-30", "去年", "1985", 1985, "3/1/2024"])
def test_unreadable_dates(value):
    with pytest.raises(UnreadableDate):
        parse_date(value)


@pytest.mark.django_db
def test_every_row_of_a_messy_roll_gets_its_verdict_at_its_row_and_column(world):
    registered = MemberFactory(union=world.group_a)  # below A: "this union"
    elsewhere = MemberFactory(union=world.union_b)
    roll = messy_roll(registered_id=registered.id_number, elsewhere_id=elsewhere.id_number)
    check = check_roll(file=io.BytesIO(roll.content), file_name="名册.xlsx", union=world.union_a)

    verdicts = {row.row: row for row in check.rows}
    assert set(verdicts) == set(roll.expected), "the title, header and blank rows are not members"
    for number, (verdict, words) in roll.expected.items():
        row = verdicts[number]
        assert row.verdict == verdict, (number, row.reason)
        for word in words:
            assert word in row.reason, (number, row.reason)
    assert check.count(ACCEPTED) == 3
    assert check.count(REGISTERED) == 1
    assert check.count(REJECTED) == len(roll.expected) - 4
    assert "序号" in check.ignored_headers and "备注" in check.ignored_headers


@pytest.mark.django_db
def test_accepted_rows_are_normalised(world):
    roll = messy_roll()
    check = check_roll(file=io.BytesIO(roll.content), file_name="roll.xlsx", union=world.union_a)
    first, second, last = (row.data for row in check.accepted)
    assert first["name"] == "张三丰"
    assert first["id_number"] == roll.good_ids[3] and first["id_number"].endswith("X")
    assert (first["birth_date"], first["join_date"], first["sex"]) == ("1988-11-30", "2024-03-01", "M")
    assert first["employment_type"] == Member.EmploymentType.MIGRANT
    assert first["mobile"] == "13812345678"
    assert first["union_id"] == world.union_a.pk
    assert second["union_id"] == world.group_a.pk, "the 所属工会 column names a union below A"
    assert second["employment_type"] == Member.EmploymentType.CONTRACT
    assert (second["birth_date"], second["sex"]) == ("1962-03-08", "F")
    assert last["employment_type"] == Member.EmploymentType.OTHER
    assert "外包" in str(check.accepted[2].warnings[0])


@pytest.mark.django_db
def test_a_csv_in_gbk_with_the_columns_in_another_order(world):
    roll = messy_roll()
    check_xlsx = check_roll(file=io.BytesIO(roll.content), file_name="r.xlsx", union=world.union_a)
    good = check_xlsx.accepted[1].data
    text = "手机号码,入会日期,姓名,身份证号码,其他\n13900001111,2024/3/1,李秀英,{},x\n".format(
        good["id_number"]
    )
    check = check_roll(file=io.BytesIO(text.encode("gbk")), file_name="名册.csv", union=world.union_a)
    (row,) = check.rows
    assert row.verdict == ACCEPTED, row.reason
    assert row.row == 2
    assert (row.data["name"], row.data["sex"], row.data["birth_date"]) == ("李秀英", "F", "1962-03-08")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "file_name", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old", "roll.xls", "另存为"),
        (b"PK\x03\x04 not really a workbook", "roll.xlsx", "无法读取"),
        (b"%PDF-1.4", "roll.pdf", "只能导入"),
        ("姓名,手机\n张三,138\n".encode(), "roll.csv", "找不到表头"),
        ("姓名,身份证号码\n".encode(), "roll.csv", "没有会员数据"),
        (b"\xff\xfe\x00\x00\xff" * 20, "roll.csv", "编码"),
    ],
)
def test_a_wrong_file_is_explained(world, content, file_name, message):
    with pytest.raises(RollFileError, match=message):
        check_roll(file=io.BytesIO(content), file_name=file_name, union=world.union_a)


def test_formula_injection_is_defused():
    for dangerous in ('=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(dangerous) == "'" + dangerous
    assert safe_cell("张三") == "张三"
    assert safe_cell(5) == 5


@pytest.mark.django_db
def test_an_export_reads_back_as_a_roll(world):
    """The export's headers are the import's: a roll exported from one place imports in another."""
    from openpyxl import load_workbook

    members = [MemberFactory(union=world.union_a, name=name) for name in ("甲一", "=cmd|' /C calc'!A0")]
    roll, count = write_roll(
        Member.objects.filter(pk__in=[m.pk for m in members]).select_related("union"),
        unmasked=True,
        title="会员名册",
        union=world.union_a,
    )
    content = roll.read()
    assert count == 2
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].value == "甲单位工会　会员名册" and sheet["A2"].value == "姓名"
    assert sheet.print_title_rows == "$2:$2" and sheet.page_setup.orientation == "landscape"
    names = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert "'=cmd|' /C calc'!A0" in names
    check = check_roll(file=io.BytesIO(content), file_name="export.xlsx", union=world.union_a)
    assert [row.verdict for row in check.rows] == [REGISTERED, REGISTERED]


@pytest.mark.django_db
def test_the_members_union_comes_from_its_column_by_any_usual_name_and_the_employer_is_free_text(world):
    """所属工会 by full or short name, with or without 工会; otherwise the union chosen for the file;
    工作单位 is kept as typed, like on the member form."""
    world.union_a.short_name = "甲单位"
    world.union_a.save()
    village = type(world.union_a).objects.create(name="石桥村工会", parent=world.union_a)
    ids = [make_resident_id(region="330402", birth_date=date(1980, 1, n), sequence=11) for n in (1, 2, 3, 4)]
    text = "姓名,身份证号码,所属工会,工作单位\n" + "\n".join(
        [
            f"甲,{ids[0]},石桥村,嘉兴市交通运输局",
            f"乙,{ids[1]},甲单位,",
            f"丙,{ids[2]},,石桥村卫生室",
            f"丁,{ids[3]},火星村,",
        ]
    )
    check = check_roll(file=io.BytesIO(text.encode()), file_name="名册.csv", union=world.union_a)
    first, second, third, fourth = check.rows
    assert (first.verdict, first.data["union_id"], first.data["employer"]) == (
        ACCEPTED,
        village.pk,
        "嘉兴市交通运输局",
    )
    assert (second.verdict, second.data["union_id"]) == (ACCEPTED, world.union_a.pk)
    assert (third.verdict, third.data["union_id"], third.data["employer"]) == (
        ACCEPTED,
        world.union_a.pk,
        "石桥村卫生室",
    )
    assert fourth.verdict == REJECTED
    assert fourth.reason == "未知工会“火星村”：不是本工会或下级工会（C列“所属工会”）"
