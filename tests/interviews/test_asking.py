"""Questions to ask the interviewer, built from what the posting says."""

from interviews.planning import posting_snapshot
from interviews.planning.asking import questions_to_ask
from interviews.planning.gaps import find_gaps


def test_quoted_lines_come_from_the_posting_and_no_placeholder_is_left(all_postings, profile, bank):
    for posting in all_postings:
        items = questions_to_ask(posting=posting, gaps=find_gaps(posting=posting, profile=profile, bank=bank), bank=bank)
        assert items
        for item in items:
            assert "{" not in item.question and "}" not in item.question
            if item.basis.startswith('posting: "'):
                quoted = item.basis[len('posting: "'):-1].rstrip("…")
                assert " ".join(quoted.split()) in " ".join(posting.description_text.split()), item.basis


def test_the_location_question_follows_the_remote_type(bank):
    asked = {}
    for remote_type in ("remote", "hybrid", "onsite", "unknown"):
        posting = posting_snapshot(title="Dev", company="Acme", location="Lisbon", remote_type=remote_type)
        asked[remote_type] = next(i.question for i in questions_to_ask(posting=posting, gaps=[], bank=bank)
                                  if i.topic == "location")
    assert "time zones" in asked["remote"]
    assert "in Lisbon" in asked["hybrid"] and "in Lisbon" in asked["onsite"]
    assert "does not say where" in asked["unknown"]


def test_the_team_line_and_a_gap_are_used(bank, profile):
    posting = posting_snapshot(title="Platform Engineer", company="Acme", description_text=(
        "About the team\nThe platform team runs the deploy pipeline for 40 product teams.\n"
        "Requirements\nKubernetes in production\nPython"))
    gaps = find_gaps(posting=posting, profile=profile, bank=bank)
    questions = {item.topic: item for item in questions_to_ask(posting=posting, gaps=gaps, bank=bank)}
    assert "The platform team runs the deploy pipeline for 40 product teams" in questions["team"].question
    assert any("Kubernetes" in item.question for item in questions_to_ask(posting=posting, gaps=gaps, bank=bank))


def test_languages_and_soft_skills_are_not_asked_about_as_skills(bank, profile):
    posting = posting_snapshot(title="Dev", company="Acme", required_skills=["English", "German", "Communication", "Go"])
    gaps = find_gaps(posting=posting, profile=profile, bank=bank)
    skills = [item.question for item in questions_to_ask(posting=posting, gaps=gaps, bank=bank) if item.topic == "skills"]
    assert skills == ["How does the team help someone get up to speed with Go?"]
