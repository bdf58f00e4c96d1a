"""The finance lists as paper registers (unionhub.tables): vouchers, arrears, aid."""

from django.utils.translation import gettext_lazy as _

from finances.services import dues_for
from unionhub.tables import Column, Table


def _in(voucher):
    return voucher.signed_amount if voucher.direction == "in" else None


def _out(voucher):
    return voucher.signed_amount if voucher.direction == "out" else None


VOUCHERS = Table(
    title=_("记账凭证汇总表"),
    columns=(
        Column(_("日期"), "date", width=11),
        Column(_("凭证号"), lambda voucher: str(voucher), width=14),
        Column(_("摘要"), "summary", width=30),
        Column(
            _("科目"),
            lambda voucher: voucher.category.name if voucher.category_id else voucher.get_kind_display(),
            width=18,
        ),
        Column(_("资金"), "fund.name", width=12),
        Column(_("收入金额"), _in, width=13, money=True),
        Column(_("支出金额"), _out, width=13, money=True),
        Column(_("对方单位/个人"), "counterparty", width=16),
        Column(_("附单据"), "receipts", width=6),
        Column(_("工会"), "union.label", width=16),
    ),
    landscape=True,
    signatures=(_("会计"), _("审核")),
)

ARREARS = Table(
    title=_("欠缴会费名单"),
    columns=(
        Column(_("姓名"), "name", width=10),
        Column(_("工会"), "union.label", width=18),
        Column(_("入会日期"), "join_date", width=11),
        Column(_("月工资"), lambda member: member.wage, width=12, money=True),
        Column(
            _("应缴"), lambda member: dues_for(member.wage) if member.wage else None, width=10, money=True
        ),
    ),
)

AID = Table(
    title=_("救助支出台账"),
    columns=(
        Column(_("日期"), "date", width=11),
        Column(_("受助会员"), "member.name", width=10),
        Column(_("受助人"), "beneficiary", width=16),
        Column(_("类别"), "kind", width=12),
        Column(_("困难类别"), lambda aid: aid.case.get_level_display() if aid.case_id else "", width=10),
        Column(_("资金"), "fund.name", width=12),
        Column(_("金额"), "amount", width=12, money=True),
        Column(_("凭证号"), lambda aid: str(aid.voucher), width=14),
        Column(_("已冲销"), lambda aid: _("是") if getattr(aid.voucher, "reversal", None) else "", width=6),
        Column(_("工会"), "union.label", width=16),
    ),
    landscape=True,
    signatures=(_("经办人"), _("审核")),
)
