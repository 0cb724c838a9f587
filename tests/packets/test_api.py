"""The packets API: generate (202 + background job, run here directly), list, detail, versions, re-render,
downloads (streamed, RFC 6266 name, audit entry), standard errors, and every endpoint's owner check."""

import pytest
from pypdf import PdfReader

from jobly import background
from jobly.models import AuditEntry, BackgroundJob
from packets.models import Packet
from tests.factories import MatchFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def _generate(client, match, **body):
    response = client.post("/api/packets/generate", {"match": match.pk, **body}, format="json")
    assert response.status_code == 202, response.content
    return response.json()


@pytest.fixture
def ready(auth_client, match):
    """A generated packet of `user` (the job run in this process, as the worker would)."""
    accepted = _generate(auth_client, match)
    background.run(accepted["job_id"])
    assert BackgroundJob.objects.get(pk=accepted["job_id"]).status == "succeeded"
    return Packet.objects.get(pk=accepted["packet_id"])


def _body(response):
    return b"".join(response.streaming_content)


def test_generate_answers_202_with_the_job_and_the_packet(auth_client, match):
    body = _generate(auth_client, match, design="modern")
    assert body["type"] == "packets.generate" and body["status"] == "queued" and body["packet_id"]
    again = auth_client.post("/api/packets/generate", {"match": match.pk, "design": "modern"}, format="json")
    assert again.status_code == 200 and again.json()["job_id"] == body["job_id"]
    assert Packet.objects.get(pk=body["packet_id"]).design == "modern"


