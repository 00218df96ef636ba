"""Recompute every ledger balance from its entries and report any difference. Exits non-zero
when there is one, so it can run in monitoring and in CI."""

from django.core.management.base import BaseCommand, CommandError

from cwf.core.money import format_gbp
from grants.selectors.coinvestment import restricted_money_problems
from grants.selectors.ledger import ledger_check
from grants.selectors.spending_totals import spend_total_differences


class Command(BaseCommand):
    help = (
        "Check that every account's running balance equals the sum of its entries, and every "
        "kept spend total the spending log."
    )

    def handle(self, *args, **options):
        check = ledger_check()
        for diff in check.balance_differences:
            self.stdout.write(
                f"Account {diff.account.key}: balance {format_gbp(diff.stored)}, entries sum to "
                f"{format_gbp(diff.from_entries)} (difference {format_gbp(diff.difference)})."
            )
        for pk, total, lines in check.unbalanced_transactions:
            self.stdout.write(
                f"Transaction {pk}: {lines} entries summing to {format_gbp(total)}; a transaction "
                f"needs at least two entries summing to £0.00."
            )
        spend_diffs = spend_total_differences()
        for partnership_id, theme_id, kept, logged in spend_diffs:
            self.stdout.write(
                f"Spend total of partnership {partnership_id} on theme {theme_id}: kept "
                f"{format_gbp(kept)}, the spending log sums to {format_gbp(logged)}."
            )
        restricted = restricted_money_problems()
        for problem in restricted:
            self.stdout.write(f"Restricted money of pledge {problem.pledge_id}: {problem.message}.")
        differences = (
            len(check.balance_differences)
            + len(check.unbalanced_transactions)
            + len(spend_diffs)
            + len(restricted)
        )
        summary = (
            f"Checked {check.accounts_checked} accounts, {check.transactions_checked} "
            f"transactions, the spending log's totals and restricted money: "
            f"{differences} difference{'' if differences == 1 else 's'}."
        )
        if differences:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
