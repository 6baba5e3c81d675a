from django.db import migrations

from invanare.geo import load_postnummer_csv


def load(apps, schema_editor):
    load_postnummer_csv(apps.get_model("invanare", "Postnummer"))


def unload(apps, schema_editor):
    apps.get_model("invanare", "Postnummer").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("invanare", "0002_initial")]

    operations = [migrations.RunPython(load, unload)]
