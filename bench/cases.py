"""What the bench measures: the pages people use, on the generated federation.

Each case names the user, the request and the target. `prepare` finds the records the cases need in
whatever federation the database holds (the root union, the biggest union, a sheet of about 200 …).
Cases that write are rolled back in process; over HTTP their rows are removed again afterwards
(`bench.cleanup`), so the bench database keeps its size from run to run.
"""

import io
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from activities.models import Activity, Attendance
from members.idcard import make_resident_id
from members.models import Member
from unionhub.models import Union

ROLL_ROWS = 10_000
SHEET_SIZE = 200
SEARCH = "王伟"


@dataclass
class Case:
    key: str
    label: str
    user: str
    path: str
    target_ms: float
    method: str = "GET"
    data: dict = field(default_factory=dict)
    expect: int = 200
    runs: int = 20
    kind: str = "page"  # page | form | import | dues | pdf
    floor: str = ""  # name of the SQL floor in bench.floors
    max_ratio: float = 3  # the page's p95 at most this many times its floor's
    # The summary's stored figures forgotten before each run, as after a change: "all" of them (a
    # change to every kind of record), or those of one part ("finances": after a voucher below;
    # "attendance": after a check-in).
    fresh: str = ""
    note: str = ""


@dataclass
class Targets:
    root: Union
    big: Union
    year: int  # the last full year
    this_year: int
    today: date
    member_id: int | None
    activity_id: int
    sheet_members: list[int]
    roll: bytes


