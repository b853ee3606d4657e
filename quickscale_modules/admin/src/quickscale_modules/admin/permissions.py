"""Who may impersonate whom (django-hijack's HIJACK_PERMISSION_CHECK)."""


def may_impersonate(*, hijacker, hijacked) -> bool:
    """Superusers only, and never another superuser (nor an inactive user, nor themselves)."""
    if hijacked is None or not hijacked.is_active or hijacked.is_superuser:
        return False
    return bool(hijacker.is_superuser) and hijacker.pk != hijacked.pk
