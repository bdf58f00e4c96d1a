"""The member register (会员名册): real-name members, their status history, hardship case files."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionhub.models import Union


class Member(models.Model):
    """One person, one record: transfers inside the system move the record and keep its history."""

    class Sex(models.TextChoices):
        MALE = "M", _("男")
        FEMALE = "F", _("女")

    class IdType(models.TextChoices):
        RESIDENT_ID = "ric", _("居民身份证")
        PASSPORT = "passport", _("护照")
        HK_MACAO = "hkmo", _("港澳居民来往内地通行证")
        TAIWAN = "tw", _("台湾居民来往大陆通行证")
        OTHER = "other", _("其他证件")

    class EmploymentType(models.TextChoices):
        ESTABLISHED = "established", _("在编")
        CONTRACT = "contract", _("合同制")
        DISPATCHED = "dispatched", _("劳务派遣")
        MIGRANT = "migrant", _("农民工")
        PART_TIME = "part_time", _("非全日制")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        ACTIVE = "active", _("在册")
        RETAINED = "retained", _("保留会籍")
        TRANSFERRED_OUT = "transferred_out", _("已转出")
        LEFT = "left", _("已退会")
        REMOVED = "removed", _("已除名")
        DECEASED = "deceased", _("已故")

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="members", verbose_name=_("所在工会")
    )
    name = models.CharField(_("姓名"), max_length=50)
    name_initials = models.CharField(_("姓名拼音首字母"), max_length=50, blank=True, db_index=True)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True, default="汉族")
    id_type = models.CharField(
        _("证件类型"), max_length=10, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_number = models.CharField(_("证件号码"), max_length=30)
    mobile = models.CharField(_("手机号码"), max_length=20, blank=True)
    education = models.CharField(_("学历"), max_length=20, blank=True)
    skill_level = models.CharField(_("技能等级"), max_length=20, blank=True)
    household_type = models.CharField(_("户籍类型"), max_length=20, blank=True)
    political_status = models.CharField(_("政治面貌"), max_length=20, blank=True)
    employer = models.CharField(_("工作单位"), max_length=100, blank=True)
    department = models.CharField(_("部门"), max_length=100, blank=True)
    post = models.CharField(_("岗位"), max_length=50, blank=True)
    employment_type = models.CharField(
        _("用工形式"), max_length=20, choices=EmploymentType.choices, default=EmploymentType.CONTRACT
    )
    card_number = models.CharField(_("会员证号"), max_length=30, blank=True)
    join_date = models.DateField(_("入会日期"))
    # The current status, kept in step with the latest MemberEvent by members.services only.
    status = models.CharField(_("会籍状态"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("会员")
        verbose_name_plural = _("会员")
        ordering = ["name_initials", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["id_type", "id_number"], name="member_id_number_unique"),
        ]
        indexes = [models.Index(fields=["union", "status"], name="member_union_status")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_female(self) -> bool:
        return self.sex == self.Sex.FEMALE

    @property
    def is_migrant_worker(self) -> bool:
        return self.employment_type == self.EmploymentType.MIGRANT


class MemberEvent(models.Model):
    """A dated change of membership. Never edited: the register on any past date is rebuilt from these."""

    class Kind(models.TextChoices):
        JOINED = "joined", _("入会")
        TRANSFERRED_IN = "transferred_in", _("转入")
        TRANSFERRED_OUT = "transferred_out", _("转出")
        RETAINED = "retained", _("保留会籍")
        RESTORED = "restored", _("恢复会籍")
        LEFT = "left", _("退会")
        REMOVED = "removed", _("除名")
        DECEASED = "deceased", _("去世")

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="events", verbose_name=_("会员")
    )
    # The union the member belongs to after this event (for a transfer out: the union left).
    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    kind = models.CharField(_("变动类型"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("日期"))
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    other_union = models.ForeignKey(
        Union, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("对方工会")
    )
    other_union_name = models.CharField(_("对方工会名称"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("登记人")
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("会籍变动")
        verbose_name_plural = _("会籍变动")
        ordering = ["member", "date", "pk"]
        indexes = [models.Index(fields=["member", "date"], name="member_event_member_date")]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()} {self.date}"


class HardshipCase(models.Model):
    """A hardship case file (困难职工档案) for one member's household."""

    class Level(models.TextChoices):
        DEEP = "deep", _("深度困难")
        RELATIVE = "relative", _("相对困难")
        SUDDEN = "sudden", _("意外致困")

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="hardship_cases", verbose_name=_("会员")
    )
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="hardship_cases", verbose_name=_("工会")
    )
    level = models.CharField(_("困难类别"), max_length=10, choices=Level.choices)
    opened_on = models.DateField(_("建档日期"))
    closed_on = models.DateField(_("解困日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("困难职工档案")
        verbose_name_plural = _("困难职工档案")
        ordering = ["-opened_on", "pk"]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_level_display()}"
