"""A federation's summary cannot tell every base union's award, drive or activity: the figures keep
what the text names (the union's own, the highest or largest few, the first few of each kind) and
count or sum all of them, so what is computed and stored does not grow with the federation."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from activities.models import Activity, Award
from finances.models import DonationDrive, Fund
from finances.services import post_voucher
from finances.services.relief import Gift, create_drive, record_donations
from reports.figures import AWARDS_TOLD, BELOW_TOLD, EXAMPLES_PER_KIND, collect_figures
from reports.writer import competitions, drive_points, fund_points, other, restricted_point
from tests.activities.factories import ActivityFactory, AwardFactory
from tests.factories import UnionFactory
from tests.finances.factories import FundFactory, category, officer
from unionhub.models import Union

pytestmark = pytest.mark.django_db

YEAR = 2026


def text(points) -> list[str]:
    return ["".join(fragment["text"] for fragment in point) for point in points]


@pytest.fixture
def federation():
    root = UnionFactory(name="市局工会", kind=Union.Kind.SYSTEM, parent=None)
    bases = [UnionFactory(name=f"第{n}基层工会", kind=Union.Kind.BASE, parent=root) for n in range(1, 6)]
    return root, bases


def test_awards_keep_the_highest_of_each_category_and_count_all(federation):
    root, bases = federation
    for n in range(20):
        AwardFactory(
            union=bases[n % 5],
            category=Award.Category.SKILLS,
            level=Award.Level.NATIONAL if n in (5, 17) else Award.Level.SYSTEM,
            date=date(YEAR, 1, 1) + timedelta(days=n * 10),
            unit_name=f"班组{n}",
        )
    AwardFactory(union=root, category=Award.Category.HONOUR, level=Award.Level.CITY, unit_name="局机关")

    figures = collect_figures(union=root, year=YEAR)

    skills = [a for a in figures["awards"] if a["category"] == "skills"]
    assert len(skills) == AWARDS_TOLD
    assert {"班组5", "班组17"} <= {a["winner"] for a in skills}  # the national ones are kept
    assert [a["date"] for a in skills] == sorted(a["date"] for a in skills)
    assert figures["award_counts"] == {"skills": {"national": 2, "system": 18}, "honour": {"city": 1}}
    [point] = [p for p in text(competitions(figures, {})) if "技能竞赛" in p]
    assert "获得奖项20项（全国2项、系统内18项）" in point
    assert point.count("冠军") == AWARDS_TOLD and point.endswith("等。")


def test_activities_of_a_kind_keep_the_first_few_and_count_all(federation):
    root, bases = federation
    for n in range(EXAMPLES_PER_KIND + 3):
        ActivityFactory(
            union=bases[n % 5], kind=Activity.Kind.OTHER, title=f"其他{n}", start_date=date(YEAR, 2, 1 + n)
        )

    figures = collect_figures(union=root, year=YEAR)

    told = [a["title"] for a in figures["activities"] if a["kind"] == "other"]
    assert told == [f"其他{n}" for n in range(EXAMPLES_PER_KIND)]
    assert figures["activity_counts"]["other"] == EXAMPLES_PER_KIND + 3
    [point] = text(other(figures, {}))
    assert point.startswith(f"组织开展其他活动{EXAMPLES_PER_KIND + 3}项：")
    assert point.endswith("等。")


def test_drives_keep_the_own_and_the_largest_and_sum_the_rest(federation):
    root, bases = federation

    def drive(union, title, amounts):
        by = officer(union)
        fund = FundFactory(union=union, name=f"{title}基金", kind=Fund.Kind.HARDSHIP, restricted=True)
        made = create_drive(
            union=union,
            by=by,
            fund=fund,
            kind=DonationDrive.Kind.APPEAL,
            title=title,
            starts_on=date(YEAR, 3, 1),
        )
        gifts = [
            Gift(donor_kind="outside", donor_name=f"捐款人{i}", amount=Decimal(a))
            for i, a in enumerate(amounts)
        ]
        record_donations(drive=made, by=by, date=date(YEAR, 3, 5), gifts=gifts)

    drive(root, "本级倡议", ["50"])
    for n, union in enumerate(bases, start=1):
        drive(union, f"倡议{n}", [f"{n}00"] * n)  # drive n: n donors of n×100 yuan

    figures = collect_figures(union=root, year=YEAR)

    told = {d["title"]: d["donors"] for d in figures["drives"]}
    assert told == {"本级倡议": 1, "倡议3": 3, "倡议4": 4, "倡议5": 5}
    assert len(told) == 1 + BELOW_TOLD
    assert figures["drives_rest"] == {"drives": 2, "amount": "500.00", "paid": "0.00"}
    # The funds the drives fed are told with their drives, not again as funds.
    assert figures["restricted_funds"] == [] and figures["restricted_funds_rest"]["funds"] == 0
    points = text(drive_points(figures))
    assert points[-1] == "所属工会另开展捐款活动2次，收到捐款500元。"
    assert "第5基层工会发出“倡议5”，共收到5人（单位）捐款2500元" in points[3]


def test_restricted_funds_keep_the_own_and_the_largest_and_sum_the_rest(federation):
    root, bases = federation

    def interest(union, name, amount):
        fund = FundFactory(union=union, name=name, kind=Fund.Kind.HARDSHIP, restricted=True)
        post_voucher(
            union=union,
            by=officer(union),
            date=date(YEAR, 6, 21),
            fund=fund,
            category=category("投资收益"),
            amount=Decimal(amount),
            summary="定期存款利息",
        )

    interest(root, "本级帮困基金", "10")
    for n, union in enumerate(bases, start=1):
        interest(union, f"帮困基金{n}", f"{n}00")

    figures = collect_figures(union=root, year=YEAR)

    assert [f["name"] for f in figures["restricted_funds"]] == [
        "本级帮困基金",
        "帮困基金3",
        "帮困基金4",
        "帮困基金5",
    ]
    assert figures["restricted_funds_rest"] == {"funds": 2, "interest": "300.00", "paid": "0.00"}
    assert text(fund_points(figures))[-1] == "所属工会其他2个专项基金取得利息收入300元。"
    money = figures["funds"]
    assert [f["name"] for f in money["restricted"]] == ["本级帮困基金", "帮困基金3", "帮困基金4", "帮困基金5"]
    assert money["restricted_rest"] == {"funds": 2, "income": "300.00", "spending": "0.00"}
    assert "其他2项专项资金收入300元、支出0元" in "".join(f["text"] for f in restricted_point(money))
