from django.utils.functional import SimpleLazyObject

from quickscale_modules.notifications import services


def notifications(request):
    """`notifications_unread_count` for the nav badge: one COUNT query, only on pages that show it."""
    user = getattr(request, "user", None)
    return {"notifications_unread_count": SimpleLazyObject(lambda: services.unread_count(user))}
