"""The ATS self-check reads the PDF back and reports each check; failures are results, not exceptions."""

from dataclasses import replace

import pytest

from packets.ats import check_pdf
from packets.document import Line, Paragraph
from packets.renderers import design_for, render_pdf


def failed(report):
    return {check.name: check.detail for check in report.checks if not check.passed}


@pytest.fixture
def cv_pdf(cv):
    return render_pdf(cv, design="modern").content


def test_a_faithful_cv_passes_every_check(cv, cv_pdf, allowed_skills):
    report = check_pdf(cv_pdf, document=cv, design=design_for(cv, "modern"), allowed_skills=allowed_skills)
    assert report.passed and not failed(report) and report.pages == 1 and report.max_pages == 2
    names = [check.name for check in report.checks]
    assert names[:3] == ["readable", "name", "contact_line"]
    assert "heading:skills" in names and "claimed_skills" in names and names[-1] == "page_count"


def test_a_claimed_skill_missing_from_the_pdf_fails_and_is_named(cv, cv_pdf, allowed_skills):
    claims_more = replace(cv, skills=[*cv.skills, Line("Scala", "/skills/99")])
    report = check_pdf(cv_pdf, document=claims_more, design=design_for(cv, "modern"), allowed_skills=allowed_skills)
    assert not report.passed and "Scala" in failed(report)["claimed_skills"] and report.missing == ["Scala"]


def test_a_skill_the_profile_does_not_evidence_is_flagged(cv, allowed_skills):
    padded = replace(cv, summary=Paragraph(cv.summary.text + " Also fluent in Scala and PostgreSQL.", ("/",)))
    pdf = render_pdf(padded).content
    report = check_pdf(pdf, document=padded, design=design_for(cv), allowed_skills=allowed_skills)
    assert report.unexpected_skills == ["Scala", "PostgreSQL"] and "no_unclaimed_skills" in failed(report)


def test_a_pdf_of_another_person_fails_the_name_check(cv, cv_pdf, allowed_skills):
    renamed = replace(cv, name=Line("Somebody Else", "/full_name"))
    report = check_pdf(cv_pdf, document=renamed, design=design_for(cv, "modern"), allowed_skills=allowed_skills)
    assert set(failed(report)) == {"name"}


def test_a_letter_longer_than_one_page_fails_the_page_limit(letter, allowed_skills):
    paragraph = letter.paragraphs[1].text
    long_letter = replace(letter, paragraphs=[Paragraph((paragraph + " ") * 5, p.sources) for p in letter.paragraphs] * 2)
    pdf = render_pdf(long_letter).content
    report = check_pdf(pdf, document=long_letter, design=design_for(letter), allowed_skills=allowed_skills)
    assert report.pages >= 2 and "page_count" in failed(report)


def test_unreadable_bytes_are_a_failed_report(cv, allowed_skills):
    report = check_pdf(b"not a pdf", document=cv, design=design_for(cv), allowed_skills=allowed_skills)
    assert not report.passed and failed(report).keys() == {"readable"}
    assert report.to_dict()["checks"][0]["name"] == "readable"
