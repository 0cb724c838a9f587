"""Write side of matches: rank postings for profiles, upsert Match rows, announce new ones, schedule runs."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from jobly import background
from jobly.errors import NotFound, RateLimited
from jobly.events import publish
from jobly.models import Profile
from matching.matches.index_cache import current_index
from matching.matches.models import Match
from matching.scoring import profile_features_from_fields, rank

logger = logging.getLogger("matching.matches")

JOB_TYPE = "matches.recompute"
NEW_MATCHES_LISTED = 20  # a match.new event lists at most this many (the count says how many in all)
PROFILE_FIELDS = (
    "headline", "summary", "skills", "experience", "target_titles", "target_locations", "remote_preference",
    "min_salary", "salary_currency", "seniority", "excluded_companies", "avoid_keywords",
)


def _quiet(percent, message):
    return None


def _hidden_job_ids(user):
    """Postings another user pasted privately: never matched for this user."""
    from matching.models import Job

    return set(Job.objects.filter(submitted_by__isnull=False).exclude(submitted_by=user).values_list("id", flat=True))


def _new_match_entry(match, job):
    return {"match_id": match.pk, "profile_id": match.profile_id, "job_id": job.pk, "score": match.score,
            "title": job.title, "company": job.company, "summary": match.summary}


def recompute_matches(*, profile, job_ids=None, reporter=None, index=None, notify=True):
    """Rank postings for `profile` and store the matches; returns a summary with the new ones.

    Full (`job_ids` None): the best MATCH_TOP_K postings replace the profile's matches; the rest,
    and postings that dropped out (an excluded company, an avoided keyword, a deleted posting),
    lose their Match. Incremental: only `job_ids` are scored and upserted (or removed when they
    dropped out), then the profile keeps its best MATCH_TOP_K. With `notify`, new matches at or
    above MATCH_NEW_THRESHOLD are announced in one `match.new` event.
    """
    from matching.models import Job

    reporter = reporter or _quiet
    if index is None:
        index, _ = current_index(progress=lambda p, m: reporter(p * 0.5, m))
    features = profile_features_from_fields(model_to_dict(profile, fields=PROFILE_FIELDS))
    hidden = _hidden_job_ids(profile.owner_id)
    if job_ids is None:
        candidates = None if not hidden else [pk for pk in index.ids.tolist() if pk not in hidden]
        top_k = settings.MATCH_TOP_K
    else:
        candidates = [pk for pk in set(job_ids) if pk not in hidden]
        top_k = None
    reporter(50, f"Scoring {len(index)} postings for {profile.name}")
    ranked = [] if candidates == [] else rank(
        features, index, top_k=top_k, weights=settings.MATCH_WEIGHTS,
        filters=None if candidates is None else {"ids": candidates},
    )
    reporter(85, f"Saving matches for {profile.name}")
    now = timezone.now()
    with transaction.atomic():
        # One writer per profile at a time: concurrent runs queue here instead of interleaving.
        if Profile.objects.select_for_update().filter(pk=profile.pk).first() is None:
            return {"profile_id": profile.pk, "scored": 0, "new": 0, "removed": 0, "new_above_threshold": [],
                    "index_version": index.version, "postings": len(index), "skipped": "profile_deleted"}
        existing_jobs = set(Job.objects.filter(pk__in=[m.posting_id for m in ranked]).values_list("id", flat=True))
        ranked = [m for m in ranked if m.posting_id in existing_jobs]
        before = set(Match.objects.filter(profile=profile).values_list("job_id", flat=True))
        rows = [
            Match(profile=profile, job_id=m.posting_id, score=m.score, components=m.components,
                  reasons={k: v for k, v in m.reasons.items() if k != "components"}, summary=m.summary[:500],
                  computed_at=now, index_version=index.version, created_at=now)
            for m in ranked
        ]
        Match.objects.bulk_create(
            rows, batch_size=500, update_conflicts=True, unique_fields=["profile", "job"],
            update_fields=["score", "components", "reasons", "summary", "computed_at", "index_version"],
        )
        kept = {m.posting_id for m in ranked}
        stale = Match.objects.filter(profile=profile)
        if job_ids is None:
            stale = stale.exclude(job_id__in=kept)
        else:
            stale = stale.filter(job_id__in=set(job_ids) - kept)
        deleted = stale.delete()[0]
        if job_ids is not None:
            deleted += _trim(profile)
        new_ids = [m.posting_id for m in ranked if m.posting_id not in before]
        new_above = _new_above_threshold(profile, new_ids)
        if notify and new_above:
            publish_new_matches(user=profile.owner_id, entries=new_above)
    reporter(100, f"{profile.name}: {len(ranked)} scored, {len(new_ids)} new, {deleted} removed")
    return {"profile_id": profile.pk, "scored": len(ranked), "new": len(new_ids), "removed": deleted,
            "new_above_threshold": new_above, "index_version": index.version, "postings": len(index)}


def _trim(profile):
    """Keep the profile's best MATCH_TOP_K matches (incremental runs add without a cap)."""
    extra = list(Match.objects.filter(profile=profile).order_by("-score", "job_id")
                 .values_list("id", flat=True)[settings.MATCH_TOP_K:])
    return Match.objects.filter(id__in=extra).delete()[0] if extra else 0


