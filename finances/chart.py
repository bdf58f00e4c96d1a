"""The standard chart of accounts, as data: each edition of the union accounting system.

The 2021 edition (财会〔2021〕7号, in force 2022-01-01) carries the official account codes and names:
the base-union accounts, and the county-level ones (县级以上工会) a union opens when it needs one.
The 2009 edition is kept as a mapping: each of its items names the 2021 account it counts under,
so books from before 2022 read in their own terms and still sum into the statements.

`seed(apps)` writes it (the data migrations call it; so does post_migrate after a flush).
"""

from datetime import date

INCOME, SPENDING = "in", "out"

# The income and spending accounts of 2021: (code, name, direction, county-level only, [(code, name)]).
ACCOUNTS_2021 = [
    ("401", "会费收入", INCOME, False, []),
    ("402", "拨缴经费收入", INCOME, False, []),
    ("403", "上级补助收入", INCOME, False, [("40301", "一般性转移支付补助"), ("40302", "专项转移支付补助")]),
    ("404", "政府补助收入", INCOME, True, []),
    ("405", "行政补助收入", INCOME, False, []),
    ("406", "附属单位上缴收入", INCOME, True, []),
    ("407", "投资收益", INCOME, True, []),
    ("408", "其他收入", INCOME, False, []),
    (
        "501",
        "职工活动支出",
        SPENDING,
        False,
        [
            ("50101", "职工教育"),
            ("50102", "文体活动"),
            ("50103", "宣传活动"),
            ("50104", "劳模职工疗休养"),
            ("50105", "会员活动"),
            ("50106", "其他活动"),
        ],
    ),
    ("502", "职工活动组织支出", SPENDING, True, []),
    (
        "503",
        "职工服务支出",
        SPENDING,
        False,
        [
            ("50301", "劳动和技能竞赛"),
            ("50302", "建家活动"),
            ("50303", "职工创新"),
            ("50304", "职工书屋"),
            ("50305", "其他服务"),
        ],
    ),
    (
        "504",
        "维权支出",
        SPENDING,
        False,
        [
            ("50401", "劳动关系协调"),
            ("50402", "劳动保护"),
            ("50403", "法律援助"),
            ("50404", "困难职工帮扶"),
            ("50405", "送温暖"),
            ("50406", "其他维权"),
        ],
    ),
    (
        "505",
        "业务支出",
        SPENDING,
        False,
        [("50501", "培训"), ("50502", "会议"), ("50503", "专项业务"), ("50504", "其他业务")],
    ),
    ("506", "行政支出", SPENDING, True, []),
    (
        "507",
        "资本性支出",
        SPENDING,
        False,
        [
            ("50701", "房屋建筑物购建"),
            ("50702", "办公设备购置"),
            ("50703", "专用设备购置"),
            ("50704", "交通工具购置"),
            ("50705", "大型修缮"),
            ("50706", "信息网络购建"),
            ("50707", "其他资本性支出"),
        ],
    ),
    ("508", "补助下级支出", SPENDING, True, []),
    ("509", "对附属单位的支出", SPENDING, True, []),
    ("510", "其他支出", SPENDING, False, []),
]

# The 2009 edition: (code, name, direction, the 2021 account it maps to, [(code, name, maps to)]).
ACCOUNTS_2009 = [
    ("401", "会费收入", INCOME, "401", []),
    ("402", "拨缴经费收入", INCOME, "402", []),
    (
        "403",
        "上级补助收入",
        INCOME,
        "403",
        [
            ("40301", "回拨补助", "40301"),
            ("40302", "专项补助", "40302"),
            ("40303", "超收补助", "40301"),
            ("40304", "帮扶补助", "40302"),
            ("40305", "送温暖补助", "40302"),
            ("40306", "救灾补助", "40302"),
            ("40307", "其他补助", "40301"),
        ],
    ),
    ("404", "政府补助收入", INCOME, "404", []),
    ("405", "行政补助收入", INCOME, "405", []),
    ("406", "事业收入", INCOME, "408", []),
    ("407", "投资收益", INCOME, "407", []),
    ("408", "其他收入", INCOME, "408", []),
    ("501", "职工活动支出", SPENDING, "501", []),
    ("502", "维权支出", SPENDING, "504", []),
    ("503", "业务支出", SPENDING, "505", []),
    ("504", "行政支出", SPENDING, "506", []),
    ("505", "资本性支出", SPENDING, "507", []),
    ("506", "补助下级支出", SPENDING, "508", []),
    ("507", "事业支出", SPENDING, "510", []),
    ("508", "其他支出", SPENDING, "510", []),
]

