"""For every URL that takes an object id: how to make such an object owned by someone else.

`test_permissions.py` walks the URL resolver; a route with an id and no entry here fails the
meta-test, so a new route cannot ship without its cross-owner case (RELIABILITY.md row 25).
Each case returns (url kwargs, the model instance whose row must stay unchanged).
"""

from tests.factories import (
    ActivityFactory, ApplicationFactory, BackgroundJobFactory, FeedFactory, InterviewFactory, InterviewPrepFactory,
    JobFactory, MatchFactory, ProfileFactory, ResumeUploadFactory, SnapshotFactory, WebhookDeliveryFactory,
    WebhookEndpointFactory,
)
from tests.factories import ArtifactFactory, PacketFactory, PacketVersionFactory


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


def _resume_upload(owner):
    profile = ProfileFactory(owner=owner)
    upload = ResumeUploadFactory(profile=profile, filename="theirs-secret.pdf", data=b"abc",
                                 draft={"full_name": "Their Secret Name"})
    return {"pk": profile.pk, "upload_id": upload.pk}, upload


def _resume_file(owner):
    profile = ProfileFactory(owner=owner)
    upload = ResumeUploadFactory(profile=profile, filename="theirs-secret.txt", data=b"Their secret resume text")
    return {"profile_id": profile.pk, "upload_id": upload.pk}, upload


def _feed(owner):
    feed = FeedFactory(owner=owner, url="https://example.com/theirs-secret.rss", title="Their secret feed")
    return {"pk": feed.pk}, feed


def _feed_page(owner):
    kwargs, feed = _feed(owner)
    return {"feed_id": kwargs["pk"]}, feed


def _pasted_job(owner):
    """Postings are shared, except one a user pasted or uploaded: that one is theirs alone."""
    job = JobFactory(title="Their pasted secret posting", submitted_by=owner, content_hash="f" * 64,
                     description_text="Private notes of theirs")
    return {"pk": job.pk}, job


def _pasted_job_page(owner):
    kwargs, job = _pasted_job(owner)
    return {"job_id": kwargs["pk"]}, job


def _match(owner):
    job = _pasted_job(owner)[1]
    match = MatchFactory(profile=ProfileFactory(owner=owner), job=job, score=88.0, summary="Their secret match")
    return {"pk": match.pk}, match


def _match_page(owner):
    kwargs, match = _match(owner)
    return {"match_id": kwargs["pk"]}, match


def _application(owner):
    application = ApplicationFactory(owner=owner, title="Their secret application", company="Secret Corp",
                                     status="applied", notes="Their private notes about it")
    ActivityFactory(application=application, text="Their secret timeline entry")
    SnapshotFactory(application=application, posting_title="Their secret snapshot")
    return {"pk": application.pk}, application


def _application_page(owner):
    kwargs, application = _application(owner)
    return {"application_id": kwargs["pk"]}, application


def _interview(owner):
    interview = InterviewFactory(application=ApplicationFactory(owner=owner), location="Their secret meeting room",
                                 notes="Their secret interview notes")
    return {"pk": interview.pk}, interview


def _interview_prep(owner):
    prep = InterviewPrepFactory(profile=ProfileFactory(owner=owner), title="Their secret prep title", status="ready",
                                content={"technical": [{"question_id": "their-question"}], "behavioural": []})
    return {"pk": prep.pk}, prep


def _interview_prep_page(owner):
    kwargs, prep = _interview_prep(owner)
    return {"prep_id": kwargs["pk"]}, prep


def _interview_prep_answer(owner):
    kwargs, prep = _interview_prep(owner)
    return {**kwargs, "question_id": "their-question"}, prep


def _interview_prep_export(owner):
    kwargs, prep = _interview_prep(owner)
    return {**kwargs, "fmt": "md"}, prep


def _webhook_endpoint(owner):
    endpoint = WebhookEndpointFactory(owner=owner, url="https://hooks.example.com/theirs-secret", description="Their secret hook")
    return {"pk": endpoint.pk}, endpoint


def _webhook_endpoint_page(owner):
    kwargs, endpoint = _webhook_endpoint(owner)
    return {"endpoint_id": kwargs["pk"]}, endpoint


def _webhook_delivery(owner):
    delivery = WebhookDeliveryFactory(endpoint=_webhook_endpoint(owner)[1], body='{"data": "their secret body"}')
    return {"pk": delivery.pk}, delivery


