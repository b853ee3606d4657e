# The module has no models yet; this initial migration gives later ones a fixed starting point.
from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = []
