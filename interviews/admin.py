"""Admin for interview preps and practice answers."""

from django.contrib import admin

from interviews.models import InterviewPrep, PracticeAnswer


@admin.register(InterviewPrep)
class InterviewPrepAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "owner", "profile", "status", "interview_date", "planner_version", "updated_at"]
    list_filter = ["status", "planner_version"]
    search_fields = ["title", "company", "owner__username"]
    raw_id_fields = ["owner", "profile", "job", "background_job"]
    readonly_fields = ["status", "error", "content", "planner_version", "writer", "generated_at", "created_at", "updated_at"]


@admin.register(PracticeAnswer)
class PracticeAnswerAdmin(admin.ModelAdmin):
    list_display = ["question_id", "prep", "owner", "rating", "seconds_spent", "updated_at"]
    list_filter = ["rating"]
    raw_id_fields = ["owner", "prep"]
