"""The module's test project served by gunicorn on PostgreSQL, with a user and an API key, for contract tests."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from testsupport.projects import InstalledProject, gunicorn

TESTS_DIR = Path(__file__).resolve().parents[1]

EMAIL = "client@example.com"
PASSWORD = "correct-horse-battery-staple"

# Makes a user with a confirmed email (allauth logs in no one else) and prints their API key, the only time
# it is ever seen; then gives the user what the other modules' endpoints read, so that generated requests reach
# real objects: a team they own with a second member, a notification, an active subscription (a local row, as
# the billing webhooks leave it: nothing calls Stripe), a live blog post and a form submission (which the user, not
# staff, may not read). The last line is the ids of those, as JSON.
MAKE_KEY = f"""
import json
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from quickscale_modules.api import services
from quickscale_modules.billing.models import BillingCustomer
from quickscale_modules.notifications.services import create_notification
from quickscale_modules.teams.models import Membership
from quickscale_modules.teams.services import create_team
user = get_user_model().objects.create_user(email="{EMAIL}", password="{PASSWORD}")
EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
key, secret = services.create_key(user, "contract tests")
print(secret)
team = create_team("Contract team", user)
colleague = get_user_model().objects.create_user(email="colleague@example.com")
Membership.objects.create(team=team, user=colleague, role="member")
notification = create_notification(user, "Your export is ready", body="12 rows", link="/exports/1/")
BillingCustomer.objects.create(
    owner_type=ContentType.objects.get_for_model(user), owner_id=str(user.pk), stripe_customer_id="cus_contract",
    subscription_id="sub_contract", status="active", lookup_keys=["pro_monthly"],
)
own = Membership.objects.get(team=team, user=user)
from quickscale_modules.blog.models import Post
from quickscale_modules.blog.services import publish
from quickscale_modules.forms.models import Form, Submission
post = publish(Post.objects.create(title="Contract post", slug="contract-post", body="Hello"))
submission = Submission.objects.create(form=Form.objects.create(slug="contact", title="Contact"), data={{"a": "b"}})
print(json.dumps({{"prefix": key.prefix, "team": team.slug, "membership": own.pk, "notification": notification.pk,
                  "post": post.slug, "submission": submission.pk}}))
"""


@dataclass
class ServedApi:
    url: str
    key: str
    log: Path
    # The ids of the objects MAKE_KEY made: prefix, team (slug), membership (the user's own), notification, post
    # (slug), submission.
    objects: dict = field(default_factory=dict)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Api-Key {self.key}"}


def django_env(database_url: str, **extra: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "api_testproject.settings",
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(TESTS_DIR),
        **extra,
    }


@contextmanager
def serve(workdir: Path, database_url: str, workers: int = 1, **extra: str) -> Iterator[ServedApi]:
    """Migrate `database_url`, make a user with a key and objects (MAKE_KEY), and serve the API with gunicorn."""
    env = django_env(database_url, **extra)
    project = InstalledProject(name="api_testproject", path=workdir, venv=Path(sys.prefix), env=env)
    project.run(project.python, "-m", "django", "migrate", "--noinput")
    made = project.run(project.python, "-m", "django", "shell", "--no-imports", "-c", MAKE_KEY).stdout.split("\n")
    key, objects = made[0].strip(), json.loads(made[1])
    with gunicorn(project, env, workers=workers) as server:
        yield ServedApi(url=server.url, key=key, log=server.log, objects=objects)


def new_database(postgres_url: str, name: str) -> str:
    subprocess.run(["psql", postgres_url, "-q", "-c", f'CREATE DATABASE "{name}"'], check=True, capture_output=True)
    return postgres_url.rsplit("/", 1)[0] + f"/{name}"


def drop_database(postgres_url: str, name: str) -> None:
    subprocess.run(
        ["psql", postgres_url, "-q", "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
        check=True,
        capture_output=True,
    )
