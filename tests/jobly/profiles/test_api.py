import json

import pytest

from jobly import background
from jobly.models import BackgroundJob, Profile, ResumeUpload
from tests.factories import ProfileFactory, ResumeUploadFactory
from tests.jobly.profiles.conftest import (
    DATA, blank_pdf, docx_bomb, encrypted_pdf, resume_rows, upload, wrong_startxref_pdf, zip_bytes,
)

pytestmark = pytest.mark.django_db


def _import(client, profile, name, content):
    return client.post(f"/api/profiles/{profile.pk}/import", {"file": upload(name, content)}, format="multipart")


def test_create_list_update_delete_profile(auth_client, user):
    created = auth_client.post("/api/profiles", {"name": "Backend", "headline": "Python developer", "skills": [{"name": "Postgres"}]}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["is_default"] is True  # the first profile becomes the default
    assert body["skills"] == [{"name": "Postgres", "normalized": "PostgreSQL", "level": "", "years": None, "group": ""}]

    second = auth_client.post("/api/profiles", {"name": "Data", "is_default": True}, format="json").json()
    listed = auth_client.get("/api/profiles").json()["results"]
    assert [p["name"] for p in listed] == ["Data", "Backend"]
    assert [p["is_default"] for p in listed] == [True, False]

    patched = auth_client.patch(f"/api/profiles/{body['id']}", {"experience": [{"title": "Engineer", "company": "Acme", "start": "2020-01", "current": True, "bullets": ["Shipped"]}]}, format="json")
    assert patched.status_code == 200
    assert patched.json()["experience"][0]["end"] == ""

    assert auth_client.delete(f"/api/profiles/{second['id']}").status_code == 204
    assert Profile.objects.get(pk=body["id"]).is_default is True  # the default moves on


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"skills": [{"level": "expert"}]}, "skills"),
        ({"skills": "Python"}, "skills"),
        ({"experience": [{"title": "Dev", "start": "January"}]}, "experience"),
        ({"experience": [{"title": "Dev", "start": "2020-05", "end": "2019-01"}]}, "experience"),
        ({"experience": [{"location": "Paris"}]}, "experience"),
        ({"education": [{"field": "Maths"}]}, "education"),
        ({"languages": [{"fluency": "native"}]}, "languages"),
        ({"links": [{"label": "site"}]}, "links"),
        ({"target_titles": "Engineer"}, "target_titles"),
    ],
)
def test_badly_shaped_lists_are_400_with_the_field(auth_client, user, payload, field):
    profile = ProfileFactory(owner=user)
    response = auth_client.patch(f"/api/profiles/{profile.pk}", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]


def test_import_returns_202_and_the_job_parses_a_draft(auth_client, user, django_capture_on_commit_callbacks):
    profile = ProfileFactory(owner=user, full_name="")
    with django_capture_on_commit_callbacks(execute=False):
        response = _import(auth_client, profile, "Alice Clark CV.docx", (DATA / "Alice Clark CV.docx").read_bytes())
    assert response.status_code == 202
    body = response.json()
    assert body["type"] == "profiles.import_resume" and body["status"] == "queued"
    job = background.run(body["job_id"])
    assert job.status == "succeeded", job.error
    assert job.result["upload_id"] == body["upload_id"]
    draft = auth_client.get(f"/api/profiles/{profile.pk}/imports/{body['upload_id']}").json()["draft"]
    assert draft["full_name"] == "Alice Clark"
    assert draft["experience"][0]["company"] == "Microsoft"
    profile.refresh_from_db()
    assert profile.full_name == ""  # nothing is applied until the user saves the draft


def test_import_records_how_the_pdf_was_read(auth_client, user, django_capture_on_commit_callbacks):
    profile = ProfileFactory(owner=user)
    with django_capture_on_commit_callbacks(execute=False):
        response = _import(auth_client, profile, "cv.pdf", wrong_startxref_pdf(resume_rows()["Sales"]))
    assert background.run(response.json()["job_id"]).status == "succeeded"
    body = auth_client.get(f"/api/profiles/{profile.pk}/imports/{response.json()['upload_id']}").json()
    assert body["extraction_method"] == "pypdf"
    assert body["page_count"] >= 2 and body["char_count"] > 500
    assert body["duplicate_of"] is None


