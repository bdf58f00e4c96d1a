"""The audit committee's yearly review report (经费审查报告): written from the year's records, edited
by the auditor, signed off (which also signs the year's statements), then frozen with the year.

Figures come from `finances.statements` (income and expenditure, budget against actual, fund
balances) and from the committee's own records (warnings posted anyway and what became of them,
queries and answers, the share of vouchers reviewed).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finances import relief_selectors, selectors, statements
from finances import services as finance_services
from finances.models import AidPayment, AuditQuery, ReviewSample, RuleWarning, Voucher, VoucherReview
from finances.money import format_money
from reports.chinese import percent
from reports.documents import base
from reports.documents.changes import records_changed
from reports.models import AuditReport
from reports.phrases import helped_items
from unionhub.models import Union, User

SECTION_HEADINGS = {
    "opening": gettext_lazy("开头"),
    "finances": gettext_lazy("经费收支情况"),
    "budget": gettext_lazy("预算执行情况"),
    "restricted": gettext_lazy("专项资金使用情况"),
    "warnings": gettext_lazy("违反开支标准的提示及处理"),
    "queries": gettext_lazy("审查询问及答复"),
    "review": gettext_lazy("凭证审查情况"),
    "opinion": gettext_lazy("审查意见"),
}


# The shape of the figures: a report signed with another shape is not compared with today's records.
SCHEMA = 1


def yuan(amount) -> str:
    return _("%(amount)s元") % {"amount": format_money(amount)}


class Section(base.Section):
    """A section of the report: its paragraphs are plain text."""


@dataclass
class ReviewDocument(base.YearDocument):
    report: AuditReport = field(kw_only=True)

    element_id = "review-document"
    section_actions = "reports/_review_section_actions.html"

    @property
    def is_draft(self) -> bool:
        return not self.report.is_final


# The records, gathered --------------------------------------------------------------------------


def collect_figures(*, union: Union, year: int) -> dict:
    """Every figure the report states, as JSON-ready values (amounts as strings)."""
    period = statements.Period.year(year)
    income = statements.income_statement(union=union, period=period)
    budget = statements.budget_statement(union=union, year=year)
    funds = statements.fund_balances(union=union, period=period)
    # The totals the committee signs are the union's own 工会02表's (finances.selectors.year_money).
    money = selectors.year_money(union=union, year=year, consolidated=False)

    def lines(lines_, column):
        return [
            {"code": line.category.code, "name": line.name, "amount": str(line.values[column])}
            for line in lines_
            if line.values[column]
        ]

    def budget_lines(lines_):
        return [
            {
                "name": line.name,
                "direction": line.category.direction,
                "budget": str(line.values["budget"]),
                "actual": str(line.values["actual"]),
            }
            for line in lines_
            if line.values["budget"] or line.values["actual"]
        ]

    vouchers = Voucher.objects.filter(union=union, year=year)
    counts = vouchers.aggregate(total=Count("pk"), reviewed=Count("pk", filter=Q(review__isnull=False)))
    remarks = (
        VoucherReview.objects.filter(voucher__union=union, voucher__year=year)
        .exclude(remark="")
        .select_related("voucher")
        .order_by("voucher__date", "voucher__number")
    )
    samples = ReviewSample.objects.filter(union=union, period_start__year=year).order_by("drawn_at", "pk")
    warnings = (
        RuleWarning.objects.filter(union=union, voucher__year=year)
        .select_related("voucher", "voucher__reversal")
        .order_by("voucher__date", "voucher__number", "pk")
    )
    queries = (
        AuditQuery.objects.filter(union=union, year=year)
        .select_related("voucher", "aid_payment", "category", "correction", "answered_by")
        .order_by("raised_at", "pk")
    )
    # Aid paid out of each fund in the year, by kind; an aid payment reversed since does not count.
    aid = relief_selectors.aid_paid(union=union, year=year, rollup=False)
    aid_by_fund: dict[int, list[dict]] = {}
    for (fund, kind), helped in sorted(relief_selectors.helped(aid, "fund", "kind").items()):
        aid_by_fund.setdefault(fund, []).append(
            {
                "kind": str(AidPayment.Kind(kind).label),
                "people": helped.people,
                "times": helped.payments,
                "amount": str(helped.amount),
            }
        )
    everyone = relief_selectors.helped_in_all(aid)
    query_by_voucher: dict[int, AuditQuery] = {}
    for query in queries:
        if query.voucher_id:
            query_by_voucher.setdefault(query.voucher_id, query)
    resolutions = [_warning_resolution(w, query_by_voucher.get(w.voucher_id)) for w in warnings]
    return {
        "schema": SCHEMA,
        "aid": {
            "people": everyone.people,
            "by_whom": everyone.by_whom,
            "times": everyone.payments,
            "amount": str(everyone.amount),
        },
        "income_total": str(money.income_total),
        "spending_total": str(money.spending_total),
        "surplus": str(money.difference),
        "income_lines": lines(income.income, "year_to_date"),
        "spending_lines": lines(income.spending, "year_to_date"),
        "budget_income": str(budget.income_total["budget"]),
        "budget_spending": str(budget.spending_total["budget"]),
        "actual_income": str(budget.income_total["actual"]),
        "actual_spending": str(budget.spending_total["actual"]),
        "budget_lines": budget_lines(budget.income) + budget_lines(budget.spending),
        "funds": [
            {
                "name": fund.name,
                "restricted": fund.restricted,
                "purpose": fund.purpose,
                "opening": str(fund.opening),
                "income": str(fund.income),
                "spending": str(fund.spending),
                "transfers": str(fund.transfers),
                "closing": str(fund.closing),
                "aid": aid_by_fund.get(fund.pk, []),
            }
            for fund in funds
        ],
        "vouchers": counts["total"],
        "reviewed": counts["reviewed"],
        "remarks": [{"voucher": str(r.voucher), "remark": r.remark} for r in remarks],
        "samples": [
            {
                "rate": s.rate,
                "seed": s.seed,
                "population": s.population,
                "start": str(s.period_start),
                "end": str(s.period_end),
            }
            for s in samples
        ],
        "warnings": [
            {
                "voucher": str(w.voucher),
                "amount": str(w.voucher.amount),
                "message": w.message,
                "resolution": resolution,
            }
            for w, (resolution, _settled) in zip(warnings, resolutions, strict=True)
        ],
        "warnings_unresolved": sum(1 for _resolution, settled in resolutions if not settled),
        "queries": [
            {
                "subject": query.subject_label,
                "question": query.question,
                "status": str(query.get_status_display()),
                "answer": query.answer,
                "correction": str(query.correction) if query.correction_id else "",
                "closing_remark": query.closing_remark,
            }
            for query in queries
        ],
        "queries_closed": sum(1 for query in queries if query.status == AuditQuery.Status.CLOSED),
    }


def _warning_resolution(warning: RuleWarning, query: AuditQuery | None) -> tuple[str, bool]:
    """What became of a warning, in words, and whether it is settled (reversed or answered)."""
    reversal = getattr(warning.voucher, "reversal", None)
    if reversal is not None:
        return _("已以%(reversal)s凭证红字冲销") % {"reversal": reversal}, True
    if query is not None and query.answer:
        return _("经询问，答复：%(answer)s") % {"answer": query.answer}, True
    if query is not None:
        return _("已提出询问，尚未答复"), False
    return _("未作处理"), False


# The text, written ------------------------------------------------------------------------------


def _aid_paragraph(aid: dict) -> list[str]:
    """The year's aid: the yuan and whom it helped, each person once (as the summary counts them)."""
    if not aid["times"]:
        return []
    whom = "、".join(f"{word}{count}" for word, count in helped_items(aid["by_whom"]))
    return [
        _("本年度支付帮扶救助资金%(amount)s，帮扶%(people)s人（%(whom)s）、%(times)s人次。")
        % {"amount": yuan(aid["amount"]), "people": aid["people"], "whom": whom, "times": aid["times"]}
    ]


