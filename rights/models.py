"""The registers of democratic management (民主管理), workers' rights (维权) and members' growth.

Collective contracts, workers' congress sessions and their motions, 厂务公开 items, labour disputes
and their mediation, complaints and letters, job services and labour export, study outputs,
education subsidies and mutual-insurance enrolment. Each belongs to one union and rolls up through
the tree (`unionhub.scope`); each is in the audit trail and takes attachments (the signed contract,
the minutes). `KeptRegister` is how a union says it keeps a register for a year, so that an empty
register can be told as "全年未发生…" and a register nobody keeps is not told at all.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from activities.models import InUnionQuerySet
from members.models import Member
from unionhub.history import track
from unionhub.models import Union
from unionhub.scope import scoped_manager

PEOPLE = [MaxValueValidator(10_000_000)]


def _union(related_name: str):
    return models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name=related_name, verbose_name=_("工会")
    )


def _money(label: str, **kwargs):
    return models.DecimalField(label, max_digits=14, decimal_places=2, **kwargs)


def member_in_union(record) -> None:
    """A record about a member belongs to the member's union or a union above it."""
    if record.member_id and record.union_id and not record.union.contains(record.member.union):
        raise ValidationError({"member": _("该会员不属于本工会或下级工会。")})


class ContractQuerySet(InUnionQuerySet):
    date_field = "signed_on"

    def in_force(self, on):
        """Contracts signed by `on` and not expired on it."""
        return self.filter(signed_on__lte=on).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))


