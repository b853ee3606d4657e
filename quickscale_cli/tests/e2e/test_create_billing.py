"""What `quickscale create demo --modules auth,billing` gives beyond the checks every combination passes
(test_module_combinations.py)."""

from __future__ import annotations

import pytest

from testsupport.projects import VIA_HTTPS_PROXY, InstalledProject, fetch, gunicorn

# Same xdist group as the combination's tests (test_module_combinations.py): the project is made once.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("auth,billing")]


@pytest.fixture
def demo(created) -> InstalledProject:
    return created("auth,billing")


def test_the_billing_module_runs_from_the_embedded_copy_on_its_pinned_stack(demo):
    result = demo.run(
        demo.python,
        "-c",
        "import quickscale_modules.billing as m, djstripe, stripe, importlib.metadata as md; "
        "print(m.__file__, md.version('dj-stripe'), stripe.VERSION)",
    )
    module_file, djstripe_version, stripe_version = result.stdout.split()
    assert module_file.startswith(str(demo.path / "quickscale" / "quickscale_modules" / "billing"))
    assert (djstripe_version, stripe_version) == ("2.11.0", "15.6.2")


def test_env_example_documents_the_stripe_keys(demo):
    env_example = (demo.path / ".env.example").read_text()
    for name in ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET"):
        assert f"{name}=" in env_example


def test_live_keys_with_debug_on_are_reported(demo):
    result = demo.manage("check", env={"STRIPE_SECRET_KEY": "sk_live_" + "a" * 24, "DEBUG": "True"})
    assert "quickscale_billing.W001" in result.stderr + result.stdout


def test_migrations_apply_on_postgresql_and_pricing_serves_without_keys(demo, migrated):
    env = demo.production_env(migrated("auth,billing"))
    assert demo.manage("migrate", "--check", env=env, check=False).returncode == 0
    tables = demo.manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; print(sorted(connection.introspection.table_names()))",
        env=env,
    ).stdout
    assert "quickscale_billing_webhookevent" in tables and "djstripe_subscription" in tables
    # Production serves static files from the collected manifest, as a deployment does.
    demo.manage("collectstatic", "--noinput", env=env)
    with gunicorn(demo, env=env) as server:
        pricing = first_answer(f"{server.url}/billing/")
        unsigned = fetch(f"{server.url}/billing/webhook/", headers=VIA_HTTPS_PROXY, method="POST")
    assert pricing.status == 200 and "Billing is not configured" in pricing.text
    assert unsigned.status == 400


def first_answer(url: str, attempts: int = 5):
    """gunicorn listens before its worker has loaded Django (slow on a busy machine): retry the first request."""
    for attempt in range(attempts):
        try:
            return fetch(url, headers=VIA_HTTPS_PROXY)
        except TimeoutError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")
