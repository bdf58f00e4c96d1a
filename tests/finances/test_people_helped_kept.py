"""People helped and donors kept as aid is paid and gifts are given (finances.models.helped): the same
figures a count of the payments and gifts gives, one row read per key whatever the size of the tree,
through reversals and a union moved."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from finances import relief_selectors, services
from finances.models import AidPayment, DonationDrive, HelpedCount, helped
from finances.services.relief import pay_aid
from tests.factories import UnionFactory
from tests.finances.factories import FundFactory, officer
from tests.members.factories import MemberFactory
from tests.refused import refused
from tests.reports.test_people_helped import YEAR, township
from unionhub.models import Union
from unionhub.services import move_union

pytestmark = pytest.mark.django_db

YEAR_END = datetime.date(YEAR, 12, 31)


def kept(union: Union) -> relief_selectors.AidOfYear:
    return relief_selectors.aid_of_year(union=union, year=YEAR, as_of=YEAR_END)


def counted(union: Union) -> relief_selectors.AidOfYear:
    return relief_selectors.aid_counted(union=union, year=YEAR, as_of=YEAR_END)


@pytest.fixture
def town():
    return township()


@pytest.fixture
def village(town):
    """A village union below the township: a member helped twice, a student with no stage recorded, a
    widow by her ID number, and a payment through a hardship file."""
    village = UnionFactory(name="东村工会", parent=town.union)
    treasurer = officer(village)
    fund = FundFactory(union=village, name="村帮困资金", restricted=True, opened_on=datetime.date(2020, 1, 1))
    services.record_opening_balance(
        fund=fund, by=treasurer, date=datetime.date(YEAR, 1, 1), amount=Decimal("9000")
    )
    member = MemberFactory(union=village, join_date=datetime.date(2010, 1, 1))

    def pay(amount, month, **who):
        return pay_aid(
            union=village,
            by=treasurer,
            date=datetime.date(YEAR, month, 5),
            fund=fund,
            amount=Decimal(amount),
            kind=who.pop("kind", AidPayment.Kind.LIVING),
            **who,
        )

    pay("300", 2, member=member)
    pay("300", 3, member=member)
    pay(
        "600", 8, kind=AidPayment.Kind.SCHOOLING, recipient=AidPayment.Recipient.STUDENT, beneficiary="李同学"
    )
    pay(
        "400",
        10,
        recipient=AidPayment.Recipient.OTHER,
        beneficiary="赵大娘",
        id_number="110101194003078512",
    )
    return village, treasurer, member


def test_the_kept_figures_are_the_counted_ones(town, village):
    for union in (town.union, village[0]):
        assert kept(union) == counted(union)
    assert helped.differences() == []
    town_aid = kept(town.union)
    assert town_aid.in_all.by_whom == {"member": 5, "student": 20, "other": 2}
    assert town_aid.students[AidPayment.Kind.SCHOOLING, ""].people == 1


def test_the_figures_of_a_year_are_one_row_per_key_read_once(town, village):
    with CaptureQueriesContext(connection) as queries:
        aid = kept(town.union)
    assert len(queries) == 1
    assert aid.in_all.people == 27 and aid.through_case == 0


def test_a_person_stays_helped_until_their_last_payment_is_reversed(village):
    union, treasurer, member = village
    payments = list(AidPayment.objects.filter(member=member).order_by("date"))
    services.reverse_voucher(voucher=payments[0].voucher, by=treasurer, reason="重复发放")
    after_one = kept(union)
    assert after_one.in_all.by_whom["member"] == 1
    assert after_one.by_kind[AidPayment.Kind.LIVING].payments == 2
    services.reverse_voucher(voucher=payments[1].voucher, by=treasurer, reason="重复发放")
    assert "member" not in kept(union).in_all.by_whom
    assert kept(union) == counted(union)
    assert helped.differences() == []


def test_a_union_moved_takes_its_people_helped_along(town, village):
    union = village[0]
    before = kept(town.union).in_all.people
    elsewhere = UnionFactory(name="另一镇总工会", parent=None)
    move_union(union=union, parent=elsewhere)
    assert kept(town.union).in_all.people == before - 3
    assert kept(elsewhere).in_all.people == 3
    assert helped.differences() == []


def test_nobody_writes_the_kept_rows_but_the_triggers(town):
    with refused():
        HelpedCount.objects.filter(union=town.union).update(people=0)


def test_a_drive_year_keeps_its_gifts_donors_and_reversals(town):
    treasurer = town.treasurer
    fund = FundFactory(union=town.union, name="送温暖资金", restricted=True)
    drive = services.create_drive(
        union=town.union,
        by=treasurer,
        fund=fund,
        kind="annual",
        title="募捐月",
        starts_on=datetime.date(YEAR, 10, 1),
    )
    member = MemberFactory(union=town.union)
    services.record_donations(
        drive=drive,
        by=treasurer,
        date=datetime.date(YEAR, 10, 8),
        gifts=[
            services.Gift("member", Decimal("200"), member=member),
            services.Gift("outside", Decimal("50"), donor_name="王五"),
        ],
    )
    late = services.record_donations(
        drive=drive,
        by=treasurer,
        date=datetime.date(YEAR, 11, 20),
        gifts=[services.Gift("member", Decimal("100"), member=member)],
    )
    drives = DonationDrive.objects.filter(pk=drive.pk)
    raised = relief_selectors.raised_in_year(drives, year=YEAR, as_of=YEAR_END)
    assert raised == {drive.pk: (Decimal("350.00"), 3, 2)}
    # Counted from the gifts up to a day inside the year, the same.
    assert relief_selectors.raised_in_year(drives, year=YEAR, as_of=datetime.date(YEAR, 12, 30)) == raised
    services.reverse_voucher(voucher=late, by=treasurer, reason="退回")
    assert relief_selectors.raised_in_year(drives, year=YEAR, as_of=YEAR_END) == {
        drive.pk: (Decimal("250.00"), 2, 2)
    }
    assert helped.differences() == []
