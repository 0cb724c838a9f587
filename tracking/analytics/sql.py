"""Database expressions the analytics share: seconds between two dates, the median, rates.

PostgreSQL computes medians with `percentile_cont`; SQLite (the zero-setup `make run`) has no
ordered-set aggregates, so there the median of the already filtered values is taken in Python.
"""

import statistics

from django.db import connection
from django.db.models import Aggregate, DurationField, ExpressionWrapper, F, FloatField, Func


class Median(Aggregate):
    function = "percentile_cont"
    name = "Median"
    template = "percentile_cont(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def seconds_between(start, end):
    """end − start in seconds, as a float expression."""
    duration = ExpressionWrapper(F(end) - F(start), output_field=DurationField())
    if connection.vendor == "postgresql":
        return Func(duration, template="EXTRACT(EPOCH FROM %(expressions)s)", output_field=FloatField())
    return Func(duration, template="((%(expressions)s) / 1000000.0)", output_field=FloatField())


def supports_median():
    return connection.vendor == "postgresql"


def median_by(queryset, key, value):
    """{key value: median of `value`} over rows where value is not null, grouped by `key` (None: one group)."""
    annotated = queryset.annotate(_median_value=value).filter(_median_value__isnull=False)
    if supports_median():
        if key is None:
            return {None: annotated.aggregate(m=Median("_median_value"))["m"]}
        rows = annotated.values(key).annotate(m=Median("_median_value")).order_by()
        return {row[key]: row["m"] for row in rows}
    groups = {}
    fields = ("_median_value",) if key is None else (key, "_median_value")
    for row in annotated.values_list(*fields):
        group, number = (None, row[0]) if key is None else row
        groups.setdefault(group, []).append(number)
    return {group: statistics.median(numbers) for group, numbers in groups.items()}


def rate(part, whole):
    return round(part / whole, 4) if whole else None


def days(seconds):
    return round(seconds / 86400, 2) if seconds is not None else None
