import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("quickscale_notifications", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="delivery",
            name="claim_token",
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.AddField(
            model_name="delivery",
            name="next_attempt_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name="delivery",
            name="sensitive",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="suppression",
            name="expires_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="suppression",
            name="reason",
            field=models.CharField(
                choices=[("bounced", "Bounced"), ("complained", "Marked as spam"), ("soft_bounced", "Soft bounces")],
                max_length=30,
            ),
        ),
        migrations.AddIndex(
            model_name="delivery",
            index=models.Index(fields=["status", "next_attempt_at"], name="quickscale__status_45f4bd_idx"),
        ),
    ]
