"""In-app notifications: the nav badge in one query, the list, mark read and mark all read."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quickscale_modules.notifications import services
from quickscale_modules.notifications.models import Notification

pytestmark = pytest.mark.django_db


def add(user, count: int) -> list[Notification]:
    return [
        services.create_notification(user, f"Note {n}", body=f"Body {n}", link=f"/things/{n}/") for n in range(count)
    ]


def test_the_badge_counts_unread_notifications_in_one_query(signed_in, user, other_user):
    add(user, 3)
    add(other_user, 2)
    with CaptureQueriesContext(connection) as queries:
        page = signed_in.get("/notifications/badge/").content.decode()
    notification_queries = [q for q in queries if "quickscale_notifications_notification" in q["sql"]]
    assert len(notification_queries) == 1
    assert '<span class="qs-notifications-count" data-testid="unread-count">3</span>' in page
    assert 'hx-get="/notifications/badge/"' in page


def test_every_page_shows_the_badge_through_the_context_processor(signed_in, user):
    add(user, 2)
    assert 'data-testid="unread-count">2<' in signed_in.get("/").content.decode()


def test_anonymous_visitors_see_no_badge(client, db):
    assert "qs-notifications-badge" not in client.get("/").content.decode()
    assert client.get("/notifications/badge/").content.decode().strip() == ""


def test_the_list_reads_the_database_a_constant_number_of_times(signed_in, user):
    add(user, 2)
    with CaptureQueriesContext(connection) as few:
        signed_in.get("/notifications/")
    add(user, 15)
    with CaptureQueriesContext(connection) as many:
        page = signed_in.get("/notifications/").content.decode()
    assert len(few) == len(many)
    assert page.count('data-testid="notification"') == 17


def test_mark_read_and_mark_all_read_are_post_forms_that_work_without_javascript(signed_in, user):
    first, *_ = add(user, 3)
    page = signed_in.get("/notifications/").content.decode()
    assert f'action="/notifications/{first.pk}/read/"' in page and 'action="/notifications/read-all/"' in page
    response = signed_in.post(f"/notifications/{first.pk}/read/", {"next": "/notifications/?page=1"})
    assert response.status_code == 302 and response["Location"] == "/notifications/?page=1"
    assert services.unread_count(user) == 2
    response = signed_in.post("/notifications/read-all/", {"next": "https://evil.example/"})
    assert response["Location"] == "/notifications/"
    assert services.unread_count(user) == 0
    assert signed_in.get(f"/notifications/{first.pk}/read/").status_code == 405


def test_an_htmx_request_gets_the_updated_badge(signed_in, user):
    first, _ = add(user, 2)
    response = signed_in.post(f"/notifications/{first.pk}/read/", HTTP_HX_REQUEST="true")
    assert 'data-testid="unread-count">1<' in response.content.decode()


def test_nobody_marks_someone_elses_notification(signed_in, other_user):
    (theirs,) = add(other_user, 1)
    assert signed_in.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_list_needs_a_login_and_pages_long_lists(client, signed_in, user, settings):
    settings.QUICKSCALE_NOTIFICATIONS_PAGE_SIZE = 5
    add(user, 7)
    assert "Page 1 of 2" in signed_in.get("/notifications/").content.decode()
    assert signed_in.get("/notifications/?page=2").content.decode().count('data-testid="notification"') == 2
    client.logout()
    assert client.get("/notifications/")["Location"].startswith("/login/")


def test_notifications_of_a_user_are_theirs_newest_first(user, other_user):
    first, second = add(user, 2)
    add(other_user, 1)
    assert list(services.notifications_of(user)) == [second, first]
    assert list(services.notifications_of(AnonymousUser())) == []
