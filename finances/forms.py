"""Forms of the ledger pages. They validate input; the services write."""

import calendar
import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Award
from finances import aidlist, interunion
from finances.membership import members_of
from finances.models import (
    AidPayment,
    Benefit,
    Budget,
    Category,
    CategoryEdition,
    Donation,
    DonationDrive,
    FixedAsset,
    Fund,
    Voucher,
)
from members.models import HardshipCase, Member
from unionhub.fields import BoundedDateField, PastDateField, recent_first
from unionhub.models import Union

MONEY = {"max_digits": 14, "decimal_places": 2}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTHS = [(m, _("%(month)s月") % {"month": m}) for m in range(1, 13)]


def recent_years() -> list[int]:
    """Next year, this year and the five before: what the year pickers offer."""
    year = timezone.localdate().year
    return list(range(year + 1, year - 6, -1))


def years_around() -> list[tuple[int, int]]:
    return [(year, year) for year in recent_years()]


def category_choices(union: Union, on: datetime.date, *, top_level_only: bool = False):
    """The union's categories of the edition in force, grouped 收入 / 支出, sub-items under their item."""
    edition = CategoryEdition.objects.in_force(on)
    categories = Category.objects.filter(edition=edition).for_union(union).select_related("parent")
    if top_level_only:
        categories = categories.top_level()
    groups: dict[str, list] = {"in": [], "out": []}
    for category in categories.order_by("code", "pk"):
        label = f"{category.parent.name} › {category.name}" if category.parent_id else category.name
        label = f"{category.code} {label}"
        if category.county_level:
            label = _("%(label)s（县级以上工会科目）") % {"label": label}
        groups[category.direction].append((category.pk, label))
    return categories, [(str(_("收入")), groups["in"]), (str(_("支出")), groups["out"])]


