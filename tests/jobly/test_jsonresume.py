"""JSON Resume import and export keep every section the schema has and the Profile stores."""

import json

import pytest

from jobly.jsonresume import profile_fields_from_json_resume, profile_to_json_resume
from jobly.profiles import services
from jobly.writers import candidate_from_profile_fields
from tests.factories import UserFactory
from tests.jobly.profiles.conftest import DATA

pytestmark = pytest.mark.django_db

SECTIONS = ("work", "education", "projects", "volunteer", "publications", "awards", "interests", "references", "languages")


def _document(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _round_trip(document):
    profile = services.import_json_resume(owner=UserFactory(), document=document, name="Imported")
    profile.refresh_from_db()
    exported = profile_to_json_resume(profile)
    services.validate_json_resume(exported)
    return profile, exported


@pytest.mark.parametrize("name", ["sample.resume.json", "senior-engineer.resume.json", "new-grad.resume.json"])
def test_every_section_survives_import_and_export(name):
    document = _document(name)
    _, exported = _round_trip(document)
    for section in SECTIONS:
        assert len(exported.get(section, [])) == len(document.get(section) or []), section
    for original, back in zip(document.get("projects") or [], exported["projects"], strict=True):
        assert back["name"] == original["name"]
        assert back.get("highlights", []) == original.get("highlights", [])
        assert back.get("keywords", []) == original.get("keywords", [])
        assert back.get("url") == original.get("url")
    for original, back in zip(document.get("education") or [], exported["education"], strict=True):
        assert back.get("courses", []) == original.get("courses", [])
        assert back.get("score", "") == original.get("score", "")
        assert back.get("url") == original.get("url")
    for original, back in zip(document.get("work") or [], exported["work"], strict=True):
        assert back.get("url") == original.get("url")
    for section, keys in (("volunteer", ("organization", "position", "summary", "highlights")),
                          ("publications", ("name", "publisher", "releaseDate", "summary")),
                          ("awards", ("title", "awarder", "date", "summary")), ("interests", ("name", "keywords")),
                          ("references", ("name", "reference"))):
        for original, back in zip(document.get(section) or [], exported[section], strict=True):
            assert {key: back.get(key) for key in keys if key in original} == {key: original[key] for key in keys if key in original}


def test_skill_groups_keep_their_names_and_come_back_as_groups():
    document = _document("sample.resume.json")
    profile, exported = _round_trip(document)
    assert {skill["group"] for skill in profile.skills} == {group["name"] for group in document["skills"]}
    assert [(g["name"], g["keywords"]) for g in exported["skills"]] == [(g["name"], g["keywords"]) for g in document["skills"]]


def test_a_profile_without_a_url_keeps_its_username_and_never_makes_it_a_url():
    document = {"basics": {"name": "Ada", "profiles": [{"network": "GitHub", "username": "ada-l"},
                                                        {"network": "Mastodon", "username": "ada", "url": ""}]}}
    fields = profile_fields_from_json_resume(document)
    assert fields["links"] == [{"label": "GitHub", "url": "", "username": "ada-l"},
                               {"label": "Mastodon", "url": "", "username": "ada"}]
    _, exported = _round_trip(document)
    assert exported["basics"]["profiles"] == [{"network": "GitHub", "username": "ada-l"},
                                              {"network": "Mastodon", "username": "ada"}]


def test_website_goes_back_to_basics_url():
    _, exported = _round_trip(_document("sample.resume.json"))
    assert exported["basics"]["url"] == "http://richardhendricks.example.com"
    assert all(item.get("network") != "Website" for item in exported["basics"]["profiles"])


def test_tailoring_can_cite_project_highlights():
    fields = profile_fields_from_json_resume(_document("sample.resume.json"))
    candidate = candidate_from_profile_fields(fields)
    items = candidate.items()
    assert items["/projects/0"].text.startswith("Miss Direction")
    assert items["/projects/0/highlights/1"].text == fields["projects"][0]["highlights"][1]
    assert "Won award at AIHacks 2016" in candidate.profile_source().text
