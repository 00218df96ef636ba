from .allocation import Allocation, AllocationAmendment
from .coinvestment import (
    CoFunder,
    CoFunderContact,
    LocalIncome,
    Pledge,
    PledgeAmendment,
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
from .outcomes import UNIT_RULES, IndicatorUnit, LibraryIndicator, PlanIndicator
from .plans import ActionLine, Outcome, PlanReview, SpendingPlan, Theme, VisionLine
from .spending import PendingReceipt, Spend, SpendImport, SpendTotal, SpendWithholding

__all__ = [
    "MONTHS_BETWEEN",
    "UNIT_RULES",
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
    "IndicatorUnit",
    "LibraryIndicator",
    "LocalIncome",
    "MoneyReturn",
    "Outcome",
    "PendingReceipt",
    "PlanIndicator",
    "PlanReview",
    "Pledge",
    "PledgeAmendment",
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
