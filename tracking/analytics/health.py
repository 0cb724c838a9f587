"""The health score of the search with its explanation, quick stats and anomaly flags.

Health = 100 × the weighted mean of the components that can be judged (like matching's scores, a
component with nothing to judge is left out rather than counted as bad):
- volume (0.4): applications sent in the last 14 days against the user's own pace (the 12 weeks
  before, per fortnight); with no history, against MIN_FORTNIGHT_PACE;
- follow-ups (0.3): share of open applications with a next action that is not overdue;
- conversion (0.3): response rate of the recent cohort against the user's earlier applications.
"""

from datetime import timedelta

from django.db.models import Avg, Count, Max, Q
from django.utils import timezone

from tracking import pipeline
from tracking.analytics.sql import rate
from tracking.models import Activity, Application, Interview

OPEN = [status for status in pipeline.LABELS if status not in pipeline.FINAL and status != pipeline.GHOSTED]
WEIGHTS = {"volume": 0.4, "follow_ups": 0.3, "conversion": 0.3}
MIN_FORTNIGHT_PACE = 4
ANSWER_GRACE_DAYS = 14  # applications younger than this have not had a fair chance to get an answer
MIN_COHORT = 5
RESPONSE_DROP = 0.5  # flag when the recent response rate is below half the earlier one
STALLED_LIMIT = 20


def _cohorts(now):
    recent_end = now - timedelta(days=ANSWER_GRACE_DAYS)
    recent_start = recent_end - timedelta(days=30)
    return recent_start, recent_end


def _signals(user, now):
    """Every count the health score, quick stats and anomalies read, in one query."""
    recent_start, recent_end = _cohorts(now)
    fortnight = now - timedelta(days=14)
    history_start = fortnight - timedelta(weeks=12)
    return Application.objects.for_user(user).aggregate(
        sent_fortnight=Count("id", filter=Q(applied_at__gte=fortnight)),
        sent_history=Count("id", filter=Q(applied_at__gte=history_start, applied_at__lt=fortnight)),
        with_action=Count("id", filter=Q(status__in=OPEN, next_action_due__isnull=False)),
        overdue=Count("id", filter=Q(status__in=OPEN, next_action_due__lt=now)),
        recent_applied=Count("id", filter=Q(applied_at__gte=recent_start, applied_at__lt=recent_end)),
        recent_responded=Count("id", filter=Q(applied_at__gte=recent_start, applied_at__lt=recent_end,
                                              first_response_at__isnull=False)),
        earlier_applied=Count("id", filter=Q(applied_at__lt=recent_start)),
        earlier_responded=Count("id", filter=Q(applied_at__lt=recent_start, first_response_at__isnull=False)),
        open=Count("id", filter=Q(status__in=OPEN)),
        applied_7=Count("id", filter=Q(applied_at__gte=now - timedelta(days=7))),
        responses_7=Count("id", filter=Q(last_response_at__gte=now - timedelta(days=7))),
        last_applied=Max("applied_at"),
        score_30=Avg("match_score", filter=Q(applied_at__gte=now - timedelta(days=30))),
    )


