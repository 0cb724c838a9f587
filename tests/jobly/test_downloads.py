"""One Content-Disposition for every download: RFC 6266 `filename*=UTF-8''…` with an ASCII fallback,
never an RFC 2047 `=?utf-8?b?…?=` word (which browsers show as the file name)."""

from urllib.parse import unquote

import pytest

from jobly.storage import ascii_fallback, content_disposition
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def parse(header):
    """{"disposition", "filename", "filename*"} read as a browser would."""
    disposition, *params = [part.strip() for part in header.split(";")]
    values = {"disposition": disposition}
    for param in params:
        name, _, value = param.partition("=")
        values[name] = unquote(value.removeprefix("UTF-8''")) if name == "filename*" else value.strip('"')
    return values


@pytest.mark.parametrize(
    "filename, fallback",
    [("Backend.resume.json", "Backend.resume.json"), ("Résumé Ünïcode 履歴書.resume.json", "Resume-Unicode.resume.json"),
     ("履歴書.resume.json", "resume.json"), ('a"b;c.json', "a-b-c.json"), ("", "download")],
)
def test_the_header_carries_the_exact_name_and_an_ascii_fallback(filename, fallback):
    header = content_disposition(filename)
    assert header.isascii() and "=?" not in header and "\r" not in header and "\n" not in header
    parsed = parse(header)
    assert parsed["disposition"] == "attachment" and parsed["filename"] == fallback
    assert parsed.get("filename*", parsed["filename"]) == (filename or "download")
    assert ascii_fallback(filename) == fallback


def test_control_characters_and_slashes_never_reach_the_header():
    parsed = parse(content_disposition("../../etc/passwd\r\nSet-Cookie: x=1"))
    assert "/" not in parsed["filename*"] and "\n" not in parsed["filename*"]


@pytest.mark.parametrize("path", ["/api/profiles/{id}/json-resume", "/profiles/{id}/json-resume/"])
def test_json_resume_download_of_a_non_ascii_profile_name(auth_client, logged_in_client, user, path):
    profile = ProfileFactory(owner=user, name="Développeuse 東京")
    client = auth_client if path.startswith("/api/") else logged_in_client
    response = client.get(path.format(id=profile.pk))
    assert response.status_code == 200
    parsed = parse(response["Content-Disposition"])
    assert parsed["filename*"] == "Développeuse 東京.resume.json"
    assert parsed["filename"] == "Developpeuse.resume.json"