def write_sections(*, union: Union, year: int, figures: dict) -> dict[str, list[str]]:
    f = figures
    written: dict[str, list[str]] = {}
    written["opening"] = [
        _(
            "根据《中华人民共和国工会法》和《工会经费审查委员会工作条例》的规定，%(union)s经费审查委员会"
            "对本会%(year)s年度的经费收支和资产管理情况进行了审查。现将审查情况报告如下。"
        )
        % {"union": union.name, "year": year}
    ]
    income_parts = "、".join(f"{line['name']}{yuan(line['amount'])}" for line in f["income_lines"])
    spending_parts = "、".join(f"{line['name']}{yuan(line['amount'])}" for line in f["spending_lines"])
    paragraphs = [
        _("本年度收入合计%(total)s") % {"total": yuan(f["income_total"])}
        + (_("，其中%(parts)s") % {"parts": income_parts} if income_parts else "")
        + _("。"),
        _("本年度支出合计%(total)s") % {"total": yuan(f["spending_total"])}
        + (_("，其中%(parts)s") % {"parts": spending_parts} if spending_parts else "")
        + _("。"),
        _("收支结余%(surplus)s。") % {"surplus": yuan(f["surplus"])},
    ]
    closing = sum((Decimal(fund["closing"]) for fund in f["funds"]), Decimal("0"))
    if f["funds"]:
        paragraphs.append(
            _("年末各项资金余额合计%(closing)s：%(funds)s。")
            % {
                "closing": yuan(closing),
                "funds": "；".join(f"{fund['name']}{yuan(fund['closing'])}" for fund in f["funds"]),
            }
        )
    paragraphs += _aid_paragraph(f["aid"])
    written["finances"] = paragraphs

    if Decimal(f["budget_income"]) or Decimal(f["budget_spending"]):
        paragraphs = [
            _(
                "本年度收入预算%(bi)s，实际收入%(ai)s，完成预算的%(pi)s；支出预算%(bs)s，实际支出%(as)s，"
                "为预算的%(ps)s。"
            )
            % {
                "bi": yuan(f["budget_income"]),
                "ai": yuan(f["actual_income"]),
                "pi": percent(Decimal(f["actual_income"]), Decimal(f["budget_income"])),
                "bs": yuan(f["budget_spending"]),
                "as": yuan(f["actual_spending"]),
                "ps": percent(Decimal(f["actual_spending"]), Decimal(f["budget_spending"])),
            }
        ]
        over = [
            line
            for line in f["budget_lines"]
            if line["direction"] == "out"
            and Decimal(line["budget"])
            and Decimal(line["actual"]) > Decimal(line["budget"])
        ]
        unbudgeted = [line for line in f["budget_lines"] if not Decimal(line["budget"])]
        if over:
            paragraphs.append(
                _("超出预算的支出项目：%(lines)s。")
                % {
                    "lines": "；".join(
                        _("%(name)s预算%(budget)s，实际%(actual)s")
                        % {
                            "name": line["name"],
                            "budget": yuan(line["budget"]),
                            "actual": yuan(line["actual"]),
                        }
                        for line in over
                    )
                }
            )
        if unbudgeted:
            paragraphs.append(
                _("未编列预算而发生收支的项目：%(lines)s。")
                % {"lines": "、".join(f"{line['name']}{yuan(line['actual'])}" for line in unbudgeted)}
            )
        written["budget"] = paragraphs
    else:
        written["budget"] = [_("本年度未在系统中编制预算。")]

    restricted = [fund for fund in f["funds"] if fund["restricted"]]
    if restricted:
        paragraphs = []
        for fund in restricted:
            paragraphs.append(
                _(
                    "%(name)s%(purpose)s：年初余额%(opening)s，本年收入%(income)s，支出%(spending)s，"
                    "划转净额%(transfers)s，年末余额%(closing)s。"
                )
                % {
                    "name": fund["name"],
                    "purpose": _("（用于%(purpose)s）") % {"purpose": fund["purpose"]}
                    if fund["purpose"]
                    else "",
                    "opening": yuan(fund["opening"]),
                    "income": yuan(fund["income"]),
                    "spending": yuan(fund["spending"]),
                    "transfers": yuan(fund["transfers"]),
                    "closing": yuan(fund["closing"]),
                }
            )
            if fund.get("aid"):
                paragraphs[-1] += _("本年支出中：%(parts)s。") % {
                    "parts": "、".join(
                        _("%(kind)s%(amount)s（%(people)s人、%(times)s笔）")
                        % {**aid, "amount": yuan(aid["amount"])}
                        for aid in fund["aid"]
                    )
                }
        written["restricted"] = paragraphs + [_("专款专用资金由系统控制不得透支，各笔支出均已列入上述数字。")]

    if f["warnings"]:
        written["warnings"] = [
            _("本年度记账时出现违反开支标准的提示、经确认后仍记账的共%(count)s笔：")
            % {"count": len(f["warnings"])}
        ] + [
            _("%(n)s. %(voucher)s凭证（%(amount)s）：%(message)s。处理情况：%(resolution)s。")
            % {
                "n": n,
                "voucher": w["voucher"],
                "amount": yuan(w["amount"]),
                "message": w["message"].rstrip("。"),
                "resolution": w["resolution"],
            }
            for n, w in enumerate(f["warnings"], start=1)
        ]
    else:
        written["warnings"] = [_("本年度记账时没有出现违反开支标准的提示。")]

    if f["queries"]:
        paragraphs = [
            _("本年度经费审查委员会共提出询问%(count)s项，已关闭%(closed)s项。")
            % {"count": len(f["queries"]), "closed": f["queries_closed"]}
        ]
        for n, q in enumerate(f["queries"], start=1):
            text = _("%(n)s. 关于%(subject)s：%(question)s") % {
                "n": n,
                "subject": q["subject"],
                "question": q["question"].rstrip("。？?") + _("。"),
            }
            if q["answer"]:
                text += _("答复：%(answer)s") % {"answer": q["answer"].rstrip("。") + _("。")}
            else:
                text += _("尚未答复。")
            if q["correction"]:
                text += _("已以%(voucher)s凭证红字冲销更正。") % {"voucher": q["correction"]}
            text += _("（%(status)s）") % {"status": q["status"]}
            paragraphs.append(text)
        written["queries"] = paragraphs
    else:
        written["queries"] = [_("本年度经费审查委员会未提出询问。")]

    paragraphs = [
        _("本年度共有记账凭证%(total)s张，经审查标记已审%(reviewed)s张，占%(share)s。")
        % {"total": f["vouchers"], "reviewed": f["reviewed"], "share": percent(f["reviewed"], f["vouchers"])}
    ]
    for s in f["samples"]:
        paragraphs.append(
            _("%(start)s至%(end)s的凭证%(population)s张按%(rate)s%%的比例抽查（随机种子%(seed)s，可复核）。")
            % {
                "start": s["start"],
                "end": s["end"],
                "population": s["population"],
                "rate": s["rate"],
                "seed": s["seed"],
            }
        )
    if f["remarks"]:
        paragraphs.append(
            _("审查中记录的意见：%(remarks)s。")
            % {"remarks": "；".join(f"{r['voucher']}：{r['remark'].rstrip('。；;')}" for r in f["remarks"])}
        )
    written["review"] = paragraphs

    still_open = len(f["queries"]) - f["queries_closed"]
    unresolved = f["warnings_unresolved"]
    if still_open or unresolved:
        opinion = _(
            "尚有%(open)s项询问未关闭、%(unresolved)s笔违规提示未处理，经费审查委员会将督促整改，整改情况另行报告。"
        ) % {"open": still_open, "unresolved": unresolved}
    else:
        found = [
            _("提出的询问均已答复并关闭") if f["queries"] else _("未提出询问"),
            _("记账时的违规提示均已处理") if f["warnings"] else _("记账时没有违规提示"),
        ]
        opinion = _("经审查，本年度%(found)s。") % {"found": "，".join(found)}
    written["opinion"] = [opinion]
    return written


