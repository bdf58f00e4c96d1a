"""The register's lists as paper registers (unionhub.tables). ID and phone numbers are printed masked:
the full numbers leave only through the logged, purpose-stated export."""

from django.utils.translation import gettext_lazy as _

from unionhub.tables import Column, Table

ROLL = Table(
    title=_("会员名册"),
    columns=(
        Column(_("姓名"), "name", width=10),
        Column(_("性别"), "sex", width=5),
        Column(_("出生日期"), "birth_date", width=11),
        Column(_("民族"), "ethnicity", width=6),
        Column(_("身份证号码"), "masked_id_number", width=20),
        Column(_("政治面貌"), "political_status", width=10),
        Column(_("学历"), "education", width=8),
        Column(_("工作单位及部门"), lambda m: " ".join(p for p in (m.employer, m.department) if p), width=24),
        Column(_("岗位"), "post", width=10),
        Column(_("用工形式"), "employment_type", width=9),
        Column(_("入会日期"), "join_date", width=11),
        Column(_("会员证号"), "card_number", width=12),
        Column(_("会籍状态"), "status", width=8),
        Column(_("所属工会"), "union.label", width=16),
    ),
    landscape=True,
)

HARDSHIP = Table(
    title=_("困难职工档案台账"),
    columns=(
        Column(_("姓名"), "member.name", width=10),
        Column(_("困难类别"), "level", width=10),
        Column(_("主要致困原因"), "main_cause", width=14),
        Column(_("家庭人口"), "household_size", width=8),
        Column(_("家庭月收入"), "household_income", width=12, money=True),
        Column(_("月人均收入"), "per_capita_income", width=12, money=True),
        Column(_("建档日期"), "opened_on", width=11),
        Column(_("最近复核日期"), "last_verified_on", width=11),
        Column(_("解困日期"), "closed_on", width=11),
        Column(_("所属工会"), "union.label", width=16),
    ),
    landscape=True,
)
