"""Real roll files for the tests, written with openpyxl the way secretaries' spreadsheets look."""

import io
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook
from stdnum.cn import ric

from members.idcard import make_resident_id


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def id_ending_in_x(*, birth_date: date, region: str = "330481") -> str:
    for sequence in range(1, 1000, 2):
        number = make_resident_id(region=region, birth_date=birth_date, sequence=sequence)
        if number.endswith("X"):
            return number
    raise AssertionError("no sequence gives X")


@dataclass
class MessyRoll:
    """A roll with a title row, shuffled and aliased headers, an extra column, and every kind of problem.

    `expected` maps the spreadsheet row number to (verdict, words that must appear in the reason).
    """

    content: bytes
    expected: dict[int, tuple[str, list[str]]]
    good_ids: dict[int, str]


def messy_roll(
    *, registered_id: str = "", elsewhere_id: str = "", unit: str = "甲单位一班工会小组"
) -> MessyRoll:
    man = make_resident_id(region="330481", birth_date=date(1975, 6, 12), sequence=123)
    woman = make_resident_id(region="330424", birth_date=date(1962, 3, 8), sequence=42)  # born before 1983
    x_man = id_ending_in_x(birth_date=date(1988, 11, 30))
    third = make_resident_id(region="341221", birth_date=date(1990, 1, 15), sequence=77)
    fourth = make_resident_id(region="330402", birth_date=date(1985, 7, 1), sequence=88)
    fifth = make_resident_id(region="330402", birth_date=date(1986, 7, 1), sequence=90)
    sixth = make_resident_id(region="330402", birth_date=date(1987, 7, 1), sequence=92)
    seventh = make_resident_id(region="330402", birth_date=date(1991, 2, 3), sequence=94)
    wrong_check = man[:-1] + ("0" if man[-1] != "0" else "1")
    body = "33048119870230123"  # 30 February
    bad_birth = body + ric.calc_check_digit(body + "0")
    wb = Workbook()
    sheet = wb.active
    sheet.append(["甲单位工会会员花名册（2024年）"])
    # A 序号 (extra), B 身份证号 (alias), C 姓名, D 性别, E 出生年月日,
    # F 入会时间, G 用工性质, H 所属工会, I 手机, J 备注 (extra)
    sheet.append(
        [
            "序号",
            "公民身份号码（必填）",
            "姓 名",
            "性别",
            "出生年月日",
            "入会时间",
            "用工性质",
            "所属工会",
            "手机",
            "备注",
        ]
    )
    rows = [
        # 3: full-width digits, spaces inside, lower-case x; Excel date cells
        [
            1,
            full_width(x_man[:6]) + " " + x_man[6:14] + " " + x_man[14:].lower(),
            "  张 三丰 ",
            "男",
            datetime(1988, 11, 30),
            datetime(2024, 3, 1),
            "农民工",
            "",
            "138 1234 5678",
            "班长",
        ],
        # 4: a woman born 1962 with an old county code; dates typed as text in other ways
        [2, woman, "李秀英", "女", "1962年3月8日", "2024/3/1", "合同工", unit, "13900001111", ""],
        # 5: no name
        [3, seventh, "", "男", "", "2024.3.1", "", "", "", ""],
        # 6: no ID
        [4, "", "王五", "男", "", "20240301", "", "", "", ""],
        # 7: wrong check digit
        [5, wrong_check, "赵六", "男", "", 20240301, "", "", "", ""],
        # 8: a check digit over an impossible birth date
        [6, bad_birth, "孙七", "女", "", "", "", "", "", ""],
        # 9: birth date and sex contradict the ID
        [7, man, "周八", "女", datetime(1975, 6, 13), "2024-03-01", "", "", "", ""],
        # 10: repeats row 3's ID
        [8, x_man, "张三丰", "男", "", "2024-03-01", "", "", "", ""],
        # 11: unreadable date
        [9, fourth, "吴九", "女", "", "去年三月", "", "", "", ""],
        # 12: a union that is not A nor below it
        [10, fifth, "郑十", "男", "", "2024-03-01", "", "火星工会", "", ""],
        # 13: an ID typed into a number cell (its last digits are gone)
        [11, float(sixth[:-1] + "0"), "冯十一", "男", "", "2024-03-01", "", "", "", ""],
        # 14: a fine row whose unknown employment type becomes 其他 with a warning
        [12, third, "陈十二", "男", "1990-01-15", "2023-12-31", "外包", "", "", ""],
    ]
    expected = {
        3: ("accepted", []),
        4: ("accepted", []),
        5: ("rejected", ["缺少姓名", "C列"]),
        6: ("rejected", ["缺少身份证号码", "B列"]),
        7: ("rejected", ["校验位"]),
        8: ("rejected", ["出生日期不存在"]),
        9: ("rejected", ["性别与身份证号码不符", "出生日期与身份证号码不符", "D列", "E列"]),
        10: ("rejected", ["与第3行的证件号码重复"]),
        11: ("rejected", ["无法识别的日期", "F列"]),
        12: ("rejected", ["未知工会", "H列"]),
        13: ("rejected", ["存成了数字"]),
        14: ("accepted", []),
    }
    good_ids = {3: x_man, 4: woman, 14: third}
    if registered_id:
        rows.append([13, registered_id, "老会员", "", "", "2020-01-01", "", "", "", ""])
        expected[15] = ("registered", ["已在本工会登记"])
    if elsewhere_id:
        rows.append([14, elsewhere_id, "外单位会员", "", "", "2020-01-01", "", "", "", ""])
        expected[16 if registered_id else 15] = ("rejected", ["已在其他工会登记"])
    for row in rows:
        sheet.append(row)
    sheet.append([None] * 10)  # a blank row at the end is not a member
    buffer = io.BytesIO()
    wb.save(buffer)
    return MessyRoll(buffer.getvalue(), expected, good_ids)