# The document, put together ---------------------------------------------------------------------


def default_signing_date(year: int) -> date:
    """Today while the year runs or its review is under way; a year long past is signed by the end
    of the first quarter after it (when members' assemblies hear the report)."""
    today = timezone.localdate()
    if today.year < year:
        return date(year, 12, 31)
    return min(today, date(year + 1, 3, 31))


def title_of(union: Union, year: int) -> str:
    return _("%(union)s经费审查委员会关于%(year)s年度经费审查情况的报告") % {
        "union": union.name,
        "year": year,
    }


def signature_of(union: Union) -> str:
    return _("%(union)s经费审查委员会") % {"union": union.name}


def get_report(*, union: Union, year: int) -> AuditReport:
    report, _created = AuditReport.objects.get_or_create(union=union, year=year)
    return report


def build_document(*, report: AuditReport, with_changes_check: bool = True) -> ReviewDocument:
    union = report.union
    title = title_of(union, report.year)
    if report.is_final:
        sections = [Section.from_stored(s) for s in report.sections]
        changed = False
        if with_changes_check:
            changed = records_changed(report.figures, collect_figures(union=union, year=report.year))
        return ReviewDocument(
            title, sections, signature_of(union), report.signed_on, report.figures, changed, report=report
        )
    figures = collect_figures(union=union, year=report.year)
    written = write_sections(union=union, year=report.year, figures=figures)
    sections = []
    for key, heading in SECTION_HEADINGS.items():
        generated = written.get(key, [])
        if key in report.edits:
            sections.append(
                Section(key, str(heading), text_to_paragraphs(report.edits[key]), True, generated)
            )
        elif generated:
            sections.append(Section(key, str(heading), generated))
    signed_on = report.signed_on or default_signing_date(report.year)
    return ReviewDocument(title, sections, signature_of(union), signed_on, figures, report=report)


