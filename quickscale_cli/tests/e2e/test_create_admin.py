"""What `quickscale create demo --modules auth,admin` gives beyond the checks every combination passes
(test_module_combinations.py), and the admin module among every other one, end to end: maintenance mode, the
readiness endpoint with a stopped Celery worker and a stopped Redis, and impersonation's limits, each against
gunicorn with production settings, a real PostgreSQL, Redis and Celery worker; the admin pages in Chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
import yaml

from quickscale_core.project.generate import generate
from testsupport.git import git
from testsupport.projects import (
    InstalledProject,
    PageWatch,
    free_port,
    gunicorn,
)
from testsupport.scaleout import Browser, Process, celery_worker, csrf_token, gunicorn_instance, wait_for_port
from testsupport.services import create_database, drop_database, require

from .conftest import ALL_MODULES

pytestmark = pytest.mark.slow
ALONE = "auth,admin"
PASSWORD = "correct-horse-battery-staple"
PEOPLE = f"""
from allauth.account.models import EmailAddress
from users.models import User
for email, staff in (("root@example.com", True), ("member@example.com", False)):
    user = User.objects.create_user(email, password={PASSWORD!r}, is_staff=staff, is_superuser=staff)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
print(User.objects.get(email="member@example.com").pk)
"""


# --- auth,admin --------------------------------------------------------------------------------------------


@pytest.fixture
def admin_demo(created) -> InstalledProject:
    return created(ALONE)


@pytest.mark.xdist_group(ALONE)
def test_the_module_is_wired_before_djangos_admin_from_the_embedded_copy(admin_demo):
    script = (
        "import quickscale_modules.admin as m; from django.conf import settings; print(m.__file__); "
        "apps = settings.INSTALLED_APPS; "
        "print(apps.index('quickscale_modules.admin') < apps.index('django.contrib.admin'))"
    )
    file, before = admin_demo.manage("shell", "--no-imports", "-c", script).stdout.split()
    assert file.startswith(str(admin_demo.path / "quickscale" / "quickscale_modules" / "admin"))
    assert before == "True"
    assert 'path("", include("quickscale_modules.admin.urls"))' in (admin_demo.path / "demo" / "urls.py").read_text()
    assert "audit-retention:" in (admin_demo.path / "docker-compose.yml").read_text()


@pytest.mark.xdist_group(ALONE)
def test_removing_it_through_quickscale_yml_gives_back_the_project_it_was_added_to(admin_demo, tmp_path):
    clone = tmp_path / "demo"
    subprocess.run(["git", "clone", "--quiet", str(admin_demo.path), str(clone)], check=True)
    added = next(
        line.split()[0]
        for line in git(clone, "log", "--format=%H %s").splitlines()
        if " Add the admin module: " in line
    )
    config = yaml.safe_load((clone / "quickscale.yml").read_text())
    del config["modules"]["admin"]
    (clone / "quickscale.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    git(clone, "commit", "--quiet", "-am", "Remove the admin module from quickscale.yml")
    assert generate(clone, keep_data=True).commits == ("Remove the admin module",)
    changed = git(clone, "diff", "--name-only", f"{added}~1", "HEAD", "--", ".", ":(exclude)quickscale.yml")
    assert changed == ""
    result = admin_demo.run(admin_demo.python, "manage.py", "check", "--fail-level", "WARNING", cwd=clone)
    assert "System check identified no issues" in result.stdout


ADMIN_PAGES = (
    "/admin/",
    "/admin/quickscale_admin/auditentry/",
    "/admin/quickscale_admin/flag/1/change/",
    "/admin/constance/config/",
    "/admin/users/user/",
)


@pytest.mark.xdist_group(ALONE)
def test_admin_pages_in_chromium_have_no_violation(admin_demo, browser, tmp_path, artifacts_dir):
    port = free_port()
    env = admin_demo.production_env(
        f"sqlite:///{tmp_path / 'db.sqlite3'}", CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port}"
    )
    admin_demo.manage("collectstatic", "--noinput", env=env)
    admin_demo.manage("migrate", "--noinput", env=env)
    admin_demo.manage("shell", "--no-imports", "-c", PEOPLE + FLAG, env=env)
    with gunicorn(admin_demo, env, port=port) as server:
        for width, scheme in ((390, "dark"), (1280, "light")):
            watch = PageWatch(browser, viewport={"width": width, "height": 900}, color_scheme=scheme)
            try:
                watch.goto(f"{server.url}/accounts/login/")
                watch.page.fill("input[name=login]", "root@example.com")
                watch.page.fill("input[name=password]", PASSWORD)
                watch.page.locator("form button[type=submit]").first.click()
                watch.page.wait_for_load_state("networkidle")
                for path in ADMIN_PAGES:
                    watch.check(f"{server.url}{path}")
                watch.goto(f"{server.url}/admin/")
                watch.page.screenshot(path=artifacts_dir / f"admin-dashboard-{width}.png", full_page=True)
            finally:
                watch.close()


FLAG = """
from quickscale_modules.admin.models import Flag
Flag.objects.create(name="beta", note="The new editor")
"""


# --- every module: gunicorn, PostgreSQL, Redis, Celery --------------------------------------------------------


@dataclass
class Site:
    project: InstalledProject
    env: dict[str, str]
    port: int
    redis: Process
    folder: Path
    member_pk: int

    def shell(self, code: str) -> str:
        return self.project.manage("shell", "--no-imports", "-c", code, env=self.env).stdout

    def client(self) -> Browser:
        return Browser(self.port, headers={"X-Forwarded-Proto": "https"})

    def signed_in(self, email: str) -> Browser:
        client = self.client()
        answer = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
        assert answer.status == 302, answer.text[:2000]
        return client

    def ready(self) -> tuple[int, dict]:
        answer = self.client().get("/healthz/ready")
        return answer.status, json.loads(answer.body)


def start_redis(folder: Path) -> tuple[Process, str]:
    server = shutil.which("redis-server")
    require("redis-server", server is not None, "run scripts/services.sh (it installs Debian's redis-server)")
    port = free_port()
    process = Process(
        [server, "--port", str(port), "--save", "", "--appendonly", "no"], folder / "redis.log", {}, folder
    )
    process.start()
    wait_for_port(port, process)
    return process, f"redis://127.0.0.1:{port}/0"


@pytest.fixture
def site(created, migrated, postgres_url, tmp_path):
    """The all-modules project under gunicorn (production settings) on a copy of its migrated PostgreSQL database,
    with a Redis server of its own (which a test may stop), a superuser and a member."""
    project = created(ALL_MODULES)
    with ExitStack() as cleanup:
        database = create_database(postgres_url, template=migrated(ALL_MODULES))
        cleanup.callback(drop_database, postgres_url, database)
        redis, redis_url = start_redis(tmp_path)
        cleanup.callback(redis.stop)
        port = free_port()
        env = project.production_env(
            database, REDIS_URL=redis_url, SECURE_SSL_REDIRECT="false", EMAIL_URL="consolemail://", PYTHONUNBUFFERED="1"
        )
        project.manage("collectstatic", "--noinput", env=env)
        member_pk = int(project.manage("shell", "--no-imports", "-c", PEOPLE, env=env).stdout.split()[-1])
        instance = gunicorn_instance(project, env, port, tmp_path / "web.log")
        instance.start()
        cleanup.callback(instance.stop)
        wait_for_port(port, instance)
        yield Site(project, env, port, redis, tmp_path, member_pk)


@pytest.mark.xdist_group(ALL_MODULES)
def test_maintenance_mode_closes_the_site_to_all_but_staff_and_health_checks(site):
    site.shell("from constance import config; config.MAINTENANCE_MODE = True")
    visitor, member, staff = site.client(), site.signed_in("member@example.com"), site.signed_in("root@example.com")
    for client in (visitor, member):
        answer = client.get("/")
        assert answer.status == 503 and answer.headers["Retry-After"] == "600"
        assert "is down for maintenance" in answer.text
    assert staff.get("/").status == 200
    assert staff.get("/admin/").status == 200
    assert visitor.get("/healthz").status == 200
    assert visitor.get("/healthz/ready").status in (200, 503)  # answers (its checks are the next test's)
    site.shell("from constance import config; config.MAINTENANCE_MODE = False")
    assert visitor.get("/").status == 200


@pytest.mark.xdist_group(ALL_MODULES)
def test_readiness_fails_with_a_stopped_worker_and_with_a_stopped_redis(site):
    worker = celery_worker(site.project, site.env, "w1", site.folder / "w1.log").start()
    try:
        deadline = time.monotonic() + 90
        while (status := site.ready())[0] != 200 and time.monotonic() < deadline:
            time.sleep(1)
        assert status[0] == 200, status[1]
        assert status[1]["checks"]["celery"] == {"ok": True, "workers": 1}
        assert status[1]["checks"]["redis"] == {"ok": True}
    finally:
        worker.stop()
    status, body = site.ready()
    assert status == 503
    assert body["checks"]["celery"] == {"ok": False, "error": "no Celery worker answers"}
    assert body["checks"]["redis"]["ok"] is True

    site.redis.kill()
    status, body = site.ready()
    assert status == 503
    assert body["status"] == "unavailable"
    assert body["checks"]["redis"] == {"ok": False, "error": "Redis does not answer"}
    assert body["checks"]["database"] == {"ok": True}


def post_from(client: Browser, page: str, path: str, form: dict[str, str]):
    """POST `form` to `path` with the CSRF token of a form on `page`, as a button on that page does."""
    token = csrf_token(client.get(page).text)
    return client.request("POST", path, urlencode({**form, "csrfmiddlewaretoken": token}).encode())


@pytest.mark.xdist_group(ALL_MODULES)
def test_impersonation_is_for_superusers_audited_and_cannot_touch_credentials(site):
    member = site.signed_in("member@example.com")
    assert post_from(member, "/accounts/email/", "/hijack/acquire/", {"user_pk": str(site.member_pk)}).status == 403
    root = site.signed_in("root@example.com")
    answer = post_from(root, "/admin/users/user/", "/hijack/acquire/", {"user_pk": str(site.member_pk), "next": "/"})
    assert answer.status == 302, answer.text[:2000]
    assert "You are working on behalf of <strong>member@example.com</strong>" in root.get("/accounts/").text
    for path in ("/accounts/password/change/", "/accounts/2fa/", "/api/keys/", "/accounts/delete/"):
        refused = root.get(path)
        assert refused.status == 403, path
        assert "cannot be changed while you work on" in refused.text, path
    refused = post_from(root, "/", "/api/keys/", {"name": "sneaky"})  # the banner's form holds a token
    assert refused.status == 403 and "cannot be changed while" in refused.text
    assert post_from(root, "/", "/hijack/release/", {"next": "/"}).status == 302
    assert root.get("/accounts/password/change/").status == 200
    events = site.shell(
        "from quickscale_modules.admin.models import AuditEntry; "
        "print([(e.event, e.actor_email, e.object_repr) for e in AuditEntry.objects.filter("
        "event__startswith='impersonation').order_by('pk')])"
    )
    assert events.strip() == str(
        [
            ("impersonation_started", "root@example.com", "member@example.com"),
            ("impersonation_ended", "root@example.com", "member@example.com"),
        ]
    )
    events = site.shell(
        "from quickscale_modules.admin.models import AuditEntry as A; print(list(A.objects.values_list('event')))"
    )
    assert "api_key_created" not in events
