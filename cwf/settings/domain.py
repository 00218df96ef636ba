"""The fund's own rules and figures: composition and quorum rules, eligibility, allocation
bounds, reporting deadlines, demo seeders. Every one can be set from the environment. Imported by
base.py, so every environment has them."""

from decimal import Decimal
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
FUND_NAME = env("FUND_NAME", default="Community Wealth Fund")

# 360Giving: the fund's registered identifier prefix (360Giving issues it; every grant id starts
# with it), the fund's organisation identifier (org-id.guide, e.g. GB-CHC-1234567; until it is
# set, an id made from the prefix), and the regrant type of an allocation held by an LTO for a
# partnership (FRG010, "Common Regrant"; empty to leave it out).
THREESIXTYGIVING_PREFIX = env("THREESIXTYGIVING_PREFIX", default="360G-cwf")
FUND_ORG_ID = env("FUND_ORG_ID", default="")
# The trustee API's summaries (portfolio, forecast, social value) are heavier than its lists.
REPORTING_API_THROTTLE_RATE = env("REPORTING_API_THROTTLE_RATE", default="120/minute")
THREESIXTYGIVING_REGRANT_TYPE = env("THREESIXTYGIVING_REGRANT_TYPE", default="FRG010")
# The licence the 360Giving package is published under (its canonical URI).
THREESIXTYGIVING_LICENSE = env(
    "THREESIXTYGIVING_LICENSE", default="https://creativecommons.org/licenses/by/4.0/"
)

# Big Local's rules for a partnership's make-up (partnerships.composition reads them).
PARTNERSHIP_MIN_VOTING_MEMBERS = env.int("PARTNERSHIP_MIN_VOTING_MEMBERS", default=8)
# Residents of the area must hold at least this share of the voting places.
PARTNERSHIP_MIN_RESIDENT_SHARE = env("PARTNERSHIP_MIN_RESIDENT_SHARE", default="0.51")
# A partnership meeting or AGM is quorate when at least this share of the voting members (and
# never fewer than the minimum) are present, most of them residents.
PARTNERSHIP_QUORUM_SHARE = env("PARTNERSHIP_QUORUM_SHARE", default="0.5")
PARTNERSHIP_QUORUM_MINIMUM = env.int("PARTNERSHIP_QUORUM_MINIMUM", default=4)
PARTNERSHIP_QUORUM_RESIDENT_MAJORITY = env.bool(
    "PARTNERSHIP_QUORUM_RESIDENT_MAJORITY", default=True
)
# A sub-group is small: it is quorate with this many voting members present.
PARTNERSHIP_SUB_GROUP_QUORUM = env.int("PARTNERSHIP_SUB_GROUP_QUORUM", default=3)

# The public data files beside the project (../shared/data): IMD, CNI and the 360Giving schema.
SHARED_DATA_DIR = Path(env("CWF_SHARED_DATA_DIR", default=str(BASE_DIR.parent / "shared" / "data")))

