"""The API keys page: a signed-in user names, creates, lists and revokes their keys. Plain forms, no JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from quickscale_modules.api import services
from quickscale_modules.api.forms import NewKeyForm


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def keys(request: HttpRequest) -> HttpResponse:
    """GET lists the keys; a valid POST creates one and shows it, this once (the page is not cached)."""
    teams = services.key_teams(request.user)
    form = NewKeyForm(request.POST or None, teams=teams)
    new_key = None
    if request.method == "POST" and form.is_valid():
        team = form.cleaned_data.get("team")
        _, new_key = services.create_key(request.user, form.cleaned_data["name"], form.expires_at(), team=team)
        form = NewKeyForm(teams=teams)
    keys = list(services.keys_of(request.user))
    slugs = services.team_slugs(request.user) if any(key.team_id for key in keys) else {}
    for key in keys:
        key.team_slug = slugs.get(key.team_id)
    context = {"form": form, "new_key": new_key, "keys": keys, "teams": teams is not None}
    return render(request, "quickscale_api/keys.html", context)


@login_required
@require_POST
def revoke(request: HttpRequest, prefix: str) -> HttpResponse:
    """Revoke one of the user's keys; another user's (or no such key) is a 404, as everywhere."""
    get_object_or_404(services.keys_of(request.user), prefix=prefix)
    if services.revoke_key(request.user, prefix):
        messages.success(request, f"The key {prefix}… is revoked: requests with it now get 401.")
    else:
        messages.error(request, "You have no usable key with that prefix.")
    return redirect("quickscale_api:keys")
