"""A packet in the browser: from a match, choose a design and generate; the packet page follows the
background job's progress (the real Celery worker renders), then shows the preview, the requirements
table and the ATS check; the PDF downloads and reads back (pypdf) with the candidate and the company."""

import io

from pypdf import PdfReader

from jobly.models import Event
from packets.models import Packet
from packets.services.generate import PROFILE_FIELDS
from tests.factories import JobFactory, MatchFactory, ProfileFactory
from tests.packets.conftest import DESCRIPTION
from tests.writers.conftest import senior_engineer_fields

# Remembers, across the reload the page does when the job ends, every progress value the page showed.
RECORD_PROGRESS = """
document.addEventListener("DOMContentLoaded", () => {
  const seen = JSON.parse(sessionStorage.getItem("packetProgress") || "[]");
  const bar = document.querySelector("[data-packet-progress]");
  if (!bar) return;
  seen.push(Number(bar.value));
  new MutationObserver(() => { seen.push(Number(bar.value)); sessionStorage.setItem("packetProgress", JSON.stringify(seen)); })
    .observe(bar, { attributes: true });
  sessionStorage.setItem("packetProgress", JSON.stringify(seen));
});
"""


def test_generate_a_packet_from_a_match_watch_it_and_download_the_pdf(transactional_db, live_web, live_worker, login,
                                                                       page, user):
    fields = {key: value for key, value in senior_engineer_fields().items() if key in PROFILE_FIELDS}
    profile = ProfileFactory(owner=user, is_default=True, name="Backend", **fields)
    job = JobFactory(title="Senior Backend Engineer, Streaming", company="Northwind Analytics", description_text=DESCRIPTION,
                     skills=["Apache Kafka", "Go", "Kubernetes", "PostgreSQL", "Terraform", "Scala"],
                     required_skills=["Apache Kafka", "Go", "Kubernetes", "PostgreSQL"], preferred_skills=["Terraform", "Scala"])
    match = MatchFactory(profile=profile, job=job, score=80)
    page.add_init_script(RECORD_PROGRESS)
    login(user)

    page.goto(f"{live_web.url}/matches/{match.pk}/")
    page.select_option("[data-packet-design]", "modern")
    page.click("[data-generate-packet-button]")
    page.wait_for_url(f"{live_web.url}/packets/*/")
    packet = Packet.objects.get(owner=user)
    assert packet.design == "modern"

    page.wait_for_selector("[data-packet-preview]", timeout=60_000)  # the page reloads itself when the job ends
    assert page.evaluate("document.querySelector('[data-packet-preview]').naturalWidth") > 300
    seen = page.evaluate("JSON.parse(sessionStorage.getItem('packetProgress') || '[]')")
    progress = list(Event.objects.filter(owner=user, type="job.progress", data__job_id=packet.background_job_id)
                    .values_list("data__progress", flat=True))
    assert progress and progress == sorted(progress), progress
    assert seen, "the packet page never showed the job's progress"
    assert page.get_attribute("[data-ats]", "data-ats") == "passed"
    assert "not evidenced" in page.inner_text("[data-requirement='Scala']")
    assert "Apache Kafka" in page.inner_text("[data-requirements]")

    with page.expect_download() as download_info:
        page.click("[data-download='cv.pdf']")
    download = download_info.value
    assert download.suggested_filename == "Dr. Lena Vasquez — CV — Northwind Analytics.pdf"  # filename* (RFC 6266)
    reader = PdfReader(io.BytesIO(open(download.path(), "rb").read()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Lena Vasquez" in text and "Apache Kafka" in text and "Scala" not in text and len(reader.pages) <= 2
    assert Event.objects.filter(owner=user, type="packet.ready", data__packet_id=packet.pk).exists()