def _new_above_threshold(profile, new_job_ids):
    if not new_job_ids:
        return []
    matches = (Match.objects.filter(profile=profile, job_id__in=new_job_ids, score__gte=settings.MATCH_NEW_THRESHOLD)
               .select_related("job").order_by("-score", "job_id"))
    return [_new_match_entry(match, match.job) for match in matches]


def publish_new_matches(*, user, entries):
    """One `match.new` event for a run: how many new matches passed the threshold, and the best of them."""
    entries = sorted(entries, key=lambda e: (-e["score"], e["job_id"]))
    return publish(user, "match.new", {
        "count": len(entries), "threshold": settings.MATCH_NEW_THRESHOLD,
        "profile_ids": sorted({e["profile_id"] for e in entries}), "matches": entries[:NEW_MATCHES_LISTED],
    })


def recompute_for_user(*, user_id, profile_ids=None, job_ids=None, reporter=None, check_cancelled=None, announce=True):
    """The body of one "matches.recompute" run: each chosen profile of the user in turn, one event at the end.

    With `announce=False` the new matches are returned in "announced" for the caller to publish.
    """
    reporter = reporter or _quiet
    check_cancelled = check_cancelled or (lambda: None)
    profiles = Profile.objects.filter(owner_id=user_id).order_by("id")
    if profile_ids is not None:
        profiles = profiles.filter(pk__in=profile_ids)
    profiles = list(profiles)
    if not profiles:
        return {"profiles": [], "new_above_threshold": 0, "announced": []}
    index, changed = current_index(progress=lambda p, m: reporter(p * 0.2, m))
    summaries, announced = [], []
    share = 80 / len(profiles)
    for position, profile in enumerate(profiles):
        check_cancelled()
        base = 20 + position * share

        def report(percent, message, base=base, position=position):
            reporter(base + share * percent / 100, f"Profile {position + 1} of {len(profiles)}: {message}")

        summary = recompute_matches(profile=profile, job_ids=job_ids, reporter=report, index=index, notify=False)
        announced.extend(summary.pop("new_above_threshold"))
        summaries.append(summary)
    if announce and announced:
        with transaction.atomic():
            publish_new_matches(user=user_id, entries=announced)
    return {"profiles": summaries, "new_above_threshold": len(announced), "index_version": index.version,
            "postings": len(index), "postings_reindexed": len(changed), "announced": announced}


def recompute_new_postings(*, user_id, reporter=None, check_cancelled=None, rounds=5):
    """The body of a "new postings" run: take the postings queued for the user and score them, until none are left.

    Postings queued while a round runs are taken by the next round (at most `rounds`; the rest wait
    for the next trigger), so one job serves a burst of ingestions.
    """
    reporter = reporter or _quiet
    taken, rounds_done, profiles, announced = 0, 0, {}, []
    while rounds_done < rounds:
        job_ids = take_pending_postings(user_id)
        if not job_ids:
            break
        rounds_done += 1
        taken += len(job_ids)

        def report(percent, message, round_number=rounds_done):
            reporter(percent, f"{len(job_ids)} new postings{f' (round {round_number})' if round_number > 1 else ''}: {message}")

        summary = recompute_for_user(user_id=user_id, job_ids=job_ids, reporter=report, check_cancelled=check_cancelled,
                                     announce=False)
        announced.extend(summary["announced"])
        for item in summary["profiles"]:
            total = profiles.setdefault(item["profile_id"], {"profile_id": item["profile_id"], "scored": 0, "new": 0, "removed": 0})
            for key in ("scored", "new", "removed"):
                total[key] += item[key]
    if announced:
        with transaction.atomic():
            publish_new_matches(user=user_id, entries=announced)
    return {"profiles": list(profiles.values()), "new_above_threshold": len(announced), "postings_taken": taken,
            "rounds": rounds_done}


