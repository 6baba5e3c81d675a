# The SMS outbox moved to the notiser app (notiser/0001_sms_flyttad_fran_vardportalen): the model leaves this
# app's state only; the table vardportalen_smsutgaende, its rows, indexes and constraints stay as they are.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('vardportalen', '0005_index_for_stora_korningar'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='SmsUtgaende')],
            database_operations=[],
        ),
    ]
