"""dj-stripe's migrations squashed (quickscale_modules/billing/djstripe_migrations, written by
scripts/squash-djstripe-migrations): in step with the installed dj-stripe, the state and the schema of dj-stripe's own
migrations on SQLite and PostgreSQL, taken as applied by a database those migrated (and the other way round), and
followed by what a later dj-stripe release adds."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import djstripe.migrations
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings
from servedproject import project

import quickscale_modules.billing.djstripe_migrations
from testsupport.services import create_database, drop_database, require

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "squash-djstripe-migrations"
ORIGINALS = "djstripe.migrations"
SQUASH = "0001_initial_squashed_0003_2_11"
# dj-stripe's own migrations take minutes on a busy machine.
MIGRATE_TIMEOUT = 1800


def squash_script(*args: str, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": str(pythonpath)} if pythonpath else {}
    return project(env).run(sys.executable, SCRIPT, *args, check=False, timeout=300)


def test_the_squash_is_in_step_with_the_installed_djstripe():
    result = squash_script("--check")
    assert result.returncode == 0, result.stderr


def migration_state(module: str) -> dict:
    """{model name: ModelState} of dj-stripe's models after the migrations in `module`."""
    with override_settings(MIGRATION_MODULES={"djstripe": module}):
        state = MigrationLoader(None, ignore_no_migrations=True).project_state()
    return {name: model for (app, name), model in state.models.items() if app == "djstripe"}


def test_the_squash_ends_in_the_state_djstripes_migrations_end_in():
    squashed = migration_state(settings.MIGRATION_MODULES["djstripe"])
    originals = migration_state(ORIGINALS)
    assert sorted(squashed) == sorted(originals) and "subscription" in originals
    for name, model in originals.items():
        assert squashed[name] == model, name
        assert list(squashed[name].fields) == list(model.fields), name


def test_sqlmigrate_prints_the_squash_as_sql(transactional_db, capsys):
    call_command("sqlmigrate", "djstripe", SQUASH)
    printed = capsys.readouterr().out
    assert "-- Create model Subscription" in printed
    assert 'CREATE TABLE "djstripe_subscription"' in printed


def manage(database_url: str, *args: str, migrations: str = "", pythonpath: Path | None = None, check=True):
    """manage.py of the test project on `database_url`, with dj-stripe's migrations from `migrations` (default: the
    module's squash)."""
    env = {"DATABASE_URL": database_url, "BILLING_TEST_DJSTRIPE_MIGRATIONS": migrations}
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath)
    site = project(env)
    return site.run(site.python, "manage.py", *args, check=check, timeout=MIGRATE_TIMEOUT)


@pytest.fixture(scope="module")
def migrated(postgres_url, tmp_path_factory):
    """{(database, migrations): URL}: a SQLite and a PostgreSQL database migrated by dj-stripe's own migrations
    ("originals") and another pair by the squash ("squash"), all at once."""
    folder = tmp_path_factory.mktemp("djstripe-migrations")
    urls = {("sqlite", which): f"sqlite:///{folder / which}.sqlite3" for which in ("originals", "squash")}
    urls |= {("postgresql", which): create_database(postgres_url) for which in ("originals", "squash")}
    try:
        with ThreadPoolExecutor(len(urls)) as pool:
            runs = [
                pool.submit(manage, url, "migrate", "--noinput", migrations=ORIGINALS if which == "originals" else "")
                for (_, which), url in urls.items()
            ]
            for run in runs:
                run.result()
        yield urls
    finally:
        for (database, _), url in urls.items():
            if database == "postgresql":
                drop_database(postgres_url, url)


def schema(url: str) -> list[str]:
    """The whole schema of the database at `url`, as its own tools print it: pg_dump --schema-only, or the SQL
    SQLite keeps for each table, index and trigger."""
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            rows = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
            return [" | ".join(str(value) for value in row) for row in rows]
    require("pg_dump", shutil.which("pg_dump") is not None)
    dump = subprocess.run(
        ["pg_dump", "--schema-only", "--no-owner", "--no-privileges", url], capture_output=True, text=True, check=True
    ).stdout
    # Comments, session settings and the dump's random \restrict key are not schema.
    noise = ("--", "SET ", "SELECT pg_catalog.set_config", "\\restrict", "\\unrestrict")
    return [line for line in dump.splitlines() if line.strip() and not line.startswith(noise)]