def schedule_recompute(*, user, profile_ids=None, job_ids=None, new_postings=False):
    """Start a "matches.recompute" job; (job, created) like background.enqueue.

    Full when `job_ids` is None; incremental for `job_ids`; `new_postings` scores the postings
    queued for the user by `on_postings_changed` (all profiles).
    """
    if new_postings:
        return background.enqueue(user=user, type=JOB_TYPE, params={"new_postings": True},
                                  message="Queued: matching new postings")
    if profile_ids is not None:
        profile_ids = sorted({int(pk) for pk in profile_ids})
        owned = set(Profile.objects.for_user(user).filter(pk__in=profile_ids).values_list("id", flat=True))
        if owned != set(profile_ids):
            raise NotFound("Profile not found.")
    params = {"profile_ids": profile_ids, "job_ids": sorted({int(pk) for pk in job_ids}) if job_ids is not None else None}
    what = "new postings" if job_ids is not None else "all postings"
    return background.enqueue(user=user, type=JOB_TYPE, params=params, message=f"Queued: matching against {what}")


def _schedule_quietly(**kwargs):
    """Automatic triggers: a rate-limited user is caught up by the next run (or the nightly one)."""
    try:
        return schedule_recompute(**kwargs)
    except (RateLimited, NotFound) as error:
        logger.info("match recompute not scheduled: %s", error.code)
    except Exception as error:  # a trigger must never break the request or task that fired it
        logger.warning("match recompute not scheduled: %s", type(error).__name__)
    return None


PENDING_KEY = "jobly:matches:pending:{user_id}"
PENDING_TTL_SECONDS = 3 * 24 * 3600  # the nightly full run covers anything older


def _redis():
    from jobly.ratelimit import redis_client

    return redis_client()


def add_pending_postings(user_id, job_ids):
    key = PENDING_KEY.format(user_id=user_id)
    pipe = _redis().pipeline(transaction=True)
    pipe.sadd(key, *job_ids)
    pipe.expire(key, PENDING_TTL_SECONDS)
    pipe.execute()


def take_pending_postings(user_id):
    """Atomically take (and clear) the posting ids queued for the user's next incremental run."""
    key = PENDING_KEY.format(user_id=user_id)
    pipe = _redis().pipeline(transaction=True)
    pipe.smembers(key)
    pipe.delete(key)
    members, _ = pipe.execute()
    return sorted(int(member) for member in members)


def on_postings_changed(*, job_ids, user=None):
    """After ingestion: an incremental recompute of the new/changed postings for everyone who can see them.

    Shared postings concern every user with a profile; a privately pasted one only its submitter.
    The ids are queued per user and one "new postings" job (identical params) takes them all, so a
    burst of feed fetches starts one job per user, not one per feed, and does not use up the
    user's job rate limit.
    """
    from matching.models import Job

    job_ids = sorted(set(job_ids or []))
    if not job_ids:
        return []
    private_owners = set(Job.objects.filter(pk__in=job_ids, submitted_by__isnull=False)
                         .values_list("submitted_by_id", flat=True))
    all_private = len(private_owners) and not Job.objects.filter(pk__in=job_ids, submitted_by__isnull=True).exists()
    users = get_user_model().objects.filter(profiles__isnull=False, is_active=True).distinct().order_by("pk")
    if all_private:
        users = users.filter(pk__in=private_owners)
    scheduled = []
    for user in users:
        try:
            add_pending_postings(user.pk, job_ids)
        except Exception as error:  # Redis down: the nightly full run catches up
            logger.warning("could not queue postings for matching: %s", type(error).__name__)
            return scheduled
        job = _schedule_quietly(user=user, new_postings=True)
        if job:
            scheduled.append(job)
    return scheduled


def after_postings_upserted(*, counts, job_ids):
    """The ingestion hook (end of matching.services.upsert_postings): trigger matching when anything is new or changed.

    Runs after the upsert commits; never raises into ingestion.
    """
    if not (counts.get("new") or counts.get("updated")) or not job_ids:
        return
    ids = list(job_ids)
    transaction.on_commit(lambda: _quietly(on_postings_changed, job_ids=ids))


def _quietly(function, **kwargs):
    try:
        return function(**kwargs)
    except Exception as error:
        logger.warning("matching trigger failed: %s", type(error).__name__)
        return None


def on_profile_updated(event):
    """Event-bus hook: a `profile.updated` event starts a full recompute of that profile."""
    if event.type != "profile.updated":
        return
    profile_id = (event.data or {}).get("profile_id")
    user = get_user_model().objects.filter(pk=event.owner_id).first()
    if user is None or not isinstance(profile_id, int):
        return
    _schedule_quietly(user=user, profile_ids=[profile_id])


def recompute_all_profiles():
    """Nightly: a full recompute for every user's profiles (one job per user)."""
    users = get_user_model().objects.filter(profiles__isnull=False, is_active=True).distinct().order_by("pk")
    return [job.pk for user in users if (result := _schedule_quietly(user=user)) for job in [result[0]]]
