"""Success metrics of applied applications by source, profile, match-score band and packet design:
response, interview and offer rates and the median time to a first response, per group."""

from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.functions import Coalesce, NullIf

from tracking.analytics.sql import days, median_by, rate, seconds_between
from tracking.models import Application

# Match-score bands: (key, label, lower bound inclusive); below the last bound is the lowest band.
SCORE_BANDS = [("85+", "85–100", 85), ("70-85", "70–85", 70), ("50-70", "50–70", 50), ("<50", "below 50", 0)]


def _score_band():
    whens = [When(match_score__gte=low, then=Value(key)) for key, _, low in SCORE_BANDS]
    return Case(*whens, default=Value("unknown"), output_field=CharField())


DIMENSIONS = {
    "source": lambda: Coalesce(NullIf(F("source"), Value("")), Value("unknown"), output_field=CharField()),
    "profile": lambda: Coalesce(F("profile__name"), Value("no profile"), output_field=CharField()),
    "score_band": _score_band,
    "packet_design": lambda: Coalesce(NullIf(F("packet_design"), Value("")), Value("no packet"), output_field=CharField()),
}


def success_metrics(user, *, by="source"):
    """[{group, applied, responded, interviewed, offers, response_rate, interview_rate, offer_rate,
    median_days_to_first_response}], largest group first. `by` is one of DIMENSIONS."""
    applied = Application.objects.for_user(user).filter(applied_at__isnull=False).annotate(group=DIMENSIONS[by]())
    rows = applied.values("group").annotate(
        applied=Count("id"),
        responded=Count("id", filter=Q(first_response_at__isnull=False)),
        interviewed=Count("id", filter=Q(reached_interview_at__isnull=False)),
        offers=Count("id", filter=Q(reached_offer_at__isnull=False)),
    ).order_by("-applied", "group")
    medians = median_by(applied, "group", seconds_between("applied_at", "first_response_at"))
    return [
        {
            **row,
            "response_rate": rate(row["responded"], row["applied"]),
            "interview_rate": rate(row["interviewed"], row["applied"]),
            "offer_rate": rate(row["offers"], row["applied"]),
            "median_days_to_first_response": days(medians.get(row["group"])),
        }
        for row in rows
    ]
