import json

import pytest

from jobly import background
from jobly.models import BackgroundJob, Profile, ResumeUpload
from tests.factories import ProfileFactory, ResumeUploadFactory
from tests.jobly.profiles.conftest import DATA, docx_bomb, upload

pytestmark = pytest.mark.django_db


def test_profile_list_has_an_empty_state(logged_in_client):
    page = logged_in_client.get("/profiles/").content.decode()
    assert "You have no profiles yet" in page


def test_profile_list_queries_do_not_grow_with_profiles(logged_in_client, user, django_assert_max_num_queries):
    for n in range(10):
        ProfileFactory(owner=user, name=f"P{n}", skills=[{"name": "Python", "normalized": "Python", "level": "", "years": None}])
    with django_assert_max_num_queries(8):
        page = logged_in_client.get("/profiles/").content.decode()
    assert page.count("Import resume") == 10


def test_import_page_states_the_upload_limit(logged_in_client, user, settings):
    settings.UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    profile = ProfileFactory(owner=user)
    assert "Up to 5 MB." in logged_in_client.get(f"/profiles/{profile.pk}/import/").content.decode()


def test_create_profile_from_the_list_page(logged_in_client, user):
    response = logged_in_client.post("/profiles/", {"name": "Backend"})
    profile = Profile.objects.get(owner=user)
    assert response.status_code == 302 and response["Location"] == f"/profiles/{profile.pk}/"
    assert profile.is_default
    assert "Backend" in logged_in_client.get("/profiles/").content.decode()


def test_editor_saves_lists_in_the_submitted_order(logged_in_client, user):
    profile = ProfileFactory(owner=user, is_default=True)
    experience = [
        {"title": "Lead", "company": "Beta", "start": "2021-01", "current": True, "bullets": ["Second job"]},
        {"title": "Dev", "company": "Alpha", "start": "2018-01", "end": "2020-12", "bullets": ["b2", "b1"]},
    ]
    response = logged_in_client.post(f"/profiles/{profile.pk}/", {
        "name": "Renamed", "full_name": "Ada Lovelace", "email": "ada@example.com", "headline": "", "summary": "",
        "phone": "", "location": "", "remote_preference": "remote", "seniority": "senior", "salary_currency": "EUR",
        "min_salary": "60000", "target_titles": "Engineer\nLead\n", "target_locations": "", "excluded_companies": "",
        "avoid_keywords": "", "unplaced_text": "kept", "is_default": "on",
        "experience": json.dumps(experience), "skills": json.dumps([{"name": "k8s"}, {"name": "Postgres", "years": 3}]),
        "education": "[]", "certifications": "[]", "languages": "[]", "links": "[]",
    })
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.name == "Renamed"
    assert [e["company"] for e in profile.experience] == ["Beta", "Alpha"]
    assert profile.experience[1]["bullets"] == ["b2", "b1"]
    assert [s["normalized"] for s in profile.skills] == ["Kubernetes", "PostgreSQL"]
    assert profile.target_titles == ["Engineer", "Lead"]
    assert profile.min_salary == 60000
    assert profile.unplaced_text == "kept"


def test_editor_shows_errors_and_saves_nothing(logged_in_client, user):
    profile = ProfileFactory(owner=user, name="Before")
    response = logged_in_client.post(f"/profiles/{profile.pk}/", {
        "name": "After", "experience": json.dumps([{"title": "Dev", "start": "someday"}]),
    })
    assert response.status_code == 400
    assert "Use YYYY, YYYY-MM or YYYY-MM-DD." in response.content.decode()
    profile.refresh_from_db()
    assert profile.name == "Before"


def test_import_page_runs_the_job_and_review_prefills_the_editor(logged_in_client, user, django_capture_on_commit_callbacks):
    profile = ProfileFactory(owner=user, full_name="")
    with django_capture_on_commit_callbacks(execute=False):
        response = logged_in_client.post(f"/profiles/{profile.pk}/import/", {"file": upload("cv.txt", (DATA / "Alice Clark CV.txt").read_bytes())})
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/profiles/{profile.pk}/import/?job={job.pk}"
    progress_page = logged_in_client.get(response["Location"]).content.decode()
    assert f'data-import-job="{job.pk}"' in progress_page
    job = background.run(job.pk)
    review = logged_in_client.get(job.result["review_url"]).content.decode()
    assert "Review the import of <bdi>cv.txt</bdi>" in review
    assert 'value="Alice Clark"' in review
    assert "Microsoft" in review
    profile.refresh_from_db()
    assert profile.full_name == ""


