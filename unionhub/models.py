"""The organisation tree, the people who log in, and the roles they hold."""

import re

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionhub.history import track
from unionhub.scope import ScopedQuerySet, path_ids, scoped_manager, under_path

# The grammar of a union's 会员证号 rule (members.cards numbers by it): "JT{年}{序号:4}".
CARD_SERIAL = re.compile(r"\{序号(?::(\d{1,2}))?\}")
CARD_YEAR = "{年}"


class UnionQuerySet(ScopedQuerySet):
    union_field = ""  # a union is its own union


class Union(models.Model):
    """A union organisation (工会组织): a node of the tree a role reaches down from."""

    class Kind(models.TextChoices):
        SYSTEM = "system", _("系统工会")
        BASE = "base", _("基层工会")
        GROUP = "group", _("工会小组")
        TOWNSHIP = "township", _("乡镇工会")
        VILLAGE = "village", _("村级工会")

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

    objects = UnionQuerySet.as_manager()

    class Meta:
        verbose_name = _("工会组织")
        verbose_name_plural = _("工会组织")
        ordering = ["path"]
        indexes = [models.Index(fields=["path"], name="union_path_prefix", opclasses=["varchar_pattern_ops"])]

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
    def depth(self) -> int:
        return self.path.count("/") - 2

    def clean(self) -> None:
        if (
            self.parent_id
            and self.pk
            and (self.parent_id == self.pk or self.parent.path.startswith(self.path))
        ):
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

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.name or self.username


class Role(models.Model):
    """A user's office in one union; it reaches that union and everything below it."""

    class Kind(models.TextChoices):
        CHAIR = "chair", _("工会主席")
        SECRETARY = "secretary", _("工会干事")
        TREASURER = "treasurer", _("会计")
        AUDITOR = "auditor", _("经审委员")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles", verbose_name=_("用户"))
    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="roles", verbose_name=_("工会"))
    kind = models.CharField(_("职务"), max_length=10, choices=Kind.choices)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("职务")
        verbose_name_plural = _("职务")
        ordering = ["union__path", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "union", "kind"], name="role_unique_per_union")
        ]

    def __str__(self) -> str:
        return f"{self.union.label} · {self.get_kind_display()}"


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

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.kind != self.Kind.PDF