EDITIONS = {
    "2021": ("工会会计制度", "财会〔2021〕7号", date(2022, 1, 1)),
    "2009": ("工会会计制度", "财会〔2009〕7号", date(2010, 1, 1)),
}

# The balance-sheet accounts of a base union (科目余额表), besides income and spending.
ASSET, LIABILITY, NET_ASSETS = "asset", "liability", "net"
BALANCE_ACCOUNTS_2021 = [
    ("101", "库存现金", ASSET),
    ("102", "银行存款", ASSET),
    ("131", "应收上级经费", ASSET),
    ("135", "其他应收款", ASSET),
    ("141", "库存物品", ASSET),
    ("162", "固定资产", ASSET),
    ("163", "累计折旧", ASSET),
    ("182", "待处理财产损溢", ASSET),
    ("211", "应付上级经费", LIABILITY),
    ("215", "其他应付款", LIABILITY),
    ("301", "资产基金", NET_ASSETS),
    ("321", "工会资金结转", NET_ASSETS),
    ("322", "工会资金结余", NET_ASSETS),
]

# Names other parts of the product look categories up by (top level of the 2021 edition).
DUES = "会费收入"
ALLOCATED = "拨缴经费收入"
GRANTS = "上级补助收入"
GENERAL_GRANT = "一般性转移支付补助"
EARMARKED_GRANT = "专项转移支付补助"
OTHER_INCOME = "其他收入"
ACTIVITIES = "职工活动支出"
RIGHTS = "维权支出"
HARDSHIP_AID = "困难职工帮扶"
HOLIDAY_VISITS = "送温暖"
GRANTS_TO_LOWER = "补助下级支出"

# Codes of 2021 the statements and consolidation look for.
DUES_CODE = "401"
GRANTS_CODE = "403"
GRANTS_TO_LOWER_CODE = "508"


def seed(apps=None, using: str = "default") -> None:
    """Write every edition of the chart. Standard rows are found by edition and code and brought to
    the name and flags above; union-added sub-items are left alone. Safe to re-run."""
    if apps is None:
        from django.apps import apps
    Category = apps.get_model("finances", "Category")
    editions = apps.get_model("finances", "CategoryEdition").objects.db_manager(using)
    categories = Category.objects.db_manager(using)
    fields = {field.name for field in Category._meta.get_fields()}
    rows = {}
    for code, (name, document, effective_from) in EDITIONS.items():
        edition, _ = editions.get_or_create(
            code=code, defaults={"name": name, "document": document, "effective_from": effective_from}
        )
        rows[code] = edition

    def put(edition, parent, code, name, direction, **extra):
        extra = {key: value for key, value in extra.items() if key in fields}
        row = categories.filter(edition=edition, union=None, code=code).first()
        if row is None:
            return categories.create(
                edition=edition, parent=parent, code=code, name=name, direction=direction, union=None, **extra
            )
        changed = {"name": name, "parent": parent, "direction": direction, **extra}
        if any(getattr(row, key) != value for key, value in changed.items()):
            for key, value in changed.items():
                setattr(row, key, value)
            row.save()
        return row

    accounts = {}
    for code, name, direction, county, subs in ACCOUNTS_2021:
        top = put(rows["2021"], None, code, name, direction, county_level=county)
        accounts[code] = top
        for sub_code, sub_name in subs:
            accounts[sub_code] = put(rows["2021"], top, sub_code, sub_name, direction, county_level=county)
    for code, name, direction, maps_to, subs in ACCOUNTS_2009:
        top = put(rows["2009"], None, code, name, direction, maps_to=accounts[maps_to])
        for sub_code, sub_name, sub_maps_to in subs:
            put(rows["2009"], top, sub_code, sub_name, direction, maps_to=accounts[sub_maps_to])
