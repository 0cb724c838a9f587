from django.contrib import admin, messages

from jobly import background
from jobly.errors import DomainError
from jobly.models import ApiToken, AuditEntry, BackgroundJob, Event, Profile, ResumeUpload
from jobly.notifications import admin as notifications_admin  # noqa: F401  (registers the notification models)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at", "created_at"]
    search_fields = ["name", "prefix", "owner__username"]
    readonly_fields = ["key_hash", "prefix", "created_at", "last_used_at"]
    raw_id_fields = ["owner"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "full_name", "headline", "is_default", "updated_at"]
    list_filter = ["is_default", "remote_preference", "seniority"]
    search_fields = ["name", "full_name", "headline", "owner__username"]
    raw_id_fields = ["owner"]


@admin.register(ResumeUpload)
class ResumeUploadAdmin(admin.ModelAdmin):
    """Uploaded resumes and their parsed drafts (the file bytes are not shown)."""

    list_display = ["filename", "kind", "size", "owner", "profile", "created_at", "parsed_at"]
    list_filter = ["kind", "created_at"]
    search_fields = ["filename", "owner__username", "sha256"]
    raw_id_fields = ["owner", "profile"]
    exclude = ["content"]
    readonly_fields = ["filename", "kind", "size", "sha256", "file", "created_at", "parsed_at", "notes"]


@admin.action(description="Re-queue selected failed or cancelled jobs")
def requeue_jobs(modeladmin, request, queryset):
    """Start each selected failed/cancelled job again as a new job (same owner, type, params)."""
    requeued, skipped = 0, 0
    for job in queryset:
        try:
            background.requeue(job.pk)
            requeued += 1
        except DomainError:
            skipped += 1
    modeladmin.message_user(request, f"Re-queued {requeued} job(s).", messages.SUCCESS)
    if skipped:
        modeladmin.message_user(request, f"Skipped {skipped} job(s) that are not failed or cancelled.", messages.WARNING)


@admin.register(BackgroundJob)
class BackgroundJobAdmin(admin.ModelAdmin):
    list_display = ["id", "type", "owner", "status", "progress", "attempts", "queue", "worker", "created_at", "finished_at"]
    list_filter = ["status", "type", "queue", "cancel_requested", "created_at"]
    search_fields = ["=id", "type", "owner__username", "celery_task_id", "message"]
    readonly_fields = [
        "params_hash", "celery_task_id", "worker", "attempt_log", "heartbeat_at", "dispatched_at",
        "started_at", "finished_at", "created_at",
    ]
    raw_id_fields = ["owner"]
    date_hierarchy = "created_at"
    actions = [requeue_jobs]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["id", "type", "owner", "created_at"]
    list_filter = ["type", "created_at"]
    search_fields = ["=id", "type", "owner__username"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["owner"]
    date_hierarchy = "created_at"


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log for operators: every user's entries, read-only (retention deletes them)."""

    list_display = ["created_at", "action", "actor", "target_type", "target_id", "ip_address", "request_id"]
    list_filter = ["action", "created_at"]
    search_fields = ["=actor__username", "action", "=target_id", "=ip_address", "=request_id"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
