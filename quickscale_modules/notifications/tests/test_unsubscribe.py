"""One-click unsubscribe (RFC 8058) without login, single-purpose links, and the preferences page."""

from __future__ import annotations

import pytest
from django.core import mail, signing

from quickscale_modules.notifications import services
from quickscale_modules.notifications.models import OptOut
from quickscale_modules.notifications.tokens import make_unsubscribe_token

pytestmark = pytest.mark.django_db(transaction=True)


def link_of(message) -> str:
    return message.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("https://acme.example")


@pytest.fixture
def news_email(db):
    services.send_email("ada@example.com", "News", "Our news", category="news")
    return mail.outbox[-1]


def test_the_link_asks_first_then_unsubscribes_without_login(client, news_email):
    page = client.get(link_of(news_email))
    assert page.status_code == 200
    assert "Stop sending <strong>News and product updates</strong> emails to <strong>ada@example.com</strong>" in (
        page.content.decode()
    )
    assert not OptOut.objects.exists()
    done = client.post(link_of(news_email))
    assert done.status_code == 200 and "You are unsubscribed" in done.content.decode()
    assert services.is_blocked("ada@example.com", "news")
    assert not services.is_blocked("ada@example.com", "activity")


def test_the_one_click_post_of_a_mail_client_works(client, news_email):
    response = client.post(
        link_of(news_email), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert services.send_email("ada@example.com", "More news", "Again", category="news").status == "suppressed"


@pytest.mark.parametrize("tamper", ["drop-last", "flip-first", "other-user", "essential"])
def test_an_altered_or_forged_link_unsubscribes_nobody(client, news_email, tamper):
    link = link_of(news_email)
    token = link.rstrip("/").rsplit("/", 1)[1]
    forged = {
        "drop-last": token[:-1],
        "flip-first": ("A" if token[0] != "A" else "B") + token[1:],
        # Another address in the payload, Ada's signature kept.
        "other-user": signing.b64_encode(b'{"e":"grace@example.com","c":"news"}').decode() + ":" + token.split(":")[-1],
        "essential": make_unsubscribe_token("ada@example.com", "security"),
    }[tamper]
    response = client.post(f"/notifications/unsubscribe/{forged}/")
    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.content.decode()
    assert not OptOut.objects.exists()


def test_a_signed_link_names_only_its_own_address(client, db):
    services.send_email("ada@example.com", "News", "1", category="news")
    services.send_email("grace@example.com", "News", "2", category="news")
    ada, grace = mail.outbox
    assert link_of(ada) != link_of(grace)
    client.post(link_of(ada))
    assert services.is_blocked("ada@example.com", "news") and not services.is_blocked("grace@example.com", "news")


def test_preferences_show_every_category_and_save_opt_outs(signed_in, user):
    page = signed_in.get("/notifications/preferences/").content.decode()
    assert "Security and account (always sent)" in page and "News and product updates" in page
    assert 'value="security" checked disabled' in page
    response = signed_in.post("/notifications/preferences/", {"categories": ["activity"]}, follow=True)
    assert "Your email preferences are saved." in response.content.decode()
    assert set(OptOut.objects.values_list("category", flat=True)) == {"news"}
    signed_in.post("/notifications/preferences/", {"categories": ["activity", "news"]})
    assert not OptOut.objects.exists()


def test_preferences_need_a_login(client):
    response = client.get("/notifications/preferences/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
