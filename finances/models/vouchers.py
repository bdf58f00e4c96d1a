"""Vouchers (记账凭证): the ledger rows every balance and statement is summed from.

A posted voucher is never changed or deleted — PostgreSQL refuses it (pgtrigger). A mistake is
corrected by a red-ink reversal (红字冲销): a voucher with the same fund, category and direction that
points at the original and counts negative. Write through `finances.services` only.
"""

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Sum, When
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Award
from finances.models import dues_months, helped
from finances.models.chart import Category, Direction, Fund
from finances.models.rules import Benefit
from finances.models.totals import ADD_VOUCHER
from members.models import Member
from unionhub.fields import refuse_future
from unionhub.guards import Refuse, written_by_triggers_only
from unionhub.history import track
from unionhub.models import Union
from unionhub.scope import ScopedQuerySet, scoped_manager

IMMUTABLE = pgtrigger.Update | pgtrigger.Delete

# A posted voucher that waits for the chair's approval (审批) until one is written: spending of an
# entry, not a reversal. `row` is the voucher's alias in SQL (NEW in its trigger).
AWAITS_APPROVAL = "{row}.kind = 'entry' AND {row}.direction = 'out' AND {row}.reverses_id IS NULL"


class VoucherQuerySet(ScopedQuerySet):
    def entries(self) -> "VoucherQuerySet":
        """Income and spending only: no transfers between funds, no opening balances."""
        return self.filter(kind=Voucher.Kind.ENTRY)

    def between(self, start, end) -> "VoucherQuerySet":
        return self.filter(date__gte=start, date__lte=end)

    def balance(self):
        """The sum of the rows' effect on their funds (income +, spending −, reversals the other way)."""
        return self.aggregate(total=Sum("fund_effect", default=0))["total"]


