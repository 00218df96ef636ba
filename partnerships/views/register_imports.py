"""Importing IMD and CNI files from the browser: an officer uploads a file, a background job
imports it, and the job's page shows its progress, then the problems or the summary."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from cwf.accounts import permissions
from cwf.core.errors import DomainError
from cwf.core.forms import add_domain_error
from cwf.core.pagination import paginate
from partnerships.forms_register import ImportUploadForm
from partnerships.selectors_register import import_batch_list
from partnerships.services.register_imports import (
    import_batch_replace_confirm,
    import_batch_replace_decline,
    import_upload_queue,
)
from partnerships.services.register_summary import ImportSummary

from .register import register_only


@login_required
@require_safe
def import_index(request):
    register_only(request)
    context = {
        "can_import": permissions.can_write_fund(request.user),
        **paginate(request, import_batch_list(viewer=request.user), per_page=25),
    }
    return render(request, "partnerships/register/import_index.html", context)


@login_required
def import_new(request):
    register_only(request)
    if not permissions.can_write_fund(request.user):
        raise PermissionDenied("Only fund officers can import register files.")
    posted = request.method == "POST"
    form = ImportUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            batch = import_upload_queue(
                index=form.cleaned_data["index"],
                upload=form.cleaned_data["file"],
                actor=request.user,
                file_format=form.cleaned_data["file_format"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"{batch.file_name} is queued for import.")
            return redirect("register_import_detail", import_batch_pk=batch.pk)
    context = {"form": form, "max_bytes": settings.REGISTER_IMPORT_MAX_BYTES}
    return render(request, "partnerships/register/import_new.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_detail(request, import_batch_pk: int):
    """The job's page. An import waiting for confirmation (it would take the scores away from
    most of the register) is confirmed or declined here, by an officer, with a POST."""
    batch = get_object_or_404(import_batch_list(viewer=request.user), pk=import_batch_pk)
    if request.method == "POST":
        if not permissions.can_write_fund(request.user):
            raise PermissionDenied("Only fund officers can confirm or decline an import.")
        replace = request.POST.get("decision") == "replace"
        service = import_batch_replace_confirm if replace else import_batch_replace_decline
        try:
            service(import_batch_id=batch.pk, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                f"{batch.file_name} is queued to replace the register."
                if replace
                else "The register is kept as it was; the file was not imported.",
            )
        return redirect("register_import_detail", import_batch_pk=batch.pk)
    context = {
        "batch": batch,
        "summary": ImportSummary.of(batch),
        "can_import": permissions.can_write_fund(request.user),
    }
    return render(request, "partnerships/register/import_detail.html", context)
