"""The payment batch: released tranches for the finance system, as a page and a CSV file, and
marking them paid in bulk (with a confirmation step)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cwf.core.errors import DomainError
from cwf.core.filters import whole_number
from cwf.core.forms import add_domain_error
from cwf.core.money import ZERO, format_gbp
from cwf.core.spreadsheets import csv_writer

from ..forms import MarkPaidForm
from ..selectors.tranches import payment_batch, tranche_list
from ..services.payments import tranches_mark_paid
from .refusals import officer_only

CSV_HEADER = [
    "payment_reference",
    "payee_name",
    "payee_supplier_reference",
    "amount",
    "grant_amount",
    "management_contribution",
    "due_on",
    "released_on",
    "partnership",
    "funding_agreement",
]


def _chosen_ids(request) -> list[int]:
    return [n for v in request.POST.getlist("tranches") if (n := whole_number(v)) is not None]


@login_required
def payment_batch_view(request):
    officer_only(request)
    form = MarkPaidForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    batch = payment_batch(viewer=request.user)
    chosen_ids = _chosen_ids(request)
    if request.method == "POST" and form.is_valid():
        # Any tranche the officer can see may be chosen: the service, not this form, decides
        # which can be paid, and refuses a held or cancelled one.
        chosen = list(tranche_list(viewer=request.user).filter(pk__in=chosen_ids).order_by("pk"))
        if request.POST.get("confirm") == "yes":
            try:
                paid = tranches_mark_paid(
                    tranche_ids=chosen_ids,
                    actor=request.user,
                    bank_reference=form.cleaned_data["bank_reference"],
                    paid_on=form.cleaned_data["paid_on"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                total = sum((t.total for t in paid), ZERO)
                messages.success(
                    request,
                    f"{len(paid)} tranche{'' if len(paid) == 1 else 's'} marked paid, "
                    f"{format_gbp(total)} in all.",
                )
                return redirect("grants:payment_batch")
        elif not chosen:
            form.add_error(None, "Choose at least one tranche to mark paid.")
        else:
            context = {
                "form": form,
                "chosen": chosen,
                "total": sum((t.total for t in chosen), ZERO),
            }
            return render(request, "grants/payment_confirm.html", context)
    context = {
        "form": form,
        "batch": batch,
        "chosen_ids": set(chosen_ids),
        "total": sum((t.total for t in batch), ZERO),
    }
    return render(request, "grants/payment_batch.html", context)


@login_required
def payment_batch_csv(request):
    officer_only(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"cwf-payment-batch-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv_writer(response)
    writer.writerow(CSV_HEADER)
    for tranche in payment_batch(viewer=request.user):
        release = tranche.release
        writer.writerow(
            [
                release.payment_reference,
                release.lto.name,
                release.lto.supplier_reference,
                f"{tranche.total:.2f}",
                f"{tranche.amount:.2f}",
                f"{tranche.management_contribution:.2f}",
                tranche.due_on.isoformat(),
                release.released_on.isoformat(),
                tranche.allocation.partnership.name,
                tranche.allocation.funding_agreement.reference,
            ]
        )
    return response
