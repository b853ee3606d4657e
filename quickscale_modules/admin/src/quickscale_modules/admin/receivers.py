"""Security events written to the audit log from the signals of Django, allauth, hijack and constance."""

from __future__ import annotations

from quickscale_modules.admin.audit import record_event


def signed_in(sender, request, user, **kwargs) -> None:
    # Impersonation logs the superuser in as another user: that is recorded as impersonation, not a sign-in.
    match = getattr(request, "resolver_match", None)
    if match is not None and match.namespace == "hijack":
        return
    record_event("sign_in", obj=user, actor=user)


def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    attempted = credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    record_event("sign_in_failed", object_repr=str(attempted), data={"email": str(attempted)})


def mfa_added(sender, request, user, authenticator, **kwargs) -> None:
    record_event("mfa_added", obj=user, actor=user, data={"type": authenticator.type})


def mfa_removed(sender, request, user, authenticator, **kwargs) -> None:
    record_event("mfa_removed", obj=user, actor=user, data={"type": authenticator.type})


def impersonation_started(sender, hijacker, hijacked, request=None, **kwargs) -> None:
    record_event("impersonation_started", obj=hijacked, actor=hijacker)


def impersonation_ended(sender, hijacker, hijacked, request=None, **kwargs) -> None:
    record_event("impersonation_ended", obj=hijacked, actor=hijacker)


def setting_changed(sender, key, old_value, new_value, **kwargs) -> None:
    from django.conf import settings

    if old_value is None:  # first stored: it had its default until now
        old_value = settings.CONSTANCE_CONFIG.get(key, (None,))[0]
    if old_value != new_value:
        record_event("setting_changed", object_repr=key, changes={key: [str(old_value), str(new_value)]})


def admin_action(sender, instance, created, **kwargs) -> None:
    """Each entry of Django's admin history (add, change, delete in the admin) is an admin action."""
    if not created:
        return
    record_event(
        "admin_action",
        actor=instance.user,
        object_repr=f"{instance.content_type.name if instance.content_type else ''}: {instance.object_repr}",
        data={"action": instance.get_action_flag_display(), "message": instance.get_change_message()},
    )


def anonymise_deleted_user(sender, instance, **kwargs) -> None:
    from quickscale_modules.admin.retention import anonymise_user_entries

    anonymise_user_entries(instance)
