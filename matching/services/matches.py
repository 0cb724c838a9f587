"""Match writes: rank postings for a profile, upsert Match rows, announce new ones; start recompute jobs."""

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.forms.models import model_to_dict
from django.utils import timezone

from jobly import background
from jobly.errors import NotFound
from jobly.events import publish
from jobly.models import Profile
from matching import read_cache
from matching.index_cache import current_index
from matching.models import Job, Match
from matching.scoring import profile_features_from_fields, rank
from matching.scoring.features import PROFILE_MATCHING_FIELDS

JOB_TYPE = "matches.recompute"
NEW_MATCHES_LISTED = 20  # a match.new event lists at most this many (the count says how many in all)
PROFILE_FIELDS = PROFILE_MATCHING_FIELDS


def _quiet(percent, message):
    return None


def _hidden_posting_ids(user):
    """Postings another user pasted privately: never matched for this user."""
    return set(Job.objects.filter(submitted_by__isnull=False).exclude(submitted_by=user).values_list("id", flat=True))


def _new_match_entry(match, job):
    return {"match_id": match.pk, "profile_id": match.profile_id, "job_id": job.pk, "score": match.score,
            "title": job.title, "company": job.company, "summary": match.summary}


def recompute_matches(*, profile, posting_ids=None, reporter=None, index=None, notify=True):
    """Rank postings for `profile` and store the matches; returns a summary with the new ones.

    Full (`posting_ids` None): the best MATCH_TOP_K postings replace the profile's matches; the rest,
    and postings that dropped out (an excluded company, an avoided keyword, a deleted posting),
    lose their Match. Incremental: only `posting_ids` are scored and upserted (or removed when they
    dropped out), then the profile keeps its best MATCH_TOP_K (`_recompute_new_postings`). With
    `notify`, new matches at or above MATCH_NEW_THRESHOLD are announced in one `match.new` event.
    """
    reporter = reporter or _quiet
    if index is None:
        index, _ = current_index(progress=lambda p, m: reporter(p * 0.5, m))
    if posting_ids is not None:
        summary = _recompute_new_postings([profile], index, posting_ids, reporter)[0]
        if notify and summary["new_above_threshold"]:
            with transaction.atomic():
                publish_new_matches(user=profile.owner_id, entries=summary["new_above_threshold"])
        return summary
    features = profile_features_from_fields(model_to_dict(profile, fields=PROFILE_FIELDS))
    hidden = _hidden_posting_ids(profile.owner_id)
    reporter(50, f"Scoring {len(index)} postings for {profile.name}")
    ranked = rank(features, index, top_k=settings.MATCH_TOP_K, weights=settings.MATCH_WEIGHTS,
                  filters={"exclude_ids": hidden})
    reporter(85, f"Saving matches for {profile.name}")
    now = timezone.now()
    with transaction.atomic():
        # One writer per profile at a time: concurrent runs queue here instead of interleaving.
        if Profile.objects.select_for_update().filter(pk=profile.pk).first() is None:
            return {"profile_id": profile.pk, "scored": 0, "new": 0, "removed": 0, "new_above_threshold": [],
                    "index_version": index.version, "postings": len(index), "skipped": "profile_deleted"}
        if ranked:
            existing_jobs = set(Job.objects.filter(pk__in=[m.posting_id for m in ranked]).values_list("id", flat=True))
            ranked = [m for m in ranked if m.posting_id in existing_jobs]
        before = set(Match.objects.filter(profile=profile).values_list("job_id", flat=True))
        rows = [
            Match(profile=profile, job_id=m.posting_id, score=m.score, components=m.components,
                  reasons={k: v for k, v in m.reasons.items() if k != "components"}, summary=m.summary[:500],
                  computed_at=now, index_version=index.version, created_at=now)
            for m in ranked
        ]
        if rows:
            Match.objects.bulk_create(
                rows, batch_size=500, update_conflicts=True, unique_fields=["profile", "job"],
                update_fields=["score", "components", "reasons", "summary", "computed_at", "index_version"],
            )
        kept = {m.posting_id for m in ranked}
        deleted = Match.objects.filter(profile=profile).exclude(job_id__in=kept).delete()[0]
        new_ids = [m.posting_id for m in ranked if m.posting_id not in before]
        new_above = _new_above_threshold(profile, new_ids)
        read_cache.matches_changed(profile.owner_id)
        if notify and new_above:
            publish_new_matches(user=profile.owner_id, entries=new_above)
    reporter(100, f"{profile.name}: {len(ranked)} scored, {len(new_ids)} new, {deleted} removed")
    return {"profile_id": profile.pk, "scored": len(ranked), "new": len(new_ids), "removed": deleted,
            "new_above_threshold": new_above, "index_version": index.version, "postings": len(index)}


