"""Union life: activities with attendance, awards, suggestions and the chronicle."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from unionhub.models import Union


class Activity(models.Model):
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

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["-start_date", "pk"]

    def __str__(self) -> str:
        return self.title


class Award(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", _("全国")
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")
        COUNTY = "county", _("县级")
        SYSTEM = "system", _("系统内")

    union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="awards", verbose_name=_("工会"))
    event = models.CharField(_("赛事/评比"), max_length=200)
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    title = models.CharField(_("名次/称号"), max_length=100)
    date = models.DateField(_("获奖日期"))

    class Meta:
        verbose_name = _("获奖")
        verbose_name_plural = _("获奖")
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return f"{self.event} {self.title}"
