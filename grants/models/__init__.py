from .allocation import Allocation, AllocationAmendment
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
from .outcomes import UNIT_RULES, IndicatorUnit, LibraryIndicator, PlanIndicator
from .ledger import Account, CapitalSource, Entry, Transaction
from .plans import ActionLine, Outcome, PlanReview, SpendingPlan, Theme, VisionLine
from .spending import PendingReceipt, Spend, SpendImport, SpendTotal, SpendWithholding

__all__ = [
    "UNIT_RULES",
    "IndicatorUnit",
    "LibraryIndicator",
    "PlanIndicator",
    "MONTHS_BETWEEN",
    "Account",
    "ActionLine",
    "Allocation",
    "AllocationAmendment",
    "CapitalSource",
    "EndowmentMovement",
    "EndowmentValuation",
    "Entry",
    "Frequency",
    "FundingAgreement",
    "MoneyReturn",
    "Outcome",
    "PendingReceipt",
    "PlanReview",
    "Release",
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
