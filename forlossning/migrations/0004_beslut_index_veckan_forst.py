from django.db import migrations, models


class Migration(migrations.Migration):
    """The decisions' index with the week first: the allocation run reads a week's decisions for every clinic and a
    range of weeks for the late-registration margin; with the clinic first those were scans of the whole table
    (O(decisions ever made) per daily run)."""

    dependencies = [
        ("forlossning", "0003_avslut"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="beslut", name="beslut_klinik_vecka_idx"),
        migrations.AddIndex(model_name="beslut",
                            index=models.Index(fields=["vecka", "klinik"], name="beslut_vecka_klinik_idx")),
    ]
