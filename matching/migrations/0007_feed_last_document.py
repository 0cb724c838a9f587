"""The digest of a feed's last fully ingested document: the same bytes again skip parsing."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("matching", "0006_job_hash_unique_per_submitter")]

    operations = [
        migrations.AddField(
            model_name="feed",
            name="last_document",
            field=models.JSONField(blank=True, db_default={}, default=dict),
        ),
    ]
