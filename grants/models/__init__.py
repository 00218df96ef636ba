from .allocation import Allocation, AllocationAmendment
from .disbursement import MONTHS_BETWEEN, Frequency, FundingAgreement, Release, Tranche, TrancheHold
from .endowment import EndowmentMovement
from .ledger import Account, CapitalSource, Entry, Transaction

__all__ = [
    "MONTHS_BETWEEN",
    "Account",
    "Allocation",
    "AllocationAmendment",
    "CapitalSource",
    "EndowmentMovement",
    "Entry",
    "Frequency",
    "FundingAgreement",
    "Release",
    "Tranche",
    "TrancheHold",
    "Transaction",
]
