"""Gaps: exactly the required skills the profile lacks, with honest advice."""

from interviews.planning import posting_snapshot
from interviews.planning.gaps import find_gaps


def test_gaps_are_exactly_the_required_skills_the_profile_lacks(all_postings, profile, bank):
    for posting in all_postings:
        gaps = find_gaps(posting=posting, profile=profile, bank=bank)
        expected = [skill for skill in posting.required_skills if skill not in profile.skill_names]
        assert [gap.skill for gap in gaps] == expected, posting.title


def test_a_known_posting_gives_the_known_gaps(google_postings, profile, bank):
    posting = next(p for p in google_postings if p.title.startswith("Cloud Integration"))
    assert posting.required_skills == ("Java", "Python", "Back-end development", "Amazon Web Services",
                                       "Microsoft Azure", "Google Cloud Platform")
    gaps = {gap.skill: gap for gap in find_gaps(posting=posting, profile=profile, bank=bank)}
    assert list(gaps) == ["Java", "Microsoft Azure", "Google Cloud Platform"]
    assert gaps["Google Cloud Platform"].adjacent[0].skill == "Amazon Web Services"
    assert gaps["Google Cloud Platform"].adjacent[0].close
    assert "Amazon Web Services (1 years)" in gaps["Google Cloud Platform"].talking_point
    assert gaps["Google Cloud Platform"].learning_steps[0].startswith("Open a free-tier Google Cloud project")
    assert gaps["Microsoft Azure"].learning_steps == (
        "Open a free-tier account on Microsoft Azure (or the provider it belongs to), deploy a small app, "
        "and note the concepts that map to what you already know.",)


def test_adjacent_skills_are_ones_the_candidate_has(all_postings, profile, bank):
    for posting in all_postings:
        for gap in find_gaps(posting=posting, profile=profile, bank=bank):
            assert all(adjacent.skill in profile.skill_names for adjacent in gap.adjacent)
            assert gap.learning_steps and gap.talking_point


def test_soft_skills_and_languages_get_advice_of_their_kind(profile, bank):
    posting = posting_snapshot(title="Analyst", required_skills=["Leadership", "German", "Kubernetes"])
    gaps = {gap.skill: gap for gap in find_gaps(posting=posting, profile=profile, bank=bank)}
    assert "Choose a story" in gaps["Leadership"].talking_point and not gaps["Leadership"].adjacent
    assert "say so plainly" in gaps["German"].talking_point and not gaps["German"].adjacent
    assert "Docker" in {a.skill for a in gaps["Kubernetes"].adjacent}


def test_no_gaps_when_the_profile_shows_every_required_skill(profile, bank):
    posting = posting_snapshot(title="Dev", required_skills=["Python", "SQL", "Django"])
    assert find_gaps(posting=posting, profile=profile, bank=bank) == []
