"""Indexes for the skip-unchanged lookup, the content hash and the origin feed, built without locking writes."""

from django.db import migrations, models

from matching.migrations._concurrently import AddIndexWithoutLocking


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("matching", "0004_ingestion_fields_and_uploads")]

    operations = [
        AddIndexWithoutLocking(model_name="job", index=models.Index(fields=["content_hash"], name="job_content_hash")),
        AddIndexWithoutLocking(model_name="job", index=models.Index(fields=["raw_hash"], name="job_raw_hash")),
        AddIndexWithoutLocking(model_name="job", index=models.Index(fields=["origin_feed"], name="job_origin_feed")),
    ]