# Derived columns are left out of the snapshots: PostgreSQL computes them from the others.
@track("VoucherHistory", immutable=True, exclude=("year", "signed_amount", "fund_effect"))
class Voucher(models.Model):
    Direction = Direction
    Benefit = Benefit

    class Kind(models.TextChoices):
        ENTRY = "entry", _("收支")
        TRANSFER = "transfer", _("资金划转")
        OPENING = "opening", _("期初结转")
        # Money moved between settlement accounts of one fund (提现, 存现, 上解 …): no income, no spending.
        SETTLE = "settle", _("结算划转")

    class Settlement(models.TextChoices):
        """The account the money moved through (the voucher's other side): its code of 2021."""

        CASH = "101", _("库存现金")
        BANK = "102", _("银行存款")
        RECEIVABLE = "131", _("应收上级经费")
        RECEIVABLE_LOWER = "132", _("应收下级经费")
        PAYABLE = "211", _("应付上级经费")
        PAYABLE_LOWER = "212", _("应付下级经费")

        @classmethod
        def between_unions(cls) -> tuple[str, ...]:
            """The accounts of money owed between two unions: each row names the other union."""
            return (cls.RECEIVABLE, cls.RECEIVABLE_LOWER, cls.PAYABLE, cls.PAYABLE_LOWER)

        @classmethod
        def toward_lower(cls) -> tuple[str, ...]:
            """Those whose other union is below (132, 212); 131 and 211 face the union above."""
            return (cls.RECEIVABLE_LOWER, cls.PAYABLE_LOWER)

        @classmethod
        def liabilities(cls) -> tuple[str, ...]:
            return (cls.PAYABLE, cls.PAYABLE_LOWER)

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="vouchers", verbose_name=_("工会")
    )
    date = models.DateField(_("日期"))
    year = models.GeneratedField(
        expression=ExtractYear("date"), output_field=models.IntegerField(), db_persist=True
    )
    number = models.PositiveIntegerField(_("凭证号"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.ENTRY)
    direction = models.CharField(_("收支"), max_length=3, choices=Direction.choices)
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="vouchers", verbose_name=_("资金"))
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vouchers",
        verbose_name=_("科目"),
    )
    amount = models.DecimalField(_("金额"), max_digits=14, decimal_places=2)
    summary = models.CharField(_("摘要"), max_length=200)
    counterparty = models.CharField(_("对方单位/个人"), max_length=100, blank=True)
    receipts = models.PositiveSmallIntegerField(_("附单据张数"), default=0)
    benefit = models.CharField(
        _("会员福利类别"), max_length=12, choices=Benefit.choices, blank=True, default=""
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所属活动"),
    )
    award = models.ForeignKey(
        Award, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("所属奖项")
    )
    settlement = models.CharField(
        _("结算方式"),
        max_length=3,
        choices=Settlement.choices,
        default=Settlement.BANK,
        db_default=Settlement.BANK,
    )
    # Earmarked money (专项) closes to 工会资金结转, the rest to 工会资金结余.
    earmarked = models.BooleanField(_("专项"), default=False, db_default=False)
    project = models.CharField(_("专项项目"), max_length=100, blank=True, default="", db_default="")
    # The other union of a grant or allocation inside the tree: consolidation removes such pairs.
    counterpart_union = models.ForeignKey(
        Union,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("对方工会"),
    )
    batch = models.ForeignKey(
        "VoucherImport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vouchers",
        verbose_name=_("导入批次"),
    )
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
        verbose_name=_("冲销的凭证"),
    )
    # The incoming half of a transfer between funds points at its outgoing half.
    transfer_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfer_to",
        verbose_name=_("划出凭证"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("制单")
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    # Computed by PostgreSQL: the amount as it counts in statements (a reversal counts negative),
    # and its effect on the fund's balance (income adds, spending takes).
    signed_amount = models.GeneratedField(
        expression=Case(When(reverses__isnull=True, then=F("amount")), default=-F("amount")),
        output_field=models.DecimalField(max_digits=14, decimal_places=2),
        db_persist=True,
    )
    fund_effect = models.GeneratedField(
        expression=Case(
            When(Q(direction=Direction.INCOME, reverses__isnull=True), then=F("amount")),
            When(Q(direction=Direction.SPENDING, reverses__isnull=False), then=F("amount")),
            default=-F("amount"),
        ),
        output_field=models.DecimalField(max_digits=14, decimal_places=2),
        db_persist=True,
    )

    objects = VoucherQuerySet.as_manager()

    class Meta:
        verbose_name = _("记账凭证")
        verbose_name_plural = _("记账凭证")
        ordering = ["union__path", "date", "number"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="voucher_amount_positive"),
            models.CheckConstraint(condition=Q(number__gt=0), name="voucher_number_positive"),
            models.UniqueConstraint(fields=["union", "year", "number"], name="voucher_number_unique"),
            models.CheckConstraint(
                condition=Q(kind="entry", category__isnull=False)
                | (~Q(kind="entry") & Q(category__isnull=True)),
                name="voucher_category_for_entries_only",
            ),
            models.CheckConstraint(
                condition=Q(settlement__in=["101", "102", "131", "132", "211", "212"]),
                name="voucher_settlement_valid",
            ),
            # An opening balance (期初) is money held or owed to the union (an asset: in) or owed by
            # it to another union (应付上级/下级经费: out).
            models.CheckConstraint(
                condition=~Q(kind="opening")
                | Q(direction="in", settlement__in=["101", "102", "131", "132"])
                | Q(direction="out", settlement__in=["211", "212"]),
                name="voucher_opening_by_account",
            ),
            models.CheckConstraint(
                condition=Q(earmarked=True) | Q(project=""), name="voucher_project_only_if_earmarked"
            ),
        ]
        indexes = [
            models.Index(fields=["union", "date"], name="voucher_union_date"),
            models.Index(fields=["fund", "date"], name="voucher_fund_date"),
            # A fund's entries of a year by direction: whether a restricted fund paid anything out, what
            # came into it. Most restricted funds have a few vouchers a year; PostgreSQL estimates
            # them at the average fund's and reads the year's every voucher without this.
            models.Index(
                fields=["fund", "year", "direction"], name="voucher_fund_year", condition=Q(kind="entry")
            ),
            # The journal of a year, newest first, over many unions: read in date order from here,
            # PostgreSQL sorts only the first day's vouchers by union and number (0.4 ms, not a sort
            # of the year's 300,000 vouchers of a city federation).
            models.Index(fields=["year", "date"], name="voucher_year_date"),
            # Money between unions of the tree (grants, amounts owed): a few vouchers among all the
            # books, read by date for the 内部往来核对表 and the worklist's item of it.
            models.Index(
                fields=["date"],
                name="voucher_between_unions_date",
                condition=Q(counterpart_union__isnull=False),
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="voucher_immutable", operation=IMMUTABLE),
            # Keeps finances.LedgerTotal in the same transaction (finances/models/totals.py).
            pgtrigger.Trigger(
                name="voucher_adds_to_ledger_total",
                when=pgtrigger.After,
                operation=pgtrigger.Insert,
                level=pgtrigger.Row,
                func=ADD_VOUCHER,
            ),
            # Keeps finances.AwaitingApproval in the same transaction: a spending voucher waits.
            pgtrigger.Trigger(
                name="voucher_awaits_approval",
                when=pgtrigger.After,
                operation=pgtrigger.Insert,
                level=pgtrigger.Row,
                condition=pgtrigger.Condition(AWAITS_APPROVAL.format(row="NEW")),
                func="INSERT INTO finances_awaitingapproval (voucher_id, union_id)"
                " VALUES (NEW.id, NEW.union_id); RETURN NULL;",
            ),
            # A reversal's original no longer pays its members' months (finances.DuesMonths).
            dues_months.reversal_trigger(),
            # A reversal's original no longer helps its people nor counts its gifts (finances.models.helped).
            helped.reversal_trigger(),
            # Nothing is dated in a closed month (结账), however it is inserted (finances.services checks
            # first, with a message).
            Refuse(
                name="voucher_not_in_a_closed_month",
                operation=pgtrigger.Insert,
                refused_if="""EXISTS (
                    SELECT 1 FROM finances_monthclose c WHERE c.union_id = NEW.union_id
                    AND c.year = EXTRACT(YEAR FROM NEW.date) AND c.month = EXTRACT(MONTH FROM NEW.date)
                )""",
                because="its month is closed",
            ),
        ]

    def __str__(self) -> str:
        return _("%(year)s年第%(number)s号") % {"year": self.year or self.date.year, "number": self.number}

    @property
    def label(self) -> str:
        return str(self)

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None

    def clean(self) -> None:
        errors = {}
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = _("金额必须大于零。")
        if self.kind == self.Kind.ENTRY:
            if self.category_id is None:
                errors["category"] = _("请选择科目。")
            elif self.category.direction != self.direction:
                errors["category"] = _("科目的收支方向与凭证不符。")
        if self.fund_id and self.union_id and self.fund.union_id != self.union_id:
            errors["fund"] = _("只能使用本工会的资金。")
        try:
            refuse_future(self.date)
        except ValidationError as error:
            errors["date"] = error.messages
        if errors:
            raise ValidationError(errors)


