"""Admin for applications, their timeline, interviews, snapshots and calendar tokens; the application
list shows the site-wide aggregates above the rows."""

from django.contrib import admin

from tracking.analytics import site_aggregates
from tracking.models import Activity, Application, CalendarToken, Interview, Snapshot
from tracking.services import reminders


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "owner", "status", "match_score", "applied_at", "next_action_due", "updated_at"]
    list_filter = ["status", "priority", "source"]
    search_fields = ["title", "company", "owner__username"]
    raw_id_fields = ["owner", "job", "profile"]
    readonly_fields = ["status", "saved_at", "applied_at", "first_response_at", "last_response_at",
                       "reached_interview_at", "reached_offer_at", "accepted_at", "closed_at", "status_changed_at",
                       "next_action_reminded_at", "no_response_reminded_at", "ghost_suggested_at", "created_at"]
    actions = ["send_due_reminders"]

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "site_aggregates": site_aggregates()})

    @admin.action(description="Send every due reminder now (all users, each once)")
    def send_due_reminders(self, request, queryset):
        self.message_user(request, f"Reminders sent: {reminders.send_reminders()}")


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["application", "owner", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["application__title", "owner__username", "text"]
    raw_id_fields = ["owner", "application"]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["application", "owner", "kind", "scheduled_at", "duration_minutes"]
    list_filter = ["kind"]
    raw_id_fields = ["owner", "application"]


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    """Read only: a snapshot never changes."""

    list_display = ["application", "owner", "posting_title", "match_score", "taken_at"]
    raw_id_fields = ["owner", "application"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "owner", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["key_hash", "prefix", "created_at", "last_used_at"]
    raw_id_fields = ["owner"]
