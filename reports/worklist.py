"""The home page's worklist: what is due in the active role's reach, as counts with links.

An item is asked only of a role that can act on it (writes its area: the treasurer hears of wage
bases and month closing, the secretary of attendance and hardship files, the chair of approvals,
terms and the summary), and only about what each union does: a union whose profile says it collects
no dues here (Union.dues_mode) never hears about wage bases or monthly dues, and one that collects a
fixed amount never about wage bases.

Each provider is `provider(request, today) -> list[WorkItem]` registered in `unionhub.hooks.WORKLIST`
(by `reports.apps`). A provider answers only for areas the role may read, and runs a fixed number of
queries over the whole reach (never one per union or record): the home page stays flat as data grows.
To add an item, write a provider here (or in any app downstream of unionhub) and register it.
"""

from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from activities.models import Activity, Attendance
from finances import selectors as finance_selectors
from finances.models import (
    AuditQuery,
    AwaitingApproval,
    DuesRun,
    Fund,
    LedgerTotal,
    MissingWageBases,
    MonthClose,
    totals,
)
from members.models import HardshipCase, Member
from reports.models import AnnualSummary, AuditReport
from unionhub.access import (
    ACTIVITIES,
    AUDIT,
    CLOSING,
    FINANCES,
    HARDSHIP,
    MEMBERS,
    ORGANISATION,
    QUERIES,
    SUMMARY,
    can_write,
    in_reach,
)
from unionhub.hooks import WorkItem
from unionhub.models import Role, Union

TERM_WARNING_DAYS = 90
SUMMARY_DUE = (12, 1)  # from 1 December the year's summary is due


def _acts(request, area: str) -> bool:
    """The active role can act on items of `area` (it writes there)."""
    return can_write(request.role, area)


def _book_union_mode(mode: str) -> Q:
    """Records (members, counts) of unions whose dues are collected by a union of `mode`: their own
    union, or for a 工会小组 (which keeps no books) the union above it."""
    group = Union.Kind.GROUP
    return Q(union__dues_mode=mode) & ~Q(union__kind=group) | Q(
        union__kind=group, union__parent__dues_mode=mode
    )


def hardship_due(request, today: date) -> list[WorkItem]:
    if not _acts(request, HARDSHIP):
        return []
    count = in_reach(request, HardshipCase.objects.due_for_verification(today)).count()
    return [WorkItem(_("困难职工档案待年度复核"), count, reverse("members:hardship_due"))]


def missing_wage_bases(request, today: date) -> list[WorkItem]:
    """Active members with no wage base, in unions that collect dues as 0.5% of the wage: the counts
    kept per union (finances.models.wage_gaps), not every member looked up."""
    if not _acts(request, FINANCES):
        return []
    count = in_reach(
        request, MissingWageBases.objects.filter(_book_union_mode(Union.DuesMode.WAGE))
    ).aggregate(members=Sum("members", default=0))["members"]
    return [WorkItem(_("在册会员未登记缴费工资基数"), count, reverse("finances:wage_list"))]


def months_before(today: date) -> list[tuple[int, int]]:
    """The months of this year that have ended."""
    return [(today.year, month) for month in range(1, today.month)]


def missing_dues_runs(request, today: date) -> list[WorkItem]:
    """Ended months of this year with no dues recorded, for each union that keeps books, collects dues
    and has paying members, counted from the month of its first dues run (a union that never ran
    one: last month). Only the runs from this year on are read: a run of an earlier year is asked of each
    union as an index probe (it makes every ended month count)."""
    if not _acts(request, FINANCES) or today.month == 1:
        return []
    paying = Member.objects.filter(status=Member.Status.ACTIVE)
    runs = DuesRun.objects.filter(cancelled=False)
    book_keepers = (
        Union.objects.within(request.role.union)
        .exclude(kind=Union.Kind.GROUP)
        .exclude(dues_mode=Union.DuesMode.NONE)
        .open()
        .filter(
            Exists(
                paying.filter(
                    Q(union=OuterRef("pk")) | Q(union__parent=OuterRef("pk"), union__kind=Union.Kind.GROUP)
                )
            )
        )
        .annotate(ran_before=Exists(runs.filter(union=OuterRef("pk"), year__lt=today.year)))
    )
    keepers = dict(book_keepers.values_list("pk", "ran_before"))
    done: dict[int, set[tuple[int, int]]] = {}
    for union_id, year, month in in_reach(request, runs.filter(year__gte=today.year)).values_list(
        "union_id", "year", "month"
    ):
        done.setdefault(union_id, set()).add((year, month))
    ended = months_before(today)
    missing = 0
    for union_id, ran_before in keepers.items():
        months = done.get(union_id, set())
        first = (today.year, 0) if ran_before else min(months) if months else ended[-1]
        missing += sum(1 for month in ended if month >= first and month not in months)
    return [WorkItem(_("已过月份未记会费（按工会、月份计）"), missing, reverse("finances:dues"))]


