"""Behavioural questions with STAR outlines built from one real bullet, adding no facts."""

import re

import pytest

from interviews.planning import profile_snapshot
from interviews.planning.stories import build_star, select_behavioural, split_bullet

NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def outline_texts(star):
    parts = [star[key] for key in ("situation", "task", "action", "result")]
    return [part["from_profile"] for part in parts] + [part["prompt"] for part in parts] + list(star["prepare"])


@pytest.mark.parametrize("seed", [0, 5])
def test_every_outline_cites_a_real_bullet_and_adds_no_number_or_employer(all_postings, profile, bank, seed):
    companies = {item.company for item in profile.experience}
    for posting in all_postings:
        for item in select_behavioural(posting=posting, profile=profile, bank=bank, count=6, seed=seed):
            star = item.to_dict()["star"]
            found = profile.find_bullet(star["bullet_id"])
            assert found, star["bullet_id"]
            experience, bullet = found
            assert star["experience_id"] == experience.id and star["bullet_text"] == bullet.text
            source = f"{bullet.text} {experience.title} {experience.company} {experience.start} {experience.end}"
            texts = outline_texts(star)
            assert set(NUMBER.findall(" ".join(texts))) <= set(NUMBER.findall(source))
            for other in companies - {experience.company}:
                assert all(other not in text for text in texts), other
            assert star["situation"]["from_profile"].startswith(f"{experience.title} at {experience.company}")
            for key in ("task", "action", "result"):
                assert star[key]["from_profile"] in bullet.text  # verbatim fragments only


def test_no_bullet_is_used_twice_and_competencies_differ(google_postings, profile, bank):
    items = select_behavioural(posting=google_postings[0], profile=profile, bank=bank, count=6)
    assert len(items) == 6
    assert len({item.star.bullet_id for item in items}) == 6
    assert len({item.question.competency for item in items}) == 6


def test_more_questions_than_bullets_leaves_the_rest_without_an_outline(google_postings, bank):
    profile = profile_snapshot(experience=[{"company": "Acme", "title": "Dev", "bullets": ["Shipped the search page"]}])
    items = select_behavioural(posting=google_postings[0], profile=profile, bank=bank, count=3)
    assert [item.star is not None for item in items] == [True, False, False]


def test_a_bullet_without_a_result_says_what_to_prepare_instead(profile):
    item, bullet = next((i, b) for i, b in profile.bullets() if b.text.startswith("Mentored"))
    star = build_star(item, bullet)
    assert not star.result_stated and star.result.from_profile == ""
    assert "Do not invent a number" in star.result.prompt
    assert star.prepare


def test_a_result_without_a_measure_asks_for_one_and_never_supplies_it(profile):
    item, bullet = next((i, b) for i, b in profile.bullets() if b.text.startswith("Negotiated"))
    star = build_star(item, bullet)
    assert star.result.from_profile == "which allowed same-day payouts"
    assert any("do not estimate a figure" in step for step in star.prepare)


@pytest.mark.parametrize("bullet, expected", [
    ("Migrated the billing service from cron jobs to Celery, cutting failed invoice runs from 12 a month to 1.",
     ("Migrated the billing service from cron jobs to Celery", "cutting failed invoice runs from 12 a month to 1", "")),
    ("Reduced test suite time by 40% by running tests in parallel",
     ("by running tests in parallel", "Reduced test suite time by 40%", "")),
    ("Built an internal reporting dashboard in Django to replace weekly spreadsheet reports",
     ("Built an internal reporting dashboard in Django", "", "to replace weekly spreadsheet reports")),
    ("Mentored two junior developers", ("Mentored two junior developers", "", "")),
])
def test_bullets_split_into_action_result_and_purpose(bullet, expected):
    assert split_bullet(bullet) == expected


def test_competencies_follow_the_posting_words(bank, profile):
    from interviews.planning import posting_snapshot

    posting = posting_snapshot(title="Engineer", description_text=(
        "You will mentor engineers and lead the team. Leadership matters; you will coach and manage."))
    first = select_behavioural(posting=posting, profile=profile, bank=bank, count=1)[0]
    assert first.question.competency == "leadership"
    assert first.star.bullet_text.startswith("Mentored")


def test_bullets_go_to_the_competency_they_fit_best_not_the_first_asked(bank, profile):
    from interviews.planning import posting_snapshot

    posting = posting_snapshot(title="Engineer", description_text=(
        "Ownership: you own services end-to-end. We learn from every incident and outage, and iterate."))
    items = {item.question.competency: item for item in select_behavioural(posting=posting, profile=profile, bank=bank, count=2)}
    assert set(items) == {"ownership", "failure"}
    assert items["failure"].star.bullet_text.startswith("Led the incident review")