def health_score(user, *, now=None):
    """{"score": 0–100 or None, "components": [{key, label, value, weight, explanation}], "explanation"}."""
    now = now or timezone.now()
    signals = _signals(user, now)
    components = []
    pace = signals["sent_history"] / 6 if signals["sent_history"] else None
    target = max(pace or 0, 1) if pace else MIN_FORTNIGHT_PACE
    volume = min(1.0, signals["sent_fortnight"] / target)
    components.append({
        "key": "volume", "label": "Activity volume", "value": round(volume, 3), "weight": WEIGHTS["volume"],
        "explanation": (f"{signals['sent_fortnight']} applications sent in the last 14 days; "
                        + (f"your pace before was {pace:.1f} per fortnight." if pace
                           else f"aim for at least {MIN_FORTNIGHT_PACE} per fortnight.")),
    })
    if signals["with_action"]:
        on_time = 1 - signals["overdue"] / signals["with_action"]
        components.append({
            "key": "follow_ups", "label": "Follow-ups on time", "value": round(on_time, 3),
            "weight": WEIGHTS["follow_ups"],
            "explanation": f"{signals['overdue']} of {signals['with_action']} next actions are overdue.",
        })
    recent_rate = rate(signals["recent_responded"], signals["recent_applied"])
    earlier_rate = rate(signals["earlier_responded"], signals["earlier_applied"])
    if signals["recent_applied"] >= MIN_COHORT and signals["earlier_applied"] >= MIN_COHORT and earlier_rate:
        conversion = min(1.0, recent_rate / earlier_rate)
        components.append({
            "key": "conversion", "label": "Conversion against your history", "value": round(conversion, 3),
            "weight": WEIGHTS["conversion"],
            "explanation": f"Recent response rate {recent_rate:.0%} against {earlier_rate:.0%} before.",
        })
    weight = sum(component["weight"] for component in components)
    score = round(100 * sum(c["value"] * c["weight"] for c in components) / weight, 1) if weight else None
    left_out = sorted(set(WEIGHTS) - {component["key"] for component in components})
    explanation = " ".join(component["explanation"] for component in components)
    if left_out:
        explanation += " Not judged yet (too little data): " + ", ".join(key.replace("_", "-") for key in left_out) + "."
    return {"score": score, "components": components, "left_out": left_out, "explanation": explanation.strip()}


def quick_stats(user, *, now=None):
    now = now or timezone.now()
    signals = _signals(user, now)
    interviews = Interview.objects.for_user(user).filter(scheduled_at__gte=now, scheduled_at__lt=now + timedelta(days=7))
    last = signals["last_applied"]
    return {
        "applied_last_7_days": signals["applied_7"],
        "responses_last_7_days": signals["responses_7"],
        "interviews_next_7_days": interviews.count(),
        "open_applications": signals["open"],
        "overdue_actions": signals["overdue"],
        "average_match_score_applied_30_days": round(signals["score_30"], 1) if signals["score_30"] is not None else None,
        "days_since_last_application": (now - last).days if last else None,
    }


def anomalies(user, *, now=None):
    """[{code, severity, message, details}]: stalled applications past their due action, a drop in
    response rate, a week without activity."""
    now = now or timezone.now()
    flags = []
    stalled = list(
        Application.objects.for_user(user).filter(status__in=OPEN, next_action_due__lt=now)
        .order_by("next_action_due", "id").values("id", "title", "company", "next_action", "next_action_due")[:STALLED_LIMIT]
    )
    if stalled:
        flags.append({
            "code": "stalled_applications", "severity": "warning",
            "message": f"{len(stalled)}{'+' if len(stalled) == STALLED_LIMIT else ''} applications are past their next action.",
            "details": {"applications": [
                {**row, "next_action_due": row["next_action_due"].isoformat(),
                 "days_overdue": (now - row["next_action_due"]).days} for row in stalled]},
        })
    signals = _signals(user, now)
    recent_rate = rate(signals["recent_responded"], signals["recent_applied"])
    earlier_rate = rate(signals["earlier_responded"], signals["earlier_applied"])
    if (signals["recent_applied"] >= MIN_COHORT and signals["earlier_applied"] >= MIN_COHORT and earlier_rate
            and recent_rate < earlier_rate * RESPONSE_DROP):
        flags.append({
            "code": "response_rate_drop", "severity": "warning",
            "message": f"Response rate fell to {recent_rate:.0%} from {earlier_rate:.0%}.",
            "details": {"recent_rate": recent_rate, "earlier_rate": earlier_rate,
                        "recent_applied": signals["recent_applied"], "earlier_applied": signals["earlier_applied"]},
        })
    if signals["open"]:
        last_activity = Activity.objects.for_user(user).aggregate(last=Max("created_at"))["last"]
        if last_activity is None or last_activity < now - timedelta(days=7):
            flags.append({
                "code": "quiet_week", "severity": "info",
                "message": "No activity on your applications for a week.",
                "details": {"last_activity_at": last_activity.isoformat() if last_activity else None},
            })
    return flags
