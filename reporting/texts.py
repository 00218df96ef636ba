"""Words shown beside the forecast and the social value on pages, in the API and in the board
pack, written once."""

FORECAST_METHOD = (
    "Each year starts from the money the fund holds (uncommitted, committed and not yet released, "
    "and released but not yet paid). The investment return and the running costs are applied to "
    "that balance, and the payments due that year are taken off: the tranches in the payment "
    "schedules, money released and awaiting payment (in the first year), and, for approved "
    "allocations without a full schedule yet, the rest of the commitment spread evenly over the "
    "rest of its term. The first year is this calendar year, counted as a whole year. The fund "
    "cannot meet its commitments in the first year the balance would fall below zero. The "
    "coverage ratio is what the fund holds now divided by everything it has promised and not yet "
    "paid. New money and new allocations are not assumed."
)
SOCIAL_VALUE_ESTIMATE = (
    "This is an estimate, not a measurement. It applies Frontier Economics' (2021) estimates of "
    "the value of £1m invested in community-led social infrastructure to the money spent, "
    "spreads the benefits evenly over the years stated, starting the year after the spending, "
    "and discounts them at the Green Book rate. Frontier calls its figures a conservative lower "
    "bound. They are averages: they say nothing about any one partnership's own results."
)
