"""When matches are recomputed on their own: after ingestion, after a profile edit, and nightly.

Triggers never raise into what fired them (an ingestion, a profile save, Beat): a run that cannot
be scheduled now (rate limit, Redis down) is caught up by the next trigger or the nightly run.
"""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction

from jobly.errors import NotFound, RateLimited
from matching.models import Job
from matching.services.matches import schedule_recompute

logger = logging.getLogger("matching.triggers")


def _schedule_quietly(**kwargs):
    try:
        return schedule_recompute(**kwargs)
    except (RateLimited, NotFound) as error:
        logger.info("match recompute not scheduled: %s", error.code)
    except Exception as error:  # a trigger must never break the request or task that fired it
        logger.warning("match recompute not scheduled: %s", type(error).__name__)
    return None


def _users_with_profiles():
    return get_user_model().objects.filter(profiles__isnull=False, is_active=True).distinct().order_by("pk")


def on_postings_changed(*, posting_ids):
    """An incremental recompute of new or changed postings for everyone who can see them.

    Shared postings concern every user with a profile; privately pasted ones only their submitter.
    Returns the (job, created) pairs scheduled.
    """
    posting_ids = sorted(set(posting_ids or []))
    if not posting_ids:
        return []
    private_owners = set(Job.objects.filter(pk__in=posting_ids, submitted_by__isnull=False)
                         .values_list("submitted_by_id", flat=True))
    all_private = private_owners and not Job.objects.filter(pk__in=posting_ids, submitted_by__isnull=True).exists()
    users = _users_with_profiles()
    if all_private:
        users = users.filter(pk__in=private_owners)
    scheduled = [_schedule_quietly(user=user, posting_ids=posting_ids) for user in users]
    return [result for result in scheduled if result]


def after_postings_upserted(*, counts, posting_ids):
    """The ingestion hook (end of upsert_postings): trigger matching, after commit, when anything is new or changed."""
    if not (counts.get("new") or counts.get("updated")) or not posting_ids:
        return
    ids = list(posting_ids)
    transaction.on_commit(lambda: _quietly(on_postings_changed, posting_ids=ids))


def _quietly(function, **kwargs):
    try:
        return function(**kwargs)
    except Exception as error:
        logger.warning("matching trigger failed: %s", type(error).__name__)
        return None


def on_profile_updated(event):
    """Subscribed to `profile.updated`: a full recompute of that profile."""
    profile_id = (event.data or {}).get("profile_id")
    user = get_user_model().objects.filter(pk=event.owner_id).first()
    if user is None or not isinstance(profile_id, int):
        return
    _schedule_quietly(user=user, profile_ids=[profile_id])


def recompute_all_profiles():
    """Nightly: a full recompute for every user's profiles (one job per user); returns the job ids."""
    return [result[0].pk for user in _users_with_profiles() if (result := _schedule_quietly(user=user))]
