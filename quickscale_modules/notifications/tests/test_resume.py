"""A user whose address is suppressed resumes their mail from the preferences page, after proving the mailbox
works: a confirmation link sent to it (a sensitive email), followed while signed in as that address. A forged,
altered, expired, stale or someone else's link lifts nothing."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.utils import timezone

from quickscale_modules.notifications import services
from quickscale_modules.notifications.models import Delivery, Suppression
from quickscale_modules.notifications.tokens import RESUME_SALT, make_resume_token

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"https://acme\.example(/notifications/resume/[^/\s]+/)")


@pytest.fixture
def suppressed(user):
    return Suppression.objects.create(email="ada@example.com", reason="bounced")


def ask_for_a_link(client) -> str:
    page = client.post("/notifications/preferences/resume/", follow=True).content.decode()
    assert "We sent a link to ada@example.com" in page
    (message,) = [m for m in mail.outbox if m.subject == "Confirm your address to receive all your emails again"]
    (path,) = set(LINK.findall(message.body))
    return path


def test_a_suppressed_user_confirms_the_address_and_gets_all_mail_again(signed_in, suppressed):
    page = signed_in.get("/notifications/preferences/").content.decode()
    assert 'data-testid="notifications-suppressed"' in page
    assert "The mail server of this address refused our emails" in page

    path = ask_for_a_link(signed_in)
    confirm = signed_in.get(path)
    assert confirm.status_code == 200 and "Send all the emails you chose to <strong>ada@example.com</strong>" in (
        confirm.content.decode()
    )
    assert services.is_blocked("ada@example.com", "news")  # a GET (a link scanner) changes nothing
    done = signed_in.post(path, follow=True).content.decode()
    assert "Emails to ada@example.com are no longer paused." in done
    assert 'data-testid="notifications-suppressed"' not in done
    assert not services.is_blocked("ada@example.com", "news")
    # The link is single-use: the suppression it named is gone.
    assert signed_in.post(path).status_code == 400


def test_the_confirmation_email_is_sensitive_and_not_kept(signed_in, suppressed):
    ask_for_a_link(signed_in)
    delivery = Delivery.objects.get(subject__startswith="Confirm your address")
    assert (delivery.category, delivery.sensitive, delivery.status) == ("security", True, "sent")
    assert delivery.text == delivery.html == ""


def test_asking_again_within_the_quarter_hour_sends_one_email(signed_in, suppressed):
    ask_for_a_link(signed_in)
    signed_in.post("/notifications/preferences/resume/")
    assert len(mail.outbox) == 1


def test_a_pause_after_soft_bounces_says_until_when(signed_in, user):
    Suppression.objects.create(
        email="ada@example.com", reason="soft_bounced", expires_at=timezone.now() + timedelta(days=3)
    )
    page = signed_in.get("/notifications/preferences/").content.decode()
    assert "could not be delivered" in page and "we paused the others until" in page


def test_nothing_to_resume_says_so(signed_in):
    page = signed_in.post("/notifications/preferences/resume/", follow=True).content.decode()
    assert "Emails to ada@example.com are not paused." in page
    assert mail.outbox == []


def test_someone_elses_link_lifts_nothing(client, signed_in, suppressed, other_user):
    path = ask_for_a_link(signed_in)
    client.force_login(other_user)
    Suppression.objects.create(email="grace@example.com", reason="complained")
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 400
        assert "This confirmation link is not valid" in response.content.decode()
    assert Suppression.objects.count() == 2


@pytest.mark.parametrize("forgery", ["altered", "other-address", "made-up", "expired", "stale"])
def test_a_forged_or_outdated_link_lifts_nothing(signed_in, suppressed, forgery, monkeypatch):
    token = make_resume_token("ada@example.com", suppressed)
    if forgery == "altered":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif forgery == "other-address":
        # A genuine link, but for another address than the signed-in user's.
        token = make_resume_token("grace@example.com", suppressed)
    elif forgery == "made-up":
        token = signing.TimestampSigner(key="guessed", salt=RESUME_SALT).sign_object({"e": "ada@example.com", "s": 1})
    elif forgery == "expired":
        issued = time.time() - 25 * 3600
        monkeypatch.setattr(signing.time, "time", lambda: issued)
        token = make_resume_token("ada@example.com", suppressed)
        monkeypatch.undo()
    elif forgery == "stale":
        # A link for an earlier suppression of the same address, lifted since.
        suppressed.delete()
        Suppression.objects.create(email="ada@example.com", reason="complained")
    response = signed_in.post(f"/notifications/resume/{token}/")
    assert response.status_code == 400
    assert services.is_blocked("ada@example.com", "news")


def test_the_pages_need_a_login(client, suppressed):
    token = make_resume_token("ada@example.com", suppressed)
    for url in (f"/notifications/resume/{token}/", "/notifications/preferences/resume/"):
        response = client.post(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert services.is_blocked("ada@example.com", "news")
