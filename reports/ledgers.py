"""A member's ledger (会员台账): what the union's records say about one member in one year."""

from dataclasses import dataclass
from decimal import Decimal

from activities.models import Attendance, Award, Suggestion
from activities.selectors import MemberAttendance, member_attendance
from finances import selectors
from finances.models import AidPayment, VoucherLine
from members.models import Member, MemberEvent


@dataclass
class MemberYear:
    attendance: list[Attendance]
    attendance_figures: MemberAttendance
    awards: list[Award]
    suggestions: list[Suggestion]
    dues: list[VoucherLine]
    dues_total: Decimal
    aid: list[AidPayment]
    aid_total: Decimal
    events: list[MemberEvent]


def member_year(*, member: Member, year: int) -> MemberYear:
    attendance = list(
        Attendance.objects.filter(member=member, activity__start_date__year=year)
        .select_related("activity", "activity__union")
        .order_by("activity__start_date", "activity__pk")
    )
    awards = list(
        Award.objects.filter(members=member, date__year=year).select_related("activity").order_by("date")
    )
    suggestions = list(
        Suggestion.objects.filter(member=member, collected_on__year=year).order_by("collected_on")
    )
    dues = list(
        selectors.standing(VoucherLine.objects.filter(member=member, period__year=year))
        .select_related("voucher")
        .order_by("period")
    )
    aid = list(
        selectors.standing(AidPayment.objects.filter(member=member, date__year=year))
        .select_related("voucher")
        .order_by("date")
    )
    events = list(
        MemberEvent.objects.filter(member=member)
        .select_related("union", "other_union", "recorded_by")
        .order_by("date", "pk")
    )
    return MemberYear(
        attendance=attendance,
        attendance_figures=member_attendance(member=member, year=year),
        awards=awards,
        suggestions=suggestions,
        dues=dues,
        dues_total=sum((line.amount for line in dues), Decimal("0.00")),
        aid=aid,
        aid_total=sum((payment.amount for payment in aid), Decimal("0.00")),
        events=events,
    )
