"""Words shown beside the forecast and the social value on pages, in the API and in the board
pack, written once."""

# The forecast's method, a paragraph at a time (pages show paragraphs; the API joins them).
FORECAST_METHOD_PARAGRAPHS = (
    "Where it starts. The forecast starts today from the money the fund holds: uncommitted, "
    "committed and not yet released, and released but not yet paid. That is its book value, "
    "from the ledger. Where an officer has recorded a market value, the forecast adds the "
    "difference between market and book value on the day of the latest valuation, so it starts "
    "from what the investments are really worth.",
    "Real and cash terms. Grants are fixed sums of pounds. The assumed return is real (after "
    "inflation), so each year the fund earns (1 + real return) x (1 + inflation) - 1 in cash "
    "terms. Every balance is worked out in cash terms, then divided by a price index that starts "
    "at 1 today and rises with inflation, to give it in today's pounds.",
    "The year and its order. The first year is what is left of this calendar year: on 6 "
    "December, 26 days, which earn 26/365 of a year's return and bear 26/365 of a year's "
    "running costs; later years are whole. Each year the payments due are taken first and the "
    "return and costs are worked out on what is left. This is prudent: the fund earns nothing "
    "on money it pays out during the year, although tranches are in fact paid through the "
    "year, so the forecast understates the return by up to half a year's return on that "
    "year's payments.",
    "What is paid. The payments are the tranches in the payment schedules by the year they fall "
    "due (any overdue, and money released and awaiting payment, this year); for approved "
    "allocations without a full schedule, the rest of the commitment spread over the rest of "
    "the term by the days in each year; and the proposed pipeline, allocations proposed and not "
    "yet approved, spread the same way. New money and allocations not yet proposed are not "
    "assumed. The forecast runs for at least 15 years and until the last payment.",
    "Shortfall and real capital. The fund runs short in the first year whose balance after that "
    "year's payments is below zero. Free capital is what the fund holds beyond everything "
    "approved and proposed. It keeps its real capital if what is left at the end, in today's "
    "pounds, is at least its free capital today. Cover is a year's starting balance over "
    "everything still to pay.",
    "Stress paths. Each stress path changes the return, inflation or the value of the "
    "endowment year by year: a lower return every year; a fall in value at the start, then a "
    "recovery over some years to where the assumed return would have taken it; years with no "
    "real return (a lost decade); and an inflation shock, in which prices rise faster while "
    "cash returns stay where they were assumed to be. Paths can be combined: real growth "
    "multiplies, inflation adds, falls compound.",
    "The Monte Carlo. 10,000 possible futures, each drawing every year's real return at random "
    "from a normal distribution whose mean is the assumed real return and whose standard "
    "deviation is the stated volatility (never a loss of more than 95% in a year), with "
    "inflation and costs as assumed and the same payments. The random numbers come from a fixed "
    "seed, so the same figures always give the same answer. The probability of a shortfall is "
    "the share of futures that run short before the last year.",
    "What the fund can commit each year. The most, to the pound, that the fund could commit "
    "every year from next year, in today's pounds and rising with inflation, each commitment "
    "paid in equal yearly parts over the shortest allocation term, on top of everything "
    "approved and proposed, and still end the forecast with free capital worth at least what "
    "it is today in today's pounds. It is found by trying amounts in the central case. Money "
    "waiting to be paid out earns the return like the rest; no commitment is assumed for this "
    "year, whose new allocations are the proposed pipeline.",
    "The return the books show. Investment income booked in the ledger each complete year, "
    "over the average of the book balance at the start and the end of that year, in cash terms. "
    "It leaves out gains and losses in the investments' value, which the market value shows.",
)
FORECAST_METHOD = "\n\n".join(FORECAST_METHOD_PARAGRAPHS)
SOCIAL_VALUE_ESTIMATE = (
    "This is an estimate, not a measurement. It applies Frontier Economics' (2021) estimates of "
    "the value of £1m invested in community-led social infrastructure to the money spent, "
    "spreads the benefits evenly over the years stated, starting the year after the spending, "
    "and discounts them at the Green Book rate. Frontier calls its figures a conservative lower "
    "bound. They are averages: they say nothing about any one partnership's own results."
)

WELLBEING_ESTIMATE = (
    "This is an estimate from measured wellbeing, not a measurement of value. For each "
    "partnership that measures life satisfaction on the ONS question, it takes the change from "
    "the baseline to the latest reported average score, times the people involved that quarter, "
    "as WELLBYs for one year, each valued at the Green Book's WELLBY value below. It is shown "
    "beside the estimate from spend, never added to it: the same benefit may be in both."
)
