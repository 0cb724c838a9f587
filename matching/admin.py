"""Admin for feeds, postings and matches (matches are read mostly: scores are computed, an operator inspects them)."""

from django.contrib import admin

from matching.models import Feed, FeedUpload, Job, Match
from matching.services import ingest


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = [
        "__str__", "owner", "is_shared", "kind", "enabled", "consecutive_failures", "last_error_code",
        "last_success_at", "next_fetch_at",
    ]
    list_filter = ["enabled", "is_shared", "kind", "last_error_code"]
    search_fields = ["title", "url", "owner__username"]
    readonly_fields = [
        "etag", "last_modified", "last_fetched_at", "last_success_at", "last_error_at", "last_counts",
        "entries_total", "created_at", "updated_at",
    ]
    actions = ["fetch_now"]

    @admin.action(description="Fetch now (in this request)")
    def fetch_now(self, request, queryset):
        for feed in queryset[:20]:
            summary = ingest.ingest_feed(feed_id=feed.pk, notify_user_id=request.user.pk)
            self.message_user(request, f"{feed}: {summary['status']} {summary.get('counts', '')}")


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "remote_type", "salary_display", "posted_at", "source", "last_seen_at"]
    list_filter = ["remote_type", "source", "salary_currency"]
    search_fields = ["title", "company", "canonical_url"]
    readonly_fields = ["content_hash", "first_seen_at", "last_seen_at"]
    raw_id_fields = ["submitted_by"]
    filter_horizontal = ["feeds"]


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["job", "profile", "score", "computed_at", "index_version"]
    list_filter = ["computed_at"]
    search_fields = ["job__title", "job__company", "profile__name", "profile__owner__username"]
    raw_id_fields = ["profile", "job"]
    readonly_fields = ["computed_at", "created_at", "index_version"]
    ordering = ["-computed_at", "-score"]


@admin.register(FeedUpload)
class FeedUploadAdmin(admin.ModelAdmin):
    list_display = ["id", "owner", "filename", "size", "created_at", "imported_at"]
    readonly_fields = ["owner", "filename", "size", "sha256", "result", "created_at", "imported_at"]
    exclude = ["content"]
