"""Structured logging: JSON lines carrying the request id, with secrets redacted."""

import contextvars
import logging
import os
import re

from pythonjsonlogger.json import JsonFormatter as _BaseJsonFormatter

request_id_var = contextvars.ContextVar("request_id", default="-")

# Environment variables whose values must never appear in a log line.
SECRET_ENV_NAMES = (
    "SECRET_KEY",
    "LLM_API_KEY",
    "FLOWER_BASIC_AUTH",
    "SMTP_PASSWORD",
    "STORAGE_S3_SECRET_KEY",
    "WEBHOOK_SIGNING_SECRET",
    "DEMO_PASSWORD",
    "METRICS_TOKEN",
)
SECRET_PATTERNS = [
    re.compile(r"(?i)(authorization|cookie|x-api-key)(['\"]?\s*[:=]\s*['\"]?)((?:bearer |token |basic )?[^'\",;\s]+)"),
    re.compile(r"(?i)(password|secret|token|api_key)(['\"]?\s*[:=]\s*['\"]?)([^'\",;\s]+)"),
    re.compile(r"(://[^:/@\s]+:)([^@\s]+)(@)"),
]


def _secret_values():
    values = []
    for name in SECRET_ENV_NAMES:
        value = os.environ.get(name, "")
        if len(value) >= 6:
            values.append(value)
    return values


def redact(text):
    for value in _secret_values():
        text = text.replace(value, "[redacted]")
    text = SECRET_PATTERNS[0].sub(r"\1\2[redacted]", text)
    text = SECRET_PATTERNS[1].sub(r"\1\2[redacted]", text)
    return SECRET_PATTERNS[2].sub(r"\1[redacted]\3", text)


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class RedactSecretsFilter(logging.Filter):
    """Rewrite the formatted message and arguments so no known secret leaves the process."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        record.msg = redact(message)
        record.args = ()
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class JsonFormatter(_BaseJsonFormatter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("timestamp", True)
        super().__init__(
            "%(levelname)s %(name)s %(message)s %(request_id)s",
            rename_fields={"levelname": "level", "name": "logger"},
            *args,
            **kwargs,
        )


def attach_request_id(headers=None, **kwargs):
    """Celery `before_task_publish`: carry the current request id to the worker in a header."""
    if headers is not None and "request_id" not in headers:
        headers["request_id"] = request_id_var.get()


def adopt_request_id(task=None, **kwargs):
    """Celery `task_prerun`: log lines of the task carry the request id that enqueued it."""
    request_id = getattr(task.request, "request_id", None) if task is not None else None
    if request_id is None and task is not None:
        request_id = (task.request.headers or {}).get("request_id") if getattr(task.request, "headers", None) else None
    request_id_var.set(request_id or f"task-{getattr(task.request, 'id', '-')}")
