"""The S3 backend against a real local S3 server (moto in server mode, a subprocess): an upload
through the real upload path, sha256 verified on read, the owner-only streamed download, deletion
by retention, and a backup written to the bucket and restored from it."""

import hashlib
import secrets
from datetime import timedelta

import boto3
import httpx
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from jobly import background, retention
from jobly.backups import create_backup
from jobly.models import ResumeUpload
from jobly.storage import StoredFileCorrupt
from tests import processes
from tests.factories import ProfileFactory
from tests.integration.test_backups import stored_resume
from tests.jobly.profiles.conftest import DATA, upload

pytestmark = [pytest.mark.integration, pytest.mark.slow]
CV = (DATA / "Alice Clark CV.docx").read_bytes()
CREDENTIALS = {"aws_access_key_id": "jobly-test", "aws_secret_access_key": "jobly-test-secret", "region_name": "us-east-1"}


@pytest.fixture(scope="module")
def s3_server(process_logs):
    port = processes.free_port()
    server = processes.ManagedProcess(f"moto-{port}", [str(processes.BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                                      processes.process_env(), process_logs)
    url = f"http://127.0.0.1:{port}"
    processes.wait_until(lambda: httpx.get(url, timeout=1).status_code < 500, timeout=30, message="moto S3 server")
    yield url
    server.stop()


@pytest.fixture
def bucket(s3_server, settings):
    """A new bucket, and the default and backups storages pointed at it (as STORAGE_BACKEND=s3 does)."""
    name = f"jobly-{secrets.token_hex(4)}"
    client = boto3.client("s3", endpoint_url=s3_server, **CREDENTIALS)
    client.create_bucket(Bucket=name)
    options = {"bucket_name": name, "endpoint_url": s3_server, "access_key": CREDENTIALS["aws_access_key_id"],
               "secret_key": CREDENTIALS["aws_secret_access_key"], "region_name": "us-east-1", "default_acl": "private",
               "querystring_auth": True, "file_overwrite": False}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
        "backups": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**options, "location": "backups"}},
    }
    client.env = {"STORAGE_BACKEND": "s3", "STORAGE_S3_BUCKET": name, "STORAGE_S3_ENDPOINT_URL": s3_server,
                  "STORAGE_S3_REGION": "us-east-1", "STORAGE_S3_ACCESS_KEY": CREDENTIALS["aws_access_key_id"],
                  "STORAGE_S3_SECRET_KEY": CREDENTIALS["aws_secret_access_key"]}
    client.name = name
    return client


def keys(bucket, prefix=""):
    listed = bucket.list_objects_v2(Bucket=bucket.name, Prefix=prefix)
    return sorted(item["Key"] for item in listed.get("Contents", []))


def object_bytes(bucket, key):
    return bucket.get_object(Bucket=bucket.name, Key=key)["Body"].read()


def _import(user, profile):
    client = APIClient()
    client.force_authenticate(user)
    response = client.post(f"/api/profiles/{profile.pk}/import", {"file": upload("Alice Clark CV.docx", CV)}, format="multipart")
    assert response.status_code == 202, response.content
    return client, response.json()


@pytest.mark.django_db
def test_an_upload_lands_in_the_bucket_and_is_read_back_verified(bucket, user, django_capture_on_commit_callbacks):
    profile = ProfileFactory(owner=user)
    with django_capture_on_commit_callbacks(execute=False):
        _, body = _import(user, profile)
    row = ResumeUpload.objects.get(pk=body["upload_id"])
    assert keys(bucket) == [row.file.name] and row.file.name.startswith(f"resumes/{user.pk}/")
    assert hashlib.sha256(object_bytes(bucket, row.file.name)).hexdigest() == row.sha256 == hashlib.sha256(CV).hexdigest()
    assert bucket.get_object_acl(Bucket=bucket.name, Key=row.file.name)["Grants"][0]["Permission"] == "FULL_CONTROL"
    job = background.run(body["job_id"])
    assert job.status == "succeeded", job.error  # the parse read the file from S3

    bucket.put_object(Bucket=bucket.name, Key=row.file.name, Body=b"changed behind our back")
    with pytest.raises(StoredFileCorrupt):
        from jobly import resume_files

        resume_files.upload_bytes(row)


@pytest.mark.django_db
def test_the_download_streams_from_the_bucket_to_its_owner_only(bucket, user, other_user, django_capture_on_commit_callbacks):
    profile = ProfileFactory(owner=user)
    with django_capture_on_commit_callbacks(execute=False):
        client, body = _import(user, profile)
    url = f"/api/profiles/{profile.pk}/imports/{body['upload_id']}/file"
    response = client.get(url)
    assert response.status_code == 200 and response.streaming
    assert b"".join(response.streaming_content) == CV
    assert response["Content-Disposition"].startswith('attachment; filename="Alice-Clark-CV.docx"; filename*=UTF-8')
    stranger = APIClient()
    stranger.force_authenticate(other_user)
    assert stranger.get(url).status_code == 404

    row = ResumeUpload.objects.get(pk=body["upload_id"])
    bucket.put_object(Bucket=bucket.name, Key=row.file.name, Body=CV[:-1] + b"!")
    corrupt = client.get(url)
    with pytest.raises(StoredFileCorrupt):
        b"".join(corrupt.streaming_content)  # the stream ends before the last chunk: never a complete bad file


@pytest.mark.django_db
def test_retention_deletes_the_object_from_the_bucket(bucket, user, settings, django_capture_on_commit_callbacks):
    settings.RESUME_UPLOAD_RETENTION_DAYS = 30
    profile = ProfileFactory(owner=user)
    with django_capture_on_commit_callbacks(execute=False):
        _, old = _import(user, profile)
        _, new = _import(user, profile)
    ResumeUpload.objects.filter(pk=old["upload_id"]).update(created_at=timezone.now() - timedelta(days=31))
    kept = ResumeUpload.objects.get(pk=new["upload_id"]).file.name
    assert len(keys(bucket)) == 2
    assert retention.apply_rule("resume_uploads") == 1
    assert keys(bucket) == [kept]
    assert retention.apply_rule("resume_uploads") == 0


def test_a_backup_goes_to_the_bucket_and_restores_from_it(bucket, transactional_db, user, fresh_database):
    stored_resume(user, ProfileFactory(owner=user))  # into the bucket, with no import job for a worker to run
    media_key = keys(bucket, "resumes/")[0]
    manifest = create_backup()
    backup_keys = keys(bucket, "backups/")
    assert backup_keys == [f"backups/{manifest['name']}/{name}" for name in ("database.dump", "manifest.json", "media.tar")]
    assert [entry["name"] for entry in manifest["media"]] == [media_key]  # backups/ itself is not media
    for entry in manifest["files"]:
        assert hashlib.sha256(object_bytes(bucket, f"backups/{manifest['name']}/{entry['name']}")).hexdigest() == entry["sha256"]

    bucket.delete_object(Bucket=bucket.name, Key=media_key)  # the media are lost with the old site
    name, _ = fresh_database
    listed = processes.manage("list_backups", **bucket.env)
    assert manifest["name"] in listed.stdout, listed.stderr
    restored = processes.manage("restore_backup", manifest["name"], DATABASE_URL=processes.database_url_named(name), **bucket.env)
    assert restored.returncode == 0, restored.stderr
    assert "1 written" in restored.stdout
    assert hashlib.sha256(object_bytes(bucket, media_key)).hexdigest() == hashlib.sha256(CV).hexdigest()
