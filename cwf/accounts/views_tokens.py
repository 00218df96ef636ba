"""The account page where people create and revoke their personal API tokens."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from cwf.core.errors import DomainError
from cwf.core.forms import add_domain_error

from . import permissions, tokens


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="Say what it is for, such as 'Board analysis spreadsheet'.",
    )


@login_required
def api_token_index(request):
    if not permissions.may_use_api(request.user):
        return render(request, "accounts/api_tokens_unavailable.html", status=403)
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = tokens.api_token_create(
                user=request.user, name=form.cleaned_data["name"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            form = ApiTokenForm()
    context = {
        "form": form,
        "new_token": new_token,
        "tokens": tokens.api_token_list(viewer=request.user),
    }
    return render(request, "accounts/api_tokens.html", context)


@login_required
def api_token_revoke(request, token_pk: int):
    token = get_object_or_404(tokens.api_token_list(viewer=request.user), pk=token_pk)
    if request.method == "POST":
        tokens.api_token_revoke(user=request.user, token_id=token.pk)
        messages.success(request, f"The token '{token.name}' was revoked. It no longer works.")
        return redirect("api_token_index")
    return render(request, "accounts/api_token_revoke.html", {"token": token})
