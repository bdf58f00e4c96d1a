"""The standard chart of categories, as data: each edition of the union accounting system.

`seed(apps)` writes it (the data migration calls it; so do tests after a flush). Codes are this
product's ordering codes in the order the standard lists its items, not official account numbers.
"""

from datetime import date

INCOME, SPENDING = "in", "out"

# edition code -> (name, document, in force from, {direction: [(top-level item, [standard sub-items])]})
EDITIONS = {
    "2021": (
        "工会会计制度",
        "财会〔2021〕7号",
        date(2022, 1, 1),
        {
            INCOME: [
                ("会费收入", []),
                ("拨缴经费收入", []),
                ("上级补助收入", ["回拨补助", "专项补助", "帮扶补助", "送温暖补助", "救灾补助", "其他补助"]),
                ("政府补助收入", []),
                ("行政补助收入", []),
                ("附属单位上缴收入", []),
                ("投资收益", []),
                ("其他收入", []),
            ],
            SPENDING: [
                ("职工活动支出", ["职工教育", "文体活动", "宣传活动", "其他活动"]),
                ("职工服务支出", []),
                (
                    "维权支出",
                    ["劳动关系协调", "劳动保护", "法律援助", "困难职工帮扶", "送温暖", "其他维权"],
                ),
                ("业务支出", ["培训", "会议", "专项业务", "其他业务"]),
                ("资本性支出", []),
                ("补助下级支出", []),
                ("对附属单位的支出", []),
                ("其他支出", []),
            ],
        },
    ),
    # Kept so books from before 2022 read in their own terms; top level only.
    "2009": (
        "工会会计制度",
        "财会〔2009〕7号",
        date(2010, 1, 1),
        {
            INCOME: [
                (name, [])
                for name in (
                    "会费收入",
                    "拨缴经费收入",
                    "上级补助收入",
                    "政府补助收入",
                    "行政补助收入",
                    "事业收入",
                    "投资收益",
                    "其他收入",
                )
            ],
            SPENDING: [
                (name, [])
                for name in (
                    "职工活动支出",
                    "维权支出",
                    "业务支出",
                    "行政支出",
                    "资本性支出",
                    "补助下级支出",
                    "事业支出",
                    "其他支出",
                )
            ],
        },
    ),
}

# Names other parts of the product look categories up by (top level of the 2021 edition).
DUES = "会费收入"
ALLOCATED = "拨缴经费收入"
GRANTS = "上级补助收入"
OTHER_INCOME = "其他收入"
ACTIVITIES = "职工活动支出"
RIGHTS = "维权支出"
HARDSHIP_AID = "困难职工帮扶"
HOLIDAY_VISITS = "送温暖"


def seed(apps=None, using: str = "default") -> None:
    """Write every edition of the chart; existing rows are left alone, so it is safe to re-run."""
    if apps is None:
        from django.apps import apps
    editions = apps.get_model("finances", "CategoryEdition").objects.db_manager(using)
    categories = apps.get_model("finances", "Category").objects.db_manager(using)
    for code, (name, document, effective_from, chart) in EDITIONS.items():
        edition, _ = editions.get_or_create(
            code=code, defaults={"name": name, "document": document, "effective_from": effective_from}
        )
        for direction, items in chart.items():
            first_digit = "4" if direction == INCOME else "5"
            for position, (top_name, sub_items) in enumerate(items, start=1):
                top_code = f"{first_digit}{position:02d}"
                top, _ = categories.get_or_create(
                    edition=edition,
                    parent=None,
                    name=top_name,
                    union=None,
                    defaults={"direction": direction, "code": top_code},
                )
                for sub_position, sub_name in enumerate(sub_items, start=1):
                    categories.get_or_create(
                        edition=edition,
                        parent=top,
                        name=sub_name,
                        union=None,
                        defaults={"direction": direction, "code": f"{top_code}{sub_position:02d}"},
                    )
