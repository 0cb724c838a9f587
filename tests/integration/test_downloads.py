"""The owner-only download through the real ASGI server: chunks streamed asynchronously (Django
would otherwise buffer a sync iterator), headers intact, and another user's token gets 404."""


import httpx
import pytest

from jobly.tokens import create_token
from tests.factories import ProfileFactory, ResumeUploadFactory

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_a_large_file_streams_whole_through_daphne_to_its_owner_only(transactional_db, live_web, user, other_user):
    data = bytes(range(256)) * 4096 + b"tail"  # 1 MiB and a bit: many chunks
    profile = ProfileFactory(owner=user)
    upload = ResumeUploadFactory(profile=profile, filename="Grüße CV.pdf", kind="pdf", data=data)
    _, mine = create_token(user=user, name="mine")
    _, theirs = create_token(user=other_user, name="theirs")
    url = f"{live_web.url}/api/profiles/{profile.pk}/imports/{upload.pk}/file"
    with httpx.stream("GET", url, headers={"Authorization": f"Bearer {mine}"}, timeout=30) as response:
        assert response.status_code == 200
        body = b"".join(response.iter_bytes())
        headers = response.headers
    assert body == data
    assert headers["content-type"] == "application/pdf" and headers["content-length"] == str(len(data))
    assert headers["content-disposition"] == "attachment; filename=\"Grue-CV.pdf\"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20CV.pdf"
    assert httpx.get(url, headers={"Authorization": f"Bearer {theirs}"}, timeout=10).status_code == 404