def test_identical_upload_says_so_and_offers_the_earlier_result(auth_client, user, django_capture_on_commit_callbacks):
    profile = ProfileFactory(owner=user)
    content = (DATA / "Alice Clark CV.docx").read_bytes()
    with django_capture_on_commit_callbacks(execute=False):
        first = _import(auth_client, profile, "Alice Clark CV.docx", content).json()
    assert background.run(first["job_id"]).status == "succeeded"
    with django_capture_on_commit_callbacks(execute=False):
        second = _import(auth_client, profile, "copy.docx", content).json()
    job = background.run(second["job_id"])
    assert job.status == "succeeded"
    assert job.result["duplicate_of"]["upload_id"] == first["upload_id"]
    assert job.result["review_url"] == f"/profiles/{profile.pk}/?upload={first['upload_id']}"
    body = auth_client.get(f"/api/profiles/{profile.pk}/imports/{second['upload_id']}").json()
    assert body["duplicate_of"] == first["upload_id"]
    assert "identical" in body["notes"][0]
    assert body["draft"]["full_name"] == "Alice Clark"


def test_same_bytes_for_another_profile_are_parsed_again(auth_client, user, django_capture_on_commit_callbacks):
    content = (DATA / "Alice Clark CV.txt").read_bytes()
    results = []
    for profile in (ProfileFactory(owner=user), ProfileFactory(owner=user)):
        with django_capture_on_commit_callbacks(execute=False):
            body = _import(auth_client, profile, "cv.txt", content).json()
        results.append(background.run(body["job_id"]).result)
    assert [result["duplicate_of"] for result in results] == [None, None]


def test_json_resume_upload_goes_through_the_same_job(auth_client, user, django_capture_on_commit_callbacks):
    profile = ProfileFactory(owner=user)
    with django_capture_on_commit_callbacks(execute=False):
        response = _import(auth_client, profile, "cv.json", (DATA / "senior-engineer.resume.json").read_bytes())
    job = background.run(response.json()["job_id"])
    assert job.status == "succeeded"
    upload_row = ResumeUpload.objects.get(pk=response.json()["upload_id"])
    assert upload_row.kind == "json_resume"
    assert upload_row.draft["experience"]


