"""The admin site, with every ModelAdmin audited: additions, changes, deletions and admin actions
become audit entries by the operator who did them (the admin's own LogEntry is kept as well).

`JoblyAdminConfig` (jobly/apps.py) makes this the default site, so every `@admin.register`, in any
app, gets the audit without knowing about it.
"""

import functools

from django.contrib import admin

from jobly import audit

UNAUDITED_ACTIONS = {"delete_selected"}  # its deletions are recorded one by one by log_deletions


class AuditedModelAdmin:
    """Mixed in front of each registered ModelAdmin by AuditedAdminSite.register."""

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        audit.record("admin.object_added", actor=request.user, target=obj, request=request)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        audit.record("admin.object_changed", actor=request.user, target=obj, request=request, detail={"fields": _changed_fields(message)})
        return entry

    def log_deletions(self, request, queryset):
        entries = super().log_deletions(request, queryset)
        for obj in queryset:
            audit.record("admin.object_deleted", actor=request.user, target=obj, request=request)
        return entries

    def get_actions(self, request):
        return {name: _wrap(entry) for name, entry in super().get_actions(request).items()}


def _wrap(entry):
    func, name, description = entry
    if name in UNAUDITED_ACTIONS:
        return entry
    return _audited(func, name), name, description


def _audited(func, name):
    @functools.wraps(func)
    def run(modeladmin, request, queryset):
        result = func(modeladmin, request, queryset)
        audit.record(
            "admin.action_run", actor=request.user, target_type=modeladmin.model._meta.label_lower,
            request=request, detail={"action": name, "count": len(queryset)},
        )
        return result

    return run


def _changed_fields(message):
    """Field names from the admin's JSON change message ([{"changed": {"fields": [...]}}])."""
    fields = []
    for part in message if isinstance(message, list) else []:
        for change in part.values():
            fields.extend(str(field) for field in (change or {}).get("fields", []))
    return fields[:30]


class AuditedAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        base = admin_class or admin.ModelAdmin
        audited = type(base.__name__, (AuditedModelAdmin, base), {"__module__": base.__module__})
        return super().register(model_or_iterable, audited, **options)
