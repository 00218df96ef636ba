"""The limit for the portfolio summary: its figures computed by one hand-written SQL query over
the same tables (the ledger's balances by kind, paid grant money, committed, released and paid
and spent by region, IMD decile and CNI decile of each partnership's main neighbourhood, the
same by year, the population served, leverage by region (paid, co-investment paid through the
fund, verified local income; issue 18), and the attention list: held tranches, reporting
compliance, overdue reports, partnerships failing the composition rules, close-out candidates;
spent by theme, and each partnership's endorsed costed vision by theme over the term, in the
plan years ended and in the current one, whose elapsed fraction the caller applies, as the
product does in Python).
Portable between PostgreSQL and SQLite (window functions, no DISTINCT ON). Spend is read, as the
product reads it, from the spending log's kept totals (grants_spendtotal): the same stored data,
not a re-summing of the two-million-row log that neither the product nor this query needs."""

from __future__ import annotations

import calendar

from django.conf import settings
from django.db import connection
from django.utils import timezone

from partnerships.composition import min_resident_share, min_voting_members

SQL = """
WITH
t AS (
    SELECT a.partnership_id, t.status, t.amount, t.amount + t.management_contribution AS total,
           t.due_on, t.paid_on, r.released_on
    FROM grants_tranche t
    JOIN grants_allocation a ON a.id = t.allocation_id
    LEFT JOIN grants_release r ON r.tranche_id = t.id
    WHERE a.status <> 'proposed'
),
unreleased AS (
    SELECT a.partnership_id, SUM(acc.balance) AS total
    FROM grants_account acc JOIN grants_allocation a ON a.id = acc.allocation_id
    WHERE acc.kind IN ('commitment', 'management_contribution')
    GROUP BY a.partnership_id
),
per_p AS (
    SELECT p.id,
           COALESCE(MAX(u.total), 0)
             + SUM(CASE WHEN t.status IN ('released', 'paid') THEN t.total ELSE 0 END) AS committed,
           SUM(CASE WHEN t.status IN ('released', 'paid') THEN t.total ELSE 0 END) AS released,
           SUM(CASE WHEN t.status = 'paid' THEN t.total ELSE 0 END) AS paid
    FROM partnerships_partnership p
    JOIN t ON t.partnership_id = p.id
    LEFT JOIN unreleased u ON u.partnership_id = p.id
    GROUP BY p.id
),
ranked AS (
    SELECT pn.partnership_id, n.region, n.imd_decile, n.cni_decile, n.population,
           ROW_NUMBER() OVER (
               PARTITION BY pn.partnership_id
               ORDER BY n.population DESC NULLS LAST, n.code
           ) AS place
    FROM partnerships_partnership_neighbourhoods pn
    JOIN partnerships_neighbourhood n ON n.id = pn.neighbourhood_id
),
spent AS (
    SELECT partnership_id, SUM(amount) AS total FROM grants_spendtotal GROUP BY partnership_id
),
co AS (
    SELECT partnership_id, SUM(balance) AS total FROM grants_account
    WHERE kind = 'restricted_paid' GROUP BY partnership_id
),
li AS (
    SELECT partnership_id, SUM(amount) AS total FROM grants_localincome
    WHERE status = 'verified' GROUP BY partnership_id
),
placed AS (
    SELECT per_p.*, COALESCE(spent.total, 0) AS spent,
           ranked.region, ranked.imd_decile, ranked.cni_decile
    FROM per_p LEFT JOIN ranked ON ranked.partnership_id = per_p.id AND ranked.place = 1
    LEFT JOIN spent ON spent.partnership_id = per_p.id
)
SELECT 'ledger' AS section, kind AS k, COUNT(*) AS n, SUM(balance) AS a,
    CAST(NULL AS NUMERIC) AS b, CAST(NULL AS NUMERIC) AS c
    FROM grants_account GROUP BY kind
UNION ALL SELECT 'paid_grant', '', COUNT(*), SUM(amount), NULL, NULL FROM t WHERE status = 'paid'
UNION ALL SELECT 'region', region, COUNT(*), SUM(committed), SUM(released), SUM(paid)
    FROM placed GROUP BY region
UNION ALL SELECT 'region_spent', region, COUNT(*), SUM(spent), NULL, NULL
    FROM placed GROUP BY region
UNION ALL SELECT 'imd_decile', CAST(imd_decile AS TEXT), COUNT(*), SUM(committed), SUM(released),
    SUM(paid) FROM placed GROUP BY imd_decile
UNION ALL SELECT 'imd_spent', CAST(imd_decile AS TEXT), COUNT(*), SUM(spent), NULL, NULL
    FROM placed GROUP BY imd_decile
UNION ALL SELECT 'cni_decile', CAST(cni_decile AS TEXT), COUNT(*), SUM(committed), SUM(released),
    SUM(paid) FROM placed GROUP BY cni_decile
UNION ALL SELECT 'cni_spent', CAST(cni_decile AS TEXT), COUNT(*), SUM(spent), NULL, NULL
    FROM placed GROUP BY cni_decile
UNION ALL SELECT 'leverage_region', placed.region, COUNT(*), SUM(placed.paid),
    SUM(COALESCE(co.total, 0)), SUM(COALESCE(li.total, 0))
    FROM placed LEFT JOIN co ON co.partnership_id = placed.id
    LEFT JOIN li ON li.partnership_id = placed.id GROUP BY placed.region
UNION ALL SELECT 'pledges_past_due', '', COUNT(*), NULL, NULL, NULL FROM grants_pledge pl
    WHERE pl.status IN ('pledged', 'accepted', 'partly_received') AND pl.ends_on < %(today)s
      AND pl.amount > COALESCE((SELECT SUM(amount) FROM grants_pledgereceipt pr
                                WHERE pr.pledge_id = pl.id), 0)
UNION ALL SELECT 'spent', '', COUNT(*), SUM(amount), NULL, NULL FROM grants_spendtotal
UNION ALL SELECT 'planned', {year_due}, COUNT(*), SUM(total), NULL, NULL
    FROM t WHERE status <> 'cancelled' GROUP BY 2
UNION ALL SELECT 'released', {year_released}, COUNT(*), SUM(total), NULL, NULL
    FROM t WHERE status IN ('released', 'paid') GROUP BY 2
UNION ALL SELECT 'paid', {year_paid}, COUNT(*), SUM(total), NULL, NULL
    FROM t WHERE status = 'paid' GROUP BY 2
UNION ALL SELECT 'committed', {year_approved}, COUNT(*), SUM(amount + management_contribution),
    NULL, NULL FROM grants_allocation
    WHERE status <> 'proposed' AND approved_at IS NOT NULL GROUP BY 2
UNION ALL SELECT 'people', '', COUNT(*), SUM(population), NULL, NULL FROM partnerships_neighbourhood
    WHERE id IN (SELECT pn.neighbourhood_id FROM partnerships_partnership_neighbourhoods pn
                 JOIN grants_allocation a ON a.partnership_id = pn.partnership_id
                 WHERE a.status <> 'proposed')
UNION ALL SELECT 'held', '', COUNT(*), SUM(total), NULL, NULL FROM t WHERE status = 'held'
UNION ALL SELECT 'compliance', '', COUNT(*),
    SUM(CASE WHEN first_submitted_at IS NOT NULL
             AND {submitted_on} <= COALESCE(extended_to, due_on)
        THEN 1 ELSE 0 END),
    AVG(CASE WHEN first_submitted_at IS NOT NULL
             AND {submitted_on} <= COALESCE(extended_to, due_on) THEN 0
        ELSE {days_late} END), NULL
    FROM reporting_quarterlyreport
    WHERE COALESCE(extended_to, due_on) < %(today)s OR first_submitted_at IS NOT NULL
UNION ALL SELECT 'overdue', p.name, r.id, NULL, NULL, NULL
    FROM reporting_quarterlyreport r JOIN partnerships_partnership p ON p.id = r.partnership_id
    WHERE r.status IN ('not_started', 'draft', 'returned')
      AND COALESCE(r.extended_to, r.due_on) < %(today)s
UNION ALL SELECT 'composition', p.name, p.id, m.voting, m.residents, NULL
    FROM partnerships_partnership p JOIN (
        SELECT partnership_id,
               SUM(CASE WHEN has_vote THEN 1 ELSE 0 END) AS voting,
               SUM(CASE WHEN has_vote AND is_resident THEN 1 ELSE 0 END) AS residents
        FROM partnerships_member WHERE left_on IS NULL GROUP BY partnership_id
    ) m ON m.partnership_id = p.id
    WHERE p.status IN ('endorsed', 'delivering', 'closing')
      AND (m.voting < %(min_voting)s OR m.residents < m.voting * %(min_share)s)
UNION ALL SELECT 'theme_spent', CAST(theme_id AS TEXT), COUNT(*), SUM(amount), NULL, NULL
    FROM grants_spendtotal GROUP BY theme_id
UNION ALL SELECT 'theme_planned', CAST(partnership_id AS TEXT) || ':' || CAST(theme_id AS TEXT),
    elapsed, SUM(amount), SUM(CASE WHEN year <= elapsed THEN amount ELSE 0 END),
    SUM(CASE WHEN year = elapsed + 1 THEN amount ELSE 0 END)
    FROM (
        SELECT sp.partnership_id, vl.theme_id, vl.year, vl.amount,
               %(year)s - {start_year} - CASE
                   WHEN {start_month} < %(month)s OR ({start_month} = %(month)s AND
                        (CASE WHEN {start_month} = 2 AND {start_day} = 29 THEN %(february_end)s
                              ELSE {start_day} END) <= %(day)s)
                   THEN 0 ELSE 1 END AS elapsed
        FROM grants_visionline vl JOIN grants_spendingplan sp ON sp.id = vl.plan_id
        JOIN grants_allocation a ON a.id = sp.allocation_id
        WHERE sp.status = 'endorsed'
    ) lines GROUP BY partnership_id, theme_id, elapsed
UNION ALL SELECT 'close_out', p.name, a.id, acc.balance, NULL, NULL
    FROM grants_allocation a JOIN grants_account acc ON acc.allocation_id = a.id
    JOIN partnerships_partnership p ON p.id = a.partnership_id
    WHERE a.status = 'active' AND acc.kind = 'commitment' AND acc.balance < %(close_out)s
"""


