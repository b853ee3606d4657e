"""Deliveries of the sensitive categories ("security" by default: reset, verification and sign-in links) recorded
before this migration kept their bodies for good. Mark them sensitive and empty the bodies of those sent or given
up; the queued ones keep theirs until they are sent (then they are emptied like every sensitive delivery)."""

from django.db import migrations

WAITING = ("queued", "sending")


def redact_sensitive_bodies(apps, schema_editor):
    from quickscale_modules.notifications.conf import notifications_settings

    Delivery = apps.get_model("quickscale_notifications", "Delivery")
    sensitive = Delivery.objects.filter(category__in=notifications_settings.sensitive_categories())
    sensitive.update(sensitive=True)
    sensitive.exclude(status__in=WAITING).update(text="", html="")


class Migration(migrations.Migration):
    dependencies = [("quickscale_notifications", "0002_claims_sensitive_bodies_soft_bounces")]

    operations = [migrations.RunPython(redact_sensitive_bodies, migrations.RunPython.noop)]
