"""/healthz/ready and the dashboard: each check as JSON, 503 when one fails (a stopped Redis, no Celery worker,
a failed webhook or email, pending migrations), with the running version."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from datetime import timedelta

import pytest
from adminflows import make_superuser
from django.test import override_settings
from django.utils import timezone

from testsupport.services import require

pytestmark = pytest.mark.django_db


def test_all_checks_pass_on_a_healthy_project(client):
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "migrations", "billing_webhooks", "email"}
    assert all(check["ok"] for check in body["checks"].values())
    assert response["Cache-Control"].startswith("max-age=0")


@override_settings(QUICKSCALE_ADMIN_VERSION="2026.12.1")
def test_the_running_version_is_reported(client):
    assert client.get("/healthz/ready").json()["version"] == "2026.12.1"


def test_the_version_comes_from_the_projects_pyproject_when_not_set(tmp_path):
    from quickscale_modules.admin.health import version

    (tmp_path / "pyproject.toml").write_text('[project]\nname = "acme"\nversion = "1.4.0"\n')
    with override_settings(BASE_DIR=tmp_path):
        assert version() == "1.4.0"
    with override_settings(BASE_DIR=tmp_path / "nowhere"):
        assert version() == "unknown"


def test_a_failed_billing_webhook_turns_the_endpoint_unhealthy(client):
    from quickscale_modules.billing.models import EventStatus, WebhookEvent

    now = timezone.now()
    WebhookEvent.objects.create(
        stripe_id="evt_ok", type="invoice.paid", created=now, payload={}, status=EventStatus.PROCESSED, processed_at=now
    )
    assert client.get("/healthz/ready").json()["checks"]["billing_webhooks"]["last_processed"] == now.isoformat()
    WebhookEvent.objects.create(
        stripe_id="evt_bad", type="invoice.paid", created=now, payload={}, status=EventStatus.FAILED
    )
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    webhooks = response.json()["checks"]["billing_webhooks"]
    assert webhooks["ok"] is False and webhooks["failed"] == 1
    assert webhooks["error"] == "1 billing webhook events failed in the last 24 hours"


def test_a_failed_email_turns_it_unhealthy_and_bounces_are_counted(client):
    from quickscale_modules.notifications.models import Delivery

    Delivery.objects.create(
        to="a@example.com", category="activity", subject="s", text="t", status=Delivery.Status.BOUNCED
    )
    email = client.get("/healthz/ready").json()["checks"]["email"]
    assert (email["ok"], email["bounced"], email["failed"]) == (True, 1, 0)
    Delivery.objects.create(
        to="b@example.com", category="activity", subject="s", text="t", status=Delivery.Status.FAILED
    )
    assert client.get("/healthz/ready").status_code == 503


def test_old_failures_no_longer_count(client):
    from quickscale_modules.notifications.models import Delivery

    old = Delivery.objects.create(to="b@example.com", category="x", subject="s", text="t", status="failed")
    Delivery.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=2))
    assert client.get("/healthz/ready").status_code == 200


def test_pending_migrations_turn_it_unhealthy(client):
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    MigrationRecorder(connection).migration_qs.filter(
        app="quickscale_admin", name="0002_append_only_audit_log"
    ).delete()
    migrations = client.get("/healthz/ready").json()["checks"]["migrations"]
    assert migrations == {"ok": False, "pending": 1, "error": "1 migrations are not applied; run manage.py migrate"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def own_redis():
    """A Redis server of this test's own, which it may stop."""
    server = shutil.which("redis-server")
    require("redis-server", server is not None, "install redis-server (scripts/services.sh)")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0", process
    process.kill()
    process.wait()


def test_a_stopped_redis_and_no_worker_turn_it_unhealthy(client, own_redis):
    url, server = own_redis
    from celery import current_app

    configured = current_app.conf.broker_url
    current_app.conf.broker_url = url
    try:
        _a_stopped_redis_and_no_worker(client, url, server)
    finally:
        current_app.conf.broker_url = configured


def _a_stopped_redis_and_no_worker(client, url, server):
    with override_settings(REDIS_URL=url, CELERY_BROKER_URL=url):
        body = client.get("/healthz/ready").json()
        assert body["checks"]["redis"] == {"ok": True}
        assert body["checks"]["queues"] == {"ok": True, "celery": 0, "notifications": 0}
        assert body["checks"]["celery"] == {"ok": False, "error": "no Celery worker answers"}
        server.kill()
        server.wait()
        response = client.get("/healthz/ready")
        assert response.status_code == 503
        checks = response.json()["checks"]
        assert checks["redis"] == {"ok": False, "error": "Redis does not answer"}
        assert checks["queues"]["ok"] is False


def test_the_dashboard_shows_the_checks_and_the_days_activity(client):
    client.force_login(make_superuser())
    page = client.get("/admin/").content.decode()
    assert '<h2 id="qs-dashboard-title">Operations</h2>' in page
    assert "All checks pass" in page
    assert '<th scope="row">Billing webhooks</th>' in page
    assert "1 sign-ins" in page and "0 failed" in page  # force_login signs in, as a login does
