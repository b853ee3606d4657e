"""Who may reach the notifications module's URLs, for the project's authorization test (tests/urlaccess.py
in a generated project explains the format). Every user of the world has one unread notification."""

from quickscale_modules.notifications import services, tokens
from quickscale_modules.notifications.conf import notifications_settings


def _own_notification(target) -> dict:
    return {"pk": target.world.notifications[target.user.pk].pk}


ROWS = {
    "quickscale_notifications:list": {"GET": "signed in"},
    "quickscale_notifications:badge": {"GET": "public"},
    "quickscale_notifications:mark_read": {"POST": "signed in", "kwargs": _own_notification},
    "quickscale_notifications:mark_all_read": {"POST": "signed in"},
    "quickscale_notifications:preferences": {"GET,POST": "signed in"},
    # The one-click link of an email: whoever holds it may use it, signed in or not.
    "quickscale_notifications:unsubscribe": {
        "GET,POST": "public",
        "kwargs": lambda target: {
            "token": tokens.make_unsubscribe_token(target.user.email, notifications_settings.DEFAULT_CATEGORY)
        },
        "other": None,
    },
}


def populate(world) -> None:
    world.notifications = {
        user.pk: services.create_notification(user, "Welcome") for user in world.users.values() if user is not None
    }
