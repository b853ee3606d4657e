"""Submissions are not linked to accounts: a user's data is the submissions sent with their address."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from quickscale_modules.forms import lifecycle
from quickscale_modules.forms.models import Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(db):
    return get_user_model().objects.create_user("ada", "Ada@Example.com", "pw-12345-long")


def test_export_and_deletion_find_the_submissions_sent_with_the_users_address(client, contact, fill, ada):
    client.post("/forms/contact/", fill(email="ADA@example.com"))
    client.post("/forms/contact/", fill(email="grace@example.com"))
    exported = lifecycle.export_user_data(ada)
    assert [entry["data"]["email"] for entry in exported["submissions"]] == ["ADA@example.com"]
    assert exported["submissions"][0]["form"] == "contact"
    assert lifecycle.delete_user_data(ada) == ["deleted 1 form submission sent with this address"]
    assert lifecycle.delete_user_data(ada) == []
    assert list(Submission.objects.values_list("email", flat=True)) == ["grace@example.com"]


def test_a_user_without_submissions_or_address_has_none(ada):
    assert lifecycle.export_user_data(ada) == {}
    nobody = get_user_model().objects.create_user("bob")
    assert lifecycle.export_user_data(nobody) == {} and lifecycle.delete_user_data(nobody) == []
    assert not hasattr(lifecycle, "delete_team_data")