def _year(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS TEXT)"
    return f"strftime('%%Y', {column})"  # %% : the query has parameters


def _part(column: str, part: str, strftime: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT({part} FROM {column}) AS INTEGER)"
    return f"CAST(strftime('%{strftime}', {column}) AS INTEGER)"  # %% : the query has parameters


def _submitted_on() -> str:
    """The local day a report was first submitted (SQLite keeps UTC text: the day in UTC)."""
    if connection.vendor == "postgresql":
        return "CAST(first_submitted_at AT TIME ZONE %(zone)s AS DATE)"
    return "DATE(first_submitted_at)"


def _days_late() -> str:
    """Days from the effective due date to submission (or today, if still owed)."""
    submitted = f"COALESCE({_submitted_on()}, %(today)s)"
    due = "COALESCE(extended_to, due_on)"
    if connection.vendor == "postgresql":
        return f"({submitted} - {due})"
    return f"(julianday({submitted}) - julianday({due}))"


def summary_sql() -> list[tuple]:
    sql = SQL.format(
        year_due=_year("due_on"),
        year_released=_year("released_on"),
        year_paid=_year("paid_on"),
        year_approved=_year("approved_at"),
        days_late=_days_late(),
        submitted_on=_submitted_on(),
        start_year=_part("a.starts_on", "YEAR", "%Y"),
        start_month=_part("a.starts_on", "MONTH", "%m"),
        start_day=_part("a.starts_on", "DAY", "%d"),
    )
    today = timezone.localdate()
    params = {
        "today": today,
        "zone": settings.TIME_ZONE,
        "year": today.year,
        "month": today.month,
        "day": today.day,
        "february_end": 29 if calendar.isleap(today.year) else 28,
        "min_voting": min_voting_members(),
        "min_share": min_resident_share(),
        "close_out": settings.CLOSE_OUT_THRESHOLD,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
