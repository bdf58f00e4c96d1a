"""The organisation tree, the people who log in, and the roles they hold."""

import re
from datetime import date

import pgtrigger
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Length, Replace, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionhub.history import track
from unionhub.scope import ScopedQuerySet, path_depth, path_ids, under_path


class Province(models.TextChoices):
    """The 31 provincial-level divisions of the mainland. The value is the short form the spending
    rules are kept under (finances.SpendingRule.region: "浙江"); the label the name in full."""

    BEIJING = "北京", _("北京市")
    TIANJIN = "天津", _("天津市")
    HEBEI = "河北", _("河北省")
    SHANXI = "山西", _("山西省")
    INNER_MONGOLIA = "内蒙古", _("内蒙古自治区")
    LIAONING = "辽宁", _("辽宁省")
    JILIN = "吉林", _("吉林省")
    HEILONGJIANG = "黑龙江", _("黑龙江省")
    SHANGHAI = "上海", _("上海市")
    JIANGSU = "江苏", _("江苏省")
    ZHEJIANG = "浙江", _("浙江省")
    ANHUI = "安徽", _("安徽省")
    FUJIAN = "福建", _("福建省")
    JIANGXI = "江西", _("江西省")
    SHANDONG = "山东", _("山东省")
    HENAN = "河南", _("河南省")
    HUBEI = "湖北", _("湖北省")
    HUNAN = "湖南", _("湖南省")
    GUANGDONG = "广东", _("广东省")
    GUANGXI = "广西", _("广西壮族自治区")
    HAINAN = "海南", _("海南省")
    CHONGQING = "重庆", _("重庆市")
    SICHUAN = "四川", _("四川省")
    GUIZHOU = "贵州", _("贵州省")
    YUNNAN = "云南", _("云南省")
    TIBET = "西藏", _("西藏自治区")
    SHAANXI = "陕西", _("陕西省")
    GANSU = "甘肃", _("甘肃省")
    QINGHAI = "青海", _("青海省")
    NINGXIA = "宁夏", _("宁夏回族自治区")
    XINJIANG = "新疆", _("新疆维吾尔自治区")

    @classmethod
    def parse(cls, text: str) -> "Province | None":
        """A province from its full name (四川省, 广西壮族自治区) or its short form (四川, 广西)."""
        text = (text or "").strip()
        for province in cls:
            if text in (province.value, str(province.label)):
                return province
        return None


# The grammar of a union's 会员证号 rule (members.cards numbers by it): "JT{年}{序号:4}".
CARD_SERIAL = re.compile(r"\{序号(?::(\d{1,2}))?\}")
CARD_YEAR = "{年}"


class UnionQuerySet(ScopedQuerySet):
    union_field = ""  # a union is its own union

    def open(self, on: date | None = None) -> "UnionQuerySet":
        """Unions not closed on the day (today by default): the ones pickers offer."""
        on = on or timezone.localdate()
        return self.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))

    def nearest(self, limit: int) -> "UnionQuerySet":
        """The `limit` unions nearest the top of the tree (a level at a time), in tree order: what a
        page lists when the whole tree would be too long to read."""
        level = Length("path") - Length(Replace("path", Value("/"), Value("")))
        top = self.order_by(level, "path").values("pk")[:limit]
        return self.model.objects.filter(pk__in=top).order_by("path")


