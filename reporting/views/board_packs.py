"""Board packs: ask for one, watch it being made (the page checks its progress when asked, or by
itself with JavaScript, never reloading on its own), and download it when it is ready. Generated
packs are kept and listed with who asked and when."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from cwf.core.form_pages import done, form_page
from cwf.core.pagination import paginate

from ..forms import BoardPackForm
from ..models import BoardPack
from ..selectors.board_packs import board_pack_list
from ..services.board_packs import board_pack_request
from .access import require_portfolio

# How often the waiting page asks for progress, with JavaScript.
POLL_SECONDS = 3


@login_required
def board_pack_index(request):
    require_portfolio(request)
    form = BoardPackForm(request.POST if request.method == "POST" else None)

    def request_pack():
        pack = board_pack_request(actor=request.user, kind=form.cleaned_data["kind"])
        made = f"Your board pack ({pack.get_kind_display()}) is being made."
        return done(request, made, "reporting:board_pack_detail", pack.pk)

    def context():
        packs = board_pack_list(viewer=request.user)
        kind = request.GET.get("kind", "")
        if kind in BoardPack.Kind.values:
            packs = packs.filter(kind=kind)
        return {"kind": kind, "kinds": BoardPack.Kind.choices, **paginate(request, packs)}

    return form_page(
        request, form, request_pack, template="reporting/board_pack_index.html", context=context
    )


@require_GET
@login_required
def board_pack_detail(request, board_pack_pk: int):
    require_portfolio(request)
    pack = get_object_or_404(board_pack_list(viewer=request.user), pk=board_pack_pk)
    context = {"pack": pack, "poll_seconds": POLL_SECONDS}
    return render(request, "reporting/board_pack_detail.html", context)


@require_GET
@login_required
def board_pack_download(request, board_pack_pk: int):
    require_portfolio(request)
    pack = get_object_or_404(board_pack_list(viewer=request.user), pk=board_pack_pk)
    if pack.status != BoardPack.Status.READY:
        return redirect("reporting:board_pack_detail", pack.pk)
    try:
        handle = pack.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file of this board pack is missing.") from None
    return FileResponse(handle, as_attachment=True, filename=pack.filename)