# The neighbourhood register (partnerships/services/register_ranking.py). The computed "doubly
# disadvantaged" flag: in the worst N deciles on both the IMD and the CNI (1 = the worst 10%).
NEIGHBOURHOOD_THRESHOLD_DECILE = env.int("NEIGHBOURHOOD_THRESHOLD_DECILE", default=1)
# The same threshold per edition (partnerships/editions.py), where one differs from the above:
# e.g. {"iod2025": 1, "cni2023": 1}. The rule only pairs editions of the same geography
# (IoD2019 with CNI 2019 on wards, IoD2025 with CNI 2023 on 2021 LSOAs).
NEIGHBOURHOOD_EDITION_THRESHOLDS = env.dict(
    "NEIGHBOURHOOD_EDITION_THRESHOLDS", cast={"value": int}, default={}
)
# A Community Wealth Fund neighbourhood has 5,000 to 15,000 residents: a neighbourhood of LSOAs
# outside this range gets a warning (never a block).
NEIGHBOURHOOD_POPULATION_RANGE = (
    env.int("NEIGHBOURHOOD_POPULATION_MIN", default=5000),
    env.int("NEIGHBOURHOOD_POPULATION_MAX", default=15000),
)
# Which flag makes a neighbourhood eligible, and first in the priority list: "computed" or
# "official" (the CNI file's left-behind flag). Run `manage.py rank_neighbourhoods` after a change.
NEIGHBOURHOOD_ELIGIBILITY_FLAG = env("NEIGHBOURHOOD_ELIGIBILITY_FLAG", default="computed")
# The largest IMD or CNI file an officer may upload (MHCLG's IoD2019 File 7 is about 12 MB).
REGISTER_IMPORT_MAX_BYTES = env.int("REGISTER_IMPORT_MAX_BYTES", default=25 * 1024 * 1024)
# Allocations: the bounds of amount and term, the LTO management contribution paid on top of
# each drawdown, and the unspent-and-unreleased balance below which close-out is flagged.
ALLOCATION_MIN_AMOUNT = Decimal(env("ALLOCATION_MIN_AMOUNT", default="1000000.00"))
ALLOCATION_MAX_AMOUNT = Decimal(env("ALLOCATION_MAX_AMOUNT", default="2500000.00"))
ALLOCATION_MIN_YEARS = env.int("ALLOCATION_MIN_YEARS", default=10)
ALLOCATION_MAX_YEARS = env.int("ALLOCATION_MAX_YEARS", default=15)
LTO_MANAGEMENT_CONTRIBUTION_RATE = Decimal(env("LTO_MANAGEMENT_CONTRIBUTION_RATE", default="0.05"))
CLOSE_OUT_THRESHOLD = Decimal(env("CLOSE_OUT_THRESHOLD", default="150000.00"))
# The spending log: a spend above this needs a decision from the partnership's decision log;
# receipts (PDF, JPEG or PNG, checked by content) may be up to this size.
SPEND_DECISION_THRESHOLD = Decimal(env("SPEND_DECISION_THRESHOLD", default="500.00"))
RECEIPT_MAX_BYTES = env.int("RECEIPT_MAX_BYTES", default=10 * 1024 * 1024)
# A receipt held after a spend form came back with an error is cleared this long after.
PENDING_RECEIPT_HOURS = env.int("PENDING_RECEIPT_HOURS", default=24)
# A spend that takes a partnership's spending past what its LTO has received from the fund
# (docs/money.md, "spent ahead of payments"): "confirm" lets the LTO's finance contact log it,
# confirming on the spend that the LTO is fronting the money; "refuse" refuses it until the
# payment has arrived. Either way such partnerships are on the trustees' attention list.
SPEND_AHEAD_OF_PAYMENTS = env.str("SPEND_AHEAD_OF_PAYMENTS", default="confirm")
if SPEND_AHEAD_OF_PAYMENTS not in ("confirm", "refuse"):
    raise ImproperlyConfigured(
        f"SPEND_AHEAD_OF_PAYMENTS must be 'confirm' or 'refuse', not '{SPEND_AHEAD_OF_PAYMENTS}'."
    )
# A plan review is due this many months after a plan is endorsed, and every such period after.
PLAN_REVIEW_MONTHS = env.int("PLAN_REVIEW_MONTHS", default=12)
# The trustees' attention list flags a partnership whose spend to date differs from its endorsed
# plan's spend to date by more than BOTH of these (reporting/selectors/variances.py). Spend in a
# neighbourhood is lumpy (a hall refit lands in one quarter), so a percentage alone would flag
# small sums early in a term, and an amount alone would flag ordinary slippage in a large plan:
# together they pick out a plan that has stopped describing what is happening, which is the
# question for a plan review.
VARIANCE_ATTENTION_PERCENT = Decimal(env("VARIANCE_ATTENTION_PERCENT", default="25"))
VARIANCE_ATTENTION_MIN_AMOUNT = Decimal(env("VARIANCE_ATTENTION_MIN_AMOUNT", default="10000.00"))

# Quarterly reports: due this many days after the quarter ends; reminders this many days before
# the due date, on it, and the day after; escalation to the lead officer and the automatic hold
# of the next tranche after these many days overdue (hold 0 = off). Failed e-mails are retried
# this many times.
REPORT_DUE_DAYS = env.int("REPORT_DUE_DAYS", default=30)
REPORT_REMIND_DAYS_BEFORE = env.int("REPORT_REMIND_DAYS_BEFORE", default=14)
REPORT_ESCALATE_DAYS_OVERDUE = env.int("REPORT_ESCALATE_DAYS_OVERDUE", default=14)
REPORT_HOLD_DAYS_OVERDUE = env.int("REPORT_HOLD_DAYS_OVERDUE", default=60)
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=5)
# The outbox (cwf/core/outbox.py): a failed e-mail waits OUTBOX_RETRY_SECONDS, doubling after
# each failure up to OUTBOX_RETRY_MAX_SECONDS; one claimed for sending by a worker that then
# vanished is sent again after OUTBOX_SENDING_LEASE_SECONDS.
OUTBOX_RETRY_SECONDS = env.int("OUTBOX_RETRY_SECONDS", default=60)
OUTBOX_RETRY_MAX_SECONDS = env.int("OUTBOX_RETRY_MAX_SECONDS", default=3600)
OUTBOX_SENDING_LEASE_SECONDS = env.int("OUTBOX_SENDING_LEASE_SECONDS", default=600)
REPORT_PHOTO_MAX_BYTES = env.int("REPORT_PHOTO_MAX_BYTES", default=5 * 1024 * 1024)

