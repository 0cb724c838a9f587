"""PracticeAnswer: the user's own notes and self-rating for one question of a prep."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class PracticeAnswerQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)


class PracticeAnswer(models.Model):
    """One per prep and question id (a technical or behavioural question of the prep's content).
    The owner is copied from the prep so ownership reads need no join."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_answers",
                              db_index=False)
    prep = models.ForeignKey("interviews.InterviewPrep", on_delete=models.CASCADE, related_name="practice_answers")
    question_id = models.CharField(max_length=100)
    notes = models.TextField(blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 (could not answer) to 5 (nailed it).")
    seconds_spent = models.PositiveIntegerField(default=0, help_text="Time practised on this question, summed.")
    # Feedback from a language-model writer (interviews.services.feedback): {"status": queued|ready|failed|
    # cancelled, "points", "covered", "missing" (indexes into points), "comment", "writer", "notes_sha256", ...}.
    feedback = models.JSONField(default=dict, db_default={}, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = PracticeAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["prep", "id"]
        constraints = [
            models.UniqueConstraint(fields=["prep", "question_id"], name="one_answer_per_prep_question"),
            models.CheckConstraint(condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)),
                                   name="practice_rating_1_to_5"),
        ]

    def __str__(self):
        return f"{self.question_id} of prep {self.prep_id}"
