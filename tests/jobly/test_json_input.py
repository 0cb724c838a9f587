"""One JSON reader for every JSON body and JSON Resume file: deep nesting, duplicate keys, NUL and lone
surrogates are a 400 with a code, never a RecursionError, a 500 or a worker traceback."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from drf_spectacular.generators import SchemaGenerator

from jobly.json_input import MAX_DEPTH, JSONInputError, loads
from jobly.models import Profile, ResumeUpload
from jobly.profiles.resume.extract import json_resume_document
from matching.models import Feed
from tests.factories import ApplicationFactory, InterviewPrepFactory, PacketFactory, ProfileFactory, WebhookEndpointFactory

pytestmark = pytest.mark.django_db

DEEP = "[" * 1_000_000 + "]" * 1_000_000  # 2 MB: what made every JSON endpoint answer 500 RecursionError
NUL_NAME = '{"basics": {"name": "Ada\\u0000Lovelace"}}'
SURROGATE_NAME = '{"basics": {"name": "Ada \\ud83d Lovelace"}}'
DUPLICATE = '{"basics": {"name": "Ada", "name": "Grace"}}'


def test_nesting_up_to_the_limit_is_read_and_one_more_level_is_refused():
    assert loads("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    with pytest.raises(JSONInputError) as refused:
        loads("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    assert refused.value.code == "json_too_deep" and refused.value.status == 400


def test_brackets_inside_strings_do_not_count_as_nesting():
    assert loads(json.dumps({"text": "[" * 10_000, "quote": '"[[[\\"'})) == {"text": "[" * 10_000, "quote": '"[[[\\"'}


@pytest.mark.parametrize(
    "text, code, field",
    [
        (NUL_NAME, "invalid_character", "basics.name"),
        (SURROGATE_NAME, "invalid_character", "basics.name"),
        ('{"work": [{"highlights": ["ok", "bad\\u0000"]}]}', "invalid_character", "work[0].highlights[1]"),
        ('{"ba\\u0000d": 1}', "invalid_character", "ba\x00d".encode().decode()),
        (DUPLICATE, "duplicate_key", "name"),
        ('{"n": NaN}', "malformed_json", None),
        ('{"n": 1e999}', "malformed_json", None),
    ],
)
def test_what_json_would_take_silently_or_crash_on_is_refused_naming_the_field(text, code, field):
    with pytest.raises(JSONInputError) as refused:
        loads(text)
    assert refused.value.code == code
    if field is not None:
        assert field in refused.value.details


def _json_body_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        (method.upper(), path) for path, item in schema["paths"].items() for method, operation in item.items()
        if "application/json" in operation.get("requestBody", {}).get("content", {})
    )


@pytest.fixture
def json_endpoints(user):
    feed = Feed.objects.create(owner=user, url="https://example.com/jobs.rss")
    profile = ProfileFactory(owner=user)
    application = ApplicationFactory(owner=user, profile=profile)
    prep = InterviewPrepFactory(profile=profile, status="ready", content={"technical": [{"question_id": "q-1"}]})
    endpoint = WebhookEndpointFactory(owner=user)
    ids = {"feeds": feed.pk, "profiles": profile.pk, "applications": application.pk, "interview-preps": prep.pk,
           "webhooks/endpoints": endpoint.pk, "packets": PacketFactory(owner=user, profile=profile).pk}
    endpoints = []
    for method, path in _json_body_operations():
        for collection, pk in ids.items():
            path = path.replace(f"/api/{collection}/{{id}}", f"/api/{collection}/{pk}")
        path = path.replace("{question_id}", "q-1")
        # A new endpoint with an id must be given one of the user's rows here, or the body never reaches it.
        assert "{" not in path, f"no row of the user's for {path}: add one to this fixture"
        endpoints.append((method, path))
    return endpoints


def test_the_list_of_json_endpoints_is_what_the_schema_declares(json_endpoints):
    assert len(json_endpoints) >= 12  # every one of them is sent the deep body below


def test_a_2_mb_nested_body_is_400_on_every_json_endpoint(auth_client, json_endpoints):
    for method, path in json_endpoints:
        response = auth_client.generic(method, path, DEEP, content_type="application/json")
        assert response.status_code == 400, (method, path, response.content[:200])
        assert response.json()["error"]["code"] == "json_too_deep", (method, path)


@pytest.mark.parametrize("text, code", [(NUL_NAME, "invalid_character"), (SURROGATE_NAME, "invalid_character"),
                                        (DUPLICATE, "duplicate_key")])
def test_a_json_resume_body_with_a_bad_string_or_a_repeated_key_is_400(auth_client, text, code):
    response = auth_client.post("/api/profiles/import-json-resume", text, content_type="application/json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == code
    assert error["details"]
    assert not Profile.objects.exists()


@pytest.mark.parametrize("text, code", [(DEEP, "json_too_deep"), (NUL_NAME, "invalid_character"),
                                        (SURROGATE_NAME, "invalid_character"), (DUPLICATE, "duplicate_key")])
def test_a_json_resume_file_upload_is_refused_in_the_request(auth_client, user, text, code):
    profile = ProfileFactory(owner=user)
    upload = SimpleUploadedFile("cv.json", ("{\"x\": " + text + "}" if text is DEEP else text).encode())
    response = auth_client.post(f"/api/profiles/{profile.pk}/import", {"file": upload}, format="multipart")
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == code
    assert not ResumeUpload.objects.exists()


def test_the_json_resume_page_shows_the_refusal(logged_in_client):
    upload = SimpleUploadedFile("cv.json", NUL_NAME.encode())
    response = logged_in_client.post("/profiles/import-json-resume/", {"file": upload})
    assert response.status_code == 400
    assert "basics.name contains a NUL character" in response.content.decode()
    assert not Profile.objects.exists()


def test_the_worker_reader_refuses_the_same_way():
    with pytest.raises(JSONInputError) as refused:
        json_resume_document(SURROGATE_NAME.encode())
    assert refused.value.code == "invalid_character"
    with pytest.raises(JSONInputError) as refused:
        json_resume_document(b"{not json")
    assert (refused.value.code, refused.value.status) == ("invalid_json_resume", 422)
