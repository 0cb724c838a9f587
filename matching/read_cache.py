"""Matching's read-cache topics (jobly.cache): what the cached dashboard cards depend on, and the writes
that retire them.

- ("matches", user): the user's Match rows and their profiles' names. The match services retire it in
  the transaction that writes matches; a saved or deleted Profile (its matches go with it), and a Match
  saved through the ORM, by signal.
- ("feeds", user) and ("feeds", SHARED): the user's feeds and the shared ones, by signal on Feed.
- ("postings", user) and ("postings", SHARED): the postings the user can see (their pasted ones, the
  public ones). `upsert_postings` retires it when it adds or publishes rows; a Job saved through the ORM
  by signal. A deleted posting is not signalled (a delete receiver would make Django delete postings
  one by one): counts may lag by up to DASHBOARD_CACHE_SECONDS after a deletion.
- ("posting-text", SHARED): what lists show of existing postings (title, company, salary), moved on when
  `upsert_postings` rewrites rows re-published with new text, and by a Job saved through the ORM. New
  postings do not move it: they reach match lists as new matches.
- Posting lists (`/api/jobs`, the rows of `/jobs/`) depend on the postings, their text and the feeds (the
  feed filter); `upsert_postings` also moves ("postings", SHARED) when it links stored postings to another
  feed. `last_seen_at`, which a fetch of an unchanged feed touches, may lag by up to
  POSTING_LIST_CACHE_SECONDS, as a deletion does.
"""

from django.db.models.signals import post_delete, post_save

from jobly.cache import SHARED, invalidate, invalidate_shared


def top_matches_topics(user_id):
    return [("matches", user_id)]


def feeds_topics(user_id):
    return [("feeds", user_id), ("feeds", SHARED), ("postings", user_id), ("postings", SHARED)]


def match_list_topics(user_id):
    return [("matches", user_id), ("posting-text", SHARED)]


def posting_list_topics(user_id):
    return [("postings", user_id), ("postings", SHARED), ("posting-text", SHARED), ("feeds", user_id), ("feeds", SHARED)]


def matches_changed(user_id):
    invalidate("matches", user_id)


def postings_changed(submitted_by_id=None):
    """New or changed postings: private to `submitted_by_id`, or public (None)."""
    if submitted_by_id is None:
        invalidate_shared("postings")
    else:
        invalidate("postings", submitted_by_id)


def _on_profile(sender, instance, **kwargs):
    matches_changed(instance.owner_id)


def _on_feed(sender, instance, **kwargs):
    if instance.owner_id is None:
        invalidate_shared("feeds")
    else:
        invalidate("feeds", instance.owner_id)


def _on_match(sender, instance, **kwargs):
    from jobly.models import Profile

    matches_changed(Profile.objects.filter(pk=instance.profile_id).values_list("owner_id", flat=True).first())


def postings_rewritten():
    invalidate_shared("posting-text")


def _on_job(sender, instance, **kwargs):
    postings_changed(instance.submitted_by_id)
    postings_rewritten()


def connect():
    from jobly.models import Profile
    from matching.models import Feed, Job, Match

    for signal, name in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(_on_profile, sender=Profile, dispatch_uid=f"matching-read-cache-profile-{name}")
        signal.connect(_on_feed, sender=Feed, dispatch_uid=f"matching-read-cache-feed-{name}")
    post_save.connect(_on_job, sender=Job, dispatch_uid="matching-read-cache-job-save")
    post_save.connect(_on_match, sender=Match, dispatch_uid="matching-read-cache-match-save")