@track("VoucherLineHistory", immutable=True)
class VoucherLine(models.Model):
    """A detail line of a voucher; a dues voucher has one per paying member (period = the month paid for)."""

    voucher = models.ForeignKey(
        Voucher, on_delete=models.PROTECT, related_name="lines", verbose_name=_("凭证")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("会员")
    )
    period = models.DateField(_("所属月份"), null=True, blank=True)
    wage_base = models.DecimalField(_("缴费基数"), max_digits=14, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(_("金额"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("凭证明细")
        verbose_name_plural = _("凭证明细")
        ordering = ["voucher", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="voucher_line_amount_positive")]
        indexes = [models.Index(fields=["member", "period"], name="voucher_line_member_period")]
        triggers = [
            pgtrigger.Protect(name="voucher_line_immutable", operation=IMMUTABLE),
            # Keep finances.DuesMonths in the same transaction (finances/models/dues_months.py).
            *dues_months.line_triggers(),
        ]

    def __str__(self) -> str:
        return f"{self.voucher} · {self.member or ''} {self.amount}"


class VoucherCounter(models.Model):
    """The last voucher number used by a union in a year; locked with SELECT … FOR UPDATE to number."""

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    objects = scoped_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["union", "year"], name="voucher_counter_unique")]

    def __str__(self) -> str:
        return f"{self.union} {self.year}: {self.last_number}"


