"""The standard answers for 学历, 政治面貌, 户籍类型 and 技能等级, and the ways people write them.

The register stores the standard words; `canonical()` turns what a roll or an old record says
("党员", "大专", "农业户口", "四级") into them. Used by `Member.normalise()`, the roll import and the
data migration that brought the old free-text values over.
"""

import re
import unicodedata

EDUCATION = ("研究生", "大学本科", "大学专科", "中专/技校", "高中", "初中及以下")
POLITICAL_STATUS = ("中共党员", "中共预备党员", "共青团员", "民主党派成员", "无党派人士", "群众")
HOUSEHOLD_TYPE = ("城镇", "农村")
SKILL_LEVEL = ("初级工", "中级工", "高级工", "技师", "高级技师", "无")

CHOICES = {
    "education": EDUCATION,
    "political_status": POLITICAL_STATUS,
    "household_type": HOUSEHOLD_TYPE,
    "skill_level": SKILL_LEVEL,
}

ALIASES = {
    "education": {
        "博士": "研究生", "博士研究生": "研究生", "硕士": "研究生", "硕士研究生": "研究生",
        "研究生": "研究生",
        "本科": "大学本科", "大学": "大学本科", "大学本科": "大学本科", "学士": "大学本科",
        "大专": "大学专科", "专科": "大学专科", "大学专科": "大学专科", "高职": "大学专科",
        "中专": "中专/技校", "中技": "中专/技校", "技校": "中专/技校", "中专/技校": "中专/技校",
        "中等专科": "中专/技校", "职高": "中专/技校", "职业高中": "中专/技校",
        "高中": "高中", "普高": "高中", "普通高中": "高中",
        "初中": "初中及以下", "小学": "初中及以下", "初中及以下": "初中及以下", "文盲": "初中及以下",
    },
    "political_status": {
        "中共党员": "中共党员", "党员": "中共党员", "共产党员": "中共党员", "中国共产党党员": "中共党员",
        "中共预备党员": "中共预备党员", "预备党员": "中共预备党员",
        "共青团员": "共青团员", "团员": "共青团员", "中国共产主义青年团团员": "共青团员",
        "民主党派": "民主党派成员", "民主党派成员": "民主党派成员",
        "无党派": "无党派人士", "无党派人士": "无党派人士",
        "群众": "群众", "无": "群众",
    },
    "household_type": {
        "城镇": "城镇", "城市": "城镇", "非农": "城镇", "非农业": "城镇", "非农业户口": "城镇",
        "城镇户口": "城镇", "居民户口": "城镇", "城镇居民": "城镇",
        "农村": "农村", "农业": "农村", "农业户口": "农村", "农村户口": "农村", "农民": "农村",
    },
    "skill_level": {
        "初级工": "初级工", "初级": "初级工", "五级": "初级工", "五级/初级工": "初级工",
        "中级工": "中级工", "中级": "中级工", "四级": "中级工", "四级/中级工": "中级工",
        "高级工": "高级工", "高级": "高级工", "三级": "高级工", "三级/高级工": "高级工",
        "技师": "技师", "二级": "技师", "二级/技师": "技师",
        "高级技师": "高级技师", "一级": "高级技师", "一级/高级技师": "高级技师",
        "无": "无", "没有": "无", "暂无": "无",
    },
}  # fmt: skip


def _key(value) -> str:
    text = unicodedata.normalize("NFKC", str(value or ""))
    return re.sub(r"[\s()（）]", "", text)


def canonical(field: str, value) -> str | None:
    """The standard word for `value`, "" for nothing written, None when it cannot be told."""
    key = _key(value)
    if not key:
        return ""
    return ALIASES[field].get(key)


def choices(field: str) -> list[tuple[str, str]]:
    return [(word, word) for word in CHOICES[field]]
