"""A roll-up summary cannot tell every base union's fund and drive: the union's own are told, the
largest few of those below, and the rest are summed in one sentence."""

from reports.figures import AWARDS_TOLD, BELOW_TOLD
from reports.phrases import award_points, series_named
from reports.writer import drive_points, fund_points, other, shortcomings


def text(points) -> list[str]:
    return ["".join(fragment["text"] for fragment in point) for point in points]


def drive(title, amount, *, own=False, union="乙单位工会"):
    return {
        "title": title,
        "kind": "appeal",
        "starts_on": "2026-03-01",
        "union": union,
        "own": own,
        "fund": "",
        "amount": amount,
        "gifts": 1,
        "donors": 1,
        "paid": "0.00",
        "paid_people": 0,
        "paid_by_whom": {},
    }


def test_drives_of_the_unions_below_beyond_a_few_are_summed():
    below = [drive(f"倡议{n}", f"{n}00.00") for n in range(1, 7)]
    points = text(drive_points({"year": 2026, "drives": [drive("本级倡议", "50.00", own=True), *below]}))
    assert len(points) == 1 + BELOW_TOLD + 1
    assert any("本级倡议" in p for p in points)  # the union's own, however small
    assert [n for n in range(1, 7) if any(f"倡议{n}”" in p for p in points)] == [4, 5, 6]
    assert points[-1] == "所属工会另开展捐款活动3次，收到捐款600元。"


def test_funds_of_the_unions_below_beyond_a_few_are_summed():
    funds = [
        {
            "name": f"互助基金{n}",
            "kind": "hardship",
            "purpose": "",
            "opened": 2020,
            "union": f"基层工会{n}",
            "own": False,
            "interest": f"{n}.00",
            "income": f"{n}.00",
            "paid": "0.00",
            "people": 0,
            "by_whom": {},
        }
        for n in range(1, 6)
    ]
    points = text(fund_points({"year": 2026, "restricted_funds": funds, "drives": []}))
    assert len(points) == BELOW_TOLD + 1
    assert points[-1] == "所属工会其他2个专项基金取得利息收入3元。"


def test_a_federation_s_many_awards_name_the_highest_levels_and_count_all():
    def award(n, level):
        return {
            "date": f"2026-{1 + n % 12:02d}-01",
            "winner": f"职工{n}",
            "winner_kind": "individual",
            "members": 1,
            "event": f"比赛{n}",
            "organiser": "",
            "level": level,
            "title": "一等奖",
            "category": "skills",
        }

    awards = [award(n, "national" if n in (7, 19) else "system") for n in range(30)]
    [point] = text(award_points({"awards": awards}, ("skills",), "获得奖项"))
    assert point.startswith("获得奖项30项（全国2项、系统内28项）：")
    assert "职工7在" in point and "职工19在" in point  # the national ones are named
    assert point.count("一等奖") == AWARDS_TOLD and point.endswith("等。")


def test_series_of_the_same_title_in_several_unions_are_named_once():
    series = [{"title": "每周五政治理论学习"}, {"title": "每周五政治理论学习"}, {"title": "周三读书会"}]
    [said] = [fragment["text"] for fragment in series_named(series, [5, 240])]
    assert said == "（含每周例行的“每周五政治理论学习”“周三读书会”等，共240次）"


def test_other_activities_of_one_title_in_several_unions_are_named_once():
    acts = [
        {"kind": "other", "title": title, "date": f"2026-01-0{day}", "union": f"工会{day}"}
        for day, title in ((1, "职工之家开放日"), (2, "职工之家开放日"), (3, "职工读书角揭牌"))
    ]
    figures = {"activities": acts, "activity_counts": {"other": 9}, "union": {"name": "总工会"}}
    [point] = text(other(figures, {}))
    assert point == "组织开展其他活动9项：举办“职工之家开放日”；1月3日，举办“职工读书角揭牌”等。"


def test_unspent_funds_of_the_unions_below_are_named_with_their_union():
    figures = {
        "year": 2026,
        "shortcomings": {
            "unspent_funds": [["帮困基金", "5000.00", ""], ["帮困基金", "3000.00", "乙单位工会"]],
            "unspent_funds_count": 2,
        },
    }
    [point] = [p for p in text(shortcomings(figures, {})) if "专项资金" in p]
    assert "“帮困基金”结余5000元、乙单位工会“帮困基金”结余3000元，全年未发生支出" in point
