from django.contrib import admin, messages

from jobly import background
from jobly.models import ApiToken, BackgroundJob, Event, Profile


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


@admin.action(description="Re-queue selected failed or cancelled jobs")
def requeue_jobs(modeladmin, request, queryset):
    count = 0
    for job in queryset.filter(status__in=[BackgroundJob.Status.FAILED, BackgroundJob.Status.CANCELLED]):
        background.requeue(job.pk)
        count += 1
    modeladmin.message_user(request, f"Re-queued {count} job(s).", messages.SUCCESS)


@admin.register(BackgroundJob)
class BackgroundJobAdmin(admin.ModelAdmin):
    list_display = ["id", "type", "owner", "status", "progress", "attempts", "created_at", "finished_at"]
    list_filter = ["status", "type", "created_at"]
    search_fields = ["id", "type", "owner__username", "celery_task_id", "message"]
    readonly_fields = ["params_hash", "celery_task_id", "worker", "attempt_log", "heartbeat_at", "dispatched_at"]
    raw_id_fields = ["owner"]
    actions = [requeue_jobs]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["id", "type", "owner", "created_at"]
    list_filter = ["type", "created_at"]
    search_fields = ["type", "owner__username"]
    raw_id_fields = ["owner"]