def _webhook_delivery_page(owner):
    kwargs, delivery = _webhook_delivery(owner)
    return {"endpoint_id": delivery.endpoint_id, "delivery_id": kwargs["pk"]}, delivery
def _packet_file(owner):
    artifact = ArtifactFactory(version=PacketVersionFactory(packet=PacketFactory(owner=owner, design="their-secret-design")),
                               content=b"%PDF their secret CV")
    packet = artifact.version.packet
    return {"pk": packet.pk, "number": artifact.version.number, "document": "cv", "fmt": "pdf"}, packet


def _packet(owner):
    kwargs, packet = _packet_file(owner)
    return {"pk": kwargs["pk"]}, packet


def _packet_version(owner):
    kwargs, packet = _packet_file(owner)
    return {"pk": kwargs["pk"], "number": kwargs["number"]}, packet


def _packet_page(owner):
    kwargs, packet = _packet(owner)
    return {"packet_id": kwargs["pk"]}, packet


def _packet_file_page(owner):
    kwargs, packet = _packet_file(owner)
    return {"packet_id": kwargs.pop("pk"), **kwargs}, packet


# route name → maker. Names come from the URL resolver (namespaced for app URLconfs).
CASES = {
    "api-token-detail": _token,
    "revoke-api-token": _token_page,
    "background-job-detail": _background_job,
    "background-job-cancel": _background_job,
    "cancel-background-job": _background_job_page,
    "profile-detail": _profile,
    "profile-import-resume": _profile,
    "profile-json-resume": _profile,
    "profile-import-draft": _resume_upload,
    "profiles:edit": _profile_page,
    "profiles:delete": _profile_page,
    "profiles:make-default": _profile_page,
    "profiles:import": _profile_page,
    "profiles:export": _profile_page,
    "resume-file": _resume_file,
    "api-resume-file": _resume_file,
    "feed-detail": _feed,
    "feed-fetch": _feed,
    "matching:fetch-feed": _feed_page,
    "matching:delete-feed": _feed_page,
    "job-detail": _pasted_job,
    "matching:job-detail": _pasted_job_page,
    "match-detail": _match,
    "matching:match-detail": _match_page,
    "application-detail": _application,
    "application-change-status": _application,
    "application-notes": _application,
    "application-activities": _application,
    "application-interviews": _application,
    "application-snapshot": _application,
    "interview-detail": _interview,
    "tracking:detail": _application_page,
    "tracking:edit": _application_page,
    "tracking:status": _application_page,
    "tracking:note": _application_page,
    "tracking:interview": _application_page,
    "tracking:delete": _application_page,
    "interview-prep-detail": _interview_prep,
    "interview-prep-replan": _interview_prep,
    "interview-prep-practice-answer": _interview_prep_answer,
    "interview-prep-practice-feedback": _interview_prep_answer,
    "interview-prep-export": _interview_prep_export,
    "interviews:detail": _interview_prep_page,
    "interviews:practice": _interview_prep_page,
    "interviews:feedback": _interview_prep_page,
    "interviews:replan": _interview_prep_page,
    "interviews:delete": _interview_prep_page,
    "webhook-endpoint-detail": _webhook_endpoint,
    "webhook-endpoint-rotate-secret": _webhook_endpoint,
    "webhook-endpoint-send-test": _webhook_endpoint,
    "webhook-delivery-detail": _webhook_delivery,
    "webhook-delivery-resend": _webhook_delivery,
    "notifications:endpoint": _webhook_endpoint_page,
    "notifications:endpoint-test": _webhook_endpoint_page,
    "notifications:endpoint-rotate": _webhook_endpoint_page,
    "notifications:endpoint-toggle": _webhook_endpoint_page,
    "notifications:endpoint-delete": _webhook_endpoint_page,
    "notifications:delivery-resend": _webhook_delivery_page,
    "packet-detail": _packet,
    "packet-versions": _packet,
    "packet-rerender": _packet,
    "packet-version-detail": _packet_version,
    "packet-file": _packet_file,
    "packets:detail": _packet_page,
    "packets:rerender": _packet_page,
    "packets:file": _packet_file_page,
}

# Routes whose objects are not owned by a user (shared content), with the reason.
SHARED = {}

# Routes that take an id but are operator-only (admin) are excluded by prefix.
EXCLUDED_PREFIXES = ("admin:",)
