"""Celery entry points of matching (Beat runs them). Thin: they call services."""

from celery import shared_task


@shared_task(name="matching.fetch_due_feeds", ignore_result=True)
def fetch_due_feeds_task():
    """Beat: fetch every enabled feed whose next_fetch_at has come (claimed, never twice)."""
    from matching.services import ingest

    summaries = ingest.fetch_due_feeds()
    return {"feeds": len(summaries), "failed": sum(1 for s in summaries if s["status"] == "failed")}


@shared_task(name="matching.recompute_all_profiles", ignore_result=True)
def recompute_all_profiles_task():
    """Beat, nightly: a full recompute job for every user with a profile."""
    from matching.services import triggers

    return {"jobs": len(triggers.recompute_all_profiles())}
