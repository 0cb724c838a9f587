"""A person uploads a resume, watches the import progress, reviews and edits the draft, and saves."""

from jobly.models import Profile
from tests.factories import ProfileFactory
from tests.jobly.profiles.conftest import DATA


def test_upload_watch_progress_review_edit_and_save(transactional_db, live_web, live_worker, login, user):
    profile = ProfileFactory(owner=user, name="Data", full_name="", is_default=True)
    page = login(user)
    page.goto(f"{live_web.url}/profiles/")
    page.click(f"a[href='/profiles/{profile.pk}/import/']")
    page.set_input_files("#resume-file", str(DATA / "Alice Clark CV.docx"))
    # The upload lands on the progress card (static/profiles/import.js), which follows the job and moves
    # the page to the review once the worker is done. With a fast worker the card is gone before a wait
    # for it (or a read of its response) could run, so each page notes at load, in sessionStorage, that
    # it showed the card; the note survives the move to the review.
    page.add_init_script(
        "document.addEventListener('DOMContentLoaded', () => {"
        " if (document.querySelector('[data-import-job]')) sessionStorage.setItem('import-card-shown', '1'); });")
    page.click("text=Upload and import")
    page.wait_for_url(f"{live_web.url}/profiles/{profile.pk}/?upload=*", timeout=60_000)
    assert page.evaluate("sessionStorage.getItem('import-card-shown')") == "1"
    assert "Review the import of Alice Clark CV.docx" in page.locator("[data-review-banner]").inner_text()
    assert page.input_value("#f-full_name") == "Alice Clark"

    # The parsed experience entry is editable: fix the title, add a bullet, remove a skill.
    experience = page.locator("[data-list-editor=experience] fieldset.list-row").first
    assert experience.locator("input[data-key=company]").input_value() == "Microsoft"
    experience.locator("input[data-key=title]").fill("Senior Software Engineer")
    experience.locator("text=Add bullet").click()
    experience.locator("input[data-bullet]").last.fill("Led the rewards dashboards")
    skills = page.locator("[data-list-editor=skills] fieldset.list-row")
    skill_count = skills.count()
    removed = skills.first.locator("input[data-key=name]").input_value()
    skills.first.locator("button[aria-label='Remove skill']").click()
    assert page.locator("[data-list-editor=skills] fieldset.list-row").count() == skill_count - 1

    page.click("[data-save-profile]")
    page.wait_for_url(f"{live_web.url}/profiles/{profile.pk}/")
    assert "Profile saved." in page.locator(".flash").inner_text()

    profile = Profile.objects.get(pk=profile.pk)
    assert profile.full_name == "Alice Clark"
    assert profile.experience[0]["title"] == "Senior Software Engineer"
    assert profile.experience[0]["company"] == "Microsoft"
    assert profile.experience[0]["bullets"][-1] == "Led the rewards dashboards"
    assert len(profile.skills) == skill_count - 1
    assert removed not in [skill["name"] for skill in profile.skills]


def test_a_scanned_pdf_shows_the_paste_text_advice(transactional_db, live_web, live_worker, login, user, tmp_path):
    from tests.jobly.profiles.conftest import blank_pdf

    profile = ProfileFactory(owner=user, name="Data", is_default=True)
    scanned = tmp_path / "scan.pdf"
    scanned.write_bytes(blank_pdf())
    page = login(user)
    page.goto(f"{live_web.url}/profiles/{profile.pk}/import/")
    page.set_input_files("#resume-file", str(scanned))
    page.click("text=Upload and import")
    error = page.locator("[data-import-error]")
    error.wait_for(state="visible", timeout=60_000)
    assert "paste the text instead" in error.inner_text()
    assert error.get_attribute("data-code") == "pdf_no_text"


def test_the_same_file_twice_offers_the_earlier_import(transactional_db, live_web, live_worker, login, user):
    profile = ProfileFactory(owner=user, name="Data", full_name="", is_default=True)
    page = login(user)
    for attempt in range(2):
        page.goto(f"{live_web.url}/profiles/{profile.pk}/import/")
        page.set_input_files("#resume-file", str(DATA / "Alice Clark CV.txt"))
        page.click("text=Upload and import")
        # The job page may already be on its way to the review when a wait for its element starts: wait for
        # where it leads (the review of the first import, the duplicate notice of the second).
        if attempt == 0:
            page.wait_for_url(f"{live_web.url}/profiles/{profile.pk}/?upload=*", timeout=60_000)
            first_review = page.url
    notice = page.locator("[data-import-duplicate]")
    notice.wait_for(state="visible", timeout=60_000)
    assert "identical to Alice Clark CV.txt" in notice.inner_text()
    page.click("[data-review-link]")
    page.wait_for_url(first_review)
    assert page.input_value("#f-full_name") == "Alice Clark"


def test_json_resume_projects_are_edited_and_saved_on_the_page(transactional_db, live_web, login, user):
    import json

    from jobly.profiles import services

    document = json.loads((DATA / "sample.resume.json").read_text(encoding="utf-8"))
    profile = services.import_json_resume(owner=user, document=document, name="Imported")
    page = login(user)
    page.goto(f"{live_web.url}/profiles/{profile.pk}/")
    project = page.locator("[data-list-editor=projects] fieldset.list-row").first
    assert project.locator("input[data-key=name]").input_value() == "Miss Direction"
    highlights = project.locator("label", has_text="Highlights")
    highlights.locator("text=Add highlight").click()
    highlights.locator("input[data-bullet]").last.fill("Shown at the city hackathon")
    page.click("[data-save-profile]")
    page.wait_for_url(f"{live_web.url}/profiles/{profile.pk}/")
    saved = Profile.objects.get(pk=profile.pk)
    assert saved.projects[0]["highlights"][-1] == "Shown at the city hackathon"
    assert saved.volunteer[0]["organization"] == "CoderDojo"
