"""Background job types of the matching app: "feeds.ingest"."""

from jobly.background import job_handler
from jobly.errors import PermanentError


@job_handler("feeds.ingest", queue="io", description="Fetches feeds and upserts their postings.")
def ingest_feeds(ctx, *, feed_ids):
    """Ingest each feed in turn with progress per feed and per item; sum up what happened."""
    from matching import services

    if not isinstance(feed_ids, list) or not feed_ids or not all(isinstance(pk, int) for pk in feed_ids):
        raise PermanentError("feed_ids must be a non-empty list of feed ids.", code="invalid_params")
    feeds_total = len(feed_ids)
    summaries = []
    totals = dict.fromkeys(services.COUNT_KEYS, 0)
    for position, feed_id in enumerate(feed_ids):
        ctx.check_cancelled()
        share = 100 / feeds_total
        base = position * share
        ctx.progress(base, f"Feed {position + 1} of {feeds_total}: fetching")

        def on_item(done, total, base=base, share=share, position=position):
            ctx.progress(base + share * done / max(total, 1) * 0.95,
                         f"Feed {position + 1} of {feeds_total}: entry {done} of {total}")

        services.lease_feed(feed_id=feed_id)
        summary = services.ingest_feed(feed_id=feed_id, notify_user_id=ctx.job.owner_id, on_item=on_item)
        summary.pop("job_ids", None)
        summaries.append(summary)
        for key, value in summary.get("counts", {}).items():
            totals[key] += value
    failed = [s for s in summaries if s["status"] == "failed"]
    if failed and len(failed) == len(summaries):
        first = failed[0]["error"]
        # Feed health already records the failure and its backoff; retrying the job would double count.
        raise PermanentError(first["message"], code=first["code"], details={"feeds": summaries})
    ctx.progress(100, f"Done: {totals['new']} new, {totals['updated']} updated, {totals['unchanged']} unchanged")
    return {"feeds": summaries, "totals": totals}