@pytest.mark.slow
@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_the_squash_makes_the_schema_djstripes_migrations_make(migrated, database):
    originals = schema(migrated[database, "originals"])
    assert any("djstripe_subscription" in line for line in originals)
    assert schema(migrated[database, "squash"]) == originals


@pytest.mark.slow
@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_database_djstripes_migrations_made_takes_the_squash_as_applied(migrated, database):
    url = migrated[database, "originals"]
    assert manage(url, "migrate", "--check", check=False).returncode == 0
    assert "No migrations to apply." in manage(url, "migrate", "--noinput").stdout
    assert f"[X] {SQUASH} (3 squashed migrations)" in manage(url, "showmigrations", "djstripe").stdout


@pytest.mark.slow
@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_database_the_squash_made_needs_nothing_from_djstripes_own_migrations(migrated, database):
    url = migrated[database, "squash"]
    assert manage(url, "migrate", "--check", migrations=ORIGINALS, check=False).returncode == 0
    shown = manage(url, "showmigrations", "djstripe", migrations=ORIGINALS).stdout.split()
    assert [name for name in shown if name[0].isdigit()] == ["0001_initial", "0002_2_10", "0003_2_11"]
    assert shown.count("[X]") == 3


@pytest.mark.slow
def test_the_squash_reverses_and_applies_again_to_the_same_schema(migrated, tmp_path):
    copy = tmp_path / "db.sqlite3"
    shutil.copyfile(migrated["sqlite", "squash"].removeprefix("sqlite:///"), copy)
    url = f"sqlite:///{copy}"
    manage(url, "migrate", "djstripe", "zero", "--noinput")
    assert not [line for line in schema(url) if "djstripe_" in line]
    manage(url, "migrate", "--noinput")
    assert schema(url) == schema(migrated["sqlite", "originals"])


NEXT_MIGRATION = """from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("djstripe", "0003_2_11")]

    operations = [
        migrations.AddField("product", "tagline", models.CharField(blank=True, default="", max_length=80)),
    ]
"""


@pytest.mark.slow
def test_a_later_djstripe_release_is_squashed_after_the_shipped_squash(tmp_path):
    # A release of dj-stripe with one migration more, and a copy of the module's squashes to run the script on.
    release = tmp_path / "next_djstripe_migrations"
    shutil.copytree(Path(djstripe.migrations.__file__).parent, release, ignore=shutil.ignore_patterns("__pycache__"))
    (release / "0004_next.py").write_text(NEXT_MIGRATION)
    shipped = Path(quickscale_modules.billing.djstripe_migrations.__file__).parent
    squashes = tmp_path / "next_squashes"
    shutil.copytree(shipped, squashes, ignore=shutil.ignore_patterns("__pycache__"))
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    manage(database, "migrate", "--noinput", migrations=squashes.name, pythonpath=tmp_path)

    result = squash_script("--source", release.name, "--package", str(squashes), pythonpath=tmp_path)

    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in squashes.glob("0*.py")) == [f"{SQUASH}.py", "0004_next_squashed.py"]
    assert (squashes / f"{SQUASH}.py").read_text() == (shipped / f"{SQUASH}.py").read_text()
    added = (squashes / "0004_next_squashed.py").read_text()
    assert 'replaces = [("djstripe", "0004_next")]' in added and f'("djstripe", "{SQUASH}")' in added
    # A database the shipped squash migrated takes the new one, and is then where dj-stripe's release would be.
    applied = manage(database, "migrate", "--noinput", migrations=squashes.name, pythonpath=tmp_path).stdout
    assert "Applying djstripe.0004_next_squashed... OK" in applied
    with sqlite3.connect(tmp_path / "db.sqlite3") as connection:
        assert "tagline" in [row[1] for row in connection.execute("PRAGMA table_info(djstripe_product)")]
    check = manage(database, "migrate", "--check", migrations=release.name, pythonpath=tmp_path, check=False)
    assert check.returncode == 0
