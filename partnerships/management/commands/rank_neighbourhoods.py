from django.core.management.base import BaseCommand

from partnerships.services.register_ranking import register_rerank


class Command(BaseCommand):
    help = (
        "Recompute the computed flag and the priority order of the register under the current "
        "settings (NEIGHBOURHOOD_THRESHOLD_DECILE, NEIGHBOURHOOD_ELIGIBILITY_FLAG)."
    )

    def handle(self, *args, **options):
        counts = register_rerank()
        self.stdout.write(
            f"Threshold decile {counts.threshold_decile}, eligibility by the {counts.rule} flag. "
            f"Officially left-behind: {counts.official}; doubly disadvantaged (computed): "
            f"{counts.computed}; on both: {counts.overlap}; eligible: {counts.eligible}; "
            f"with a priority: {counts.ranked}."
        )
