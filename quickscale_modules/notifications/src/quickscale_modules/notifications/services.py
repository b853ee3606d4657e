"""The notifications module's Python API.

    from quickscale_modules.notifications import services
    services.notify(user, "welcome", {"plan": "Pro"}, category="activity")   # templated email, queued
    services.send_email("ada@example.com", "Subject", "Text", "<p>HTML</p>", category="security")
    services.create_notification(user, "Your export is ready", link="/exports/42/")   # in-app

Email is recorded as a Delivery and handed to the Celery task only when the surrounding transaction
commits, so nothing is sent for a rolled-back request. The body of a sensitive email (one that carries a
secret link) is kept only until it is sent.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from quickscale_modules.notifications.conf import notifications_settings as conf
from quickscale_modules.notifications.models import Delivery, Notification, OptOut, Suppression
from quickscale_modules.notifications.tasks import enqueue
from quickscale_modules.notifications.tokens import RESUME_LINK_MAX_AGE, make_resume_token, make_unsubscribe_token

ONE_CLICK = "List-Unsubscribe=One-Click"


def notify(
    user_or_email: Any,
    template_name: str,
    context: dict[str, Any] | None = None,
    *,
    category: str | None = None,
    idempotency_key: str | None = None,
    sensitive: bool | None = None,
) -> Delivery:
    """Render templates/notifications/<template_name>/subject.txt, body.txt and body.html, then queue the email.

    The templates get `context` plus `user` (None for a bare address), `email`, `site_url` and, for
    non-essential categories, `unsubscribe_url`. body.html is optional. `sensitive` as for send_email.
    """
    email, user = recipient(user_or_email)
    category = category or conf.DEFAULT_CATEGORY
    conf.category(category)
    values = {
        **(context or {}),
        "user": user,
        "email": email,
        "site_url": conf.SITE_URL,
        "unsubscribe_url": "" if conf.is_essential(category) else unsubscribe_url(email, category),
    }
    folder = f"notifications/{template_name}"
    subject = " ".join(render_to_string(f"{folder}/subject.txt", values).split())
    text = render_to_string(f"{folder}/body.txt", values)
    try:
        html = render_to_string(f"{folder}/body.html", values)
    except TemplateDoesNotExist:
        html = None
    return send_email(
        email, subject, text, html, category=category, idempotency_key=idempotency_key, sensitive=sensitive
    )


def send_email(
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    *,
    category: str | None = None,
    headers: dict[str, str] | None = None,
    idempotency_key: str | None = None,
    sensitive: bool | None = None,
) -> Delivery:
    """Record an already-rendered email and queue it; returns its Delivery.

    The same `idempotency_key` twice returns the first Delivery and sends nothing more (a delivery still queued
    is handed to the workers again, in case its task was lost). Non-essential categories get the unsubscribe
    link and List-Unsubscribe headers, and are not sent (status "suppressed") to an address that opted out of
    the category or is suppressed (bounced, complained). `sensitive=True` marks an email that carries a secret
    (a reset, verification, sign-in or invitation link): its body is kept only until it is sent and never shown
    in the admin; None takes the category's setting (the "security" category is sensitive).
    """
    category = category or conf.DEFAULT_CATEGORY
    essential = conf.is_essential(category)
    sensitive = conf.is_sensitive(category) if sensitive is None else sensitive
    to = normalize_email(to)
    if idempotency_key and (existing := Delivery.objects.filter(key=idempotency_key).first()):
        return again(existing)
    headers = {**(headers or {})}
    html = html or ""
    if not essential:
        link = unsubscribe_url(to, category)
        headers["List-Unsubscribe"] = f"<{link}>"
        headers["List-Unsubscribe-Post"] = ONE_CLICK
        text, html = with_unsubscribe_footer(text, html, link)
    blocked = not essential and is_blocked(to, category)
    fields = {
        "to": to,
        "category": category,
        "subject": subject,
        # A sensitive email that is never sent keeps no body at all.
        "text": "" if blocked and sensitive else text,
        "html": "" if blocked and sensitive else html,
        "sensitive": sensitive,
        "status": Delivery.Status.SUPPRESSED if blocked else Delivery.Status.QUEUED,
    }
    delivery = Delivery(**fields)
    if idempotency_key:
        delivery.key = idempotency_key
    delivery.headers = {**headers, "Message-ID": message_id(delivery.key)}
    try:
        with transaction.atomic():
            delivery.save()
    except IntegrityError:
        # The same idempotency key was recorded by a concurrent call.
        return again(Delivery.objects.get(key=delivery.key))
    if not blocked:
        transaction.on_commit(lambda: enqueue(delivery.pk))
    return delivery


def again(delivery: Delivery) -> Delivery:
    """The delivery of a repeated idempotency key, handed to the workers again while it is unsent."""
    if delivery.status == Delivery.Status.QUEUED:
        transaction.on_commit(lambda: enqueue(delivery.pk))
    return delivery


def recipient(user_or_email: Any) -> tuple[str, Any]:
    """(email address, user or None) of a user object or a bare address."""
    if isinstance(user_or_email, str):
        return normalize_email(user_or_email), None
    email = getattr(user_or_email, user_or_email.get_email_field_name())
    return normalize_email(email), user_or_email


def normalize_email(email: str) -> str:
    return email.strip().lower()


def message_id(key: str) -> str:
    """A Message-ID that stays the same for one delivery, whichever provider sends it."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<{digest}@{urlsplit(conf.SITE_URL).hostname or 'localhost'}>"


