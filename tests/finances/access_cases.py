"""Every URL of the ledger for the all-URLs-by-role walker (tests/test_url_access.py)."""

import datetime
from decimal import Decimal

from finances import services
from finances.models import Fund, Voucher
from tests.access import UrlCase
from tests.finances.factories import category
from tests.members.factories import MemberFactory
from unionhub.access import AUDIT, CLOSING, FINANCES, QUERIES
from unionhub.models import Role


def union_fund(world) -> Fund:
    return Fund.objects.get_or_create(
        union=world.union_a, name="工会经费", defaults={"kind": Fund.Kind.UNION_FUND}
    )[0]


def hardship_fund(world) -> Fund:
    return Fund.objects.get_or_create(
        union=world.union_a, name="帮困基金", defaults={"kind": Fund.Kind.HARDSHIP, "restricted": True}
    )[0]


def voucher(world) -> dict:
    posted = services.post_voucher(
        union=world.union_a,
        by=world.officers[Role.Kind.TREASURER],
        date=datetime.date(2026, 3, 10),
        fund=union_fund(world),
        category=category("会费收入"),
        amount=Decimal("12.30"),
        summary="会费",
    )
    return {"pk": posted.pk}


def draft(world) -> dict:
    created = services.draft_voucher(
        union=world.union_a,
        by=world.officers[Role.Kind.TREASURER],
        date=datetime.date(2026, 3, 10),
        fund=union_fund(world),
        category=category("行政补助收入"),
        amount=Decimal("88"),
        summary="待审批",
    )
    return {"pk": created.pk}


def drive(world) -> dict:
    created = services.create_drive(
        union=world.union_a,
        by=world.officers[Role.Kind.TREASURER],
        fund=hardship_fund(world),
        kind="annual",
        title="募捐月",
        starts_on=datetime.date(2026, 10, 1),
    )
    return {"pk": created.pk}


def member(world) -> dict:
    return {"member_pk": MemberFactory(union=world.union_a).pk}


def new_voucher(world) -> dict:
    return {
        "date": "2026-03-11",
        "category": category("行政补助收入").pk,
        "fund": union_fund(world).pk,
        "amount": "100",
        "summary": "行政补助",
        "receipts": "1",
    }


def auditor(world):
    return world.officers[Role.Kind.AUDITOR]


def sample(world) -> dict:
    voucher(world)
    drawn = services.draw_sample(
        union=world.union_a,
        by=auditor(world),
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
        rate=100,
        seed=7,
    )
    return {"pk": drawn.pk}


def query(world) -> dict:
    posted = Voucher.objects.get(pk=voucher(world)["pk"])
    raised = services.raise_query(by=auditor(world), voucher=posted, question="这笔会费的明细在哪里？")
    return {"pk": raised.pk}