@pytest.mark.parametrize("extra", [{"match": None}, {"design": "fancy"}, {"engine": "word"}, {"match": "x"}, {"match": 0}])
def test_generate_with_bad_input_is_a_precise_400(auth_client, match, extra, code="invalid"):
    body = {key: value for key, value in ({"match": match.pk} | extra).items() if value is not None}
    response = auth_client.post("/api/packets/generate", body, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == code
    assert set(response.json()["error"]["details"]) == set(extra) and not Packet.objects.exists()


def test_generate_for_another_users_match_is_404(auth_client, other_user):
    theirs = MatchFactory(profile=ProfileFactory(owner=other_user))
    response = auth_client.post("/api/packets/generate", {"match": theirs.pk}, format="json")
    assert response.status_code == 404 and response.json()["error"]["code"] == "match_not_found"


def test_list_detail_and_versions_show_the_packet(auth_client, ready):
    listed = auth_client.get("/api/packets").json()
    assert [p["id"] for p in listed["results"]] == [ready.pk] and listed["results"][0]["status"] == "ready"
    detail = auth_client.get(f"/api/packets/{ready.pk}").json()
    assert detail["company"] == "Northwind Analytics" and detail["writer"] == "embedded"
    assert [v["number"] for v in detail["versions"]] == [1] and len(detail["versions"][0]["artifacts"]) == 10
    versions = auth_client.get(f"/api/packets/{ready.pk}/versions").json()
    assert versions[0]["ats_passed"] is True
    version = auth_client.get(f"/api/packets/{ready.pk}/versions/1").json()
    assert {row["requirement"] for row in version["requirements"]} >= {"Apache Kafka", "Scala"}
    assert version["cv"]["name"]["text"] == "Dr. Lena Vasquez" and version["ats"]["cv"]["passed"]


def test_the_pdf_download_streams_verified_bytes_with_an_rfc_6266_name_and_an_audit_entry(auth_client, ready):
    response = auth_client.get(f"/api/packets/{ready.pk}/versions/1/files/cv.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Dr.Lena-Vasquez-CV-Northwind-Analytics.pdf"')
    assert "filename*=UTF-8''Dr.%20Lena%20Vasquez%20%E2%80%94%20CV%20%E2%80%94%20Northwind%20Analytics.pdf" in disposition
    data = _body(response)
    assert len(PdfReader(__import__("io").BytesIO(data)).pages) <= 2
    entry = AuditEntry.objects.get(action="packet.downloaded")
    assert entry.target_id == str(ready.pk) and entry.detail == {"version": 1, "document": "cv", "format": "pdf"}


@pytest.mark.parametrize("path", ["letter.docx", "cv.md", "letter.txt", "cv.png"])
def test_every_format_downloads(auth_client, ready, path):
    response = auth_client.get(f"/api/packets/{ready.pk}/versions/1/files/{path}")
    assert response.status_code == 200 and _body(response)


@pytest.mark.parametrize("path", ["versions/2/files/cv.pdf", "versions/1/files/cv.exe", "versions/1/files/resume.pdf",
                                  "versions/9"])
def test_a_missing_version_or_file_is_a_precise_404(auth_client, ready, path):
    response = auth_client.get(f"/api/packets/{ready.pk}/{path}")
    assert response.status_code == 404 and response.json()["error"]["code"] in ("artifact_not_found", "packet_not_found")


def test_rerender_makes_version_2_and_version_1_stays_downloadable(auth_client, ready):
    version = auth_client.get(f"/api/packets/{ready.pk}/versions/1").json()
    response = auth_client.post(f"/api/packets/{ready.pk}/rerender",
                                {"edits": {"letter_paragraphs": {"0": "I would like to join Northwind Analytics."}}},
                                format="json")
    assert response.status_code == 202 and response.json()["type"] == "packets.rerender"
    background.run(response.json()["job_id"])
    second = auth_client.get(f"/api/packets/{ready.pk}/versions/2").json()
    assert second["edited"] and second["letter"]["paragraphs"][0]["text"] == "I would like to join Northwind Analytics."
    assert second["letter"]["paragraphs"][0]["sources"] == version["letter"]["paragraphs"][0]["sources"]
    old = auth_client.get(f"/api/packets/{ready.pk}/versions/1/files/letter.pdf")
    assert old.status_code == 200 and 'v2' not in old["Content-Disposition"]
    assert "v2" in auth_client.get(f"/api/packets/{ready.pk}/versions/2/files/letter.pdf")["Content-Disposition"]


@pytest.mark.parametrize(("body", "code"), [
    ({"edits": {"bullets": {"/experience/7/bullets/0": "x"}}}, "invalid_edit"),
    ({}, "invalid_edit"),
    ({"design": "fancy"}, "invalid"),
    ({"edits": "text"}, "invalid"),
])
def test_rerender_with_bad_edits_is_a_precise_400(auth_client, ready, body, code):
    response = auth_client.post(f"/api/packets/{ready.pk}/rerender", body, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == code


def test_rerender_before_a_version_exists_is_409(auth_client, match):
    accepted = _generate(auth_client, match)
    response = auth_client.post(f"/api/packets/{accepted['packet_id']}/rerender", {"design": "modern"}, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "packet_not_ready"


ENDPOINTS = [
    ("get", "/api/packets/{id}"),
    ("get", "/api/packets/{id}/versions"),
    ("get", "/api/packets/{id}/versions/1"),
    ("get", "/api/packets/{id}/versions/1/files/cv.pdf"),
    ("get", "/api/packets/{id}/versions/1/files/letter.docx"),
    ("get", "/api/packets/{id}/versions/1/files/cv.md"),
    ("get", "/api/packets/{id}/versions/1/files/cv.png"),
    ("post", "/api/packets/{id}/rerender"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_another_users_packet_is_404_on_every_endpoint(ready, other_user, method, path):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(other_user)
    response = getattr(client, method)(path.format(id=ready.pk), {"design": "modern"} if method == "post" else None, format="json")
    assert response.status_code == 404, (path, response.status_code)
    assert "Lena" not in response.content.decode()
    assert client.get("/api/packets").json()["results"] == []
    assert not AuditEntry.objects.filter(action="packet.downloaded").exists()


@pytest.mark.parametrize(("method", "path"), [*ENDPOINTS, ("get", "/api/packets"), ("post", "/api/packets/generate")])
def test_anonymous_requests_are_refused(api_client, ready, method, path):
    response = getattr(api_client, method)(path.format(id=ready.pk))
    assert response.status_code in (401, 403)