@pytest.mark.parametrize(
    ("name", "content", "status", "code"),
    [
        ("cv.pdf", b"MZ" + bytes(range(256)) * 8, 415, "unsupported_type"),
        ("cv.pdf", b"<html><body>hi</body></html>", 415, "unsupported_type"),
        ("cv.docx", None, 422, "archive_too_large"),
        ("cv.docx", "traversal", 422, "malformed_archive"),
        ("cv.txt", b"", 422, "empty_text"),
    ],
)
def test_bad_uploads_get_precise_errors_and_store_nothing(auth_client, user, name, content, status, code):
    if content is None:
        content = docx_bomb()
    elif content == "traversal":
        content = zip_bytes([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w/>"), ("../../etc/cron.d/x", "x")])
    profile = ProfileFactory(owner=user)
    response = _import(auth_client, profile, name, content)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert ResumeUpload.objects.count() == 0
    assert BackgroundJob.objects.count() == 0


def test_upload_over_the_limit_is_413(auth_client, user, settings):
    settings.UPLOAD_MAX_BYTES = 4096
    profile = ProfileFactory(owner=user)
    response = _import(auth_client, profile, "cv.txt", b"a" * 5000)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "file_too_large"
    assert ResumeUpload.objects.count() == 0


def test_import_without_a_file_is_400(auth_client, user):
    profile = ProfileFactory(owner=user)
    response = auth_client.post(f"/api/profiles/{profile.pk}/import", {}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "file_required"


@pytest.mark.parametrize(
    ("content", "code"),
    [(encrypted_pdf, "pdf_encrypted"), (blank_pdf, "pdf_no_text"), (lambda: b"%PDF-1.4\ngarbage", "parse_error")],
)
def test_bad_pdfs_fail_the_job_with_a_code_and_leave_the_profile_alone(auth_client, user, django_capture_on_commit_callbacks, content, code):
    profile = ProfileFactory(owner=user, full_name="Before")
    with django_capture_on_commit_callbacks(execute=False):
        response = _import(auth_client, profile, "cv.pdf", content())
    assert response.status_code == 202
    job = background.run(response.json()["job_id"])
    assert job.status == "failed"
    assert job.attempts == 1  # bad input is never retried
    assert job.error["code"] == code
    assert ResumeUpload.objects.get().draft is None
    profile.refresh_from_db()
    assert profile.full_name == "Before"


def test_json_resume_export_is_a_download_that_validates(auth_client, user):
    from jobly.profiles.services import validate_json_resume

    profile = ProfileFactory(owner=user, email="ada@example.com", experience=[{"title": "Engineer", "company": "Acme", "start": "2020-01", "end": "", "current": True, "bullets": ["Built"]}])
    response = auth_client.get(f"/api/profiles/{profile.pk}/json-resume")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    validate_json_resume(document)
    assert document["work"][0]["name"] == "Acme"


def test_json_resume_import_creates_a_profile_and_round_trips(auth_client, user):
    document = json.loads((DATA / "new-grad.resume.json").read_text(encoding="utf-8"))
    response = auth_client.post("/api/profiles/import-json-resume?name=Grad", document, format="json")
    assert response.status_code == 201, response.json()
    profile = Profile.objects.get(pk=response.json()["id"])
    assert profile.name == "Grad"
    exported = auth_client.get(f"/api/profiles/{profile.pk}/json-resume").json()
    assert exported["basics"]["name"] == document["basics"]["name"]
    assert [w["name"] for w in exported["work"]] == [w["name"] for w in document["work"]]


def test_json_resume_import_rejects_schema_violations_with_details(auth_client, user):
    response = auth_client.post("/api/profiles/import-json-resume", {"basics": {"name": 42}, "work": [{"startDate": "last year"}]}, format="json")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_json_resume"
    assert "basics/name" in error["details"] and "work/0/startDate" in error["details"]
    assert Profile.objects.count() == 0


def _other_users_profile_endpoints(profile_id):
    return [
        ("get", f"/api/profiles/{profile_id}", None),
        ("patch", f"/api/profiles/{profile_id}", {"name": "mine now"}),
        ("put", f"/api/profiles/{profile_id}", {"name": "mine now"}),
        ("delete", f"/api/profiles/{profile_id}", None),
        ("post", f"/api/profiles/{profile_id}/import", {"file": upload("cv.txt", b"Ada Lovelace")}),
        ("get", f"/api/profiles/{profile_id}/json-resume", None),
        ("get", f"/api/profiles/{profile_id}/imports/1", None),
    ]


@pytest.mark.parametrize("index", range(7))
def test_another_users_profile_is_404_on_every_endpoint(auth_client, other_user, index):
    profile = ProfileFactory(owner=other_user, name="Theirs")
    method, url, data = _other_users_profile_endpoints(profile.pk)[index]
    response = getattr(auth_client, method)(url, data, format="multipart" if method == "post" else "json")
    assert response.status_code == 404
    assert "Theirs" not in response.content.decode()
    profile.refresh_from_db()
    assert profile.name == "Theirs"
    assert ResumeUpload.objects.count() == 0


def test_another_users_upload_is_404_through_my_own_profile(auth_client, user, other_user):
    mine = ProfileFactory(owner=user)
    theirs = ProfileFactory(owner=other_user)
    their_upload = ResumeUploadFactory(profile=theirs, draft={"full_name": "Secret"})
    response = auth_client.get(f"/api/profiles/{mine.pk}/imports/{their_upload.pk}")
    assert response.status_code == 404


def test_list_shows_only_my_profiles(auth_client, user, other_user):
    ProfileFactory(owner=user, name="Mine")
    ProfileFactory(owner=other_user, name="Theirs")
    assert [p["name"] for p in auth_client.get("/api/profiles").json()["results"]] == ["Mine"]


def test_anonymous_requests_are_refused(api_client):
    assert api_client.get("/api/profiles").status_code in (401, 403)


def test_too_many_files_in_one_request_is_400_and_stores_nothing(auth_client, user, settings):
    profile = ProfileFactory(owner=user)
    files = {f"file{n}": upload(f"cv{n}.txt", b"Ada Lovelace") for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)}
    files["file"] = upload("cv.txt", b"Ada Lovelace")
    response = auth_client.post(f"/api/profiles/{profile.pk}/import", files, format="multipart")
    assert response.status_code == 400
    assert set(response.json()) == {"error", "request_id"}
    assert ResumeUpload.objects.count() == 0 and BackgroundJob.objects.count() == 0


@pytest.mark.django_db
def test_json_resume_import_with_a_nul_in_the_name_is_400_not_500(auth_client):
    # Found by the schema fuzzer: PostgreSQL rejects NUL in text, so it must never reach a save.
    response = auth_client.post("/api/profiles/import-json-resume?name=%00", {"basics": {"name": "x"}}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["details"]["name"]
