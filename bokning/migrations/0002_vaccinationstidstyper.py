"""The seed's vaccination time types (covid-19, combined covid-19 + influenza, seasonal influenza, pneumococcus)."""
from django.db import migrations

TIDSTYPER = [
    ("vaccination-covid-19", "Vaccination covid-19"),
    ("vaccination-covid-19-influensa", "Vaccination covid-19 och influensa (kombination)"),
    ("vaccination-sasongsinfluensa", "Vaccination säsongsinfluensa"),
    ("vaccination-pneumokocker", "Vaccination pneumokocker"),
]


def skapa(apps, schema_editor):
    Tidstyp = apps.get_model("bokning", "Tidstyp")
    for kod, namn in TIDSTYPER:
        Tidstyp.objects.update_or_create(
            kod=kod,
            defaults=dict(
                namn=namn, langd_minuter=10, bokningsbar_i_app=True, avbokningsbar_i_app=True,
                boka_senast_timmar=0, avboka_senast_timmar=2, kraver_halsodeklaration=True, vaccination=True,
            ),
        )


def ta_bort(apps, schema_editor):
    apps.get_model("bokning", "Tidstyp").objects.filter(kod__in=[k for k, _ in TIDSTYPER]).delete()


class Migration(migrations.Migration):
    dependencies = [("bokning", "0001_initial")]
    operations = [migrations.RunPython(skapa, ta_bort)]
