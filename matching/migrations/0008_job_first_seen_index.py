"""An index for the dashboard's new postings per day, built without locking writes."""

from django.db import migrations, models

from matching.migrations._concurrently import AddIndexWithoutLocking


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("matching", "0007_feed_last_document")]

    operations = [
        AddIndexWithoutLocking(model_name="job", index=models.Index(fields=["first_seen_at"], name="job_first_seen")),
    ]
