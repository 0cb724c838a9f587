"""Celery entry points for matching. Thin: they call services."""

from celery import shared_task


@shared_task(name="matching.fetch_due_feeds", ignore_result=True)
def fetch_due_feeds_task():
    """Beat: fetch every enabled feed whose next_fetch_at has come (claimed, never twice)."""
    from matching import services

    summaries = services.fetch_due_feeds()
    return {"feeds": len(summaries), "failed": sum(1 for s in summaries if s["status"] == "failed")}
