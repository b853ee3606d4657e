"""The API keys page: a signed-in user names, creates, lists and revokes their keys. Plain forms, no JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from quickscale_modules.api import services
from quickscale_modules.api.forms import NewKeyForm


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def keys(request: HttpRequest) -> HttpResponse:
    """GET lists the keys; a valid POST creates one and shows it, this once (the page is not cached)."""
    form = NewKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _, new_key = services.create_key(request.user, form.cleaned_data["name"], form.expires_at())
        form = NewKeyForm()
    context = {"form": form, "new_key": new_key, "keys": list(services.keys_of(request.user))}
    return render(request, "quickscale_api/keys.html", context)


@login_required
@require_POST
def revoke(request: HttpRequest, prefix: str) -> HttpResponse:
    if services.revoke_key(request.user, prefix):
        messages.success(request, f"The key {prefix}… is revoked: requests with it now get 401.")
    else:
        messages.error(request, "You have no usable key with that prefix.")
    return redirect("quickscale_api:keys")
