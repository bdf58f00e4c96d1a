"""The registers as paper (unionhub.tables): one definition of the columns gives the page, the xlsx
and the print. People who brought a dispute or a complaint are masked in every list and export."""

from django.utils.translation import gettext_lazy as _

from finances.selectors import mask_name
from unionhub.tables import Column, Table

UNION = Column(_("工会"), "union.label", width=18)

CONTRACTS = Table(
    title=_("集体合同台账"),
    columns=(
        Column(_("签订日期"), "signed_on", width=11),
        Column(_("合同类型"), "kind", width=22),
        Column(_("用人单位"), "employer", width=24),
        Column(_("续签"), "renewal", width=6),
        Column(_("到期日期"), "expires_on", width=11),
        Column(_("覆盖职工人数"), "workers_covered", width=10),
        Column(_("工资增长幅度（%）"), "wage_figure", width=10),
        UNION,
    ),
    landscape=True,
)
CONGRESS = Table(
    title=_("职代会台账"),
    columns=(
        Column(_("召开日期"), "date", width=11),
        Column(_("会议名称"), "title", width=28),
        Column(_("职工代表人数"), "representatives", width=10),
        Column(_("其中女代表"), "women_representatives", width=10),
        Column(_("审议事项"), "topics", width=30),
        UNION,
    ),
    landscape=True,
)
MOTIONS = Table(
    title=_("职代会提案台账"),
    columns=(
        Column(_("会议日期"), "session.date", width=11),
        Column(_("职代会"), "session.title", width=24),
        Column(_("提案内容"), "subject", width=30),
        Column(_("提案人"), "raised_by", width=12),
        Column(_("处理"), "decision", width=14),
        Column(_("落实情况"), "action", width=30),
        Column(_("已落实"), "done", width=6),
    ),
    landscape=True,
)
OPEN_AFFAIRS = Table(
    title=_("厂务公开台账"),
    columns=(
        Column(_("公开日期"), "date", width=11),
        Column(_("公开事项"), "subject", width=36),
        Column(_("公开形式"), "channel", width=14),
        UNION,
    ),
)
DISPUTES = Table(
    title=_("劳动争议调解台账"),
    columns=(
        Column(_("受理日期"), "received_on", width=11),
        Column(_("申请人"), lambda row: mask_name(row.applicant), width=10),
        Column(_("被申请人"), "respondent", width=20),
        Column(_("涉及职工人数"), "workers", width=8),
        Column(_("争议事项"), "subject", width=26),
        Column(_("调解结果"), "outcome", width=12),
        Column(_("结案日期"), "closed_on", width=11),
        Column(_("挽回经济损失（元）"), "recovered", width=14, money=True),
        UNION,
    ),
    landscape=True,
)
COMPLAINTS = Table(
    title=_("信访投诉台账"),
    columns=(
        Column(_("收到日期"), "received_on", width=11),
        Column(_("方式"), "channel", width=6),
        Column(_("来信来访人"), lambda row: mask_name(row.complainant), width=10),
        Column(_("反映事项"), "subject", width=28),
        Column(_("答复意见"), "answer", width=28),
        Column(_("答复日期"), "answered_on", width=11),
        UNION,
    ),
    landscape=True,
)
JOBS = Table(
    title=_("就业服务台账"),
    columns=(
        Column(_("日期"), "date", width=11),
        Column(_("类型"), "kind", width=12),
        Column(_("事项"), "title", width=30),
        Column(_("人数"), "people", width=8),
        Column(_("去向"), "destination", width=18),
        UNION,
    ),
)
STUDY = Table(
    title=_("学习成果台账"),
    columns=(
        Column(_("日期"), "date", width=11),
        Column(_("作者"), "author", width=12),
        Column(_("类型"), "kind", width=12),
        Column(_("题目"), "title", width=30),
        Column(_("字数"), "words", width=8),
        UNION,
    ),
)
SUBSIDIES = Table(
    title=_("学习补助台账"),
    columns=(
        Column(_("发放日期"), "date", width=11),
        Column(_("会员"), "member.name", width=12),
        Column(_("学习项目"), "course", width=28),
        Column(_("补助金额（元）"), "amount", width=12, money=True),
        UNION,
    ),
)
INSURANCE = Table(
    title=_("互助保障参保台账"),
    columns=(
        Column(_("年度"), "year", width=8),
        Column(_("保障项目"), "plan", width=28),
        Column(_("参保会员人数"), "members_covered", width=10),
        Column(_("缴纳互助金（元）"), "premium", width=14, money=True),
        Column(_("缴费日期"), "paid_on", width=11),
        UNION,
    ),
)