def unsubscribe_url(email: str, category: str) -> str:
    path = reverse("quickscale_notifications:unsubscribe", args=[make_unsubscribe_token(email, category)])
    return conf.SITE_URL.rstrip("/") + path


def with_unsubscribe_footer(text: str, html: str, link: str) -> tuple[str, str]:
    """Text and HTML that carry the unsubscribe link (added at the end unless a template put it in)."""
    if link not in text:
        text = f"{text.rstrip()}\n\n--\nUnsubscribe from these emails: {link}\n"
    if html and link not in html:
        footer = f'<p class="unsubscribe"><a href="{link}">Unsubscribe from these emails</a></p>'
        head, body_end, tail = html.rpartition("</body>")
        html = f"{head}{footer}\n{body_end}{tail}" if body_end else f"{html}\n{footer}"
    return text, html


def is_blocked(email: str, category: str) -> bool:
    """Whether non-essential mail of `category` must not go to `email` (opted out, or suppressed)."""
    email = normalize_email(email)
    return (
        Suppression.objects.active().filter(email=email).exists()
        or OptOut.objects.filter(email=email, category=category).exists()
    )


def suppression_of(email: str) -> Suppression | None:
    """The suppression that stops non-essential mail to `email` now, if any."""
    return Suppression.objects.active().filter(email=normalize_email(email)).first()


def send_resume_link(email: str, suppression: Suppression) -> Delivery:
    """Email `email` a link that lifts its suppression once its owner follows it (signed in as that address).
    One email per quarter of an hour at most: repeated requests within it return the same delivery."""
    token = make_resume_token(email, suppression)
    link = conf.SITE_URL.rstrip("/") + reverse("quickscale_notifications:resume", args=[token])
    quarter = int(timezone.now().timestamp() // 900)
    return notify(
        email,
        "confirm_address",
        {"link": link, "hours": RESUME_LINK_MAX_AGE // 3600},
        category="security",
        sensitive=True,
        idempotency_key=f"quickscale_notifications.resume:{suppression.pk}:{quarter}",
    )


def lift_suppression(email: str) -> bool:
    """Let non-essential mail go to `email` again; False when it was not suppressed."""
    deleted, _ = Suppression.objects.filter(email=normalize_email(email)).delete()
    return bool(deleted)


def opt_out(email: str, category: str) -> None:
    if conf.is_essential(category):
        raise ValueError(f"The {category!r} category is essential and cannot be opted out of.")
    OptOut.objects.get_or_create(email=normalize_email(email), category=category)


def opt_in(email: str, category: str) -> None:
    OptOut.objects.filter(email=normalize_email(email), category=category).delete()


def preferences(email: str) -> list[dict[str, Any]]:
    """Every category with its label, whether it is essential, and whether `email` receives it."""
    opted_out = set(OptOut.objects.filter(email=normalize_email(email)).values_list("category", flat=True))
    return [
        {
            "name": name,
            "label": spec["label"],
            "essential": bool(spec.get("essential")),
            "enabled": bool(spec.get("essential")) or name not in opted_out,
        }
        for name, spec in conf.CATEGORIES.items()
    ]


def create_notification(user: Any, title: str, body: str = "", link: str = "") -> Notification:
    return Notification.objects.create(user=user, title=title, body=body, link=link)


def notifications_of(user: Any) -> QuerySet[Notification]:
    """The user's in-app notifications, newest first (none for an anonymous user)."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user: Any, notification_id: int) -> bool:
    """Mark one of `user`'s notifications read; False when it is not theirs or was read already."""
    return bool(
        Notification.objects.filter(user=user, pk=notification_id, read_at__isnull=True).update(read_at=timezone.now())
    )


def mark_all_read(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
