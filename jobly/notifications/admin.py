"""Admin for notifications (imported by jobly/admin.py): endpoints without their secrets, read-only logs."""

from django.contrib import admin

from jobly.models import DeliveryAttempt, EmailSend, NotificationPreference, WebhookDelivery, WebhookEndpoint


class ReadOnlyLogAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["url", "owner", "is_active", "consecutive_failures", "disabled_reason", "created_at"]
    list_filter = ["is_active", "disabled_reason"]
    search_fields = ["url", "owner__username"]
    raw_id_fields = ["owner"]
    exclude = ["secret", "previous_secret"]
    readonly_fields = ["previous_secret_valid_until", "consecutive_failures", "disabled_at", "created_at", "updated_at"]


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = [field.name for field in DeliveryAttempt._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyLogAdmin):
    list_display = ["message_id", "event_type", "endpoint", "status", "attempts", "next_attempt_at", "created_at"]
    list_filter = ["status", "event_type"]
    search_fields = ["message_id", "endpoint__url"]
    inlines = [DeliveryAttemptInline]


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(ReadOnlyLogAdmin):
    list_display = ["delivery", "number", "started_at", "status_code", "duration_ms", "error_code", "succeeded"]
    list_filter = ["succeeded", "error_code"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "new_matches", "match_threshold", "reminders", "weekly_digest", "matches_emailed_at"]
    raw_id_fields = ["user"]


@admin.register(EmailSend)
class EmailSendAdmin(ReadOnlyLogAdmin):
    list_display = ["kind", "key", "user", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["kind", "status"]
    search_fields = ["key", "user__username", "to"]
