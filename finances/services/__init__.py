"""Everything that writes the books. Keyword-only, atomic, and the only way in.

The two functions other apps rely on:

    post_voucher(*, union, by, date, fund, category, amount, summary, counterparty="", receipts=0,
                 activity=None, award=None, benefit="", confirm_warnings=False) -> Voucher
    reverse_voucher(*, voucher, by, reason, date=None) -> Voucher
"""

from finances.selectors import fund_balance
from finances.services.approval import (
    approve_draft,
    approve_voucher,
    approve_vouchers,
    draft_aid,
    draft_transfer,
    draft_voucher,
    withdraw_draft,
)
from finances.services.assets import register_fixed_asset
from finances.services.dues import (
    dues_for,
    record_allocation,
    record_member_dues,
    run_monthly_dues,
    set_wage_base,
)
from finances.services.ledger import (
    RulesBroken,
    close_month,
    move_between_accounts,
    post_voucher,
    record_opening_balance,
    reopen_month,
    reverse_voucher,
    transfer_between_funds,
)
from finances.services.relief import Gift, create_drive, pay_aid, record_donations
from finances.services.review import (
    answer_query,
    close_query,
    draw_sample,
    mark_reviewed,
    raise_query,
    sign_statements,
)
from finances.services.setup import add_sub_item, create_fund, set_budget

__all__ = [
    "answer_query",
    "close_query",
    "draw_sample",
    "mark_reviewed",
    "raise_query",
    "sign_statements",
    "Gift",
    "RulesBroken",
    "add_sub_item",
    "approve_draft",
    "approve_voucher",
    "approve_vouchers",
    "close_month",
    "create_drive",
    "create_fund",
    "draft_aid",
    "draft_transfer",
    "draft_voucher",
    "dues_for",
    "fund_balance",
    "move_between_accounts",
    "pay_aid",
    "post_voucher",
    "record_allocation",
    "record_donations",
    "record_member_dues",
    "record_opening_balance",
    "register_fixed_asset",
    "reopen_month",
    "reverse_voucher",
    "run_monthly_dues",
    "set_budget",
    "set_wage_base",
    "transfer_between_funds",
    "withdraw_draft",
]
