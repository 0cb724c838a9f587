"""Reading postings: sections as job boards write them, requirements, emphasis."""

from interviews.planning import posting_snapshot
from interviews.planning.posting_text import (
    PREFERRED, REQUIRED, RESPONSIBILITIES, skill_emphasis, split_requirements, split_sections,
)


def kinds(text):
    return [(section.kind, section.heading) for section in split_sections(text)]


def test_headings_with_emoji_colons_and_question_marks_are_recognised():
    text = "About us\nWe make tools.\n💻 What you'll do:\nBuild APIs\nNice to have (not required)\nGo\nWhy work for us?\nFun"
    assert kinds(text) == [("company", "About us"), (RESPONSIBILITIES, "💻 What you'll do"),
                           (PREFERRED, "Nice to have (not required)"), ("benefits", "Why work for us?")]


def test_a_sentence_that_starts_like_a_heading_is_not_one():
    text = "Requirements\nYou will own the billing roadmap\nYou have shipped Python services"
    assert [section.kind for section in split_sections(text)] == [REQUIRED]


def test_a_plus_inside_requirements_is_nice_to_have():
    required, nice, has_sections = split_requirements("Requirements\nPython and SQL\nKubernetes is a plus")
    assert (required, nice, has_sections) == (["Python", "SQL"], ["Kubernetes"], True)


def test_most_real_board_postings_have_a_recognised_requirements_or_responsibilities_section(board_postings):
    with_sections = [p for p in board_postings
                     if any(s.kind in (REQUIRED, PREFERRED, RESPONSIBILITIES) for s in split_sections(p.description_text))]
    assert len(with_sections) >= 0.7 * len(board_postings)


def test_required_skills_outweigh_nice_to_have_and_title_skills_weigh_more():
    posting = posting_snapshot(title="Python Developer", description_text=(
        "Requirements\nPython services in production\nSQL\nNice to have\nRust\nGo"))
    emphasis = skill_emphasis(posting)
    assert list(emphasis)[0] == "Python" and emphasis["Python"].in_title
    assert emphasis["SQL"].weight > emphasis["Rust"].weight
    assert emphasis["Rust"].tier == "nice"


def test_responsibilities_never_quote_an_intro_paragraph_or_a_field_line():
    from interviews.planning.posting_text import responsibilities

    board = posting_snapshot(title="Dev", description_text=(
        "Headquarters: 151 Main Street, Toronto\nURL: https://example.com\nWe are a remote-first company building tools.\n"
        "What your work will focus on\nDesign the public API for event check-in\nVisit https://example.com/jobs to apply"))
    assert responsibilities(board) == ["Design the public API for event check-in"]
    pasted = posting_snapshot(title="Dev", description_text="Maintain the billing service\nHeadquarters: Berlin\nOn call")
    assert responsibilities(pasted) == ["Maintain the billing service"]
