"""Exports of a user's applications and activity as CSV and JSON, streamed row by row.

CSV cells that a spreadsheet would read as a formula are neutralised with a leading apostrophe
(OWASP "CSV injection"; RELIABILITY A8): cells starting with = + - @, a tab, a carriage return or a
NUL, and their full-width forms.
"""

import csv
import json

from tracking.models import Activity, Application

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0", "＝", "＋", "－", "＠")
APPLICATION_COLUMNS = [
    "id", "title", "company", "url", "status", "source", "priority", "match_score", "profile", "packet_id",
    "packet_design", "salary_discussed", "next_action", "next_action_due", "saved_at", "applied_at",
    "first_response_at", "last_response_at", "reached_interview_at", "reached_offer_at", "accepted_at", "closed_at",
    "notes", "contacts", "created_at", "updated_at",
]
ACTIVITY_COLUMNS = ["id", "application_id", "application_title", "kind", "text", "data", "created_at"]
CHUNK = 2000


def neutralise(value):
    """A CSV cell that no spreadsheet runs as a formula; non-text values are written as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def _application_rows(user):
    queryset = Application.objects.for_user(user).select_related("profile").order_by("id")
    for application in queryset.iterator(chunk_size=CHUNK):
        yield {
            **{name: getattr(application, name) for name in APPLICATION_COLUMNS if name not in ("profile", "contacts")},
            "profile": application.profile.name if application.profile_id else "",
            "contacts": application.contacts,
        }


def _activity_rows(user):
    queryset = Activity.objects.for_user(user).select_related("application").only(
        "id", "application_id", "application__title", "kind", "text", "data", "created_at").order_by("id")
    for activity in queryset.iterator(chunk_size=CHUNK):
        yield {"id": activity.pk, "application_id": activity.application_id,
               "application_title": activity.application.title, "kind": activity.kind, "text": activity.text,
               "data": activity.data, "created_at": activity.created_at}


KINDS = {"applications": (APPLICATION_COLUMNS, _application_rows), "activity": (ACTIVITY_COLUMNS, _activity_rows)}


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    elif hasattr(value, "isoformat"):
        value = value.isoformat()
    return neutralise(value)


def csv_lines(user, kind):
    """The CSV export of `kind` ("applications" or "activity") as an iterator of lines (header first)."""
    columns, rows = KINDS[kind]
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(columns)  # a BOM so spreadsheets read UTF-8
    for row in rows(user):
        yield writer.writerow([_csv_cell(row[name]) for name in columns])


def json_chunks(user, kind):
    """The JSON export: {"kind", "columns", "rows": [...]}, streamed."""
    columns, rows = KINDS[kind]
    yield json.dumps({"kind": kind, "columns": columns})[:-1] + ', "rows": ['
    for index, row in enumerate(rows(user)):
        yield ("," if index else "") + json.dumps(row, default=_json_default, ensure_ascii=False)
    yield "]}"


def _json_default(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
