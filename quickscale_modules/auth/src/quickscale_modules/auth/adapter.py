"""allauth's adapters: public sign-up open or closed per project, and no page for a provider without credentials."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.http import Http404

from quickscale_modules.auth.conf import auth_settings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return bool(auth_settings.ALLOW_SIGNUP)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_provider(self, request, provider, client_id=None):
        # Every provider app is installed; one whose client id and secret are not set is simply not there.
        try:
            return super().get_provider(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise Http404(f"{provider} login is not set up on this site.") from None
