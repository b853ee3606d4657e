from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

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
