"""For every URL that takes an object id: how to make such an object owned by someone else.

`test_permissions.py` walks the URL resolver; a route with an id and no entry here fails the
meta-test, so a new route cannot ship without its cross-owner case (RELIABILITY.md row 25).
Each case returns (url kwargs, the model instance whose row must stay unchanged).
"""

from tests.factories import BackgroundJobFactory, ProfileFactory


def _token(owner):
    from jobly.tokens import create_token

    token, _ = create_token(user=owner, name="theirs")
    return {"pk": token.pk}, token


def _token_page(owner):
    kwargs, token = _token(owner)
    return {"token_id": kwargs["pk"]}, token


def _background_job(owner):
    job = BackgroundJobFactory(owner=owner)
    return {"pk": job.pk}, job


def _background_job_page(owner):
    job = BackgroundJobFactory(owner=owner)
    return {"job_id": job.pk}, job


def _profile(owner):
    profile = ProfileFactory(owner=owner)
    return {"pk": profile.pk}, profile


def _profile_page(owner):
    profile = ProfileFactory(owner=owner)
    return {"profile_id": profile.pk}, profile


# route name → maker. Names come from the URL resolver (namespaced for app URLconfs).
CASES = {
    "api-token-detail": _token,
    "revoke-api-token": _token_page,
    "background-job-detail": _background_job,
    "background-job-cancel": _background_job,
    "cancel-background-job": _background_job_page,
}

# Routes whose objects are not owned by a user (shared content), with the reason.
SHARED = {}

# Routes that take an id but are operator-only (admin) are excluded by prefix.
EXCLUDED_PREFIXES = ("admin:",)
