"""The admin lists deliveries with their statuses and tracking events."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from quickscale_modules.notifications import services
from quickscale_modules.notifications.models import DeliveryEvent

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw-12345-long"))
    return client


def test_deliveries_show_their_status_and_events(admin_client):
    delivery = services.send_email("ada@example.com", "Receipt 7", "Paid", category="billing")
    DeliveryEvent.objects.create(delivery=delivery, event_type="delivered", description="250 OK at mx")
    listing = admin_client.get("/admin/quickscale_notifications/delivery/?status=sent").content.decode()
    assert "Receipt 7" in listing and "ada@example.com" in listing
    detail = admin_client.get(f"/admin/quickscale_notifications/delivery/{delivery.pk}/change/").content.decode()
    assert "250 OK at mx" in detail
    assert admin_client.get("/admin/quickscale_notifications/delivery/add/").status_code == 403


@pytest.mark.parametrize("model", ["notification", "suppression", "optout"])
def test_the_other_models_have_admin_pages(admin_client, model):
    assert admin_client.get(f"/admin/quickscale_notifications/{model}/").status_code == 200
