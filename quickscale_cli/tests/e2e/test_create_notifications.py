"""What `quickscale create demo --modules auth,notifications,teams` gives beyond the checks every combination passes
(test_module_combinations.py)."""

from __future__ import annotations

import pytest

from testsupport.projects import InstalledProject

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