@track("CollectiveContractHistory")
class CollectiveContract(models.Model):
    """A collective contract signed or renewed with the employer (集体合同)."""

    class Kind(models.TextChoices):
        COMPREHENSIVE = "comprehensive", _("综合性集体合同")
        WAGE = "wage", _("工资专项集体合同")
        WOMEN = "women", _("女职工权益保护专项集体合同")

    union = _union("collective_contracts")
    kind = models.CharField(_("合同类型"), max_length=16, choices=Kind.choices)
    employer = models.CharField(_("用人单位"), max_length=100)
    signed_on = models.DateField(_("签订日期"))
    expires_on = models.DateField(_("到期日期"), null=True, blank=True)
    renewal = models.BooleanField(_("续签"), default=False, help_text=_("到期后续签的合同"))
    workers_covered = models.PositiveIntegerField(_("覆盖职工人数"), validators=PEOPLE)
    wage_figure = models.DecimalField(
        _("工资增长幅度（%）"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("工资专项集体合同约定的年度工资增长幅度"),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("集体合同")
        verbose_name_plural = _("集体合同")
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("signed_on")),
                name="contract_expires_after_signing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.get_kind_display()}"

    def clean(self) -> None:
        if self.signed_on and self.expires_on and self.expires_on <= self.signed_on:
            raise ValidationError({"expires_on": _("到期日期应晚于签订日期。")})


@track("CongressSessionHistory")
class CongressSession(models.Model):
    """A session of the workers' congress (职工代表大会), with its representatives."""

    union = _union("congress_sessions")
    date = models.DateField(_("召开日期"))
    title = models.CharField(_("会议名称"), max_length=100, help_text=_("如 第三届第二次职工代表大会"))
    representatives = models.PositiveIntegerField(_("职工代表人数"), validators=PEOPLE)
    women_representatives = models.PositiveIntegerField(_("其中女代表"), default=0, validators=PEOPLE)
    topics = models.CharField(_("审议事项"), max_length=300, blank=True, help_text=_("如 审议行政工作报告"))

    objects = InUnionQuerySet.as_manager()

    class Meta:
        verbose_name = _("职代会")
        verbose_name_plural = _("职代会")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(women_representatives__lte=F("representatives")), name="congress_women_within"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if (self.women_representatives or 0) > (self.representatives or 0):
            raise ValidationError({"women_representatives": _("女代表人数不能多于代表人数。")})


class MotionQuerySet(InUnionQuerySet):
    union_field = "session__union"
    date_field = "session__date"


@track("MotionHistory")
class Motion(models.Model):
    """A motion (提案) raised at a congress session, its decision and what was done."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("立案")
        ADVICE = "advice", _("作为意见建议处理")
        DECLINED = "declined", _("不予立案")

    session = models.ForeignKey(
        CongressSession, on_delete=models.PROTECT, related_name="motions", verbose_name=_("职代会")
    )
    subject = models.CharField(_("提案内容"), max_length=200)
    raised_by = models.CharField(_("提案人"), max_length=100)
    decision = models.CharField(_("处理"), max_length=10, choices=Decision.choices, default=Decision.ACCEPTED)
    action = models.CharField(_("落实情况"), max_length=300, blank=True)
    done = models.BooleanField(_("已落实"), default=False)

    objects = MotionQuerySet.as_manager()

    class Meta:
        verbose_name = _("职代会提案")
        verbose_name_plural = _("职代会提案")
        ordering = ["-session__date", "pk"]

    def __str__(self) -> str:
        return self.subject

    @property
    def union(self) -> Union:
        return self.session.union

    @property
    def date(self):
        return self.session.date


@track("OpenAffairsItemHistory")
class OpenAffairsItem(models.Model):
    """A matter made public to the workers (厂务公开): what, when and how."""

    class Channel(models.TextChoices):
        BOARD = "board", _("公开栏")
        CONGRESS = "congress", _("职代会")
        MEETING = "meeting", _("职工大会或会议")
        ONLINE = "online", _("网络或微信群")
        OTHER = "other", _("其他")

    union = _union("open_affairs")
    date = models.DateField(_("公开日期"))
    subject = models.CharField(_("公开事项"), max_length=200)
    channel = models.CharField(_("公开形式"), max_length=10, choices=Channel.choices)

    objects = InUnionQuerySet.as_manager()

    class Meta:
        verbose_name = _("厂务公开")
        verbose_name_plural = _("厂务公开")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.subject


class DisputeQuerySet(InUnionQuerySet):
    date_field = "received_on"


@track("LabourDisputeHistory")
class LabourDispute(models.Model):
    """A labour dispute the union mediated (劳动争议调解). The parties are named in full only on the
    record itself; every list and export masks them."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("调解中")
        SETTLED = "settled", _("调解成功")
        FAILED = "failed", _("调解不成")
        REFERRED = "referred", _("转仲裁或诉讼")
        WITHDRAWN = "withdrawn", _("申请人撤回")

    union = _union("labour_disputes")
    received_on = models.DateField(_("受理日期"))
    applicant = models.CharField(_("申请人"), max_length=100)
    respondent = models.CharField(_("被申请人"), max_length=100, help_text=_("通常为用人单位"))
    workers = models.PositiveIntegerField(_("涉及职工人数"), default=1, validators=PEOPLE)
    subject = models.CharField(_("争议事项"), max_length=200, help_text=_("如 拖欠工资、工伤待遇"))
    outcome = models.CharField(_("调解结果"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    recovered = _money(_("挽回经济损失（元）"), default=0)

    objects = DisputeQuerySet.as_manager()

    class Meta:
        verbose_name = _("劳动争议调解")
        verbose_name_plural = _("劳动争议调解")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(recovered__gte=0), name="dispute_recovered_not_negative"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("received_on")),
                name="dispute_closed_after_received",
            ),
            models.CheckConstraint(
                condition=Q(outcome="pending") | Q(closed_on__isnull=False), name="dispute_closed_has_date"
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def clean(self) -> None:
        errors = {}
        if self.closed_on and self.received_on and self.closed_on < self.received_on:
            errors["closed_on"] = _("结案日期不能早于受理日期。")
        if self.outcome != self.Outcome.PENDING and not self.closed_on:
            errors["closed_on"] = _("已有调解结果，请填写结案日期。")
        if errors:
            raise ValidationError(errors)


class ComplaintQuerySet(InUnionQuerySet):
    date_field = "received_on"


@track("ComplaintHistory")
class Complaint(models.Model):
    """A letter, visit or complaint received (信访/投诉), with its subject and the answer given."""

    class Channel(models.TextChoices):
        LETTER = "letter", _("来信")
        VISIT = "visit", _("来访")
        PHONE = "phone", _("电话")
        ONLINE = "online", _("网络")

    union = _union("complaints")
    received_on = models.DateField(_("收到日期"))
    channel = models.CharField(_("方式"), max_length=10, choices=Channel.choices)
    complainant = models.CharField(_("来信来访人"), max_length=100)
    subject = models.CharField(_("反映事项"), max_length=200)
    answer = models.CharField(_("答复意见"), max_length=300, blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("信访投诉")
        verbose_name_plural = _("信访投诉")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("received_on")),
                name="complaint_answered_after_received",
            )
        ]

    def __str__(self) -> str:
        return self.subject

    def clean(self) -> None:
        if self.answered_on and self.received_on and self.answered_on < self.received_on:
            raise ValidationError({"answered_on": _("答复日期不能早于收到日期。")})


