# The record of each deleted account (docs/modules/auth.md, "Your data and deleting your account").
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("quickscale_auth", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="AccountDeletion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("deleted_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ("user_id", models.CharField(max_length=64)),
                ("email_hash", models.CharField(db_index=True, max_length=64)),
                ("actions", models.JSONField(blank=True, default=list)),
            ],
            options={
                "verbose_name": "account deletion",
                "ordering": ["-deleted_at", "-pk"],
            },
        ),
    ]
