"""Union life: activities with attendance, awards, suggestions and the chronicle.

Everything here belongs to one union and rolls up to the unions above it through the
tree (`unionhub.scope`): `Activity.objects.within(union)` is the union and all below it.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from activities import participants, year_counts
from activities.participants import (  # noqa: F401  (models of this app, kept by the triggers below)
    ParticipantYear,
    ParticipationCount,
    Turnout,
)
from activities.year_counts import ActivityCount  # noqa: F401  (a model of this app, kept by the triggers below)
from members.models import Member
from unionhub.history import track
from unionhub.models import Union
from unionhub.scope import ScopedQuerySet, subtree


def year_range(year: int) -> tuple[date, date]:
    """The first day of `year` and the first day of the next: a half-open range an index can use."""
    return date(year, 1, 1), date(year + 1, 1, 1)


class InUnionQuerySet(ScopedQuerySet):
    """Filters shared by the records of this app (the union scope comes from `ScopedQuerySet`)."""

    date_field = "date"

    def in_year(self, year: int, until: date | None = None):
        """Records dated in `year`; with `until`, only those dated on or before it (a summary's date)."""
        first, after = year_range(year)
        queryset = self.filter(**{f"{self.date_field}__gte": first, f"{self.date_field}__lt": after})
        return queryset.filter(**{f"{self.date_field}__lte": until}) if until else queryset


class ActivityQuerySet(InUnionQuerySet):
    date_field = "start_date"

    def in_month(self, year: int, month: int):
        """Activities that take place on any day of the month (multi-day ones included)."""
        first = date(year, month, 1)
        after = date(year + month // 12, month % 12 + 1, 1)
        return self.filter(start_date__lt=after).filter(
            Q(end_date__gte=first) | Q(end_date__isnull=True, start_date__gte=first)
        )


class Audience(models.TextChoices):
    """The group of people an activity serves (面向对象)."""

    ALL = "all", _("全体会员")
    WOMEN = "women", _("女职工")
    MIGRANT = "migrant", _("农民工")
    GRADUATES = "graduates", _("新入职大学生")
    YOUTH = "youth", _("青年职工")
    HARDSHIP = "hardship", _("困难职工")
    RETIRED = "retired", _("退休职工")
    OFFICERS = "officers", _("工会干部")
    FAMILIES = "families", _("职工家属")


@track("ActivityHistory")
class Activity(models.Model):
    Audience = Audience

    class Kind(models.TextChoices):
        STUDY = "study", _("集中学习")
        LECTURE = "lecture", _("讲座")
        TRAINING = "training", _("培训")
        COMPETITION = "competition", _("劳动竞赛/技能比武")
        SAFETY = "safety", _("安康杯竞赛")
        QUIZ = "quiz", _("知识竞赛")
        SPORTS = "sports", _("体育活动")
        CULTURE = "culture", _("文艺活动")
        HEALTH_CHECK = "health_check", _("健康体检")
        CIVIC = "civic", _("志愿公益活动")
        CONGRESS = "congress", _("职工代表大会")
        EVALUATION = "evaluation", _("民主评议")
        OTHER = "other", _("其他")

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="activities", verbose_name=_("工会")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=200)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    start_time = models.TimeField(_("开始时间"), null=True, blank=True)
    end_time = models.TimeField(_("结束时间"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    organiser = models.CharField(_("组织者"), max_length=100, blank=True)
    partners = models.CharField(
        _("协办单位"), max_length=300, blank=True, help_text=_("多个单位用顿号或逗号分隔")
    )
    cohosts = models.CharField(
        _("联合主办单位"), max_length=300, blank=True, help_text=_("多个单位用顿号或逗号分隔")
    )
    audience = models.CharField(
        _("面向对象"), max_length=20, choices=Audience.choices, blank=True, default=""
    )
    subject = models.CharField(
        _("主题"), max_length=200, blank=True, help_text=_("如 《工会法》学习、劳动合同法律知识")
    )
    speaker = models.CharField(_("主讲人"), max_length=100, blank=True, help_text=_("讲座、培训的主讲人"))
    description = models.TextField(_("内容说明"), blank=True)
    series = models.ForeignKey(
        "ActivitySeries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("所属系列"),
    )
    non_member_participants = models.PositiveIntegerField(
        _("非会员参加人数"), default=0, help_text=_("家属、外单位人员等不在会员名册中的参加者")
    )
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="activity_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_date__isnull=False, end_date__gt=F("start_date"))
                | Q(end_time__gt=F("start_time")),
                name="activity_times_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["start_date"], name="activity_start_date"),
            # The summary's first few examples of each kind (reports.figures._first_of_each_kind).
            models.Index(
                fields=["kind", "start_date", "id"],
                name="activity_kind_date",
                condition=Q(series__isnull=True),
            ),
        ]
        triggers = [participants.activity_trigger(), *year_counts.activity_triggers()]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:activity_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("结束日期不能早于开始日期。")
        if (
            self.start_time
            and self.end_time
            and self.last_date == self.start_date
            and self.end_time <= self.start_time
        ):
            errors["end_time"] = _("结束时间应晚于开始时间。")
        if errors:
            raise ValidationError(errors)

    @property
    def last_date(self) -> date:
        return self.end_date or self.start_date

    def eligible_members(self):
        """Members who may be on the check-in sheet: the active members of the activity's union and
        every union below it, plus anyone already recorded (who may have left since)."""
        recorded = Attendance.objects.filter(activity=self).order_by().values("member_id")
        active = (
            Member.objects.filter(subtree(self.union), status=Member.Status.ACTIVE).order_by().values("pk")
        )
        # As one list of ids: an OR of the two made PostgreSQL read every member of the federation.
        return Member.objects.filter(pk__in=active.union(recorded))


@track("ActivitySeriesHistory")
class ActivitySeries(models.Model):
    """A weekly run of sessions ("every Friday afternoon"), created at once as `Activity` rows."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("星期一")
        TUESDAY = 1, _("星期二")
        WEDNESDAY = 2, _("星期三")
        THURSDAY = 3, _("星期四")
        FRIDAY = 4, _("星期五")
        SATURDAY = 5, _("星期六")
        SUNDAY = 6, _("星期日")

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="activity_series", verbose_name=_("工会")
    )
    kind = models.CharField(
        _("类型"), max_length=20, choices=Activity.Kind.choices, default=Activity.Kind.STUDY
    )
    title = models.CharField(_("名称"), max_length=200)
    weekday = models.PositiveSmallIntegerField(_("每周"), choices=Weekday.choices)
    start_time = models.TimeField(_("开始时间"), null=True, blank=True)
    end_time = models.TimeField(_("结束时间"), null=True, blank=True)
    first_date = models.DateField(_("起始日期"))
    last_date = models.DateField(_("截止日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    organiser = models.CharField(_("组织者"), max_length=100, blank=True)
    description = models.TextField(_("内容说明"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InUnionQuerySet.as_manager()

    class Meta:
        verbose_name = _("系列活动")
        verbose_name_plural = _("系列活动")
        ordering = ["-first_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_date__gte=F("first_date")), name="activity_series_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gt=F("start_time")),
                name="activity_series_times_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:series_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.first_date and self.last_date and self.last_date < self.first_date:
            errors["last_date"] = _("截止日期不能早于起始日期。")
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("结束时间应晚于开始时间。")
        if errors:
            raise ValidationError(errors)


class AttendanceQuerySet(InUnionQuerySet):
    union_field = "activity__union"
    date_field = "activity__start_date"

    def present(self):
        return self.filter(status=Attendance.Status.PRESENT)


@track("AttendanceHistory")
class Attendance(models.Model):
    """One member's check-in at one activity. A member not on the sheet simply has no row."""

    class Status(models.TextChoices):
        PRESENT = "present", _("出席")
        ABSENT = "absent", _("缺席")
        ON_LEAVE = "leave", _("请假")

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("活动")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("会员")
    )
    status = models.CharField(_("考勤"), max_length=10, choices=Status.choices)
    recorded_at = models.DateTimeField(_("登记时间"), auto_now=True)
    # Set when the member checked in by scanning the activity's code (activities.services.check_in);
    # empty when the secretary ticked them on the sheet.
    checked_in_at = models.DateTimeField(_("扫码签到时间"), null=True, blank=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("考勤")
        verbose_name_plural = _("考勤")
        ordering = ["activity", "member"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"], name="attendance_once_per_activity"),
            models.CheckConstraint(
                condition=Q(status__in=["present", "absent", "leave"]), name="attendance_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["member", "status"], name="attendance_member_status"),
            # Who came to the year's activities (participation by kind) without reading the rows.
            models.Index(
                fields=["activity"],
                include=["member"],
                condition=Q(status="present"),
                name="attendance_present",
            ),
        ]
        triggers = participants.check_in_triggers()

    def __str__(self) -> str:
        return f"{self.activity} · {self.member} · {self.get_status_display()}"


class AwardQuerySet(InUnionQuerySet):
    pass


@track("AwardHistory")
class Award(models.Model):
    """An award or honour: to one or several members, a team, or a unit (文明单位 is an award too)."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("全国")
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")
        COUNTY = "county", _("县级")
        SYSTEM = "system", _("系统内")

    class Winner(models.TextChoices):
        INDIVIDUAL = "individual", _("个人")
        TEAM = "team", _("团体")
        UNIT = "unit", _("单位/集体")

    class Category(models.TextChoices):
        SKILLS = "skills", _("劳动竞赛与技能比武")
        CULTURE_SPORTS = "culture_sports", _("文体活动")
        HONOUR = "honour", _("荣誉称号")
        OTHER = "other", _("其他")

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="awards", verbose_name=_("工会"))
    event = models.CharField(
        _("赛事/评比"), max_length=200, blank=True, help_text=_("外部赛事填写名称；本会活动可直接选择")
    )
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    title = models.CharField(
        _("名次/称号"), max_length=100, help_text=_("按证书原文填写，如 冠军、团体第三名")
    )
    date = models.DateField(_("获奖日期"))
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("本会活动"),
    )
    organiser = models.CharField(_("主办单位"), max_length=200, blank=True)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices, default=Category.OTHER)
    winner_kind = models.CharField(
        _("获奖者"), max_length=10, choices=Winner.choices, default=Winner.INDIVIDUAL
    )
    members = models.ManyToManyField(Member, blank=True, related_name="awards", verbose_name=_("获奖会员"))
    team_name = models.CharField(_("团队名称"), max_length=100, blank=True)
    unit_name = models.CharField(_("获奖单位"), max_length=100, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("获奖")
        verbose_name_plural = _("获奖")
        ordering = ["-date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(event="") | Q(activity__isnull=False), name="award_names_its_event"
            ),
            models.CheckConstraint(
                condition=~Q(winner_kind="team") | ~Q(team_name=""), name="award_team_has_name"
            ),
            models.CheckConstraint(
                condition=~Q(winner_kind="unit") | ~Q(unit_name=""), name="award_unit_has_name"
            ),
        ]
        indexes = [models.Index(fields=["date"], name="award_date")]

    def __str__(self) -> str:
        return f"{self.event_name} {self.title}"

    @property
    def event_name(self) -> str:
        return self.event or (self.activity.title if self.activity_id else "")

    def clean(self) -> None:
        errors = {}
        if not self.event and not self.activity_id:
            errors["event"] = _("请选择本会活动或填写外部赛事名称。")
        if self.activity_id and not self.event:
            self.event = self.activity.title
        if self.winner_kind == self.Winner.TEAM and not self.team_name.strip():
            errors["team_name"] = _("团体获奖请填写团队名称。")
        if self.winner_kind == self.Winner.UNIT and not self.unit_name.strip():
            errors["unit_name"] = _("单位荣誉请填写获奖单位。")
        if self.activity_id and self.union_id:
            ours, theirs = self.union.path, self.activity.union.path
            if not (theirs.startswith(ours) or ours.startswith(theirs)):
                errors["activity"] = _("所选活动不属于本工会或其上级、下级工会。")
        if errors:
            raise ValidationError(errors)

    @property
    def winner_label(self) -> str:
        """Who won, as printed: the unit, the team, or the members' names."""
        return self.label_of(
            self.winner_kind,
            unit_name=self.unit_name,
            team_name=self.team_name,
            names=[member.name for member in self.members.all()],
        )

    @classmethod
    def label_of(cls, winner_kind: str, *, unit_name: str, team_name: str, names: list[str]) -> str:
        """`winner_label` from an award's values (the summary reads a year's awards as rows)."""
        if winner_kind == cls.Winner.UNIT:
            return unit_name
        joined = "、".join(names)
        if winner_kind == cls.Winner.TEAM:
            return f"{team_name}（{joined}）" if joined else team_name
        return joined


@track("AwardWinnerHistory")
class AwardWinner(Award.members.through):
    """A row of `Award.members`, as a model of its own so that the audit trail records who was
    added to or taken off an award (a proxy: the table is Django's own)."""

    class Meta:
        proxy = True
        verbose_name = _("获奖会员")
        verbose_name_plural = _("获奖会员")


class SuggestionQuerySet(InUnionQuerySet):
    date_field = "collected_on"

    def adopted(self):
        """Adopted ones, implemented ones included."""
        return self.filter(status__in=[Suggestion.Status.ADOPTED, Suggestion.Status.IMPLEMENTED])


@track("SuggestionHistory")
class Suggestion(models.Model):
    """A rationalisation proposal (合理化建议, 金点子) and where it stands."""

    class Status(models.TextChoices):
        COLLECTED = "collected", _("已征集")
        ADOPTED = "adopted", _("已采纳")
        REJECTED = "rejected", _("未采纳")
        IMPLEMENTED = "implemented", _("已实施")

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="suggestions", verbose_name=_("工会")
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("提出会员"),
    )
    author_name = models.CharField(
        _("提出人"), max_length=100, blank=True, help_text=_("非会员或集体提出时填写")
    )
    collected_on = models.DateField(_("提出日期"))
    title = models.CharField(_("建议标题"), max_length=200)
    content = models.TextField(_("建议内容"), blank=True)
    campaign = models.CharField(
        _("征集活动"), max_length=100, blank=True, help_text=_("如 人人献计、管理挖潜")
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.COLLECTED)
    adopted_on = models.DateField(_("采纳日期"), null=True, blank=True)
    rejected_on = models.DateField(_("不采纳日期"), null=True, blank=True)
    implemented_on = models.DateField(_("实施日期"), null=True, blank=True)
    response = models.CharField(_("处理意见"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("合理化建议")
        verbose_name_plural = _("合理化建议")
        ordering = ["-collected_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(author_name=""), name="suggestion_has_author"
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        status="collected",
                        adopted_on__isnull=True,
                        rejected_on__isnull=True,
                        implemented_on__isnull=True,
                    )
                    | Q(
                        status="adopted",
                        adopted_on__isnull=False,
                        rejected_on__isnull=True,
                        implemented_on__isnull=True,
                    )
                    | Q(
                        status="rejected",
                        adopted_on__isnull=True,
                        rejected_on__isnull=False,
                        implemented_on__isnull=True,
                    )
                    | Q(
                        status="implemented",
                        adopted_on__isnull=False,
                        rejected_on__isnull=True,
                        implemented_on__isnull=False,
                    )
                ),
                name="suggestion_dates_match_status",
            ),
            models.CheckConstraint(
                condition=(Q(adopted_on__isnull=True) | Q(adopted_on__gte=F("collected_on")))
                & (Q(rejected_on__isnull=True) | Q(rejected_on__gte=F("collected_on")))
                & (Q(implemented_on__isnull=True) | Q(implemented_on__gte=F("adopted_on"))),
                name="suggestion_steps_in_order",
            ),
        ]
        indexes = [models.Index(fields=["collected_on"], name="suggestion_collected_on")]

    def __str__(self) -> str:
        return self.title

    @property
    def author(self) -> str:
        return self.member.name if self.member_id else self.author_name

    def clean(self) -> None:
        errors = {}
        if not self.member_id and not self.author_name.strip():
            errors["author_name"] = _("请选择提出会员或填写提出人。")
        needs = {
            self.Status.COLLECTED: set(),
            self.Status.ADOPTED: {"adopted_on"},
            self.Status.REJECTED: {"rejected_on"},
            self.Status.IMPLEMENTED: {"adopted_on", "implemented_on"},
        }[self.status]
        for field in ("adopted_on", "rejected_on", "implemented_on"):
            value = getattr(self, field)
            if field in needs and value is None:
                errors[field] = _("当前状态需要填写此日期。")
            elif field not in needs and value is not None:
                errors[field] = _("当前状态下不应填写此日期。")
        collected = self.collected_on
        if collected:
            for field in ("adopted_on", "rejected_on"):
                value = getattr(self, field)
                if value and value < collected and field not in errors:
                    errors[field] = _("不能早于提出日期。")
        if self.implemented_on and self.adopted_on and self.implemented_on < self.adopted_on:
            errors.setdefault("implemented_on", _("实施日期不能早于采纳日期。"))
        if errors:
            raise ValidationError(errors)


class ChronicleQuerySet(InUnionQuerySet):
    pass


@track("ChronicleEntryHistory")
class ChronicleEntry(models.Model):
    """A dated notable fact (大事记) the annual summary quotes: a meeting held, rules adopted …"""

    class Section(models.TextChoices):
        ORGANISATION = "organisation", _("组织建设")
        FUNDS = "funds", _("经费管理")
        RIGHTS = "rights", _("维权帮扶")
        COMPETITIONS = "competitions", _("劳动竞赛")
        CULTURE = "culture", _("文体活动")
        DEMOCRACY = "democracy", _("民主管理")
        HONOURS = "honours", _("荣誉")
        OTHER = "other", _("其他")

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="chronicle_entries", verbose_name=_("工会")
    )
    date = models.DateField(_("日期"))
    section = models.CharField(_("栏目"), max_length=20, choices=Section.choices, default=Section.OTHER)
    text = models.TextField(_("事项"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChronicleQuerySet.as_manager()

    class Meta:
        verbose_name = _("大事记")
        verbose_name_plural = _("大事记")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date"], name="chronicle_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.text[:30]}"


class Campaign(models.TextChoices):
    """The campaign a visit or a survey belongs to."""

    WARMTH = "warmth", _("送温暖")
    FESTIVAL = "festival", _("节日慰问")
    SCHOOLING = "schooling", _("金秋助学")
    SUMMER = "summer", _("夏送清凉")
    SICKNESS = "sickness", _("探望慰问")
    OTHER = "other", _("其他")


class VisitQuerySet(InUnionQuerySet):
    pass


@track("VisitHistory")
class Visit(models.Model):
    """A visit to a household or a member (走访慰问) by named officers, with or without money or goods.

    Money handed over here is what the visitors brought; when it was paid out of a fund, the
    treasurer also records it as aid (finances), and the summary counts the money once, from aid.
    """

    Campaign = Campaign

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="visits", verbose_name=_("工会"))
    date = models.DateField(_("走访日期"))
    campaign = models.CharField(_("所属活动"), max_length=12, choices=Campaign.choices)
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("走访会员"),
    )
    household = models.CharField(
        _("走访对象"), max_length=100, blank=True, help_text=_("非会员或整户走访时填写，如 张某某家")
    )
    visitors = models.CharField(
        _("走访人员"), max_length=200, help_text=_("参加走访的工会干部或领导，多人用顿号分隔")
    )
    cash = models.DecimalField(_("慰问金（元）"), max_digits=12, decimal_places=2, default=0)
    goods = models.CharField(_("慰问品"), max_length=100, blank=True, help_text=_("如 大米、食用油"))
    goods_quantity = models.PositiveIntegerField(
        _("慰问品数量"), null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    goods_unit = models.CharField(_("单位"), max_length=10, blank=True, help_text=_("如 袋、桶、份"))
    goods_value = models.DecimalField(_("慰问品价值（元）"), max_digits=12, decimal_places=2, default=0)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("走访慰问")
        verbose_name_plural = _("走访慰问")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(household=""), name="visit_names_whom"
            ),
            models.CheckConstraint(
                condition=Q(cash__gte=0) & Q(goods_value__gte=0), name="visit_amounts_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(goods="") | (Q(goods_quantity__isnull=True) & Q(goods_value=0)),
                name="visit_goods_named",
            ),
        ]
        indexes = [models.Index(fields=["date"], name="visit_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.whom}"

    @property
    def whom(self) -> str:
        return self.household or (self.member.name if self.member_id else "")

    def clean(self) -> None:
        errors = {}
        if not self.member_id and not self.household.strip():
            errors["household"] = _("请选择走访会员或填写走访对象。")
        if not self.goods.strip() and (self.goods_quantity or self.goods_value):
            errors["goods"] = _("填写了数量或价值，请写明慰问品。")
        if self.member_id and self.union_id and not self.union.contains(self.member.union):
            errors["member"] = _("该会员不属于本工会或下级工会。")
        if errors:
            raise ValidationError(errors)


class SurveyQuerySet(InUnionQuerySet):
    pass


@track("SurveyHistory")
class Survey(models.Model):
    """A survey of households before a campaign (摸底调查): how many households it covered."""

    Campaign = Campaign

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("工会"))
    date = models.DateField(_("开始日期"))
    campaign = models.CharField(_("所属活动"), max_length=12, choices=Campaign.choices)
    title = models.CharField(_("名称"), max_length=100, help_text=_("如 困难职工家庭摸底调查"))
    households = models.PositiveIntegerField(_("覆盖户数"), validators=[MaxValueValidator(10_000_000)])
    found = models.PositiveIntegerField(
        _("其中困难户数"),
        null=True,
        blank=True,
        help_text=_("调查中发现的困难家庭"),
        validators=[MaxValueValidator(10_000_000)],
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("摸底调查")
        verbose_name_plural = _("摸底调查")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(found__isnull=True) | Q(found__lte=F("households")), name="survey_found_within"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.found is not None and self.households is not None and self.found > self.households:
            raise ValidationError({"found": _("困难户数不能多于覆盖户数。")})
