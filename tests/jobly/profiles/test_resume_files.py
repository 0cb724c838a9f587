"""The original resume file: stored through the upload path, parsed from storage verified, downloaded
by its owner only, and gone from storage with its row."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from jobly import background
from jobly.models import ResumeUpload
from tests.factories import ProfileFactory
from tests.jobly.profiles.conftest import DATA, upload

pytestmark = pytest.mark.django_db
CV = DATA / "Alice Clark CV.docx"


def _upload(client, profile, name="Alice Clark CV.docx", data=None):
    data = CV.read_bytes() if data is None else data
    return client.post(f"/api/profiles/{profile.pk}/import", {"file": upload(name, data)}, format="multipart")


def test_an_upload_is_kept_in_storage_with_its_checksum_not_in_the_row(auth_client, user, django_capture_on_commit_callbacks):
    profile = ProfileFactory(owner=user)
    with django_capture_on_commit_callbacks(execute=False):
        body = _upload(auth_client, profile).json()
    row = ResumeUpload.objects.get(pk=body["upload_id"])
    assert bytes(row.content) == b""
    assert row.file.name.startswith(f"resumes/{user.pk}/") and "Alice" not in row.file.name
    with default_storage.open(row.file.name, "rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == row.sha256 == hashlib.sha256(CV.read_bytes()).hexdigest()
    job = background.run(body["job_id"])
    assert job.status == "succeeded", job.error  # the worker read the file from storage


def test_a_file_changed_in_storage_fails_the_import_with_file_corrupt(auth_client, user, django_capture_on_commit_callbacks):
    profile = ProfileFactory(owner=user)
    with django_capture_on_commit_callbacks(execute=False):
        body = _upload(auth_client, profile).json()
    row = ResumeUpload.objects.get(pk=body["upload_id"])
    default_storage.delete(row.file.name)
    default_storage.save(row.file.name, ContentFile(b"tampered"))
    job = background.run(body["job_id"])
    assert job.status == "failed" and job.error["code"] == "file_corrupt"
    assert job.attempts == 1  # bad stored bytes are permanent: no retries


def test_the_owner_downloads_the_original_file_with_its_name(auth_client, user, client, django_capture_on_commit_callbacks):
    profile = ProfileFactory(owner=user)
    with django_capture_on_commit_callbacks(execute=False):
        body = _upload(auth_client, profile, name="Zoë CV.docx").json()
    response = auth_client.get(f"/api/profiles/{profile.pk}/imports/{body['upload_id']}/file")
    assert response.status_code == 200 and response.streaming
    assert b"".join(response.streaming_content) == CV.read_bytes()
    assert response["Content-Disposition"] == "attachment; filename=\"Zoe-CV.docx\"; filename*=UTF-8''Zo%C3%AB%20CV.docx"
    assert response["Content-Length"] == str(len(CV.read_bytes()))
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(user)
    page = client.get(f"/profiles/{profile.pk}/imports/{body['upload_id']}/file/")
    assert page.status_code == 200 and b"".join(page.streaming_content) == CV.read_bytes()
    review = client.get(f"/profiles/{profile.pk}/?upload={body['upload_id']}").content.decode()
    assert f"/profiles/{profile.pk}/imports/{body['upload_id']}/file/" in review


def test_another_user_gets_404_for_the_file(auth_client, user, other_user, client, django_capture_on_commit_callbacks):
    profile = ProfileFactory(owner=user)
    with django_capture_on_commit_callbacks(execute=False):
        body = _upload(auth_client, profile).json()
    client.force_login(other_user)
    assert client.get(f"/api/profiles/{profile.pk}/imports/{body['upload_id']}/file").status_code == 404
    assert client.get(f"/profiles/{profile.pk}/imports/{body['upload_id']}/file/").status_code == 404
    auth_client.logout()
    assert auth_client.get(f"/api/profiles/{profile.pk}/imports/{body['upload_id']}/file").status_code in (401, 403)


def test_an_upload_refused_by_the_rate_limit_leaves_no_file(auth_client, user, settings):
    settings.JOB_RATE_LIMIT_PER_MINUTE = 1
    profile = ProfileFactory(owner=user)
    assert _upload(auth_client, profile).status_code == 202
    refused = _upload(auth_client, profile, name="other.txt", data=b"Ada Example\nPython developer\n")
    assert refused.status_code == 429
    _, files = default_storage.listdir(f"resumes/{user.pk}")
    assert len(files) == 1 == ResumeUpload.objects.count()


def test_deleting_a_profile_deletes_its_upload_files_after_commit(auth_client, user, django_capture_on_commit_callbacks):
    profile = ProfileFactory(owner=user)
    with django_capture_on_commit_callbacks(execute=True):
        body = _upload(auth_client, profile).json()
    name = ResumeUpload.objects.get(pk=body["upload_id"]).file.name
    with django_capture_on_commit_callbacks(execute=True):
        assert auth_client.delete(f"/api/profiles/{profile.pk}").status_code == 204
    assert not default_storage.exists(name)
