"""The attention list as rows, one per thing that needs attention, in the dashboard's order and
words: the board pack's PDF appendix, spreadsheet and CSV list exactly these, and a test holds
them to the dashboard's list item for item (tests/reporting/test_board_pack_matches.py)."""

from __future__ import annotations

from dataclasses import dataclass

from cwf.core.dates import display_date
from cwf.core.money import format_gbp

from .attention import Attention

FUND_WIDE = "All partnerships"


@dataclass(frozen=True)
class AttentionItem:
    kind: str  # the dashboard's heading, without its count
    partnership_id: int | None  # None for the fund-wide compliance line
    partnership: str
    what: str  # as the dashboard says it after "<partnership>: "


def compliance_line(attention: Attention) -> str:
    """The dashboard's sentence on the fund's reporting record, or "" before any is due."""
    compliance = attention.compliance
    if not compliance or not compliance.due:
        return ""
    share = round(compliance.on_time / compliance.due * 100)  # as {% widthratio %} rounds
    return (
        f"Reporting compliance: {compliance.on_time} of {compliance.due} quarterly reports due "
        f"so far came in on time ({share}%); on average reports are "
        f"{compliance.mean_days_late} days late."
    )


def overdue_more_line(attention: Attention) -> str:
    """When the dashboard names only the longest overdue reports: how many there are."""
    shown = len(attention.overdue)
    if attention.overdue_count <= shown:
        return ""
    return (
        f"The {shown} longest overdue are named here; the reports list in CWF Grants names all "
        f"{attention.overdue_count}."
    )


def attention_items(attention: Attention) -> list[AttentionItem]:
    items = []
    line = compliance_line(attention)
    if line:
        items.append(AttentionItem("Reporting compliance", None, FUND_WIDE, line))
    for report in attention.overdue:
        items.append(
            AttentionItem(
                "Overdue quarterly reports",
                report.partnership_id,
                report.partnership.name,
                f"the report for {report.quarter_label}, due {display_date(report.effective_due)}",
            )
        )
    more = overdue_more_line(attention)
    if more:
        items.append(AttentionItem("Overdue quarterly reports", None, FUND_WIDE, more))
    for item in attention.held:
        tranche = item.tranche
        items.append(
            AttentionItem(
                "Tranches on hold",
                tranche.allocation.partnership_id,
                tranche.allocation.partnership.name,
                f"{format_gbp(tranche.total)} due {display_date(tranche.due_on)}"
                + (f", on hold: {item.why}" if item.reasons else ", on hold."),
            )
        )
    for item in attention.failing_composition:
        items.append(
            AttentionItem(
                "Partnerships that do not meet the composition rules",
                item.partnership.pk,
                item.partnership.name,
                "; ".join(f"{rule.rule.lower()} (now {rule.figure})" for rule in item.rules),
            )
        )
    for item in attention.variances:
        share = f" ({item.percent}%)" if item.percent is not None else " (nothing was planned yet)"
        items.append(
            AttentionItem(
                "Spending far from plan",
                item.partnership_id,
                item.partnership,
                f"planned {format_gbp(item.planned_to_date)} to date, spent "
                f"{format_gbp(item.spent)}: {format_gbp(item.amount)} "
                f"{'over' if item.over else 'under'} plan{share}",
            )
        )
    for item in attention.spending_ahead:
        items.append(
            AttentionItem(
                "Spending ahead of payments",
                item.partnership.pk,
                item.partnership.name,
                f"received {format_gbp(item.received)}, spent {format_gbp(item.spent)}: "
                f"{format_gbp(item.spent_ahead)} ahead of payments",
            )
        )
    for item in attention.pledges_past_due:
        pledge = item.pledge
        items.append(
            AttentionItem(
                "Pledges past their date",
                pledge.partnership_id,
                pledge.partnership.name if pledge.partnership_id else FUND_WIDE,
                f"{pledge.co_funder.name} pledged {format_gbp(pledge.amount)} for "
                f"{pledge.restriction_label} by {display_date(pledge.ends_on)}: "
                f"{format_gbp(item.received)} received, {format_gbp(item.outstanding)} not",
            )
        )
    for item in attention.close_out:
        items.append(
            AttentionItem(
                "Ready for close-out",
                item.allocation.partnership_id,
                item.allocation.partnership.name,
                f"{format_gbp(item.remaining)} left to release",
            )
        )
    return items
