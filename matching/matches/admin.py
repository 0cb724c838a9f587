"""Admin for matches (read mostly: scores are computed, an operator inspects them)."""

from django.contrib import admin

from matching.matches.models import Match


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["job", "profile", "score", "computed_at", "index_version"]
    list_filter = ["computed_at"]
    search_fields = ["job__title", "job__company", "profile__name", "profile__owner__username"]
    raw_id_fields = ["profile", "job"]
    readonly_fields = ["computed_at", "created_at", "index_version"]
    ordering = ["-computed_at", "-score"]
