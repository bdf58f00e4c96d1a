"""Donation drives (募捐) feeding restricted funds, and aid payments (救助) paid out of funds."""

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from finances.models import helped
from finances.models.chart import Fund
from finances.models.vouchers import Voucher
from members.models import HardshipCase, Member
from unionhub.history import track
from unionhub.models import Union
from unionhub.scope import scoped_manager

IMMUTABLE = pgtrigger.Update | pgtrigger.Delete


@track("DonationDriveHistory")
class DonationDrive(models.Model):
    """A donation drive: the October donation month, or a one-off appeal."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("募捐月")
        APPEAL = "appeal", _("专项募捐倡议")

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="drives", verbose_name=_("捐入资金")
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=100)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("募捐活动")
        verbose_name_plural = _("募捐活动")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="drive_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.fund_id and self.union_id and self.fund.union_id != self.union_id:
            raise ValidationError({"fund": _("只能捐入本工会的资金。")})
        if self.fund_id and not self.fund.restricted:
            raise ValidationError({"fund": _("捐款须进入专款专用的资金。")})
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("结束日期不能早于开始日期。")})


@track("DonationHistory", immutable=True)
class Donation(models.Model):
    """One donor's gift in a drive; posted together with the other gifts of the batch as one voucher."""

    class DonorKind(models.TextChoices):
        MEMBER = "member", _("会员")
        UNIT = "unit", _("单位")
        OUTSIDE = "outside", _("社会人士")

    drive = models.ForeignKey(
        DonationDrive, on_delete=models.PROTECT, related_name="donations", verbose_name=_("募捐活动")
    )
    voucher = models.ForeignKey(
        Voucher, on_delete=models.PROTECT, related_name="donations", verbose_name=_("凭证")
    )
    donor_kind = models.CharField(_("捐款人类别"), max_length=10, choices=DonorKind.choices)
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("会员")
    )
    donor_name = models.CharField(_("捐款人"), max_length=100)
    anonymous = models.BooleanField(_("匿名"), default=False)
    amount = models.DecimalField(_("金额"), max_digits=14, decimal_places=2)

    objects = scoped_manager("drive__union")

    class Meta:
        verbose_name = _("捐款")
        verbose_name_plural = _("捐款")
        ordering = ["drive", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="donation_amount_positive"),
            models.CheckConstraint(
                condition=Q(donor_kind="member", member__isnull=False)
                | (~Q(donor_kind="member") & Q(member__isnull=True)),
                name="donation_member_for_member_donors",
            ),
        ]
        triggers = [pgtrigger.Protect(name="donation_immutable", operation=IMMUTABLE), helped.gift_trigger()]

    def __str__(self) -> str:
        return f"{self.donor_name} {self.amount}"


@track("AidPaymentHistory", immutable=True)
class AidPayment(models.Model):
    """Aid given to a member, a hardship case's household, or someone who is not a member (a member's
    child or a student helped by 金秋助学); always also a spending voucher.

    It reaches its recipient through a member, through a hardship file, or directly (no member).
    """

    class Kind(models.TextChoices):
        LIVING = "living", _("生活救助")
        MEDICAL = "medical", _("医疗救助")
        SCHOOLING = "schooling", _("金秋助学")
        HOLIDAY_VISIT = "holiday_visit", _("送温暖")
        SERIOUS_ILLNESS = "serious_illness", _("大病医疗互助")

    class Recipient(models.TextChoices):
        MEMBER = "member", _("会员本人")
        CHILD = "child", _("会员子女")
        STUDENT = "student", _("学生")
        OTHER = "other", _("其他人员")

    class Schooling(models.TextChoices):
        UNIVERSITY = "university", _("大学生")
        SENIOR = "senior", _("高中生")
        JUNIOR = "junior", _("初中生")
        PRIMARY = "primary", _("小学生")
        SCHOOL = "school", _("中小学生")  # recorded before 初中 and 小学 were told apart

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("受助会员"),
        help_text=_("资助会员子女时选择其父母；直接资助非会员时留空"),
    )
    recipient = models.CharField(
        _("受助人类别"), max_length=10, choices=Recipient.choices, default=Recipient.MEMBER
    )
    schooling = models.CharField(_("学段"), max_length=12, choices=Schooling.choices, blank=True, default="")
    school = models.CharField(_("学校"), max_length=100, blank=True)
    grade = models.CharField(_("年级"), max_length=30, blank=True)
    drive = models.ForeignKey(
        DonationDrive,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aid_payments",
        verbose_name=_("动用的募捐款"),
        help_text=_("从某次募捐所得中支付时选择"),
    )
    case = models.ForeignKey(
        HardshipCase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("困难职工档案"),
    )
    kind = models.CharField(_("救助类别"), max_length=20, choices=Kind.choices)
    beneficiary = models.CharField(
        _("受助人"), max_length=100, blank=True, help_text=_("如金秋助学的学生姓名与就读学校。")
    )
    # A member's number is the register's; someone else's is kept here when given (a student's
    # 金秋助学 file asks for it), and then it is what makes two payments one person.
    id_number = models.CharField(
        _("受助人身份证号"),
        max_length=18,
        blank=True,
        default="",
        help_text=_("会员子女、学生等非会员受助人的身份证号，选填。"),
    )
    amount = models.DecimalField(_("金额"), max_digits=14, decimal_places=2)
    date = models.DateField(_("日期"))
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="+", verbose_name=_("资金"))
    voucher = models.OneToOneField(
        Voucher, on_delete=models.PROTECT, related_name="aid_payment", verbose_name=_("凭证")
    )
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("经办人")
    )

    objects = scoped_manager()

    class Meta:
        verbose_name = _("救助支出")
        verbose_name_plural = _("救助支出")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="aid_amount_positive"),
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(beneficiary=""), name="aid_names_recipient"
            ),
            models.CheckConstraint(
                condition=~Q(recipient="member") | Q(member__isnull=False),
                name="aid_member_recipient_is_member",
            ),
            models.CheckConstraint(
                condition=Q(schooling="") | Q(recipient__in=["child", "student"]),
                name="aid_schooling_for_students",
            ),
            models.CheckConstraint(
                condition=Q(id_number="") | ~Q(recipient="member"), name="aid_id_number_of_non_member"
            ),
        ]
        indexes = [
            models.Index(fields=["union", "date"], name="aid_union_date"),
            # The summary's few schools of the students helped (reports.figures._aid): a handful of
            # a year's payments, not every payment read to find them.
            models.Index(
                fields=["kind", "date", "id"],
                name="aid_school_examples",
                condition=~Q(recipient="member") & ~Q(school=""),
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="aid_payment_immutable", operation=IMMUTABLE),
            helped.payment_trigger(),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name} · {self.get_kind_display()} {self.amount}"

    @property
    def recipient_name(self) -> str:
        if self.recipient == self.Recipient.MEMBER and self.member_id:
            return self.member.name
        return self.beneficiary or (self.member.name if self.member_id else "")

    @property
    def channel(self) -> str:
        """How the aid reached its recipient: through a hardship file, a member, or directly."""
        if self.case_id:
            return "case"
        return "member" if self.member_id else "direct"
