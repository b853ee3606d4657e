"""/api/v1/forms/submissions: the forms module's submissions, for staff only."""

from __future__ import annotations

import pytest
from apiflows import error_of, make_user, with_key

from quickscale_modules.api import services as api_services
from quickscale_modules.forms.models import Form, Submission

pytestmark = pytest.mark.django_db
SUBMISSIONS = "/api/v1/forms/submissions"


@pytest.fixture
def sent(db):
    contact = Form.objects.create(slug="contact", title="Contact")
    quote = Form.objects.create(slug="quote", title="Quote")
    return [
        Submission.objects.create(form=contact, data={"email": "a@b.example", "message": "Hi"}, email="a@b.example"),
        Submission.objects.create(form=quote, data={"budget": "large"}),
    ]


@pytest.fixture
def staff_key(db) -> str:
    return api_services.create_key(make_user("root@example.com", is_staff=True, is_superuser=True), "crm")[1]


def test_staff_read_submissions_newest_first_and_by_form(client, sent, staff_key):
    body = client.get(SUBMISSIONS, **with_key(staff_key)).json()
    assert [s["form"] for s in body["results"]] == ["quote", "contact"]
    only = client.get(f"{SUBMISSIONS}?form=contact", **with_key(staff_key)).json()
    assert only["count"] == 1 and only["results"][0]["data"] == {"email": "a@b.example", "message": "Hi"}
    one = client.get(f"{SUBMISSIONS}/{sent[1].pk}", **with_key(staff_key)).json()
    assert one == {"id": sent[1].pk, "form": "quote", "email": "", "data": {"budget": "large"},
                   "created_at": one["created_at"]}  # fmt: skip
    assert client.get(f"{SUBMISSIONS}/{2**63}", **with_key(staff_key)).status_code == 404


def test_nobody_else_reads_them(client, sent, api_key):
    assert client.get(SUBMISSIONS).status_code == 401
    refused = client.get(SUBMISSIONS, **with_key(api_key))
    assert refused.status_code == 403 and error_of(refused)["message"] == "Only staff may read form submissions."
    assert client.get(f"{SUBMISSIONS}/{sent[0].pk}", **with_key(api_key)).status_code == 403


def test_submissions_are_read_only(client, sent, staff_key):
    assert client.delete(f"{SUBMISSIONS}/{sent[0].pk}", **with_key(staff_key)).status_code == 405
    assert client.post(SUBMISSIONS, {}, **with_key(staff_key)).status_code == 405
