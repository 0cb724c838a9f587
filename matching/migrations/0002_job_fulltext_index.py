"""GIN index over the posting's search document, on PostgreSQL only (SQLite searches with LIKE)."""

from django.db import migrations

# Must stay identical to matching.search.document_sql(), or queries stop using the index.
CREATE_SQL = (
    "CREATE INDEX IF NOT EXISTS job_fulltext_gin ON matching_job USING gin (to_tsvector('english'::regconfig, "
    "coalesce(title, '') || ' ' || coalesce(company, '') || ' ' || coalesce(description_text, '')))"
)
DROP_SQL = "DROP INDEX IF EXISTS job_fulltext_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SQL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