# `seed_demo` (devtools, dev and test settings only) calls these in order; each is idempotent.
# Each feature adds its own module under devtools/demo/.
DEMO_SEEDERS = [
    "devtools.demo.accounts.seed",
    "devtools.demo.register.seed",
    "devtools.demo.partnerships.seed",
    "devtools.demo.grants.seed",
    "devtools.demo.plans.seed",
    # Co-funders, pledges, restricted money and local income (issue 18): after the plans, whose
    # themes a pledge can be restricted to.
    "devtools.demo.coinvestment.seed",
    "devtools.demo.reports.seed",
    # Last: reporting reads what every other seeder made.
    "devtools.demo.portfolio.seed",
    # Outcome indicators, their values in the reports above, and learning notes (issue 19).
    "devtools.demo.outcomes.seed",
    # After everything: publishes Horden's page and the open data (docs/open-data.md).
    "devtools.demo.public.seed",
    # Horden's participatory budget and consultation (issue 20), on its published page.
    "devtools.demo.participation.seed",
]

# Who people contact about their personal data (a copy, an erasure, a complaint), named on the
# privacy page: the fund's data protection lead (or DPO) and an address that reaches them. Set
# both for a real fund; the default address is a placeholder that reaches nobody.
PRIVACY_CONTACT_NAME = env("PRIVACY_CONTACT_NAME", default="the fund's data protection lead")
PRIVACY_CONTACT_EMAIL = env("PRIVACY_CONTACT_EMAIL", default="privacy@communitywealthfund.example")

# The retention schedule for personal data (privacy/services/retention.py, docs/privacy.md), each
# period with its reason. The defaults follow common UK charity practice: HMRC and the Charities
# Act keep financial records 6 years after the end of the accounting year; contact details are
# kept only while there is a reason to make contact.
PRIVACY_RETENTION = {
    # An invitation nobody accepted is deleted this many days after it expired: long enough to
    # answer "did you invite me?", no longer.
    "invitation_days": env.int("RETAIN_INVITATION_DAYS", default=90),
    # A former member's e-mail address is removed this many days after they left (their name
    # stays, for the minutes and the attendance that name them).
    "former_member_contact_days": env.int("RETAIN_FORMER_MEMBER_CONTACT_DAYS", default=730),
    # Receipts are deleted this many years after the end of the accounting year (31 March) in
    # which the money was spent: the 6 years HMRC and the Charities Act ask for.
    "receipt_years": env.int("RETAIN_RECEIPT_YEARS", default=6),
    # A sent e-mail's copy in the outbox is deleted this many days after it was sent: long
    # enough to answer "was it sent?".
    "sent_email_days": env.int("RETAIN_SENT_EMAIL_DAYS", default=90),
    # A participatory budget's voters' e-mail addresses and postcodes are deleted this many days
    # after its result is published (participation/, issue 20); a keyed hash stays.
    "voter_email_days_after_result": env.int("RETAIN_VOTER_EMAIL_DAYS", default=30),
}

# Participatory budgets and consultations (issue 20, participation/).
# An idea longer than this is refused; one longer than LONG (or with a link) is flagged for the
# moderator, who approves every idea before it appears anyway.
PARTICIPATION_IDEA_MAX_CHARS = env.int("PARTICIPATION_IDEA_MAX_CHARS", default=2000)
PARTICIPATION_IDEA_LONG_CHARS = env.int("PARTICIPATION_IDEA_LONG_CHARS", default=600)
# How long a voter's one-time confirmation link works.
PARTICIPATION_LINK_HOURS = env.int("PARTICIPATION_LINK_HOURS", default=24)
# Votes one device (a cookie) may cast in one budget: a household may share a phone.
PARTICIPATION_VOTES_PER_DEVICE = env.int("PARTICIPATION_VOTES_PER_DEVICE", default=4)
# Confirmation links: per address (an hour) and per client network (ten minutes). Never global,
# so a flood from one place throttles that place only. Fail open if the cache is down.
PARTICIPATION_RATE_LIMITS = {
    "per_address": {
        "limit": env.int("PARTICIPATION_LINKS_PER_ADDRESS", default=3),
        "seconds": 3600,
    },
    "per_network": {
        "limit": env.int("PARTICIPATION_LINKS_PER_NETWORK", default=30),
        "seconds": 600,
    },
}
# The partnership's view of suspicious patterns: a network with this many votes within this
# many minutes is listed (by a hash of its prefix, never an address).
PARTICIPATION_BURST_VOTES = env.int("PARTICIPATION_BURST_VOTES", default=5)
PARTICIPATION_BURST_MINUTES = env.int("PARTICIPATION_BURST_MINUTES", default=10)
