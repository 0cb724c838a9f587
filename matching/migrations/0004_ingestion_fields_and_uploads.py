"""Postings keep required and nice-to-have skills, the raw entry's digest and the feed that first
brought them; feeds can be degraded (fetched, but their postings lack most fields) and of kind
Remotive; uploaded feed files wait on a FeedUpload row for the worker."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("matching", "0003_match"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FeedUpload",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("filename", models.CharField(blank=True, max_length=255)),
                ("size", models.PositiveIntegerField()),
                ("sha256", models.CharField(max_length=64)),
                ("content", models.BinaryField()),
                ("result", models.JSONField(blank=True, help_text="What the import did, once the worker has run it.", null=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("imported_at", models.DateTimeField(blank=True, null=True)),
                ("owner", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="feed_uploads",
                                            to=settings.AUTH_USER_MODEL)),
            ],
            options={"ordering": ["-created_at", "-id"]},
        ),
        migrations.AddField(
            model_name="feed",
            name="degraded_reason",
            field=models.CharField(blank=True, db_default="", default="", max_length=300),
        ),
        migrations.AlterField(
            model_name="feed",
            name="kind",
            field=models.CharField(choices=[("auto", "Detect from content"), ("rss", "RSS / Atom"), ("remoteok", "Remote OK API (JSON)"), ("greenhouse", "Greenhouse job board (JSON)"), ("remotive", "Remotive API (JSON)"), ("lever", "Lever postings (JSON)"), ("jsonfeed", "JSON Feed")], default="auto", max_length=16),
        ),
        migrations.AddField(
            model_name="job",
            name="origin_feed",
            field=models.ForeignKey(blank=True, db_index=False, help_text="The feed that first brought it; only that feed re-publishes its text (the others are linked).", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="originated_jobs", to="matching.feed"),
        ),
        migrations.AddField(
            model_name="job",
            name="preferred_skills",
            field=models.JSONField(blank=True, db_default=[], default=list, help_text="Skills named only under a nice-to-have heading (Preferred, Bonus, Plus)."),
        ),
        migrations.AddField(
            model_name="job",
            name="raw_hash",
            field=models.CharField(blank=True, db_default="", default="", help_text="Digest of the entry as the source gave it: an unchanged entry is skipped before normalising.", max_length=40),
        ),
        migrations.AddField(
            model_name="job",
            name="required_skills",
            field=models.JSONField(blank=True, db_default=[], default=list, help_text="The skills the posting requires."),
        ),
    ]
