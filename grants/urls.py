from django.urls import path

from .views import allocations, amendments, endowment, payments, tranches

app_name = "grants"

urlpatterns = [
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