@track("JobServiceHistory")
class JobService(models.Model):
    """Job services for workers (migrant workers above all): placements, trainings for jobs, and
    people sent to work elsewhere (劳务输出)."""

    class Kind(models.TextChoices):
        PLACEMENT = "placement", _("就业推荐")
        TRAINING = "training", _("就业技能培训")
        EXPORT = "export", _("劳务输出")

    union = _union("job_services")
    date = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("事项"), max_length=200, help_text=_("如 春风行动专场招聘会"))
    people = models.PositiveIntegerField(_("人数"), validators=PEOPLE)
    destination = models.CharField(_("去向"), max_length=100, blank=True, help_text=_("劳务输出的地区或单位"))

    objects = InUnionQuerySet.as_manager()

    class Meta:
        verbose_name = _("就业服务")
        verbose_name_plural = _("就业服务")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title


@track("StudyOutputHistory")
class StudyOutput(models.Model):
    """A member's study output (学习笔记, 心得体会 …) and its length in characters (字数)."""

    class Kind(models.TextChoices):
        NOTES = "notes", _("学习笔记")
        REFLECTION = "reflection", _("心得体会")
        PAPER = "paper", _("论文或调研报告")
        OTHER = "other", _("其他")

    union = _union("study_outputs")
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("会员")
    )
    author_name = models.CharField(_("作者"), max_length=100, blank=True, help_text=_("非会员或集体时填写"))
    date = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("题目"), max_length=200)
    words = models.PositiveIntegerField(_("字数"), validators=PEOPLE)

    objects = InUnionQuerySet.as_manager()

    class Meta:
        verbose_name = _("学习成果")
        verbose_name_plural = _("学习成果")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(author_name=""), name="study_output_has_author"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def author(self) -> str:
        return self.member.name if self.member_id else self.author_name

    def clean(self) -> None:
        if not self.member_id and not self.author_name.strip():
            raise ValidationError({"author_name": _("请选择会员或填写作者。")})
        member_in_union(self)


@track("EducationSubsidyHistory")
class EducationSubsidy(models.Model):
    """A subsidy for a member's further education (学历教育、职业资格培训)."""

    union = _union("education_subsidies")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("会员"))
    date = models.DateField(_("发放日期"))
    course = models.CharField(_("学习项目"), max_length=200, help_text=_("如 在职本科、二级建造师"))
    amount = _money(_("补助金额（元）"))

    objects = InUnionQuerySet.as_manager()

    class Meta:
        verbose_name = _("学习补助")
        verbose_name_plural = _("学习补助")
        ordering = ["-date", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="education_subsidy_positive")]

    def __str__(self) -> str:
        return f"{self.member} {self.course}"

    def clean(self) -> None:
        member_in_union(self)


class InsuranceQuerySet(InUnionQuerySet):
    def in_year(self, year: int, until=None):
        return self.filter(year=year)


@track("InsuranceEnrolmentHistory")
class InsuranceEnrolment(models.Model):
    """A year's enrolment in a mutual-insurance plan (职工大病互助保障 …): members covered, premium paid."""

    union = _union("insurance_enrolments")
    year = models.PositiveSmallIntegerField(_("年度"))
    plan = models.CharField(_("保障项目"), max_length=100, help_text=_("如 职工重大疾病互助保障"))
    members_covered = models.PositiveIntegerField(_("参保会员人数"), validators=PEOPLE)
    premium = _money(_("缴纳互助金（元）"))
    paid_on = models.DateField(_("缴费日期"), null=True, blank=True)

    objects = InsuranceQuerySet.as_manager()

    class Meta:
        verbose_name = _("互助保障参保")
        verbose_name_plural = _("互助保障参保")
        ordering = ["-year", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year", "plan"], name="insurance_once_per_plan_year"),
            models.CheckConstraint(condition=Q(premium__gte=0), name="insurance_premium_not_negative"),
            models.CheckConstraint(condition=Q(year__gte=1990, year__lte=2100), name="insurance_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.plan}"


@track("KeptRegisterHistory")
class KeptRegister(models.Model):
    """A union's word that it kept a register for the year (建立台账): an empty register it keeps is
    told in the summary as "全年未发生…"; one it does not keep is not told at all. A record in the
    register for the year counts as keeping it too."""

    union = _union("kept_registers")
    year = models.PositiveSmallIntegerField(_("年度"))
    register = models.CharField(_("台账"), max_length=20)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )
    marked_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("本年度台账")
        verbose_name_plural = _("本年度台账")
        constraints = [
            models.UniqueConstraint(fields=["union", "year", "register"], name="kept_register_once")
        ]

    def __str__(self) -> str:
        return f"{self.union_id} {self.year} {self.register}"