CASES = [
    UrlCase("finances:index", area=FINANCES),
    UrlCase("finances:voucher_list", area=FINANCES),
    UrlCase(
        "finances:voucher_create", area=FINANCES, write=True, methods=("GET", "POST"), post=(new_voucher, 302)
    ),
    UrlCase("finances:voucher_detail", area=FINANCES, kwargs=voucher),
    UrlCase(
        "finances:voucher_reverse",
        area=FINANCES,
        write=True,
        kwargs=voucher,
        methods=("GET", "POST"),
        post=(lambda world: {"reason": "录错"}, 302),
    ),
    UrlCase(
        "finances:voucher_approve_many",
        area=CLOSING,
        write=True,
        methods=("POST",),
        post=(lambda world: {"voucher": [voucher(world)["pk"]]}, 302),
    ),
    UrlCase(
        "finances:voucher_approve",
        area=CLOSING,
        write=True,
        kwargs=voucher,
        methods=("POST",),
        post=(lambda world: {}, 302),
    ),
    UrlCase("finances:transfer_create", area=FINANCES, write=True, methods=("GET", "POST")),
    UrlCase("finances:fund_list", area=FINANCES),
    UrlCase(
        "finances:fund_create",
        area=FINANCES,
        write=True,
        methods=("GET", "POST"),
        post=(lambda world: {"name": "文体专项资金", "kind": "other"}, 302),
    ),
    UrlCase(
        "finances:category_list",
        area=FINANCES,
        write="post",
        methods=("GET", "POST"),
        post=(lambda world: {"parent": category("其他收入").pk, "name": "利息收入"}, 302),
    ),
    UrlCase("finances:month_list", area=FINANCES),
    UrlCase(
        "finances:month_close",
        area=FINANCES,
        write=True,
        methods=("POST",),
        post=(lambda world: {"year": "2026", "month": "1"}, 302),
    ),
    UrlCase(
        "finances:month_reopen",
        area=CLOSING,
        write=True,
        methods=("POST",),
        post=(lambda world: {"year": "2026", "month": "1", "reason": "补记"}, 302),
    ),
    UrlCase("finances:audit", area=AUDIT),
    UrlCase(
        "finances:dues",
        area=FINANCES,
        write="post",
        methods=("GET", "POST"),
        post=(lambda world: {"year": "2026", "month": "1"}, 200),  # no paying members: the form explains
    ),
    UrlCase("finances:arrears", area=FINANCES, query="year=2026&month=3"),
    UrlCase("finances:dues_late", area=FINANCES, write=True, methods=("POST",), post=(lambda world: {}, 302)),
    UrlCase("finances:wage_list", area=FINANCES),
    UrlCase("finances:wage_edit", area=FINANCES, write=True, kwargs=member, methods=("GET", "POST")),
    UrlCase(
        "finances:wage_import",
        area=FINANCES,
        write=True,
        methods=("GET", "POST"),
        post=(lambda world: {}, 200),
    ),
    UrlCase("finances:member_dues", area=FINANCES, kwargs=member),
    UrlCase(
        "finances:allocations",
        area=FINANCES,
        write="post",
        methods=("GET", "POST"),
        post=(
            lambda world: (
                union_fund(world) and {"year": "2026", "month": "2", "payroll": "80000", "kept_percent": "60"}
            ),
            302,
        ),
    ),
    UrlCase("finances:drive_list", area=FINANCES),
    UrlCase("finances:drive_create", area=FINANCES, write=True, methods=("GET", "POST")),
    UrlCase("finances:drive_detail", area=FINANCES, write="post", kwargs=drive, methods=("GET", "POST")),
    UrlCase("finances:drive_notice", area=FINANCES, kwargs=drive),
    UrlCase("finances:aid_list", area=FINANCES),
    UrlCase("finances:aid_create", area=FINANCES, write=True, methods=("GET", "POST")),
    UrlCase("finances:aid_batch", area=FINANCES, write=True, methods=("GET", "POST")),
    UrlCase("finances:rule_list", area=FINANCES),
    UrlCase("finances:budget", area=FINANCES),
    UrlCase("finances:budget_edit", area=FINANCES, write=True, methods=("GET", "POST")),
    UrlCase("finances:income_statement", area=FINANCES, query="year=2026&kind=month&month=3&rollup=on"),
    UrlCase("finances:fund_balances", area=FINANCES, query="year=2026&kind=quarter&quarter=1"),
    UrlCase("finances:journal", area=FINANCES, query="year=2026"),
    UrlCase("finances:settle_create", area=FINANCES, write=True, methods=("GET", "POST")),
    UrlCase("finances:draft_list", area=FINANCES),
    UrlCase(
        "finances:fixed_assets",
        area=FINANCES,
        write="post",
        methods=("GET", "POST"),
        post=(
            lambda world: {
                "name": "笔记本电脑",
                "kind": "computer",
                "cost": "7200",
                "acquired_on": "2025-01-15",
                "life_years": "6",
            },
            302,
        ),
    ),
    UrlCase(
        "finances:draft_approve",
        area=CLOSING,
        write=True,
        kwargs=draft,
        methods=("POST",),
        post=(lambda world: {}, 302),
    ),
    UrlCase(
        "finances:draft_withdraw",
        area=FINANCES,
        write=True,
        kwargs=draft,
        methods=("POST",),
        post=(lambda world: {}, 302),
    ),
    UrlCase(
        "finances:book_rules",
        area=CLOSING,
        write=True,
        methods=("POST",),
        post=(lambda world: {"approve_first": "on"}, 302),
    ),
    UrlCase("finances:statutory", area=FINANCES, query="year=2026&month=3&form=01&consolidated=on"),
    UrlCase("finances:account_journal", area=FINANCES, query="year=2026&account=101"),
    UrlCase("finances:trial_balance", area=FINANCES, query="year=2026"),
    UrlCase("finances:reconciliation", area=FINANCES, query="year=2026"),
    UrlCase("finances:import_vouchers", area=FINANCES, write=True, methods=("GET", "POST")),
    UrlCase(
        "finances:review_index",
        area=AUDIT,
        write="post",
        methods=("GET", "POST"),
        post=(lambda world: voucher(world) and {"year": "2026", "month": "3", "rate": "100"}, 302),
    ),
    UrlCase("finances:review_sample", area=AUDIT, kwargs=sample),
    UrlCase(
        "finances:review_mark",
        area=AUDIT,
        write=True,
        kwargs=voucher,
        methods=("POST",),
        post=(lambda world: {"remark": "单据齐全"}, 302),
    ),
    UrlCase("finances:query_list", area=QUERIES, query="show=all&year=2026"),
    UrlCase(
        "finances:query_create",
        area=AUDIT,
        write=True,
        methods=("GET", "POST"),
        post=(
            lambda world: {
                "year": "2026",
                "category": category("会费收入").pk,
                "question": "会费为何比去年少？",
            },
            302,
        ),
    ),
    UrlCase("finances:query_detail", area=QUERIES, kwargs=query),
    UrlCase(
        "finances:query_answer",
        area=QUERIES,
        write=True,
        kwargs=query,
        methods=("GET", "POST"),
        post=(lambda world: {"answer": "明细见凭证所附名单。"}, 302),
    ),
    UrlCase(
        "finances:query_close",
        area=AUDIT,
        write=True,
        kwargs=query,
        methods=("POST",),
        post=(lambda world: {"remark": "已核对"}, 302),
    ),
]
