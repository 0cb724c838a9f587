import pytest

from tests.factories import ApplicationFactory, JobFactory, MatchFactory, ProfileFactory


@pytest.fixture
def tracked(user):
    """A saved application of `user` for a posting with a match of their default profile."""
    profile = ProfileFactory(owner=user, is_default=True, name="Backend")
    job = JobFactory(company="Acme", description_text="We build Python APIs.", description_html="<p>We build Python APIs.</p>",
                     canonical_url="https://acme.example/jobs/1", source="acme.example")
    match = MatchFactory(profile=profile, job=job, score=82.4, summary="Strong fit",
                         reasons={"matched_skills": ["Python"], "missing_required_skills": ["Kubernetes"]},
                         components={"text": {"value": 0.7}})
    application = ApplicationFactory(owner=user, job=job, profile=profile, match_score=82.4, source="acme.example")
    return {"application": application, "job": job, "profile": profile, "match": match}
