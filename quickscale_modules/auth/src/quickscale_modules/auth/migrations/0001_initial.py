# Empty: the module had no models at first; projects that applied it get its tables from 0002 on.
from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = []
