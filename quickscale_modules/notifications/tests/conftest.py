from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from smtpcatcher import SMTPServer


@pytest.fixture
def smtp():
    """A real SMTP server on 127.0.0.1; yields its Catcher (messages, port)."""
    with SMTPServer() as catcher:
        yield catcher


@pytest.fixture
def via_smtp(settings, smtp):
    """Deliveries go through Django's SMTP backend to the `smtp` catcher (EMAIL_PROVIDER=smtp)."""
    settings.QUICKSCALE_NOTIFICATIONS_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.QUICKSCALE_NOTIFICATIONS_RETRY_BACKOFF = 0
    return smtp


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("ada", "Ada@Example.com", "pw-12345-long", first_name="Ada")


@pytest.fixture
def other_user(db):
    return get_user_model().objects.create_user("grace", "grace@example.com", "pw-12345-long")


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (queued deliveries) of the block, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
