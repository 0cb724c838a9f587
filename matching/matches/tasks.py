"""Celery entry points for matches (imported from MatchingConfig.ready(); autodiscovery sees app-level tasks only)."""

from celery import shared_task


@shared_task(name="matching.recompute_all_profiles", ignore_result=True)
def recompute_all_profiles_task():
    """Beat, nightly: a full recompute job for every user with a profile."""
    from matching.matches import services

    return {"jobs": len(services.recompute_all_profiles())}
