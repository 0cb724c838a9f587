"""The audit log: `record(action, ...)` writes one AuditEntry with who, what, when and from where.

The request's address, user agent and id come from a context variable set by
`AuditContextMiddleware`, so services record without being handed the request; outside a request
(workers, commands) those stay empty. Entries never hold secrets: detail keys that look like one
are refused, values are cut short. Sign-in, failed sign-in and sign-out come from Django's auth
signals (below); everything else is an explicit call where the action happens.
"""

import contextvars
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from jobly.logs import request_id_var
from jobly.models import AuditEntry

ACTIONS_PATH = Path(__file__).resolve().parent / "data" / "audit_actions.json"
ACTIONS = json.loads(ACTIONS_PATH.read_text(encoding="utf-8"))["actions"]
SECRET_LOOKING_KEY = re.compile(r"(?i)pass|secret|token$|^token|api_?key|^key$|credential|authorization|cookie|session")
MAX_DETAIL_VALUE = 200
MAX_DETAIL_BYTES = 2048
USER_AGENT_LENGTH = 256


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None
    user_agent: str
    request_id: str


_request_context = contextvars.ContextVar("audit_request_context", default=None)


def register_action(code, *, label, when=""):
    """Apps declare their own action codes from AppConfig.ready() (core imports no app)."""
    ACTIONS[code] = {"label": label, "when": when}


def label_for(code):
    return ACTIONS.get(code, {}).get("label", code)


def context_from_request(request):
    return RequestContext(
        ip_address=request.META.get("REMOTE_ADDR") or None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH],
        request_id=getattr(request, "request_id", "") or "",
    )


class AuditContextMiddleware:
    """Makes the current request's address, user agent and id available to `record()`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_context.set(context_from_request(request))
        try:
            return self.get_response(request)
        finally:
            _request_context.reset(token)


def _clean_detail(detail):
    cleaned = {}
    for key, value in (detail or {}).items():
        if SECRET_LOOKING_KEY.search(str(key)):
            raise ValueError(f"audit detail key {key!r} looks like a secret; record a name or a count instead")
        if isinstance(value, str):
            value = value[:MAX_DETAIL_VALUE]
        elif isinstance(value, (list, tuple)):
            value = [item[:MAX_DETAIL_VALUE] if isinstance(item, str) else item for item in list(value)[:50]]
        elif not isinstance(value, (int, float, bool, type(None))):
            value = str(value)[:MAX_DETAIL_VALUE]
        cleaned[str(key)[:64]] = value
    if len(json.dumps(cleaned, default=str)) > MAX_DETAIL_BYTES:
        raise ValueError("audit detail is larger than 2 KB; keep it to names and counts")
    return cleaned


def record(action, *, actor=None, target=None, target_type="", target_id="", detail=None, request=None):
    """Write one audit entry. `target` is a model instance (or give `target_type` and `target_id`)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}: add it to jobly/data/audit_actions.json or register_action()")
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(target.pk)
    context = context_from_request(request) if request is not None else _request_context.get()
    actor_id = actor if isinstance(actor, int) or actor is None else actor.pk
    return AuditEntry.objects.create(
        actor_id=actor_id,
        action=action,
        target_type=target_type[:100],
        target_id=str(target_id)[:64],
        ip_address=context.ip_address if context else None,
        user_agent=context.user_agent if context else "",
        request_id=(context.request_id if context else "") or ("" if request_id_var.get() == "-" else request_id_var.get()),
        detail=_clean_detail(detail),
    )


@receiver(user_logged_in, dispatch_uid="jobly.audit.signed_in")
def _signed_in(sender, request, user, **kwargs):
    record("account.signed_in", actor=user, request=request)


@receiver(user_logged_out, dispatch_uid="jobly.audit.signed_out")
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record("account.signed_out", actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="jobly.audit.sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    """Tied to the account whose user name was tried, so its owner sees it. A name that matches no
    account is not kept: people type passwords into the user-name field."""
    User = get_user_model()
    username = (credentials or {}).get(User.USERNAME_FIELD) or (credentials or {}).get("username") or ""
    account = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first() if username else None
    record("account.sign_in_failed", actor=account, request=request, detail={"known_account": account is not None})