class VoucherForm(forms.Form):
    date = PastDateField(label=_("日期"), widget=DATE)
    category = forms.TypedChoiceField(label=_("科目"), coerce=int)
    fund = forms.ModelChoiceField(label=_("资金"), queryset=Fund.objects.none(), empty_label=None)
    amount = forms.DecimalField(label=_("金额（元）"), min_value=Decimal("0.01"), **MONEY)
    summary = forms.CharField(label=_("摘要"), max_length=200)
    counterparty = forms.CharField(label=_("对方单位/个人"), max_length=100, required=False)
    receipts = forms.IntegerField(label=_("附单据张数"), min_value=0, max_value=999, initial=0)
    benefit = forms.ChoiceField(
        label=_("会员福利类别"),
        choices=Benefit.choices,
        required=False,
        help_text=_("用于会员福利的支出请选择类别，系统按本省开支标准检查。"),
    )
    activity = forms.ModelChoiceField(label=_("所属活动"), queryset=Activity.objects.none(), required=False)
    award = forms.ModelChoiceField(label=_("所属奖项"), queryset=Award.objects.none(), required=False)
    settlement = forms.TypedChoiceField(
        label=_("结算方式"),
        choices=Voucher.Settlement.choices,
        initial=Voucher.Settlement.BANK,
        required=False,
        empty_value=Voucher.Settlement.BANK,
    )
    earmarked = forms.TypedChoiceField(
        label=_("专项/非专项"),
        choices=[("", _("按资金默认（专款专用资金为专项）")), ("yes", _("专项")), ("no", _("非专项"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
    )
    project = forms.CharField(label=_("专项项目"), max_length=100, required=False)
    counterpart_union = forms.ModelChoiceField(
        label=_("对方工会"),
        queryset=Union.objects.none(),
        required=False,
        help_text=_(
            "与本系统上下级工会之间的往来选择对方工会：上级补助收入、应收/应付上级经费选上级工会"
            "（来自系统外上级工会如市总工会的不选），补助下级支出、应收/应付下级经费须选下级工会；"
            "汇总报表据此成对抵销内部往来。"
        ),
    )
    confirm_warnings = forms.BooleanField(label=_("我已知悉上述提示，仍要记账"), required=False)

    def __init__(self, *args, union: Union, **kwargs):
        super().__init__(*args, **kwargs)
        self.union = union
        between_unions(self, union)
        self.categories, self.fields["category"].choices = category_choices(union, timezone.localdate())
        self.fields["category"].choices = [("", _("请选择")), *self.fields["category"].choices]
        self.fields["fund"].queryset = union.funds.all()
        self.fields["fund"].initial = union.funds.filter(kind=Fund.Kind.UNION_FUND).first()
        today = timezone.localdate()
        self.fields["activity"].queryset = recent_first(
            Activity.objects.within(union), field="start_date", today=today
        )
        # Fifty sessions of one weekly series differ only by their dates.
        self.fields["activity"].label_from_instance = lambda activity: (
            f"{activity.start_date:%Y-%m-%d} {activity}"
        )
        self.fields["award"].queryset = recent_first(Award.objects.within(union), field="date", today=today)

    def clean_category(self) -> Category:
        category = self.categories.filter(pk=self.cleaned_data["category"]).first()
        if category is None:
            raise forms.ValidationError(_("请选择有效的科目。"))
        return category

    def clean(self) -> dict:
        data = super().clean()
        if "category" in data:
            check_counterpart(
                self,
                settlement=data.get("settlement") or Voucher.Settlement.BANK,
                account=interunion.account_of(data["category"]),
            )
        return data


def settlement_choices(union: Union) -> list[tuple[str, str]]:
    """The settlement accounts a union may book: 131/211 with a union above, 132/212 with one below."""
    above, below = bool(union.ancestor_ids), union.subtree().exclude(pk=union.pk).exists()
    return [
        (code, label)
        for code, label in Voucher.Settlement.choices
        if code not in Voucher.Settlement.between_unions()
        or (below if code in Voucher.Settlement.toward_lower() else above)
    ]


def between_unions(form: forms.Form, union: Union) -> None:
    """A form's 对方工会 offers the unions of the tree, those above first; its settlement accounts
    are those the union may book."""
    form.fields["counterpart_union"].queryset = (union.ancestors() | union.subtree()).exclude(pk=union.pk)
    form.fields["counterpart_union"].label_from_instance = lambda other: (
        _("%(way)s：%(union)s")
        % {
            "way": _("上级") if other.contains(union) else _("下级"),
            "union": other.label,
        }
    )
    for name in ("settlement", "from_account", "to_account"):
        if name in form.fields:
            form.fields[name].choices = settlement_choices(union)


def check_counterpart(form: forms.Form, *, settlement: str, account: str = "") -> None:
    """finances.interunion's rule, as a message on the form's 对方工会 field."""
    try:
        interunion.check_counterpart(
            union=form.union,
            settlement=settlement,
            account=account,
            counterpart=form.cleaned_data.get("counterpart_union"),
        )
    except ValidationError as error:
        form.add_error(None, error)


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("冲销原因"), max_length=150)
    date = PastDateField(
        label=_("冲销日期"),
        widget=DATE,
        required=False,
        help_text=_("留空：原凭证所在月份未结账时与原凭证同日，否则为今天。"),
    )


class FixedAssetForm(forms.Form):
    name = forms.CharField(label=_("资产名称"), max_length=100)
    kind = forms.ChoiceField(label=_("资产类别"), choices=FixedAsset.Kind.choices)
    cost = forms.DecimalField(label=_("原值（元）"), min_value=Decimal("0.01"), **MONEY)
    acquired_on = BoundedDateField(label=_("取得日期"), widget=DATE)
    life_years = forms.IntegerField(
        label=_("折旧年限（年）"),
        min_value=1,
        max_value=100,
        help_text=_("不得低于《工会会计制度》附录规定的最低年限（计算机6年，家具15年……）。"),
    )
    voucher = forms.ModelChoiceField(
        label=_("购置凭证（资本性支出）"), queryset=Voucher.objects.none(), required=False
    )

    def __init__(self, *args, union: Union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voucher"].queryset = (
            Voucher.objects.filter(
                union=union, direction="out", reverses__isnull=True, fixed_asset__isnull=True
            )
            .filter(Q(category__code__startswith="507") | Q(category__parent__code="507"))
            .order_by("-date", "-number")
        )


class SettleForm(forms.Form):
    """提现 / 存现 and other moves between settlement accounts of one fund."""

    date = PastDateField(label=_("日期"), widget=DATE)
    fund = forms.ModelChoiceField(label=_("资金"), queryset=Fund.objects.none(), empty_label=None)
    from_account = forms.ChoiceField(
        label=_("转出科目"), choices=Voucher.Settlement.choices, initial=Voucher.Settlement.BANK
    )
    to_account = forms.ChoiceField(
        label=_("转入科目"), choices=Voucher.Settlement.choices, initial=Voucher.Settlement.CASH
    )
    amount = forms.DecimalField(label=_("金额（元）"), min_value=Decimal("0.01"), **MONEY)
    summary = forms.CharField(label=_("摘要"), max_length=150, required=False)
    counterpart_union = forms.ModelChoiceField(
        label=_("对方工会"),
        queryset=Union.objects.none(),
        required=False,
        help_text=_("转入或转出应收/应付上级经费、应收/应付下级经费时须选择对方工会。"),
    )

    def __init__(self, *args, union: Union, **kwargs):
        super().__init__(*args, **kwargs)
        self.union = union
        self.fields["fund"].queryset = union.funds.all()
        self.fields["fund"].initial = union.funds.filter(kind=Fund.Kind.UNION_FUND).first()
        between_unions(self, union)

    def clean(self) -> dict:
        data = super().clean()
        owed = [data.get(name) for name in ("from_account", "to_account")]
        check_counterpart(
            self, settlement=next((each for each in owed if each in Voucher.Settlement.between_unions()), "")
        )
        return data


class TransferForm(forms.Form):
    date = PastDateField(label=_("日期"), widget=DATE)
    from_fund = forms.ModelChoiceField(label=_("划出资金"), queryset=Fund.objects.none())
    to_fund = forms.ModelChoiceField(label=_("划入资金"), queryset=Fund.objects.none())
    amount = forms.DecimalField(label=_("金额（元）"), min_value=Decimal("0.01"), **MONEY)
    summary = forms.CharField(label=_("摘要"), max_length=150)

    def __init__(self, *args, union: Union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_fund"].queryset = self.fields["to_fund"].queryset = union.funds.all()


class FundForm(forms.Form):
    name = forms.CharField(label=_("资金名称"), max_length=50)
    kind = forms.ChoiceField(label=_("资金类别"), choices=Fund.Kind.choices)
    restricted = forms.BooleanField(label=_("专款专用"), required=False)
    purpose = forms.CharField(label=_("用途"), max_length=200, required=False)
    opened_on = BoundedDateField(label=_("设立日期"), widget=DATE, required=False)
    opening_balance = forms.DecimalField(
        label=_("期初余额（元）"), min_value=Decimal("0.01"), required=False, **MONEY
    )
    opening_date = BoundedDateField(label=_("期初日期"), widget=DATE, required=False)

    def clean(self):
        data = super().clean()
        if data.get("opening_balance") and not data.get("opening_date"):
            self.add_error("opening_date", _("请填写期初余额的日期。"))
        return data


class SubItemForm(forms.Form):
    parent = forms.TypedChoiceField(label=_("一级科目"), coerce=int)
    name = forms.CharField(label=_("明细科目名称"), max_length=50)

    def __init__(self, *args, union: Union, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories, choices = category_choices(union, timezone.localdate(), top_level_only=True)
        self.categories = self.categories.filter(union__isnull=True)
        self.fields["parent"].choices = choices

    def clean_parent(self) -> Category:
        parent = self.categories.filter(pk=self.cleaned_data["parent"]).first()
        if parent is None:
            raise forms.ValidationError(_("请选择标准一级科目。"))
        return parent


class MonthForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, choices=years_around)
    month = forms.TypedChoiceField(label=_("月份"), coerce=int, choices=MONTHS)


class ReopenForm(MonthForm):
    reason = forms.CharField(label=_("反结账原因"), max_length=200)


class DuesRunForm(MonthForm):
    date = PastDateField(
        label=_("记账日期"), widget=DATE, required=False, help_text=_("留空为该月最后一天（本月为今天）。")
    )


class LateDuesForm(MonthForm):
    member = forms.IntegerField(widget=forms.HiddenInput)
    date = PastDateField(label=_("补缴日期"), widget=DATE)


class WageForm(forms.Form):
    amount = forms.DecimalField(label=_("月工资（元）"), min_value=Decimal("0.01"), **MONEY)
    effective_from = BoundedDateField(label=_("起始日期"), widget=DATE)


class AllocationForm(MonthForm):
    payroll = forms.DecimalField(label=_("本月工资总额（元）"), min_value=Decimal("0.01"), **MONEY)
    kept_percent = forms.DecimalField(
        label=_("留成比例（%）"), min_value=Decimal("0.1"), max_value=100, decimal_places=1, initial=60
    )
    date = PastDateField(
        label=_("记账日期"), widget=DATE, required=False, help_text=_("留空为该月最后一天（本月为今天）。")
    )


class DriveForm(forms.ModelForm):
    class Meta:
        model = DonationDrive
        fields = ["title", "kind", "fund", "starts_on", "ends_on", "note"]
        field_classes = {"starts_on": BoundedDateField, "ends_on": BoundedDateField}
        widgets = {"starts_on": DATE, "ends_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, union: Union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = union.funds.filter(restricted=True)


class GiftForm(forms.Form):
    """One donor row of a batch; rendered as a table row, so the widgets carry their own classes."""

    SMALL_SELECT = forms.Select({"class": "form-select form-select-sm"})
    donor_kind = forms.ChoiceField(
        label=_("类别"), choices=[("", "—"), *Donation.DonorKind.choices], widget=SMALL_SELECT
    )
    member = forms.ModelChoiceField(label=_("会员"), queryset=None, required=False, widget=SMALL_SELECT)
    donor_name = forms.CharField(
        label=_("单位/姓名"),
        max_length=100,
        required=False,
        widget=forms.TextInput({"class": "form-control form-control-sm"}),
    )
    amount = forms.DecimalField(
        label=_("金额（元）"),
        min_value=Decimal("0.01"),
        widget=forms.NumberInput({"class": "form-control form-control-sm", "step": "0.01"}),
        **MONEY,
    )
    anonymous = forms.BooleanField(
        label=_("匿名"), required=False, widget=forms.CheckboxInput({"class": "form-check-input"})
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        for field in self.fields.values():  # the table header shows the labels; screen readers get them here
            field.widget.attrs["aria-label"] = str(field.label)

    def clean(self):
        data = super().clean()
        if data.get("donor_kind") == Donation.DonorKind.MEMBER and not data.get("member"):
            self.add_error("member", _("会员捐款请选择会员。"))
        elif (
            data.get("donor_kind")
            and data["donor_kind"] != Donation.DonorKind.MEMBER
            and not data.get("donor_name")
        ):
            self.add_error("donor_name", _("请填写捐款单位或姓名。"))
        return data


class BaseGiftFormSet(forms.BaseFormSet):
    def __init__(self, *args, union: Union, **kwargs):
        self.members = members_of(union).order_by("name_pinyin", "name", "pk")
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"members": self.members}


GiftFormSet = forms.formset_factory(GiftForm, formset=BaseGiftFormSet, extra=8, max_num=200)


class DonationBatchForm(forms.Form):
    date = PastDateField(label=_("收款日期"), widget=DATE)
    receipts = forms.IntegerField(label=_("附单据张数"), min_value=0, max_value=999, initial=0)


def members_in_reach(union: Union):
    """The members aid from `union` may reach: its own, its groups' and those of the unions below it
    (a township pays its villages' members), the union's own first."""
    return (
        Member.objects.within(union)
        .select_related("union")
        .order_by("union__path", "name_pinyin", "name", "pk")
    )


def member_label(union: Union):
    """A member as a picker shows it: with their union when it is not `union`."""
    return lambda member: (
        member.name if member.union_id == union.pk else f"{member.name}（{member.union.label}）"
    )


def no_fund_hint(union: Union) -> str:
    """Why a union's fund list is empty, and what to do (a village union often keeps no books)."""
    if union.funds.exists():
        return ""
    return _(
        "%(union)s尚未建立资金，不能从本工会支付。请先在“资金”页建立资金，"
        "或在上方选择上级工会，从上级工会的资金支付（上级工会可选择下级工会的会员）。"
    ) % {"union": union.label}


class AidListForm(forms.Form):
    """What a whole list of aid shares: the fund, and what a row leaves empty (date, kind, recipient);
    or a workbook whose rows fill the grid."""

    fund = forms.ModelChoiceField(label=_("资金"), queryset=Fund.objects.none(), empty_label=None)
    date = PastDateField(label=_("日期"), widget=DATE, help_text=_("行内未填日期的，按此日期支付。"))
    kind = forms.ChoiceField(
        label=_("救助类别"),
        choices=[("", _("按受助人类别（学生、子女为金秋助学，其余为生活救助）")), *AidPayment.Kind.choices],
        required=False,
    )
    recipient = forms.ChoiceField(
        label=_("受助人类别"),
        choices=[("", "—"), *((word, word) for word in aidlist.RECIPIENT_CHOICES)],
        required=False,
        initial="学生",
        help_text=_("行内未填受助人类别的，按此类别。"),
    )
    file = forms.FileField(
        label=_("或上传名单"),
        required=False,
        help_text=_(
            "Excel（.xlsx）或 CSV，列：姓名、身份证号、受助人类别、学段、学校、金额、日期、事由、所属会员。"
        ),
    )

    def __init__(self, *args, union: Union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = union.funds.all()

    def defaults(self) -> "aidlist.ListDefaults":
        data = self.cleaned_data
        return aidlist.ListDefaults(
            date=data["date"], kind=data["kind"], recipient=aidlist.RECIPIENT_WORDS.get(data["recipient"], "")
        )


class AidForm(forms.Form):
    date = PastDateField(label=_("日期"), widget=DATE)
    kind = forms.ChoiceField(label=_("救助类别"), choices=AidPayment.Kind.choices)
    case = forms.ModelChoiceField(
        label=_("困难职工档案"), queryset=HardshipCase.objects.none(), required=False
    )
    member = forms.ModelChoiceField(
        label=_("受助会员"), queryset=None, required=False, help_text=_("未建档的会员在此选择。")
    )
    fund = forms.ModelChoiceField(label=_("资金"), queryset=Fund.objects.none(), empty_label=None)
    amount = forms.DecimalField(label=_("金额（元）"), min_value=Decimal("0.01"), **MONEY)
    recipient = forms.ChoiceField(
        label=_("受助人类别"),
        choices=AidPayment.Recipient.choices,
        initial=AidPayment.Recipient.MEMBER,
        required=False,
    )
    beneficiary = forms.CharField(
        label=_("受助人姓名"),
        max_length=100,
        required=False,
        help_text=_("资助会员子女、学生等非会员时填写。"),
    )
    id_number = forms.CharField(
        label=_("受助人身份证号"),
        max_length=24,
        required=False,
        help_text=_("非会员受助人的身份证号，选填；填了则同一人多次受助只计一人。"),
    )
    schooling = forms.ChoiceField(
        label=_("学段"), choices=[("", "—"), *AidPayment.Schooling.choices], required=False
    )
    school = forms.CharField(label=_("学校"), max_length=100, required=False)
    grade = forms.CharField(label=_("年级"), max_length=30, required=False)
    drive = forms.ModelChoiceField(
        label=_("动用的募捐款"),
        queryset=DonationDrive.objects.none(),
        required=False,
        help_text=_("从某次募捐所得中支付时选择。"),
    )
    receipts = forms.IntegerField(label=_("附单据张数"), min_value=0, max_value=999, initial=0)

    def __init__(self, *args, union: Union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = (
            HardshipCase.objects.within(union)
            .filter(closed_on__isnull=True)
            .select_related("member")
            .order_by("member__name_pinyin", "member__name", "pk")
        )
        self.fields["case"].label_from_instance = lambda case: (
            f"{case.member.name}（{case.get_level_display()}）"
        )
        self.fields["member"].queryset = members_in_reach(union)
        self.fields["member"].label_from_instance = member_label(union)
        self.fields["fund"].queryset = union.funds.all()
        self.fields["fund"].help_text = no_fund_hint(union)
        self.fields["drive"].queryset = DonationDrive.objects.filter(union=union).order_by("-starts_on")

    def clean(self):
        data = super().clean()
        recipient = data["recipient"] = data.get("recipient") or AidPayment.Recipient.MEMBER
        if recipient == AidPayment.Recipient.MEMBER:
            if not data.get("case") and not data.get("member"):
                self.add_error("case", _("请选择困难职工档案或受助会员。"))
        elif not (data.get("beneficiary") or "").strip():
            self.add_error("beneficiary", _("请填写受助人姓名。"))
        if data.get("schooling") and recipient not in (
            AidPayment.Recipient.CHILD,
            AidPayment.Recipient.STUDENT,
        ):
            self.add_error("schooling", _("学段只适用于会员子女或学生。"))
        return data


class PeriodForm(forms.Form):
    """Which period a statement covers: a month, a quarter or the year, for one union or rolled up."""

    KINDS = [("year", _("年度")), ("quarter", _("季度")), ("month", _("月度"))]
    SELECT = {"class": "form-select form-select-sm"}

    year = forms.TypedChoiceField(
        label=_("年度"), coerce=int, choices=years_around, widget=forms.Select(SELECT)
    )
    kind = forms.ChoiceField(label=_("期间"), choices=KINDS, widget=forms.Select(SELECT))
    month = forms.TypedChoiceField(label=_("月份"), coerce=int, choices=MONTHS, widget=forms.Select(SELECT))
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        coerce=int,
        choices=[(q, _("第%(q)s季度") % {"q": q}) for q in range(1, 5)],
        widget=forms.Select(SELECT),
    )
    rollup = forms.BooleanField(
        label=_("汇总下级工会"), required=False, widget=forms.CheckboxInput({"class": "form-check-input"})
    )

    @classmethod
    def from_query(cls, query, today: datetime.date) -> "PeriodForm":
        """Bound to the query string, with today's year, month and quarter where it says nothing."""
        defaults = {
            "year": today.year,
            "kind": "year",
            "month": today.month,
            "quarter": (today.month + 2) // 3,
        }
        return cls({**defaults, **{key: query[key] for key in query if key in cls.base_fields}})


class BudgetForm(forms.Form):
    """One amount field per category of the chart in force (empty: no budget line)."""

    def __init__(self, *args, union, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories, groups = category_choices(union, datetime.date(year, 12, 31))
        current = dict(Budget.objects.filter(union=union, year=year).values_list("category_id", "amount"))
        self.groups = []
        for heading, choices in groups:
            names = []
            for pk, label in choices:
                name = f"c{pk}"
                self.fields[name] = forms.DecimalField(
                    label=label,
                    required=False,
                    min_value=0,
                    max_digits=14,
                    decimal_places=2,
                    initial=current.get(pk),
                )
                names.append(name)
            self.groups.append((heading, names))

    def amounts(self):
        by_pk = {category.pk: category for category in self.categories}
        return {by_pk[int(name[1:])]: self.cleaned_data[name] for name in self.fields}


# The audit committee's desk ------------------------------------------------------------------------


class SampleForm(forms.Form):
    """The period and rate of a review draw; a seed given again reproduces an earlier draw."""

    year = forms.TypedChoiceField(label=_("年度"), coerce=int, choices=years_around)
    month = forms.TypedChoiceField(
        label=_("月份"), coerce=int, required=False, empty_value=0, choices=[("", _("全年")), *MONTHS]
    )
    rate = forms.IntegerField(
        label=_("抽查比例（%）"),
        min_value=1,
        max_value=100,
        initial=20,
        help_text=_("100表示全部审查。大额、有违规提示和冲销的凭证更容易被抽中。"),
    )
    seed = forms.IntegerField(
        label=_("随机种子"),
        required=False,
        min_value=0,
        max_value=2**53 - 1,
        help_text=_("留空则随机生成；填入以往抽查的种子可重现同一样本。"),
    )

    def period(self) -> tuple[datetime.date, datetime.date]:
        year, month = self.cleaned_data["year"], self.cleaned_data["month"]
        if month:
            return datetime.date(year, month, 1), datetime.date(
                year, month, calendar.monthrange(year, month)[1]
            )
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


class ReviewMarkForm(forms.Form):
    remark = forms.CharField(label=_("审查意见"), max_length=300, required=False)


class QueryForm(forms.Form):
    question = forms.CharField(label=_("询问内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class StatementLineQueryForm(QueryForm):
    """A query on a line of the income and expenditure statement: the category and the year."""

    year = forms.TypedChoiceField(label=_("年度"), coerce=int, choices=years_around)
    category = forms.TypedChoiceField(label=_("报表项目"), coerce=int)

    field_order = ["year", "category", "question"]

    def __init__(self, *args, union: Union, on: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories, self.fields["category"].choices = category_choices(union, on or timezone.localdate())

    def clean_category(self):
        found = self.categories.filter(pk=self.cleaned_data["category"]).first()
        if found is None:
            raise forms.ValidationError(_("请选择有效的报表项目。"))
        return found


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    reverse = forms.BooleanField(label=_("同时红字冲销所询问的凭证（以答复为冲销原因）"), required=False)
    reversal_date = forms.DateField(
        label=_("冲销日期"),
        required=False,
        widget=DATE,
        help_text=_("留空：原凭证所在月份未结账时用原日期，否则用今天。"),
    )


class CloseQueryForm(forms.Form):
    remark = forms.CharField(label=_("关闭意见"), max_length=300, required=False)
