import json
import re

import pytest

from jobly.jsonresume import profile_fields_from_json_resume
from jobly.profiles.resume.parse import parse_resume_text
from tests.jobly.profiles import resume_quality
from tests.jobly.profiles.conftest import DATA

EXPECTED = resume_quality.expectations()


@pytest.fixture(scope="module")
def drafts():
    return {key: parse_resume_text(resume_quality.resume_text(key)) for key in EXPECTED}


@pytest.mark.parametrize("key", list(EXPECTED))
def test_parser_finds_what_a_person_reads_in_each_resume(key, drafts):
    result = resume_quality.score(key, EXPECTED[key], drafts[key])
    for field in ("name", "email", "titles", "companies", "dates"):
        if field in result:
            found, total = result[field]
            assert found == total, f"{key}: {field} {found}/{total}"
    found, total = result["skills"]
    assert found >= 0.8 * total, f"{key}: skills {found}/{total}, missed {result['missing_skills']}"


def test_overall_skill_share_stays_at_least_90_percent(drafts):
    found = total = 0
    for key, expected in EXPECTED.items():
        skills = resume_quality.score(key, expected, drafts[key])["skills"]
        found, total = found + skills[0], total + skills[1]
    assert found / total >= 0.9


def test_three_formats_of_one_cv_give_the_same_profile(drafts):
    pdf, docx, txt = (drafts[f"Alice Clark CV.{ext}"] for ext in ("pdf", "docx", "txt"))
    for field in ("full_name", "email", "experience", "education"):
        assert [pdf[field], docx[field]] == [txt[field], txt[field]] or field == "experience" and [
            (e["title"], e["company"], e["start"]) for e in pdf[field]
        ] == [(e["title"], e["company"], e["start"]) for e in txt[field]] == [(e["title"], e["company"], e["start"]) for e in docx[field]]
    assert {s["normalized"] for s in pdf["skills"]} == {s["normalized"] for s in txt["skills"]}


def _words(text):
    return set(re.findall(r"[a-z0-9]+", text.lower()))


@pytest.mark.parametrize("key", list(EXPECTED))
def test_parser_never_invents_words(key, drafts):
    """Every word placed in a field comes from the resume (skills may be the canonical name)."""
    source = _words(resume_quality.resume_text(key))
    draft = drafts[key]
    placed = [draft["full_name"], draft["email"], draft["headline"], draft["summary"]]
    for entry in draft["experience"] + draft["education"]:
        placed += [value for name, value in entry.items() if isinstance(value, str) and name not in ("start", "end")]
        placed += entry.get("bullets", [])
    placed += [skill["name"] for skill in draft["skills"] if not skill["normalized"]]
    # Substrings count: PDF text sometimes glues words ("MobileAppDeveloperIntern") that we split.
    glued = resume_quality.resume_text(key).lower()
    invented = {word for word in _words(" ".join(placed)) - source if word not in glued}
    assert not invented, f"{key}: {sorted(invented)[:10]}"


def test_unknown_sections_go_to_unplaced_text_word_for_word():
    text = "Ada Lovelace\nada@example.com\n\nHOBBIES\nChess and rowing on Sundays\n\nEXPERIENCE\nEngineer\nAnalytical Engines Ltd\nJan 2020 - Present\n- Built the difference engine"
    draft = parse_resume_text(text)
    assert "Chess and rowing on Sundays" in draft["unplaced_text"]
    assert draft["experience"] == [{
        "title": "Engineer", "company": "Analytical Engines Ltd", "location": "", "start": "2020-01", "end": "",
        "current": True, "bullets": ["Built the difference engine"],
    }]


def test_markdown_resume_sections_and_bullets():
    from jobly.profiles.resume.extract import markdown_text

    text = markdown_text(
        b"# Grace Hopper\ngrace@example.com | +1 555 010 0199\n\n## Skills\n- COBOL, Fortran, **Compilers**\n\n"
        b"## Experience\n### Senior Programmer | Remington Rand\n03/1949 - 06/1971\n- Wrote the first compiler\n\n"
        b"## Education\nPhD Mathematics, Yale University, 1934\n"
    ).text
    draft = parse_resume_text(text)
    assert draft["full_name"] == "Grace Hopper"
    assert draft["email"] == "grace@example.com"
    assert draft["phone"] == "+1 555 010 0199"
    assert [(e["title"], e["company"], e["start"], e["end"]) for e in draft["experience"]] == [
        ("Senior Programmer", "Remington Rand", "1949-03", "1971-06")
    ]
    assert draft["experience"][0]["bullets"] == ["Wrote the first compiler"]
    assert {"COBOL", "Fortran", "Compilers"} <= {s["name"] for s in draft["skills"]}
    assert draft["education"][0]["institution"] == "Yale University"
    assert draft["education"][0]["end"] == "1934"


def test_skill_lines_with_months_of_experience_give_years():
    draft = parse_resume_text("Skill Details\nPython- Exprience - 24 months\nAzure- Exprience - Less than 1 year months")
    years = {skill["normalized"]: skill["years"] for skill in draft["skills"]}
    assert years["Python"] == 2.0
    assert years["Microsoft Azure"] == 0.5


@pytest.mark.parametrize("name", ["new-grad.resume.json", "senior-engineer.resume.json", "sample.resume.json"])
def test_json_resume_samples_map_every_job_and_skill(name):
    document = json.loads((DATA / name).read_text(encoding="utf-8"))
    fields = profile_fields_from_json_resume(document)
    assert fields["full_name"] == document["basics"]["name"]
    assert fields["email"] == document["basics"].get("email", "")
    assert [(e["title"], e["company"]) for e in fields["experience"]] == [
        (w.get("position", ""), w.get("name", "")) for w in document.get("work", [])
    ]
    keywords = {k for group in document.get("skills", []) for k in (group.get("keywords") or [group.get("name")])}
    assert keywords == {s["name"] for s in fields["skills"]}


@pytest.mark.parametrize(
    ("header", "location"),
    [("Delhi, India Email me on Indeed", "Delhi, India"), ("Mumbai,India", "Mumbai, India"), ("Software Engineer, Google", "")],
)
def test_location_is_read_from_the_header_only_when_it_is_a_place(header, location):
    assert parse_resume_text(f"Ada Lovelace\n{header}\n\nSKILLS\nPython")["location"] == location


@pytest.mark.parametrize(("relative", "label"), [(relative, label) for relative, label, _ in resume_quality.REAL_FILES])
def test_every_real_pdf_and_docx_gives_a_name_an_email_and_a_job(relative, label):
    """The import floor on the workplace's real CVs: name, e-mail (when the file has one) and at least
    one job with both title and company."""
    check = resume_quality.import_check(resume_quality.DATA / relative)
    assert check["name"], label
    assert check["email"] in (True, None), label
    assert check["job"], label


def test_single_line_exports_keep_most_names_companies_and_titles():
    scores = resume_quality.indeed_scores()
    assert scores["names"][0] >= 0.7 * scores["names"][1]
    assert scores["companies"][0] >= 0.75 * scores["companies"][1]
    assert scores["a job"][0] >= 0.85 * scores["a job"][1]
