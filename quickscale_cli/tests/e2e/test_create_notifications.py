"""What `quickscale create demo --modules auth,notifications,teams` gives beyond the checks every combination passes
(test_module_combinations.py)."""

from __future__ import annotations

import pytest

from testsupport.projects import InstalledProject

pytestmark = pytest.mark.slow


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