def months_left_open(request, today: date) -> list[WorkItem]:
    """Months that have ended, have vouchers, and are not closed (结账), per union: read from the
    ledger totals (a row for each union and month with vouchers), not from the vouchers."""
    if not _acts(request, FINANCES):
        return []
    closed = MonthClose.objects.filter(
        union=OuterRef("union"), year=OuterRef("year"), month=OuterRef("month")
    )
    # The unions' ids first: joined to the unions, PostgreSQL scanned every union's totals.
    unions = list(Union.objects.within(request.role.union).values_list("pk", flat=True))
    count = (
        LedgerTotal.objects.filter(totals.before(today), vouchers__gt=0, union__in=unions)
        .filter(~Exists(closed))
        .values("union", "year", "month")
        .distinct()
        .count()
    )
    return [WorkItem(_("已过月份尚未结账（按工会、月份计）"), count, reverse("finances:month_list"))]


def spending_to_approve(request, today: date) -> list[WorkItem]:
    if not _acts(request, CLOSING) or request.role.kind != Role.Kind.CHAIR:
        return []
    count = in_reach(request, AwaitingApproval.objects.all()).count()
    return [WorkItem(_("支出凭证待审批"), count, reverse("finances:voucher_list") + "?pending=on")]


def attendance_not_taken(request, today: date) -> list[WorkItem]:
    if not _acts(request, ACTIVITIES):
        return []
    count = (
        in_reach(request, Activity.objects.filter(start_date__lt=today, start_date__year=today.year))
        .filter(~Exists(Attendance.objects.filter(activity=OuterRef("pk"))), non_member_participants=0)
        .count()
    )
    return [WorkItem(_("今年已举办的活动尚未考勤"), count, reverse("activities:activity_list"))]


def summary_not_finalised(request, today: date) -> list[WorkItem]:
    if not _acts(request, SUMMARY) or (today.month, today.day) < SUMMARY_DUE:
        return []
    union = request.role.union
    finalised = AnnualSummary.objects.filter(
        union=union, year=today.year, status=AnnualSummary.Status.FINAL
    ).exists()
    url = reverse("reports:summary", kwargs={"union_id": union.pk, "year": today.year})
    return [
        WorkItem(_("%(year)d年度工会工作总结尚未定稿") % {"year": today.year}, 0 if finalised else 1, url)
    ]


def terms_ending(request, today: date) -> list[WorkItem]:
    if not _acts(request, ORGANISATION):
        return []
    count = (
        Union.objects.within(request.role.union)
        .open()
        .filter(term_end__gte=today, term_end__lte=today + timedelta(days=TERM_WARNING_DAYS))
        .count()
    )
    return [
        WorkItem(
            _("委员会任期将在%(days)d天内届满，需筹备换届") % {"days": TERM_WARNING_DAYS},
            count,
            reverse("organisation:tree"),
        )
    ]


