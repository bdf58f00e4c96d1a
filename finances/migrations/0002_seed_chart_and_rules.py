from django.db import migrations


def seed(apps, schema_editor):
    from finances import chart, rules

    chart.seed(apps)
    rules.seed(apps)


class Migration(migrations.Migration):
    dependencies = [("finances", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