def text_to_paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _ensure_draft(report: AuditReport) -> None:
    if report.is_final:
        raise ValidationError(_("本年度经费审查报告已签发，不能再修改。"))


def _require_auditor(by: User, union: Union) -> None:
    from finances.services.ledger import require_right
    from unionhub import access

    require_right(by, union, access.AUDIT)


@transaction.atomic
def save_edit(*, report: AuditReport, by: User, key: str, text: str) -> AuditReport:
    """The auditor's text for one section; empty text goes back to what the records write."""
    report = AuditReport.objects.select_for_update().select_related("union").get(pk=report.pk)
    _require_auditor(by, report.union)
    _ensure_draft(report)
    if key not in SECTION_HEADINGS:
        raise ValidationError(_("没有这一部分。"))
    text = text.strip()
    if text:
        report.edits[key] = text
    else:
        report.edits.pop(key, None)
    report.save(update_fields=["edits", "updated_at"])
    return report


@transaction.atomic
def sign_off(*, report: AuditReport, by: User, signed_on: date | None = None) -> AuditReport:
    """Sign the report off: its text and figures are frozen with the year, and the committee's
    signature goes under the year's statements."""
    report = AuditReport.objects.select_for_update().select_related("union").get(pk=report.pk)
    _require_auditor(by, report.union)
    _ensure_draft(report)
    if signed_on:
        if signed_on.year < report.year:
            raise ValidationError({"signed_on": _("落款日期不能早于审查年度。")})
        report.signed_on = signed_on
    report.signed_on = report.signed_on or default_signing_date(report.year)
    # Refused while a month of the year is open; otherwise the statements carry the signature.
    finance_services.sign_statements(union=report.union, year=report.year, by=by, signed_on=report.signed_on)
    base.freeze(report, build_document(report=report, with_changes_check=False), by=by)
    report.full_clean()
    report.save()
    return report


def document_text(document: ReviewDocument) -> str:
    """The report as plain text, laid out as it is printed."""
    return base.document_text(document)