def _kept_cutoffs(profile_ids):
    """{profile id: the score a new match must reach to enter its kept MATCH_TOP_K}, in one query; a
    profile with room left is missing (no cutoff)."""
    if not profile_ids:
        return {}
    return dict(_ranked_matches(profile_ids).filter(place=settings.MATCH_TOP_K).values_list("profile_id", "score"))


def _ranked_matches(profile_ids):
    """These profiles' matches, each with its place in its profile's ranking (1 = best; ties by job id)."""
    return (Match.objects.filter(profile_id__in=profile_ids)
            .annotate(place=Window(RowNumber(), partition_by=[F("profile_id")], order_by=[F("score").desc(), F("job_id")])))


def _incremental_run(index, profiles, posting_ids):
    """What every profile of one user shares in an incremental run: the rows of the new postings (one
    view of the index), how many, and each profile's cutoff."""
    owners = {profile.owner_id for profile in profiles}
    hidden = _hidden_posting_ids(owners.pop()) if len(owners) == 1 else None
    if hidden is None:
        raise ValueError("an incremental run covers the profiles of one user")
    candidates = [pk for pk in set(posting_ids) if pk not in hidden]
    rows = np.flatnonzero(np.isin(index.ids, np.asarray(candidates))) if candidates else []
    return {"subset": index.subset(rows) if len(rows) else None, "candidates": len(candidates),
            "cutoffs": _kept_cutoffs([profile.pk for profile in profiles])}


def _recompute_new_postings(profiles, index, posting_ids, reporter):
    """An incremental run for all of one user's profiles at once: each profile scores only the new rows
    (what `recompute_matches` does with `posting_ids`), then one transaction writes every profile's
    rows with a fixed number of statements (lock, existence check, upsert, stale delete, trim, new
    ones), not that many per profile. Returns one summary per profile, as recompute_matches does."""
    shared = _incremental_run(index, profiles, posting_ids)
    ranked_by_profile = {}
    share = 70 / len(profiles)
    for position, profile in enumerate(profiles):
        reporter(20 + position * share, f"Profile {position + 1} of {len(profiles)}: scoring {shared['candidates']} "
                                        f"postings for {profile.name}")
        cutoff = shared["cutoffs"].get(profile.pk, -1.0)
        features = profile_features_from_fields(model_to_dict(profile, fields=PROFILE_FIELDS))
        ranked_by_profile[profile.pk] = rank(features, shared["subset"], top_k=None, weights=settings.MATCH_WEIGHTS,
                                             filters={"min_score": cutoff}) if shared["subset"] is not None else []
    reporter(90, "Saving matches")
    now = timezone.now()
    posting_ids = set(posting_ids)
    with transaction.atomic():
        # One writer per profile at a time (the same row locks as recompute_matches takes), in id order.
        alive = set(Profile.objects.select_for_update().filter(pk__in=ranked_by_profile).order_by("pk")
                    .values_list("pk", flat=True))
        scored = {pid for ranked in ranked_by_profile.values() for pid in (m.posting_id for m in ranked)}
        existing_jobs = set(Job.objects.filter(pk__in=scored).values_list("id", flat=True)) if scored else set()
        for pk in ranked_by_profile:
            ranked_by_profile[pk] = [m for m in ranked_by_profile[pk] if m.posting_id in existing_jobs] if pk in alive else []
        touched = {(row["profile_id"], row["job_id"]): row["id"] for row in
                   Match.objects.filter(profile_id__in=alive, job_id__in=posting_ids).values("id", "profile_id", "job_id")}
        rows = [
            Match(profile_id=pk, job_id=m.posting_id, score=m.score, components=m.components,
                  reasons={k: v for k, v in m.reasons.items() if k != "components"}, summary=m.summary[:500],
                  computed_at=now, index_version=index.version, created_at=now)
            for pk, ranked in ranked_by_profile.items() for m in ranked
        ]
        if rows:
            Match.objects.bulk_create(
                rows, batch_size=500, update_conflicts=True, unique_fields=["profile", "job"],
                update_fields=["score", "components", "reasons", "summary", "computed_at", "index_version"],
            )
        kept = {(pk, m.posting_id) for pk, ranked in ranked_by_profile.items() for m in ranked}
        stale, removed = [], dict.fromkeys(ranked_by_profile, 0)
        for (profile_id, job_id), match_id in touched.items():
            if (profile_id, job_id) not in kept:
                stale.append(match_id)
                removed[profile_id] += 1
        if stale:
            Match.objects.filter(id__in=stale).delete()
        grown = [pk for pk, ranked in ranked_by_profile.items() if ranked]
        for pk, count in _trim_profiles(grown).items():
            removed[pk] += count
        new_pairs = {pair for pair in kept if pair not in touched}
        new_above = _new_above_threshold_of(new_pairs)
        if rows or stale:
            read_cache.matches_changed(profiles[0].owner_id)
    summaries = []
    for profile in profiles:
        ranked = ranked_by_profile[profile.pk]
        new = sum(1 for m in ranked if (profile.pk, m.posting_id) in new_pairs)
        summary = {"profile_id": profile.pk, "scored": len(ranked), "new": new, "removed": removed[profile.pk],
                   "new_above_threshold": new_above.get(profile.pk, []), "index_version": index.version,
                   "postings": len(index)}
        if profile.pk not in alive:
            summary["skipped"] = "profile_deleted"
        summaries.append(summary)
    reporter(100, f"{sum(s['scored'] for s in summaries)} scored, {len(new_pairs)} new")
    return summaries