@pytest.mark.parametrize(
    ("content", "status", "code"),
    [(b"MZ" + bytes(range(256)) * 8, 415, "unsupported_type"), (None, 422, "archive_too_large")],
)
def test_import_page_shows_upload_errors_and_stores_nothing(logged_in_client, user, content, status, code):
    profile = ProfileFactory(owner=user)
    response = logged_in_client.post(f"/profiles/{profile.pk}/import/", {"file": upload("cv.docx", content or docx_bomb())})
    assert response.status_code == status
    assert code in response.content.decode()
    assert ResumeUpload.objects.count() == 0 and BackgroundJob.objects.count() == 0


def test_import_page_over_the_limit_is_413(logged_in_client, user, settings):
    settings.UPLOAD_MAX_BYTES = 2048
    profile = ProfileFactory(owner=user)
    response = logged_in_client.post(f"/profiles/{profile.pk}/import/", {"file": upload("cv.txt", b"a" * 3000)})
    assert response.status_code == 413
    assert "file_too_large" in response.content.decode()


def test_json_resume_import_page_and_export(logged_in_client, user):
    with open(DATA / "new-grad.resume.json", "rb") as handle:
        response = logged_in_client.post("/profiles/import-json-resume/", {"file": upload("cv.json", handle.read())})
    profile = Profile.objects.get(owner=user)
    assert response.status_code == 302
    export = logged_in_client.get(f"/profiles/{profile.pk}/json-resume/")
    assert export["Content-Disposition"].startswith("attachment")
    assert json.loads(export.content)["basics"]["name"] == profile.full_name


def test_json_resume_import_page_shows_schema_errors(logged_in_client, user):
    response = logged_in_client.post("/profiles/import-json-resume/", {"file": upload("cv.json", b'{"basics": {"name": 3}}')})
    assert response.status_code == 422
    assert "invalid_json_resume" in response.content.decode()
    assert Profile.objects.count() == 0


def test_delete_and_make_default(logged_in_client, user):
    first = ProfileFactory(owner=user, name="A", is_default=True)
    second = ProfileFactory(owner=user, name="B")
    logged_in_client.post(f"/profiles/{second.pk}/default/")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_default, second.is_default) == (False, True)
    logged_in_client.post(f"/profiles/{second.pk}/delete/")
    first.refresh_from_db()
    assert first.is_default and not Profile.objects.filter(pk=second.pk).exists()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/profiles/{id}/"),
        ("post", "/profiles/{id}/"),
        ("post", "/profiles/{id}/delete/"),
        ("post", "/profiles/{id}/default/"),
        ("get", "/profiles/{id}/import/"),
        ("post", "/profiles/{id}/import/"),
        ("get", "/profiles/{id}/json-resume/"),
    ],
)
def test_another_users_profile_is_404_on_every_page(logged_in_client, other_user, method, path):
    profile = ProfileFactory(owner=other_user, name="Theirs", is_default=True)
    data = {"name": "mine", "file": upload("cv.txt", b"Ada Lovelace")} if method == "post" else None
    response = getattr(logged_in_client, method)(path.format(id=profile.pk), data)
    assert response.status_code == 404
    profile.refresh_from_db()
    assert (profile.name, profile.is_default) == ("Theirs", True)
    assert ResumeUpload.objects.count() == 0


def test_another_users_import_job_and_upload_are_404(logged_in_client, user, other_user):
    mine = ProfileFactory(owner=user)
    theirs = ProfileFactory(owner=other_user)
    their_upload = ResumeUploadFactory(profile=theirs, draft={"full_name": "Secret"})
    assert logged_in_client.get(f"/profiles/{mine.pk}/?upload={their_upload.pk}").status_code == 404
    their_job, _ = background.enqueue(user=other_user, type="profiles.import_resume", params={"upload_id": their_upload.pk})
    assert logged_in_client.get(f"/profiles/{mine.pk}/import/?job={their_job.pk}").status_code == 404


def test_pages_require_login(client):
    response = client.get("/profiles/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_too_many_files_on_the_import_page_is_400(logged_in_client, user, settings):
    profile = ProfileFactory(owner=user)
    files = {f"file{n}": upload(f"cv{n}.txt", b"Ada") for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)}
    response = logged_in_client.post(f"/profiles/{profile.pk}/import/", files)
    assert response.status_code == 400
    assert ResumeUpload.objects.count() == 0