def prepare(*, roll_rows: int = ROLL_ROWS) -> Targets:
    today = timezone.localdate()
    root = Union.objects.get(parent__isnull=True)
    bases = Union.objects.filter(kind=Union.Kind.BASE)
    big = max(bases, key=lambda union: Member.objects.within(union).count())
    year = today.year - 1
    member = (
        Attendance.objects.filter(member__union=big, activity__start_date__year=year)
        .values("member_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    activity, sheet = _sheet_of_about(SHEET_SIZE, today)
    return Targets(
        root=root,
        big=big,
        year=year,
        this_year=today.year,
        today=today,
        member_id=member["member_id"] if member else None,
        activity_id=activity.pk,
        sheet_members=sheet,
        roll=roll_workbook(roll_rows, union=big) if roll_rows else b"",
    )


def _sheet_of_about(size: int, today: date) -> tuple[Activity, list[int]]:
    """An activity of the base union whose active members (groups included) are closest to `size`."""
    counts = []
    for union in Union.objects.filter(kind=Union.Kind.BASE):
        active = Member.objects.within(union).filter(status=Member.Status.ACTIVE).count()
        counts.append((abs(active - size), union))
    counts.sort(key=lambda pair: pair[0])
    for _distance, union in counts:
        activity = (
            Activity.objects.filter(union=union, start_date__year=today.year)
            .annotate(n=Count("attendances"))
            .order_by("-n", "pk")
            .first()
        )
        if activity:
            members = list(activity.eligible_members().values_list("pk", flat=True))
            return activity, members
    raise RuntimeError("no activity found for the attendance sheet")


def roll_workbook(rows: int, *, union: Union) -> bytes:
    """A roll of `rows` new members as a secretary would upload it (ID numbers not yet registered)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("会员花名册")
    sheet.append(
        ["姓名", "性别", "出生日期", "身份证号码", "手机号码", "部门", "岗位", "用工形式", "入会日期"]
    )
    for index in range(rows):
        born = date(1970 + index % 35, 1 + index % 12, 1 + index % 28)
        male = index % 2 == 0
        number = make_resident_id(
            region="340181", birth_date=born, sequence=(index // 420) * 2 + (1 if male else 0)
        )
        sheet.append(
            [
                f"{'赵钱孙李周吴郑王'[index % 8]}{'明华强芳丽军'[index % 6]}{index % 97}",
                "男" if male else "女",
                born.isoformat(),
                number,
                f"139{index:08d}",
                "运营部",
                "驾驶员",
                "合同制",
                "2026-01-05",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cases(targets: Targets) -> list[Case]:
    root, big, year = targets.root, targets.big, targets.year
    statuses = {f"m{pk}": ("present" if i % 7 else "leave") for i, pk in enumerate(targets.sheet_members)}
    ledger = (
        [
            Case(
                "member_ledger",
                "会员台账 member ledger",
                "bench-secretary",
                reverse("reports:member_ledger", args=[targets.member_id]) + f"?year={year}",
                150,
            )
        ]
        if targets.member_id
        else []
    )
    return [
        Case(
            "worklist_chair",
            "首页 worklist, system union's chair",
            "bench-chair",
            reverse("home"),
            150,
        ),
        Case(
            "worklist_treasurer",
            "首页 worklist, biggest union's treasurer",
            "bench-big-treasurer",
            reverse("home"),
            150,
        ),
        Case(
            "member_search",
            "会员名册 search",
            "bench-secretary",
            f"{reverse('members:member_list')}?{urlencode({'q': SEARCH})}",
            150,
        ),
        *ledger,
        Case(
            "attendance_sheet",
            f"考勤表 sheet of {len(targets.sheet_members)}",
            "bench-secretary",
            reverse("activities:attendance_sheet", args=[targets.activity_id]),
            150,
            kind="form",
        ),
        Case(
            "attendance_save",
            f"考勤表 save {len(targets.sheet_members)}",
            "bench-secretary",
            reverse("activities:attendance_sheet", args=[targets.activity_id]),
            150,
            method="POST",
            data={**statuses, "non_member_participants": "3"},
            expect=302,
            kind="form",
        ),
        Case(
            "voucher_journal",
            "凭证 journal, all unions",
            "bench-auditor",
            f"{reverse('finances:voucher_list')}?year={targets.this_year}",
            150,
        ),
        Case(
            "voucher_journal_union",
            "凭证 journal, biggest union",
            "bench-big-treasurer",
            f"{reverse('finances:voucher_list')}?union={big.pk}&year={targets.this_year}",
            150,
        ),
        Case(
            "voucher_form",
            "记账凭证 post",
            "bench-big-treasurer",
            f"{reverse('finances:voucher_create')}?union={big.pk}",
            150,
            method="POST",
            data={},  # filled in by the runner: the category and fund ids of the union
            expect=302,
            kind="form",
        ),
        Case(
            "income_statement_rollup",
            "收入支出表 roll-up",
            "bench-chair",
            f"{reverse('finances:income_statement')}?union={root.pk}&year={year}&kind=year&rollup=on",
            500,
            floor="income_statement",
        ),
        Case(
            "statutory_02_consolidated",
            "工会02表 consolidated, all unions",
            "bench-chair",
            f"{reverse('finances:statutory')}?union={root.pk}&year={year}&form=02&consolidated=on",
            300,
        ),
        Case(
            "summary",
            "年度总结 system union",
            "bench-chair",
            reverse("reports:summary", args=[root.pk, year]),
            400,
            floor="summary",
            max_ratio=0.5,
            runs=10,
        ),
        Case(
            "summary_changed",
            "年度总结 after a change",
            "bench-chair",
            reverse("reports:summary", args=[root.pk, year]),
            1000,
            floor="summary",
            runs=10,
            fresh="all",
            note="the figures computed afresh, as on the first view after any record below changed",
        ),
        Case(
            "summary_after_voucher",
            "年度总结 after a voucher below",
            "bench-chair",
            reverse("reports:summary", args=[root.pk, year]),
            1000,
            runs=10,
            fresh="finances",
            note="the sections that read the books computed afresh, the others read back",
        ),
        Case(
            "summary_after_check_in",
            "年度总结 after a check-in below",
            "bench-chair",
            reverse("reports:summary", args=[root.pk, year]),
            1000,
            runs=10,
            fresh="attendance",
            note="the sections that read check-ins (who took part) computed afresh, the others read back",
        ),
        Case(
            "summary_pdf",
            "年度总结 PDF",
            "bench-chair",
            reverse("reports:summary_pdf", args=[root.pk, year]),
            5000,
            runs=3,
            kind="pdf",
        ),
        Case(
            "roll_import",
            f"名册导入 {ROLL_ROWS:,} rows",
            "bench-big-secretary",
            reverse("members:import_upload"),
            30_000,
            expect=302,
            runs=3,
            kind="import",
        ),
        Case(
            "dues_run",
            "月度会费 10,000 members",
            "bench-big-treasurer",
            f"{reverse('finances:dues')}?union={big.pk}",
            10_000,
            method="POST",
            data={
                "year": targets.today.year,
                "month": targets.today.month,
                "date": targets.today.isoformat(),
            },
            expect=302,
            runs=3,
            kind="dues",
        ),
    ]