class VoucherImport(models.Model):
    """A workbook of vouchers imported (导入): its hash refuses the same file a second time."""

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    file_name = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(_("文件摘要"), max_length=64)
    vouchers_count = models.PositiveIntegerField(_("凭证数"), default=0)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("导入人")
    )
    at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("凭证导入")
        verbose_name_plural = _("凭证导入")
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(fields=["union", "sha256"], name="voucher_import_file_once"),
        ]
        triggers = [pgtrigger.Protect(name="voucher_import_immutable", operation=IMMUTABLE)]

    def __str__(self) -> str:
        return _("%(file)s（%(at)s导入）") % {"file": self.file_name, "at": f"{self.at:%Y-%m-%d %H:%M}"}


@track("ApprovalHistory", immutable=True)
class Approval(models.Model):
    """Who approved a voucher (审批). Written once, like the voucher."""

    voucher = models.OneToOneField(
        Voucher, on_delete=models.PROTECT, related_name="approval", verbose_name=_("凭证")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("审批人")
    )
    at = models.DateTimeField(_("审批时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("凭证审批")
        verbose_name_plural = _("凭证审批")
        triggers = [
            pgtrigger.Protect(name="approval_immutable", operation=IMMUTABLE),
            # The approved voucher waits no more (finances.AwaitingApproval).
            pgtrigger.Trigger(
                name="approval_ends_the_wait",
                when=pgtrigger.After,
                operation=pgtrigger.Insert,
                level=pgtrigger.Row,
                func="DELETE FROM finances_awaitingapproval WHERE voucher_id = NEW.voucher_id; RETURN NULL;",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voucher} · {self.by}"


class AwaitingApproval(models.Model):
    """A posted spending voucher not yet approved (the chair's worklist, the journal's "pending"),
    kept by PostgreSQL in the same transaction as the vouchers and approvals: the voucher's INSERT
    trigger adds it, the approval's removes it. Counting these rows reads what waits, not every
    spending voucher of the years."""

    voucher = models.OneToOneField(Voucher, on_delete=models.PROTECT, related_name="awaiting_approval")
    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("待审批凭证")
        verbose_name_plural = _("待审批凭证")
        triggers = [written_by_triggers_only("awaiting_approval_written_by_vouchers")]

    def __str__(self) -> str:
        return str(self.voucher_id)


# The vouchers that wait, computed from the vouchers and approvals: a migration or a bench load
# without row triggers fills the table with it, and a test compares the kept rows against it.
AWAITING_FROM_VOUCHERS = f"""
    SELECT v.id, v.union_id FROM finances_voucher v
    WHERE {AWAITS_APPROVAL.format(row="v")}
      AND NOT EXISTS (SELECT 1 FROM finances_approval a WHERE a.voucher_id = v.id)
"""  # noqa: S608  # nosec B608
FILL_AWAITING = "INSERT INTO finances_awaitingapproval (voucher_id, union_id)" + AWAITING_FROM_VOUCHERS


@track("MonthCloseHistory")
class MonthClose(models.Model):
    """A closed month (结账): no voucher may be dated in it. Removed when the chair reopens it, never
    silently: PostgreSQL refuses the delete unless the reopening (反结账, with its reason) is logged
    first, and any change."""

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("结账人")
    )
    closed_at = models.DateTimeField(_("结账时间"), auto_now_add=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("月度结账")
        verbose_name_plural = _("月度结账")
        ordering = ["union", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year", "month"], name="month_close_unique"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="month_close_month_valid"),
        ]
        triggers = [
            pgtrigger.Protect(name="month_close_unchanged", operation=pgtrigger.Update),
            Refuse(
                name="month_close_reopened_with_a_log",
                operation=pgtrigger.Delete,
                refused_if="""NOT EXISTS (
                    SELECT 1 FROM finances_monthcloseevent e WHERE e.union_id = OLD.union_id
                    AND e.year = OLD.year AND e.month = OLD.month AND e.action = 'reopen'
                    AND e.at >= OLD.closed_at
                )""",
                because="no reopening of the month is logged",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.union} {self.year}-{self.month:02d}"


class MonthCloseEvent(models.Model):
    """The log of closing and reopening months; never changed."""

    class Action(models.TextChoices):
        CLOSE = "close", _("结账")
        REOPEN = "reopen", _("反结账")

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("操作人")
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    reason = models.CharField(_("原因"), max_length=200, blank=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("结账记录")
        verbose_name_plural = _("结账记录")
        ordering = ["-at", "-pk"]
        triggers = [pgtrigger.Protect(name="month_close_event_immutable", operation=IMMUTABLE)]

    def __str__(self) -> str:
        return f"{self.union} {self.year}-{self.month:02d} {self.get_action_display()}"


class BookRules(models.Model):
    """How a union keeps its books: with `approve_first`, a voucher is a draft (草稿) until the chair
    approves it, and only then takes its number."""

    union = models.OneToOneField(
        Union, on_delete=models.PROTECT, related_name="book_rules", verbose_name=_("工会")
    )
    approve_first = models.BooleanField(_("凭证须经主席审批后记账"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("记账规则")
        verbose_name_plural = _("记账规则")

    def __str__(self) -> str:
        return str(self.union)

    @classmethod
    def approve_first_for(cls, union: Union) -> bool:
        return cls.objects.filter(union=union, approve_first=True).exists()


@track("DraftVoucherHistory")
class DraftVoucher(models.Model):
    """A voucher waiting for the chair's approval: no number yet, may be withdrawn. Approving posts
    it with the next number (so numbers stay without gaps) and links the draft to it.

    Every way of spending waits here when the union keeps its books so (`BookRules`): a plain
    voucher, an aid payment (its particulars in `details`: recipient, member, case, school …, checked
    again when approved) and a transfer between funds (`fund` → `to_fund`, no category).
    """

    class Kind(models.TextChoices):
        ENTRY = "entry", _("凭证")
        AID = "aid", _("救助支出")
        TRANSFER = "transfer", _("资金划转")

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    kind = models.CharField(_("业务"), max_length=10, choices=Kind.choices, default=Kind.ENTRY)
    date = models.DateField(_("日期"))
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="+", verbose_name=_("资金"))
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("科目")
    )
    to_fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("划入资金")
    )
    details = models.JSONField(_("业务明细"), default=dict, blank=True)
    amount = models.DecimalField(_("金额"), max_digits=14, decimal_places=2)
    summary = models.CharField(_("摘要"), max_length=200)
    counterparty = models.CharField(_("对方单位/个人"), max_length=100, blank=True)
    receipts = models.PositiveSmallIntegerField(_("附单据张数"), default=0)
    benefit = models.CharField(_("会员福利类别"), max_length=12, choices=Benefit.choices, blank=True)
    settlement = models.CharField(
        _("结算方式"), max_length=3, choices=Voucher.Settlement.choices, default=Voucher.Settlement.BANK
    )
    earmarked = models.BooleanField(_("专项"), null=True, blank=True)
    project = models.CharField(_("专项项目"), max_length=100, blank=True)
    counterpart_union = models.ForeignKey(
        Union, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("对方工会")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("制单")
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    # Set when the chair approves: the voucher it became.
    voucher = models.OneToOneField(
        Voucher, on_delete=models.PROTECT, null=True, blank=True, related_name="draft", verbose_name=_("凭证")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("待审批凭证")
        verbose_name_plural = _("待审批凭证")
        ordering = ["union", "date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="draft_voucher_amount_positive"),
            models.CheckConstraint(
                condition=Q(kind="transfer", category__isnull=True, to_fund__isnull=False)
                | (~Q(kind="transfer") & Q(category__isnull=False, to_fund__isnull=True)),
                name="draft_voucher_transfer_has_to_fund",
            ),
        ]

    def __str__(self) -> str:
        return _("草稿：%(date)s %(summary)s") % {"date": self.date, "summary": self.summary}

    def clean(self) -> None:
        if self.voucher_id is None:  # an approved draft keeps its date as it was posted
            try:
                refuse_future(self.date)
            except ValidationError as error:
                raise ValidationError({"date": error.messages}) from None
