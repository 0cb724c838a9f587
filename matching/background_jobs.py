"""Matching's background job types: "feeds.ingest", "feeds.import_file" and "matches.recompute" (thin: they call services)."""

from jobly.background import job_handler
from jobly.errors import PermanentError


@job_handler("feeds.ingest", queue="io", description="Fetches feeds and upserts their postings.")
def ingest_feeds(ctx, *, feed_ids):
    """Ingest each feed in turn with progress per feed and per item; sum up what happened."""
    from matching.services import feeds, ingest

    if not isinstance(feed_ids, list) or not feed_ids or not all(isinstance(pk, int) for pk in feed_ids):
        raise PermanentError("feed_ids must be a non-empty list of feed ids.", code="invalid_params")
    feeds_total = len(feed_ids)
    summaries = []
    totals = dict.fromkeys(ingest.COUNT_KEYS, 0)
    for position, feed_id in enumerate(feed_ids):
        ctx.check_cancelled()
        share = 100 / feeds_total
        base = position * share
        ctx.progress(base, f"Feed {position + 1} of {feeds_total}: fetching")

        def on_item(done, total, base=base, share=share, position=position):
            ctx.progress(base + share * done / max(total, 1) * 0.95,
                         f"Feed {position + 1} of {feeds_total}: entry {done} of {total}")

        feeds.lease_feed(feed_id=feed_id)
        summary = ingest.ingest_feed(feed_id=feed_id, notify_user_id=ctx.background_job.owner_id, on_item=on_item)
        summary.pop("posting_ids", None)
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


@job_handler("feeds.import_file", queue="io",
             description="Reads an uploaded OPML list (adds its feeds) or feed file (adds its postings, private to you).")
def import_file(ctx, *, upload_id):
    from matching.services import submissions

    if not isinstance(upload_id, int) or isinstance(upload_id, bool):
        raise PermanentError("upload_id must be an id.", code="invalid_params")
    ctx.progress(10, "Reading the file")
    result = submissions.run_feed_import(upload_id=upload_id)
    if result["kind"] == "opml":
        ctx.progress(100, f"Added {len(result['feeds_created'])} feeds; {len(result['skipped'])} skipped")
    else:
        counts = result["counts"]
        ctx.progress(100, f"Imported {counts['new']} new postings ({counts['unchanged']} already known)")
    return result


def _ids(value, name):
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(pk, int) and not isinstance(pk, bool) for pk in value):
        raise PermanentError(f"{name} must be a list of ids or null.", code="invalid_params")
    return value


@job_handler("matches.recompute", queue="default",
             description="Scores postings for your profiles (all postings, or only new ones) and stores the matches.")
def recompute(ctx, *, profile_ids=None, posting_ids=None):
    """Rank all postings (`posting_ids` null) or only the given ones for the chosen profiles (null: all)."""
    from matching.services import matches

    summary = matches.recompute_for_user(
        user_id=ctx.background_job.owner_id, profile_ids=_ids(profile_ids, "profile_ids"),
        posting_ids=_ids(posting_ids, "posting_ids"), reporter=ctx.progress, check_cancelled=ctx.check_cancelled,
    )
    summary.pop("announced", None)  # already published as match.new
    profiles = summary["profiles"]
    strong = summary["new_above_threshold"]
    ctx.progress(100, f"Done: {len(profiles)} profile{'s' if len(profiles) != 1 else ''}, "
                      f"{strong} new strong match{'es' if strong != 1 else ''}")
    return summary
