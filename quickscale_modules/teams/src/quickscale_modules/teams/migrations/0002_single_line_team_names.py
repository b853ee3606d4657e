"""Team names are one line (they go into email subjects): put the names saved before that rule on one line, and
check the name in the model's forms (the Django admin) as the services do."""

import re

from django.db import migrations, models

import quickscale_modules.teams.models

# As services.NOT_ONE_LINE when this migration was written: control characters and line or paragraph separators.
NOT_ONE_LINE = re.compile(r"[\u0000-\u001f\u007f-\u009f\u2028\u2029]")


def one_line(name: str, max_length: int = 100) -> str:
    parts = (part.strip() for part in NOT_ONE_LINE.split(name))
    return " ".join(part for part in parts if part)[:max_length].strip() or "Team"


def put_names_on_one_line(apps, schema_editor):
    Team = apps.get_model("quickscale_teams", "Team")
    # Read in Python rather than with a database regex, which each database spells differently.
    for team in Team.objects.only("pk", "name").iterator():
        if NOT_ONE_LINE.search(team.name):
            team.name = one_line(team.name)
            team.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [("quickscale_teams", "0001_initial")]

    operations = [
        migrations.RunPython(put_names_on_one_line, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="team",
            name="name",
            field=models.CharField(
                max_length=100, validators=[quickscale_modules.teams.models.validate_team_name], verbose_name="name"
            ),
        ),
    ]
