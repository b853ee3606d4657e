from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save, pre_delete


class QuickScaleAdminConfig(AppConfig):
    name = "quickscale_modules.admin"
    label = "quickscale_admin"
    verbose_name = "Operations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model, user_logged_in, user_login_failed

        from quickscale_modules.admin import checks, receivers
        from quickscale_modules.admin.audit import register_audited_models

        checks.register()
        register_audited_models()
        user_logged_in.connect(receivers.signed_in, dispatch_uid="quickscale_admin_sign_in")
        user_login_failed.connect(receivers.sign_in_failed, dispatch_uid="quickscale_admin_sign_in_failed")
        user = get_user_model()
        # A deleted user's entries are kept and anonymised, whatever deletes the row (the admin included).
        pre_delete.connect(receivers.anonymise_deleted_user, sender=user, dispatch_uid="quickscale_admin_user_pre")
        post_delete.connect(receivers.anonymise_deleted_user, sender=user, dispatch_uid="quickscale_admin_user_post")
        self._connect_libraries(receivers)

    @staticmethod
    def _connect_libraries(receivers) -> None:
        from constance.signals import config_updated
        from django.contrib.admin.models import LogEntry
        from hijack.signals import hijack_ended, hijack_started

        config_updated.connect(receivers.setting_changed, dispatch_uid="quickscale_admin_setting")
        hijack_started.connect(receivers.impersonation_started, dispatch_uid="quickscale_admin_hijack_started")
        hijack_ended.connect(receivers.impersonation_ended, dispatch_uid="quickscale_admin_hijack_ended")
        post_save.connect(receivers.admin_action, sender=LogEntry, dispatch_uid="quickscale_admin_admin_action")
        if apps.is_installed("allauth.mfa"):
            from allauth.mfa.signals import authenticator_added, authenticator_removed

            authenticator_added.connect(receivers.mfa_added, dispatch_uid="quickscale_admin_mfa_added")
            authenticator_removed.connect(receivers.mfa_removed, dispatch_uid="quickscale_admin_mfa_removed")
