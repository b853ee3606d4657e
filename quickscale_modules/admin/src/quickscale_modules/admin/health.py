"""The readiness checks behind /healthz/ready and the operations dashboard, on django-health-check.

Each check is a django-health-check HealthCheck: it raises ServiceUnavailable when what it watches is not
fit to serve, and may leave figures in `details` for the dashboard and the JSON. A check exists only when
its part is there: Redis with REDIS_URL, Celery with a broker, webhooks with billing, emails with
notifications.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import timeit
import tomllib
import typing
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from health_check.base import HealthCheck, HealthCheckResult
from health_check.checks import Cache, Database
from health_check.exceptions import HealthCheckException, ServiceUnavailable

from quickscale_modules.admin.conf import admin_settings

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class Detailed(HealthCheck):
    """A check that also reports figures (shown on the dashboard and in the JSON)."""

    details: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False, compare=False)
    # Checks that read the database run in the request's thread; the others in threads of their own, so that
    # a server that does not answer costs its timeout and no more.
    reads_database: typing.ClassVar[bool] = False


@dataclasses.dataclass
class RedisPing(Detailed):
    url: str = dataclasses.field(default="", repr=False)

    def run(self) -> None:
        import redis

        try:
            redis.Redis.from_url(self.url, socket_connect_timeout=2, socket_timeout=2).ping()
        except redis.RedisError as error:
            raise ServiceUnavailable("Redis does not answer") from error


@dataclasses.dataclass
class CeleryWorkers(Detailed):
    """At least one worker answers a ping."""

    timeout = timedelta(seconds=3)

    def run(self) -> None:
        from celery import current_app

        try:
            replies = current_app.control.ping(timeout=1.0)
        except Exception as error:  # kombu raises the transport's own errors (Redis down ...)
            raise ServiceUnavailable("the Celery broker does not answer") from error
        if not replies:
            raise ServiceUnavailable("no Celery worker answers")
        self.details["workers"] = len(replies)


@dataclasses.dataclass
class QueueLength(Detailed):
    """Tasks waiting in each Celery queue (Redis lists); too many is a failure."""

    url: str = dataclasses.field(default="", repr=False)

    def run(self) -> None:
        import redis

        client = redis.Redis.from_url(self.url, socket_connect_timeout=2, socket_timeout=2)
        try:
            lengths = {queue: client.llen(queue) for queue in celery_queues()}
        except redis.RedisError as error:
            raise ServiceUnavailable("the queue lengths cannot be read (Redis does not answer)") from error
        self.details.update(lengths)
        full = [queue for queue, length in lengths.items() if length > admin_settings.QUEUE_LENGTH_LIMIT]
        if full:
            raise ServiceUnavailable(f"more than {admin_settings.QUEUE_LENGTH_LIMIT} tasks wait in {', '.join(full)}")


@dataclasses.dataclass
class PendingMigrations(Detailed):
    reads_database = True

    def run(self) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        self.details["pending"] = len(plan)
        if plan:
            raise ServiceUnavailable(f"{len(plan)} migrations are not applied; run manage.py migrate")


@dataclasses.dataclass
class BillingWebhooks(Detailed):
    """Failed Stripe webhook events of the alert window, and when the last one was processed."""

    reads_database = True

    def run(self) -> None:
        from quickscale_modules.billing.models import EventStatus, WebhookEvent

        failed = WebhookEvent.objects.filter(status=EventStatus.FAILED, received_at__gte=_window_start()).count()
        last = (
            WebhookEvent.objects.filter(status=EventStatus.PROCESSED)
            .order_by("-processed_at")
            .values_list("processed_at", flat=True)
            .first()
        )
        self.details.update(failed=failed, last_processed=last.isoformat() if last else None)
        if failed:
            raise ServiceUnavailable(f"{failed} billing webhook events failed in the last {_window()}")


@dataclasses.dataclass
class EmailDeliveries(Detailed):
    """Failed and bounced emails of the alert window; failures (the provider refused) are unhealthy."""

    reads_database = True

    def run(self) -> None:
        from quickscale_modules.notifications.models import Delivery

        recent = Delivery.objects.filter(updated_at__gte=_window_start())
        failed = recent.filter(status=Delivery.Status.FAILED).count()
        bounced = recent.filter(status__in=[Delivery.Status.BOUNCED, Delivery.Status.COMPLAINED]).count()
        self.details.update(failed=failed, bounced=bounced)
        if failed:
            raise ServiceUnavailable(f"{failed} emails could not be sent in the last {_window()}")


def _window_start():
    return timezone.now() - timedelta(hours=admin_settings.ALERT_WINDOW_HOURS)


def _window() -> str:
    return f"{admin_settings.ALERT_WINDOW_HOURS} hours"


def celery_queues() -> list[str]:
    configured = getattr(settings, "CELERY_TASK_QUEUES", None) or {}
    return sorted(configured) or ["celery"]


@dataclasses.dataclass
class DatabaseQuery(Database):
    reads_database: typing.ClassVar[bool] = True


def checks() -> dict[str, HealthCheck]:
    """The checks that apply to this project, by the name /healthz/ready reports them under."""
    found: dict[str, HealthCheck] = {"database": DatabaseQuery(), "cache": Cache(), "migrations": PendingMigrations()}
    redis_url = getattr(settings, "REDIS_URL", "") or ""
    if redis_url:
        found["redis"] = RedisPing(url=redis_url)
    broker = getattr(settings, "CELERY_BROKER_URL", "") or ""
    if broker and _celery_installed():
        found["celery"] = CeleryWorkers()
        if broker.startswith(("redis://", "rediss://")):
            found["queues"] = QueueLength(url=broker)
    if apps.is_installed("quickscale_modules.billing"):
        found["billing_webhooks"] = BillingWebhooks()
    if apps.is_installed("quickscale_modules.notifications"):
        found["email"] = EmailDeliveries()
    return found


def _celery_installed() -> bool:
    try:
        import celery  # noqa: F401
    except ImportError:
        return False
    return True


def run_checks() -> dict[str, HealthCheckResult]:
    """Every check's result: those that read the database in this thread (Django's connections are per thread
    and refuse an event loop), the others side by side in threads of their own, each within its timeout."""
    found = checks()
    outside = {name: check for name, check in found.items() if not getattr(check, "reads_database", False)}
    threads = ThreadPoolExecutor(max_workers=4, thread_name_prefix="healthz")

    async def gather() -> list[HealthCheckResult]:
        return list(await asyncio.gather(*(check.get_result(threads) for check in outside.values())))

    try:
        results = dict(zip(outside, asyncio.run(gather()), strict=True))
    finally:
        threads.shutdown(wait=False, cancel_futures=True)
    results.update({name: _run_here(check) for name, check in found.items() if name not in outside})
    return {name: results[name] for name in found}


def _run_here(check: HealthCheck) -> HealthCheckResult:
    """django-health-check's HealthCheck.get_result, in this thread: its errors reported, others logged."""
    start = timeit.default_timer()
    error = None
    try:
        check.run()
    except HealthCheckException as raised:
        error = raised
    except Exception:
        logger.exception("Unexpected exception during health check %r", check)
        error = HealthCheckException("unknown error")
    return HealthCheckResult(check=check, error=error, time_taken=timeit.default_timer() - start)


def version() -> str:
    """QUICKSCALE_ADMIN_VERSION (APP_VERSION), else the version in the project's pyproject.toml."""
    if admin_settings.VERSION:
        return str(admin_settings.VERSION)
    pyproject = Path(getattr(settings, "BASE_DIR", ".")) / "pyproject.toml"
    try:
        return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def report() -> tuple[bool, dict[str, Any]]:
    """(healthy, the JSON /healthz/ready answers)."""
    results = run_checks()
    healthy = all(result.error is None for result in results.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        "version": version(),
        "checks": {name: _describe(result) for name, result in results.items()},
    }
    return healthy, body


def _describe(result: HealthCheckResult) -> dict[str, Any]:
    described: dict[str, Any] = {"ok": result.error is None}
    if result.error is not None:
        described["error"] = result.error.message
    details = getattr(result.check, "details", None)
    if details:
        described.update(details)
    return described
