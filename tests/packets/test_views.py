"""Packet pages: the match page's live button, generating from it, the packet page (progress, preview,
requirements, ATS result, downloads, edit form), re-rendering, the list, and the page download."""

import pytest

from jobly import background
from jobly.models import AuditEntry
from packets.models import Packet, PacketVersion

pytestmark = pytest.mark.django_db


def _generate(client, match, design="classic"):
    response = client.post("/packets/generate", {"match": match.pk, "design": design})
    packet = Packet.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/packets/{packet.pk}/"
    return packet


def test_the_match_page_offers_generate_packet_with_a_design_choice(logged_in_client, match):
    page = logged_in_client.get(f"/matches/{match.pk}/").content.decode()
    assert "data-generate-packet-button" in page and 'value="classic"' in page and 'value="modern"' in page
    assert "not built yet" not in page.lower()


def test_while_generating_the_packet_page_shows_the_jobs_progress(logged_in_client, match):
    packet = _generate(logged_in_client, match)
    page = logged_in_client.get(f"/packets/{packet.pk}/").content.decode()
    assert f'data-packet-job="{packet.background_job_id}"' in page and "data-packet-progress" in page


def test_a_ready_packet_page_shows_preview_requirements_ats_downloads_and_edit_form(logged_in_client, match):
    packet = _generate(logged_in_client, match, design="modern")
    background.run(packet.background_job_id)
    page = logged_in_client.get(f"/packets/{packet.pk}/").content.decode()
    assert "data-packet-job" not in page
    assert f'src="/packets/{packet.pk}/versions/1/files/cv.png"' in page
    assert 'data-requirement="Scala"' in page and "not evidenced" in page
    assert 'data-ats="passed"' in page
    for name in ("cv.pdf", "cv.docx", "cv.md", "letter.pdf", "letter.docx", "letter.md"):
        assert f'data-download="{name}"' in page
    assert "data-rerender-form" in page and 'name="bullet:/experience/0/bullets/' in page


def test_the_page_download_is_the_owners_file_and_is_audited(logged_in_client, match):
    packet = _generate(logged_in_client, match)
    background.run(packet.background_job_id)
    response = logged_in_client.get(f"/packets/{packet.pk}/versions/1/files/cv.pdf")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="packet.downloaded", target_id=str(packet.pk)).count() == 1
    logged_in_client.get(f"/packets/{packet.pk}/versions/1/files/cv.png")
    assert AuditEntry.objects.filter(action="packet.downloaded").count() == 1  # the preview image is not a download


def test_editing_on_the_page_makes_a_new_version_and_a_failed_check_is_a_visible_warning(logged_in_client, match):
    packet = _generate(logged_in_client, match)
    background.run(packet.background_job_id)
    version = PacketVersion.objects.get(packet=packet)
    source = version.cv["experience"][0]["bullets"][0]["source"]
    response = logged_in_client.post(f"/packets/{packet.pk}/rerender", {"design": "classic", f"bullet:{source}": "Ran Scala jobs"})
    assert response.status_code == 302
    packet.refresh_from_db()
    background.run(packet.background_job_id)
    page = logged_in_client.get(f"/packets/{packet.pk}/").content.decode()
    assert "v1" in page and "<strong>v2</strong>" in page and "Ran Scala jobs" in page
    assert 'data-ats="failed"' in page and "data-ats-warning" in page and "Scala" in page
    old = logged_in_client.get(f"/packets/{packet.pk}/?version=1").content.decode()
    assert "data-rerender-form" not in old and 'data-download="cv.pdf"' in old


def test_the_list_page_shows_the_packets(logged_in_client, match):
    packet = _generate(logged_in_client, match)
    page = logged_in_client.get("/packets/").content.decode()
    assert f'data-packet-row="{packet.pk}"' in page and "Northwind Analytics" in page


def test_generating_for_another_users_match_is_404(client, other_user, match):
    client.force_login(other_user)
    assert client.post("/packets/generate", {"match": match.pk, "design": "classic"}).status_code == 404
    assert not Packet.objects.exists()
