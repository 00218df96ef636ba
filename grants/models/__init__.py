from .allocation import Allocation, AllocationAmendment
from .coinvestment import (
    CoFunder,
    CoFunderContact,
    LocalIncome,
    Pledge,
    PledgeReceipt,
    RestrictedRelease,
)
from .disbursement import (
    MONTHS_BETWEEN,
    Frequency,
    FundingAgreement,
    MoneyReturn,
    Release,
    Tranche,
    TrancheHold,
)
from .endowment import EndowmentMovement, EndowmentValuation
from .ledger import Account, CapitalSource, Entry, Transaction
from .plans import ActionLine, Outcome, PlanReview, SpendingPlan, Theme, VisionLine
from .spending import PendingReceipt, Spend, SpendImport, SpendTotal, SpendWithholding

__all__ = [
    "MONTHS_BETWEEN",
    "Account",
    "ActionLine",
    "Allocation",
    "AllocationAmendment",
    "CapitalSource",
    "CoFunder",
    "CoFunderContact",
    "EndowmentMovement",
    "EndowmentValuation",
    "Entry",
    "Frequency",
    "FundingAgreement",
    "LocalIncome",
    "MoneyReturn",
    "Outcome",
    "PendingReceipt",
    "PlanReview",
    "Pledge",
    "PledgeReceipt",
    "Release",
    "RestrictedRelease",
    "Spend",
    "SpendImport",
    "SpendTotal",
    "SpendWithholding",
    "SpendingPlan",
    "Theme",
    "Tranche",
    "TrancheHold",
    "Transaction",
    "VisionLine",
]
