# The SMS outbox moved here from vardportalen (vardportalen/0006_sms_flyttad_till_notiser). State only: the
# table keeps its name (db_table vardportalen_smsutgaende), its rows, indexes and constraints. The content type
# follows the model, so permissions given on "utgående SMS" stay with it.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def flytta_innehallstyp(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="notiser", model="smsutgaende").exists():
        ContentType.objects.using(db).filter(app_label="vardportalen", model="smsutgaende").update(app_label="notiser")


def flytta_tillbaka(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="vardportalen", model="smsutgaende").exists():
        ContentType.objects.using(db).filter(app_label="notiser", model="smsutgaende").update(app_label="vardportalen")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('invanare', '0006_index_for_stora_korningar'),
        ('vardportalen', '0006_sms_flyttad_till_notiser'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SmsUtgaende',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('mobilnummer', models.CharField(blank=True, max_length=16, verbose_name='mobilnummer')),
                        ('text', models.TextField(max_length=640, verbose_name='text')),
                        ('syfte', models.CharField(max_length=40, verbose_name='syfte')),
                        ('idempotensnyckel', models.CharField(max_length=200, verbose_name='idempotensnyckel')),
                        ('status', models.CharField(choices=[('vantande', 'Väntar på att skickas'), ('skickad', 'Skickat'), ('misslyckad', 'Kunde inte skickas'), ('nekad', 'Skickas inte')], default='vantande', max_length=12, verbose_name='status')),
                        ('orsak', models.TextField(blank=True, help_text='Varför det inte skickades, eller senaste felet.', verbose_name='orsak')),
                        ('skyddad_bekraftad', models.BooleanField(default=False, verbose_name='personalen har valt att skicka trots skyddad identitet')),
                        ('skapad', models.DateTimeField(default=django.utils.timezone.now, verbose_name='skapad')),
                        ('skicka_efter', models.DateTimeField(default=django.utils.timezone.now, verbose_name='skickas tidigast')),
                        ('nasta_forsok', models.DateTimeField(default=django.utils.timezone.now, verbose_name='nästa försök')),
                        ('forsok', models.PositiveSmallIntegerField(default=0, verbose_name='antal försök')),
                        ('skickad', models.DateTimeField(blank=True, null=True, verbose_name='skickat')),
                        ('gateway_id', models.CharField(blank=True, max_length=100, verbose_name='id hos SMS-tjänsten')),
                        ('skapad_av_hsa_id', models.CharField(blank=True, max_length=48)),
                        ('skapad_av_namn', models.CharField(blank=True, max_length=200)),
                        ('vardenhet_hsa_id', models.CharField(blank=True, max_length=48)),
                        ('invanare', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='sms_utgaende', to='invanare.invanare')),
                    ],
                    options={
                        'verbose_name': 'utgående SMS',
                        'verbose_name_plural': 'utgående SMS',
                        'db_table': 'vardportalen_smsutgaende',
                        'ordering': ['-skapad'],
                        'indexes': [models.Index(condition=models.Q(('status', 'vantande')), fields=['nasta_forsok'], name='sms_vantande_idx'), models.Index(condition=models.Q(('status', 'misslyckad')), fields=['-skapad'], name='sms_misslyckad_idx')],
                        'constraints': [models.UniqueConstraint(fields=('idempotensnyckel',), name='sms_idempotensnyckel_unik'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'vantande'), _negated=True), models.Q(('mobilnummer', ''), _negated=True), _connector='OR'), name='sms_vantande_har_nummer')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(flytta_innehallstyp, flytta_tillbaka),
    ]
