from finances.models.budgets import Budget
from finances.models.chart import Category, CategoryEdition, Direction, Fund
from finances.models.dues import Allocation, DuesRun, WageBase
from finances.models.relief import AidPayment, Donation, DonationDrive
from finances.models.review import AuditQuery, ReviewSample, StatementSignOff, VoucherReview
from finances.models.rules import Benefit, RuleWarning, SpendingRule
from finances.models.vouchers import (
    Approval,
    MonthClose,
    MonthCloseEvent,
    Voucher,
    VoucherCounter,
    VoucherLine,
)

__all__ = [
    "AidPayment",
    "Allocation",
    "Approval",
    "AuditQuery",
    "Benefit",
    "Budget",
    "Category",
    "CategoryEdition",
    "Direction",
    "Donation",
    "DonationDrive",
    "DuesRun",
    "Fund",
    "MonthClose",
    "MonthCloseEvent",
    "ReviewSample",
    "RuleWarning",
    "SpendingRule",
    "StatementSignOff",
    "Voucher",
    "VoucherCounter",
    "VoucherLine",
    "VoucherReview",
    "WageBase",
]
