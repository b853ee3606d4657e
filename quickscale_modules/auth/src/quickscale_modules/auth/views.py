import json
import re

from allauth.account.decorators import reauthentication_required
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.sites.shortcuts import get_current_site
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from quickscale_modules.auth import services
from quickscale_modules.auth.forms import DeleteAccountForm
from quickscale_modules.auth.hooks import DeletionRefused, deletion_blockers
from quickscale_modules.auth.services import enabled_social_providers, has_two_factor


@login_required
@require_safe
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in user's overview: email addresses, two-factor status and connected accounts."""
    user = request.user
    return render(
        request,
        "quickscale_auth/account.html",
        {
            "email_addresses": EmailAddress.objects.filter(user=user).order_by("-primary", "email"),
            "two_factor_enabled": has_two_factor(user),
            "social_providers": enabled_social_providers(request),
            "social_accounts": SocialAccount.objects.filter(user=user),
        },
    )


@require_safe
@login_required
@never_cache
def export_data(request: HttpRequest) -> HttpResponse:
    """A JSON file of what every installed module holds about the signed-in user."""
    now = timezone.now()
    site = get_current_site(request).name
    document = {"site": site, "exported_at": now.isoformat(), "apps": services.user_data(request.user)}
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(site)}-account-{now:%Y-%m-%d}.json"'
    return response


def _file_stem(site: str) -> str:
    """The site's name (its host without the port when the sites framework is not installed) as safe filename
    characters: "acme.example.com"."""
    return re.sub(r"[^\w.-]+", "-", re.sub(r":\d+$", "", site), flags=re.ASCII).strip(".-") or "site"


@require_http_methods(["GET", "POST"])
@login_required
@reauthentication_required(allow_get=True)
@never_cache
def delete_account(request: HttpRequest) -> HttpResponse:
    """GET: what deleting the account does, or what to do first. POST (after confirming the password again,
    allauth's reauthentication): delete it, sign out, go to the home page."""
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.delete_account(request.user)
        except services.AccountDeletionBlocked as blocked:
            return _deletion_page(request, form, blocked.reasons)
        except DeletionRefused as refusal:
            form.add_error(None, str(refusal))
            return _deletion_page(request, form, [])
        logout(request)
        messages.success(request, _("Your account has been deleted."))
        return redirect("/")
    return _deletion_page(request, form, deletion_blockers("user_deletion_blocker", request.user))


def _deletion_page(request: HttpRequest, form: DeleteAccountForm, blockers: list[str]) -> HttpResponse:
    return render(request, "quickscale_auth/delete_account.html", {"form": form, "blockers": blockers})
