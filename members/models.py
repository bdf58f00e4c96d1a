"""The member register (会员名册): real-name members, their status history, hardship case files."""

import re
from contextlib import suppress
from datetime import date, timedelta
from decimal import Decimal

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Reverse, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin

from members import picklists
from members.event_counts import EventCount  # noqa: F401  (a model of this app, kept by the events' trigger)
from members.idcard import InvalidId, check_resident_id, mask, mask_phone, normalise_id, normalise_text
from members.roll import RollChange  # noqa: F401  (a model of this app, kept by triggers on the events)
from unionhub.history import track
from unionhub.models import Union
from unionhub.money import round_money
from unionhub.scope import ScopedQuerySet, scoped_manager

# Surnames read differently from the same character in a word; a secretary types the surname reading.
SURNAME_INITIALS = {
    "尉迟": "yc",
    "长孙": "zs",
    "单": "s",
    "曾": "z",
    "解": "x",
    "朴": "p",
    "查": "z",
    "区": "o",
    "仇": "q",
    "乐": "y",
    "覃": "q",
    "缪": "m",
    "翟": "z",
    "盖": "g",
    "繁": "p",
    "秘": "b",
    "员": "y",
    "召": "s",
}


# The same surnames, read in full: the sort key of a register (曾 zeng, 单 shan, 解 xie …).
SURNAME_PINYIN = {
    "尉迟": "yuchi",
    "长孙": "zhangsun",
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "朴": "piao",
    "查": "zha",
    "区": "ou",
    "仇": "qiu",
    "乐": "yue",
    "覃": "qin",
    "缪": "miao",
    "翟": "zhai",
    "盖": "ge",
    "繁": "po",
    "秘": "bi",
    "员": "yun",
    "召": "shao",
}


def pinyin_full(name: str) -> str:
    """`caihaitao` for 蔡海涛: the key names sort by (cai < cao < chen) and full-pinyin search matches.

    Letters and digits only, lower case; a surname with a special reading is read as a surname."""
    for surname, reading in SURNAME_PINYIN.items():
        if name.startswith(surname):
            return reading + pinyin_full(name[len(surname) :])
    return "".join(ch for ch in "".join(lazy_pinyin(name)).lower() if ch.isascii() and ch.isalnum())


def pinyin_initials(name: str) -> str:
    """`zsf` for 张三丰; for a surname with a special reading also the everyday one (`zgf cgf` for 曾国藩)."""
    pieces = lazy_pinyin(name, style=Style.FIRST_LETTER)
    common = "".join(piece[0] for piece in pieces if piece and piece[0].isalnum()).lower()
    for surname, initials in SURNAME_INITIALS.items():
        if name.startswith(surname):
            rest = "".join(
                piece[0] for piece in lazy_pinyin(name[len(surname) :], style=Style.FIRST_LETTER) if piece
            ).lower()
            special = initials + rest
            return special if special == common else f"{special} {common}"
    return common


class MemberQuerySet(ScopedQuerySet):
    def current(self) -> "MemberQuerySet":
        """Members today: active or retained (保留会籍)."""
        return self.filter(status__in=Member.CURRENT_STATUSES)

    def search(self, text: str, *, by_id_number: bool = True) -> "MemberQuerySet":
        """Name, pinyin initials (`zsf`), member card number, and the tail of the ID number.

        `by_id_number=False` for roles that may not see ID numbers: they cannot probe them either.
        Every branch is served by an index (see `Member.Meta.indexes`), so the search reads the
        matching rows, not the register.
        """
        text = normalise_text(text)
        if not text:
            return self
        condition = _name_or_initials(text)
        if text.isascii() and text.isalnum():
            condition |= Q(card_number__icontains=text)  # an exact number among them
        elif text.lower() == text.upper():
            condition |= Q(card_number=text)
        else:
            condition |= Q(card_number__iexact=text)
        if text.isascii() and text.isalpha():
            # The full reading (caihaitao, or its start: caihai).
            reading = text.lower()
            condition |= (
                Q(name_pinyin__contains=reading) if len(reading) >= 4 else Q(name_pinyin__startswith=reading)
            )
        id_tail = normalise_id(text)
        if by_id_number and len(id_tail) >= 4 and id_tail[:-1].isascii() and id_tail[:-1].isdigit():
            condition |= Q(id_number_reversed__startswith=id_tail[::-1])
        return self.alias(id_number_reversed=Reverse("id_number")).filter(condition)


