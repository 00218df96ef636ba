"""The roles people hold in CWF Grants, and which of them are scoped to one partnership."""

from django.db import models


class Role(models.TextChoices):
    RESIDENT_MEMBER = "resident_member", "Resident partnership member"
    PARTNERSHIP_CHAIR = "partnership_chair", "Partnership chair"
    LTO_FINANCE = "lto_finance", "LTO finance"
    FUND_OFFICER = "fund_officer", "Fund officer"
    TRUSTEE = "trustee", "Trustee"
    ADMIN = "admin", "Administrator"


# A scoped role only ever applies to the one partnership named on the assignment.
SCOPED_ROLES = frozenset({Role.RESIDENT_MEMBER, Role.PARTNERSHIP_CHAIR, Role.LTO_FINANCE})
GLOBAL_ROLES = frozenset({Role.FUND_OFFICER, Role.TRUSTEE, Role.ADMIN})
# Roles that can see across the whole portfolio; anyone holding them must use MFA.
PORTFOLIO_ROLES = GLOBAL_ROLES
MFA_REQUIRED_ROLES = GLOBAL_ROLES
