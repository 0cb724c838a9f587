"""Full-text search over postings: PostgreSQL tsvector with a GIN index; icontains on SQLite.

The indexed expression is written once here and used both by the migration that creates the
index and by the query, so PostgreSQL can use the index (it matches expressions exactly).
"""

from django.db import connection
from django.db.models import BooleanField, FloatField, Q
from django.db.models.expressions import RawSQL

SEARCH_CONFIG = "english"
DOCUMENT_SQL = (
    "to_tsvector('{config}'::regconfig, coalesce({t}title, '') || ' ' || coalesce({t}company, '') || ' ' || "
    "coalesce({t}description_text, ''))"
)
INDEX_NAME = "job_fulltext_gin"


def document_sql(table=""):
    return DOCUMENT_SQL.format(config=SEARCH_CONFIG, t=f"{table}." if table else "")


def create_index_sql():
    return f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON matching_job USING gin ({document_sql()})"


def drop_index_sql():
    return f"DROP INDEX IF EXISTS {INDEX_NAME}"


def search(queryset, text):
    """Filter postings by words; on PostgreSQL ranked with `search_rank` (websearch syntax)."""
    text = (text or "").strip()[:200]
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        document = document_sql('"matching_job"')
        query = f"websearch_to_tsquery('{SEARCH_CONFIG}'::regconfig, %s)"
        return queryset.filter(RawSQL(f"{document} @@ {query}", [text], output_field=BooleanField())).annotate(
            search_rank=RawSQL(f"ts_rank({document}, {query})", [text], output_field=FloatField())
        )
    condition = Q()
    for word in text.split()[:8]:
        condition &= Q(title__icontains=word) | Q(company__icontains=word) | Q(description_text__icontains=word)
    return queryset.filter(condition)
