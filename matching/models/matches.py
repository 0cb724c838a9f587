"""Match: one posting scored for one profile, with the engine's components and reasons."""

from django.db import models
from django.utils import timezone

from matching.models.fields import ValuesJSONField


class MatchQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(profile__owner=user)


class Match(models.Model):
    """The score (0–100) of `job` for `profile`, as of `computed_at` against index `index_version`."""

    profile = models.ForeignKey("jobly.Profile", on_delete=models.CASCADE, related_name="matches")
    job = models.ForeignKey("matching.Job", on_delete=models.CASCADE, related_name="matches")
    score = models.FloatField(help_text="0–100, one decimal.")
    components = ValuesJSONField(default=dict, blank=True, help_text="name → {label, value, weight, contribution}")
    reasons = ValuesJSONField(default=dict, blank=True, help_text="Matched and missing skills, summary, components.")
    summary = models.CharField(max_length=500, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)
    index_version = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = MatchQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "job_id"]
        constraints = [models.UniqueConstraint(fields=["profile", "job"], name="uniq_match_profile_job")]
        indexes = [models.Index(fields=["profile", "-score"], name="match_profile_score")]

    def __str__(self):
        return f"{self.score:.1f} {self.job_id} for profile {self.profile_id}"

    @property
    def matched_skills(self):
        return self.reasons.get("matched_skills", [])

    @property
    def missing_required_skills(self):
        return self.reasons.get("missing_required_skills", [])
