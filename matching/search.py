"""Full-text search over postings: PostgreSQL tsvector with a GIN index; icontains on SQLite.

On PostgreSQL the document is a stored generated column, `matching_job.search_document` (made by
migration 0010, not a model field: the ORM never writes or reads it), with the GIN index on it. The
filter and `ts_rank` read the stored vector, so no plan recomputes `to_tsvector` per row.
"""

from django.db import connection
from django.db.models import BooleanField, FloatField, Q
from django.db.models.expressions import RawSQL

SEARCH_CONFIG = "english"
DOCUMENT_SQL = (
    "to_tsvector('{config}'::regconfig, coalesce({t}title, '') || ' ' || coalesce({t}company, '') || ' ' || "
    "coalesce({t}description_text, ''))"
)
COLUMN = "search_document"


def document_sql(table=""):
    return DOCUMENT_SQL.format(config=SEARCH_CONFIG, t=f"{table}." if table else "")


def search(queryset, text):
    """Filter postings by words; on PostgreSQL ranked with `search_rank` (websearch syntax)."""
    text = (text or "").strip()[:200]
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        document = f'"matching_job"."{COLUMN}"'
        query = f"websearch_to_tsquery('{SEARCH_CONFIG}'::regconfig, %s)"
        return queryset.filter(RawSQL(f"{document} @@ {query}", [text], output_field=BooleanField())).annotate(
            search_rank=RawSQL(f"ts_rank({document}, {query})", [text], output_field=FloatField())
        )
    condition = Q()
    for word in text.split()[:8]:
        condition &= Q(title__icontains=word) | Q(company__icontains=word) | Q(description_text__icontains=word)
    return queryset.filter(condition)
