from django.apps import AppConfig
from django.core import checks


class QuickScaleAuthConfig(AppConfig):
    name = "quickscale_modules.auth"
    label = "quickscale_auth"
    verbose_name = "QuickScale auth"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from allauth.account.decorators import secure_admin_login
        from django.contrib import admin

        from quickscale_modules.auth.checks import check_shared_cache

        checks.register(check_shared_cache, checks.Tags.security, deploy=True)
        # The admin's own login form would skip two-factor and the rate limits: staff log in through allauth.
        if not getattr(admin.site.login, "through_allauth", False):
            admin.site.login = secure_admin_login(admin.site.login)
            admin.site.login.through_allauth = True
