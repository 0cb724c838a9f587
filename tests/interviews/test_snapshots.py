"""Profile and posting snapshots built from the shapes Profile and Job store."""

from interviews.planning import posting_snapshot, profile_snapshot
from interviews.planning.snapshots import JUNIOR, MID, SENIOR, skill_rank


def test_skill_names_are_canonical_and_languages_count_as_skills(profile):
    assert {"Python", "PostgreSQL", "Git", "English", "Dutch"} <= profile.skill_names
    assert profile.claims["Python"].years == 6


def test_skills_named_only_in_experience_or_implied_by_others_count(profile):
    assert {"Celery", "Django"} <= set(profile.evidenced_skills)  # named in bullets, not listed as skills
    assert {"Back-end development", "Software development", "SQL"} <= profile.skill_names  # implied
    assert profile.rank_for("SQL") == profile.rank_for("PostgreSQL")
    assert profile.rank_for("Kubernetes") == 0


def test_levels_read_from_words_first_then_years():
    assert skill_rank("Advanced") == SENIOR
    assert skill_rank("beginner", 10) == JUNIOR
    assert skill_rank("", 0.5) == JUNIOR
    assert skill_rank("", 3) == MID
    assert skill_rank("", 7) == SENIOR
    assert skill_rank("", None) == MID


def test_bullet_ids_survive_reordering_and_change_when_the_text_changes(profile_data):
    first = profile_snapshot(**profile_data)
    reordered = dict(profile_data, experience=list(reversed(profile_data["experience"])))
    second = profile_snapshot(**reordered)
    assert {b.id for _, b in first.bullets()} == {b.id for _, b in second.bullets()}
    edited = dict(profile_data, experience=[dict(profile_data["experience"][0], bullets=["Rewrote the bullet"])])
    assert not {b.id for _, b in profile_snapshot(**edited).bullets()} & {b.id for _, b in first.bullets()}


def test_given_ids_are_kept_and_empty_bullets_dropped():
    snapshot = profile_snapshot(experience=[{"id": "x1", "company": "Acme", "title": "Dev",
                                             "bullets": [{"id": "b7", "text": "Shipped it"}, "  ", ""]}])
    assert [(item.id, [b.id for b in item.bullets]) for item in snapshot.experience] == [("x1", ["b7"])]


def test_google_postings_split_minimum_from_preferred_qualifications(google_postings):
    front_end = next(p for p in google_postings if p.title == "Front End Software Engineer")
    assert front_end.required_skills == ("Software development", "JSP", "ASP.NET", "C", "C++", "Java", "JavaScript")
    assert front_end.nice_to_have_skills == ("AJAX", "HTML", "CSS", "UI design")
    assert not front_end.requirements_inferred


def test_without_a_requirements_section_the_job_skills_count_as_required():
    posting = posting_snapshot(title="Senior Go Developer", description_text="We build payment APIs in Go and PostgreSQL.",
                               skills=["Go", "PostgreSQL"])
    assert posting.requirements_inferred
    assert set(posting.required_skills) == {"Go", "PostgreSQL"}
    assert posting.level == SENIOR


def test_explicit_lists_win_and_are_normalised():
    posting = posting_snapshot(title="Intern", required_skills=["postgres", "python"], nice_to_have_skills=["Python", "k8s"])
    assert posting.required_skills == ("PostgreSQL", "Python")
    assert posting.nice_to_have_skills == ("Kubernetes",)
    assert posting.level == JUNIOR
