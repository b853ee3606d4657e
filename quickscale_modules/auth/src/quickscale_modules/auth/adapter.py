"""allauth's adapters: public sign-up open or closed per project, account emails through the notifications module
when it is installed, and no page for a provider without credentials."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.apps import apps
from django.contrib.sites.shortcuts import get_current_site
from django.http import Http404

from quickscale_modules.auth.conf import auth_settings

NOTIFICATIONS = "quickscale_modules.notifications"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return bool(auth_settings.ALLOW_SIGNUP)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Account emails (verification, password reset, security notices) are essential: with the notifications
        module they are recorded and sent by its workers in the "security" category, else by Django's backend."""
        if not apps.is_installed(NOTIFICATIONS):
            return super().send_mail(template_prefix, email, context)
        from quickscale_modules.notifications.services import send_email

        context = {"request": self.request, "email": email, "current_site": get_current_site(self.request), **context}
        message = self.render_mail(template_prefix, email, context)
        html = next((body for body, kind in getattr(message, "alternatives", ()) if kind == "text/html"), None)
        send_email(email, message.subject, message.body, html=html, category="security")
        return None


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_provider(self, request, provider, client_id=None):
        # Every provider app is installed; one whose client id and secret are not set is simply not there.
        try:
            return super().get_provider(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise Http404(f"{provider} login is not set up on this site.") from None
