"""Provider by configuration: EMAIL_PROVIDER picks the backend; the same notification leaves the same way
through an anymail provider backend (anymail's test backend) and through SMTP."""

from __future__ import annotations

from pathlib import Path

import environ
import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from jinja2 import Environment, StrictUndefined

from quickscale_modules.notifications import services
from quickscale_modules.notifications.models import Delivery
from quickscale_modules.notifications.providers import anymail_settings, email_backend, email_provider

MODULE = Path(__file__).resolve().parents[1]
COMPARED_HEADERS = ("Subject", "From", "To", "List-Unsubscribe", "List-Unsubscribe-Post")


@pytest.mark.django_db(transaction=True)
def test_the_same_notification_through_anymail_and_through_smtp(settings, via_smtp, user):
    services.notify(user, "welcome", {"plan": "Pro"}, category="news")
    (over_smtp,) = via_smtp.messages

    settings.QUICKSCALE_NOTIFICATIONS_EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    delivery = services.notify(user, "welcome", {"plan": "Pro"}, category="news")
    params = mail.outbox[-1].anymail_test_params
    through_anymail = {
        "Subject": params["subject"],
        "From": str(params["from"]),
        "To": ", ".join(str(address) for address in params["to"]),
        **{name: value for name, value in params["extra_headers"].items() if name != "Message-ID"},
    }
    assert {name: str(over_smtp[name]).strip() for name in COMPARED_HEADERS} == through_anymail
    assert lines(over_smtp.get_body(("plain",)).get_content()) == lines(params["text_body"])
    assert lines(over_smtp.get_body(("html",)).get_content()) == lines(params["html_body"])
    # Each delivery keeps its own stable Message-ID, whichever way it left.
    assert params["extra_headers"]["Message-ID"] == delivery.headers["Message-ID"]
    assert over_smtp["Message-ID"] == Delivery.objects.exclude(pk=delivery.pk).get().headers["Message-ID"]


def lines(text: str) -> list[str]:
    """SMTP carries line ends as CRLF; compare the lines themselves."""
    return text.strip().splitlines()


def read(values: dict[str, str]):
    return lambda name, default="": values.get(name, default)


def test_email_provider_picks_the_backend_and_its_keys():
    postmark_env = read(
        {"EMAIL_PROVIDER": "Postmark", "ANYMAIL_POSTMARK_SERVER_TOKEN": "tok", "ANYMAIL_WEBHOOK_SECRET": "u:p"}
    )
    assert email_provider(postmark_env) == "postmark"
    assert email_backend("postmark") == "anymail.backends.postmark.EmailBackend"
    assert anymail_settings(postmark_env, "postmark") == {"WEBHOOK_SECRET": "u:p", "POSTMARK_SERVER_TOKEN": "tok"}
    # Another provider's keys in the environment are not passed on.
    assert anymail_settings(read({"ANYMAIL_POSTMARK_SERVER_TOKEN": "tok"}), "sendgrid") == {}
    ses_env = read({"EMAIL_PROVIDER": "amazon_ses", "AWS_REGION": "eu-west-1"})
    assert anymail_settings(ses_env, email_provider(ses_env)) == {
        "AMAZON_SES_CLIENT_PARAMS": {"region_name": "eu-west-1"}
    }
    assert email_backend(email_provider(read({}))) == ""
    assert email_backend("smtp") == "django.core.mail.backends.smtp.EmailBackend"


def test_the_settings_block_assigns_each_email_setting_by_name():
    import tomllib

    block = tomllib.loads((MODULE / "module.toml").read_text())["settings"]
    assert "vars()" not in block and "globals()" not in block
    values = {"EMAIL_PROVIDER": "mailgun", "ANYMAIL_MAILGUN_API_KEY": "key-1", "ANYMAIL_WEBHOOK_SECRET": "u:p"}
    namespace = {"env": environ.Env(), "__builtins__": __builtins__}
    with pytest.MonkeyPatch.context() as patch:
        for name, value in values.items():
            patch.setenv(name, value)
        exec(block, namespace)
    assert namespace["EMAIL_PROVIDER"] == "mailgun"
    assert namespace["QUICKSCALE_NOTIFICATIONS_EMAIL_BACKEND"] == "anymail.backends.mailgun.EmailBackend"
    assert namespace["ANYMAIL"] == {"WEBHOOK_SECRET": "u:p", "MAILGUN_API_KEY": "key-1"}


def test_an_unknown_provider_is_one_clear_sentence():
    with pytest.raises(
        ImproperlyConfigured, match=r"EMAIL_PROVIDER='sparkpost' is not a provider; use one of: console"
    ):
        email_provider(read({"EMAIL_PROVIDER": "sparkpost"}))


def test_every_env_variable_the_module_reads_is_documented_in_the_manifest(settings):
    import tomllib

    manifest = tomllib.loads((MODULE / "module.toml").read_text())
    documented = set(manifest["env"])
    assert {
        "EMAIL_PROVIDER",
        "SITE_URL",
        "ANYMAIL_WEBHOOK_SECRET",
        "CELERY_VISIBILITY_TIMEOUT",
        "AWS_REGION",
    } <= documented
    from quickscale_modules.notifications.providers import PROVIDER_KEYS

    assert {f"ANYMAIL_{key}" for keys in PROVIDER_KEYS.values() for key in keys} <= documented
    assert environ  # the settings block reads them with django-environ's Env, as base.py does


def test_the_project_files_render_and_the_test_project_uses_the_same_celery_app():
    import tomllib

    manifest = tomllib.loads((MODULE / "module.toml").read_text())
    jinja = Environment(undefined=StrictUndefined, keep_trailing_newline=True)
    rendered = {}
    for entry in [*manifest["files"], *manifest["blocks"]]:
        template = jinja.from_string((MODULE / entry["template"]).read_text())
        rendered[entry["template"]] = template.render(project_name="notifications_testproject", options={})
    celery_py = rendered["project/celery.py.j2"]
    compile(celery_py, "celery.py", "exec")
    compile(rendered["project/init.py.j2"], "__init__.py", "exec")
    own = (MODULE / "tests" / "notifications_testproject" / "celery.py").read_text()
    # The same file, except that the test project has one settings module instead of production.py.
    assert own == celery_py.replace(
        "notifications_testproject.settings.production", "notifications_testproject.settings"
    )
    assert (MODULE / "tests" / "notifications_testproject" / "__init__.py").read_text() == rendered[
        "project/init.py.j2"
    ]
    worker = rendered["project/docker-compose.worker.yml.j2"]
    assert worker.startswith("# ") and '"celery", "-A", "notifications_testproject", "worker"' in worker