def search_grams(text: str) -> list[str]:
    """What the database's `member_search_grams` must hold for a name or initials containing `text`:
    the fragment itself up to two characters, else each of its bigrams."""
    text = text.lower()
    if len(text) <= 2:
        return [text]
    return sorted({text[i : i + 2] for i in range(len(text) - 1)})


def _name_or_initials(text: str) -> Q:
    """The name (or, for letters, the pinyin initials) contains `text`: found through the GIN index
    over the name's and initials' characters and bigrams; a longer fragment is checked in full."""
    condition = Q(search_grams__contains=search_grams(text))
    if len(text) <= 2:
        return condition
    # Chinese characters and digits have no case: a plain LIKE finds the same rows as an ILIKE, faster.
    full = Q(name__contains=text) if text.lower() == text.upper() else Q(name__icontains=text)
    if text.isascii() and text.isalpha():
        full |= Q(name_initials__contains=text.lower())
    return condition & full


# The single characters and bigrams of the name and of its initials, lower case: kept by PostgreSQL
# (migration members 0012), so bulk inserts, imports and plain SQL keep it right.
SEARCH_GRAMS = models.Func(
    F("name"), F("name_initials"), function="member_search_grams", output_field=ArrayField(models.TextField())
)


@track("MemberHistory", exclude=("search_grams",))
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

    CURRENT_STATUSES = (Status.ACTIVE, Status.RETAINED)

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="members", verbose_name=_("所在工会")
    )
    name = models.CharField(_("姓名"), max_length=50)
    name_initials = models.CharField(_("姓名拼音首字母"), max_length=50, blank=True, db_index=True)
    # Full pinyin of the name (蔡海涛 → caihaitao): registers sort by it, search matches it.
    name_pinyin = models.CharField(_("姓名拼音"), max_length=200, blank=True, default="", db_default="")
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True, default="汉族")
    id_type = models.CharField(
        _("证件类型"), max_length=10, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_number = models.CharField(_("证件号码"), max_length=30)
    mobile = models.CharField(_("手机号码"), max_length=20, blank=True)
    address = models.CharField(_("联系地址"), max_length=200, blank=True, default="", db_default="")
    # Standard answers (members.picklists); old free text was brought over by a data migration.
    education = models.CharField(_("学历"), max_length=20, blank=True, choices=picklists.choices("education"))
    skill_level = models.CharField(
        _("技能等级"), max_length=20, blank=True, choices=picklists.choices("skill_level")
    )
    household_type = models.CharField(
        _("户籍类型"), max_length=20, blank=True, choices=picklists.choices("household_type")
    )
    political_status = models.CharField(
        _("政治面貌"), max_length=20, blank=True, choices=picklists.choices("political_status")
    )
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
    search_grams = models.GeneratedField(
        expression=SEARCH_GRAMS, output_field=ArrayField(models.TextField()), db_persist=True
    )

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("会员")
        verbose_name_plural = _("会员")
        ordering = ["name_pinyin", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["id_type", "id_number"], name="member_id_number_unique"),
            models.CheckConstraint(
                condition=~Q(id_type="ric") | Q(id_number__regex=r"^[0-9]{17}[0-9X]$"),
                name="member_resident_id_format",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="member_name_not_blank"),
            models.CheckConstraint(condition=~Q(id_number=""), name="member_id_number_not_blank"),
        ]
        indexes = [
            models.Index(fields=["union", "status"], name="member_union_status"),
            models.Index(fields=["name_pinyin", "name"], name="member_name_pinyin"),
            # Search (MemberQuerySet.search): one index for each branch, so PostgreSQL ORs the bitmaps.
            GinIndex(fields=["search_grams"], name="member_search_grams"),
            models.Index(
                fields=["name_pinyin"], opclasses=["varchar_pattern_ops"], name="member_pinyin_prefix"
            ),
            GinIndex(fields=["name_pinyin"], opclasses=["gin_trgm_ops"], name="member_pinyin_trgm"),
            models.Index(OpClass(Reverse("id_number"), name="text_pattern_ops"), name="member_id_tail"),
            models.Index(fields=["card_number"], name="member_card_number"),
            GinIndex(OpClass(Upper("card_number"), name="gin_trgm_ops"), name="member_card_number_trgm"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.normalise()
        super().save(*args, **kwargs)

    @property
    def is_female(self) -> bool:
        return self.sex == self.Sex.FEMALE

    @property
    def is_migrant_worker(self) -> bool:
        return self.employment_type == self.EmploymentType.MIGRANT

    @property
    def is_current(self) -> bool:
        return self.status in self.CURRENT_STATUSES

    @property
    def masked_id_number(self) -> str:
        return mask(self.id_number)

    @property
    def masked_mobile(self) -> str:
        return mask_phone(self.mobile)

    def clean_fields(self, exclude=None) -> None:
        # Tidy first: "大专" is checked against the picklist as "大学专科".
        self.normalise()
        super().clean_fields(exclude=exclude)

    def normalise(self) -> None:
        """Tidy what a person would: spaces, full-width characters, a lower-case x; derive the initials."""
        self.name = normalise_text(self.name)
        self.id_number = normalise_id(self.id_number)
        self.mobile = normalise_text(self.mobile).replace(" ", "").replace("-", "")
        self.card_number = normalise_text(self.card_number)
        self.address = normalise_text(self.address)
        self.name_initials = pinyin_initials(self.name)[:50]
        self.name_pinyin = pinyin_full(self.name)[:200]
        for field in picklists.CHOICES:
            standard = picklists.canonical(field, getattr(self, field))
            if standard is not None:
                setattr(self, field, standard)
        if self.id_type == self.IdType.RESIDENT_ID and self.birth_date is None:
            with suppress(InvalidId):
                self.birth_date = check_resident_id(self.id_number).birth_date

    def clean(self) -> None:
        self.normalise()
        errors = {}
        if not self.name:
            errors["name"] = _("请填写姓名。")
        if self.id_type == self.IdType.RESIDENT_ID:
            try:
                facts = check_resident_id(self.id_number)
            except InvalidId as error:
                errors["id_number"] = str(error)
            else:
                if self.birth_date and self.birth_date != facts.birth_date:
                    errors["birth_date"] = _("出生日期与身份证号码不符（身份证为 %(date)s）。") % {
                        "date": facts.birth_date.isoformat()
                    }
                if self.sex and self.sex != facts.sex:
                    errors["sex"] = _("性别与身份证号码不符（身份证为%(sex)s）。") % {
                        "sex": self.Sex(facts.sex).label
                    }
        elif not self.id_number:
            errors["id_number"] = _("请填写证件号码。")
        if self.birth_date and self.join_date and self.join_date < self.birth_date:
            errors["join_date"] = _("入会日期不能早于出生日期。")
        if self.join_date and self.join_date > timezone.localdate():
            errors["join_date"] = _("入会日期不能晚于今天。")
        if errors:
            raise ValidationError(errors)


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

    # The member's status once the event happened.
    STATUS_AFTER = {
        Kind.JOINED: Member.Status.ACTIVE,
        Kind.TRANSFERRED_IN: Member.Status.ACTIVE,
        Kind.RESTORED: Member.Status.ACTIVE,
        Kind.RETAINED: Member.Status.RETAINED,
        Kind.TRANSFERRED_OUT: Member.Status.TRANSFERRED_OUT,
        Kind.LEFT: Member.Status.LEFT,
        Kind.REMOVED: Member.Status.REMOVED,
        Kind.DECEASED: Member.Status.DECEASED,
    }
    # Events after which the person is a member (active or retained) of the event's union.
    MEMBER_AFTER = (Kind.JOINED, Kind.TRANSFERRED_IN, Kind.RESTORED, Kind.RETAINED)
    TRANSFERS = (Kind.TRANSFERRED_IN, Kind.TRANSFERRED_OUT)

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

    objects = scoped_manager()

    class Meta:
        verbose_name = _("会籍变动")
        verbose_name_plural = _("会籍变动")
        ordering = ["member", "date", "pk"]
        indexes = [
            models.Index(fields=["member", "date"], name="member_event_member_date"),
            models.Index(fields=["kind", "date"], name="member_event_kind_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["transferred_in", "transferred_out"])
                | (Q(other_union__isnull=True) & Q(other_union_name="")),
                name="member_event_other_union_only_for_transfers",
            ),
        ]
        triggers = [
            # History is never overwritten: corrections are new events.
            pgtrigger.Protect(name="member_event_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()} {self.date}"

    def clean(self) -> None:
        if self.kind not in self.TRANSFERS and (self.other_union_id or self.other_union_name):
            raise ValidationError(_("只有转入、转出才填写对方工会。"))

    @property
    def status_after(self) -> str:
        return self.STATUS_AFTER[self.kind]

    @property
    def other_union_label(self) -> str:
        return self.other_union.name if self.other_union_id else self.other_union_name


class PersonalDataAccess(models.Model):
    """A log line for every export, and every page read, of unmasked ID and phone numbers or of a
    hardship file (个人信息保护法). An export states its purpose; a page read names the member."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("导出")
        VIEW = "view", _("查看")

    kind = models.CharField(_("方式"), max_length=10, choices=Kind.choices, default=Kind.EXPORT)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("导出人")
    )
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("导出时所在工会")
    )
    role_kind = models.CharField(_("职务"), max_length=10)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    what = models.CharField(_("内容"), max_length=200)
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("会员")
    )
    filters = models.CharField(_("筛选条件"), max_length=500, blank=True)
    row_count = models.PositiveIntegerField(_("行数"))
    purpose = models.CharField(_("用途"), max_length=200, blank=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("个人信息访问记录")
        verbose_name_plural = _("个人信息访问记录")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="view") | ~Q(purpose=""), name="personal_data_access_purpose"
            )
        ]
        triggers = [
            pgtrigger.Protect(
                name="personal_data_access_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.what} {self.at:%Y-%m-%d %H:%M}"


class RollImport(models.Model):
    """One upload of a roll (花名册): the checked rows wait here between the preview and the commit."""

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+", verbose_name=_("导入工会"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("上传人")
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    file_name = models.CharField(_("文件名"), max_length=200)
    # [{"row": 5, "verdict": "accepted"|"rejected"|"registered", "problems": [...], "data": {...}}]
    rows = models.JSONField(default=list)
    # {"recognised": [{"field", "header", "column"}], "ignored": [header, ...]}
    columns = models.JSONField(default=dict)
    accepted_count = models.PositiveIntegerField(_("可导入"), default=0)
    rejected_count = models.PositiveIntegerField(_("有问题"), default=0)
    registered_count = models.PositiveIntegerField(_("已登记"), default=0)
    committed_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    committed_count = models.PositiveIntegerField(_("已导入"), default=0)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("名册导入")
        verbose_name_plural = _("名册导入")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.uploaded_at:%Y-%m-%d %H:%M})"

    @property
    def total_count(self) -> int:
        return self.accepted_count + self.rejected_count + self.registered_count


class HardshipCaseQuerySet(ScopedQuerySet):
    def open(self) -> "HardshipCaseQuerySet":
        return self.filter(closed_on__isnull=True)

    def on_file(self, on: date) -> "HardshipCaseQuerySet":
        """Cases open on a date: filed on or before it and not closed by then."""
        return self.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on), opened_on__lte=on)

    def due_for_verification(self, on: date, *, warning_days: int = 30) -> "HardshipCaseQuerySet":
        """Open cases whose yearly re-verification falls due within `warning_days` of `on` (or is late)."""
        limit = one_year_before(on + timedelta(days=warning_days))
        return (
            self.open()
            .alias(verified=Coalesce("last_verified_on", "opened_on"))
            .filter(verified__lte=limit)
            .order_by("last_verified_on", "opened_on", "pk")
        )


def one_year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


@track("HardshipCaseHistory")
class HardshipCase(models.Model):
    """A hardship case file (困难职工档案) for one member's household."""

    class Level(models.TextChoices):
        DEEP = "deep", _("深度困难")
        RELATIVE = "relative", _("相对困难")
        SUDDEN = "sudden", _("意外致困")

    class Cause(models.TextChoices):
        ILLNESS = "illness", _("因病")
        DISABILITY = "disability", _("因残")
        DISASTER = "disaster", _("因灾")
        SCHOOLING = "schooling", _("子女就学")
        SINGLE_PARENT = "single_parent", _("单亲家庭")
        UNEMPLOYMENT = "unemployment", _("失业下岗")
        ACCIDENT = "accident", _("意外事故")
        LOW_INCOME = "low_income", _("收入低")
        ELDERLY_CARE = "elderly_care", _("赡养负担重")
        OTHER = "other", _("其他")

    MAX_SECONDARY_CAUSES = 3

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="hardship_cases", verbose_name=_("会员")
    )
    # Whose file it is, for every reader (pages, filters, statistics, the summary, the audit trail):
    # the union looking after it. An open file follows its member's transfer inside the system; a
    # closed one stays with the union that closed it. `opened_in` never changes: the year's "files
    # opened" count belongs to the union that opened them.
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="hardship_cases", verbose_name=_("工会")
    )
    opened_in = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="+", editable=False, verbose_name=_("建档工会")
    )
    level = models.CharField(_("困难类别"), max_length=10, choices=Level.choices)
    opened_on = models.DateField(_("建档日期"))
    closed_on = models.DateField(_("解困日期"), null=True, blank=True)
    household_size = models.PositiveSmallIntegerField(_("家庭人口"), default=1)
    household_income = models.DecimalField(
        _("家庭月收入（元）"), max_digits=14, decimal_places=2, default=Decimal("0.00")
    )
    per_capita_income = models.DecimalField(
        _("家庭月人均收入（元）"), max_digits=14, decimal_places=2, default=Decimal("0.00"), editable=False
    )
    health = models.CharField(_("本人健康状况"), max_length=100, blank=True)
    housing = models.CharField(_("住房情况"), max_length=100, blank=True)
    situation = models.TextField(_("困难情况"), blank=True)
    need = models.TextField(_("帮扶需求"), blank=True)
    main_cause = models.CharField(_("主要致困原因"), max_length=20, choices=Cause.choices)
    secondary_causes = ArrayField(
        models.CharField(max_length=20, choices=Cause.choices),
        verbose_name=_("其他致困原因"),
        default=list,
        blank=True,
        help_text=_("最多三项。"),
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("建档人"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    notice_done = models.BooleanField(_("已公示"), default=False)
    notice_date = models.DateField(_("公示日期"), null=True, blank=True)
    last_verified_on = models.DateField(_("最近复核日期"), null=True, blank=True)
    closed_reason = models.CharField(_("解困原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HardshipCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("困难职工档案")
        verbose_name_plural = _("困难职工档案")
        ordering = ["-opened_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="hardship_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=Q(household_size__gte=1), name="hardship_household_size_positive"
            ),
            models.CheckConstraint(condition=Q(household_income__gte=0), name="hardship_income_not_negative"),
            models.CheckConstraint(
                condition=Q(secondary_causes__len__lte=3), name="hardship_at_most_three_secondary_causes"
            ),
            models.CheckConstraint(
                condition=Q(notice_done=False) | Q(notice_date__isnull=False), name="hardship_notice_dated"
            ),
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(closed_on__isnull=True),
                name="hardship_one_open_case_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_level_display()}"

    def save(self, *args, **kwargs) -> None:
        self.per_capita_income = self.compute_per_capita_income()
        if self.opened_in_id is None:
            self.opened_in_id = self.union_id
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def verification_due_on(self) -> date:
        return one_year_after(self.last_verified_on or self.opened_on)

    @property
    def secondary_cause_labels(self) -> list[str]:
        return [self.Cause(cause).label for cause in self.secondary_causes if cause in self.Cause.values]

    def compute_per_capita_income(self) -> Decimal:
        if not self.household_size:
            return Decimal("0.00")
        return round_money(Decimal(self.household_income or 0) / self.household_size)

    def clean(self) -> None:
        errors = {}
        causes = list(self.secondary_causes or [])
        if len(causes) > self.MAX_SECONDARY_CAUSES:
            errors["secondary_causes"] = _("其他致困原因最多选三项。")
        elif len(set(causes)) != len(causes):
            errors["secondary_causes"] = _("其他致困原因不能重复。")
        elif self.main_cause and self.main_cause in causes:
            errors["secondary_causes"] = _("主要致困原因不必再选为其他原因。")
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = _("解困日期不能早于建档日期。")
        if self.household_size is not None and self.household_size < 1:
            errors["household_size"] = _("家庭人口至少为1人。")
        if self.household_income is not None and self.household_income < 0:
            errors["household_income"] = _("收入不能为负数。")
        if self.notice_done and not self.notice_date:
            errors["notice_date"] = _("已公示的，请填写公示日期。")
        if self.opened_on and self.opened_on > timezone.localdate():
            errors["opened_on"] = _("建档日期不能晚于今天。")
        if errors:
            raise ValidationError(errors)


@track("HardshipFamilyMemberHistory")
class HardshipFamilyMember(models.Model):
    """A member of the household on a hardship file."""

    case = models.ForeignKey(
        HardshipCase, on_delete=models.CASCADE, related_name="family", verbose_name=_("困难职工档案")
    )
    name = models.CharField(_("姓名"), max_length=50)
    relation = models.CharField(_("与本人关系"), max_length=20)
    health = models.CharField(_("健康状况"), max_length=50, blank=True)
    monthly_income = models.DecimalField(
        _("月收入（元）"), max_digits=14, decimal_places=2, default=Decimal("0.00")
    )
    school_or_work = models.CharField(_("就学或工作单位"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
        ordering = ["case", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_income__gte=0), name="hardship_family_income_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.relation}）"

    def clean(self) -> None:
        if self.monthly_income is not None and self.monthly_income < 0:
            raise ValidationError({"monthly_income": _("收入不能为负数。")})


@track("HardshipVerificationHistory")
class HardshipVerification(models.Model):
    """A yearly re-verification (年度复核) of a hardship file."""

    case = models.ForeignKey(
        HardshipCase, on_delete=models.PROTECT, related_name="verifications", verbose_name=_("困难职工档案")
    )
    date = models.DateField(_("复核日期"))
    level = models.CharField(_("复核后困难类别"), max_length=10, choices=HardshipCase.Level.choices)
    per_capita_income = models.DecimalField(_("复核时月人均收入（元）"), max_digits=14, decimal_places=2)
    notes = models.CharField(_("复核意见"), max_length=300, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("复核人")
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("年度复核")
        verbose_name_plural = _("年度复核")
        ordering = ["case", "-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.date}"


# -- the members' own door: their login, their corrections, applications to join ------------------


def is_mobile_number(value: str) -> bool:
    """A mainland mobile number as a member types it on their own page: 11 digits from 13… to 19…."""
    return re.fullmatch(r"1[3-9][0-9]{9}", value) is not None


@track("MemberLoginHistory")
class MemberLogin(models.Model):
    """A member's own login: a `User` with no role, tied to one member record.

    The secretary prints a slip with a one-time code (the user's first password, with
    `must_change_password`); the member activates it by setting a password of their own. The login goes
    through the same login form, password rules and lockout as the officers'. An officer who is also a
    member has two logins: the office's and their own.
    """

    member = models.OneToOneField(
        Member, on_delete=models.PROTECT, related_name="login", verbose_name=_("会员")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="member_login",
        verbose_name=_("用户"),
    )
    issued_at = models.DateTimeField(_("发放时间"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("发放人"),
    )
    activated_at = models.DateTimeField(_("激活时间"), null=True, blank=True)

    objects = scoped_manager("member__union")

    class Meta:
        verbose_name = _("会员登录")
        verbose_name_plural = _("会员登录")

    def __str__(self) -> str:
        return f"{self.member} · {self.user.username}"


class ContactChangeQuerySet(ScopedQuerySet):
    union_field = "member__union"

    def pending(self) -> "ContactChangeQuerySet":
        return self.filter(status=ContactChange.Status.PENDING)


@track("ContactChangeHistory")
class ContactChange(models.Model):
    """A member's correction of their own phone and address, waiting for the secretary to confirm."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        DECLINED = "declined", _("未采用")

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="contact_changes", verbose_name=_("会员")
    )
    mobile = models.CharField(_("手机号码"), max_length=20)
    address = models.CharField(_("联系地址"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("处理人"),
    )

    objects = ContactChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("联系方式更正")
        verbose_name_plural = _("联系方式更正")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(status="pending"), name="contact_change_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_status_display()}"


class JoinApplicationQuerySet(ScopedQuerySet):
    def open(self) -> "JoinApplicationQuerySet":
        return self.filter(status=JoinApplication.Status.OPEN)


@track("JoinApplicationHistory")
class JoinApplication(models.Model):
    """网上入会: a worker's application from the union's public page, until the secretary decides.

    One open application per ID number (a constraint); the public page answers the same whatever the
    number (members.services.apply_to_join), so it tells no one who is a member.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("待审核")
        ACCEPTED = "accepted", _("已同意")
        DECLINED = "declined", _("未同意")

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="join_applications", verbose_name=_("申请加入的工会")
    )
    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("身份证号码"), max_length=18)
    employer = models.CharField(_("工作单位"), max_length=100)
    mobile = models.CharField(_("手机号码"), max_length=11)
    declared = models.BooleanField(_("已阅读并同意入会声明"), default=False)
    submitted_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    client_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_on = models.DateField(_("审核日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    reason = models.CharField(_("未同意的原因"), max_length=200, blank=True)
    member = models.OneToOneField(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("入会后的会员"),
    )

    objects = JoinApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("入会申请")
        verbose_name_plural = _("入会申请")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=Q(status="open"), name="join_application_one_open_per_id"
            ),
            models.CheckConstraint(condition=Q(declared=True), name="join_application_declared"),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(reason=""), name="join_application_declined_with_reason"
            ),
            models.CheckConstraint(
                condition=Q(status="open", decided_on__isnull=True)
                | (~Q(status="open") & Q(decided_on__isnull=False)),
                name="join_application_decided_on",
            ),
        ]
        indexes = [models.Index(fields=["client_address", "submitted_at"], name="join_application_address")]

    def __str__(self) -> str:
        return f"{self.name} · {self.get_status_display()}"

    @property
    def masked_id_number(self) -> str:
        return mask(self.id_number)

    def clean(self) -> None:
        self.name = normalise_text(self.name)
        self.id_number = normalise_id(self.id_number)
        self.employer = normalise_text(self.employer)
        self.mobile = normalise_text(self.mobile).replace(" ", "").replace("-", "")
        errors = {}
        if not self.name:
            errors["name"] = _("请填写姓名。")
        try:
            check_resident_id(self.id_number)
        except InvalidId as error:
            errors["id_number"] = str(error)
        if not self.employer:
            errors["employer"] = _("请填写工作单位。")
        if not is_mobile_number(self.mobile):
            errors["mobile"] = _("请填写11位手机号码。")
        if not self.declared:
            errors["declared"] = _("请阅读并同意入会声明。")
        if errors:
            raise ValidationError(errors)
