"""Match.components and reasons bulk-insert through VALUES placeholders (matching/models/fields.py); no SQL."""

import matching.models.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('matching', '0008_job_first_seen_index'),
    ]

    operations = [
        migrations.AlterField(
            model_name='match',
            name='components',
            field=matching.models.fields.ValuesJSONField(blank=True, default=dict, help_text='name → {label, value, weight, contribution}'),
        ),
        migrations.AlterField(
            model_name='match',
            name='reasons',
            field=matching.models.fields.ValuesJSONField(blank=True, default=dict, help_text='Matched and missing skills, summary, components.'),
        ),
    ]
