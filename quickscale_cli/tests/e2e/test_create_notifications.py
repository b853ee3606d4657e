"""What `quickscale create demo --modules auth,notifications,teams` gives beyond the checks every combination passes
(test_module_combinations.py)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from testsupport.projects import InstalledProject, PageWatch, free_port, gunicorn
from testsupport.scaleout import Process
from testsupport.services import own_redis_database

# Same xdist group as the combination's tests (test_module_combinations.py): the project is made once.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("auth,notifications,teams")]


@pytest.fixture
def demo(created) -> InstalledProject:
    return created("auth,notifications,teams")


def test_the_celery_app_and_the_worker_service_are_wired(demo):
    assert 'app = Celery("demo")' in (demo.path / "demo" / "celery.py").read_text()
    assert "from .celery import app as celery_app" in (demo.path / "demo" / "__init__.py").read_text()
    compose = (demo.path / "docker-compose.yml").read_text()
    assert '"celery", "-A", "demo", "worker"' in compose
    result = demo.run(
        demo.python,
        "-c",
        "import demo; print(demo.celery_app.main)",
        env={"DJANGO_SETTINGS_MODULE": "demo.settings.local"},
    )
    assert result.stdout.strip() == "demo"


def test_env_example_documents_the_provider(demo):
    env_example = (demo.path / ".env.example").read_text()
    assert "EMAIL_PROVIDER=" in env_example and "ANYMAIL_WEBHOOK_SECRET=" in env_example


SIGN_UP_AND_INVITE = """
from django.test import Client
from django.test.utils import setup_test_environment
from quickscale_modules.notifications.models import Delivery
from quickscale_modules.teams import services

setup_test_environment()
Client().post(
    "/accounts/signup/",
    {"email": "ada@example.com", "password1": "a-Long-password-17", "password2": "a-Long-password-17"},
)
from django.contrib.auth import get_user_model

ada = get_user_model().objects.get(email="ada@example.com")
services.invite(services.create_team("Acme", ada), "bob@example.com", by=ada)
for delivery in Delivery.objects.order_by("pk"):
    print(delivery.to, delivery.category, delivery.status)
"""


def test_account_and_invitation_emails_go_through_notifications(demo, tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "EMAIL_URL": "consolemail://"}
    demo.manage("migrate", "--noinput", env=env)
    deliveries = demo.manage("shell", "--no-imports", "-c", SIGN_UP_AND_INVITE, env=env).stdout.splitlines()
    assert "ada@example.com security sent" in deliveries  # the sign-up's verification email
    assert "bob@example.com activity sent" in deliveries  # the team invitation


# Written by each entry point once it has loaded the project: the settings module it got.
REPORT_SETTINGS = "from django.conf import settings; print(settings.SETTINGS_MODULE, file=open({path!r}, 'w'))"


def test_every_entry_point_chooses_its_own_settings(demo, tmp_path, redis_url):
    """Started without DJANGO_SETTINGS_MODULE (only the Dockerfile sets it): gunicorn, the ASGI application and
    a Celery worker run the production settings, manage.py the local ones, whatever the package imports first."""
    report = tmp_path / "settings.txt"
    probe = REPORT_SETTINGS.format(path=str(report))
    (tmp_path / "gunicorn_probe.py").write_text(f"def post_worker_init(worker):\n    {probe}\n")
    (tmp_path / "celery_probe.py").write_text(probe)
    bind = f"127.0.0.1:{free_port()}"
    with own_redis_database(redis_url) as broker:
        env = demo.environment(demo.production_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", REDIS_URL=broker))
        del env["DJANGO_SETTINGS_MODULE"]
        env["PYTHONPATH"] = str(tmp_path)  # the probes
        started = {
            "gunicorn demo.wsgi": ["gunicorn", "demo.wsgi:application", "-c", "python:gunicorn_probe", "-b", bind],
            "celery -A demo worker": ["celery", "-A", "demo", "worker", "-P", "solo", "-I", "celery_probe"],
            "import demo.asgi": ["python", "-c", f"import demo.asgi; {probe}"],
            "manage.py": ["python", "manage.py", "shell", "--no-imports", "-c", probe],
        }
        got = {name: settings_reported_by(command, demo, env, report) for name, command in started.items()}

    production = "demo.settings.production"
    assert got == {
        "gunicorn demo.wsgi": production,
        "celery -A demo worker": production,
        "import demo.asgi": production,
        "manage.py": "demo.settings.local",
    }


def settings_reported_by(command: list[str], demo: InstalledProject, env: dict[str, str], report: Path) -> str:
    """Start `command` of the project, wait until it wrote `report` (or ended), stop it, return the report."""
    report.unlink(missing_ok=True)
    process = Process([demo.bin(command[0]), *command[1:]], report.with_suffix(".log"), env, demo.path).start()
    try:
        deadline = time.monotonic() + 120
        while not report.exists() and process.running() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(0.2)  # the probe writes one line and closes the file
        assert report.exists(), f"{' '.join(command)} reported no settings:\n{process.tail()}"
        return report.read_text().strip()
    finally:
        process.stop()


PASSWORD = "correct-horse-battery-staple"
# A signed-in member whose address bounced, and the link the confirmation email would carry.
SUPPRESSED_MEMBER = f"""
import json
from allauth.account.models import EmailAddress
from users.models import User
from quickscale_modules.notifications.models import Suppression
from quickscale_modules.notifications.tokens import make_resume_token
user = User.objects.create_user("ada@example.com", password={PASSWORD!r})
EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
suppression = Suppression.objects.create(email=user.email, reason="bounced")
print(json.dumps("/notifications/resume/" + make_resume_token(user.email, suppression) + "/"))
"""


def test_the_starter_theme_shows_a_suppressed_address_and_lifts_it(demo, tmp_path, browser):
    port = free_port()
    env = demo.production_env(
        f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port}",
        EMAIL_URL="consolemail://",
    )
    demo.manage("migrate", "--noinput", env=env)
    resume = json.loads(demo.manage("shell", "--no-imports", "-c", SUPPRESSED_MEMBER, env=env).stdout.splitlines()[-1])
    demo.manage("collectstatic", "--noinput", env=env)
    with gunicorn(demo, env=env, port=port) as server:
        watch = PageWatch(browser, viewport={"width": 390, "height": 844}, color_scheme="dark")
        try:
            watch.sign_in(server.url, "ada@example.com", PASSWORD)
            # Each page: its status, the strict CSP, no console error, 0 WCAG 2.1 AA violations.
            watch.check(f"{server.url}/notifications/preferences/")
            assert "refused our emails" in watch.page.inner_text("[data-testid=notifications-suppressed]")
            watch.check(f"{server.url}/notifications/resume/not-a-link/", status=400)
            watch.check(f"{server.url}{resume}")
            watch.page.get_by_role("button", name="Resume my emails").click()
            watch.page.wait_for_load_state("networkidle")
            assert "are no longer paused" in watch.page.inner_text("body")
            assert watch.page.locator("[data-testid=notifications-suppressed]").count() == 0
        finally:
            watch.close()
