"""Account writes and reads: the person's own settings and their security log."""

from django.contrib.auth import get_user_model
from django.db import transaction

from jobly import audit
from jobly.errors import DomainError
from jobly.models import AuditEntry

SETTINGS_FIELDS = ("email", "first_name", "last_name")


@transaction.atomic
def update_account_settings(*, user, **fields):
    """Change the account's e-mail address and name; the audit entry names the fields, not the values."""
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise DomainError(f"Unknown account fields: {', '.join(sorted(unknown))}.", code="invalid_fields")
    changed = sorted(field for field, value in fields.items() if getattr(user, field) != value)
    if not changed:
        return user
    for field in changed:
        setattr(user, field, fields[field])
    user.full_clean(exclude=[field for field in _model_fields() if field not in changed])
    user.save(update_fields=changed)
    audit.record("account.settings_changed", actor=user, target=user, detail={"fields": changed})
    return user


def _model_fields():
    return [field.name for field in get_user_model()._meta.concrete_fields]


def security_log_for(user):
    """The person's own audit entries, newest first."""
    return AuditEntry.objects.for_user(user).order_by("-created_at", "-id")
