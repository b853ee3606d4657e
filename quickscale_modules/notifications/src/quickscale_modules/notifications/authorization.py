"""Who may reach the notifications module's URLs, for the project's authorization test (tests/urlaccess.py
in a generated project explains the format). Every user of the world has one unread notification and an address
whose emails are paused after a bounce."""

import base64
import json

from quickscale_modules.notifications import services, tokens
from quickscale_modules.notifications.conf import notifications_settings
from quickscale_modules.notifications.models import Suppression

# The tracking webhook is walked as Postmark's, authenticated by basic auth (ANYMAIL's WEBHOOK_SECRET).
WEBHOOK_SECRET = "authorization:walk-secret"


def _own_notification(target) -> dict:
    return {"pk": target.world.notifications[target.user.pk].pk}


def _unsubscribe_link(target) -> dict:
    return {"token": tokens.make_unsubscribe_token(target.user.email, notifications_settings.DEFAULT_CATEGORY)}


def _resume_link(target) -> dict:
    """The link that lifts the suppression of the user's address (emailed to that address)."""
    suppression = target.world.suppressions[target.user.pk]
    return {"token": tokens.make_resume_token(suppression.email, suppression)}


def _postmark_delivery(target) -> tuple[bytes, dict, str]:
    """A Postmark delivery event, with the basic auth Postmark is configured to send."""
    body = json.dumps({"RecordType": "Delivery", "MessageID": "walk", "Recipient": "walk@example.com"})
    credentials = base64.b64encode(WEBHOOK_SECRET.encode()).decode()
    return body.encode(), {"Authorization": f"Basic {credentials}"}, "application/json"


ROWS = {
    "quickscale_notifications:list": {"GET": "signed in"},
    "quickscale_notifications:badge": {"GET": "public"},
    "quickscale_notifications:mark_read": {"POST": "signed in", "kwargs": _own_notification},
    "quickscale_notifications:mark_all_read": {"POST": "signed in"},
    "quickscale_notifications:preferences": {"GET,POST": "signed in"},
    "quickscale_notifications:request_resume": {"POST": "signed in"},
    # Signed in as the link's address only: another user's link is refused as invalid.
    "quickscale_notifications:resume": {"GET,POST": "signed in", "kwargs": _resume_link, "other": "400"},
    # The one-click link of an email: whoever holds it may use it, signed in or not.
    "quickscale_notifications:unsubscribe": {"GET,POST": "public", "kwargs": _unsubscribe_link, "other": None},
    # The configured provider's delivery events: only requests with its credentials (400 otherwise).
    "quickscale_notifications:tracking_webhook": {
        "POST": "webhook",
        "kwargs": lambda target: {"provider": "postmark"},
        "other": None,
        "webhook": _postmark_delivery,
        "settings": {"EMAIL_PROVIDER": "postmark", "ANYMAIL": {"WEBHOOK_SECRET": WEBHOOK_SECRET}},
    },
}


def populate(world) -> None:
    users = [user for user in world.users.values() if user is not None]
    world.notifications = {user.pk: services.create_notification(user, "Welcome") for user in users}
    world.suppressions = {
        user.pk: Suppression.objects.create(email=services.normalize_email(user.email), reason="bounced")
        for user in users
    }
