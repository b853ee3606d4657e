"""Who may reach the api module's URLs, for the project's authorization test (tests/urlaccess.py in a
generated project explains the format). The API answers an anonymous request with its JSON error, never a
redirect to the sign-in page; every user of the world has a personal key, and with teams the members' team
rows come from the teams module's part of the world."""

from django.apps import apps

from quickscale_modules.api import services

TEAMS = apps.is_installed("quickscale_modules.teams")

ANONYMOUS = "401"  # with the API-key challenge (WWW-Authenticate), never a redirect to the sign-in page


def api(level: str) -> dict:
    return {"level": level, "anonymous": ANONYMOUS}


def staff_api() -> dict:
    """Staff only: the API answers 401 without credentials and 403 to a signed-in user who is not staff."""
    return {"level": "staff", "anonymous": ANONYMOUS, **dict.fromkeys(("user", "member", "admin", "owner"), "403")}


def _own_key(target) -> dict:
    return {"prefix": target.world.api_keys[target.user.pk].prefix}


def _own_notification(target) -> dict:
    return {"pk": target.world.notifications[target.user.pk].pk}


def _purchase(target) -> dict:
    """A purchase of the target's team (with teams) or user: the payments module's own row for its receipt page."""
    from quickscale_modules.payments.authorization import purchase

    return {"reference": purchase(target)["public_id"]}


def _team(name: str):
    return lambda target: {name: target.team.slug}


def _blog_post(target) -> dict:
    return {"slug": target.world.blog_post.slug}


def _forms_submission(target) -> dict:
    return {"pk": target.world.forms_submission.pk}


def _member_of_team(target) -> dict:
    return {"team": target.team.slug, "pk": target.world.teams_memberships[target.team.pk]["member"].pk}


ROWS = {
    "quickscale_api:keys": {"GET,POST": "signed in"},
    "quickscale_api:revoke_key": {"POST": "signed in", "kwargs": _own_key},
    "quickscale_api:v1:schema": {"GET": "public"},
    "quickscale_api:v1:docs": {"GET": "public"},
    "quickscale_api:v1:me": {"GET": api("signed in")},
    # Keys are made and revoked with the session (the React frontend's API keys page), never with a key.
    "quickscale_api:v1:key-list": {"GET,POST": api("signed in"), "data": {"name": "Walk"}, "json": True},
    "quickscale_api:v1:key-detail": {"GET": api("signed in"), "kwargs": _own_key},
    "quickscale_api:v1:key-revoke": {"POST": api("signed in"), "kwargs": _own_key, "json": True},
    # With the teams module: the user's teams and their members.
    "quickscale_api:v1:team-list": {"GET": api("signed in")},
    "quickscale_api:v1:team-detail": {
        "GET": api("member"),
        "PATCH": api("admin"),
        "kwargs": _team("slug"),
        "data": {"name": "Renamed"},
    },
    # The world's team has one owner, who cannot leave it (a team keeps an owner).
    "quickscale_api:v1:team-leave": {"POST": {**api("member"), "owner": "409"}, "kwargs": _team("slug"), "json": True},
    "quickscale_api:v1:team-membership-list": {"GET": api("member"), "kwargs": _team("team")},
    "quickscale_api:v1:team-membership-detail": {
        "PATCH,DELETE": api("admin"),
        "kwargs": _member_of_team,
        "data": {"role": "admin"},
    },
    # With billing: the plans on sale (public, as the pricing page), the payer's subscription; with notifications:
    # the user's own, and their email preferences.
    "quickscale_api:v1:billing-plans": {"GET": "public"},
    "quickscale_api:v1:billing-subscription": {"GET": api("signed in")},
    "quickscale_api:v1:notification-preferences": {"GET,PUT": api("signed in"), "data": {"categories": []}},
    # With payments: the user's purchases and their teams' (another team's or user's is a 404).
    "quickscale_api:v1:payments-transaction-list": {"GET": api("signed in")},
    "quickscale_api:v1:payments-transaction-detail": {
        "GET": api("member" if TEAMS else "signed in"),
        "kwargs": _purchase,
    },
    "quickscale_api:v1:notification-list": {"GET": api("signed in")},
    "quickscale_api:v1:notification-unread-count": {"GET": api("signed in")},
    "quickscale_api:v1:notification-read-all": {"POST": api("signed in"), "json": True},
    "quickscale_api:v1:notification-detail": {"GET": api("signed in"), "kwargs": _own_notification},
    "quickscale_api:v1:notification-read": {"POST": api("signed in"), "kwargs": _own_notification, "json": True},
    # With the blog: its live posts for anyone, written by staff (posts are no user's or team's: no other side).
    "quickscale_api:v1:blog-post-list": {
        "GET": "public",
        "POST": staff_api(),
        "json": True,
        "data": {"title": "From the API", "slug": "from-the-api"},
    },
    "quickscale_api:v1:blog-post-detail": {
        "GET": "public",
        "PUT,PATCH,DELETE": staff_api(),
        "kwargs": _blog_post,
        "data": {"title": "Renamed", "slug": "hello"},
        "other": None,
    },
    # With the forms: the submissions, visitors' personal data, for staff.
    "quickscale_api:v1:forms-submission-list": {"GET": staff_api()},
    "quickscale_api:v1:forms-submission-detail": {"GET": staff_api(), "kwargs": _forms_submission, "other": None},
}


def populate(world) -> None:
    world.api_keys = {
        user.pk: services.create_key(user, "Authorization walk")[0] for user in world.users.values() if user is not None
    }
