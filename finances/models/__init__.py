from finances.models.assets import FixedAsset
from finances.models.budgets import Budget
from finances.models.chart import Category, CategoryEdition, Direction, Fund
from finances.models.dues import Allocation, DuesRun, WageBase
from finances.models.dues_months import DuesMonths
from finances.models.fund_years import FundYearTotal
from finances.models.helped import DriveDonor, DriveYear, HelpedCount, HelpedPerson
from finances.models.owing import OwingCount
from finances.models.relief import AidPayment, Donation, DonationDrive
from finances.models.review import AuditQuery, ReviewSample, StatementSignOff, VoucherReview
from finances.models.rules import Benefit, RuleWarning, SpendingRule
from finances.models.subtree import SubtreeTotal
from finances.models.totals import LedgerTotal
from finances.models.vouchers import (
    Approval,
    AwaitingApproval,
    BookRules,
    DraftVoucher,
    MonthClose,
    MonthCloseEvent,
    Voucher,
    VoucherCounter,
    VoucherImport,
    VoucherLine,
)
from finances.models.wage_gaps import MissingWageBases

__all__ = [
    "AidPayment",
    "Allocation",
    "Approval",
    "AuditQuery",
    "AwaitingApproval",
    "Benefit",
    "BookRules",
    "Budget",
    "Category",
    "CategoryEdition",
    "Direction",
    "Donation",
    "DonationDrive",
    "DraftVoucher",
    "DriveDonor",
    "DriveYear",
    "DuesMonths",
    "DuesRun",
    "FixedAsset",
    "Fund",
    "FundYearTotal",
    "HelpedCount",
    "HelpedPerson",
    "LedgerTotal",
    "MissingWageBases",
    "MonthClose",
    "MonthCloseEvent",
    "OwingCount",
    "ReviewSample",
    "RuleWarning",
    "SpendingRule",
    "StatementSignOff",
    "SubtreeTotal",
    "Voucher",
    "VoucherCounter",
    "VoucherImport",
    "VoucherLine",
    "VoucherReview",
    "WageBase",
]