def first_steps(request, today: date) -> list[WorkItem]:
    """A new union's first things to do: its funds, its roll, its officers. Each officer sees the
    steps that are theirs; the chair sees them all."""
    role = request.role
    union = role.union
    chair = role.kind == Role.Kind.CHAIR
    found = (
        Union.objects.filter(pk=union.pk)
        .values(
            has_funds=Exists(Fund.objects.filter(union=OuterRef("pk"))),
            has_members=Exists(Member.objects.filter(union=OuterRef("pk"))),
        )
        .get()
    )
    items = []
    if (chair or can_write(role, FINANCES)) and not found["has_funds"]:
        items.append(
            WorkItem(
                _("设立资金账户"),
                1,
                reverse("finances:fund_list"),
                first_step=True,
                hint=_("先建立工会经费等资金，才能记账、记会费。"),
            )
        )
    no_roll = not found["has_members"] and not in_reach(request, Member.objects.all()).exists()
    if (chair or can_write(role, MEMBERS)) and no_roll:
        roll = "members:import_upload" if can_write(role, MEMBERS) else "members:member_list"
        items.append(
            WorkItem(
                _("登记会员名册"),
                1,
                reverse(roll),
                first_step=True,
                hint=_("逐个登记会员，或上传 Excel 花名册一次导入。"),
            )
        )
    if can_write(role, ORGANISATION):
        offices = set(Role.objects.current().filter(union=union).values_list("kind", flat=True))
        if not {Role.Kind.SECRETARY, Role.Kind.TREASURER} <= offices:
            items.append(
                WorkItem(
                    _("任命工会干事和会计"),
                    1,
                    reverse("organisation:officers", kwargs={"union_id": union.pk}),
                    first_step=True,
                    hint=_("为他们建立登录账号，一次性密码当面交给本人。"),
                )
            )
    return items


# The audit committee's desk ------------------------------------------------------------------------


def queries_to_answer(request, today: date) -> list[WorkItem]:
    """Queries put by the audit committee that nobody has answered yet (treasurer and chair)."""
    if not can_write(request.role, QUERIES):
        return []
    count = in_reach(request, AuditQuery.objects.filter(status=AuditQuery.Status.OPEN)).count()
    return [WorkItem(_("经费审查询问待答复"), count, reverse("finances:query_list"))]


def queries_to_close(request, today: date) -> list[WorkItem]:
    """Answered queries waiting for an auditor to read the answer and close them."""
    if not can_write(request.role, AUDIT):
        return []
    count = in_reach(request, AuditQuery.objects.filter(status=AuditQuery.Status.ANSWERED)).count()
    return [WorkItem(_("经费审查询问已答复，待审阅关闭"), count, reverse("finances:query_list"))]


def unpaired_between_unions(request, today: date) -> list[WorkItem]:
    """Money between the union and another union of the tree booked by one side only, or with
    amounts that differ, this year (the 内部往来核对表): both treasurers see it."""
    if not _acts(request, FINANCES):
        return []
    union = request.role.union
    items = finance_selectors.unpaired_between_unions(union, start=date(today.year, 1, 1), end=today)
    link = reverse("finances:reconciliation") + f"?union={union.pk}&year={today.year}"
    return [WorkItem(_("上下级往来未核对一致"), len(items), link)]


def review_report_not_signed(request, today: date) -> list[WorkItem]:
    """Last year's review report, until the auditor signs it off (the assembly hears it early in the year)."""
    if not can_write(request.role, AUDIT):
        return []
    union, year = request.role.union, today.year - 1
    signed = AuditReport.objects.filter(union=union, year=year, status=AuditReport.Status.FINAL).exists()
    url = reverse("reports:review_report", kwargs={"union_id": union.pk, "year": year})
    return [WorkItem(_("%(year)d年度经费审查报告尚未签发") % {"year": year}, 0 if signed else 1, url)]


PROVIDERS = [
    first_steps,
    hardship_due,
    missing_wage_bases,
    missing_dues_runs,
    months_left_open,
    spending_to_approve,
    attendance_not_taken,
    summary_not_finalised,
    terms_ending,
    queries_to_answer,
    queries_to_close,
    review_report_not_signed,
    unpaired_between_unions,
]


def member_counts(unions) -> dict[int, int]:
    """Members on the roll (active or retained) of each union: one query for all of them."""
    rows = (
        Member.objects.current()
        .filter(union__in=unions)
        .values("union")
        .annotate(n=Count("pk"))
        .values_list("union", "n")
    )
    return dict(rows)
