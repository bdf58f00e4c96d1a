"""The activities app's lists as paper registers (unionhub.tables): columns for xlsx and print."""

from django.utils.translation import gettext_lazy as _

from unionhub.tables import Column, Table


def when(activity) -> str:
    text = f"{activity.start_date:%Y-%m-%d}"
    if activity.end_date and activity.end_date != activity.start_date:
        text += f" 至 {activity.end_date:%Y-%m-%d}"
    if activity.start_time:
        text += f" {activity.start_time:%H:%M}"
    return text


ACTIVITIES = Table(
    title=_("活动台账"),
    columns=(
        Column(_("日期"), when, width=18),
        Column(_("活动名称"), "title", width=30),
        Column(_("类型"), "kind", width=14),
        Column(_("地点"), "place", width=20),
        Column(_("组织者"), "organiser", width=12),
        Column(_("工会"), "union.label", width=18),
        Column(_("出席人数"), lambda activity: getattr(activity, "present", None), width=8),
        Column(_("非会员人数"), "non_member_participants", width=8),
    ),
    landscape=True,
)

ATTENDANCE = Table(
    title=_("签到表"),
    columns=(
        Column(_("姓名"), lambda row: row["member"].name, width=12),
        Column(_("性别"), lambda row: row["member"].get_sex_display(), width=6),
        Column(_("所在工会"), lambda row: row["member"].union.label, width=22),
        Column(_("部门"), lambda row: row["member"].department, width=16),
        Column(_("考勤"), lambda row: row["status"], width=10),
        Column(_("签名"), lambda row: "", width=14),
    ),
)

AWARDS = Table(
    title=_("表彰获奖台账"),
    columns=(
        Column(_("获奖日期"), "date", width=12),
        Column(
            _("赛事/评比"),
            lambda award: award.event or (award.activity.title if award.activity else ""),
            width=26,
        ),
        Column(_("名次/称号"), "title", width=18),
        Column(_("级别"), "level", width=8),
        Column(_("获奖者"), lambda award: award.winner_label, width=26),
        Column(_("主办单位"), "organiser", width=18),
        Column(_("工会"), "union.label", width=16),
        Column(_("备注"), "note", width=16),
    ),
    landscape=True,
)

SUGGESTIONS = Table(
    title=_("合理化建议台账"),
    columns=(
        Column(_("提出日期"), "collected_on", width=12),
        Column(_("建议标题"), "title", width=30),
        Column(_("提出人"), lambda suggestion: suggestion.author, width=12),
        Column(_("征集活动"), "campaign", width=14),
        Column(_("状态"), "status", width=8),
        Column(_("处理意见"), "response", width=24),
        Column(_("工会"), "union.label", width=16),
    ),
    landscape=True,
)

CHRONICLE = Table(
    title=_("工会大事记"),
    columns=(
        Column(_("日期"), "date", width=12),
        Column(_("栏目"), "section", width=10),
        Column(_("事项"), "text", width=60),
        Column(_("工会"), "union.label", width=16),
    ),
)
