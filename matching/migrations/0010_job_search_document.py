"""The search document becomes a stored generated column with the GIN index on it (PostgreSQL only).

The index was on the expression: a search filtered through it only when the planner chose the
index, and ranking recomputed `to_tsvector` for every matching row. The planner cannot price
`to_tsvector` and chose sequential scans (856 ms to count 3,000 postings for "python", 1.5 s per
list request in bench_serving); the stored column is read, not recomputed, whatever the plan.
"""

from django.db import migrations

# The old expression, for the reverse migration (matching/migrations/0002).
OLD_INDEX_SQL = (
    "CREATE INDEX IF NOT EXISTS job_fulltext_gin ON matching_job USING gin (to_tsvector('english'::regconfig, "
    "coalesce(title, '') || ' ' || coalesce(company, '') || ' ' || coalesce(description_text, '')))"
)


# The generation expression is matching.search.document_sql() (a test compares the two).
ADD_COLUMN_SQL = (
    "ALTER TABLE matching_job ADD COLUMN IF NOT EXISTS search_document tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english'::regconfig, coalesce(title, '') || ' ' || coalesce(company, '') || ' ' || "
    "coalesce(description_text, ''))) STORED"
)
INDEX_SQL = "CREATE INDEX IF NOT EXISTS job_fulltext_gin ON matching_job USING gin (search_document)"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS job_fulltext_gin")
    schema_editor.execute(ADD_COLUMN_SQL)
    schema_editor.execute(INDEX_SQL)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS job_fulltext_gin")
    schema_editor.execute("ALTER TABLE matching_job DROP COLUMN IF EXISTS search_document")
    schema_editor.execute(OLD_INDEX_SQL)


class Migration(migrations.Migration):
    dependencies = [("matching", "0009_match_json_values_placeholders")]

    operations = [migrations.RunPython(forwards, backwards)]
