"""The content hash is unique among public postings and per submitter, no longer across everyone.

The linter flags any new unique index because existing rows might collide; these cannot: both
indexes cover subsets of a column that was unique until this migration. They are built
CONCURRENTLY on PostgreSQL before the old constraint is dropped, so writes go on meanwhile.
"""

from django.db import migrations, models
from django.db.models import Q
from django_migration_linter import IgnoreMigration

from matching.migrations._concurrently import AddUniqueIndexWithoutLocking


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("matching", "0005_ingestion_indexes")]

    operations = [
        IgnoreMigration(),
        AddUniqueIndexWithoutLocking(
            model_name="job",
            constraint=models.UniqueConstraint(condition=Q(("submitted_by__isnull", True)), fields=("content_hash",),
                                               name="uniq_public_job_hash"),
        ),
        AddUniqueIndexWithoutLocking(
            model_name="job",
            constraint=models.UniqueConstraint(condition=Q(("submitted_by__isnull", False)),
                                               fields=("content_hash", "submitted_by"),
                                               name="uniq_private_job_hash_per_submitter"),
        ),
        migrations.AlterField(
            model_name="job",
            name="content_hash",
            field=models.CharField(help_text="Unique among public postings, and per submitter.", max_length=64),
        ),
    ]