@track("UnionHistory")
class Union(models.Model):
    """A union organisation (工会组织): a node of the tree a role reaches down from.

    A union that has records is never deleted: it is closed on a date (`closed_on`), after which it
    drops out of the pickers while its records stay where they are.
    """

    class Kind(models.TextChoices):
        SYSTEM = "system", _("系统工会")
        INDUSTRY = "industry", _("行业工会")
        REGIONAL = "regional", _("区域工会")
        TOWNSHIP = "township", _("乡镇工会")
        BASE = "base", _("基层工会")
        JOINT = "joint", _("联合基层工会")
        VILLAGE = "village", _("村级工会")
        GROUP = "group", _("工会小组")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.BASE)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级工会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of primary keys ("/1/4/"): a subtree is one indexed prefix match.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    region = models.CharField(
        _("所在省份"),
        max_length=20,
        blank=True,
        choices=Province.choices,
        help_text=_("经费开支标准按所在省份的规定执行"),
    )
    employer = models.CharField(_("所在单位"), max_length=100, blank=True)
    founded = models.DateField(_("成立日期"), null=True, blank=True)
    card_number_rule = models.CharField(
        _("会员证号规则"),
        max_length=40,
        blank=True,
        help_text=_(
            "如 JT{年}{序号:4}：{年}为入会年份，{序号:4}为4位顺序号。新会员未填会员证号时按此编号；"
            "留空则沿用上级工会的规则。"
        ),
    )

    class DuesMode(models.TextChoices):
        WAGE = "wage", _("按会员月工资的0.5%")
        FIXED = "fixed", _("每人每月定额")
        NONE = "none", _("本级不收缴会费")

    dues_mode = models.CharField(
        _("会费收缴方式"),
        max_length=10,
        choices=DuesMode.choices,
        default=DuesMode.WAGE,
        help_text=_("月度会费记账按此计算；“本级不收缴会费”的工会不再提示登记工资基数和月度会费。"),
    )
    dues_fixed_amount = models.DecimalField(
        _("每月定额会费"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("会费收缴方式为“每人每月定额”时填写，如 2.00 元。"),
    )
    party_organisation = models.CharField(
        _("上级党组织"), max_length=100, blank=True, help_text=_("年度工作总结中写明的党组织名称")
    )
    statistics_code = models.CharField(_("统计编码"), max_length=30, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    bank_name = models.CharField(_("开户行"), max_length=100, blank=True)
    bank_account = models.CharField(_("账号"), max_length=40, blank=True)
    term_start = models.DateField(_("本届委员会任期开始"), null=True, blank=True)
    term_end = models.DateField(_("本届委员会任期届满"), null=True, blank=True)
    # The bodies a union has (经审会, 女职委, 职代会, 厂务公开, 集体合同) and who leads each.
    has_audit_committee = models.BooleanField(_("设立经费审查委员会"), default=False)
    audit_committee_head = models.CharField(_("经审会主任"), max_length=50, blank=True)
    has_women_committee = models.BooleanField(_("设立女职工委员会"), default=False)
    women_committee_head = models.CharField(_("女职委主任"), max_length=50, blank=True)
    has_congress = models.BooleanField(_("建立职工代表大会制度"), default=False)
    congress_head = models.CharField(_("职代会负责人"), max_length=50, blank=True)
    has_open_affairs = models.BooleanField(_("实行厂务公开"), default=False)
    open_affairs_head = models.CharField(_("厂务公开负责人"), max_length=50, blank=True)
    has_collective_contract = models.BooleanField(_("签订集体合同"), default=False)
    collective_contract_head = models.CharField(_("集体合同负责人"), max_length=50, blank=True)
    closed_on = models.DateField(_("撤销日期"), null=True, blank=True)
    checkin_margin_minutes = models.PositiveSmallIntegerField(
        _("扫码签到提前/延后分钟数"),
        default=30,
        db_default=30,
        validators=[MaxValueValidator(24 * 60)],
        help_text=_("会员可在活动开始前、结束后这么多分钟内扫码签到"),
    )

    objects = UnionQuerySet.as_manager()

    class Meta:
        verbose_name = _("工会组织")
        verbose_name_plural = _("工会组织")
        ordering = ["path"]
        indexes = [models.Index(fields=["path"], name="union_path_prefix", opclasses=["varchar_pattern_ops"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True)
                | Q(term_start__isnull=True)
                | Q(term_end__gt=F("term_start")),
                name="union_term_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(dues_mode="fixed") | Q(dues_fixed_amount__gt=0),
                name="union_fixed_dues_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        if path != self.path:
            old = self.path
            Union.objects.filter(pk=self.pk).update(path=path)
            if old:
                # A moved union takes its subtree along.
                Union.objects.filter(under_path(old, via="")).exclude(pk=self.pk).update(
                    path=Concat(Value(path), Substr("path", len(old) + 1))
                )
            self.path = path

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def signing_body(self) -> str:
        """Who signs the union's papers: its committee (…工会委员会), but a 工会小组 elects no
        committee (a 组长 leads it) and signs as the group itself."""
        if self.kind == self.Kind.GROUP or self.name.endswith("委员会"):
            return self.name
        return _("%(union)s委员会") % {"union": self.name}

    @property
    def depth(self) -> int:
        return path_depth(self.path)

    def clean(self) -> None:
        if self.parent_id and self.pk and (self.parent_id == self.pk or self.contains(self.parent)):
            raise ValidationError({"parent": _("上级工会不能是本工会或其下级工会。")})
        if self.card_number_rule:
            rest = CARD_SERIAL.sub("", self.card_number_rule).replace(CARD_YEAR, "")
            if len(CARD_SERIAL.findall(self.card_number_rule)) != 1 or "{" in rest or "}" in rest:
                raise ValidationError(
                    {
                        "card_number_rule": _(
                            "会员证号规则须含一个{序号}，只能使用{年}和{序号:位数}，如 JT{年}{序号:4}。"
                        )
                    }
                )
        if self.dues_mode == self.DuesMode.FIXED and not (
            self.dues_fixed_amount and self.dues_fixed_amount > 0
        ):
            raise ValidationError({"dues_fixed_amount": _("按定额收缴会费时，请填写每人每月的金额。")})
        if self.term_start and self.term_end and self.term_end <= self.term_start:
            raise ValidationError({"term_end": _("任期届满日期应晚于任期开始日期。")})

    def is_open(self, on: date | None = None) -> bool:
        return self.closed_on is None or self.closed_on > (on or timezone.localdate())

    def contains(self, other: "Union") -> bool:
        """True when `other` is this union or lies below it."""
        return other.path.startswith(self.path)

    @property
    def lineage_ids(self) -> list[int]:
        """The ids from the top of the tree down to this union, itself included."""
        return path_ids(self.path)

    @property
    def ancestor_ids(self) -> list[int]:
        return self.lineage_ids[:-1]

    @property
    def root_id(self) -> int:
        return self.lineage_ids[0]

    def ancestors(self) -> "UnionQuerySet":
        """The unions above this one, top first."""
        return Union.objects.filter(pk__in=self.ancestor_ids).order_by("path")

    def root(self) -> "Union":
        return self if self.root_id == self.pk else Union.objects.get(pk=self.root_id)

    def subtree(self) -> "UnionQuerySet":
        """This union and every union below it."""
        return Union.objects.within(self)

    def tree(self) -> "UnionQuerySet":
        """Every union of the tree this one belongs to."""
        return Union.objects.filter(under_path(f"/{self.root_id}/", via=""))


class User(AbstractUser):
    """A person who logs in. Their reach comes only from their roles."""

    name = models.CharField(_("姓名"), max_length=50, blank=True)
    must_change_password = models.BooleanField(
        _("须修改密码"), default=False, help_text=_("一次性密码登录后，须先设置自己的密码才能使用。")
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.name or self.username


class RoleQuerySet(ScopedQuerySet):
    def current(self, on: date | None = None) -> "RoleQuerySet":
        """Roles held on the day (today by default): started, and not yet ended."""
        on = on or timezone.localdate()
        return self.filter(Q(end__isnull=True) | Q(end__gt=on), start__lte=on)

    def not_ended(self, on: date) -> "RoleQuerySet":
        """Roles still held on the day or later: no end date, or one after it (current or to come)."""
        return self.filter(Q(end__isnull=True) | Q(end__gt=on))


@track("RoleHistory")
class Role(models.Model):
    """A user's office in one union; it reaches that union and everything below it.

    A role is held from `start` until the day before `end`: from its end date on it reaches nothing,
    so a hand-over on one date ends the old committee's roles and starts the new ones that day.
    Ended roles stay as the history of who held which office when.
    """

    class Kind(models.TextChoices):
        CHAIR = "chair", _("工会主席")
        SECRETARY = "secretary", _("工会干事")
        TREASURER = "treasurer", _("会计")
        AUDITOR = "auditor", _("经审委员")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles", verbose_name=_("用户"))
    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="roles", verbose_name=_("工会"))
    kind = models.CharField(_("职务"), max_length=10, choices=Kind.choices)
    start = models.DateField(_("任职日期"), default=timezone.localdate)
    end = models.DateField(_("卸任日期"), null=True, blank=True, help_text=_("自该日起不再担任此职务"))

    objects = RoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("职务")
        verbose_name_plural = _("职务")
        ordering = ["union__path", "kind", "-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "union", "kind"], condition=Q(end__isnull=True), name="role_unique_per_union"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="role_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.union.label} · {self.get_kind_display()}"

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("卸任日期不能早于任职日期。")})

    def is_current(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.start <= on and (self.end is None or self.end > on)


# django-axes' records, named in Chinese for the admin (unionhub.admin); no tables of their own.
class LoginAttempt(AccessAttempt):
    class Meta:
        proxy = True
        verbose_name = _("登录失败计数")
        verbose_name_plural = _("登录失败计数（锁定）")


class LoginFailure(AccessFailureLog):
    class Meta:
        proxy = True
        verbose_name = _("登录失败记录")
        verbose_name_plural = _("登录失败记录")


class LoginLog(AccessLog):
    """Who signed in when, from where: kept. django-axes only stamps the logout on a row."""

    class Meta:
        proxy = True
        verbose_name = _("登录记录")
        verbose_name_plural = _("登录记录")
        triggers = [
            pgtrigger.Protect(name="login_log_kept", operation=pgtrigger.Delete),
            pgtrigger.Protect(
                name="login_log_stamps_logout_only",
                operation=pgtrigger.Update,
                condition=pgtrigger.Condition(
                    "OLD.logout_time IS NOT NULL "
                    "OR to_jsonb(OLD) - 'logout_time' IS DISTINCT FROM to_jsonb(NEW) - 'logout_time'"
                ),
            ),
        ]


def attachment_path(instance: "Attachment", filename: str) -> str:
    """Where a stored file goes: by union and month, under a random name (the original is kept apart)."""
    return f"attachments/{instance.union_id}/{timezone.localdate():%Y/%m}/{filename}"


@track("AttachmentHistory", exclude=("thumbnail",))
class Attachment(models.Model):
    """A scan or photo attached to a record (a voucher's invoices, an activity's sign-in sheet …).

    The record is generic (`content_type`, `object_id`); its union is copied onto the attachment when
    it is added, so the scope rule is the attachment's own (`Attachment.objects.within(union)`).
    The bytes live in Django's default storage (var/media, or object storage), never at a public
    URL: `unionhub.views.attachment_file` serves them after the record's access rule.
    """

    class Kind(models.TextChoices):
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"
        WEBP = "webp", "WebP"
        HEIC = "heic", "HEIC"
        PDF = "pdf", "PDF"

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("工会"))
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=255)
    thumbnail = models.FileField(_("缩略图"), upload_to=attachment_path, max_length=255, blank=True)
    kind = models.CharField(_("文件类型"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("原文件名"), max_length=200)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("上传人")
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    # An accounting record's scan is archive (unionhub.attachments.register(deletable=False)): set
    # when it is added, and PostgreSQL then refuses to change or delete the row.
    kept = models.BooleanField(_("随记录存档"), default=False, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_record")]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="attachment_size_positive"),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="attachment_sha256_hex"
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="attachment_kept_with_its_record",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__kept=True),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.kind != self.Kind.PDF
