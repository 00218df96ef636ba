from django.urls import path

from .views import allocations, amendments, coinvestment, endowment, payments, tranches

app_name = "grants"

urlpatterns = [
    # Co-investment (issue 18)
    path("co-funders/", coinvestment.co_funder_list_view, name="co_funder_list"),
    path("co-funders/new/", coinvestment.co_funder_new_view, name="co_funder_new"),
    path(
        "co-funders/<int:co_funder_pk>/",
        coinvestment.co_funder_detail_view,
        name="co_funder_detail",
    ),
    path(
        "co-funders/<int:co_funder_pk>/edit/",
        coinvestment.co_funder_edit_view,
        name="co_funder_edit",
    ),
    path("pledges/", coinvestment.pledge_list_view, name="pledge_list"),
    path("pledges/new/", coinvestment.pledge_new_view, name="pledge_new"),
    path("pledges/<int:pledge_pk>/", coinvestment.pledge_detail_view, name="pledge_detail"),
    path("pledges/<int:pledge_pk>/accept/", coinvestment.pledge_accept_view, name="pledge_accept"),
    path(
        "pledges/<int:pledge_pk>/receipts/new/",
        coinvestment.pledge_receipt_view,
        name="pledge_receipt",
    ),
    path("pledges/<int:pledge_pk>/amend/", coinvestment.pledge_amend_view, name="pledge_amend"),
    path(
        "pledge-amendments/<int:pledge_amendment_pk>/",
        coinvestment.pledge_amendment_decide_view,
        name="pledge_amendment_decide",
    ),
    path("pledges/<int:pledge_pk>/lapse/", coinvestment.pledge_lapse_view, name="pledge_lapse"),
    path(
        "pledges/<int:pledge_pk>/releases/new/",
        coinvestment.restricted_release_new_view,
        name="restricted_release_new",
    ),
    path(
        "restricted-releases/<int:release_pk>/cancel/",
        coinvestment.restricted_release_cancel_view,
        name="restricted_release_cancel",
    ),
    path(
        "restricted-payments/",
        coinvestment.restricted_payments_view,
        name="restricted_payments",
    ),
    path("local-income/", coinvestment.local_income_queue_view, name="local_income_queue"),
    path(
        "local-income/<int:income_pk>/verify/",
        coinvestment.local_income_verify_view,
        name="local_income_verify",
    ),
    path(
        "local-income/<int:income_pk>/evidence/",
        coinvestment.local_income_evidence_view,
        name="local_income_evidence",
    ),
    path("endowment/", endowment.endowment, name="endowment"),
    path("endowment/record/", endowment.endowment_record, name="endowment_record"),
    path(
        "endowment/valuations/new/",
        endowment.endowment_valuation_new,
        name="endowment_valuation_record",
    ),
    path(
        "endowment/<int:movement_pk>/reverse/",
        endowment.endowment_movement_reverse_view,
        name="endowment_reverse",
    ),
    path("ledger/", endowment.ledger, name="ledger"),
    path("allocations/", allocations.allocation_list_view, name="allocation_list"),
    path("allocations/propose/", allocations.allocation_propose_view, name="allocation_propose"),
    path(
        "allocations/<int:allocation_pk>/",
        allocations.allocation_detail,
        name="allocation_detail",
    ),
    path(
        "allocations/<int:allocation_pk>/approve/",
        allocations.allocation_approve_view,
        name="allocation_approve",
    ),
    path(
        "allocations/<int:allocation_pk>/withdraw/",
        allocations.allocation_withdraw_view,
        name="allocation_withdraw",
    ),
    path(
        "allocations/<int:allocation_pk>/funding-agreement/",
        allocations.funding_agreement_issue_view,
        name="funding_agreement_issue",
    ),
    path(
        "allocations/<int:allocation_pk>/schedule/",
        tranches.schedule_edit_view,
        name="schedule_edit",
    ),
    path(
        "allocations/<int:allocation_pk>/amend/",
        amendments.amendment_propose_view,
        name="amendment_propose",
    ),
    path(
        "allocations/<int:allocation_pk>/close-out/",
        allocations.allocation_close_out_start_view,
        name="allocation_close_out_start",
    ),
    path(
        "allocations/<int:allocation_pk>/close-out/statement/",
        allocations.closeout_statement_view,
        name="closeout_statement",
    ),
    path(
        "allocations/<int:allocation_pk>/lto/",
        allocations.lto_change_view,
        name="lto_change",
    ),
    path(
        "allocations/<int:allocation_pk>/money-returned/",
        allocations.money_return_view,
        name="money_return",
    ),
    path(
        "allocations/<int:allocation_pk>/close/",
        allocations.allocation_close_view,
        name="allocation_close",
    ),
    path(
        "amendments/<int:amendment_pk>/",
        amendments.amendment_decide_view,
        name="amendment_decide",
    ),
    path("tranches/", tranches.tranche_list_view, name="tranche_list"),
    path("tranches/<int:tranche_pk>/", tranches.tranche_detail_view, name="tranche_detail"),
    path("tranches/<int:tranche_pk>/hold/", tranches.tranche_hold_view, name="tranche_hold"),
    path(
        "tranches/<int:tranche_pk>/lift-hold/",
        tranches.tranche_lift_hold_view,
        name="tranche_lift_hold",
    ),
    path(
        "tranches/<int:tranche_pk>/confirm-receipt/",
        tranches.tranche_confirm_receipt_view,
        name="tranche_confirm_receipt",
    ),
    path("payments/", payments.payment_batch_view, name="payment_batch"),
    path("payments/batch.csv", payments.payment_batch_csv, name="payment_batch_csv"),
]