def _trim_profiles(profile_ids):
    """Keep each profile's best MATCH_TOP_K matches, in two statements for all of them: {profile id: removed}."""
    if not profile_ids:
        return {}
    extra = list(_ranked_matches(profile_ids).filter(place__gt=settings.MATCH_TOP_K).values_list("id", "profile_id"))
    if not extra:
        return {}
    Match.objects.filter(id__in=[match_id for match_id, _ in extra]).delete()
    removed = {}
    for _, profile_id in extra:
        removed[profile_id] = removed.get(profile_id, 0) + 1
    return removed


def _new_above_threshold_of(pairs):
    """{profile id: new-match entries at or above MATCH_NEW_THRESHOLD} for these (profile, job) pairs."""
    if not pairs:
        return {}
    matches = (Match.objects.filter(profile_id__in={pk for pk, _ in pairs}, job_id__in={job for _, job in pairs},
                                    score__gte=settings.MATCH_NEW_THRESHOLD)
               .select_related("job").order_by("-score", "job_id"))
    found = {}
    for match in matches:
        if (match.profile_id, match.job_id) in pairs:
            found.setdefault(match.profile_id, []).append(_new_match_entry(match, match.job))
    return found


def _new_above_threshold(profile, new_posting_ids):
    return _new_above_threshold_of({(profile.pk, job_id) for job_id in new_posting_ids}).get(profile.pk, [])


def publish_new_matches(*, user, entries):
    """One `match.new` event for a run: how many new matches passed the threshold, and the best of them."""
    entries = sorted(entries, key=lambda e: (-e["score"], e["job_id"]))
    return publish(user, "match.new", {
        "count": len(entries), "threshold": settings.MATCH_NEW_THRESHOLD,
        "profile_ids": sorted({e["profile_id"] for e in entries}), "matches": entries[:NEW_MATCHES_LISTED],
    })


def recompute_for_user(*, user_id, profile_ids=None, posting_ids=None, reporter=None, check_cancelled=None, announce=True):
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
    index, changed = current_index(progress=lambda p, m: reporter(p * 0.2, m), only_ids=posting_ids)
    if posting_ids is not None:
        check_cancelled()
        summaries = _recompute_new_postings(profiles, index, posting_ids, reporter)
        announced = [entry for summary in summaries for entry in summary.pop("new_above_threshold")]
        if announce and announced:
            with transaction.atomic():
                publish_new_matches(user=user_id, entries=announced)
        return {"profiles": summaries, "new_above_threshold": len(announced), "index_version": index.version,
                "postings": len(index), "postings_reindexed": len(changed), "announced": announced}
    summaries, announced = [], []
    share = 80 / len(profiles)
    for position, profile in enumerate(profiles):
        check_cancelled()
        base = 20 + position * share

        def report(percent, message, base=base, position=position):
            reporter(base + share * percent / 100, f"Profile {position + 1} of {len(profiles)}: {message}")

        summary = recompute_matches(profile=profile, reporter=report, index=index, notify=False)
        announced.extend(summary.pop("new_above_threshold"))
        summaries.append(summary)
    if announce and announced:
        with transaction.atomic():
            publish_new_matches(user=user_id, entries=announced)
    return {"profiles": summaries, "new_above_threshold": len(announced), "index_version": index.version,
            "postings": len(index), "postings_reindexed": len(changed), "announced": announced}


def schedule_recompute(*, user, profile_ids=None, posting_ids=None):
    """Start a "matches.recompute" job; (job, created) like background.enqueue.

    Full when `posting_ids` is None. Incremental for `posting_ids`: the ids join the user's queued
    incremental job if there is one (or nothing is added when a queued full run covers them), so
    a burst of feed fetches starts one job per user, not one per feed.
    """
    if profile_ids is not None:
        profile_ids = sorted({int(pk) for pk in profile_ids})
        owned = set(Profile.objects.for_user(user).filter(pk__in=profile_ids).values_list("id", flat=True))
        if owned != set(profile_ids):
            raise NotFound("Profile not found.")
    if posting_ids is None:
        return background.enqueue(user=user, type=JOB_TYPE, params={"profile_ids": profile_ids, "posting_ids": None},
                                  message="Queued: matching against all postings")
    return background.enqueue_or_extend(
        user=user, type=JOB_TYPE, params={"profile_ids": profile_ids, "posting_ids": sorted({int(pk) for pk in posting_ids})},
        extend="posting_ids", message="Queued: matching new postings",
    )
